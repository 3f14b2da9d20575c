using ModelService.Models;
using ModelService.Services;
using OpenAI.Chat;
using OpenAI.Moderations;

namespace ModelService.Endpoints;

public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        // Safe: no model behind it.
        api.MapGet("/health", () => "ok");

        // The handler reaches PredictionEngine.Predict through ChurnModel, and nothing authorizes the endpoint or /api.
        api.MapPost("/churn", (ChurnInput input, ChurnModel model) => model.Predict(input)); // MLSEC010: expected

        api.MapPost("/assistant", async (Question question, AssistantService assistant, CancellationToken cancellationToken) => // MLSEC010: expected
            new Answer(await assistant.AskAsync(question.Text, cancellationToken)));

        // Safe: requires an authenticated caller.
        api.MapPost("/reports/summary", async (Question report, ReportSummarizer summarizer, CancellationToken cancellationToken) =>
            new Answer(await summarizer.SummarizeAsync(report.Text, cancellationToken)))
            .RequireAuthorization();

        api.MapPost("/feedback", async (Feedback feedback, ModerationClient moderation, FeedbackClassifier classifier, CancellationToken cancellationToken) =>
        {
            ModerationResult check = await moderation.ClassifyTextAsync(feedback.Text, cancellationToken);
            if (check.Flagged)
                return Results.UnprocessableEntity();

            return Results.Ok(new FeedbackReceipt(await classifier.ClassifyAsync(feedback.Text, cancellationToken)));
        });

        // Internal triage of support tickets on a local model: nothing leaves the machine, but anyone who reaches the
        // service can still run the model.
        api.MapPost("/tickets/triage", async (Question ticket, [FromKeyedServices("local")] ChatClient local, CancellationToken cancellationToken) => // MLSEC010: expected
        {
            ChatCompletion completion = await local.CompleteChatAsync(
                [new SystemChatMessage("Answer with one word: billing, outage, account or other."), new UserChatMessage(ticket.Text)],
                cancellationToken: cancellationToken);
            return new Answer(completion.Content[0].Text.Trim());
        });

        return routes;
    }
}

public sealed record Question(string Text);

public sealed record Answer(string Text);

public sealed record Feedback(string Text);

public sealed record FeedbackReceipt(string Sentiment);
