using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.CodeFixes;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Endpoints.ModelEndpointExposureAnalyzer>;
using VerifyFix = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.Endpoints.ModelEndpointExposureAnalyzer,
    MlSecAnalyzers.CodeFixes.Endpoints.RequireRateLimitingFixer>;

namespace MlSecAnalyzers.Tests.Endpoints;

public sealed class MLSEC011ModelEndpointWithoutRateLimitingTests
{
    private const string Usings = """
        using System;
        using System.Threading.RateLimiting;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        """;

    private const string Types = """
        app.Run();

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """;

    private static string Program(string services, string body) => Usings + """
        var builder = WebApplication.CreateBuilder(args);

        """ + services + """

        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;

        """ + body + "\n" + Types;

    private static DiagnosticResult NoLimit(int location, string endpoint, string call = "PredictionEngine.Predict", bool disabled = false) =>
        Verify.Diagnostic(Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting).WithLocation(location)
            .WithArguments(endpoint, call, disabled ? "rate limiting is disabled on it" : "no rate-limiting policy reaches it");

    [Fact]
    public Task Flags_EndpointWithoutRateLimiting() => Verify.VerifyAnalyzerAsync(Program("", """
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).RequireAuthorization();
        app.MapGet("/health", () => "ok");
        """), NoLimit(0, "POST /predict"));

    [Fact]
    public Task Flags_DisableRateLimitingEvenUnderGlobalLimiter() => Verify.VerifyAnalyzerAsync(Program("""
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<Microsoft.AspNetCore.Http.HttpContext, string>(
            _ => RateLimitPartition.GetNoLimiter("all")));
        """, """
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).DisableRateLimiting();
        app.{|#1:MapPost|}("/attr", [DisableRateLimiting] (Input input) => engine.Predict(input));
        """), NoLimit(0, "POST /predict", disabled: true), NoLimit(1, "POST /attr", disabled: true));

    // The shape of the public ML.NET minimal-API samples: the handler is a lambda held in a local.
    [Fact]
    public Task Flags_HandlerHeldInLocalDelegate()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(Usings + """
            using System.Threading.Tasks;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddPredictionEnginePool<In, Out>().FromFile("sentiment_model.zip");
            var app = builder.Build();
            var predictionHandler = async (PredictionEnginePool<In, Out> pool, In input) => await Task.FromResult(pool.Predict(input));
            app.{|#0:MapPost|}("/predict", predictionHandler).RequireAuthorization();
            app.Run();

            public class In { public string Text { get; set; } = ""; }
            public class Out { public bool Prediction { get; set; } }
            """);
        test.TestState.Sources.Add((MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Path, MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Source));
        test.ExpectedDiagnostics.Add(NoLimit(0, "POST /predict", "PredictionEnginePool.Predict"));
        return test.RunAsync();
    }

    // A class only named like a controller (no ControllerBase, no [Controller]) in an app without MVC is a service,
    // not a controller: only the rate-limited endpoint that uses it is a model endpoint.
    [Fact]
    public Task NoDiagnostic_NameOnlyControllerWithoutMvc() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ConversationController>();
        var app = builder.Build();
        app.MapPost("/ask", (ConversationController c, string q) => c.AskAsync(q)).RequireAuthorization().RequireRateLimiting("chat");
        app.Run();

        public sealed class ConversationController(IChatClient chat)
        {
            public async Task<string> AskAsync(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Fact]
    public Task Flags_ControllerWithDisableRateLimiting() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using OpenAI.Chat;

        [EnableRateLimiting("chat")]
        public class ChatController(ChatClient client) : ControllerBase
        {
            [DisableRateLimiting]
            public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, NoLimit(0, "ChatController.Ask", "ChatClient.CompleteChat", disabled: true));

    [Fact]
    public Task Flags_MapControllersDisableRateLimitingOverControllerLimiter() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.MapControllers().DisableRateLimiting();
        app.Run();

        [EnableRateLimiting("chat")]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, NoLimit(0, "ChatController.Ask", "ChatClient.CompleteChat", disabled: true));

    [Fact]
    public Task NoDiagnostic_RateLimitingOnEndpointOrGroup() => Verify.VerifyAnalyzerAsync(Program("", """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).RequireRateLimiting("ml");
        app.MapPost("/attr", [EnableRateLimiting("ml")] (Input input) => engine.Predict(input));
        var api = app.MapGroup("/api").RequireRateLimiting("ml");
        api.MapGroup("/v1").MapPost("/predict", (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task Flags_EndpointReturnedFromHelper_UnlessEveryCallerLimitsIt() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Routing;

        var app = WebApplication.Create(args);
        app.MapScore().RequireRateLimiting("ml").RequireAuthorization();
        app.MapOpenScore().RequireAuthorization();
        app.MapOpenScore().RequireRateLimiting("ml").RequireAuthorization();
        """ + Types + """

        static class ScoreEndpoints
        {
            public static RouteHandlerBuilder MapScore(this IEndpointRouteBuilder routes) =>
                routes.MapPost("/score", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i).Label);

            public static RouteHandlerBuilder MapOpenScore(this IEndpointRouteBuilder routes) =>
                routes.{|#0:MapPost|}("/open", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i).Label);
        }
        """, NoLimit(0, "POST /open"));

    // A local function mapping on the builder it is given: its callers in the declaring body are followed, as for MLSEC010.
    [Fact]
    public Task Flags_LocalFunctionHelperUnlessEveryCallerLimitsIt() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Routing;

        var app = WebApplication.Create(args);
        MapScore(app.MapGroup("/a").RequireRateLimiting("ml").RequireAuthorization());
        MapScore(app.MapGroup("/b").RequireRateLimiting("ml").RequireAuthorization());
        MapOpen(app.MapGroup("/c").RequireRateLimiting("ml").RequireAuthorization());
        MapOpen(app.MapGroup("/d").RequireAuthorization());
        MapDisabled(app.MapGroup("/e").RequireRateLimiting("ml").RequireAuthorization().DisableRateLimiting());

        void MapScore(IEndpointRouteBuilder g) => g.MapPost("/score", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i).Label);

        void MapOpen(IEndpointRouteBuilder g) => g.{|#0:MapPost|}("/open", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i).Label);

        void MapDisabled(IEndpointRouteBuilder g) => g.{|#1:MapPost|}("/disabled", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i).Label);
        """ + Types, NoLimit(0, "POST /open"), NoLimit(1, "POST /disabled", disabled: true));

    // Extension methods of the app that wrap conventions: what the helper applies to its `this` parameter on every path
    // reaches the endpoint, a group or MapControllers().
    private const string ConventionHelpers = """

        public static class EndpointLimits
        {
            public static RouteHandlerBuilder Limited(this RouteHandlerBuilder builder)
            {
                builder.RequireRateLimiting("fixed");
                return builder;
            }

            public static TBuilder Standard<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
                builder.WithMetadata("standard").RequireRateLimiting("fixed");

            public static TBuilder Wrapped<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
            {
                var limited = builder.Standard();
                return limited;
            }

            public static RouteHandlerBuilder LimitedIf(this RouteHandlerBuilder builder, bool limit) =>
                limit ? builder.RequireRateLimiting("fixed") : builder;

            public static RouteHandlerBuilder Unlimited(this RouteHandlerBuilder builder) => builder.DisableRateLimiting();

            public static RouteHandlerBuilder Named(this RouteHandlerBuilder builder) => builder.WithName("named");
        }
        """;

    [Fact]
    public Task NoDiagnostic_ConventionHelperLimits() => Verify.VerifyAnalyzerAsync(Program("", """
        app.MapPost("/limited", (Input input) => engine.Predict(input)).Limited();
        app.MapPost("/generic", (Input input) => engine.Predict(input)).Standard().WithName("generic");
        app.MapPost("/wrapped", (Input input) => engine.Predict(input)).Wrapped();
        app.MapGroup("/group").Standard().MapPost("/predict", (Input input) => engine.Predict(input));
        """) + ConventionHelpers);

    [Fact]
    public Task NoDiagnostic_ConventionHelperOnMapControllers() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.MapControllers().Limited();
        app.Run();

        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        public static class EndpointLimits
        {
            public static TBuilder Limited<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
            {
                builder.RequireRateLimiting("chat");
                return builder;
            }
        }
        """);

    [Fact]
    public Task Flags_ConventionHelperThatDoesNotLimitOnEveryPath() => Verify.VerifyAnalyzerAsync(Program("", """
        app.{|#0:MapPost|}("/named", (Input input) => engine.Predict(input)).Named().RequireAuthorization();
        app.{|#1:MapPost|}("/conditional", (Input input) => engine.Predict(input)).LimitedIf(args.Length > 0);
        app.{|#2:MapPost|}("/unlimited", (Input input) => engine.Predict(input)).Limited().Unlimited();
        """) + ConventionHelpers,
        NoLimit(0, "POST /named"), NoLimit(1, "POST /conditional"), NoLimit(2, "POST /unlimited", disabled: true));

    // A method of the app the builder is passed to (not an extension method) is read the same way, for that parameter.
    [Fact]
    public Task Flags_StaticHelperOnlyWhenItDoesNotLimitOnEveryPath() => Verify.VerifyAnalyzerAsync(Program("", """
        Limits.Apply(app.MapPost("/limited", (Input input) => engine.Predict(input)));
        var group = app.MapGroup("/group");
        Limits.Apply(group);
        group.MapPost("/predict", (Input input) => engine.Predict(input));
        Limits.ApplyIf(args.Length > 0, app.{|#0:MapPost|}("/conditional", (Input input) => engine.Predict(input)));
        Limits.Off(app.{|#1:MapPost|}("/off", (Input input) => engine.Predict(input)).RequireRateLimiting("fixed"));
        """) + """

        public static class Limits
        {
            public static void Apply(IEndpointConventionBuilder builder) => builder.RequireRateLimiting("fixed");

            public static void ApplyIf(bool limit, RouteHandlerBuilder builder)
            {
                if (limit)
                    builder.RequireRateLimiting("fixed");
            }

            public static void Off(RouteHandlerBuilder builder) => builder.DisableRateLimiting();
        }
        """, NoLimit(0, "POST /conditional"), NoLimit(1, "POST /off", disabled: true));

    // A route-builder helper that maps on the group it is given and limits that group in another statement of its body
    // (before or after the Map call); a conditional limit guarantees nothing, a DisableRateLimiting on any path wins.
    [Fact]
    public Task Flags_HelperLimitingItsGroupOnlyWhenNotOnEveryPath() => Verify.VerifyAnalyzerAsync(Program("", """
        app.MapGroup("/limited").MapLimited();
        app.MapGroup("/conditional").MapLimitedIf(args.Length > 0);
        app.MapGroup("/off").MapUnlimited();
        """) + """

        public static class Routes
        {
            public static void MapLimited(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g)
            {
                g.MapPost("/predict", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));
                g.RequireRateLimiting("fixed");
            }

            public static void MapLimitedIf(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g, bool limit)
            {
                if (limit)
                    g.RequireRateLimiting("fixed");
                g.{|#0:MapPost|}("/predict", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));
            }

            public static void MapUnlimited(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g)
            {
                g.RequireRateLimiting("fixed");
                g.DisableRateLimiting();
                g.{|#1:MapPost|}("/predict", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));
            }
        }
        """, NoLimit(0, "POST /predict"), NoLimit(1, "POST /predict", disabled: true));

    [Fact]
    public Task NoDiagnostic_GlobalLimiter() => Verify.VerifyAnalyzerAsync(Program("""
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<Microsoft.AspNetCore.Http.HttpContext, string>(
            _ => RateLimitPartition.GetNoLimiter("all")));
        """, """
        app.MapPost("/predict", (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task NoDiagnostic_EnableRateLimitingOnControllerOrBase() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using OpenAI.Chat;

        [EnableRateLimiting("chat")]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        [EnableRateLimiting("ml")]
        public abstract class LimitedController : ControllerBase { }

        public class SummaryController(ChatClient client) : LimitedController
        {
            public string Summarize(string text) => client.CompleteChat(new UserChatMessage(text)).Value.Content[0].Text;
        }
        """);

    [Fact]
    public Task NoDiagnostic_DecoyEngine() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        var engine = new Contoso.ML.PredictionEngine();
        app.MapPost("/predict", (string input) => engine.Predict(input));
        app.Run();

        namespace Contoso.ML { public class PredictionEngine { public string Predict(string input) => input; } }
        """);

    [Fact]
    public Task Option_InferenceTypesForRateLimiting()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.{|#0:MapPost|}("/score", (Contoso.Scorer scorer, string text) => scorer.Score(text));
            app.Run();

            namespace Contoso { public class Scorer { public float Score(string text) => 0; } }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*]
            mlsec.MLSEC011.inference_types = Contoso.Scorer
            """));
        test.ExpectedDiagnostics.Add(NoLimit(0, "POST /score", "Scorer.Score"));
        return test.RunAsync();
    }

    private const string OnePolicy = """
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("ml", w => { w.PermitLimit = 10; w.Window = TimeSpan.FromSeconds(1); }));
        """;

    [Fact]
    public Task Fix_RequiresTheOnlyRegisteredPolicy() => VerifyFix.VerifyCodeFixAsync(Program(OnePolicy, """
        app.{|MLSEC011:MapPost|}("/predict", (Input input) => engine.Predict(input)).RequireAuthorization();
        app.{|MLSEC011:MapGet|}("/sample", () => engine.Predict(new Input()));
        """), Program(OnePolicy, """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).RequireAuthorization().RequireRateLimiting("ml");
        app.MapGet("/sample", () => engine.Predict(new Input())).RequireRateLimiting("ml");
        """), EquivalenceKeys.RequireRateLimiting);

    // `Add` returns void, so the convention goes before it, on the last call that still returns the builder.
    [Fact]
    public Task Fix_GoesBeforeACallThatReturnsNoBuilder() => VerifyFix.VerifyCodeFixAsync(Program(OnePolicy, """
        app.{|MLSEC011:MapPost|}("/predict", (Input input) => engine.Predict(input)).Add(b => b.DisplayName = "predict");
        app.{|MLSEC011:MapPost|}("/score", (Input input) => engine.Predict(input)).RequireAuthorization().Add(b => b.DisplayName = "score");
        app.{|MLSEC011:MapGet|}("/sample", () => engine.Predict(new Input())).WithName("x");
        """), Program(OnePolicy, """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).RequireRateLimiting("ml").Add(b => b.DisplayName = "predict");
        app.MapPost("/score", (Input input) => engine.Predict(input)).RequireAuthorization().RequireRateLimiting("ml").Add(b => b.DisplayName = "score");
        app.MapGet("/sample", () => engine.Predict(new Input())).WithName("x").RequireRateLimiting("ml");
        """), EquivalenceKeys.RequireRateLimiting);

    [Fact]
    public Task NoFix_WhenSeveralPoliciesAreRegistered() => VerifyFix.VerifyNoCodeFixAsync(Program("""
        builder.Services.AddRateLimiter(o =>
        {
            o.AddFixedWindowLimiter("ml", w => { w.PermitLimit = 10; w.Window = TimeSpan.FromSeconds(1); });
            o.AddConcurrencyLimiter("chat", c => c.PermitLimit = 2);
        });
        """, """
        app.{|MLSEC011:MapPost|}("/predict", (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task NoFix_WhenNoPolicyIsRegistered() => VerifyFix.VerifyNoCodeFixAsync(Program("", """
        app.{|MLSEC011:MapPost|}("/predict", (Input input) => engine.Predict(input));
        """));

    // ASP.NET Core's rate limiter runs per HTTP request: on a hub it sees the negotiate and connect requests, never the
    // invocations over the open connection. No policy would answer the rule, so hub methods are left to MLSEC010.
    [Fact]
    public Task NoDiagnostic_HubMethods() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat").RequireAuthorization();
        app.Run();

        public class ChatHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    // The Functions host has no per-function rate limiting in code, so MLSEC011 does not look at HTTP-triggered Azure
    // Functions (nor does MLSEC012, whose shapes are ASP.NET Core results); MLSEC010 reports an anonymous one.
    [Fact]
    public Task NoDiagnostic_AzureFunctionRunningAModel() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.ML;

        public class PredictFunction(PredictionEngine<Input, Output> engine)
        {
            [Function("Predict")]
            public Output Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, Input input) => engine.Predict(input);
        }

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } public float[] Score { get; set; } = new float[0]; }
        """, MlReferences.FunctionsIsolated);

    // A clean-architecture endpoint: the model runs in the MediatR handler of the request it sends (same reach as MLSEC010).
    [Fact]
    public Task Flags_EndpointSendingAMediatRRequestToAModel() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using MediatR;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/predict", (PredictCommand cmd, IMediator mediator) => mediator.Send(cmd)).RequireAuthorization();
        app.MapPost("/limited", (PredictCommand cmd, IMediator mediator) => mediator.Send(cmd)).RequireAuthorization().RequireRateLimiting("ml");
        app.Run();

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        public sealed class PredictCommand : IRequest<Output> { public Input Input { get; set; } = new(); }

        public sealed class PredictHandler(PredictionEngine<Input, Output> engine) : IRequestHandler<PredictCommand, Output>
        {
            public Task<Output> Handle(PredictCommand request, CancellationToken cancellationToken) => Task.FromResult(engine.Predict(request.Input));
        }
        """, MlReferences.WithMediatR, NoLimit(0, "POST /predict"));

    // The same with martinothamar's source-generated Mediator: an ICommandHandler runs the model.
    [Fact]
    public Task Flags_EndpointSendingAMediatorCommandToAModel() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/predict", (PredictCommand cmd, ISender sender) => sender.Send(cmd)).RequireAuthorization();
        app.MapPost("/limited", (PredictCommand cmd, ISender sender) => sender.Send(cmd)).RequireAuthorization().RequireRateLimiting("ml");
        app.Run();

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        public sealed record PredictCommand(Input Input) : ICommand<Output>;

        public sealed class PredictHandler(PredictionEngine<Input, Output> engine) : ICommandHandler<PredictCommand, Output>
        {
            public ValueTask<Output> Handle(PredictCommand command, CancellationToken cancellationToken) => new(engine.Predict(command.Input));
        }
        """, MlReferences.WithMediatorSourceGenerated, NoLimit(0, "POST /predict"));
}
