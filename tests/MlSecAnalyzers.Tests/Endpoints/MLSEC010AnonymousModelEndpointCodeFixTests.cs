using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.CodeFixes;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.Endpoints.AnonymousModelEndpointAnalyzer,
    MlSecAnalyzers.CodeFixes.Endpoints.RequireAuthorizationFixer>;

namespace MlSecAnalyzers.Tests.Endpoints;

/// <summary>Every case also runs Fix All in document, project and solution scope, and the fixed code must compile.</summary>
public sealed class MLSEC010AnonymousModelEndpointCodeFixTests
{
    private const string Header = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        PredictionEngine<Input, Output> engine = null!;

        """;

    private const string Types = """
        app.Run();

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """;

    [Fact]
    public Task Fix_AppendsRequireAuthorizationToEachEndpointChain() => Verify.VerifyCodeFixAsync(Header + """
        app.{|MLSEC010:MapPost|}("/predict", (Input input) => engine.Predict(input)).WithName("predict");
        app.{|MLSEC010:MapGet|}("/sample", () => engine.Predict(new Input()));

        """ + Types, Header + """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).WithName("predict").RequireAuthorization();
        app.MapGet("/sample", () => engine.Predict(new Input())).RequireAuthorization();

        """ + Types,
        EquivalenceKeys.RequireAuthorization);

    // `Add` returns void, so the convention goes before it, on the last call that still returns the builder.
    [Fact]
    public Task Fix_GoesBeforeACallThatReturnsNoBuilder() => Verify.VerifyCodeFixAsync(Header + """
        app.{|MLSEC010:MapPost|}("/predict", (Input input) => engine.Predict(input)).Add(b => b.DisplayName = "predict");
        app.{|MLSEC010:MapPost|}("/score", (Input input) => engine.Predict(input)).WithName("score").Add(b => b.DisplayName = "score");
        app.{|MLSEC010:MapGet|}("/sample", () => engine.Predict(new Input())).WithName("x");

        """ + Types, Header + """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).RequireAuthorization().Add(b => b.DisplayName = "predict");
        app.MapPost("/score", (Input input) => engine.Predict(input)).WithName("score").RequireAuthorization().Add(b => b.DisplayName = "score");
        app.MapGet("/sample", () => engine.Predict(new Input())).WithName("x").RequireAuthorization();

        """ + Types,
        EquivalenceKeys.RequireAuthorization);

    [Fact]
    public Task Fix_RequiresAuthorizationOnTheGroupOnce() => Verify.VerifyCodeFixAsync(Header + """
        var api = app.MapGroup("/api");
        api.{|MLSEC010:MapPost|}("/a", (Input input) => engine.Predict(input));
        api.{|MLSEC010:MapPost|}("/b", (Input input) => engine.Predict(input));

        """ + Types, Header + """
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapPost("/a", (Input input) => engine.Predict(input));
        api.MapPost("/b", (Input input) => engine.Predict(input));

        """ + Types,
        EquivalenceKeys.RequireAuthorizationOnGroup);

    [Fact]
    public Task Fix_RemovesAllowAnonymousCallAndAttribute() => Verify.VerifyCodeFixAsync(Header + """
        var api = app.MapGroup("/api").RequireAuthorization();
        api.{|MLSEC010:MapPost|}("/a", (Input input) => engine.Predict(input)).AllowAnonymous();
        api.{|MLSEC010:MapPost|}("/b", [AllowAnonymous] (Input input) => engine.Predict(input));

        """ + Types, Header + """
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapPost("/a", (Input input) => engine.Predict(input));
        api.MapPost("/b", (Input input) => engine.Predict(input));

        """ + Types,
        EquivalenceKeys.RemoveAllowAnonymous);

    // A convention helper of the app that does not authorize (`.Named(...)` only names the endpoint): the convention
    // goes after it, at the end of the chain.
    [Fact]
    public Task Fix_AppendsRequireAuthorizationAfterAConventionHelper() => Verify.VerifyCodeFixAsync(Header + """
        app.{|MLSEC010:MapPost|}("/predict", (Input input) => engine.Predict(input)).Named("predict");

        """ + Types + NamingHelper, Header + """
        app.MapPost("/predict", (Input input) => engine.Predict(input)).Named("predict").RequireAuthorization();

        """ + Types + NamingHelper,
        EquivalenceKeys.RequireAuthorization);

    // A helper that is not an extension method, given the endpoint or its group as an argument, and that does not
    // authorize: the convention goes on the Map* call inside the argument (a void helper leaves no chain to append to),
    // or on the group's initializer; both compile.
    [Fact]
    public Task Fix_RequiresAuthorizationInsideAStaticHelperCall() => Verify.VerifyCodeFixAsync(Header + """
        Tags.Tag(app.{|MLSEC010:MapPost|}("/predict", (Input input) => engine.Predict(input)));
        Tags.Tagged(app.{|MLSEC010:MapPost|}("/score", (Input input) => engine.Predict(input))).WithName("score");

        """ + Types + StaticTagHelper, Header + """
        Tags.Tag(app.MapPost("/predict", (Input input) => engine.Predict(input)).RequireAuthorization());
        Tags.Tagged(app.MapPost("/score", (Input input) => engine.Predict(input)).RequireAuthorization()).WithName("score");

        """ + Types + StaticTagHelper,
        EquivalenceKeys.RequireAuthorization);

    [Fact]
    public Task Fix_RequiresAuthorizationOnAGroupPassedToAStaticHelper() => Verify.VerifyCodeFixAsync(Header + """
        var api = app.MapGroup("/api");
        Tags.Tag(api);
        api.{|MLSEC010:MapPost|}("/a", (Input input) => engine.Predict(input));

        """ + Types + StaticTagHelper, Header + """
        var api = app.MapGroup("/api").RequireAuthorization();
        Tags.Tag(api);
        api.MapPost("/a", (Input input) => engine.Predict(input));

        """ + Types + StaticTagHelper,
        EquivalenceKeys.RequireAuthorizationOnGroup);

    // A route-builder helper mapping on the group it is given, which it secures only under a condition: the convention
    // goes on the Map* call in the helper; an AllowAnonymous on that group in the helper's body is removed as a statement.
    [Fact]
    public Task Fix_RequiresAuthorizationOnAnEndpointMappedOnAHelpersGroup() => Verify.VerifyCodeFixAsync(Header + """
        app.MapGroup("/ml").MapScoring(args.Length > 0);

        """ + Types + """

        public static class Routes
        {
            public static Microsoft.AspNetCore.Routing.RouteGroupBuilder MapScoring(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g, bool secure)
            {
                if (secure)
                    g.RequireAuthorization();
                g.{|MLSEC010:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
                return g;
            }
        }
        """, Header + """
        app.MapGroup("/ml").MapScoring(args.Length > 0);

        """ + Types + """

        public static class Routes
        {
            public static Microsoft.AspNetCore.Routing.RouteGroupBuilder MapScoring(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g, bool secure)
            {
                if (secure)
                    g.RequireAuthorization();
                g.MapPost("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x)).RequireAuthorization();
                return g;
            }
        }
        """,
        EquivalenceKeys.RequireAuthorization);

    [Fact]
    public Task Fix_RemovesAllowAnonymousAHelperAppliesToItsGroup() => Verify.VerifyCodeFixAsync(Header + """
        app.MapGroup("/ml").MapScoring();

        """ + Types + """

        public static class Routes
        {
            public static void MapScoring(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g)
            {
                g.RequireAuthorization();
                g.AllowAnonymous();
                g.{|MLSEC010:MapPost|}("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }
        }
        """, Header + """
        app.MapGroup("/ml").MapScoring();

        """ + Types + """

        public static class Routes
        {
            public static void MapScoring(this Microsoft.AspNetCore.Routing.RouteGroupBuilder g)
            {
                g.RequireAuthorization();
                g.MapPost("/score", (PredictionEngine<Input, Output> e, Input x) => e.Predict(x));
            }
        }
        """,
        EquivalenceKeys.RemoveAllowAnonymous);

    // A local function mapping on the builder it is given, which one caller leaves anonymous: the convention goes on the
    // Map* call in the local function (expression or block body, returning the endpoint or not); an AllowAnonymous on a
    // caller's group is removed from that caller's chain.
    [Fact]
    public Task Fix_RequiresAuthorizationOnAnEndpointMappedInALocalFunction() => Verify.VerifyCodeFixAsync(Header + """
        MapLocal(app.MapGroup("/a").RequireAuthorization());
        MapLocal(app.MapGroup("/b"));
        MapReturned(app).WithName("returned");

        void MapLocal(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g) => g.{|MLSEC010:MapPost|}("/local", (Input x) => engine.Predict(x));

        RouteHandlerBuilder MapReturned(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g)
        {
            return g.{|MLSEC010:MapPost|}("/returned", (Input x) => engine.Predict(x));
        }

        """ + Types, Header + """
        MapLocal(app.MapGroup("/a").RequireAuthorization());
        MapLocal(app.MapGroup("/b"));
        MapReturned(app).WithName("returned");

        void MapLocal(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g) => g.MapPost("/local", (Input x) => engine.Predict(x)).RequireAuthorization();

        RouteHandlerBuilder MapReturned(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g)
        {
            return g.MapPost("/returned", (Input x) => engine.Predict(x)).RequireAuthorization();
        }

        """ + Types,
        EquivalenceKeys.RequireAuthorization);

    [Fact]
    public Task Fix_RemovesAllowAnonymousFromALocalFunctionsCaller() => Verify.VerifyCodeFixAsync(Header + """
        MapLocal(app.MapGroup("/a").RequireAuthorization());
        MapLocal(app.MapGroup("/b").RequireAuthorization().AllowAnonymous());

        void MapLocal(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g) => g.{|MLSEC010:MapPost|}("/local", (Input x) => engine.Predict(x));

        """ + Types, Header + """
        MapLocal(app.MapGroup("/a").RequireAuthorization());
        MapLocal(app.MapGroup("/b").RequireAuthorization());

        void MapLocal(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder g) => g.MapPost("/local", (Input x) => engine.Predict(x));

        """ + Types,
        EquivalenceKeys.RemoveAllowAnonymous);

    private const string StaticTagHelper = """

        public static class Tags
        {
            public static void Tag(IEndpointConventionBuilder builder) => builder.WithMetadata("tagged");

            public static TBuilder Tagged<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.WithMetadata("tagged");
        }
        """;

    private const string NamingHelper = """

        public static class EndpointNames
        {
            public static TBuilder Named<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder
                => builder.WithMetadata(name);
        }
        """;

    // An AllowAnonymous a convention helper applies under a condition: removing the statement would leave the `if`
    // without one, so no removal is offered for it.
    [Fact]
    public Task NoFix_ForConditionalAllowAnonymousInAConventionHelper() => Verify.VerifyNoCodeFixAsync(Header + """
        app.{|MLSEC010:MapPost|}("/predict", (Input input) => engine.Predict(input)).OpenIf(args.Length > 0);

        """ + Types + """

        public static class Opening
        {
            public static RouteHandlerBuilder OpenIf(this RouteHandlerBuilder builder, bool open)
            {
                if (open)
                    builder.AllowAnonymous();
                return builder;
            }
        }
        """);

    private const string Controller = """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;

            public string {|MLSEC010:Summarize|}(string text) => client.CompleteChat(new UserChatMessage(text)).Value.Content[0].Text;
        }
        """;

    [Fact]
    public Task Fix_AddsAuthorizeToEachActionWithUsing() => Verify.VerifyCodeFixAsync(Controller, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
            [Authorize]
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;

            [Authorize]
            public string Summarize(string text) => client.CompleteChat(new UserChatMessage(text)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeAction);

    [Fact]
    public Task Fix_AddsAuthorizeToTheControllerOnce() => Verify.VerifyCodeFixAsync(Controller, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        [Authorize]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;

            public string Summarize(string text) => client.CompleteChat(new UserChatMessage(text)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeController);

    /// <summary>Like <c>Verify.VerifyCodeFixAsync</c>; with <paramref name="debug"/> the project defines DEBUG (the test framework defines no symbols).</summary>
    private static Task VerifyInConfigurationAsync(bool debug, string source, string fixedSource, string equivalenceKey)
    {
        var test = Verify.CreateTest();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = equivalenceKey;
        if (debug)
        {
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectParseOptions(
                projectId, ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithPreprocessorSymbols("DEBUG")));
        }

        return test.RunAsync(CancellationToken.None);
    }

    // With DEBUG defined the #if block holds a real attribute list, and [Authorize] put first would land inside it
    // (Release builds stay anonymous); it goes after the #endif in both configurations.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Fix_AddsAuthorizeToActionOutsideIfDebug(bool debug) => VerifyInConfigurationAsync(debug, """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            [ProducesResponseType(200)]
        #endif
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            [ProducesResponseType(200)]
        #endif
            [Authorize]
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeAction);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Fix_AddsAuthorizeToControllerOutsideIfDebug(bool debug) => VerifyInConfigurationAsync(debug, """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        /// <summary>Chat.</summary>
        #if DEBUG
        [ApiExplorerSettings(IgnoreApi = false)]
        #endif
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        /// <summary>Chat.</summary>
        #if DEBUG
        [ApiExplorerSettings(IgnoreApi = false)]
        #endif
        [Authorize]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeController);

    // The #endif closes an earlier member's block: above the #if, [Authorize] would go on Ping in Debug builds.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Fix_AddsAuthorizeAfterAnEarlierMembersIfDebug(bool debug) => VerifyInConfigurationAsync(debug, """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            public string Ping() => "pong";
        #endif
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            public string Ping() => "pong";
        #endif
            [Authorize]
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeAction);

    // No directive: [Authorize] goes first, below the comment, as before.
    [Fact]
    public Task Fix_AddsAuthorizeBelowACommentAndAboveOtherAttributes() => Verify.VerifyCodeFixAsync("""
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
            // Answers one prompt.
            [HttpPost]
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
            // Answers one prompt.
            [Authorize]
            [HttpPost]
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeAction);

    // The modifiers differ by configuration, so no place above them is in every build: only the controller fix is offered.
    [Fact]
    public Task NoActionFix_WhenTheModifiersAreConditional() => VerifyInConfigurationAsync(debug: false, """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            public
        #else
            public virtual
        #endif
            string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController(ChatClient client) : ControllerBase
        {
        #if DEBUG
            public
        #else
            public virtual
        #endif
            string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.AuthorizeAction);

    [Fact]
    public Task Fix_RemovesAllowAnonymousFromAction() => Verify.VerifyCodeFixAsync("""
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        [Authorize]
        public class ChatController(ChatClient client) : ControllerBase
        {
            [AllowAnonymous]
            public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        [Authorize]
        public class ChatController(ChatClient client) : ControllerBase
        {
            public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
        }
        """,
        EquivalenceKeys.RemoveAllowAnonymous);

    // Fix All of "Add [Authorize] to the action" gives another kind of diagnostic the fix of the same reach it offers, but
    // never removes an AllowAnonymous the user wrote: that one keeps its attribute and its warning.
    [Fact]
    public async Task FixAll_AddingAuthorization_LeavesADeliberateAllowAnonymousAlone()
    {
        const string head = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;

            public class ChatController(ChatClient client) : ControllerBase
            {

            """;
        const string demo = """

                [AllowAnonymous]
                public string {|MLSEC010:Demo|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;
            }
            """;
        var test = Verify.CreateTest();
        test.TestCode = head + "    public string {|MLSEC010:Ask|}(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;\n" + demo;
        var fixedCode = head + "    [Authorize]\n    public string Ask(string prompt) => client.CompleteChat(new UserChatMessage(prompt)).Value.Content[0].Text;\n"
            + demo.Replace("{|MLSEC010:Demo|}", "Demo");
        var left = Verify.Diagnostic(Descriptors.MLSEC010_AnonymousModelEndpoint).WithSpan(11, 19, 11, 23).WithSpan(10, 6, 10, 20)
            .WithArguments("ChatController.Demo", "ChatClient.CompleteChat", "AllowAnonymous opens it to everyone");
        test.FixedCode = fixedCode;
        test.FixedState.ExpectedDiagnostics.Add(left);
        test.BatchFixedCode = fixedCode;
        test.BatchFixedState.ExpectedDiagnostics.Add(left);
        test.CodeActionEquivalenceKey = EquivalenceKeys.AuthorizeAction;
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }

    // ------------------------------------------------------------------ SignalR hubs

    private const string HubProgram = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat");
        app.Run();


        """;

    private const string ChatHub = HubProgram + """
        public class ChatHub(IChatClient chat) : Hub
        {
            public async Task<string> {|MLSEC010:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;

            public async Task<string> {|MLSEC010:Summarize|}(string text) => (await chat.GetResponseAsync(text)).Text;
        }
        """;

    // Fix All over two hub methods of one hub: one attribute, on the hub.
    [Fact]
    public Task Fix_AddsAuthorizeToTheHubOnce() => Verify.VerifyCodeFixAsync(ChatHub, """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat");
        app.Run();

        [Authorize]
        public class ChatHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;

            public async Task<string> Summarize(string text) => (await chat.GetResponseAsync(text)).Text;
        }
        """,
        EquivalenceKeys.AuthorizeHub);

    [Fact]
    public Task Fix_AddsAuthorizeToEachHubMethod() => Verify.VerifyCodeFixAsync(ChatHub, """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat");
        app.Run();

        public class ChatHub(IChatClient chat) : Hub
        {
            [Authorize]
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;

            [Authorize]
            public async Task<string> Summarize(string text) => (await chat.GetResponseAsync(text)).Text;
        }
        """,
        EquivalenceKeys.AuthorizeHubMethod);

    // An inherited hub method: the attribute goes on the base hub that declares it, which the mapped hub inherits.
    [Fact]
    public Task Fix_AddsAuthorizeToTheBaseHubDeclaringTheMethod() => Verify.VerifyCodeFixAsync(HubProgram + """
        public abstract class AssistantHub(IChatClient chat) : Hub
        {
            public async Task<string> {|MLSEC010:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class ChatHub(IChatClient chat) : AssistantHub(chat) { }
        """, """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat");
        app.Run();

        [Authorize]
        public abstract class AssistantHub(IChatClient chat) : Hub
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }

        public class ChatHub(IChatClient chat) : AssistantHub(chat) { }
        """,
        EquivalenceKeys.AuthorizeHub);

    private const string OpenedHub = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapHub<ChatHub>("/chat").AllowAnonymous();
        app.Run();

        [Authorize]
        public class ChatHub(IChatClient chat) : Hub
        {
            public async Task<string> {|MLSEC010:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """;

    [Fact]
    public Task Fix_RemovesAllowAnonymousFromMapHub() => Verify.VerifyCodeFixAsync(OpenedHub, OpenedHub.Replace(".AllowAnonymous()", "").Replace("{|MLSEC010:Ask|}", "Ask"),
        EquivalenceKeys.RemoveAllowAnonymous);

    // SignalR checks a hub method's [Authorize] on every invocation, whatever AllowAnonymous opened on the connection.
    [Fact]
    public Task Fix_AuthorizesHubMethodOfAnOpenedHub() => Verify.VerifyCodeFixAsync(OpenedHub, OpenedHub
            .Replace("    public async Task<string> {|MLSEC010:Ask|}", "    [Authorize]\n    public async Task<string> Ask"),
        EquivalenceKeys.AuthorizeHubMethod);

    // ------------------------------------------------------------------ Azure Functions

    private const string IsolatedFunctions = """
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.ML;
        using OpenAI.Chat;

        public class Functions(PredictionEngine<Input, Output> engine, ChatClient chat)
        {
            [Function("Predict")]
            public Output {|MLSEC010:Predict|}([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "predict")] HttpRequestData req, Input input) =>
                engine.Predict(input);

            [Function("Chat")]
            public string {|MLSEC010:Chat|}([HttpTrigger(authLevel: AuthorizationLevel.Anonymous, "post")] HttpRequestData req, string prompt) =>
                chat.CompleteChat(prompt).Value.Content[0].Text;
        }

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """;

    // The host then requires a function key; Fix All changes every anonymous function's level.
    [Fact]
    public Task Fix_FunctionLevelReplacesAnonymous() => Verify.VerifyCodeFixAsync(
        IsolatedFunctions,
        IsolatedFunctions.Replace("{|MLSEC010:Predict|}", "Predict").Replace("{|MLSEC010:Chat|}", "Chat")
            .Replace("AuthorizationLevel.Anonymous", "AuthorizationLevel.Function"),
        EquivalenceKeys.RequireFunctionKey,
        MlReferences.FunctionsIsolated);

    private const string InProcessFunction = """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Azure.WebJobs;
        using Microsoft.ML;
        using static Microsoft.Azure.WebJobs.Extensions.Http.AuthorizationLevel;

        public static class Functions
        {
            [FunctionName("Predict")]
            public static Output {|MLSEC010:Run|}([HttpTrigger(Anonymous, "post")] HttpRequest req, PredictionEngine<Input, Output> engine) =>
                engine.Predict(new Input());
        }

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """;

    [Fact]
    public Task Fix_InProcessFunctionLevelReplacesAnonymous() => Verify.VerifyCodeFixAsync(
        InProcessFunction,
        InProcessFunction.Replace("{|MLSEC010:Run|}", "Run").Replace("HttpTrigger(Anonymous", "HttpTrigger(Function"),
        EquivalenceKeys.RequireFunctionKey,
        MlReferences.FunctionsInProcess);

    // A level held in a constant may serve other functions: no fix rewrites it, and nothing else is offered (no
    // [Authorize], which the Functions host ignores).
    [Fact]
    public Task NoFix_ForALevelHeldInAConstant() => Verify.VerifyNoCodeFixAsync("""
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.ML;

        public class Functions(PredictionEngine<Input, Output> engine)
        {
            private const AuthorizationLevel Open = AuthorizationLevel.Anonymous;

            [Function("Predict")]
            public Output {|MLSEC010:Predict|}([HttpTrigger(Open, "post")] HttpRequestData req, Input input) => engine.Predict(input);
        }

        public class Input { public float X { get; set; } }
        public class Output { public float Label { get; set; } }
        """, MlReferences.FunctionsIsolated);
}
