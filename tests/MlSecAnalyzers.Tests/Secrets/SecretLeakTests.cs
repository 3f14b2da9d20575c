using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>Build logs and SARIF files are uploaded to CI dashboards: no diagnostic may carry any part of a secret.</summary>
public sealed class SecretLeakTests
{
    private const int LongestAllowedOverlap = 5;

    [Fact]
    public async Task MLSEC001_NoMessageOrPropertyContainsAnyPartOfTheSecret()
    {
        var secrets = new[] { TestKeys.AzureHex, TestKeys.OpenAI, TestKeys.Anthropic, TestKeys.Google, TestKeys.GenericSk };
        var source = $$"""
            using System;
            using System.ClientModel;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using Anthropic;
            using Azure;
            using Azure.AI.Inference;
            using OpenAI;
            using OpenAI.Chat;

            var http = new HttpClient();
            http.DefaultRequestHeaders.Add("api-key", "{{TestKeys.AzureHex}}");
            http.DefaultRequestHeaders.Add("x-goog-api-key", "{{TestKeys.Google}}");
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer {{TestKeys.GenericSk}}");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Generic);
            var openai = new OpenAIClient(new ApiKeyCredential(Keys.OpenAI));
            var chat = new ChatClient("gpt-4o", $"{Keys.Generic}");
            var anthropic = new AnthropicClient { ApiKey = "{{TestKeys.Anthropic}}" };
            var inference = new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential(Keys.Hex));
            var anywhere = new Dictionary<string, string> { ["k"] = "{{TestKeys.OpenAI}}", ["a"] = "{{TestKeys.Anthropic}}" };

            static class Keys
            {
                public const string OpenAI = "{{TestKeys.OpenAI}}";
                public static readonly string Generic = "{{TestKeys.GenericSk}}";
                public static string Hex { get; } = "{{TestKeys.AzureHex}}";
            }
            """;

        var diagnostics = await AnalyzerRunner.RunAsync(new[] { ("/0/Program.cs", source) });

        Assert.True(diagnostics.Count(d => d.Id == "MLSEC001") >= 9, "expected every secret above to be reported:\n" + string.Join("\n", diagnostics));
        foreach (var diagnostic in diagnostics)
        {
            var texts = new List<string> { diagnostic.GetMessage(), diagnostic.Descriptor.Title.ToString(), diagnostic.Descriptor.Description.ToString() };
            texts.AddRange(diagnostic.Properties.Values.Where(v => v is not null)!);
            foreach (var text in texts)
            {
                foreach (var secret in secrets)
                    Assert.False(SharesRun(text, secret), $"'{text}' carries part of a secret");
            }
        }
    }

    /// <summary>True when <paramref name="text"/> contains a run of more than <see cref="LongestAllowedOverlap"/> characters of <paramref name="secret"/>.</summary>
    private static bool SharesRun(string text, string secret)
    {
        for (var i = 0; i + LongestAllowedOverlap < secret.Length; i++)
        {
            if (text.Contains(secret.Substring(i, LongestAllowedOverlap + 1)))
                return true;
        }

        return false;
    }
}
