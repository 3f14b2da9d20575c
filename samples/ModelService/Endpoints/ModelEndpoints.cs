using ModelService.Models;
using ModelService.Services;

namespace ModelService.Endpoints;

public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        api.MapPost("/churn", (ChurnInput input, ChurnModel model) => model.Predict(input));

        api.MapPost("/assistant", async (Question question, AssistantService assistant, CancellationToken cancellationToken) =>
            new Answer(await assistant.AskAsync(question.Text, cancellationToken)));

        api.MapPost("/reports/summary", async (Question report, ReportSummarizer summarizer, CancellationToken cancellationToken) =>
            new Answer(await summarizer.SummarizeAsync(report.Text, cancellationToken)));

        return routes;
    }
}

public sealed record Question(string Text);

public sealed record Answer(string Text);
