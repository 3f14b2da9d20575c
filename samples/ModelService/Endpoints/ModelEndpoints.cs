using ModelService.Models;
using ModelService.Services;

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

        return routes;
    }
}

public sealed record Question(string Text);

public sealed record Answer(string Text);
