using System.Threading.Tasks;
using MlSecAnalyzers.CodeFixes;
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
}
