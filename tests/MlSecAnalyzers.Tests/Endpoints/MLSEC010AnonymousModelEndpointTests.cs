using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Endpoints.AnonymousModelEndpointAnalyzer>;

namespace MlSecAnalyzers.Tests.Endpoints;

public sealed class MLSEC010AnonymousModelEndpointTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        """;

    private const string Types = """

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """;

    private static string Program(string body) => Usings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;

        """ + body + "\napp.Run();\n" + Types;

    private static DiagnosticResult Anonymous(int location, string endpoint, string call, bool allowAnonymous = false) =>
        Verify.Diagnostic(Descriptors.MLSEC010_AnonymousModelEndpoint).WithLocation(location)
            .WithArguments(endpoint, call, allowAnonymous ? "AllowAnonymous opens it to everyone" : "no authorization reaches it");

    // ------------------------------------------------------------------ minimal APIs: unsafe forms

    [Fact]
    public Task Flags_LambdaCallingPredictionEngine() => Verify.VerifyAnalyzerAsync(Program("""
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input));
        """), Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_EveryMapVerb() => Verify.VerifyAnalyzerAsync(Program("""
        app.{|#0:MapGet|}("/a", () => engine.Predict(new Input()));
        app.{|#1:MapPut|}("/b", () => engine.Predict(new Input()));
        app.{|#2:MapPatch|}("/c", () => engine.Predict(new Input()));
        app.{|#3:MapDelete|}("/d", () => engine.Predict(new Input()));
        app.{|#4:Map|}("/e", () => engine.Predict(new Input()));
        app.{|#5:MapMethods|}("/f", new[] { "POST" }, () => engine.Predict(new Input()));
        app.{|#6:MapFallback|}(() => engine.Predict(new Input()));
        """),
        Anonymous(0, "GET /a", "PredictionEngine.Predict"), Anonymous(1, "PUT /b", "PredictionEngine.Predict"),
        Anonymous(2, "PATCH /c", "PredictionEngine.Predict"), Anonymous(3, "DELETE /d", "PredictionEngine.Predict"),
        Anonymous(4, "/e", "PredictionEngine.Predict"), Anonymous(5, "/f", "PredictionEngine.Predict"),
        Anonymous(6, "MapFallback", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_MethodGroupAndLocalFunctionHandlers() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/onnx", Handlers.Score);
        app.{|#1:MapPost|}("/local", Local);
        app.Run();

        int Local(InferenceSession session) => Handlers.Helper(session);

        static class Handlers
        {
            public static int Score(InferenceSession session) => Helper(session);
            public static int Helper(InferenceSession session) => session.Run(new NamedOnnxValue[0]).Count;
        }
        """, Anonymous(0, "POST /onnx", "InferenceSession.Run"), Anonymous(1, "POST /local", "InferenceSession.Run"));

    // The shape of the public ML.NET minimal-API samples: the handler is a lambda held in a local.
    [Fact]
    public Task Flags_HandlerHeldInLocalDelegate()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(Usings + """
            using System;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddPredictionEnginePool<In, Out>().FromFile("sentiment_model.zip");
            var app = builder.Build();
            var predictionHandler = async (PredictionEnginePool<In, Out> pool, In input) => await Task.FromResult(pool.Predict(input));
            app.{|#0:MapPost|}("/predict", predictionHandler);
            Func<PredictionEnginePool<In, Out>, In, Out> viaMethodGroup = Handlers.Predict;
            app.{|#1:MapPost|}("/group", viaMethodGroup);
            app.Run();

            static class Handlers
            {
                public static Out Predict(PredictionEnginePool<In, Out> pool, In input) => pool.Predict(input);
            }

            public class In { public string Text { get; set; } = ""; }
            public class Out { public bool Prediction { get; set; } }
            """);
        test.TestState.Sources.Add((MicrosoftExtensionsMLStub.Path, MicrosoftExtensionsMLStub.Source));
        test.ExpectedDiagnostics.Add(Anonymous(0, "POST /predict", "PredictionEnginePool.Predict"));
        test.ExpectedDiagnostics.Add(Anonymous(1, "POST /group", "PredictionEnginePool.Predict"));
        return test.RunAsync();
    }

    // A local assigned again holds no single handler: it is not followed (and the later value may be harmless).
    [Fact]
    public Task NoDiagnostic_ReassignedLocalHandlerIsNotFollowed() => Verify.VerifyAnalyzerAsync(Program("""
        System.Func<Input, Output> handler = (Input input) => engine.Predict(input);
        handler = (Input input) => new Output();
        app.MapPost("/predict", handler);
        """));

    [Fact]
    public Task Flags_InjectedServiceDeclaredInCompilation() => Verify.VerifyAnalyzerAsync(Usings + """
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/chat", (IAssistant assistant, string prompt) => assistant.AskAsync(prompt));
        app.Run();

        public interface IAssistant { Task<string> AskAsync(string prompt); }

        public sealed class Assistant(ChatClient client) : IAssistant
        {
            public async Task<string> AskAsync(string prompt)
            {
                ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage(prompt));
                return completion.Content[0].Text;
            }
        }
        """, Anonymous(0, "POST /chat", "ChatClient.CompleteChatAsync"));

    // OpenAI's Responses API, image and audio clients run a model as ChatClient does.
    [Fact]
    public Task Flags_OpenAIResponsesImagesAndAudio() => Verify.VerifyAnalyzerAsync(Usings + """
        #pragma warning disable OPENAI001
        using System.IO;
        using OpenAI.Audio;
        using OpenAI.Images;
        using OpenAI.Responses;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/respond", async (ResponsesClient client, string prompt) =>
            (await client.CreateResponseAsync("gpt-4.1", prompt)).Value.GetOutputText());
        app.{|#1:MapPost|}("/draw", async (ImageClient images, string prompt) => (await images.GenerateImageAsync(prompt)).Value.ImageUri);
        app.{|#2:MapPost|}("/transcribe", async (AudioClient audio, Stream body) => (await audio.TranscribeAudioAsync(body, "speech.wav")).Value.Text);
        app.{|#3:MapPost|}("/speak", (AudioClient audio, string text) => audio.GenerateSpeech(text, GeneratedSpeechVoice.Alloy).Value.ToArray());
        app.Run();
        """,
        Anonymous(0, "POST /respond", "ResponsesClient.CreateResponseAsync"),
        Anonymous(1, "POST /draw", "ImageClient.GenerateImageAsync"),
        Anonymous(2, "POST /transcribe", "AudioClient.TranscribeAudioAsync"),
        Anonymous(3, "POST /speak", "AudioClient.GenerateSpeech"));

    // Azure.AI.OpenAI's 1.0.0 betas have one client, OpenAIClient, whose Get*Completions*, GetEmbeddings and
    // GetImageGenerations calls run the model; apps built on them are still common.
    [Fact]
    public Task Flags_AzureOpenAIBetaClient() => Verify.VerifyAnalyzerAsync("""
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/chat", async (OpenAIClient client, string prompt) =>
        {
            var options = new ChatCompletionsOptions { Messages = { new ChatMessage(ChatRole.User, prompt) } };
            var response = await client.GetChatCompletionsAsync("gpt-4o", options);
            return response.Value.Choices[0].Message.Content;
        });
        app.{|#1:MapPost|}("/embed", (OpenAIClient client, string text) =>
            client.GetEmbeddings("embeddings", new EmbeddingsOptions(text)).Value.Data[0].Embedding);
        app.MapGet("/pipeline", (OpenAIClient client) => client.Pipeline.ToString());
        app.Run();
        """,
        MlReferences.AzureOpenAIBeta,
        Anonymous(0, "POST /chat", "OpenAIClient.GetChatCompletionsAsync"),
        Anonymous(1, "POST /embed", "OpenAIClient.GetEmbeddings"));

    // Reading or deleting a stored response runs no model.
    [Fact]
    public Task NoDiagnostic_OpenAIStoredResponseReadOrDeleted() => Verify.VerifyAnalyzerAsync(Usings + """
        #pragma warning disable OPENAI001
        using OpenAI.Responses;

        var app = WebApplication.Create(args);
        app.MapGet("/responses/{id}", async (ResponsesClient client, string id) => (await client.GetResponseAsync(id)).Value.Id);
        app.MapDelete("/responses/{id}", async (ResponsesClient client, string id) => (await client.DeleteResponseAsync(id)).Value.Deleted);
        app.Run();
        """);

    [Fact]
    public Task Flags_ExtensionMethodOfMicrosoftExtensionsAI() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/ask", async (IChatClient chat, string prompt) => (await chat.GetResponseAsync(prompt)).Text);
        app.Run();
        """, Anonymous(0, "POST /ask", "IChatClient.GetResponseAsync"));

    [Fact]
    public Task Flags_GroupWithoutAuthorization() => Verify.VerifyAnalyzerAsync(Program("""
        var api = app.MapGroup("/api").WithTags("ml");
        var v1 = api.MapGroup("/v1");
        v1.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).WithName("predict");
        """), Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_AllowAnonymousOnEndpointBeatsGroupAuthorization() => Verify.VerifyAnalyzerAsync(Program("""
        var api = app.MapGroup("/api").RequireAuthorization();
        api.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).AllowAnonymous();
        """), Anonymous(0, "POST /predict", "PredictionEngine.Predict", allowAnonymous: true));

    [Fact]
    public Task Flags_AllowAnonymousBeatsFallbackPolicy() => Verify.VerifyAnalyzerAsync(Usings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;
        app.{|#0:MapPost|}("/predict", [AllowAnonymous] (Input input) => engine.Predict(input));
        app.Run();
        """ + Types, Anonymous(0, "POST /predict", "PredictionEngine.Predict", allowAnonymous: true));

    [Fact]
    public Task Flags_AllowAnonymousOnGroup() => Verify.VerifyAnalyzerAsync(Program("""
        var open = app.MapGroup("/open");
        open.AllowAnonymous();
        open.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).RequireAuthorization();
        """), Anonymous(0, "POST /predict", "PredictionEngine.Predict", allowAnonymous: true));

    [Fact]
    public Task Flags_RouteBuilderExtensionCalledOnAnonymousBuilder() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapModel();
        app.Run();

        static class ModelRoutes
        {
            public static IEndpointRouteBuilder MapModel(this IEndpointRouteBuilder routes)
            {
                PredictionEngine<Input, Output> engine = null!;
                routes.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input));
                return routes;
            }
        }
        """ + Types, Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_LookAlikeAuthorizationInAnotherNamespace() => Verify.VerifyAnalyzerAsync("using Contoso.Security;\n" + Program("""
        app.{|#0:MapPost|}("/a", [Contoso.Security.Authorize] (Input input) => engine.Predict(input));
        app.{|#1:MapPost|}("/b", (Input input) => engine.Predict(input)).RequireAuthorization(level: 1);
        """) + """

        namespace Contoso.Security
        {
            public sealed class AuthorizeAttribute : System.Attribute { }
            public static class Extensions
            {
                // Same name as ASP.NET Core's convention, but it is not one and must not count as authorization.
                public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder, int level) where TBuilder : IEndpointConventionBuilder => builder;
            }
        }
        """, Anonymous(0, "POST /a", "PredictionEngine.Predict"), Anonymous(1, "POST /b", "PredictionEngine.Predict"));

    // ------------------------------------------------------------------ minimal APIs: safe forms

    [Fact]
    public Task NoDiagnostic_RequireAuthorizationOnEndpoint() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/predict", (Input input) => engine.Predict(input)).WithName("p").RequireAuthorization("ml");
        var endpoint = app.MapPost("/later", (Input input) => engine.Predict(input));
        endpoint.RequireAuthorization();
        """));

    [Fact]
    public Task NoDiagnostic_AuthorizeAttributeOnHandler() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/predict", [Authorize] (Input input) => engine.Predict(input));
        app.MapPost("/method", Handlers.Predict);
        """) + """

        static class Handlers
        {
            [Authorize(Policy = "ml")]
            public static Output Predict(Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input);
        }
        """);

    [Fact]
    public Task NoDiagnostic_AuthorizeMetadataObject() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/predict", (Input input) => engine.Predict(input)).WithMetadata(new AuthorizeAttribute());
        """));

    [Fact]
    public Task NoDiagnostic_GroupRequiresAuthorization() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapGroup("/inline").RequireAuthorization().MapPost("/predict", (Input input) => engine.Predict(input));
        var api = app.MapGroup("/api");
        api.RequireAuthorization();
        api.MapPost("/predict", (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task NoDiagnostic_NestedGroupUnderAuthorizedGroup() => Verify.VerifyAnalyzerAsync(Program("""
        var api = app.MapGroup("/api").RequireAuthorization();
        var v1 = api.MapGroup("/v1").WithTags("v1");
        var models = v1.MapGroup("/models");
        models.MapPost("/predict", (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task NoDiagnostic_GroupReturnedFromHelper() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        var api = Groups.Secure(app);
        api.MapPost("/predict", (Input input) => engine.Predict(input));
        app.Run();

        static class Groups
        {
            public static RouteGroupBuilder Secure(IEndpointRouteBuilder app) => app.MapGroup("/api").RequireAuthorization();
        }
        """ + Types);

    [Fact]
    public Task NoDiagnostic_RouteBuilderExtensionCalledOnAuthorizedGroup() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapGroup("/ml").RequireAuthorization().MapModel();
        app.MapModelGroup().RequireAuthorization();
        app.Run();

        static class ModelRoutes
        {
            public static IEndpointRouteBuilder MapModel(this IEndpointRouteBuilder routes)
            {
                PredictionEngine<Input, Output> engine = null!;
                routes.MapPost("/predict", (Input input) => engine.Predict(input));
                return routes;
            }

            public static RouteGroupBuilder MapModelGroup(this IEndpointRouteBuilder routes)
            {
                PredictionEngine<Input, Output> engine = null!;
                var group = routes.MapGroup("/model");
                group.MapPost("/predict", (Input input) => engine.Predict(input));
                return group;
            }
        }
        """ + Types);

    [Fact]
    public Task NoDiagnostic_EndpointReturnedFromHelper_CallerRequiresAuthorization() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapPredict().RequireAuthorization();
        app.MapPredictNamed().RequireAuthorization("MlUsers");
        IEndpointConventionBuilder MapLocal(IEndpointRouteBuilder routes) => routes.MapPost("/local", (Input i, PredictionEngine<Input, Output> e) => e.Predict(i));
        MapLocal(app).RequireAuthorization();
        app.Run();

        static class PredictEndpoints
        {
            public static RouteHandlerBuilder MapPredict(this IEndpointRouteBuilder routes) =>
                routes.MapPost("/predict", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));

            public static IEndpointConventionBuilder MapPredictNamed(this IEndpointRouteBuilder routes)
            {
                var endpoint = routes.MapPost("/predict2", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));
                return endpoint.WithName("predict2");
            }
        }
        """ + Types);

    [Fact]
    public Task Flags_EndpointReturnedFromHelper_UnlessEveryCallerRequiresAuthorization() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapPredict().RequireAuthorization();
        app.MapPredict().WithName("open");
        app.MapUncalled();
        app.MapAllowed().RequireAuthorization().AllowAnonymous();
        app.Run();

        static class PredictEndpoints
        {
            public static RouteHandlerBuilder MapPredict(this IEndpointRouteBuilder routes) =>
                routes.{|#0:MapPost|}("/predict", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));

            public static void MapUncalled(this IEndpointRouteBuilder routes) =>
                routes.{|#1:MapPost|}("/uncalled", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));

            public static RouteHandlerBuilder MapAllowed(this IEndpointRouteBuilder routes) =>
                routes.{|#2:MapPost|}("/allowed", (Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input));
        }
        """ + Types,
        Anonymous(0, "POST /predict", "PredictionEngine.Predict"),
        Anonymous(1, "POST /uncalled", "PredictionEngine.Predict"),
        Anonymous(2, "POST /allowed", "PredictionEngine.Predict", allowAnonymous: true).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

    [Fact]
    public Task NoDiagnostic_FallbackPolicyViaAddAuthorization() => Verify.VerifyAnalyzerAsync(Usings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;
        app.MapPost("/predict", (Input input) => engine.Predict(input));
        app.Run();
        """ + Types);

    // AuthorizationBuilder.AddFallbackPolicy (ASP.NET Core 7+) registers a named policy and sets it as the fallback.
    [Fact]
    public Task NoDiagnostic_FallbackPolicyViaAddFallbackPolicy() => Verify.VerifyAnalyzerAsync(Usings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("Customers", policy => policy.RequireAuthenticatedUser())
            .AddFallbackPolicy("Staff", policy => policy.RequireRole("staff"));
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;
        app.MapPost("/predict", (Input input) => engine.Predict(input));
        app.Run();
        """ + Types);

    // A fallback policy set in another file: SetFallbackPolicy, or AddFallbackPolicy with a built policy.
    [Theory]
    [InlineData("SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())")]
    [InlineData("AddFallbackPolicy(\"Signed-in\", new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())")]
    public Task NoDiagnostic_FallbackPolicyViaAuthorizationBuilderInAnotherFile(string call)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(Program("""
            app.MapPost("/predict", (Input input) => engine.Predict(input));
            """));
        test.TestState.Sources.Add(("/0/Security.cs", $$"""
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            static class Security
            {
                public static void Add(IServiceCollection services) => services.AddAuthorizationBuilder().{{call}};
            }
            """));
        return test.RunAsync();
    }

    // A default policy applies only where [Authorize] or RequireAuthorization() asks for one; a named policy only where
    // it is named. Neither reaches an endpoint that asks for nothing.
    [Fact]
    public Task Flags_DefaultOrNamedPolicyIsNoFallback() => Verify.VerifyAnalyzerAsync(Usings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorizationBuilder()
            .AddDefaultPolicy("Signed-in", policy => policy.RequireAuthenticatedUser())
            .AddPolicy("Staff", policy => policy.RequireRole("staff"))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input));
        app.Run();
        """ + Types,
        Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    [Fact]
    public Task NoDiagnostic_HandlerWithoutInference() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapGet("/health", () => "ok");
        app.MapPost("/echo", (Input input) => input);
        """));

    [Fact]
    public Task NoDiagnostic_InferenceBeyondDepthLimit() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/deep", (Input input) => Deep.L1(engine, input));
        """) + """

        static class Deep
        {
            public static Output L1(PredictionEngine<Input, Output> e, Input i) => L2(e, i);
            public static Output L2(PredictionEngine<Input, Output> e, Input i) => L3(e, i);
            public static Output L3(PredictionEngine<Input, Output> e, Input i) => L4(e, i);
            public static Output L4(PredictionEngine<Input, Output> e, Input i) => e.Predict(i);
        }
        """);

    [Fact]
    public Task NoDiagnostic_DecoyPredictionEngineInAnotherNamespace() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Contoso.ML;

        var app = WebApplication.Create(args);
        var engine = new PredictionEngine<string, string>();
        app.MapPost("/predict", (string input) => engine.Predict(input));
        app.Run();

        namespace Contoso.ML
        {
            public class PredictionEngine<TSrc, TDst> { public TDst Predict(TSrc input) => default!; }
        }
        """);

    [Fact]
    public Task NoDiagnostic_DecoyMapPostExtension() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Contoso.Routing;

        PredictionEngine<Input, Output> engine = null!;
        new Router().MapPost("/predict", (Input input) => engine.Predict(input));

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }

        namespace Contoso.Routing
        {
            public class Router { }
            public static class RouterExtensions { public static Router MapPost(this Router r, string pattern, System.Delegate handler) => r; }
        }
        """);

    // ------------------------------------------------------------------ convention helpers of the compilation

    // Extension methods of the app that wrap conventions, chained like a framework convention: what the helper applies
    // to its `this` parameter on every path reaches the endpoint.
    private const string ConventionHelpers = """

        public static class EndpointSecurity
        {
            public static TBuilder Secured<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                => builder.RequireAuthorization("ml-users");

            public static RouteHandlerBuilder SecuredThroughLocal(this RouteHandlerBuilder builder)
            {
                var endpoint = builder.WithName("secured");
                endpoint.WithTags("ml");
                endpoint.RequireAuthorization();
                return builder;
            }

            public static TBuilder Standard<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
            {
                builder.WithMetadata("standard").Secured();
                return builder;
            }

            public static void Protect(this RouteHandlerBuilder builder) => builder.WithMetadata(new AuthorizeAttribute());

            public static TBuilder Named<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder
                => builder.WithMetadata(name);
        }
        """;

    [Fact]
    public Task NoDiagnostic_ConventionHelperAuthorizes() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/generic", (Input i) => engine.Predict(i)).Secured();
        app.MapPost("/local", (Input i) => engine.Predict(i)).SecuredThroughLocal().WithName("local");
        app.MapPost("/nested", (Input i) => engine.Predict(i)).Named("nested").Standard();
        var endpoint = app.MapPost("/void", (Input i) => engine.Predict(i));
        endpoint.Protect();
        """) + ConventionHelpers);

    [Fact]
    public Task NoDiagnostic_ConventionHelperOnGroup() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapGroup("/inline").Secured().MapPost("/predict", (Input i) => engine.Predict(i));
        var ml = app.MapGroup("/ml").Standard();
        ml.MapPost("/predict", (Input i) => engine.Predict(i));
        var later = app.MapGroup("/later");
        later.Secured();
        later.MapPost("/predict", (Input i) => engine.Predict(i));
        """) + ConventionHelpers);

    [Fact]
    public Task Flags_ConventionHelperThatDoesNotAuthorizeOnEveryPath() => Verify.VerifyAnalyzerAsync(Program("""
        app.{|#0:MapPost|}("/named", (Input i) => engine.Predict(i)).Named("named");
        app.{|#1:MapPost|}("/conditional", (Input i) => engine.Predict(i)).SecuredIf(args.Length > 0);
        app.{|#2:MapPost|}("/early", (Input i) => engine.Predict(i)).SecuredUnlessDevelopment(args.Length == 0);
        app.{|#3:MapPost|}("/lambda", (Input i) => engine.Predict(i)).SecuredLater();
        app.{|#4:MapPost|}("/other", (Input i) => engine.Predict(i)).SecuresAnother(app.MapGet("/health", () => "ok"));
        """) + ConventionHelpers + """

        public static class Conditional
        {
            public static RouteHandlerBuilder SecuredIf(this RouteHandlerBuilder builder, bool secure)
            {
                if (secure)
                    builder.RequireAuthorization();
                return builder;
            }

            public static RouteHandlerBuilder SecuredUnlessDevelopment(this RouteHandlerBuilder builder, bool development)
            {
                if (development)
                    return builder;
                builder.RequireAuthorization();
                return builder;
            }

            public static RouteHandlerBuilder SecuredLater(this RouteHandlerBuilder builder)
            {
                System.Action secure = () => builder.RequireAuthorization();
                return builder;
            }

            public static RouteHandlerBuilder SecuresAnother(this RouteHandlerBuilder builder, RouteHandlerBuilder other)
            {
                other.RequireAuthorization();
                return builder;
            }
        }
        """,
        Anonymous(0, "POST /named", "PredictionEngine.Predict"), Anonymous(1, "POST /conditional", "PredictionEngine.Predict"),
        Anonymous(2, "POST /early", "PredictionEngine.Predict"), Anonymous(3, "POST /lambda", "PredictionEngine.Predict"),
        Anonymous(4, "POST /other", "PredictionEngine.Predict"));

    // An AllowAnonymous a helper applies opens the endpoint, even on one path only (it wins over any authorization).
    [Fact]
    public Task Flags_AllowAnonymousInConventionHelper() => Verify.VerifyAnalyzerAsync(Program("""
        app.{|#0:MapPost|}("/open", (Input i) => engine.Predict(i)).Secured().OpenIf(true);
        """) + ConventionHelpers + """

        public static class Opening
        {
            public static RouteHandlerBuilder OpenIf(this RouteHandlerBuilder builder, bool open)
            {
                if (open)
                    builder.{|#1:AllowAnonymous|}();
                return builder;
            }
        }
        """, Anonymous(0, "POST /open", "PredictionEngine.Predict", allowAnonymous: true).WithLocation(1));

    // Helpers calling helpers are followed up to EndpointContext.MaxCallDepth (3) levels: beyond, the body is not read.
    [Fact]
    public Task Flags_ConventionHelperBeyondDepthLimit() => Verify.VerifyAnalyzerAsync(Program("""
        app.MapPost("/three", (Input i) => engine.Predict(i)).Level1();
        app.{|#0:MapPost|}("/four", (Input i) => engine.Predict(i)).Level0();
        """) + """

        public static class Levels
        {
            public static RouteHandlerBuilder Level0(this RouteHandlerBuilder b) => b.Level1();
            public static RouteHandlerBuilder Level1(this RouteHandlerBuilder b) => b.Level2();
            public static RouteHandlerBuilder Level2(this RouteHandlerBuilder b) => b.Level3();
            public static RouteHandlerBuilder Level3(this RouteHandlerBuilder b) => b.RequireAuthorization();
        }
        """, Anonymous(0, "POST /four", "PredictionEngine.Predict"));

    /// <summary>Convention helpers that are not extension methods: the builder is passed as an argument.</summary>
    private const string StaticHelpers = """

        public static class Security
        {
            public static void Secure(IEndpointConventionBuilder builder) => builder.RequireAuthorization();

            public static TBuilder Wrap<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder
            {
                builder.WithMetadata("wrapped");
                builder.RequireAuthorization();
                return builder;
            }

            public static void WithPolicy(string policy, RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(policy);

            public static RouteGroupBuilder Keep(RouteGroupBuilder group)
            {
                group.RequireAuthorization();
                return group;
            }

            public static void Standard(RouteHandlerBuilder endpoint)
            {
                endpoint.WithTags("ml");
                Secure(endpoint);
            }
        }
        """;

    // `Security.Secure(app.MapPost(...))`: a static method, a local function or a non-virtual instance method of the
    // compilation applies what its body applies to the parameter the builder is passed to, like an extension helper.
    [Fact]
    public Task NoDiagnostic_StaticConventionHelperTakingTheBuilder() => Verify.VerifyAnalyzerAsync(Program("""
        Security.Secure(app.MapPost("/inline", (Input i) => engine.Predict(i)));
        var local = app.MapPost("/local", (Input i) => engine.Predict(i));
        Security.Secure(local);
        Security.Wrap(app.MapPost("/returned", (Input i) => engine.Predict(i))).WithName("returned");
        var wrapped = Security.Wrap(app.MapPost("/wrapped", (Input i) => engine.Predict(i)));
        wrapped.WithName("wrapped");
        Security.WithPolicy("ml-clients", app.MapPost("/policy", (Input i) => engine.Predict(i)));
        Security.Standard(app.MapPost("/nested", (Input i) => engine.Predict(i)));
        Protect(app.MapPost("/local-function", (Input i) => engine.Predict(i)));
        new Guard().Apply(app.MapPost("/instance", (Input i) => engine.Predict(i)));

        static void Protect(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization();
        """) + StaticHelpers + """

        public sealed class Guard
        {
            public void Apply(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization();
        }
        """);

    [Fact]
    public Task NoDiagnostic_StaticConventionHelperTakingTheGroup() => Verify.VerifyAnalyzerAsync(Program("""
        var group = app.MapGroup("/group");
        Security.Secure(group);
        group.MapPost("/predict", (Input i) => engine.Predict(i));
        Security.Wrap(app.MapGroup("/inline")).MapPost("/predict", (Input i) => engine.Predict(i));
        var kept = Security.Keep(app.MapGroup("/kept"));
        kept.MapPost("/predict", (Input i) => engine.Predict(i));
        Security.Keep(app.MapGroup("/chained")).MapGroup("/v1").MapPost("/predict", (Input i) => engine.Predict(i));
        """) + StaticHelpers);

    [Fact]
    public Task Flags_StaticHelperThatDoesNotAuthorizeTheEndpoint() => Verify.VerifyAnalyzerAsync(Program("""
        Helpers.Tag(app.{|#0:MapPost|}("/tagged", (Input i) => engine.Predict(i)));
        Helpers.SecureIf(args.Length > 0, app.{|#1:MapPost|}("/conditional", (Input i) => engine.Predict(i)));
        Helpers.SecureSecond(app.{|#2:MapPost|}("/first", (Input i) => engine.Predict(i)), app.MapPost("/second", (Input i) => engine.Predict(i)));
        new VirtualGuard().Apply(app.{|#3:MapPost|}("/virtual", (Input i) => engine.Predict(i)));
        Helpers.Open(app.{|#4:MapPost|}("/open", (Input i) => engine.Predict(i)));
        var group = app.MapGroup("/group");
        Helpers.Tag(group);
        group.{|#5:MapPost|}("/predict", (Input i) => engine.Predict(i));
        Helpers.Reassign(app.{|#6:MapPost|}("/reassigned", (Input i) => engine.Predict(i)), app.MapGet("/health", () => "ok"));
        """) + """

        public static class Helpers
        {
            public static void Tag(IEndpointConventionBuilder builder) => builder.WithMetadata("tagged");

            public static void SecureIf(bool secure, RouteHandlerBuilder endpoint)
            {
                if (secure)
                    endpoint.RequireAuthorization();
            }

            public static void SecureSecond(RouteHandlerBuilder first, RouteHandlerBuilder second) => second.RequireAuthorization();

            public static void Open(RouteHandlerBuilder endpoint)
            {
                endpoint.RequireAuthorization();
                endpoint.{|#7:AllowAnonymous|}();
            }

            public static void Reassign(RouteHandlerBuilder endpoint, RouteHandlerBuilder other)
            {
                endpoint = other;
                endpoint.RequireAuthorization();
            }
        }

        // An override may run instead: the body of a virtual method is not taken for what runs.
        public class VirtualGuard
        {
            public virtual void Apply(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization();
        }
        """,
        Anonymous(0, "POST /tagged", "PredictionEngine.Predict"), Anonymous(1, "POST /conditional", "PredictionEngine.Predict"),
        Anonymous(2, "POST /first", "PredictionEngine.Predict"), Anonymous(3, "POST /virtual", "PredictionEngine.Predict"),
        Anonymous(4, "POST /open", "PredictionEngine.Predict", allowAnonymous: true).WithLocation(7),
        Anonymous(5, "POST /predict", "PredictionEngine.Predict"), Anonymous(6, "POST /reassigned", "PredictionEngine.Predict"));

    // ------------------------------------------------------------------ route-builder helpers that secure their own builder

    // A route-builder helper that maps endpoints on the group it is given, or on a group it creates, and authorizes that
    // same group in another statement of its body: ASP.NET Core applies a group's conventions to all its endpoints when
    // the app builds them, whatever the order of the statements.
    [Fact]
    public Task NoDiagnostic_HelperAuthorizesTheGroupItMapsOn() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapGroup("/scoring").MapScoring();
        app.MapGroup("/after").MapScoringThenSecure();
        app.MapMl();
        app.MapMlThenSecure();
        app.MapGroup("/nested").MapNested();
        app.MapGroup("/helper").MapThroughConventionHelper();
        Routes.MapStatic(app.MapGroup("/static"));
        MapLocal(app.MapGroup("/local"));
        app.MapGroup("/generic").MapGeneric();
        app.Run();

        static void MapLocal(RouteGroupBuilder group)
        {
            group.RequireAuthorization();
            group.MapPost("/local", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
        }

        static class Routes
        {
            public static RouteGroupBuilder MapScoring(this RouteGroupBuilder g)
            {
                g.RequireAuthorization();
                g.MapPost("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                return g;
            }

            public static RouteGroupBuilder MapScoringThenSecure(this RouteGroupBuilder g)
            {
                g.MapPost("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                g.RequireAuthorization("ml");
                return g;
            }

            public static void MapMl(this IEndpointRouteBuilder app)
            {
                var ml = app.MapGroup("/ml");
                ml.RequireAuthorization("ml");
                ml.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }

            public static void MapMlThenSecure(this IEndpointRouteBuilder app)
            {
                var ml = app.MapGroup("/ml2");
                ml.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                ml.RequireAuthorization("ml");
            }

            public static void MapNested(this RouteGroupBuilder g)
            {
                g.WithTags("ml").RequireAuthorization();
                var v1 = g.MapGroup("/v1");
                v1.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }

            public static void MapThroughConventionHelper(this RouteGroupBuilder g)
            {
                g.Secured();
                g.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }

            public static void MapStatic(RouteGroupBuilder g)
            {
                g.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                g.RequireAuthorization();
            }

            public static TBuilder MapGeneric<TBuilder>(this TBuilder g) where TBuilder : IEndpointRouteBuilder, IEndpointConventionBuilder
            {
                g.RequireAuthorization();
                g.MapPost("/predict", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                return g;
            }

            public static TBuilder Secured<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                => builder.RequireAuthorization("ml-users");
        }
        """ + Types);

    // The every-path rule of convention helpers holds here too: a conditional authorization, one after an early return,
    // one on another group or only on a sub-group guarantees nothing; an AllowAnonymous on the group, on any path, wins.
    [Fact]
    public Task Flags_HelperThatDoesNotAuthorizeItsGroupOnEveryPath() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        app.MapGroup("/a").MapConditional(args.Length > 0);
        app.MapGroup("/b").MapEarlyReturn(args.Length > 0);
        app.MapGroup("/c").MapOnSubGroup();
        app.MapGroup("/d").MapOpened(args.Length > 0);
        app.MapGroup("/e").MapOther(app.MapGroup("/other"));
        app.Run();

        static class Routes
        {
            public static RouteGroupBuilder MapConditional(this RouteGroupBuilder g, bool secure)
            {
                if (secure)
                    g.RequireAuthorization();
                g.{|#0:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                return g;
            }

            public static RouteGroupBuilder MapEarlyReturn(this RouteGroupBuilder g, bool development)
            {
                g.{|#1:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                if (development)
                    return g;
                g.RequireAuthorization();
                return g;
            }

            public static void MapOnSubGroup(this RouteGroupBuilder g)
            {
                g.MapGroup("/admin").RequireAuthorization();
                g.{|#2:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }

            public static void MapOpened(this RouteGroupBuilder g, bool open)
            {
                g.RequireAuthorization();
                if (open)
                    g.{|#3:AllowAnonymous|}();
                g.{|#4:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }

            public static void MapOther(this RouteGroupBuilder g, RouteGroupBuilder other)
            {
                other.RequireAuthorization();
                g.{|#5:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }
        }
        """ + Types,
        Anonymous(0, "POST /score", "PredictionEngine.Predict"), Anonymous(1, "POST /score", "PredictionEngine.Predict"),
        Anonymous(2, "POST /score", "PredictionEngine.Predict"),
        Anonymous(4, "POST /score", "PredictionEngine.Predict", allowAnonymous: true).WithLocation(3),
        Anonymous(5, "POST /score", "PredictionEngine.Predict"));

    // ------------------------------------------------------------------ route-builder helpers that are local functions

    // A local function (the common top-level Program.cs shape) mapping on the builder it is given: its callers, which can
    // only be in the body that declares it, are followed like an ordinary helper's, and every one of them secures it.
    [Fact]
    public Task NoDiagnostic_LocalFunctionHelperCalledOnAuthorizedGroups() => Verify.VerifyAnalyzerAsync(Usings + """
        var app = WebApplication.Create(args);
        MapLocal(app.MapGroup("/x").RequireAuthorization());
        var secured = app.MapGroup("/y").RequireAuthorization("ml");
        MapLocal(secured);
        MapExpression(app.MapGroup("/z").RequireAuthorization());
        MapOuter(app.MapGroup("/outer").RequireAuthorization());
        MapReturned(app.MapGroup("/returned")).RequireAuthorization();
        Routes.MapAll(app);
        app.Run();

        void MapLocal(IEndpointRouteBuilder g)
        {
            g.MapPost("/predict", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));
        }

        static void MapExpression(IEndpointRouteBuilder g) => g.MapPost("/expression", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        void MapOuter(IEndpointRouteBuilder g) => MapInner(g.MapGroup("/inner"));

        void MapInner(IEndpointRouteBuilder g) => g.MapPost("/inner", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        RouteHandlerBuilder MapReturned(IEndpointRouteBuilder g) => g.MapPost("/returned", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        static class Routes
        {
            public static void MapAll(WebApplication app)
            {
                var api = app.MapGroup("/api").RequireAuthorization();
                MapModel(api);

                void MapModel(IEndpointRouteBuilder routes) =>
                    routes.MapPost("/model", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));
            }
        }
        """ + Types);

    // The ordinary helper's semantics: one caller that does not secure the group, no caller at all, or an AllowAnonymous
    // on any caller reports the endpoint; so does a local function also used as a method group (a delegate call is not
    // followed), whether it maps on its parameter or returns the endpoint to its callers. A local function of the same name in another method is another helper: its callers do not count.
    [Fact]
    public Task Flags_LocalFunctionHelperUnlessEveryCallerSecuresIt() => Verify.VerifyAnalyzerAsync(Usings + """
        using System;

        var app = WebApplication.Create(args);
        MapOpen(app.MapGroup("/a").RequireAuthorization());
        MapOpen(app.MapGroup("/b"));
        MapAllowed(app.MapGroup("/c").RequireAuthorization());
        MapAllowed(app.MapGroup("/d").RequireAuthorization().{|#3:AllowAnonymous|}());
        MapDelegated(app.MapGroup("/e").RequireAuthorization());
        Action<IEndpointRouteBuilder> mapper = MapDelegated;
        mapper(app);
        Routes.MapSecured(app);
        Routes.MapOpened(app);
        MapReturned(app.MapGroup("/f")).RequireAuthorization();
        Func<IEndpointRouteBuilder, RouteHandlerBuilder> returned = MapReturned;
        returned(app);
        app.Run();

        void MapOpen(IEndpointRouteBuilder g) => g.{|#0:MapPost|}("/open", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        void MapUncalled(IEndpointRouteBuilder g) => g.{|#1:MapPost|}("/uncalled", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        void MapAllowed(IEndpointRouteBuilder g) => g.{|#2:MapPost|}("/allowed", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        void MapDelegated(IEndpointRouteBuilder g) => g.{|#4:MapPost|}("/delegated", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        RouteHandlerBuilder MapReturned(IEndpointRouteBuilder g) => g.{|#6:MapPost|}("/returned", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));

        static class Routes
        {
            public static void MapSecured(WebApplication app)
            {
                Map(app.MapGroup("/secured").RequireAuthorization());

                void Map(IEndpointRouteBuilder routes) =>
                    routes.MapPost("/secured", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));
            }

            public static void MapOpened(WebApplication app)
            {
                Map(app.MapGroup("/opened"));

                void Map(IEndpointRouteBuilder routes) =>
                    routes.{|#5:MapPost|}("/opened", (PredictionEngine<Input, Output> e, Input i) => e.Predict(i));
            }
        }
        """ + Types,
        Anonymous(0, "POST /open", "PredictionEngine.Predict"),
        Anonymous(1, "POST /uncalled", "PredictionEngine.Predict"),
        Anonymous(2, "POST /allowed", "PredictionEngine.Predict", allowAnonymous: true).WithLocation(3),
        Anonymous(4, "POST /delegated", "PredictionEngine.Predict"),
        Anonymous(5, "POST /opened", "PredictionEngine.Predict"),
        Anonymous(6, "POST /returned", "PredictionEngine.Predict"));

    // ------------------------------------------------------------------ controllers

    private const string ControllerUsings = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        """;

    [Fact]
    public Task Flags_ControllerActionWithoutAuthorize() => Verify.VerifyAnalyzerAsync(ControllerUsings + """
        [ApiController]
        [Route("chat")]
        public class ChatController(ChatClient client) : ControllerBase
        {
            [HttpPost]
            public async Task<string> {|#0:Ask|}(string prompt)
            {
                ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage(prompt));
                return completion.Content[0].Text;
            }

            public string Health() => "ok";
        }
        """, Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChatAsync"));

    [Fact]
    public Task Flags_OnlyActionsOfControllers() => Verify.VerifyAnalyzerAsync(ControllerUsings + """
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;

            [NonAction]
            public string NotAnAction(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        [Controller]
        public class ByAttribute(ChatClient client)
        {
            public string {|#1:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        public class DerivedFromAttributed(ChatClient client) : ByAttribute(client)
        {
            public string {|#2:Again|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        [NonController]
        public class HelperController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        public class ChatService(ChatClient client)
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat"),
        Anonymous(1, "ByAttribute.Ask", "ChatClient.CompleteChat"),
        Anonymous(2, "DerivedFromAttributed.Again", "ChatClient.CompleteChat"));

    // A class only named like a controller (no ControllerBase, no [Controller]) is one only when the app uses MVC
    // controllers: here it is a service injected into an authorized minimal-API endpoint.
    [Fact]
    public Task NoDiagnostic_NameOnlyControllerWithoutMvc() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Extensions.AI;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ConversationController>();
        var app = builder.Build();
        app.MapPost("/ask", (ConversationController c, string q) => c.AskAsync(q)).RequireAuthorization();
        app.Run();

        public sealed class ConversationController(IChatClient chat)
        {
            public async Task<string> AskAsync(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Theory]
    [InlineData("builder.Services.AddControllers();")]
    [InlineData("builder.Services.AddMvc();")]
    [InlineData("builder.Services.AddControllersWithViews();")]
    [InlineData("app.MapControllers();")]
    [InlineData("app.MapDefaultControllerRoute();")]
    [InlineData("app.MapControllerRoute(\"default\", \"{controller}/{action}\");")]
    public Task Flags_NameOnlyControllerWhenTheAppUsesMvc(string mvc) => Verify.VerifyAnalyzerAsync(Usings + """
        using OpenAI.Chat;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        MVC
        app.Run();

        public class ChatController(ChatClient client)
        {
            public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """.Replace("MVC", mvc),
        Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat"));

    [Fact]
    public Task Flags_AllowAnonymousActionInAuthorizedController() => Verify.VerifyAnalyzerAsync(ControllerUsings + """
        [Authorize]
        public class ChatController(ChatClient client) : Controller
        {
            [AllowAnonymous]
            public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat", allowAnonymous: true));

    [Fact]
    public Task NoDiagnostic_AuthorizeOnActionControllerOrBaseController() => Verify.VerifyAnalyzerAsync(ControllerUsings + """
        public class OnActionController(ChatClient client) : ControllerBase
        {
            [Authorize]
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        [Authorize(Roles = "ml")]
        public class OnClassController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        [Authorize]
        public abstract class SecureControllerBase : ControllerBase { }

        public class OnBaseController(ChatClient client) : SecureControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;

            [NonAction]
            public string NotAnAction(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """);

    [Fact]
    public Task NoDiagnostic_MapControllersRequireAuthorization()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.Build();
            app.MapControllers().RequireAuthorization();
            app.Run();
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_ConventionHelperOnMapControllers()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.Build();
            app.MapControllers().Secured();
            app.Run();

            public static class EndpointSecurity
            {
                public static TBuilder Secured<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                    => builder.RequireAuthorization("ml-users");
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_StaticConventionHelperOnMapControllers()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.Build();
            var controllers = app.MapControllers();
            EndpointSecurity.Secure(controllers);
            app.Run();

            public static class EndpointSecurity
            {
                public static void Secure(IEndpointConventionBuilder builder) => builder.RequireAuthorization("ml-users");
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_StaticHelperThatDoesNotAuthorizeMapControllers()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.Build();
            EndpointSecurity.Tag(app.MapControllers());
            app.Run();

            public static class EndpointSecurity
            {
                public static void Tag(IEndpointConventionBuilder builder) => builder.WithMetadata("tagged");
            }
            """));
        test.ExpectedDiagnostics.Add(Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("new AuthorizeFilter()")]
    [InlineData("new RequireSignIn()")] // a subclass declared in another file: the registration never names AuthorizeFilter
    public Task NoDiagnostic_GlobalAuthorizeFilter(string filter)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            Mvc.Add(builder.Services);
            var app = builder.Build();
            app.MapControllers();
            app.Run();
            """));
        // The filter is registered in a file of its own, which names neither MapControllers nor, for the subclass,
        // AuthorizeFilter.
        test.TestState.Sources.Add(("/0/Mvc.cs", """
            using Microsoft.AspNetCore.Mvc.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            static class Mvc
            {
                public static void Add(IServiceCollection services) => services.AddControllers(o => o.Filters.Add(FILTER));
            }
            """.Replace("FILTER", filter)));
        test.TestState.Sources.Add(("/0/RequireSignIn.cs", """
            public sealed class RequireSignIn : Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter { }
            """));
        return test.RunAsync();
    }

    // MVC cannot create an open generic filter, so typeof(C<>) authorizes nothing; an unbound type reaches the
    // authorization-filter check with no base types of its own.
    [Fact]
    public Task Flags_OpenGenericGlobalFilterType() => VerifyAskFlaggedWith("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers(o => o.Filters.Add(typeof(RequireSignIn<>)));
        var app = builder.Build();
        app.MapControllers();
        app.Run();
        public sealed class RequireSignIn<T> : Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter { }
        """);

    [Fact]
    public Task Flags_MapControllersAllowAnonymousOverControllerAuthorize()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            [Authorize]
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.MapControllers().{|#1:AllowAnonymous|}();
            app.Run();
            """));
        test.ExpectedDiagnostics.Add(Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat", allowAnonymous: true).WithLocation(1));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_MapControllersWithoutAuthorization() => VerifyAskFlaggedWith("""
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        app.MapControllers().WithMetadata("controllers");
        app.Run();
        """);

    /// <summary>A ChatController whose Ask action reaches CompleteChat, flagged next to <paramref name="program"/>.</summary>
    private static Task VerifyAskFlaggedWith(string program)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string {|#0:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", program));
        test.ExpectedDiagnostics.Add(Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChat"));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ options

    [Fact]
    public Task Option_InferenceTypesDeclaresUserType()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(Usings + """
            var app = WebApplication.Create(args);
            app.{|#0:MapPost|}("/score", (Contoso.Scoring.Scorer scorer, string text) => scorer.Score(text));
            app.{|#1:MapPost|}("/rank", (Contoso.Scoring.Ranker ranker, string text) => ranker.Rank(text));
            app.MapPost("/other", (Contoso.Scoring.Ranker ranker) => ranker.Name());
            app.Run();

            namespace Contoso.Scoring
            {
                public class Scorer { public float Score(string text) => 0; }
                public class Ranker { public int Rank(string text) => 0; public string Name() => ""; }
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*]
            mlsec.inference_types = T:Contoso.Scoring.Scorer | M:Contoso.Scoring.Ranker.Rank(System.String)
            """));
        test.ExpectedDiagnostics.Add(Anonymous(0, "POST /score", "Scorer.Score"));
        test.ExpectedDiagnostics.Add(Anonymous(1, "POST /rank", "Ranker.Rank"));
        return test.RunAsync();
    }

    /// <summary>A model-serving controller whose only authorization is a filter attribute the rules do not know by default.</summary>
    internal const string ControllerWithAuthorizationFilter = """
        [Contoso.Security.ApiKeyAuth]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }

        namespace Contoso.Security
        {
            public sealed class ApiKeyAuthAttribute : System.Attribute, Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter
            {
                public void OnAuthorization(Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext context) { }
            }
        }
        """;

    [Fact]
    public Task Option_AuthorizationFiltersCountAsAuthorization()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + ControllerWithAuthorizationFilter);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*]
            mlsec.MLSEC010.authorization_filters = Contoso.Security.ApiKeyAuthAttribute
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ options: endpoint filters (minimal APIs)

    /// <summary>The app's own endpoint filters and a marker attribute; the option lists ApiKeyEndpointFilter and ApiKeyAttribute.</summary>
    private const string EndpointFilters = """

        namespace Contoso.Security
        {
            public class ApiKeyEndpointFilter : IEndpointFilter
            {
                public ApiKeyEndpointFilter() { }
                public ApiKeyEndpointFilter(string expectedKey) { }
                public virtual ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }

            // Derives from a listed filter: counts like its base.
            public sealed class TenantKeyEndpointFilter : ApiKeyEndpointFilter { }

            // Not listed: an arbitrary filter is not authorization, whatever its name.
            public sealed class RequestLoggingFilter : IEndpointFilter
            {
                public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }

            // A marker the app's middleware reads from the endpoint's metadata.
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class ApiKeyAttribute : System.Attribute { }

            // An MVC authorization filter: MVC runs it for actions only, never for a minimal-API handler.
            public sealed class ApiKeyAuthAttribute : System.Attribute, Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter
            {
                public void OnAuthorization(Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext context) { }
            }
        }
        """;

    private const string EndpointFiltersOption = "Contoso.Security.ApiKeyEndpointFilter | T:Contoso.Security.ApiKeyAttribute | Contoso.Security.ApiKeyAuthAttribute";

    /// <summary>Runs <paramref name="source"/> (with <see cref="EndpointFilters"/> appended) with the filters listed under <paramref name="key"/> (none when null).</summary>
    private static Task VerifyWithEndpointFilters(string source, string? key, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("using Contoso.Security;\n" + source + EndpointFilters);
        if (key is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + key + " = " + EndpointFiltersOption + "\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Option_ListedEndpointFilterOnEndpoint() => VerifyWithEndpointFilters(Program("""
        app.MapPost("/predict", (Input input) => engine.Predict(input)).AddEndpointFilter<ApiKeyEndpointFilter>();
        app.MapPost("/chained", (Input input) => engine.Predict(input)).WithName("chained").AddEndpointFilter<ApiKeyEndpointFilter>().WithTags("ml");
        var later = app.MapPost("/later", (Input input) => engine.Predict(input));
        later.AddEndpointFilter<ApiKeyEndpointFilter>();
        """), "mlsec.authorization_filters");

    [Fact]
    public Task Option_ListedEndpointFilterUnderRuleKey() => VerifyWithEndpointFilters(Program("""
        app.MapPost("/predict", (Input input) => engine.Predict(input)).AddEndpointFilter<ApiKeyEndpointFilter>();
        """), "mlsec.MLSEC010.authorization_filters");

    [Fact]
    public Task Option_ListedEndpointFilterOnGroup() => VerifyWithEndpointFilters(Program("""
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyEndpointFilter>();
        api.MapPost("/predict", (Input input) => engine.Predict(input));
        api.MapGroup("/v1").MapPost("/nested", (Input input) => engine.Predict(input));
        var v2 = app.MapGroup("/v2");
        v2.AddEndpointFilter<ApiKeyEndpointFilter>();
        v2.MapPost("/predict", (Input input) => engine.Predict(input));
        app.MapGroup("/v3").AddEndpointFilter<RouteGroupBuilder, ApiKeyEndpointFilter>().MapPost("/predict", (Input input) => engine.Predict(input));
        """), "mlsec.authorization_filters");

    [Fact]
    public Task Option_ListedEndpointFilterOnGroupReturnedFromHelper() => VerifyWithEndpointFilters(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        var api = Groups.Secure(app);
        api.MapPost("/predict", (Input input) => engine.Predict(input));
        app.MapModel().AddEndpointFilter<ApiKeyEndpointFilter>();
        app.Run();

        static class Groups
        {
            public static RouteGroupBuilder Secure(IEndpointRouteBuilder app) => app.MapGroup("/api").AddEndpointFilter<ApiKeyEndpointFilter>();

            public static RouteGroupBuilder MapModel(this IEndpointRouteBuilder routes)
            {
                PredictionEngine<Input, Output> engine = null!;
                var group = routes.MapGroup("/model");
                group.MapPost("/predict", (Input input) => engine.Predict(input));
                return group;
            }
        }
        """ + Types, "mlsec.authorization_filters");

    [Fact]
    public Task Option_ListedEndpointFilterInstance() => VerifyWithEndpointFilters(Usings + """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        PredictionEngine<Input, Output> engine = null!;
        app.MapPost("/created", (Input input) => engine.Predict(input)).AddEndpointFilter(new ApiKeyEndpointFilter(builder.Configuration["ApiKey"]!));
        var filter = new ApiKeyEndpointFilter();
        app.MapPost("/local", (Input input) => engine.Predict(input)).AddEndpointFilter(filter);
        app.MapGroup("/api").AddEndpointFilter(Filters.Shared).MapPost("/field", (Input input) => engine.Predict(input));
        app.Run();

        static class Filters
        {
            public static readonly ApiKeyEndpointFilter Shared = new();
        }
        """ + Types, "mlsec.authorization_filters");

    [Fact]
    public Task Option_SubclassOfListedEndpointFilter() => VerifyWithEndpointFilters(Program("""
        app.MapPost("/generic", (Input input) => engine.Predict(input)).AddEndpointFilter<TenantKeyEndpointFilter>();
        app.MapPost("/instance", (Input input) => engine.Predict(input)).AddEndpointFilter(new TenantKeyEndpointFilter());
        """), "mlsec.authorization_filters");

    // A marker attribute is endpoint metadata on a minimal API, which the app's own middleware can enforce.
    [Fact]
    public Task Option_ListedMarkerAttributeOnHandler() => VerifyWithEndpointFilters(Program("""
        app.MapPost("/lambda", [ApiKey] (Input input) => engine.Predict(input));
        app.MapPost("/method", Handlers.Predict);
        """) + """

        static class Handlers
        {
            [ApiKey]
            public static Output Predict(Input input, PredictionEngine<Input, Output> engine) => engine.Predict(input);
        }
        """, "mlsec.authorization_filters");

    // MVC runs endpoint filters around controller actions too.
    [Fact]
    public Task Option_ListedEndpointFilterOnMapControllers()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(ControllerUsings + """
            public class ChatController(ChatClient client) : ControllerBase
            {
                public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create(args);
            app.MapControllers().AddEndpointFilter<ControllerActionEndpointConventionBuilder, Contoso.Security.ApiKeyEndpointFilter>();
            app.MapDefaultControllerRoute().AddEndpointFilter(new Contoso.Security.ApiKeyEndpointFilter());
            app.Run();
            """));
        test.TestState.Sources.Add(("/0/Filters.cs", "using System.Threading.Tasks;\nusing Microsoft.AspNetCore.Http;\n" + EndpointFilters));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\nmlsec.authorization_filters = " + EndpointFiltersOption + "\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_UnlistedEndpointFilter() => VerifyWithEndpointFilters(Program("""
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).AddEndpointFilter<RequestLoggingFilter>();
        app.MapGroup("/api").AddEndpointFilter(new RequestLoggingFilter()).{|#1:MapPost|}("/predict", (Input input) => engine.Predict(input));
        """), "mlsec.authorization_filters",
        Anonymous(0, "POST /predict", "PredictionEngine.Predict"), Anonymous(1, "POST /predict", "PredictionEngine.Predict"));

    // Without the option, no filter counts, whatever its name says.
    [Fact]
    public Task Flags_EndpointFilterWhenOptionIsNotSet() => VerifyWithEndpointFilters(Program("""
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).AddEndpointFilter<ApiKeyEndpointFilter>();
        """), null, Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    // The option names the filter, not the endpoint: another endpoint or group carrying it does not protect this one.
    [Fact]
    public Task Flags_ListedEndpointFilterOnAnotherEndpoint() => VerifyWithEndpointFilters(Program("""
        app.MapPost("/secured", (Input input) => engine.Predict(input)).AddEndpointFilter<ApiKeyEndpointFilter>();
        app.{|#0:MapPost|}("/open", (Input input) => engine.Predict(input));
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyEndpointFilter>();
        api.MapPost("/secured", (Input input) => engine.Predict(input));
        app.{|#1:MapPost|}("/beside", (Input input) => engine.Predict(input));
        """), "mlsec.authorization_filters",
        Anonymous(0, "POST /open", "PredictionEngine.Predict"), Anonymous(1, "POST /beside", "PredictionEngine.Predict"));

    // A lambda filter or filter factory is code, not a listed type; neither counts.
    [Fact]
    public Task Flags_LambdaEndpointFilterAndFilterFactory() => VerifyWithEndpointFilters(Program("""
        app.{|#0:MapPost|}("/lambda", (Input input) => engine.Predict(input))
            .AddEndpointFilter(async (context, next) => await new ApiKeyEndpointFilter().InvokeAsync(context, next));
        app.{|#1:MapPost|}("/factory", (Input input) => engine.Predict(input))
            .AddEndpointFilterFactory((factoryContext, next) => context => new ApiKeyEndpointFilter().InvokeAsync(context, next));
        """), "mlsec.authorization_filters",
        Anonymous(0, "POST /lambda", "PredictionEngine.Predict"), Anonymous(1, "POST /factory", "PredictionEngine.Predict"));

    // A value typed as the interface (or a base class) is traced to the `new T(...)` it certainly holds: a local's one
    // value, a readonly field's initializer that no constructor replaces.
    [Fact]
    public Task Option_ListedEndpointFilterTypedAsInterface() => VerifyWithEndpointFilters(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        IEndpointFilter filter = new ApiKeyEndpointFilter();
        app.MapPost("/local", (Input input) => engine.Predict(input)).AddEndpointFilter(filter);
        IEndpointFilter assignedOnce;
        assignedOnce = new TenantKeyEndpointFilter();
        app.MapGroup("/api").AddEndpointFilter(assignedOnce).MapPost("/assigned", (Input input) => engine.Predict(input));
        app.MapPost("/static-field", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.Shared);
        new Routes().Map(app);
        app.Run();

        static class Filters
        {
            public static readonly IEndpointFilter Shared = new ApiKeyEndpointFilter("key");
        }

        sealed class Routes
        {
            private readonly IEndpointFilter _filter = new ApiKeyEndpointFilter();

            public void Map(WebApplication app)
            {
                PredictionEngine<Input, Output> engine = null!;
                app.MapPost("/instance-field", (Input input) => engine.Predict(input)).AddEndpointFilter(_filter);
            }
        }
        """ + Types, "mlsec.authorization_filters");

    // Only a value held for certain: not a local assigned twice, a field that is not readonly or that a constructor
    // sets, a value a method returns, nor one created as an unlisted filter.
    [Fact]
    public Task Flags_EndpointFilterTypedAsInterfaceWithoutACertainListedValue() => VerifyWithEndpointFilters(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        IEndpointFilter reassigned = new ApiKeyEndpointFilter();
        reassigned = new RequestLoggingFilter();
        app.{|#0:MapPost|}("/reassigned", (Input input) => engine.Predict(input)).AddEndpointFilter(reassigned);
        app.{|#1:MapPost|}("/mutable", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.Mutable);
        app.{|#2:MapPost|}("/constructed", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.SetInConstructor);
        IEndpointFilter returned = Filters.Create();
        app.{|#3:MapPost|}("/returned", (Input input) => engine.Predict(input)).AddEndpointFilter(returned);
        IEndpointFilter unlisted = new RequestLoggingFilter();
        app.{|#4:MapPost|}("/unlisted", (Input input) => engine.Predict(input)).AddEndpointFilter(unlisted);
        app.Run();

        static class Filters
        {
            public static IEndpointFilter Mutable = new ApiKeyEndpointFilter();
            public static readonly IEndpointFilter SetInConstructor = new ApiKeyEndpointFilter();

            static Filters()
            {
                SetInConstructor = new RequestLoggingFilter();
            }

            public static IEndpointFilter Create() => new ApiKeyEndpointFilter();
        }
        """ + Types, "mlsec.authorization_filters",
        Anonymous(0, "POST /reassigned", "PredictionEngine.Predict"), Anonymous(1, "POST /mutable", "PredictionEngine.Predict"),
        Anonymous(2, "POST /constructed", "PredictionEngine.Predict"), Anonymous(3, "POST /returned", "PredictionEngine.Predict"),
        Anonymous(4, "POST /unlisted", "PredictionEngine.Predict"));

    // A getter-only auto-property is traced like a readonly field (only a constructor can set it), and a getter that
    // returns one new filter is as certain.
    [Fact]
    public Task Option_ListedEndpointFilterInAGetterOnlyProperty() => VerifyWithEndpointFilters(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        app.MapPost("/static", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.Shared);
        app.MapPost("/computed", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.Computed);
        app.MapPost("/getter", (Input input) => engine.Predict(input)).AddEndpointFilter(Filters.Getter);
        new Routes().Map(app);
        app.Run();

        static class Filters
        {
            public static IEndpointFilter Shared { get; } = new ApiKeyEndpointFilter("key");
            // A new filter of one listed type on every read.
            public static IEndpointFilter Computed => new ApiKeyEndpointFilter();
            public static IEndpointFilter Getter { get { return new ApiKeyEndpointFilter("key"); } }
        }

        sealed class Routes
        {
            private IEndpointFilter Filter { get; } = new ApiKeyEndpointFilter();

            public void Map(WebApplication app)
            {
                PredictionEngine<Input, Output> engine = null!;
                app.MapGroup("/api").AddEndpointFilter(Filter).MapPost("/instance", (Input input) => engine.Predict(input));
            }
        }
        """ + Types, "mlsec.authorization_filters");

    // Not a property a constructor sets, one with a setter or init accessor, one computed from a condition, a virtual one,
    // nor one holding an unlisted filter.
    [Fact]
    public Task Flags_EndpointFilterInAPropertyThatMayHoldAnotherValue() => VerifyWithEndpointFilters(Usings + """
        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;
        var filters = new Filters();
        app.{|#0:MapPost|}("/constructed", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.SetInConstructor);
        app.{|#1:MapPost|}("/settable", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.Settable);
        app.{|#2:MapPost|}("/init", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.Init);
        app.{|#3:MapPost|}("/computed", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.Computed);
        app.{|#4:MapPost|}("/virtual", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.Virtual);
        app.{|#5:MapPost|}("/unlisted", (Input input) => engine.Predict(input)).AddEndpointFilter(filters.Unlisted);
        app.Run();

        class Filters
        {
            public Filters() => SetInConstructor = new RequestLoggingFilter();

            public IEndpointFilter SetInConstructor { get; } = new ApiKeyEndpointFilter();
            public IEndpointFilter Settable { get; set; } = new ApiKeyEndpointFilter();
            public IEndpointFilter Init { get; init; } = new ApiKeyEndpointFilter();
            private bool _strict;
            public IEndpointFilter Computed => _strict ? new ApiKeyEndpointFilter() : new RequestLoggingFilter();
            public virtual IEndpointFilter Virtual { get; } = new ApiKeyEndpointFilter();
            public IEndpointFilter Unlisted { get; } = new RequestLoggingFilter();
        }
        """ + Types, "mlsec.authorization_filters",
        Anonymous(0, "POST /constructed", "PredictionEngine.Predict"), Anonymous(1, "POST /settable", "PredictionEngine.Predict"),
        Anonymous(2, "POST /init", "PredictionEngine.Predict"), Anonymous(3, "POST /computed", "PredictionEngine.Predict"),
        Anonymous(4, "POST /virtual", "PredictionEngine.Predict"), Anonymous(5, "POST /unlisted", "PredictionEngine.Predict"));

    /// <summary>Filters marked by an interface the option lists (<c>Contoso.Security.IAuthorizationEndpointFilter</c>), not by their class.</summary>
    private const string InterfaceFilters = """

        namespace Contoso.Security
        {
            public interface IAuthorizationEndpointFilter : IEndpointFilter { }

            public interface IAuthorizationMarker { }

            public sealed class HeaderKeyFilter : IAuthorizationEndpointFilter
            {
                public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }

            public abstract class KeyFilterBase : IAuthorizationEndpointFilter
            {
                public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }

            public sealed class QueryKeyFilter : KeyFilterBase { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class TenantOnlyAttribute : System.Attribute, IAuthorizationMarker { }

            public sealed class LoggingFilter : IEndpointFilter
            {
                public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }
        }

        namespace Contoso.Diagnostics
        {
            // Same name as the listed interface, another namespace: not listed.
            public interface IAuthorizationEndpointFilter : IEndpointFilter { }

            public sealed class TracingFilter : IAuthorizationEndpointFilter
            {
                public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
            }
        }
        """;

    private static Task VerifyWithInterfaceFilters(string source, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("using Contoso.Security;\n" + source + InterfaceFilters);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig",
            "root = true\n[*]\nmlsec.authorization_filters = Contoso.Security.IAuthorizationEndpointFilter | T:Contoso.Security.IAuthorizationMarker\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // A listed interface covers the classes that implement it, directly or through a base class.
    [Fact]
    public Task Option_ListedInterfaceCoversItsImplementations() => VerifyWithInterfaceFilters(Program("""
        app.MapPost("/generic", (Input input) => engine.Predict(input)).AddEndpointFilter<HeaderKeyFilter>();
        app.MapPost("/instance", (Input input) => engine.Predict(input)).AddEndpointFilter(new QueryKeyFilter());
        app.MapGroup("/api").AddEndpointFilter<RouteGroupBuilder, QueryKeyFilter>().MapPost("/group", (Input input) => engine.Predict(input));
        app.MapPost("/marker", [TenantOnly] (Input input) => engine.Predict(input));
        """));

    [Fact]
    public Task Flags_FilterNotImplementingTheListedInterface() => VerifyWithInterfaceFilters(Program("""
        app.{|#0:MapPost|}("/logging", (Input input) => engine.Predict(input)).AddEndpointFilter<LoggingFilter>();
        app.{|#1:MapPost|}("/lookalike", (Input input) => engine.Predict(input)).AddEndpointFilter(new Contoso.Diagnostics.TracingFilter());
        """),
        Anonymous(0, "POST /logging", "PredictionEngine.Predict"), Anonymous(1, "POST /lookalike", "PredictionEngine.Predict"));

    // A listed MVC filter attribute is only metadata on a minimal API: no MVC filter pipeline runs it there.
    [Fact]
    public Task Flags_ListedMvcFilterAttributeOnMinimalHandler() => VerifyWithEndpointFilters(Program("""
        app.{|#0:MapPost|}("/predict", [ApiKeyAuth] (Input input) => engine.Predict(input));
        """), "mlsec.authorization_filters", Anonymous(0, "POST /predict", "PredictionEngine.Predict"));

    // AllowAnonymous still wins over a listed endpoint filter.
    [Fact]
    public Task Flags_AllowAnonymousBeatsListedEndpointFilter() => VerifyWithEndpointFilters(Program("""
        app.{|#0:MapPost|}("/predict", (Input input) => engine.Predict(input)).AddEndpointFilter<ApiKeyEndpointFilter>().{|#1:AllowAnonymous|}();
        """), "mlsec.authorization_filters",
        Anonymous(0, "POST /predict", "PredictionEngine.Predict", allowAnonymous: true).WithLocation(1));

    [Fact]
    public Task NoDiagnostic_ProjectWithoutMlLibraries() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        app.MapPost("/predict", (string input) => input.Length);
        app.Run();
        """, MlReferences.Plain.AddPackages(System.Collections.Immutable.ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))));

    // ------------------------------------------------------------------ SignalR hubs

    private const string HubUsings = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;

        """;

    /// <summary>A program that maps its hubs with <paramref name="mapping"/> (statements after <c>var app = builder.Build();</c>).</summary>
    private static string HubProgram(string mapping, string setup = "") => HubUsings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSignalR();
        SETUP
        var app = builder.Build();
        MAPPING
        app.Run();

        """.Replace("SETUP", setup).Replace("MAPPING", mapping);

    /// <summary>A hub whose Ask reaches IChatClient; <paramref name="attributes"/> go on the class.</summary>
    private static string ChatHub(string attributes = "", string askAttributes = "", string ask = "Ask") => """

        ATTRIBUTES
        public class ChatHub(IChatClient chat) : Hub
        {
            ASK_ATTRIBUTES
            public async Task<string> ASK(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """.Replace("ASK_ATTRIBUTES", askAttributes).Replace("ATTRIBUTES", attributes).Replace("ASK", ask);

    private static DiagnosticResult AnonymousAsk(int location = 0, string hub = "ChatHub", bool allowAnonymous = false) =>
        Anonymous(location, hub + ".Ask", "IChatClient.GetResponseAsync", allowAnonymous);

    // The shape of the LLM chat samples: a hub streaming or returning model answers to whoever connects.
    [Fact]
    public Task Flags_HubMethodOfMappedHub() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        """) + """

        public class ChatHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#0:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;

            // Not invocable by clients, or not reaching inference: not endpoints.
            private async Task<string> Hidden(string question) => (await chat.GetResponseAsync(question)).Text;
            internal async Task<string> Internal(string question) => (await chat.GetResponseAsync(question)).Text;
            protected async Task<string> Protected(string question) => (await chat.GetResponseAsync(question)).Text;
            public static async Task<string> Static(IChatClient client, string question) => (await client.GetResponseAsync(question)).Text;
            public string Echo(string text) => text;

            // SignalR never dispatches an override of Hub's own members to a client.
            public override async Task OnConnectedAsync() => await chat.GetResponseAsync("hello");
            public override async Task OnDisconnectedAsync(System.Exception? exception) => await chat.GetResponseAsync("bye");

            // Not a hub method either: the property accessor.
            public string Greeting => chat.GetResponseAsync("greet").Result.Text;
        }
        """, AnonymousAsk());

    [Fact]
    public Task Flags_StronglyTypedHubAndMapHubWithOptions() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat", options => options.ApplicationMaxBufferSize = 64 * 1024);
        """) + """

        public interface IChatClientProxy { Task Receive(string text); }

        public class ChatHub(IChatClient chat) : Hub<IChatClientProxy>
        {
            public async Task {|#0:Ask|}(string question) => await Clients.Caller.Receive((await chat.GetResponseAsync(question)).Text);
        }
        """, AnonymousAsk());

    [Fact]
    public Task Flags_HubMethodReachingMlThroughInjectedServices()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("using Microsoft.Extensions.ML;\nusing Microsoft.ML.OnnxRuntime;\n" + HubProgram("""
            app.MapHub<ScoringHub>("/scoring");
            """) + """
            public class ScoringHub(IScorer scorer, PredictionEnginePool<In, Out> pool, InferenceSession session) : Hub
            {
                public float {|#0:Score|}(string text) => scorer.Score(text);
                public Out {|#1:Predict|}(In input) => pool.Predict(input);
                public int {|#2:Run|}() => session.Run(new NamedOnnxValue[0]).Count;
            }

            public interface IScorer { float Score(string text); }

            public sealed class Scorer(PredictionEnginePool<In, Out> pool) : IScorer
            {
                public float Score(string text) => pool.Predict(new In { Text = text }).Probability;
            }

            public class In { public string Text { get; set; } = ""; }
            public class Out { public float Probability { get; set; } }
            """);
        test.TestState.Sources.Add((MicrosoftExtensionsMLStub.Path, MicrosoftExtensionsMLStub.Source));
        test.ExpectedDiagnostics.Add(Anonymous(0, "ScoringHub.Score", "PredictionEnginePool.Predict"));
        test.ExpectedDiagnostics.Add(Anonymous(1, "ScoringHub.Predict", "PredictionEnginePool.Predict"));
        test.ExpectedDiagnostics.Add(Anonymous(2, "ScoringHub.Run", "InferenceSession.Run"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_HubMappedOnAnonymousGroupAndHelper() => Verify.VerifyAnalyzerAsync(HubProgram("""
        var realtime = app.MapGroup("/realtime").WithMetadata("hubs");
        realtime.MapHub<ChatHub>("/chat");
        app.MapHubs();
        """) + ChatHub(ask: "{|#0:Ask|}") + """

        public class AssistantHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#1:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        static class HubRoutes
        {
            public static IEndpointRouteBuilder MapHubs(this IEndpointRouteBuilder routes)
            {
                routes.MapHub<AssistantHub>("/assistant");
                return routes;
            }
        }
        """, AnonymousAsk(0), AnonymousAsk(1, "AssistantHub"));

    // A public method of a base hub is invocable through the mapped derived hub; reported once, on its declaration.
    [Fact]
    public Task Flags_InheritedHubMethod() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<SupportHub>("/support");
        app.MapHub<SalesHub>("/sales");
        """) + """

        public abstract class AssistantHubBase(IChatClient chat) : Hub
        {
            public async Task<string> {|#0:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;

            public virtual async Task<string> {|#1:Summarize|}(string text) => (await chat.GetResponseAsync(text)).Text;
        }

        public class SupportHub(IChatClient chat) : AssistantHubBase(chat) { }

        // Overrides Summarize: clients of this hub invoke the override, which reaches no model.
        public class SalesHub(IChatClient chat) : AssistantHubBase(chat)
        {
            public override Task<string> Summarize(string text) => Task.FromResult(text);
        }
        """,
        Anonymous(0, "AssistantHubBase.Ask", "IChatClient.GetResponseAsync"),
        Anonymous(1, "AssistantHubBase.Summarize", "IChatClient.GetResponseAsync"));

    [Fact]
    public Task Flags_AllowAnonymousOnMapHubOrHubBeatsAuthorization() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat").{|#1:AllowAnonymous|}();
        app.MapHub<OpenHub>("/open").RequireAuthorization();
        """, """
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        """) + ChatHub(ask: "{|#0:Ask|}") + """

        [{|#3:AllowAnonymous|}]
        public class OpenHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#2:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """,
        AnonymousAsk(0, allowAnonymous: true).WithLocation(1),
        AnonymousAsk(2, "OpenHub", allowAnonymous: true).WithLocation(3));

    // A hub mapped twice is open when one of its mappings is.
    [Fact]
    public Task Flags_HubMappedTwiceOnceWithoutAuthorization() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat").RequireAuthorization();
        app.MapHub<ChatHub>("/legacy-chat");
        """) + ChatHub(ask: "{|#0:Ask|}"), AnonymousAsk());

    // SignalR authorizes an invocation with the method's AuthorizeAttribute only; another IAuthorizeData there is ignored.
    [Fact]
    public Task Flags_IAuthorizeDataOtherThanAuthorizeAttributeOnHubMethod() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        """) + ChatHub(askAttributes: "[RequireMlClient]", ask: "{|#0:Ask|}") + """

        public sealed class RequireMlClientAttribute : System.Attribute, IAuthorizeData
        {
            public string? Policy { get; set; } = "ml";
            public string? Roles { get; set; }
            public string? AuthenticationSchemes { get; set; }
        }
        """, AnonymousAsk());

    [Fact]
    public Task NoDiagnostic_HubNeverMapped() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapGet("/", () => "ok");
        """) + ChatHub());

    [Fact]
    public Task NoDiagnostic_AuthorizeOnHubBaseHubOrMethod() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        app.MapHub<DerivedHub>("/derived");
        app.MapHub<MethodHub>("/method");
        app.MapHub<OverrideHub>("/override");
        """) + ChatHub(attributes: "[Authorize(Policy = \"ml\")]") + """

        [Authorize]
        public abstract class SecureHub : Hub { }

        public class DerivedHub(IChatClient chat) : SecureHub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class MethodHub(IChatClient chat) : Hub
        {
            [Authorize]
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public abstract class AuthorizedMethodBase : Hub
        {
            [Authorize]
            public abstract Task<string> Ask(string question);
        }

        // SignalR reads the method's attributes with inherit: true, so the overridden method's [Authorize] applies.
        public class OverrideHub(IChatClient chat) : AuthorizedMethodBase
        {
            public override async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    // The connection is open, but SignalR checks the method's [Authorize] on each invocation; and an [AllowAnonymous]
    // on a hub method is ignored by SignalR, so it does not open an authorized hub.
    [Fact]
    public Task NoDiagnostic_AuthorizeOnMethodOfOpenHubAndAllowAnonymousOnMethodOfAuthorizedHub() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat").AllowAnonymous();
        app.MapHub<SecureHub>("/secure");
        """) + ChatHub(askAttributes: "[Authorize]") + """

        [Authorize]
        public class SecureHub(IChatClient chat) : Hub
        {
            [AllowAnonymous]
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Fact]
    public Task NoDiagnostic_RequireAuthorizationOnMapHubGroupOrOptions() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat").RequireAuthorization("ml-clients");
        var secure = app.MapGroup("/secure").RequireAuthorization();
        secure.MapHub<GroupHub>("/hub");
        app.MapHub<OptionsHub>("/options", o => o.AuthorizationData.Add(new AuthorizeAttribute("ml-clients")));
        """) + ChatHub() + """

        public class GroupHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class OptionsHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    // The options configured by a method group of the compilation count like the lambda form.
    [Fact]
    public Task NoDiagnostic_AuthorizationDataAddedByMethodGroup() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat", HubSetup.Configure);
        app.MapHub<LocalHub>("/local", Configure);

        static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
            options.AuthorizationData.Add(new AuthorizeAttribute("ml-clients"));
        """) + ChatHub() + """

        public class LocalHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class HubSetup
        {
            public static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options)
            {
                options.ApplicationMaxBufferSize = 64 * 1024;
                options.AuthorizationData.Add(new AuthorizeAttribute());
            }
        }
        """);

    // Not from options that add no AuthorizationData, nor from a virtual method (an override may run instead).
    [Fact]
    public Task Flags_MethodGroupOptionsWithoutAuthorizationData() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat", HubSetup.Configure);
        app.MapHub<VirtualHub>("/virtual", new VirtualSetup().Configure);
        """) + ChatHub(ask: "{|#0:Ask|}") + """

        public class VirtualHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#1:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class HubSetup
        {
            public static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.ApplicationMaxBufferSize = 64 * 1024;
        }

        public class VirtualSetup
        {
            public virtual void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.AuthorizationData.Add(new AuthorizeAttribute());
        }
        """, AnonymousAsk(), AnonymousAsk(1, "VirtualHub"));

    // A lambda handing the options to a method of the compilation counts like the method group.
    [Fact]
    public Task NoDiagnostic_AuthorizationDataAddedByAMethodTheLambdaCalls() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat", o => HubSetup.Configure(o));
        app.MapHub<BlockHub>("/block", o => { o.ApplicationMaxBufferSize = 1024; HubSetup.Configure(o); });
        app.MapHub<ExtensionHub>("/extension", o => o.Secure());
        app.MapHub<LocalHub>("/local", o => Configure(o));

        static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
            options.AuthorizationData.Add(new AuthorizeAttribute("ml-clients"));
        """) + ChatHub() + """

        public class BlockHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class ExtensionHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class LocalHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class HubSetup
        {
            public static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.AuthorizationData.Add(new AuthorizeAttribute());

            public static void Secure(this Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.AuthorizationData.Add(new AuthorizeAttribute());
        }
        """);

    // Not from a method that adds none, a virtual one (an override may run instead), or one the options are not given to.
    [Fact]
    public Task Flags_LambdaOptionsCallingNoMethodThatAddsAuthorizationData() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat", o => HubSetup.Tune(o));
        app.MapHub<VirtualHub>("/virtual", o => new VirtualSetup().Configure(o));
        app.MapHub<OtherHub>("/other", o => HubSetup.Configure(new Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions()));
        """) + ChatHub(ask: "{|#0:Ask|}") + """

        public class VirtualHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#1:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class OtherHub(IChatClient chat) : Hub
        {
            public async Task<string> {|#2:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class HubSetup
        {
            public static void Tune(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.ApplicationMaxBufferSize = 64 * 1024;

            public static void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.AuthorizationData.Add(new AuthorizeAttribute());
        }

        public class VirtualSetup
        {
            public virtual void Configure(Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions options) =>
                options.AuthorizationData.Add(new AuthorizeAttribute());
        }
        """, AnonymousAsk(), AnonymousAsk(1, "VirtualHub"), AnonymousAsk(2, "OtherHub"));

    [Fact]
    public Task NoDiagnostic_ConventionHelperOnMapHubOrItsGroup() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat").Secured();
        app.MapGroup("/hubs").Secured().MapHub<GroupHub>("/hub");
        """) + ChatHub() + """

        public class GroupHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class EndpointSecurity
        {
            public static TBuilder Secured<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                => builder.RequireAuthorization("ml-clients");
        }
        """);

    [Fact]
    public Task NoDiagnostic_StaticConventionHelperOnMapHubOrItsGroup() => Verify.VerifyAnalyzerAsync(HubProgram("""
        EndpointSecurity.Secure(app.MapHub<ChatHub>("/chat"));
        var hubs = app.MapGroup("/hubs");
        EndpointSecurity.Secure(hubs);
        hubs.MapHub<GroupHub>("/hub");
        """) + ChatHub() + """

        public class GroupHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public static class EndpointSecurity
        {
            public static void Secure(IEndpointConventionBuilder builder) => builder.RequireAuthorization("ml-clients");
        }
        """);

    // A route-builder helper that maps the hub on the group it is given and authorizes that group in its body.
    [Fact]
    public Task NoDiagnostic_HubMappedByHelperThatAuthorizesItsGroup() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapGroup("/hubs").MapChat();
        """) + ChatHub() + """

        public static class HubRoutes
        {
            public static RouteGroupBuilder MapChat(this RouteGroupBuilder hubs)
            {
                hubs.MapHub<ChatHub>("/chat");
                hubs.RequireAuthorization();
                return hubs;
            }
        }
        """);

    [Fact]
    public Task Flags_StaticHelperThatDoesNotAuthorizeMapHub() => Verify.VerifyAnalyzerAsync(HubProgram("""
        EndpointSecurity.Tag(app.MapHub<ChatHub>("/chat"));
        """) + ChatHub(ask: "{|#0:Ask|}") + """

        public static class EndpointSecurity
        {
            public static void Tag(IEndpointConventionBuilder builder) => builder.WithMetadata("tagged");
        }
        """, AnonymousAsk());

    [Fact]
    public Task NoDiagnostic_FallbackPolicyCoversHub() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        """, """
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        """) + ChatHub());

    // MapHub<THub> inside a generic helper names no hub: the hubs it maps are not known, so none is reported for it.
    [Fact]
    public Task NoDiagnostic_HubMappedOnlyThroughGenericHelper() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapHubAt<ChatHub>("/chat");
        """) + ChatHub() + """

        static class HubRoutes
        {
            public static HubEndpointConventionBuilder MapHubAt<THub>(this IEndpointRouteBuilder routes, string pattern) where THub : Hub =>
                routes.MapHub<THub>(pattern);
        }
        """);

    // A class named like a hub, or deriving from a look-alike Hub, is not a SignalR hub.
    [Fact]
    public Task NoDiagnostic_LookAlikeHubs() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        Contoso.Realtime.HubRoutes.MapHub<ChatHub>(app, "/chat");
        app.Run();

        public class ChatHub(IChatClient chat) : Contoso.Realtime.Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class AnswerHub(IChatClient chat)
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        namespace Contoso.Realtime
        {
            public abstract class Hub { }

            public static class HubRoutes
            {
                public static void MapHub<THub>(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes, string pattern) where THub : Hub { }
            }
        }
        """);

    // A web project that maps no hub: SignalR is referenced (shared framework), nothing is reported for it.
    [Fact]
    public Task NoDiagnostic_WebProjectWithoutHubs() => Verify.VerifyAnalyzerAsync(HubProgram("""
        app.MapPost("/chat", async (IChatClient chat, string question) => (await chat.GetResponseAsync(question)).Text).RequireAuthorization();
        """) + """

        public class ChatService(IChatClient chat)
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    // ------------------------------------------------------------------ options: hub filters and attributes

    private const string HubFilters = """

        namespace Contoso.Security
        {
            public sealed class ApiKeyHubFilter : IHubFilter { }

            public sealed class LoggingHubFilter : IHubFilter { }

            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Class)]
            public sealed class ApiKeyAttribute : System.Attribute { }
        }
        """;

    private static Task VerifyWithHubFilters(string source, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("using Contoso.Security;\n" + source + HubFilters);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*]
            mlsec.authorization_filters = Contoso.Security.ApiKeyHubFilter | Contoso.Security.ApiKeyAttribute
            """));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Theory]
    [InlineData("builder.Services.AddSignalR(o => o.AddFilter<ApiKeyHubFilter>());")]
    [InlineData("builder.Services.AddSignalR(o => o.AddFilter(new ApiKeyHubFilter()));")]
    [InlineData("builder.Services.AddSignalR(o => o.AddFilter(typeof(ApiKeyHubFilter)));")]
    [InlineData("builder.Services.AddSignalR().AddHubOptions<ChatHub>(o => o.AddFilter<ApiKeyHubFilter>());")]
    [InlineData("IHubFilter hubFilter = new ApiKeyHubFilter();\nbuilder.Services.AddSignalR(o => o.AddFilter(hubFilter));")]
    public Task Option_ListedHubFilter(string registration) => VerifyWithHubFilters(HubProgram("""
        app.MapHub<ChatHub>("/chat").AllowAnonymous();
        """, registration).Replace("builder.Services.AddSignalR();\n", "") + ChatHub());

    [Fact]
    public Task Option_ListedHubFilterInAGetterOnlyProperty() => VerifyWithHubFilters(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        """, "builder.Services.AddSignalR(o => o.AddFilter(HubFilters.Shared));").Replace("builder.Services.AddSignalR();\n", "") + ChatHub() + """

        static class HubFilters
        {
            public static IHubFilter Shared { get; } = new ApiKeyHubFilter();
        }
        """);

    [Fact]
    public Task Option_ListedAttributeOnHubOrHubMethod() => VerifyWithHubFilters(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        app.MapHub<MarkedHub>("/marked");
        """) + ChatHub(askAttributes: "[ApiKey]") + """

        [ApiKey]
        public class MarkedHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Fact]
    public Task Flags_UnlistedHubFilterOrFilterOfAnotherHub() => VerifyWithHubFilters(HubProgram("""
        app.MapHub<ChatHub>("/chat");
        app.MapHub<OtherHub>("/other");
        """, """
        builder.Services.AddSignalR(o => o.AddFilter<LoggingHubFilter>()).AddHubOptions<OtherHub>(o => o.AddFilter<ApiKeyHubFilter>());
        """).Replace("builder.Services.AddSignalR();\n", "") + ChatHub(ask: "{|#0:Ask|}") + """

        public class OtherHub : Hub { }
        """, AnonymousAsk());

    // ------------------------------------------------------------------ Azure Functions

    private static DiagnosticResult AnonymousFunction(int location, string function, string call) =>
        Verify.Diagnostic(Descriptors.MLSEC010_AnonymousModelEndpoint).WithLocation(location)
            .WithArguments("function " + function, call, "AuthorizationLevel.Anonymous opens it to everyone");

    private static Task VerifyFunctions(string source, ReferenceAssemblies references, string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest(references);
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add((MicrosoftExtensionsMLStub.Path, MicrosoftExtensionsMLStub.Source));
        if (editorConfig is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private const string FunctionTypes = """

        public class In { public string Text { get; set; } = ""; }
        public class Out { public bool Prediction { get; set; } }
        """;

    // The isolated worker: [Function] on the method, [HttpTrigger] of Microsoft.Azure.Functions.Worker on a parameter.
    [Fact]
    public Task Flags_IsolatedWorkerAnonymousFunctionRunningAModel() => VerifyFunctions("""
        using System.Threading.Tasks;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.Extensions.ML;
        using Microsoft.ML;

        public class PredictFunction(PredictionEnginePool<In, Out> pool, PredictionEngine<In, Out> engine)
        {
            [Function("Predict")]
            public async Task<HttpResponseData> {|#0:Run|}([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "predict")] HttpRequestData req)
            {
                var input = await req.ReadFromJsonAsync<In>();
                var response = req.CreateResponse();
                await response.WriteAsJsonAsync(pool.Predict(input!));
                return response;
            }

            [Function(nameof(Score))]
            public Out {|#1:Score|}([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequestData req, In input) => engine.Predict(input);

            // Levels a key or EasyAuth guards, and the default (Function).
            [Function("Keyed")]
            public Out Keyed([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req, In input) => engine.Predict(input);

            [Function("Admin")]
            public Out Admin([HttpTrigger(AuthorizationLevel.Admin, "post")] HttpRequestData req, In input) => engine.Predict(input);

            [Function("System")]
            public Out SystemKey([HttpTrigger(AuthorizationLevel.System, "post")] HttpRequestData req, In input) => engine.Predict(input);

            [Function("User")]
            public Out UserLevel([HttpTrigger(AuthorizationLevel.User, "post")] HttpRequestData req, In input) => engine.Predict(input);

            [Function("Default")]
            public Out Default([HttpTrigger("post")] HttpRequestData req, In input) => engine.Predict(input);

            // No named level: not reported (precision first).
            [Function("Unnamed")]
            public Out Unnamed([HttpTrigger((AuthorizationLevel)7, "post")] HttpRequestData req, In input) => engine.Predict(input);
        }
        """ + FunctionTypes, MlReferences.FunctionsIsolated, null,
        AnonymousFunction(0, "Predict", "PredictionEnginePool.Predict"), AnonymousFunction(1, "Score", "PredictionEngine.Predict"));

    // An LLM behind a service the function is given (constructor injection), followed like a minimal API's handler.
    [Fact]
    public Task Flags_IsolatedWorkerAnonymousFunctionCallingAnLlmThroughAService() => VerifyFunctions("""
        using System.Threading.Tasks;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using OpenAI.Chat;

        public interface IAssistant { Task<string> AskAsync(string prompt); }

        public sealed class Assistant(ChatClient client) : IAssistant
        {
            public async Task<string> AskAsync(string prompt)
            {
                ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage(prompt));
                return completion.Content[0].Text;
            }
        }

        public class ChatFunctions(IAssistant assistant)
        {
            [Function("Chat")]
            public async Task<string> {|#0:Ask|}([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chat")] HttpRequestData req) =>
                await assistant.AskAsync(await req.ReadAsStringAsync() ?? "");

            [Function("Keyed")]
            public async Task<string> Keyed([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req) =>
                await assistant.AskAsync(await req.ReadAsStringAsync() ?? "");
        }
        """, MlReferences.FunctionsIsolated, null, AnonymousFunction(0, "Chat", "ChatClient.CompleteChatAsync"));

    // The in-process model, as Microsoft's ScalableMLModelOnAzureFunction sample serves ML.NET: [FunctionName] and the
    // [HttpTrigger] of Microsoft.Azure.WebJobs.
    [Fact]
    public Task Flags_InProcessAnonymousFunctionRunningAModel() => VerifyFunctions("""
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;
        using Microsoft.Extensions.ML;
        using Microsoft.ML;
        using Newtonsoft.Json;
        using OpenAI.Chat;

        public class Predict(PredictionEnginePool<In, Out> pool)
        {
            [FunctionName("Predict")]
            public async Task<IActionResult> {|#0:Run|}([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = null)] HttpRequest req)
            {
                var body = await new StreamReader(req.Body).ReadToEndAsync();
                var input = JsonConvert.DeserializeObject<In>(body);
                return new OkObjectResult(pool.Predict(input!));
            }

            [FunctionName("Keyed")]
            public IActionResult Keyed([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req) => new OkObjectResult(pool.Predict(new In()));

            [FunctionName("Default")]
            public IActionResult Default([HttpTrigger("post")] HttpRequest req) => new OkObjectResult(pool.Predict(new In()));
        }

        public static class ChatFunction
        {
            [FunctionName("Chat")]
            public static async Task<string> {|#1:Ask|}([HttpTrigger(authLevel: AuthorizationLevel.Anonymous, "post")] HttpRequest req, ChatClient chat) =>
                (await chat.CompleteChatAsync(await new StreamReader(req.Body).ReadToEndAsync())).Value.Content[0].Text;
        }
        """ + FunctionTypes, MlReferences.FunctionsInProcess, null,
        AnonymousFunction(0, "Predict", "PredictionEnginePool.Predict"), AnonymousFunction(1, "Chat", "ChatClient.CompleteChatAsync"));

    // Anonymous functions that run no model, and a timer-triggered function that does: no HTTP endpoint serves a model.
    [Fact]
    public Task NoDiagnostic_AnonymousFunctionWithoutInferenceOrNonHttpTrigger() => VerifyFunctions("""
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.ML;

        public class Functions(PredictionEngine<In, Out> engine)
        {
            [Function("Health")]
            public string Health([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req) => "ok";

            [Function("Nightly")]
            public void Nightly([TimerTrigger("0 0 3 * * *")] TimerInfo timer) => engine.Predict(new In());

            // An inference call in a method that is no function.
            public Out Helper(In input) => engine.Predict(input);
        }
        """ + FunctionTypes, MlReferences.FunctionsIsolated);

    // Attributes named like the Functions ones in another namespace are not the host's: nothing reads their level.
    private const string LookAlikeFunctionAttributes = """

        namespace Contoso.Functions
        {
            public enum AuthorizationLevel { Anonymous, Function }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class FunctionAttribute(string name) : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class FunctionNameAttribute(string name) : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Parameter)]
            public sealed class HttpTriggerAttribute(AuthorizationLevel level, params string[] methods) : System.Attribute { }
        }
        """;

    [Fact]
    public Task NoDiagnostic_LookAlikeFunctionAttributes() => VerifyFunctions("""
        using Microsoft.ML;
        using Contoso.Functions;
        using Worker = Microsoft.Azure.Functions.Worker;

        public class Functions(PredictionEngine<In, Out> engine)
        {
            [Function("Predict")]
            public Out Predict([HttpTrigger(AuthorizationLevel.Anonymous, "post")] object req, In input) => engine.Predict(input);

            [FunctionName("Predict2")]
            public Out Predict2([HttpTrigger(AuthorizationLevel.Anonymous, "post")] object req, In input) => engine.Predict(input);

            // The real [Function] with a look-alike trigger, and a look-alike [Function] with the real trigger.
            [Worker.Function("Mixed")]
            public Out Mixed([HttpTrigger(AuthorizationLevel.Anonymous, "post")] object req, In input) => engine.Predict(input);

            [Function("Mixed2")]
            public Out Mixed2([Worker.HttpTrigger(Worker.AuthorizationLevel.Anonymous, "post")] object req, In input) => engine.Predict(input);
        }
        """ + LookAlikeFunctionAttributes + FunctionTypes, MlReferences.FunctionsIsolated);

    // Without the Functions packages the look-alikes are all there is: nothing is a function.
    [Fact]
    public Task NoDiagnostic_LookAlikeFunctionAttributesWithoutFunctionsPackages() => VerifyFunctions("""
        using Microsoft.ML;
        using Contoso.Functions;

        public class Functions(PredictionEngine<In, Out> engine)
        {
            [Function("Predict")]
            public Out Predict([HttpTrigger(AuthorizationLevel.Anonymous, "post")] object req, In input) => engine.Predict(input);
        }
        """ + LookAlikeFunctionAttributes + FunctionTypes, MlReferences.WithAspNetCore);

    // Worker middleware can authorize by an attribute of the app's own: listed in mlsec.authorization_filters, it counts
    // on the function or its class. [Authorize] does not: the Functions host ignores it.
    [Fact]
    public Task Option_ListedAttributeAuthorizesAnAnonymousFunction() => VerifyFunctions("""
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.ML;

        namespace Contoso.Security
        {
            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Class)]
            public sealed class ApiKeyAttribute : System.Attribute { }
        }

        public class Marked(PredictionEngine<In, Out> engine)
        {
            [Function("Marked"), Contoso.Security.ApiKey]
            public Out Predict([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, In input) => engine.Predict(input);
        }

        [Contoso.Security.ApiKey]
        public class MarkedClass(PredictionEngine<In, Out> engine)
        {
            [Function("MarkedClass")]
            public Out Predict([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, In input) => engine.Predict(input);
        }

        public class Authorized(PredictionEngine<In, Out> engine)
        {
            [Function("Authorized"), Authorize]
            public Out {|#0:Predict|}([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, In input) => engine.Predict(input);
        }
        """ + FunctionTypes, MlReferences.FunctionsIsolated.AddPackages(ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))),
        "mlsec.MLSEC010.authorization_filters = Contoso.Security.ApiKeyAttribute",
        AnonymousFunction(0, "Authorized", "PredictionEngine.Predict"));

    // ------------------------------------------------------------------ MediatR

    // A clean-architecture app: the endpoint sends a request, MediatR hands it to the project's handler, which runs the
    // model. MediatR 5.1.0, the version served here (IMediator.Send, IRequestHandler<TRequest, TResponse>, the library's
    // RequestHandler<,>/AsyncRequestHandler<> base classes whose protected Handle the project overrides).
    private const string MediatRUsings = """
        using System.Threading;
        using System.Threading.Tasks;
        using MediatR;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        using OpenAI.Chat;

        """;

    private const string MediatRTypes = """

        public class Input { public float X { get; set; } }
        public class Prediction { public float Label { get; set; } }

        public sealed class PredictCommand : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class PredictHandler(PredictionEngine<Input, Prediction> engine) : IRequestHandler<PredictCommand, Prediction>
        {
            public Task<Prediction> Handle(PredictCommand request, CancellationToken cancellationToken) =>
                Task.FromResult(engine.Predict(request.Input));
        }

        public sealed class AskQuery : IRequest<string> { public string Prompt { get; set; } = ""; }

        public sealed class AskHandler(ChatClient client) : IRequestHandler<AskQuery, string>
        {
            public async Task<string> Handle(AskQuery request, CancellationToken cancellationToken)
            {
                ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage(request.Prompt));
                return completion.Content[0].Text;
            }
        }
        """;

    [Fact]
    public Task Flags_MinimalApiSendingAMediatRRequestToAHandlerThatRunsAModel() => Verify.VerifyAnalyzerAsync(MediatRUsings + """
        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/predict", (PredictCommand cmd, IMediator mediator) => mediator.Send(cmd));
        app.{|#1:MapPost|}("/ask", async (string prompt, IMediator mediator) => await mediator.Send(new AskQuery { Prompt = prompt }));
        app.{|#2:MapPost|}("/label", (Input input, IMediator mediator) => mediator.Send(new LabelCommand { Input = input }));
        app.{|#3:MapPost|}("/log", (Input input, IMediator mediator) => mediator.Send(new LogPrediction { Input = input }));
        app.Run();

        // Handlers built on MediatR's base classes: the project's override of their protected Handle is the body.
        public sealed class LabelCommand : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class LabelHandler(PredictionEngine<Input, Prediction> engine) : RequestHandler<LabelCommand, Prediction>
        {
            protected override Prediction Handle(LabelCommand request) => engine.Predict(request.Input);
        }

        public sealed class LogPrediction : IRequest { public Input Input { get; set; } = new(); }

        public sealed class LogPredictionHandler(PredictionEngine<Input, Prediction> engine) : AsyncRequestHandler<LogPrediction>
        {
            protected override Task Handle(LogPrediction request, CancellationToken cancellationToken)
            {
                engine.Predict(request.Input);
                return Task.CompletedTask;
            }
        }
        """ + MediatRTypes, MlReferences.WithMediatR,
        Anonymous(0, "POST /predict", "PredictionEngine.Predict"), Anonymous(1, "POST /ask", "ChatClient.CompleteChatAsync"),
        Anonymous(2, "POST /label", "PredictionEngine.Predict"), Anonymous(3, "POST /log", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_ControllerActionSendingAMediatRRequest() => Verify.VerifyAnalyzerAsync(MediatRUsings + """
        [ApiController]
        [Route("chat")]
        public class ChatController(IMediator mediator) : ControllerBase
        {
            [HttpPost("ask")]
            public Task<string> {|#0:Ask|}(AskQuery query) => mediator.Send(query);

            [HttpPost("predict")]
            public async Task<IActionResult> {|#1:Predict|}(Input input, CancellationToken cancellationToken) =>
                Ok(await mediator.Send(new PredictCommand { Input = input }, cancellationToken));

            // [Authorize] on the action: the request reaches the model, but only for an authorized caller.
            [HttpPost("secured"), Authorize]
            public Task<string> Secured(AskQuery query) => mediator.Send(query);
        }

        [Authorize]
        [ApiController]
        [Route("secure")]
        public class SecureController(IMediator mediator) : ControllerBase
        {
            [HttpPost]
            public Task<string> Ask(AskQuery query) => mediator.Send(query);
        }
        """ + MediatRTypes, MlReferences.WithMediatR,
        Anonymous(0, "ChatController.Ask", "ChatClient.CompleteChatAsync"), Anonymous(1, "ChatController.Predict", "PredictionEngine.Predict"));

    // The Send counts as one call level: the handler's Handle is level 1, what it calls levels 2 and 3, and no deeper.
    [Fact]
    public Task Flags_MediatRHandlerWithinTheCallLevelBudget() => Verify.VerifyAnalyzerAsync(MediatRUsings + """
        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/deep", (DeepCommand cmd, IMediator mediator) => mediator.Send(cmd));
        app.MapPost("/deeper", (DeeperCommand cmd, IMediator mediator) => mediator.Send(cmd));
        app.Run();

        public interface IScorer { Prediction Score(Input input); }

        public sealed class Scorer(PredictionEngine<Input, Prediction> engine) : IScorer
        {
            public Prediction Score(Input input) => Run(input);
            private Prediction Run(Input input) => engine.Predict(input);
        }

        public sealed class DeepCommand : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class DeepHandler(IScorer scorer) : IRequestHandler<DeepCommand, Prediction>
        {
            public Task<Prediction> Handle(DeepCommand request, CancellationToken cancellationToken) => Task.FromResult(scorer.Score(request.Input));
        }

        public sealed class DeeperCommand : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class DeeperHandler(IScorer scorer) : IRequestHandler<DeeperCommand, Prediction>
        {
            public Task<Prediction> Handle(DeeperCommand request, CancellationToken cancellationToken) => Task.FromResult(Wrap(request.Input));
            private Prediction Wrap(Input input) => scorer.Score(input);
        }
        """ + MediatRTypes, MlReferences.WithMediatR, Anonymous(0, "POST /deep", "PredictionEngine.Predict"));

    [Fact]
    public Task NoDiagnostic_MediatRRequestsThatReachNoModelOrAreAuthorized() => Verify.VerifyAnalyzerAsync(MediatRUsings + """
        var app = WebApplication.Create(args);
        // The handler does no inference.
        app.MapPost("/ping", (PingCommand cmd, IMediator mediator) => mediator.Send(cmd));
        // No handler of the request's type in the project.
        app.MapPost("/orphan", (OrphanCommand cmd, IMediator mediator) => mediator.Send(cmd));
        // Authorized endpoints.
        app.MapPost("/predict", (PredictCommand cmd, IMediator mediator) => mediator.Send(cmd)).RequireAuthorization();
        app.MapPost("/ask", [Authorize] (AskQuery query, IMediator mediator) => mediator.Send(query));
        // The static type is an abstract base of the request: MediatR picks the handler by the runtime type (never the
        // abstract one, so ScoreBaseHandler does not run), and which derived type it is is not known here.
        app.MapPost("/base", (IMediator mediator) => mediator.Send(Requests.Any()));
        // A handler of the base type does not run for a derived request (MediatR resolves the exact type).
        app.MapPost("/derived", (DerivedScore cmd, IMediator mediator) => mediator.Send(cmd));
        app.Run();

        public sealed class PingCommand : IRequest<string> { }

        public sealed class PingHandler : IRequestHandler<PingCommand, string>
        {
            public Task<string> Handle(PingCommand request, CancellationToken cancellationToken) => Task.FromResult("pong");
        }

        public sealed class OrphanCommand : IRequest<Prediction> { }

        public abstract class ScoreBase : IRequest<Prediction> { public Input Input { get; set; } = new(); }
        public sealed class ScoreCommand : ScoreBase { }
        public sealed class DerivedScore : ScoreBase { }

        public sealed class ScoreHandler(PredictionEngine<Input, Prediction> engine) : IRequestHandler<ScoreCommand, Prediction>
        {
            public Task<Prediction> Handle(ScoreCommand request, CancellationToken cancellationToken) => Task.FromResult(engine.Predict(request.Input));
        }

        public sealed class ScoreBaseHandler(PredictionEngine<Input, Prediction> engine) : IRequestHandler<ScoreBase, Prediction>
        {
            public Task<Prediction> Handle(ScoreBase request, CancellationToken cancellationToken) => Task.FromResult(engine.Predict(request.Input));
        }

        public static class Requests
        {
            public static ScoreBase Any() => new ScoreCommand();
        }
        """ + MediatRTypes, MlReferences.WithMediatR);

    // Look-alike mediators (IMediator/ISender of another namespace, taking MediatR's own IRequest<T>): in the project,
    // an interface method with no implementation; in a referenced library, a Send that is matched by its type, not its
    // name. Neither is a dispatch to MediatR's handlers.
    [Fact]
    public Task NoDiagnostic_LookAlikeMediators()
    {
        var test = Verify.CreateTest(MlReferences.WithMediatR);
        test.TestState.AdditionalProjects["Contoso.Messaging"].Sources.Add(("/Messaging/Mediator.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using MediatR;

            namespace Contoso.Messaging
            {
                public interface IMediator { Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default); }
                public interface ISender { Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default); }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Contoso.Messaging");
        test.TestState.Sources.Add(MediatRUsings + """
            var app = WebApplication.Create(args);
            app.MapPost("/library", (PredictCommand cmd, Contoso.Messaging.IMediator mediator) => mediator.Send(cmd));
            app.MapPost("/sender", (AskQuery query, Contoso.Messaging.ISender sender) => sender.Send(query));
            app.MapPost("/project", (PredictCommand cmd, Contoso.Local.IMediator mediator) => mediator.Send(cmd));
            app.Run();

            namespace Contoso.Local
            {
                public interface IMediator { Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default); }
            }
            """ + MediatRTypes);
        return test.RunAsync();
    }

    // martinothamar's source-generated Mediator (Mediator.Abstractions 3.0.2; the generator itself is not referenced,
    // its abstractions declare ISender/IMediator and the handler interfaces): Send returns a ValueTask, handlers are
    // IRequestHandler, ICommandHandler or IQueryHandler.
    private const string MediatorUsings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        using OpenAI.Chat;

        """;

    private const string MediatorTypes = """

        public class Input { public float X { get; set; } }
        public class Prediction { public float Label { get; set; } }
        public sealed class Result { public string Text { get; set; } = ""; }

        public sealed record AnalyzeReviewTrends(string Reviews) : ICommand<Result>;

        public sealed class AnalyzeReviewTrendsHandler(ChatClient client) : ICommandHandler<AnalyzeReviewTrends, Result>
        {
            public async ValueTask<Result> Handle(AnalyzeReviewTrends command, CancellationToken ct)
            {
                ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage(command.Reviews));
                return new Result { Text = completion.Content[0].Text };
            }
        }

        public sealed record PredictQuery(Input Input) : IQuery<Prediction>;

        public sealed class PredictQueryHandler(PredictionEngine<Input, Prediction> engine) : IQueryHandler<PredictQuery, Prediction>
        {
            public ValueTask<Prediction> Handle(PredictQuery query, CancellationToken cancellationToken) => new(engine.Predict(query.Input));
        }

        public sealed class PredictRequest : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class PredictRequestHandler(PredictionEngine<Input, Prediction> engine) : IRequestHandler<PredictRequest, Prediction>
        {
            public ValueTask<Prediction> Handle(PredictRequest request, CancellationToken cancellationToken) => new(engine.Predict(request.Input));
        }

        // A command without a response: ICommandHandler<TCommand> extends ICommandHandler<TCommand, Unit>.
        public sealed class LogPrediction : ICommand { public Input Input { get; set; } = new(); }

        public sealed class LogPredictionHandler(PredictionEngine<Input, Prediction> engine) : ICommandHandler<LogPrediction>
        {
            public ValueTask<Unit> Handle(LogPrediction command, CancellationToken cancellationToken)
            {
                engine.Predict(command.Input);
                return Unit.ValueTask;
            }
        }
        """;

    [Fact]
    public Task Flags_MinimalApiSendingAMediatorCommandToAHandlerThatCallsAChatModel() => Verify.VerifyAnalyzerAsync(MediatorUsings + """
        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/reviews/trends", async (AnalyzeReviewTrends command, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(command, ct);
            return result.Text;
        });
        app.{|#1:MapPost|}("/log", (Input input, IMediator mediator) => mediator.Send(new LogPrediction { Input = input }));
        app.{|#2:MapPost|}("/predict", (PredictRequest request, IMediator mediator) => mediator.Send(request));
        app.Run();
        """ + MediatorTypes, MlReferences.WithMediatorSourceGenerated,
        Anonymous(0, "POST /reviews/trends", "ChatClient.CompleteChatAsync"), Anonymous(1, "POST /log", "PredictionEngine.Predict"),
        Anonymous(2, "POST /predict", "PredictionEngine.Predict"));

    [Fact]
    public Task Flags_EndpointsSendingAMediatorQueryToAHandlerThatRunsAModel() => Verify.VerifyAnalyzerAsync(MediatorUsings + """
        var app = WebApplication.Create(args);
        app.{|#0:MapGet|}("/predict", async (float x, ISender sender) => (await sender.Send(new PredictQuery(new Input { X = x }))).Label);
        app.Run();

        [ApiController]
        [Route("scores")]
        public class ScoresController(IMediator mediator) : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> {|#1:Score|}(Input input, CancellationToken cancellationToken) =>
                Ok(await mediator.Send(new PredictQuery(input), cancellationToken));
        }
        """ + MediatorTypes, MlReferences.WithMediatorSourceGenerated,
        Anonymous(0, "GET /predict", "PredictionEngine.Predict"), Anonymous(1, "ScoresController.Score", "PredictionEngine.Predict"));

    // The Mediator class its source generator writes into the project (here a stand-in with one monomorphized Send):
    // its Send is declared in the compilation, but reaches the handler through the service container only; it counts
    // as the dispatch to the handler.
    [Fact]
    public Task Flags_SendOnTheGeneratedMediatorClass() => Verify.VerifyAnalyzerAsync(MediatorUsings + """
        using System.Collections.Generic;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/reviews/trends", async (AnalyzeReviewTrends command, AppMediator mediator, CancellationToken ct) =>
            (await mediator.Send(command, ct)).Text);
        app.Run();

        public sealed partial class AppMediator : IMediator
        {
            public ValueTask<Result> Send(AnalyzeReviewTrends command, CancellationToken cancellationToken = default) => throw null!;
            public ValueTask<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) => throw null!;
            public ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default) => throw null!;
            public ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) => throw null!;
            public ValueTask<object?> Send(object message, CancellationToken cancellationToken = default) => throw null!;
            public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamQuery<TResponse> query, CancellationToken cancellationToken = default) => throw null!;
            public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamRequest<TResponse> request, CancellationToken cancellationToken = default) => throw null!;
            public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamCommand<TResponse> command, CancellationToken cancellationToken = default) => throw null!;
            public IAsyncEnumerable<object?> CreateStream(object message, CancellationToken cancellationToken = default) => throw null!;
            public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default) where TNotification : INotification => throw null!;
            public ValueTask Publish(object notification, CancellationToken cancellationToken = default) => throw null!;
        }
        """ + MediatorTypes, MlReferences.WithMediatorSourceGenerated,
        Anonymous(0, "POST /reviews/trends", "ChatClient.CompleteChatAsync"));

    [Fact]
    public Task NoDiagnostic_MediatorRequestsThatReachNoModelOrAreAuthorized() => Verify.VerifyAnalyzerAsync(MediatorUsings + """
        var app = WebApplication.Create(args);
        // The handler does no inference.
        app.MapPost("/ping", (Ping ping, ISender sender) => sender.Send(ping));
        // No handler of the command's type in the project.
        app.MapPost("/orphan", (Orphan orphan, ISender sender) => sender.Send(orphan));
        // Authorized endpoints.
        app.MapPost("/reviews/trends", (AnalyzeReviewTrends command, ISender sender) => sender.Send(command)).RequireAuthorization();
        app.MapGet("/predict", [Authorize] (float x, IMediator mediator) => mediator.Send(new PredictQuery(new Input { X = x })));
        // The static type is the interface: which command it is is not known here.
        app.MapPost("/unknown", (ISender sender) => sender.Send(Commands.Any()));
        app.Run();

        public sealed record Ping : ICommand<string>;

        public sealed class PingHandler : ICommandHandler<Ping, string>
        {
            public ValueTask<string> Handle(Ping command, CancellationToken cancellationToken) => new("pong");
        }

        public sealed record Orphan(string Reviews) : ICommand<Result>;

        public static class Commands
        {
            public static ICommand<Result> Any() => new AnalyzeReviewTrends("");
        }
        """ + MediatorTypes, MlReferences.WithMediatorSourceGenerated);

    // Look-alike senders (ISender of other namespaces, taking Mediator's own ICommand<T>): in a referenced library and
    // in the project. Neither is a dispatch to Mediator's handlers.
    [Fact]
    public Task NoDiagnostic_LookAlikeMediatorSenders()
    {
        var test = Verify.CreateTest(MlReferences.WithMediatorSourceGenerated);
        test.TestState.AdditionalProjects["Contoso.Messaging"].Sources.Add(("/Messaging/Sender.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Mediator;

            namespace Contoso.Messaging
            {
                public interface ISender { ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default); }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Contoso.Messaging");
        test.TestState.Sources.Add(MediatorUsings + """
            var app = WebApplication.Create(args);
            app.MapPost("/library", (AnalyzeReviewTrends command, Contoso.Messaging.ISender sender) => sender.Send(command));
            app.MapPost("/project", (AnalyzeReviewTrends command, Contoso.Local.ISender sender) => sender.Send(command));
            app.Run();

            namespace Contoso.Local
            {
                public interface ISender { ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default); }
            }
            """ + MediatorTypes);
        return test.RunAsync();
    }
}
