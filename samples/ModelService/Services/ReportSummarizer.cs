using System.ClientModel;
using Azure.AI.OpenAI;
using OpenAI.Chat;

namespace ModelService.Services;

/// <summary>Summarises churn reports with an Azure OpenAI deployment.</summary>
public sealed class ReportSummarizer
{
    private readonly ChatClient _chat;

    public ReportSummarizer(IConfiguration configuration)
    {
        var endpoint = new Uri(configuration["AzureOpenAI:Endpoint"] ?? "https://contoso-reports.openai.azure.com/");
        var client = new AzureOpenAIClient(endpoint, new ApiKeyCredential("c89778fb61672223b30c09cba517366c")); // MLSEC001: expected
        _chat = client.GetChatClient(configuration["AzureOpenAI:Deployment"] ?? "reports");
    }

    public async Task<string> SummarizeAsync(string report, CancellationToken cancellationToken)
    {
        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Summarise:\n" + report)], cancellationToken: cancellationToken);
        return completion.Content[0].Text;
    }
}
