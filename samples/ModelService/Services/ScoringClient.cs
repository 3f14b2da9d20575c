namespace ModelService.Services;

/// <summary>Calls the batch-scoring function and the embeddings gateway over plain HTTP.</summary>
public sealed class ScoringClient(HttpClient http)
{
    private static readonly string GatewayKey = "dcf1ba1cde11df51cf198d4af1124d30"; // MLSEC001: expected

    private const string BatchScoringUrl = "https://contoso-ml.azurewebsites.net/api/score-batch?code=32ENSWfWtJt7FxWz8qZ8iPcrmrZ5kAEhcK7fErVh4suELEDhrzhEdf=="; // MLSEC003: expected

    public async Task<string> ScoreBatchAsync(string csv, CancellationToken cancellationToken)
    {
        using var content = new StringContent(csv);
        using var response = await http.PostAsync(BatchScoringUrl, content, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<string> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://gateway.contoso.com/embeddings");
        request.Headers.Add("api-key", GatewayKey);
        request.Content = new StringContent(text);
        using var response = await http.SendAsync(request, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<string> HealthAsync(CancellationToken cancellationToken)
    {
        // Safe: the key is read from the environment at run time.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://gateway.contoso.com/health");
        request.Headers.Add("api-key", Environment.GetEnvironmentVariable("GATEWAY_API_KEY"));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode.ToString();
    }
}
