using OpenAI.Chat;

namespace ModelService.Services;

/// <summary>Answers support questions with an OpenAI chat model, grounded in help-centre articles.</summary>
public sealed class AssistantService(KnowledgeBaseSearch knowledgeBase)
{
    // Pasted in while prototyping and never removed.
    private const string OpenAIKey = "sk-proj-dHu4xGAoZYX7j3sDOvWGp4fMeRXtT3BlbkFJm1ChHO4paaanVKyFqV9nOMbBJL2Y"; // MLSEC001: expected

    // Safe: documentation for whoever configures the service; it reaches no client.
    public const string KeyHint = "<your-openai-api-key>";

    private readonly ChatClient _chat = new("gpt-4o-mini", OpenAIKey);

    public async Task<string> AskAsync(string question, CancellationToken cancellationToken)
    {
        var articles = await knowledgeBase.SearchAsync(question, cancellationToken);
        var context = string.Join("\n\n", articles.Select(article => $"## {article.Title}\n{article.Content}"));

        ChatCompletion completion = await _chat.CompleteChatAsync(
            [
                new SystemChatMessage("You answer questions about our billing plans, using only these articles:\n\n" + context),
                new UserChatMessage(question),
            ],
            cancellationToken: cancellationToken);
        return completion.Content[0].Text;
    }
}
