using System.Net.Http.Json;

namespace ModelService.Services;

/// <summary>Classifies the sentiment of customer feedback with a model hosted on a Hugging Face Inference Endpoint.</summary>
public sealed class FeedbackClassifier
{
    // Copied from the endpoint's "Call" snippet on the Hugging Face website.
    private const string HuggingFaceToken = "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"; // MLSEC001: expected

    private readonly HttpClient _http;

    public FeedbackClassifier(HttpClient http)
    {
        _http = http;
        _http.BaseAddress = new Uri("https://sentiment-contoso.us-east-1.aws.endpoints.huggingface.cloud/");
        _http.DefaultRequestHeaders.Add("Authorization", $"Bearer {HuggingFaceToken}");
    }

    public async Task<string> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(string.Empty, new { inputs = text }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var labels = await response.Content.ReadFromJsonAsync<SentimentLabel[]>(cancellationToken) ?? [];
        return labels.OrderByDescending(label => label.Score).FirstOrDefault()?.Label ?? "unknown";
    }

    private sealed record SentimentLabel(string Label, double Score);
}
