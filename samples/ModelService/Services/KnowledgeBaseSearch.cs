using System.Net.Http.Json;
using OpenAI.Embeddings;

namespace ModelService.Services;

/// <summary>Finds help-centre articles for the assistant: hybrid (text + vector) search in an Azure AI Search index over REST.</summary>
public sealed class KnowledgeBaseSearch
{
    // The search service's query key, "temporarily" inlined while the Key Vault reference was broken.
    private static readonly string SearchApiKey = "A0H0BurVleJZpfWrQO8SFndKDCXsRGecJjc3j9GhV5qxQt4MFtyP"; // MLSEC001: expected

    private readonly HttpClient _http;
    private readonly EmbeddingClient _embeddings;

    public KnowledgeBaseSearch(HttpClient http, EmbeddingClient embeddings)
    {
        _http = http;
        _http.BaseAddress = new Uri("https://contoso-help.search.windows.net/");
        _http.DefaultRequestHeaders.Add("api-key", SearchApiKey);
        _embeddings = embeddings;
    }

    public async Task<IReadOnlyList<Article>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        OpenAIEmbedding embedding = await _embeddings.GenerateEmbeddingAsync(query, cancellationToken: cancellationToken);
        var request = new
        {
            search = query,
            top = 3,
            select = "title,content",
            vectorQueries = new[] { new { kind = "vector", vector = embedding.ToFloats().ToArray(), fields = "contentVector", k = 3 } },
        };

        using var response = await _http.PostAsJsonAsync("indexes/help-articles/docs/search?api-version=2024-07-01", request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<SearchResponse>(cancellationToken);
        return result?.Value ?? [];
    }

    private sealed record SearchResponse(Article[] Value);
}

public sealed record Article(string Title, string Content);
