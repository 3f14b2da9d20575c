using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>
/// An IDE (Visual Studio, C# Dev Kit) gives a project its project references as compilations, not built assemblies: a
/// symbol of another project then has declarations in trees this compilation does not hold, and asking this
/// compilation's semantic model about them throws. Every analyzer runs over a project whose services, DTOs, helpers,
/// keys and route builders live in a referenced project's compilation; no analyzer may throw.
/// </summary>
public sealed class CrossProjectTests
{
    private readonly ITestOutputHelper _output;

    public CrossProjectTests(ITestOutputHelper output) => _output = output;

    private const string Shared = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Main")]

        namespace Contoso.Shared
        {
            public static class Keys
            {
                public const string OpenAi = "sk-proj-Q3vX9aLmN2pR7tY1uW5zB8cD4eF6gH0jK2lM4nP6qR8sT0vX";
                public static readonly string Azure = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f";
                public static string Anthropic { get; } = "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed8Cb7Az6Yx5Wv4Ut3Sr2Qp1On0Ml9Kj8Ih7Gf6Ed5Cb4Az3Yx2Wv1Ut-AA";
                public static string Endpoint => "https://user:Sup3r-S3cret!pw@models.contoso.com/v1";
            }

            public sealed class Customer
            {
                [LoadColumn(0)] public string Email { get; set; } = "";
                [LoadColumn(1)] public float Age { get; set; }
                [LoadColumn(2)] public float Label { get; set; }
            }

            public sealed class Question { public string Text { get; set; } = ""; public string Email { get; set; } = ""; public string ModelPath { get; set; } = ""; }

            public interface IAssistant { Task<string> AskAsync(string question); }

            public sealed class Assistant(IChatClient chat) : IAssistant
            {
                public async Task<string> AskAsync(string question) => (await chat.GetResponseAsync(question)).Text;
            }

            public static class Data
            {
                public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Customer>(path, separatorChar: ',');
                public static IDataView Load<T>(MLContext ml, string path) where T : class => ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');
                public static string Path(IConfiguration configuration) => configuration["Training:Path"]!;
                public static async Task<string> DownloadAsync(HttpClient http) { var file = System.IO.Path.GetTempFileName(); await File.WriteAllBytesAsync(file, await http.GetByteArrayAsync("https://example.com/m.onnx")); return file; }
                public static bool Verify(string path, string digest) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) == digest;
                public static IDataView Validate(MLContext ml, IDataView data) => ml.Data.FilterRowsByMissingValues(data, "Age");
            }

            public static class Routes
            {
                public static RouteGroupBuilder Api(this IEndpointRouteBuilder app) => app.MapGroup("/api");
                public static TBuilder Secured<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization();
                public static TBuilder Open<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.AllowAnonymous();
                public static IEndpointRouteBuilder MapAsk(this IEndpointRouteBuilder app, IAssistant assistant)
                {
                    app.MapPost("/ask", (Question q) => assistant.AskAsync(q.Text));
                    return app;
                }
            }

            [Microsoft.AspNetCore.Authorization.AllowAnonymous, Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
            public abstract class ModelControllerBase : Microsoft.AspNetCore.Mvc.ControllerBase
            {
                protected Task<string> Ask(IAssistant assistant, string text) => assistant.AskAsync(text);
            }

            [Microsoft.AspNetCore.Authorization.AllowAnonymous]
            public class ChatHubBase(IChatClient chat) : Microsoft.AspNetCore.SignalR.Hub
            {
                public async Task<string> Ask(string q) => (await chat.GetResponseAsync(q)).Text;
            }

            public sealed class ModelOptions { public string Path { get; set; } = ""; public string SupportEmail { get; set; } = ""; }
        }
        """;

    private const string Main = """
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Anthropic;
        using Azure;
        using Azure.AI.OpenAI;
        using Contoso.Shared;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;
        using OpenAI;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<IAssistant, Assistant>();
        builder.Services.Configure<ModelOptions>(builder.Configuration.GetSection("Model"));
        var app = builder.Build();
        var api = app.Api();
        api.MapPost("/ask", (Question q, IAssistant assistant) => assistant.AskAsync(q.Text));
        api.MapPost("/secured", (Question q, IAssistant assistant) => assistant.AskAsync(q.Text)).Secured();
        api.MapPost("/open", (Question q, IAssistant assistant) => assistant.AskAsync(q.Text)).Open();
        app.MapAsk(app.Services.GetRequiredService<IAssistant>());
        app.MapPost("/secured-chat", (Question q, IChatClient chat) => chat.GetResponseAsync(q.Text)).Secured();
        app.MapPost("/train", (Question q, MLContext ml, IConfiguration configuration) =>
        {
            var data = Data.Load(ml, q.ModelPath);
            var other = Data.Load<Customer>(ml, Data.Path(configuration));
            ml.Regression.Trainers.Sdca(featureColumnName: "Age").Fit(data);
            ml.Regression.Trainers.Sdca(featureColumnName: "Age").Fit(Data.Validate(ml, other));
            return Results.Ok();
        });
        app.MapPost("/load", async (Question q, HttpClient http, IOptions<ModelOptions> options) =>
        {
            var path = await Data.DownloadAsync(http);
            if (!Data.Verify(path, "00")) return Results.BadRequest();
            using var a = new InferenceSession(path);
            using var b = new InferenceSession(q.ModelPath);
            using var c = new InferenceSession(options.Value.Path);
            return Results.Ok();
        });
        app.MapPost("/prompt", (Question q, IChatClient chat, IOptions<ModelOptions> options) => chat.GetResponseAsync($"Reply to {q.Email} from {options.Value.SupportEmail}"));
        app.MapControllers();
        app.MapHub<ChatHub>("/chat");
        app.Run();

        public sealed class Clients
        {
            public OpenAIClient OpenAi() => new(new ApiKeyCredential(Keys.OpenAi));
            public AzureOpenAIClient Azure() => new(new Uri("https://contoso.openai.azure.com"), new AzureKeyCredential(Keys.Azure));
            public AnthropicClient Claude() => new() { ApiKey = Keys.Anthropic };
            public Uri Endpoint() => new(Keys.Endpoint);
        }

        [ApiController]
        public sealed class AskController(IAssistant assistant, IChatClient chat) : ModelControllerBase
        {
            [HttpPost("/controller/ask")]
            public Task<string> Post(Question q) => Ask(assistant, q.Text);

            [HttpPost("/controller/chat")]
            public Task<ChatResponse> Chat(Question q) => chat.GetResponseAsync(q.Text);
        }

        public sealed class ChatHub(IChatClient chat) : ChatHubBase(chat);
        """;

    [Fact]
    public async Task NoAnalyzerThrows_WhenTheReferencedProjectIsACompilation()
    {
        var result = await AnalyzeWithProjectReferenceAsync(
            new[] { ("/Main/Program.cs", Main) }, new[] { ("/Shared/Shared.cs", Shared) }, OutputKind.ConsoleApplication);
        Assert.True(result.Exceptions.IsEmpty, string.Join("\n\n", result.Exceptions.Take(3)));

        // The paths ran: the base controller's AllowAnonymous, declared in the other project, opens the action (and is
        // not given as a location the driver would reject).
        var chat = Assert.Single(result.Diagnostics, d => d.Id == "MLSEC010" && d.GetMessage().Contains("AskController.Chat"));
        Assert.Contains("AllowAnonymous", chat.GetMessage());
        Assert.Empty(chat.AdditionalLocations);

        // A convention helper of the other project (`.Secured()`) has no body this compilation can bind: it is read as
        // adding nothing (as from a built assembly), so the endpoint stays reported, without an exception.
        var secured = Assert.Single(result.Diagnostics, d => d.Id == "MLSEC010" && d.GetMessage().Contains("POST /secured-chat"));
        Assert.Contains("no authorization reaches it", secured.GetMessage());
    }

    /// <summary>
    /// Every sample, split in two projects at each file: the file alone referencing the others as a compilation, and the
    /// others referencing the file (internals visible, as a solution's shared project often makes them).
    /// </summary>
    [Fact]
    public async Task NoAnalyzerThrows_OnSamplesSplitIntoTwoProjects()
    {
        var runs = 0;
        var failures = new List<string>();
        foreach (var sample in FuzzCorpus.Samples.Where(s => s.Files.Length > 1))
        {
            var files = sample.Files.Select(f => (Path: "/" + f.Origin, Text: f.Text)).ToArray();
            var usings = (Path: "/GlobalUsings.g.cs", Text: sample.ImplicitUsings);
            for (var i = 0; i < files.Length; i++)
            {
                var alone = new[] { files[i], usings };
                var rest = files.Where((_, j) => j != i).Append(usings).ToArray();
                foreach (var (main, other) in new[] { (alone, rest), (rest, alone) })
                {
                    runs++;
                    var kind = main.Any(f => f.Path.EndsWith("Program.cs", System.StringComparison.Ordinal)) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
                    foreach (var exception in (await AnalyzeWithProjectReferenceAsync(main, other, kind)).Exceptions)
                        failures.Add($"{sample.Name}, {string.Join(", ", main.Select(f => f.Item1))} referencing the rest: {exception}");
                }
            }
        }

        _output.WriteLine($"{runs} split projects analysed");
        Assert.True(runs >= 10, $"only {runs} runs: the samples lost their files");
        Assert.True(failures.Count == 0, $"{failures.Count} analyzer exceptions; first:\n" + string.Join("\n\n", failures.Take(3)));
    }

    private static async Task<AnalyzerRunner.AnalysisResult> AnalyzeWithProjectReferenceAsync(
        IEnumerable<(string Path, string Text)> main, IEnumerable<(string Path, string Text)> other, OutputKind kind)
    {
        var references = await AnalyzerRunner.GetReferencesAsync(MlReferences.WithAspNetCore);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var shared = CSharpCompilation.Create(
            "Shared",
            other.Select(f => CSharpSyntaxTree.ParseText(f.Text, AnalyzerRunner.ParseOptions, f.Path))
                .Append(CSharpSyntaxTree.ParseText("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Main\")]", AnalyzerRunner.ParseOptions, "/Shared/Visible.cs")),
            references,
            options);
        var compilation = CSharpCompilation.Create(
            "Main",
            main.Select(f => CSharpSyntaxTree.ParseText(f.Text, AnalyzerRunner.ParseOptions, f.Path)),
            references.Add(shared.ToMetadataReference()),
            options.WithOutputKind(kind));
        return await AnalyzerRunner.AnalyzeAsync(compilation);
    }
}
