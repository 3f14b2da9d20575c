using System.ClientModel;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using OpenAI.Chat;

var configuration = new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .Build();

// Wrong for an app on users' machines: the key is read from configuration, but the configuration ships with the app.
var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential(configuration["OpenAI:ApiKey"] ?? string.Empty)); // MLSEC002: expected
Console.WriteLine(chat.GetType().Name);

// Right: call our own backend with the signed-in user's token; only the backend holds the model key.
using var backend = new HttpClient { BaseAddress = new Uri(configuration["Backend:BaseAddress"] ?? "https://localhost/") };
backend.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync());
Console.WriteLine(backend.BaseAddress);

static Task<string> SignInAsync() => Task.FromResult(Environment.GetEnvironmentVariable("ASSISTANT_USER_TOKEN") ?? string.Empty);

internal sealed record AskRequest(string Question);

internal static class BackendCalls
{
    public static async Task<string?> AskAsync(HttpClient backend, string question)
    {
        using var response = await backend.PostAsJsonAsync("api/assistant", new AskRequest(question));
        return await response.Content.ReadAsStringAsync();
    }
}
