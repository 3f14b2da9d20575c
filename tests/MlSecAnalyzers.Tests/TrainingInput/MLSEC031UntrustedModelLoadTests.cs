using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.TrainingInput.UntrustedModelLoadAnalyzer>;

namespace MlSecAnalyzers.Tests.TrainingInput;

public sealed class MLSEC031UntrustedModelLoadTests
{
    // What the message adds for a PredictionEnginePool that watches its model file.
    private const string Watched = ", reloaded whenever the file changes";

    private static DiagnosticResult Expect(int location, string load, string source) =>
        Verify.Diagnostic(Descriptors.MLSEC031_UntrustedModelLoad).WithLocation(location).WithArguments(load, source);

    /// <summary>
    /// A PredictionEnginePool test: <paramref name="source"/> beside the Microsoft.Extensions.ML stub, with the pool's
    /// <c>Input</c>/<c>Output</c> types.
    /// </summary>
    private static Task VerifyWithPoolAsync(string source, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(MicrosoftExtensionsMLStub.Source);
        test.TestState.Sources.Add(source + """

            public sealed class Input { public string Text { get; set; } = ""; }
            public sealed class Output { public bool Positive { get; set; } }
            """);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_OnnxModelDownloadedOverHttp() => Verify.VerifyAnalyzerAsync("""
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> Load(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                return {|#0:new InferenceSession(bytes)|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    [Fact]
    public Task Flags_MlNetModelPathFromConfigurationOrEnvironment() => Verify.VerifyAnalyzerAsync("""
        using System;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Models
        {
            ITransformer FromConfiguration(MLContext ml, IConfiguration configuration) => {|#0:ml.Model.Load(configuration["Model:Path"]!, out _)|};

            ITransformer FromEnvironment(MLContext ml)
            {
                var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                return {|#1:ml.Model.Load(path, out var schema)|};
            }
        }
        """,
        Expect(0, "Model.Load", "configuration"),
        Expect(1, "Model.Load", "the environment"));

    // A class whose every public constructor asks for a framework service is built by the container, registered in
    // a project this compilation does not see: the request cannot supply IWebHostEnvironment, and System.Text.Json
    // cannot call such a constructor (a primary constructor's env binds to no property). A DTO with a public
    // parameterless constructor (even beside a service one), a record DTO, a class whose constructor takes a
    // collection interface, a struct, an [AsParameters] class and an explicit [FromBody] are still the request.
    [Fact]
    public Task HandlerServiceBuiltFromFrameworkServices_IsNotTheRequest() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/admin/reload", (ModelRegistry registry) =>
        {
            using var session = new InferenceSession(registry.CurrentModelPath);
            return Results.Ok(session.InputMetadata.Count);
        });
        app.MapPost("/admin/reload/logged", (LoggedRegistry registry) => new InferenceSession(registry.Path).InputMetadata.Count);
        app.MapPost("/admin/reload/client", (ModelClient client) => new InferenceSession(client.Path).InputMetadata.Count);
        app.MapPost("/admin/reload/provider", (ProviderRegistry registry) => new InferenceSession(registry.Path).InputMetadata.Count);
        app.MapPost("/load", (LoadRequest request) => {|#0:new InferenceSession(request.ModelPath)|}.InputMetadata.Count);
        app.MapPost("/load/record", (LoadRecord request) => {|#1:new InferenceSession(request.ModelPath)|}.InputMetadata.Count);
        app.MapPost("/load/list", (PathList request) => {|#2:new InferenceSession(request.First)|}.InputMetadata.Count);
        app.MapPost("/load/struct", (LoadStruct request) => {|#3:new InferenceSession(request.ModelPath)|}.InputMetadata.Count);
        app.MapPost("/load/parameters", ([AsParameters] LoadParameters request) => {|#4:new InferenceSession(request.ModelPath)|}.InputMetadata.Count);
        app.MapPost("/load/body", ([FromBody] ModelRegistry registry) => {|#5:new InferenceSession(registry.CurrentModelPath)|}.InputMetadata.Count);
        app.Run();

        public sealed class ModelRegistry(IWebHostEnvironment env)
        {
            public string CurrentModelPath => Path.Combine(env.ContentRootPath, "Models", "current.onnx");
        }

        public sealed class LoggedRegistry
        {
            public LoggedRegistry(ILogger<LoggedRegistry> logger) { }
            public LoggedRegistry(IOptions<RegistryOptions> options, IConfiguration configuration) { }
            public string Path => "Models/current.onnx";
        }

        public sealed class RegistryOptions { public int Retries { get; set; } }

        public sealed class ModelClient(HttpClient http, IHttpClientFactory factory) { public string Path => "Models/current.onnx"; }

        public sealed class ProviderRegistry(IServiceProvider services) { public string Path => "Models/current.onnx"; }

        public sealed class LoadRequest
        {
            public LoadRequest() { }
            public LoadRequest(ILogger<LoadRequest> logger) { }
            public string ModelPath { get; set; } = "";
        }

        public sealed record LoadRecord(string ModelPath);

        public sealed class PathList(IReadOnlyList<string> paths) { public string First => paths[0]; }

        public struct LoadStruct
        {
            public LoadStruct(IWebHostEnvironment env) { ModelPath = ""; }
            public string ModelPath { get; set; }
        }

        public sealed class LoadParameters(IWebHostEnvironment env, [FromQuery] string modelPath)
        {
            public string ModelPath => modelPath;
        }
        """,
        Expect(0, "new InferenceSession", "the request"),
        Expect(1, "new InferenceSession", "the request"),
        Expect(2, "new InferenceSession", "the request"),
        Expect(3, "new InferenceSession", "the request"),
        Expect(4, "new InferenceSession", "the request"),
        Expect(5, "new InferenceSession", "the request body"));

    // Options are bound from configuration: a path read from IOptions<T>.Value, IOptionsSnapshot<T>.Value,
    // IOptionsMonitor<T>.CurrentValue or .Get(name), directly, through a nested section, a local or a field it was
    // copied to, or combined under the content root, is configuration, as configuration["Models:Path"] is. Options
    // the app sets to a literal in code, framework options, and an options class built in code are not read from the
    // options system.
    [Fact]
    public Task Flags_ModelPathFromOptions() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http.Json;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;
        using Microsoft.ML.OnnxRuntime;

        public sealed class ModelOptions
        {
            public string Path { get; set; } = "";
            public OnnxSection Onnx { get; set; } = new();
        }

        public sealed class OnnxSection { public string File { get; set; } = ""; }

        public static class Setup
        {
            public static void Add(IServiceCollection services, IConfiguration configuration) =>
                services.Configure<ModelOptions>(configuration.GetSection("Model"));
        }

        public sealed class Ranker(IOptions<ModelOptions> options, IOptionsSnapshot<ModelOptions> snapshot, IOptionsMonitor<ModelOptions> monitor, IWebHostEnvironment env)
        {
            private readonly InferenceSession _session = {|#0:new(options.Value.Path)|};
            private readonly ModelOptions _settings = options.Value;

            public InferenceSession FromSnapshot() => {|#1:new InferenceSession(snapshot.Value.Path)|};
            public InferenceSession FromMonitor() => {|#2:new InferenceSession(monitor.CurrentValue.Onnx.File)|};
            public InferenceSession Named() => {|#3:new InferenceSession(monitor.Get("ranker").Path)|};
            public InferenceSession FromField() => {|#4:new InferenceSession(_settings.Path)|};

            public InferenceSession FromLocal()
            {
                var current = monitor.CurrentValue;
                return {|#5:new InferenceSession(current.Onnx.File)|};
            }

            public InferenceSession UnderContentRoot() => {|#6:new InferenceSession(Path.Combine(env.ContentRootPath, options.Value.Onnx.File))|};

            public InferenceSession Literal() => new InferenceSession(Path.Combine(env.ContentRootPath, "Models", "ranker.onnx"));

            public InferenceSession BuiltInCode()
            {
                var fallback = new ModelOptions { Path = "Models/ranker.onnx" };
                return new InferenceSession(fallback.Path);
            }
        }

        public sealed class Framework(IOptions<JsonOptions> json)
        {
            public InferenceSession Load() => new InferenceSession(json.Value.SerializerOptions.ToString()!);
        }
        """,
        Expect(0, "new InferenceSession", "configuration"),
        Expect(1, "new InferenceSession", "configuration"),
        Expect(2, "new InferenceSession", "configuration"),
        Expect(3, "new InferenceSession", "configuration"),
        Expect(4, "new InferenceSession", "configuration"),
        Expect(5, "new InferenceSession", "configuration"),
        Expect(6, "new InferenceSession", "configuration"));

    // Options only set in code are the code's values, not configuration: nothing binds ModelOptions from IConfiguration
    // here (second review). Bound through AddOptions<T>().Bind or configuration.Bind in a Configure lambda, they are.
    [Fact]
    public Task OptionsSetOnlyInCode_AreNotConfiguration() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;
        using Microsoft.ML.OnnxRuntime;

        public sealed class ModelOptions { public string Path { get; set; } = "Models/ranker.onnx"; }
        public sealed class BoundOptions { public string Path { get; set; } = ""; }
        public sealed class FilledOptions { public string Path { get; set; } = ""; }

        public static class Setup
        {
            public static void Add(IServiceCollection services, IConfiguration configuration)
            {
                services.Configure<ModelOptions>(o => o.Path = "Models/ranker-v2.onnx");
                services.AddOptions<BoundOptions>().Bind(configuration.GetSection("Bound"));
                services.Configure<FilledOptions>(o => configuration.Bind("Filled", o));
            }
        }

        public sealed class Ranker(IOptions<ModelOptions> options, IOptions<BoundOptions> bound, IOptionsMonitor<FilledOptions> filled)
        {
            public InferenceSession Code() => new InferenceSession(options.Value.Path);
            public InferenceSession Bound() => {|#0:new InferenceSession(bound.Value.Path)|};
            public InferenceSession Filled() => {|#1:new InferenceSession(filled.CurrentValue.Path)|};
        }
        """,
        Expect(0, "new InferenceSession", "configuration"),
        Expect(1, "new InferenceSession", "configuration"));

    // Visual Studio references another project of the solution as a project, not as its built assembly: that
    // project's methods and properties have declarations, in trees of another compilation. They are read as if they
    // came from an assembly (no AD0001): a helper there is not followed, a verifier there is not read (configure
    // mlsec.model_integrity_verifiers), a DTO's property there is the DTO's data.
    [Fact]
    public async Task MembersOfAReferencedProject_AreReadAsFromAnAssembly()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            using Microsoft.ML.OnnxRuntime;
            using Contoso.Shared;

            var app = WebApplication.Create(args);
            app.MapPost("/models/load", (LoadRequest request) =>
            {
                using var session = {|#0:new InferenceSession(request.ModelPath)|};
                return Results.Ok();
            });
            app.Run();

            public sealed class Models(IConfiguration configuration)
            {
                public InferenceSession FromHelper() => new InferenceSession(ModelPaths.From(configuration));

                public async Task<InferenceSession> Verified(HttpClient http)
                {
                    var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                    Integrity.Verify(bytes, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
                    return {|#1:new InferenceSession(bytes)|};
                }
            }
            """;
        test.TestState.AdditionalProjects["Shared"].Sources.Add(("/Shared/Shared.cs", """
            using System;
            using System.Security.Cryptography;
            using Microsoft.Extensions.Configuration;

            namespace Contoso.Shared
            {
                public sealed class LoadRequest { public string ModelPath { get; set; } = ""; }

                public static class ModelPaths
                {
                    public static string From(IConfiguration configuration) => configuration["Models:Churn"]!;
                }

                public static class Integrity
                {
                    public static void Verify(byte[] bytes, string expected)
                    {
                        if (Convert.ToHexString(SHA256.HashData(bytes)) != expected.ToUpperInvariant())
                            throw new InvalidOperationException("Model digest mismatch.");
                    }
                }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Shared");
        test.ExpectedDiagnostics.Add(Expect(0, "new InferenceSession", "the request"));
        test.ExpectedDiagnostics.Add(Expect(1, "new InferenceSession", "an HTTP download"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_UploadedModelInMinimalApi() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/models", (IFormFile upload, MLContext ml) =>
        {
            using var stream = upload.OpenReadStream();
            var model = {|#0:ml.Model.Load(stream, out _)|};
            return Results.Ok();
        });
        """,
        Expect(0, "Model.Load", "an uploaded file"));

    // A method group or a local function passed to Map* is a handler: its parameters come from the request.
    [Fact]
    public Task Flags_MethodGroupAndLocalFunctionHandlers() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/models/load", Handlers.LoadModel);
        app.MapPost("/models", Upload);
        app.Run();

        static IResult Upload(IFormFile file, MLContext ml)
        {
            using var stream = file.OpenReadStream();
            var model = {|#1:ml.Model.Load(stream, out _)|};
            return Results.Ok();
        }

        static class Handlers
        {
            public static IResult LoadModel(string modelPath, MLContext ml)
            {
                var model = {|#0:ml.Model.Load(modelPath, out _)|};
                return Results.Ok();
            }
        }
        """,
        Expect(0, "Model.Load", "the request"),
        Expect(1, "Model.Load", "an uploaded file"));

    [Fact]
    public async Task Flags_MethodGroupHandlerDeclaredInAnotherFile()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.MapGroup("/models").MapPost("/load", new Contoso.ModelHandlers().Load);
            app.Run();
            """));
        test.TestState.Sources.Add(("/0/ModelHandlers.cs", """
            using Microsoft.AspNetCore.Http;
            using Microsoft.ML;

            namespace Contoso;

            public sealed class ModelHandlers
            {
                public IResult Load(string modelPath, MLContext ml)
                {
                    var model = {|#0:ml.Model.Load(modelPath, out _)|};
                    return Results.Ok();
                }
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Model.Load", "the request"));
        await test.RunAsync();
    }

    // The app's generic registration helper registers the type argument of each of its calls; a type it is never
    // called with is still bound from the request.
    [Fact]
    public Task NoDiagnostic_HandlerParametersRegisteredThroughAGenericHelper() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddModelService<ModelStore>();
        var app = builder.Build();
        app.MapPost("/a", (ModelStore store, MLContext ml) => { var m = ml.Model.Load(store.ModelPath, out _); return Results.Ok(); });
        app.MapPost("/b", (Upload upload, MLContext ml) => { var m = {|#0:ml.Model.Load(upload.Path, out _)|}; return Results.Ok(); });
        app.Run();

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public sealed class Upload { public string Path { get; set; } = ""; }

        static class Registration
        {
            public static IServiceCollection AddModelService<T>(this IServiceCollection services) where T : class => services.AddSingleton<T>();
        }
        """,
        Expect(0, "Model.Load", "the request"));

    // A digest handed to a helper of the compilation that compares it (ThrowIfMismatch(SHA256.HashData(bytes), expected)),
    // directly, through a local, from a checking helper of its own, or reshaped by a helper (Hex(digest)) and compared by
    // the caller, is a check; so is a lookup in a set or map of pinned digests (Pinned.Contains(hex)). A helper that
    // only logs the digest is not.
    [Fact]
    public Task NoDiagnostic_DigestComparedByAHelperOrAPinnedSet() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            static readonly HashSet<string> Pinned = new(StringComparer.OrdinalIgnoreCase) { "AB12" };
            static readonly Dictionary<string, string> Known = new() { ["AB12"] = "churn" };

            async Task<InferenceSession> Direct(HttpClient http, string expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                ThrowIfMismatch(SHA256.HashData(bytes), expected);
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> ThroughALocal(HttpClient http, string expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                var digest = SHA256.HashData(bytes);
                ThrowIfMismatch(digest, expected);
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> ThroughAVerifier(HttpClient http, string expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                Verify(bytes, expected);
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> Reshaped(HttpClient http, string expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (Hex(SHA256.HashData(bytes)) != expected)
                    throw new InvalidDataException();
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> PinnedSet(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                var hex = Convert.ToHexString(SHA256.HashData(bytes));
                if (!Pinned.Contains(hex))
                    throw new InvalidDataException("unknown model");
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> PinnedMap(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!Known.ContainsKey(Convert.ToHexString(SHA256.HashData(bytes))))
                    throw new InvalidDataException("unknown model");
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> Logged(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                Log(SHA256.HashData(bytes));
                return {|#0:new InferenceSession(bytes)|};
            }

            static void Verify(byte[] model, string expected)
            {
                var actual = SHA256.HashData(model);
                ThrowIfMismatch(actual, expected);
            }

            static void ThrowIfMismatch(byte[] actual, string expectedHex)
            {
                if (!CryptographicOperations.FixedTimeEquals(actual, Convert.FromHexString(expectedHex)))
                    throw new InvalidDataException("digest mismatch");
            }

            static string Hex(byte[] digest) => Convert.ToHexString(digest).ToLowerInvariant();

            static void Log(byte[] digest) => Console.WriteLine(Convert.ToHexString(digest));
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    // A load in a lambda (a DI factory, a Lazy<T>) is checked by a check, earlier in the method around the lambda, of
    // the value the lambda captures. A check in another lambda of that method (another handler, which runs at another
    // time) or after the lambda is not.
    [Fact]
    public Task LoadInALambda_CheckedInTheMethodAroundIt() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var builder = WebApplication.CreateBuilder(args);
        var modelPath = builder.Configuration["Model:Path"]!;
        var expected = Convert.FromHexString(builder.Configuration["Model:Sha256"]!);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(modelPath)), expected))
            throw new InvalidDataException("model digest mismatch");
        builder.Services.AddSingleton(_ => new InferenceSession(modelPath));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<MLContext>().Model.Load(modelPath, out _));
        var app = builder.Build();
        var rankerPath = builder.Configuration["Ranker:Path"]!;
        app.MapPost("/ranker/verify", () => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(rankerPath))) == builder.Configuration["Ranker:Sha256"]);
        app.MapPost("/ranker/load", () => {|#0:new InferenceSession(rankerPath)|}.InputMetadata.Count);
        app.Run();

        public sealed class OnnxModelProvider
        {
            private readonly Lazy<InferenceSession> _session;
            private readonly Lazy<InferenceSession> _unchecked;

            public OnnxModelProvider(IConfiguration configuration)
            {
                var path = configuration["Model:Path"]!;
                var actual = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
                if (!string.Equals(actual, configuration["Model:Sha256"], StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException();
                _session = new Lazy<InferenceSession>(() => new InferenceSession(path));

                var other = configuration["Other:Path"]!;
                _unchecked = new Lazy<InferenceSession>(() => {|#1:new InferenceSession(other)|});
                if (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(other))) != configuration["Other:Sha256"])
                    throw new InvalidDataException();
            }
        }
        """,
        Expect(0, "new InferenceSession", "configuration"),
        Expect(1, "new InferenceSession", "configuration"));

    // An abstract class of the app's own, like an interface, is a service: System.Text.Json cannot build one from a
    // body (NotSupportedException) and MVC's complex-type binder cannot create one, so the container supplies it
    // (AddSingleton<ModelStore, BlobModelStore>() registers the abstract type; often in another project). In a minimal
    // API, an [ApiController] action and a plain MVC action alike.
    [Fact]
    public Task AbstractClassParameter_IsAService() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/reload", (ModelStore store) => new InferenceSession(store.CurrentPath).InputMetadata.Count);
        app.MapPost("/reload/group", Handlers.Reload);
        app.Run();

        static class Handlers
        {
            public static IResult Reload(ModelStore store, MLContext ml)
            {
                var model = ml.Model.Load(store.CurrentPath, out _);
                return Results.Ok();
            }
        }

        [ApiController, Route("models")]
        public sealed class ModelsController : ControllerBase
        {
            [HttpPost("reload")]
            public IActionResult Reload(ModelStore store, [FromServices] MLContext ml)
            {
                var model = ml.Model.Load(store.CurrentPath, out _);
                return Ok();
            }
        }

        public sealed class LegacyController : Controller
        {
            public IActionResult Reload(ModelStore store, [FromServices] MLContext ml)
            {
                var model = ml.Model.Load(store.CurrentPath, out _);
                return Ok();
            }
        }

        public abstract class ModelStore
        {
            public string CurrentPath { get; set; } = "Models/current.zip";
            public abstract void Refresh();
        }
        """);

    // An abstract class or interface the request can build is still the request: System.Text.Json polymorphism
    // ([JsonPolymorphic], [JsonDerivedType]), a [JsonConverter], an MVC [ModelBinder] on the type or the parameter, a
    // static BindAsync, or an explicit [FromBody]. A polymorphic type the app registers comes from the container.
    [Fact]
    public Task Flags_AbstractTypesTheRequestCanBuild() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Reflection;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.ModelBinding;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML.OnnxRuntime;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<RegisteredSpec>();
        var app = builder.Build();
        app.MapPost("/polymorphic", (ModelSpec spec) => {|#0:new InferenceSession(spec.Path)|}.InputMetadata.Count);
        app.MapPost("/interface", (IModelSpec spec) => {|#1:new InferenceSession(spec.Path)|}.InputMetadata.Count);
        app.MapPost("/converted", (ConvertedSpec spec) => {|#2:new InferenceSession(spec.Path)|}.InputMetadata.Count);
        app.MapPost("/bound", (SelfBoundSpec spec) => {|#3:new InferenceSession(spec.Path)|}.InputMetadata.Count);
        app.MapPost("/body", ([FromBody] PlainSpec spec) => {|#4:new InferenceSession(spec.Path)|}.InputMetadata.Count);
        app.MapPost("/registered", (RegisteredSpec spec) => new InferenceSession(spec.Path).InputMetadata.Count);
        app.Run();

        public sealed class SpecsController : Controller
        {
            public IActionResult Load([ModelBinder(typeof(SpecBinder))] PlainSpec spec)
            {
                using var session = {|#5:new InferenceSession(spec.Path)|};
                return Ok();
            }

            public IActionResult LoadBound(BinderSpec spec)
            {
                using var session = {|#6:new InferenceSession(spec.Path)|};
                return Ok();
            }
        }

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(OnnxSpec), "onnx")]
        public abstract class ModelSpec { public string Path { get; set; } = ""; }
        public sealed class OnnxSpec : ModelSpec { }

        [JsonDerivedType(typeof(InterfaceSpec), "onnx")]
        public interface IModelSpec { string Path { get; } }
        public sealed class InterfaceSpec : IModelSpec { public string Path { get; set; } = ""; }

        [JsonConverter(typeof(SpecConverter))]
        public abstract class ConvertedSpec { public string Path { get; set; } = ""; }
        public sealed class SpecConverter : JsonConverter<ConvertedSpec>
        {
            public override ConvertedSpec? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => null;
            public override void Write(Utf8JsonWriter writer, ConvertedSpec value, JsonSerializerOptions options) { }
        }

        public abstract class SelfBoundSpec
        {
            public string Path { get; set; } = "";
            public static ValueTask<SelfBoundSpec?> BindAsync(HttpContext context, ParameterInfo parameter) => default;
        }

        public abstract class PlainSpec { public string Path { get; set; } = ""; }

        [ModelBinder(typeof(SpecBinder))]
        public abstract class BinderSpec { public string Path { get; set; } = ""; }

        public sealed class SpecBinder : IModelBinder
        {
            public Task BindModelAsync(ModelBindingContext bindingContext) => Task.CompletedTask;
        }

        [JsonDerivedType(typeof(OnnxRegisteredSpec), "onnx")]
        public abstract class RegisteredSpec { public string Path { get; set; } = "Models/registered.onnx"; }
        public sealed class OnnxRegisteredSpec : RegisteredSpec { }
        """,
        Expect(0, "new InferenceSession", "the request"),
        Expect(1, "new InferenceSession", "the request"),
        Expect(2, "new InferenceSession", "the request"),
        Expect(3, "new InferenceSession", "the request"),
        Expect(4, "new InferenceSession", "the request body"),
        Expect(5, "new InferenceSession", "the request"),
        Expect(6, "new InferenceSession", "the request"));

    // An action declared on an abstract base controller is an action of each derived controller: with [ApiController]
    // on a derived one, a registered service parameter is injected. A base whose only derived controller is a plain
    // MVC controller model-binds it from the request.
    [Fact]
    public Task InheritedActions_InjectUnderADerivedApiController() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddControllers();
        var app = builder.Build();
        app.MapControllers();
        app.Run();

        public abstract class ModelControllerBase : ControllerBase
        {
            [HttpPost("load")]
            public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
            {
                var model = ml.Model.Load(store.ModelPath, out _);
                return Ok();
            }
        }

        [ApiController, Route("churn")]
        public sealed class ChurnController : ModelControllerBase { }

        public abstract class LegacyControllerBase : Controller
        {
            [HttpPost("legacy/load")]
            public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
            {
                var model = {|#0:ml.Model.Load(store.ModelPath, out _)|};
                return Ok();
            }
        }

        public sealed class LegacyController : LegacyControllerBase { }

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        """,
        Expect(0, "Model.Load", "the request"));

    // The derived [ApiController] names its abstract base only through a global alias declared in another file: the
    // search for derived controllers (the files that name the base) reads its file too, and the registered service is
    // injected.
    [Fact]
    public async Task NoDiagnostic_InheritedActionsUnderADerivedApiControllerNamingTheBaseThroughAGlobalAlias()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Program.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<ModelStore>();
            builder.Services.AddControllers();
            var app = builder.Build();
            app.MapControllers();
            app.Run();

            public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
            """));
        test.TestState.Sources.Add(("/0/ModelControllerBase.cs", """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.ML;

            public abstract class ModelControllerBase : ControllerBase
            {
                [HttpPost("load")]
                public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
                {
                    var model = ml.Model.Load(store.ModelPath, out _);
                    return Ok();
                }
            }
            """));
        test.TestState.Sources.Add(("/0/Usings.cs", "global using ModelBase = ModelControllerBase;\n"));
        test.TestState.Sources.Add(("/0/ChurnController.cs", """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("churn")]
            public sealed class ChurnController : ModelBase { }
            """));
        await test.RunAsync();
    }

    // A ServiceDescriptor added to the collection (Add, TryAdd) registers its service type as AddSingleton<T>() does;
    // a type registered nowhere is still bound from the request.
    [Fact]
    public Task NoDiagnostic_HandlerParametersRegisteredThroughServiceDescriptors() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Add(ServiceDescriptor.Singleton<ModelStore, ModelStore>());
        builder.Services.TryAdd(ServiceDescriptor.Scoped(typeof(Catalog), typeof(Catalog)));
        builder.Services.Add(ServiceDescriptor.Describe(typeof(Registry), typeof(Registry), ServiceLifetime.Transient));
        var app = builder.Build();
        app.MapPost("/a", (ModelStore store, MLContext ml) => { var m = ml.Model.Load(store.ModelPath, out _); return Results.Ok(); });
        app.MapPost("/b", (Catalog catalog, MLContext ml) => { var m = ml.Model.Load(catalog.Path, out _); return Results.Ok(); });
        app.MapPost("/c", (Registry registry, MLContext ml) => { var m = ml.Model.Load(registry.Current, out _); return Results.Ok(); });
        app.MapPost("/d", (Upload upload, MLContext ml) => { var m = {|#0:ml.Model.Load(upload.Path, out _)|}; return Results.Ok(); });
        app.Run();

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public sealed class Catalog { public string Path { get; set; } = "Models/catalog.zip"; }
        public sealed class Registry { public string Current { get; set; } = "Models/current.zip"; }
        public sealed class Upload { public string Path { get; set; } = ""; }
        """,
        Expect(0, "Model.Load", "the request"));

    // A handler parameter whose type the app registers as a service is injected, not bound from the request (minimal
    // APIs ask the container first), in a lambda or a method group alike; so are [FromServices] and framework services.
    [Fact]
    public Task NoDiagnostic_HandlerParametersRegisteredAsServices() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using Microsoft.Extensions.Logging;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddScoped(typeof(OnnxCatalog));
        builder.Services.AddModelRegistry();
        var app = builder.Build();
        app.MapPost("/models/load", Handlers.Load);
        app.MapPost("/models/onnx", Handlers.Onnx);
        app.MapPost("/models/registry", Handlers.Registry);
        app.MapPost("/models/pinned", Handlers.Pinned);
        app.MapPost("/models/lambda", (ModelStore store, MLContext ml) =>
        {
            var model = ml.Model.Load(store.ModelPath, out _);
            return Results.Ok();
        });
        app.Run();

        static class Handlers
        {
            public static IResult Load(ModelStore store, MLContext ml, IConfiguration configuration, ILogger<ModelStore> logger, HttpContext context, CancellationToken cancellationToken)
            {
                var model = ml.Model.Load(store.ModelPath, out _);
                return Results.Ok();
            }

            public static IResult Onnx(OnnxCatalog catalog)
            {
                using var session = new InferenceSession(catalog.RankerPath);
                return Results.Ok(session.InputNames.Count);
            }

            public static IResult Registry(ModelRegistry registry, MLContext ml)
            {
                var model = ml.Model.Load(registry.Current, out _);
                return Results.Ok();
            }

            public static IResult Pinned([FromServices] PinnedModels pinned, MLContext ml)
            {
                var model = ml.Model.Load(pinned.Path, out _);
                return Results.Ok();
            }
        }

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public sealed class OnnxCatalog { public string RankerPath { get; } = "Models/ranker.onnx"; }
        public sealed class ModelRegistry { public string Current { get; set; } = "Models/current.zip"; }
        public sealed class PinnedModels { public string Path { get; set; } = "Models/pinned.zip"; }

        static class ModelServiceCollectionExtensions
        {
            public static IServiceCollection AddModelRegistry(this IServiceCollection services)
            {
                services.TryAddSingleton<ModelRegistry>();
                return services;
            }
        }
        """);

    // Still request data: a type that is not registered (a DTO), one registered only under an interface or a key, and
    // an explicit [FromBody] whatever is registered.
    [Fact]
    public Task Flags_HandlerParametersNotResolvedAsServices() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<IModelSource, ModelSource>();
        builder.Services.AddKeyedSingleton<KeyedModel>("churn");
        var app = builder.Build();
        app.MapPost("/models/dto", Handlers.Dto);
        app.MapPost("/models/source", Handlers.Source);
        app.MapPost("/models/keyed", Handlers.Keyed);
        app.MapPost("/models/body", Handlers.Body);
        app.Run();

        static class Handlers
        {
            public static IResult Dto(LoadRequest request, MLContext ml)
            {
                var model = {|#0:ml.Model.Load(request.ModelPath, out _)|};
                return Results.Ok();
            }

            public static IResult Source(ModelSource source, MLContext ml)
            {
                var model = {|#1:ml.Model.Load(source.Path, out _)|};
                return Results.Ok();
            }

            public static IResult Keyed(KeyedModel keyed, MLContext ml)
            {
                var model = {|#2:ml.Model.Load(keyed.Path, out _)|};
                return Results.Ok();
            }

            public static IResult Body([FromBody] ModelStore store, MLContext ml)
            {
                var model = {|#3:ml.Model.Load(store.ModelPath, out _)|};
                return Results.Ok();
            }
        }

        public sealed class LoadRequest { public string ModelPath { get; set; } = ""; }
        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public interface IModelSource { }
        public sealed class ModelSource : IModelSource { public string Path { get; set; } = "Models/source.zip"; }
        public sealed class KeyedModel { public string Path { get; set; } = "Models/keyed.zip"; }
        """,
        Expect(0, "Model.Load", "the request"),
        Expect(1, "Model.Load", "the request"),
        Expect(2, "Model.Load", "the request"),
        Expect(3, "Model.Load", "the request body"));

    // Registered services that an action or handler still binds from the request: MVC model-binds a complex parameter of
    // a controller without [ApiController] whatever the container holds (only [ApiController] actions and minimal APIs
    // ask the container), and a closed registration (Repo<Churn>) says nothing of another construction (Repo<Ranker>).
    [Fact]
    public Task Flags_RegisteredTypeBoundFromTheRequest() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<Repo<Churn>>();
        var app = builder.Build();
        app.MapPost("/models/ranker", (Repo<Ranker> repo, MLContext ml) =>
        {
            var model = {|#1:ml.Model.Load(repo.Path, out _)|};
            return Results.Ok();
        });
        app.Run();

        public class ModelsController : Controller
        {
            public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
            {
                var model = {|#0:ml.Model.Load(store.ModelPath, out _)|};
                return Ok();
            }
        }

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public sealed class Repo<T> { public string Path { get; set; } = "Models/repo.zip"; }
        public sealed class Churn { }
        public sealed class Ranker { }
        """,
        Expect(0, "Model.Load", "the request"),
        Expect(1, "Model.Load", "the request"));

    // Injected: a registered type in an [ApiController] action (inherited from a base class), the same closed
    // construction that is registered, any construction of an open registration (typeof(Repo<>)), and a typed HTTP
    // client (AddHttpClient<T>).
    [Fact]
    public Task NoDiagnostic_RegisteredTypesInApiControllersAndGenerics() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<Repo<Churn>>();
        builder.Services.AddScoped(typeof(Catalog<>));
        builder.Services.AddHttpClient<ModelClient>();
        var app = builder.Build();
        app.MapPost("/models/churn", (Repo<Churn> repo, MLContext ml) =>
        {
            var model = ml.Model.Load(repo.Path, out _);
            return Results.Ok();
        });
        app.MapPost("/models/catalog", (Catalog<Ranker> catalog, ModelClient client, MLContext ml) =>
        {
            var first = ml.Model.Load(catalog.Path, out _);
            var second = ml.Model.Load(client.CachePath, out _);
            return Results.Ok();
        });
        app.Run();

        [ApiController]
        public abstract class ApiBase : ControllerBase { }

        public class ModelsController : ApiBase
        {
            public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
            {
                var model = ml.Model.Load(store.ModelPath, out _);
                return Ok();
            }
        }

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        public sealed class Repo<T> { public string Path { get; set; } = "Models/repo.zip"; }
        public sealed class Catalog<T> { public string Path { get; set; } = "Models/catalog.zip"; }
        public sealed class ModelClient { public string CachePath { get; set; } = "Models/cache.zip"; }
        public sealed class Churn { }
        public sealed class Ranker { }
        """);

    // [assembly: ApiController] makes every controller's actions ask the container.
    [Fact]
    public Task NoDiagnostic_RegisteredTypeUnderAnAssemblyApiController() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        [assembly: ApiController]

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<ModelStore>();
        builder.Build().Run();

        public class ModelsController : Controller
        {
            public IActionResult Load(ModelStore store, [FromServices] MLContext ml)
            {
                var model = ml.Model.Load(store.ModelPath, out _);
                return Ok();
            }
        }

        public sealed class ModelStore { public string ModelPath { get; set; } = "Models/churn.zip"; }
        """);

    // The same method called by the app itself, or passed to a look-alike Map* outside ASP.NET Core, is not a handler.
    [Fact]
    public Task NoDiagnostic_MethodGroupNotAnAspNetCoreHandler() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var ml = new MLContext();
        Handlers.LoadModel("models/churn.zip", ml);
        new Decoy.Router().MapPost("/models/load", Handlers.LoadOther);

        static class Handlers
        {
            public static IResult LoadModel(string modelPath, MLContext ml)
            {
                var model = ml.Model.Load(modelPath, out _);
                return Results.Ok();
            }

            public static IResult LoadOther(string modelPath, MLContext ml)
            {
                var model = ml.Model.Load(modelPath, out _);
                return Results.Ok();
            }
        }

        namespace Decoy
        {
            public sealed class Router { public void MapPost(string pattern, System.Delegate handler) { } }
        }
        """);

    [Fact]
    public Task Flags_CustomOpLibraryFromRequestPath() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML.OnnxRuntime;

        public sealed class OpsController : ControllerBase
        {
            [HttpPost]
            public IActionResult Register(string libraryPath)
            {
                using var options = new SessionOptions();
                {|#0:options.RegisterCustomOpLibraryV2(libraryPath, out _)|};
                return Ok();
            }
        }
        """,
        Expect(0, "RegisterCustomOpLibraryV2", "the request"));

    [Fact]
    public Task Flags_ModelBytesWrittenIntoALocalAfterItsDeclaration() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Models
        {
            async Task<ITransformer> Assigned(MLContext ml, HttpClient http)
            {
                Stream stream;
                stream = await http.GetStreamAsync("https://models.contoso.com/churn.zip");
                return {|#0:ml.Model.Load(stream, out _)|};
            }

            async Task<ITransformer> CopiedInto(MLContext ml, HttpClient http)
            {
                var buffer = new MemoryStream();
                var download = await http.GetStreamAsync("https://models.contoso.com/churn.zip");
                await download.CopyToAsync((buffer));
                buffer.Position = 0;
                return {|#1:ml.Model.Load(buffer, out _)|};
            }

            async Task<ITransformer> WrittenInto(MLContext ml, HttpClient http)
            {
                var buffer = new MemoryStream();
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.zip");
                buffer.Write(bytes, 0, bytes.Length);
                buffer.Position = 0;
                return {|#2:ml.Model.Load(buffer, out _)|};
            }

            ITransformer Local(MLContext ml)
            {
                var buffer = new MemoryStream();
                var other = new MemoryStream();
                // Writes into another stream, and text that only mentions the name, do not make it untrusted.
                other.Write(new byte[] { 1 }, 0, 1);
                var text = "buffer.Write(download)";
                return ml.Model.Load(buffer, out _);
            }
        }
        """,
        Expect(0, "Model.Load", "an HTTP download"),
        Expect(1, "Model.Load", "an HTTP download"),
        Expect(2, "Model.Load", "an HTTP download"));

    [Fact]
    public Task Flags_PredictionEnginePoolFromUri() => VerifyWithPoolAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            {|#0:builder.Services.AddPredictionEnginePool<Input, Output>().FromUri("https://models.contoso.com/sentiment.zip")|};
            """,
        Expect(0, "FromUri", "a URL, downloaded by the pool"));

    // FromFile takes a path with the same sources as Model.Load: configuration (also bound options), the environment,
    // a saved download, with and without a model name. The overloads without watchForChanges watch the file
    // (Microsoft.Extensions.ML passes true), as does any watchForChanges but a constant false: the message says so.
    [Fact]
    public Task Flags_PredictionEnginePoolFromFile_PathFromConfigurationEnvironmentOrDownload() => VerifyWithPoolAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;
            using Microsoft.Extensions.Options;

            var builder = WebApplication.CreateBuilder(args);
            var environmentPath = Environment.GetEnvironmentVariable("SENTIMENT_MODEL_PATH")!;
            {|#0:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(builder.Configuration["Model:Path"]!)|};
            {|#1:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", environmentPath)|};
            {|#2:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(filePath: builder.Configuration["Model:Path"]!, watchForChanges: true)|};
            {|#3:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(builder.Configuration["Model:Path"]!, watchForChanges: false)|};
            {|#4:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", environmentPath, false)|};
            {|#5:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", environmentPath, builder.Configuration.GetValue<bool>("Model:Watch"))|};
            {|#6:BuilderExtensions.FromFile(builder.Services.AddPredictionEnginePool<Input, Output>(), watchForChanges: false, filePath: environmentPath, modelName: "sentiment")|};
            builder.Services.Configure<ModelOptions>(builder.Configuration.GetSection("Model"));

            public static class Registration
            {
                public static void AddSentiment(IServiceCollection services, IOptions<ModelOptions> options) =>
                    {|#7:services.AddPredictionEnginePool<Input, Output>().FromFile(options.Value.Path)|};

                public static async void AddDownloaded(IServiceCollection services, HttpClient http)
                {
                    File.WriteAllBytes("Models/downloaded.zip", await http.GetByteArrayAsync("https://models.contoso.com/sentiment.zip"));
                    {|#8:services.AddPredictionEnginePool<Input, Output>().FromFile("Models/downloaded.zip", false)|};
                }
            }

            public sealed class ModelOptions { public string Path { get; set; } = ""; }
            """,
        Expect(0, "FromFile", "configuration" + Watched),
        Expect(1, "FromFile", "the environment" + Watched),
        Expect(2, "FromFile", "configuration" + Watched),
        Expect(3, "FromFile", "configuration"),
        Expect(4, "FromFile", "the environment"),
        Expect(5, "FromFile", "the environment" + Watched),
        Expect(6, "FromFile", "the environment"),
        Expect(7, "FromFile", "configuration" + Watched),
        Expect(8, "FromFile", "an HTTP download"));

    // The pool loads the file once when it does not watch it: a check of the same file before FromFile counts, as
    // before Model.Load (here, in the method that registers it, by a helper, and by the caller of a method that
    // registers its parameter). When it watches the file, it loads every later version unchecked: the same checks do
    // not count.
    [Fact]
    public Task PredictionEnginePoolFromFile_CheckedBefore_CountsOnlyWhenNotWatched() => VerifyWithPoolAsync("""
            using System;
            using System.IO;
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var path = builder.Configuration["Model:Path"]!;
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(path)), Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256")!)))
                throw new InvalidDataException();
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(path, watchForChanges: false);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", path, false);
            {|#0:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(path)|};
            {|#1:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", path)|};
            {|#2:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(path, watchForChanges: true)|};

            var other = Environment.GetEnvironmentVariable("OTHER_MODEL_PATH")!;
            Integrity.Verify(other);
            Registration.Add(builder.Services, other);
            Registration.AddWatched(builder.Services, other);

            public static class Integrity
            {
                public static void Verify(string file)
                {
                    if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(file)), Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256")!)))
                        throw new InvalidDataException();
                }
            }

            public static class Registration
            {
                public static void Add(IServiceCollection services, string file) =>
                    services.AddPredictionEnginePool<Input, Output>().FromFile(file, false);

                public static void AddWatched(IServiceCollection services, string file) =>
                    {|#3:services.AddPredictionEnginePool<Input, Output>().FromFile(file, true)|};
            }
            """,
        Expect(0, "FromFile", "configuration" + Watched),
        Expect(1, "FromFile", "configuration" + Watched),
        Expect(2, "FromFile", "configuration" + Watched),
        Expect(3, "FromFile", "the environment" + Watched));

    // The rule page's advice for FromUri: download the model yourself, verify it, write it to a fixed app-relative
    // file and serve that with FromFile watching it. A check of the content before each write (or by a helper that
    // returns the content it checked) holds for every version the pool reloads; without it, the saved download is
    // flagged, watched or not.
    [Fact]
    public Task PredictionEnginePoolFromFile_WatchedFileWrittenFromAVerifiedDownload_IsTrusted() => VerifyWithPoolAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Security.Cryptography;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(ModelFiles.Verified, watchForChanges: true);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("verified", ModelFiles.Verified);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("helper", ModelFiles.FromHelper);
            {|#0:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(ModelFiles.Unverified)|};

            public sealed class ModelRefresher(HttpClient http)
            {
                public async Task RefreshAsync()
                {
                    var bytes = await http.GetByteArrayAsync("https://models.contoso.com/sentiment.zip");
                    if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256")!)))
                        throw new InvalidDataException();
                    File.WriteAllBytes(ModelFiles.Verified, bytes);
                }

                public async Task RefreshThroughHelperAsync() => File.WriteAllBytes(ModelFiles.FromHelper, await DownloadVerifiedAsync());

                private async Task<byte[]> DownloadVerifiedAsync()
                {
                    var bytes = await http.GetByteArrayAsync("https://models.contoso.com/sentiment.zip");
                    if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256")!)))
                        throw new InvalidDataException();
                    return bytes;
                }

                public async Task RefreshUncheckedAsync() =>
                    File.WriteAllBytes(ModelFiles.Unverified, await http.GetByteArrayAsync("https://models.contoso.com/sentiment.zip"));
            }

            public static class ModelFiles
            {
                public const string Verified = "Models/sentiment.zip";
                public const string Unverified = "Models/unverified.zip";
                public const string FromHelper = "Models/helper.zip";
            }
            """,
        Expect(0, "FromFile", "an HTTP download, reloaded whenever the file changes"));

    [Fact]
    public Task Flags_ApplyOnnxModelFromConfiguration() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Scoring
        {
            IEstimator<ITransformer> Pipeline(MLContext ml, IConfiguration configuration) =>
                {|#0:ml.Transforms.ApplyOnnxModel(modelFile: configuration["Models:Onnx"]!)|};

            IEstimator<ITransformer> Local(MLContext ml) => ml.Transforms.ApplyOnnxModel("Models/churn.onnx");
        }
        """,
        MlReferences.WithOnnxTransformer,
        Expect(0, "ApplyOnnxModel", "configuration"));

    [Fact]
    public Task Flags_ModelArgumentNamedOutOfOrder() => Verify.VerifyAnalyzerAsync("""
        using System;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Onnx(IConfiguration configuration) =>
                {|#0:new InferenceSession(options: new SessionOptions(), modelPath: configuration["Models:Onnx"]!)|};

            ITransformer MlNet(MLContext ml) =>
                {|#1:ml.Model.Load(inputSchema: out _, filePath: Environment.GetEnvironmentVariable("MODEL_PATH")!)|};

            void CustomOps(SessionOptions options, IConfiguration configuration) =>
                {|#2:options.RegisterCustomOpLibraryV2(libraryHandle: out _, libraryPath: configuration["Models:Ops"]!)|};
        }
        """,
        Expect(0, "new InferenceSession", "configuration"),
        Expect(1, "Model.Load", "the environment"),
        Expect(2, "RegisterCustomOpLibraryV2", "configuration"));

    [Fact]
    public Task Flags_DownloadSavedWithNamedArgumentsOutOfOrder() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string BytesFile = "models/bytes.onnx";
            private const string StreamFile = "models/stream.onnx";

            async Task RefreshAsync(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx");
                File.WriteAllBytes(bytes: bytes, path: BytesFile);

                await using var download = await http.GetStreamAsync("https://models.contoso.com/latest.onnx");
                await download.CopyToAsync(bufferSize: 81920, destination: File.Create(StreamFile));
            }

            InferenceSession FromBytes() => {|#0:new InferenceSession(BytesFile)|};

            InferenceSession FromStream() => {|#1:new InferenceSession(StreamFile)|};

            InferenceSession Copied()
            {
                File.Copy(destFileName: "models/copied.onnx", sourceFileName: BytesFile);
                return {|#2:new InferenceSession("models/copied.onnx")|};
            }

            async Task<InferenceSession> Buffered(HttpClient http)
            {
                var buffer = new MemoryStream();
                using var response = await http.GetAsync("https://models.contoso.com/latest.onnx");
                await response.Content.CopyToAsync(stream: buffer);
                var other = new MemoryStream();
                await (await http.GetStreamAsync("https://models.contoso.com/latest.onnx")).CopyToAsync(bufferSize: 4096, destination: other);
                return {|#3:new InferenceSession(buffer.ToArray())|} ?? {|#4:new InferenceSession(other.ToArray())|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "an HTTP download"),
        Expect(3, "new InferenceSession", "an HTTP download"),
        Expect(4, "new InferenceSession", "an HTTP download"));

    [Fact]
    public Task Flags_UploadCopiedWithANamedTargetArgument() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/models", async (IFormFile upload) =>
        {
            using var memory = new MemoryStream();
            await upload.CopyToAsync(target: memory);
            using var session = {|#0:new InferenceSession(memory.ToArray())|};
            return Results.Ok(session.InputNames.Count);
        });
        """,
        Expect(0, "new InferenceSession", "an uploaded file"));

    [Fact]
    public Task Flags_DownloadSavedToFileThenLoaded() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private static readonly string ModelFile = Path.Combine("models", "latest.onnx");

            async Task RefreshAsync(HttpClient http)
            {
                using var response = await http.GetAsync("https://models.contoso.com/latest.onnx");
                await using var file = new FileStream(ModelFile, FileMode.Create);
                await response.Content.CopyToAsync(file);
            }

            InferenceSession Open() => {|#0:new InferenceSession(ModelFile)|};
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    // Content verified before it was saved makes a trusted file, in the same method or another one.
    [Fact]
    public Task NoDiagnostic_VerifiedDownloadSavedThenLoaded() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private static readonly string ModelFile = Path.Combine("models", "ranker.zip");

            async Task<InferenceSession> Load(HttpClient http, byte[] expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), expected))
                    throw new InvalidDataException("model digest mismatch");
                var cached = Path.Combine(Path.GetTempPath(), "churn.onnx");
                await File.WriteAllBytesAsync(cached, bytes);
                return new InferenceSession(cached);
            }

            async Task RefreshAsync(HttpClient http, byte[] expected)
            {
                var temp = Path.Combine(Path.GetTempPath(), "ranker.download");
                await File.WriteAllBytesAsync(temp, await http.GetByteArrayAsync("https://models.contoso.com/ranker.zip"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(temp)), expected))
                    throw new InvalidDataException("model digest mismatch");
                File.Copy(temp, ModelFile, overwrite: true);
            }

            ITransformer Open(MLContext ml) => ml.Model.Load(ModelFile, out _);
        }
        """);

    // The saved file verified before the load, by reading the same path back (bytes, a stream, a configured verifier),
    // in the method that saves and loads: the same local, constant or field, and also the same literal text or the same
    // Path.Combine spelled again, which share no symbol with the load.
    [Fact]
    public async Task NoDiagnostic_SavedFileVerifiedBeforeTheLoad()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Security.Cryptography;
            using System.Threading.Tasks;
            using Microsoft.ML;
            using Microsoft.ML.OnnxRuntime;

            class Models
            {
                private const string RankerFile = "models/ranker.onnx";
                private readonly string _churnFile = Path.Combine(Path.GetTempPath(), "churn.zip");

                async Task<InferenceSession> Bytes(HttpClient http, byte[] expected)
                {
                    var path = Path.Combine(Path.GetTempPath(), "latest.onnx");
                    var bytes = await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx");
                    await File.WriteAllBytesAsync(path, bytes);
                    var hash = SHA256.HashData(File.ReadAllBytes(path));
                    if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                        throw new InvalidDataException("model digest mismatch");
                    var session = new InferenceSession(path);
                    return session;
                }

                async Task<InferenceSession> Stream(HttpClient http, string expectedHex)
                {
                    await using (var download = await http.GetStreamAsync("https://models.contoso.com/ranker.onnx"))
                    await using (var file = File.Create(RankerFile))
                        await download.CopyToAsync(file);

                    using (var stream = File.OpenRead(RankerFile))
                    {
                        if (Convert.ToHexString(SHA256.HashData(stream)) != expectedHex)
                            throw new InvalidDataException("model digest mismatch");
                    }

                    return new InferenceSession(RankerFile);
                }

                async Task<ITransformer> Verifier(MLContext ml, HttpClient http, ISignatureService signatures)
                {
                    await File.WriteAllBytesAsync(_churnFile, await http.GetByteArrayAsync("https://models.contoso.com/churn.zip"));
                    signatures.CheckSignature(_churnFile);
                    return ml.Model.Load(_churnFile, out _);
                }

                async Task<InferenceSession> LiteralPath(HttpClient http, byte[] expected)
                {
                    var bytes = await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx");
                    await File.WriteAllBytesAsync("models/latest.onnx", bytes);
                    var hash = SHA256.HashData(File.ReadAllBytes("models/latest.onnx"));
                    if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                        throw new InvalidDataException("model digest mismatch");
                    return new InferenceSession("models/latest.onnx");
                }

                async Task<ITransformer> CombinedTwice(MLContext ml, HttpClient http, string expectedHex)
                {
                    await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "churn.zip"), await http.GetByteArrayAsync("https://models.contoso.com/churn.zip"));
                    using var stream = File.OpenRead(Path.Combine(Path.GetTempPath(), "churn.zip"));
                    if (Convert.ToHexString(await SHA256.HashDataAsync(stream)) != expectedHex)
                        throw new InvalidDataException("model digest mismatch");
                    return ml.Model.Load(Path.Combine(Path.GetTempPath(), "churn.zip"), out _);
                }

                async Task<InferenceSession> LiteralVerifier(HttpClient http, ISignatureService signatures)
                {
                    await File.WriteAllBytesAsync("models/ranker.onnx", await http.GetByteArrayAsync("https://models.contoso.com/ranker.onnx"));
                    signatures.CheckSignature("models/ranker.onnx");
                    return new InferenceSession("models/ranker.onnx");
                }
            }

            interface ISignatureService { void CheckSignature(string path); }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nmlsec.model_integrity_verifiers = CheckSignature\n"));
        await test.RunAsync();
    }

    // Still reported: the check reads another file (another local, constant or literal, or a sibling in the same
    // directory), comes after the load, or is only logged.
    [Fact]
    public Task Flags_SavedFileCheckedElsewhereOrTooLate() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string RankerFile = "models/ranker.onnx";
            private const string BackupFile = "models/ranker.bak";
            private readonly string _dir = Path.Combine(Path.GetTempPath(), "models");

            async Task<InferenceSession> OtherFile(HttpClient http, byte[] expected)
            {
                var path = Path.Combine(Path.GetTempPath(), "latest.onnx");
                var previous = Path.Combine(Path.GetTempPath(), "previous.onnx");
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(previous)), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#0:new InferenceSession(path)|};
            }

            async Task<InferenceSession> OtherConstant(HttpClient http, byte[] expected)
            {
                await File.WriteAllBytesAsync(RankerFile, await http.GetByteArrayAsync("https://models.contoso.com/ranker.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(BackupFile)), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#1:new InferenceSession(RankerFile)|};
            }

            async Task<InferenceSession> SiblingFile(HttpClient http, byte[] expected)
            {
                var path = Path.Combine(_dir, "latest.onnx");
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir, "previous.onnx"))), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#4:new InferenceSession(path)|};
            }

            async Task<InferenceSession> OtherLiteral(HttpClient http, byte[] expected)
            {
                await File.WriteAllBytesAsync("models/latest.onnx", await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes("models/previous.onnx")), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#5:new InferenceSession("models/latest.onnx")|};
            }

            async Task<InferenceSession> AfterTheLoad(HttpClient http, byte[] expected)
            {
                var path = Path.Combine(Path.GetTempPath(), "latest.onnx");
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx"));
                var session = {|#2:new InferenceSession(path)|};
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(path)), expected))
                    throw new InvalidDataException("model digest mismatch");
                return session;
            }

            async Task<InferenceSession> LoggedOnly(HttpClient http)
            {
                await File.WriteAllBytesAsync(RankerFile, await http.GetByteArrayAsync("https://models.contoso.com/ranker.onnx"));
                Console.WriteLine(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(RankerFile))));
                return {|#3:new InferenceSession(RankerFile)|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "an HTTP download"),
        Expect(3, "new InferenceSession", "an HTTP download"),
        Expect(4, "new InferenceSession", "an HTTP download"),
        Expect(5, "new InferenceSession", "an HTTP download"));

    // A configured verifier given the model's directory (not the file) checks what is loaded from it: a verifier's
    // argument is compared by the values the two share, not by the file it names.
    [Fact]
    public async Task NoDiagnostic_ConfiguredVerifierGivenTheModelsDirectory()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using System;
            using System.IO;
            using Microsoft.Extensions.Configuration;
            using Microsoft.ML.OnnxRuntime;

            class Models
            {
                InferenceSession FromConfiguration(IConfiguration configuration)
                {
                    var dir = configuration["Models:Dir"]!;
                    ModelVerifier.VerifyDirectory(dir);
                    return new InferenceSession(Path.Combine(dir, "model.onnx"));
                }

                InferenceSession FromEnvironment()
                {
                    var dir = Environment.GetEnvironmentVariable("MODEL_DIR")!;
                    ModelVerifier.VerifyDirectory(dir);
                    return new InferenceSession(dir + "/model.onnx");
                }
            }

            static class ModelVerifier { public static void VerifyDirectory(string dir) { } }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nmlsec.model_integrity_verifiers = VerifyDirectory\n"));
        await test.RunAsync();
    }

    // The file hashed and the file loaded are the same path spelled two ways: Path.Combine, Path.Join, dir + "/x", an
    // interpolated string, backslashes.
    [Fact]
    public Task NoDiagnostic_SameFileSpelledTwoWays() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Concatenated(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(dir + "/model.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Combine(dir, "model.onnx"));
            }

            InferenceSession Interpolated(IConfiguration configuration, string expectedHex)
            {
                var dir = configuration["Models:Dir"]!;
                using (var stream = File.OpenRead(Path.Combine(dir, "ranker.onnx")))
                {
                    if (Convert.ToHexString(SHA256.HashData(stream)) != expectedHex)
                        throw new InvalidDataException("model digest mismatch");
                }

                return new InferenceSession($"{dir}/ranker.onnx");
            }

            ITransformer Backslash(MLContext ml, byte[] expected)
            {
                var dir = Environment.GetEnvironmentVariable("MODEL_DIR")!;
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(dir + "\\churn\\model.zip")), expected))
                    throw new InvalidDataException("model digest mismatch");
                return ml.Model.Load(Path.Join(dir, "churn", "model.zip"), out _);
            }
        }
        """);

    // Spelled two ways, still another file: a sibling in the same directory.
    [Fact]
    public Task Flags_SiblingFileSpelledAnotherWay() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Load(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(dir + "/previous.onnx")), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#0:new InferenceSession(Path.Combine(dir, "latest.onnx"))|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "configuration"));

    // The separator spelled as Path.DirectorySeparatorChar / AltDirectorySeparatorChar (concatenated, interpolated, or
    // through ToString()) or as a char literal is the '/' of Path.Combine: the same file, not a member of the path.
    [Fact]
    public Task NoDiagnostic_SameFileSpelledWithDirectorySeparatorChar() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Concatenated(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(dir + Path.DirectorySeparatorChar + "model.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Combine(dir, "model.onnx"));
            }

            InferenceSession Interpolated(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes($"{dir}{Path.DirectorySeparatorChar}model.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Combine(dir, "model.onnx"));
            }

            InferenceSession AltToString(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(dir + Path.AltDirectorySeparatorChar.ToString() + "model.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Join(dir, "model.onnx"));
            }

            InferenceSession CharLiteral(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(dir + '/' + "model.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Combine(dir, "model.onnx"));
            }
        }
        """);

    // Still another file when spelled with the separator field: a sibling.
    [Fact]
    public Task Flags_SiblingFileSpelledWithDirectorySeparatorChar() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Load(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(dir + Path.DirectorySeparatorChar + "previous.onnx")), expected))
                    throw new InvalidDataException("model digest mismatch");
                return {|#0:new InferenceSession(Path.Combine(dir, "latest.onnx"))|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "configuration"));

    // Path.Combine's parts are in parameter order, whatever order named arguments are written in; a leading "./" names
    // the same file as no prefix.
    [Fact]
    public Task NoDiagnostic_SameFileCombinedWithNamedArgumentsOrDotSlash() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            InferenceSession Named(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(Path.Combine(path2: "model.onnx", path1: dir)));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(Path.Combine(dir, "model.onnx"));
            }

            InferenceSession DotSlash(IConfiguration configuration, byte[] expected)
            {
                var dir = configuration["Models:Dir"]!;
                var hash = SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "./model.onnx")));
                if (!CryptographicOperations.FixedTimeEquals(hash, expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(dir + "/model.onnx");
            }
        }
        """);

    // Path.GetTempFileName() and Guid.NewGuid() name a new file at each call: a download saved to a temp file in one
    // class does not make another class's temp file, filled from bundled bytes, "from an HTTP download".
    [Fact]
    public async Task NoDiagnostic_UnrelatedTempFilesInTwoFiles()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/Downloader.cs", """
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Downloader
            {
                async Task<string> Fetch(HttpClient http)
                {
                    var tmp = Path.GetTempFileName();
                    await File.WriteAllBytesAsync(tmp, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                    var unique = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.onnx");
                    await File.WriteAllBytesAsync(unique, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                    await File.WriteAllBytesAsync(Path.GetRandomFileName(), await http.GetByteArrayAsync("https://example.com/m.onnx"));
                    return tmp;
                }
            }
            """));
        test.TestState.Sources.Add(("/Bundled.cs", """
            using System;
            using System.IO;
            using Microsoft.ML.OnnxRuntime;

            class Bundled
            {
                static readonly byte[] Embedded = new byte[16];

                InferenceSession Open()
                {
                    var tmp = Path.GetTempFileName();
                    File.WriteAllBytes(tmp, Embedded);
                    return new InferenceSession(tmp);
                }

                InferenceSession OpenUnique()
                {
                    var unique = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.onnx");
                    File.WriteAllBytes(unique, Embedded);
                    return new InferenceSession(unique);
                }

                InferenceSession OpenRandom() => new InferenceSession(Path.GetRandomFileName());
            }
            """));
        await test.RunAsync();
    }

    // A temp file's name read through the local that holds it is that one file at every use: a download saved to it and
    // loaded from it is reported, and a check that reads it back counts.
    [Fact]
    public Task Flags_DownloadSavedToATempFileThenLoaded() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> Unchecked(HttpClient http)
            {
                var tmp = Path.GetTempFileName();
                await File.WriteAllBytesAsync(tmp, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                return {|#0:new InferenceSession(tmp)|};
            }

            async Task<InferenceSession> UncheckedUnique(HttpClient http)
            {
                var unique = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.onnx");
                await File.WriteAllBytesAsync(unique, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                return {|#1:new InferenceSession(unique)|};
            }

            async Task<InferenceSession> Checked(HttpClient http, byte[] expected)
            {
                var unique = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.onnx");
                await File.WriteAllBytesAsync(unique, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(unique)), expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(unique);
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"));

    // The check of one temp file does not count for another temp file, nor a check of one Guid-named file for another.
    [Fact]
    public Task Flags_CheckOfAnotherTempFile() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> TempFiles(HttpClient http, byte[] reference, byte[] expected)
            {
                var baseline = Path.GetTempFileName();
                await File.WriteAllBytesAsync(baseline, reference);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(baseline)), expected))
                    throw new InvalidDataException("baseline digest mismatch");

                var candidate = Path.GetTempFileName();
                await File.WriteAllBytesAsync(candidate, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                return {|#0:new InferenceSession(candidate)|};
            }

            async Task<InferenceSession> GuidNames(HttpClient http, string dir, byte[] expected)
            {
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, $"{Guid.NewGuid()}.onnx"))), expected))
                    throw new InvalidDataException("digest mismatch");
                var candidate = Path.Combine(dir, $"{Guid.NewGuid()}.onnx");
                await File.WriteAllBytesAsync(candidate, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                return {|#1:new InferenceSession(candidate)|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"));

    // A helper of the compilation without arguments names one file at each call, unless it makes a new name itself: a
    // check of ModelPath() counts for a load of ModelPath(), and a download saved to NewModelPath() is not the file
    // another NewModelPath() call returns.
    [Fact]
    public Task NoDiagnostic_PathHelpersWithoutArguments() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            static readonly byte[] Embedded = new byte[16];

            static string ModelPath() => Environment.GetEnvironmentVariable("MODEL_PATH")!;

            static string NewModelPath() => Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString() + ".onnx");

            InferenceSession Checked(byte[] expected)
            {
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(ModelPath())), expected))
                    throw new InvalidDataException("model digest mismatch");
                return new InferenceSession(ModelPath());
            }

            async Task Download(HttpClient http) =>
                await File.WriteAllBytesAsync(NewModelPath(), await http.GetByteArrayAsync("https://example.com/m.onnx"));

            InferenceSession Bundled()
            {
                var path = NewModelPath();
                File.WriteAllBytes(path, Embedded);
                return new InferenceSession(path);
            }
        }
        """);

    // Two locals of the same name at the same offset of two files are two variables: a download saved to one does not
    // make a load from the other untrusted.
    [Fact]
    public async Task NoDiagnostic_LocalsNamedAlikeInTwoFiles()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/A.cs", """
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime;

            class A
            {
                async Task<long> Run(HttpClient http, string name)
                {
                    var path = Path.GetFullPath(name);
                    await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync("https://example.com/m.onnx"));
                    return 0;
                }
            }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime;

            class B
            {
                InferenceSession Run(HttpClient http, string name)
                {
                    var path = Path.GetFullPath(name);
                    return new InferenceSession(path);
                }
            }
            """));
        await test.RunAsync();
    }

    // Environment.GetFolderPath with a constant folder names one directory wherever it is called: a download saved under
    // it in one method and loaded in another is reported; another folder is another file.
    [Fact]
    public Task Flags_DownloadSavedUnderASpecialFolderThenLoaded() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task RefreshAsync(HttpClient http) =>
                await File.WriteAllBytesAsync(
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "m.onnx"),
                    await http.GetByteArrayAsync("https://example.com/m.onnx"));

            InferenceSession Open() =>
                {|#0:new InferenceSession(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "m.onnx"))|};

            InferenceSession OpenOther() =>
                new InferenceSession(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "m.onnx"));
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    // Half-written and odd path expressions: no analyzer exception; the untrusted ones are still reported.
    [Fact]
    public async Task Flags_OddPathExpressionsWithoutCrashing()
    {
        var test = Verify.CreateTest();
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestCode = """
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Security.Cryptography;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Configuration;
            using Microsoft.ML;
            using Microsoft.ML.OnnxRuntime;

            class Models
            {
                async Task Run(HttpClient http, IConfiguration configuration, MLContext ml, string[] parts, int n)
                {
                    var dir = configuration["Models:Dir"]!;
                    await File.WriteAllBytesAsync(Path.Combine(), await http.GetByteArrayAsync("https://x/m"));
                    var a = {|#0:new InferenceSession(Path.Combine())|};
                    var b = new InferenceSession(Path.Combine(parts));
                    var c = new InferenceSession(Path.Combine(new string[0]));
                    var d = {|#1:new InferenceSession($"{dir:x}/{n,5}/m.onnx")|};
                    var e = new InferenceSession(Path.Combine(dir, ));
                    var f = new InferenceSession(Path.Combine(dir, Unknown.Name));
                    var g = new InferenceSession(Path.Join(dir.AsSpan(), "m.onnx"));
                    var h = ml.Model.Load(Path.Combine(null, "m.zip"), out _);
                    var i = {|#2:new InferenceSession(Path.Combine(dir, null!))|};
                    var j = {|#3:new InferenceSession(dir + 'x' + 1 + n)|};
                    var k = new InferenceSession(UnknownCall());
                    var l = new InferenceSession(Path.Combine(path9: dir, "m.onnx"));
                    var m = {|#4:new InferenceSession(dir + Path.DirectorySeparatorChar.ToString(null) + Path.PathSeparator)|};
                    if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(Path.Combine(parts))), new byte[32])) return;
                    var o = new InferenceSession(Path.Combine(parts));
                    var p = ml.Model.Load(File.OpenRead(), out _);
                    var q = new InferenceSession(new FileStream());
                    var r = new InferenceSession(Path.Combine(Environment.GetFolderPath(), "m.onnx"));
                }
            }
            """;
        // The empty Path.Combine() matches the write to Path.Combine().
        test.ExpectedDiagnostics.Add(Expect(0, "new InferenceSession", "an HTTP download"));
        test.ExpectedDiagnostics.Add(Expect(1, "new InferenceSession", "configuration"));
        test.ExpectedDiagnostics.Add(Expect(2, "new InferenceSession", "configuration"));
        test.ExpectedDiagnostics.Add(Expect(3, "new InferenceSession", "configuration"));
        test.ExpectedDiagnostics.Add(Expect(4, "new InferenceSession", "configuration"));
        await test.RunAsync();
    }

    // A digest that is only logged does not make the saved file trusted.
    [Fact]
    public Task Flags_DownloadSavedWithALoggedDigest() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> Logged(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                Console.WriteLine(Convert.ToHexString(SHA256.HashData(bytes)));
                var cached = Path.Combine(Path.GetTempPath(), "churn.onnx");
                await File.WriteAllBytesAsync(cached, bytes);
                return {|#0:new InferenceSession(cached)|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    [Fact]
    public Task Flags_PathInAFieldOrThroughAHelper() => Verify.VerifyAnalyzerAsync("""
        using System;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private readonly MLContext _ml = new();
            private readonly string _modelPath;

            public Models(IConfiguration configuration) => _modelPath = configuration.GetValue<string>("Models:Churn")!;

            public ITransformer Load() => {|#0:_ml.Model.Load(_modelPath, out _)|};

            public InferenceSession Open() => OpenSession(Environment.GetEnvironmentVariable("ONNX_MODEL")!);

            private static InferenceSession OpenSession(string path)
            {
                var session = {|#1:new InferenceSession(path)|};
                return session;
            }
        }
        """,
        Expect(0, "Model.Load", "configuration"),
        Expect(1, "new InferenceSession", "the environment"));

    [Fact]
    public Task Flags_DigestComputedButNotComparedOrWeak() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> Logged(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                Console.WriteLine(Convert.ToHexString(SHA256.HashData(bytes)));
                return {|#0:new InferenceSession(bytes)|};
            }

            async Task<InferenceSession> Md5(HttpClient http, byte[] expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!MD5.HashData(bytes).AsSpan().SequenceEqual(expected))
                    throw new InvalidOperationException();
                return {|#1:new InferenceSession(bytes)|};
            }

            // The other model's file was checked, not this one: two values read from one IConfiguration are not the same.
            InferenceSession OtherFile(Microsoft.Extensions.Configuration.IConfiguration configuration, byte[] expected)
            {
                var checkedPath = configuration["Models:Churn"]!;
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(System.IO.File.ReadAllBytes(checkedPath)), expected))
                    throw new InvalidOperationException();
                return {|#2:new InferenceSession(configuration["Models:Ranker"]!)|};
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "configuration"));

    [Fact]
    public Task NoDiagnostic_VerifiedInHelpersOrByTheCaller() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private readonly byte[] _expected = Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256")!);

            // The helper checks what it hands out.
            async Task<InferenceSession> Verified(HttpClient http) => new InferenceSession(await DownloadVerifiedAsync(http));

            private async Task<byte[]> DownloadVerifiedAsync(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), _expected))
                    throw new InvalidDataException();
                return bytes;
            }

            // The caller checks before the helper loads.
            InferenceSession FromEnvironment()
            {
                var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                var actual = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
                if (actual != Environment.GetEnvironmentVariable("MODEL_SHA256_HEX"))
                    throw new InvalidDataException();
                return Open(path);
            }

            private static InferenceSession Open(string path) => new InferenceSession(path);

            // An incremental hash, and a signature.
            async Task<InferenceSession> Incremental(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                hash.AppendData(bytes);
                if (!hash.GetHashAndReset().AsSpan().SequenceEqual(_expected))
                    throw new InvalidDataException();
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> Signed(HttpClient http, RSA publisher, byte[] signature)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!publisher.VerifyData(bytes, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))
                    throw new InvalidDataException();
                return new InferenceSession(bytes);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_PredictionEnginePoolFromLocalFile() => VerifyWithPoolAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("Models/sentiment.zip");
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("Models/sentiment.zip", watchForChanges: false);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", "Models/sentiment.zip");
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", System.IO.Path.Combine(AppContext.BaseDirectory, "Models", "sentiment.zip"), true);
            builder.Services.AddPredictionEnginePool<Input, Output>().FromUri("file:///opt/models/sentiment.zip");
            builder.Services.AddPredictionEnginePool<Input, Output>().FromUri("sentiment", new Uri("file:///opt/models/sentiment.zip"));
            """);

    [Fact]
    public Task NoDiagnostic_AppRelativeAndLiteralPaths() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            ITransformer A(MLContext ml) => ml.Model.Load("Models/churn.zip", out _);
            InferenceSession B() => new(Path.Combine(AppContext.BaseDirectory, "Models", "churn.onnx"));
            ITransformer C(MLContext ml, string path) => ml.Model.Load(path, out _);
        }
        """);

    [Fact]
    public Task NoDiagnostic_HashCheckedBeforeLoading() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> Download(HttpClient http, byte[] expected)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), expected))
                    throw new InvalidDataException();
                return new InferenceSession(bytes);
            }

            ITransformer FromConfiguration(MLContext ml, IConfiguration configuration)
            {
                var path = configuration["Model:Path"]!;
                EnsureDigest(path, configuration["Model:Sha256"]!);
                return ml.Model.Load(path, out _);
            }

            private static void EnsureDigest(string path, string expectedHex)
            {
                using var stream = File.OpenRead(path);
                if (Convert.ToHexString(SHA256.Create().ComputeHash(stream)) != expectedHex)
                    throw new InvalidDataException();
            }
        }
        """);

    [Fact]
    public async Task Option_ModelIntegrityVerifiers()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using Microsoft.Extensions.Configuration;
            using Microsoft.ML;

            class Models
            {
                ITransformer Load(MLContext ml, IConfiguration configuration, ISignatureService signatures)
                {
                    var path = configuration["Model:Path"]!;
                    signatures.CheckSignature(path);
                    return ml.Model.Load(path, out _);
                }
            }

            interface ISignatureService { void CheckSignature(string path); }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nmlsec.model_integrity_verifiers = CheckSignature\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_LookAlikeTypes() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Models
        {
            object Load() => new Decoy.InferenceSession(Environment.GetEnvironmentVariable("MODEL_PATH")!);
        }

        namespace Decoy
        {
            public sealed class InferenceSession { public InferenceSession(string path) { } }
        }
        """);

    // A request value that only picks a file name in a fixed directory of the app: Path.GetFileName (or
    // GetFileNameWithoutExtension, with a literal extension) strips any directory part, so the request can choose among
    // the deployment's files but not leave their directory, nor supply the bytes.
    [Fact]
    public Task RequestChoosesAFileNameInATrustedDirectory_IsTrusted() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapGet("/predict/{name}", (string name, MLContext ml) =>
        {
            var path = Path.Combine("models", Path.GetFileName(name));
            var model = ml.Model.Load(path, out _);
            return Results.Ok();
        });
        app.MapPost("/onnx", (LoadRequest req) => new InferenceSession(Path.Combine(AppContext.BaseDirectory, "models", Path.GetFileName(req.Model))).InputMetadata.Count);
        app.MapPost("/onnx/query", (HttpRequest request) =>
            new InferenceSession(Path.Join(AppContext.BaseDirectory, "models", Path.GetFileNameWithoutExtension(request.Query["model"].ToString()) + ".onnx")).InputMetadata.Count);
        app.MapPost("/onnx/text", (string name) => new InferenceSession($"models/{Path.GetFileNameWithoutExtension(name)}.onnx").InputMetadata.Count);
        app.MapPost("/onnx/local", (string name) =>
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "models");
            var file = Path.GetFileName(name);
            using var session = new InferenceSession(Path.Combine(directory, file));
            return Results.Ok();
        });
        app.MapPost("/ops", (string library) =>
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
            options.RegisterCustomOpLibraryV2(Path.Combine(AppContext.BaseDirectory, "ops", Path.GetFileName(library)), out _);
            return Results.Ok();
        });

        public sealed class LoadRequest { public string Model { get; set; } = ""; }
        """);

    [Fact]
    public Task RequestChoosesAFileNameInATrustedDirectory_ApplyOnnxModel_IsTrusted() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/score", (string name, MLContext ml) => ml.Transforms.ApplyOnnxModel(modelFile: Path.Combine("models", Path.GetFileName(name))).ToString());
        app.MapPost("/score/flagged", (string name, MLContext ml) => {|#0:ml.Transforms.ApplyOnnxModel(modelFile: Path.Combine("models", name))|}.ToString());
        """,
        MlReferences.WithOnnxTransformer,
        Expect(0, "ApplyOnnxModel", "the request"));

    // What Path.GetFileName does not make safe: a request value not wrapped in it (traversal), one wrapped in
    // GetFullPath or GetDirectoryName, a directory from configuration, a file name in a directory position
    // (GetFileName("..") is ".."), a request part after the file name, no directory (a bare name is looked up in the
    // current directory, and a native library on the library search path), text joined without a separator (a sibling
    // of the directory), and a directory the code writes untrusted content into (an upload, a download).
    [Fact]
    public Task RequestChoosesAFileName_OutsideATrustedDirectory_IsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/a", (string name) => {|#0:new InferenceSession(Path.Combine("models", name))|}.InputMetadata.Count);
        app.MapPost("/b", (string name) => {|#1:new InferenceSession(Path.Combine("models", Path.GetFullPath(name)))|}.InputMetadata.Count);
        app.MapPost("/c", (string name) => {|#2:new InferenceSession(Path.Combine("models", Path.GetDirectoryName(name)!, "model.onnx"))|}.InputMetadata.Count);
        app.MapPost("/d", (string name, IConfiguration configuration) => {|#3:new InferenceSession(Path.Combine(configuration["Models:Directory"]!, Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/e", (string name) => {|#4:new InferenceSession(Path.Combine("models", Path.GetFileName(name), "model.onnx"))|}.InputMetadata.Count);
        app.MapPost("/f", (string tenant, string name) => {|#5:new InferenceSession(Path.Combine("models", Path.GetFileName(tenant), Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/g", (string name, string suffix) => {|#6:new InferenceSession(Path.Combine("models", Path.GetFileName(name) + suffix))|}.InputMetadata.Count);
        app.MapPost("/h", (string name) => {|#7:new InferenceSession(Path.GetFileName(name))|}.InputMetadata.Count);
        app.MapPost("/i", (string name) => {|#8:new InferenceSession(Path.Combine("", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/j", (string name) => {|#9:new InferenceSession("models" + Path.GetFileName(name))|}.InputMetadata.Count);
        app.MapPost("/k", (string name) => {|#10:new InferenceSession(Path.GetFullPath(Path.Combine("models", name)))|}.InputMetadata.Count);
        app.MapPost("/uploads", (IFormFile upload) =>
        {
            using var target = File.Create(Path.Combine("uploads", Path.GetFileName(upload.FileName)));
            upload.CopyTo(target);
        });
        app.MapPost("/uploads/load", (string name) => {|#11:new InferenceSession(Path.Combine("uploads", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/cache", async (HttpClient http) => File.WriteAllBytes("cache/latest.onnx", await http.GetByteArrayAsync("https://models.contoso.com/latest.onnx")));
        app.MapPost("/cache/load", (string name) => {|#12:new InferenceSession(Path.Join("cache", Path.GetFileName(name)))|}.InputMetadata.Count);
        """,
        Expect(0, "new InferenceSession", "the request"),
        Expect(1, "new InferenceSession", "the request"),
        Expect(2, "new InferenceSession", "the request"),
        Expect(3, "new InferenceSession", "configuration"),
        Expect(4, "new InferenceSession", "the request"),
        Expect(5, "new InferenceSession", "the request"),
        Expect(6, "new InferenceSession", "the request"),
        Expect(7, "new InferenceSession", "the request"),
        Expect(8, "new InferenceSession", "the request"),
        Expect(9, "new InferenceSession", "the request"),
        Expect(10, "new InferenceSession", "the request"),
        Expect(11, "new InferenceSession", "an uploaded file"),
        Expect(12, "new InferenceSession", "an HTTP download"));

    // A directory System.Net.WebClient downloads into is not the app's own either: the request then picks a download.
    [Fact]
    public Task RequestChoosesAFileName_InADirectoryWebClientDownloadsInto_IsFlagged() => Verify.VerifyAnalyzerAsync("""
        #pragma warning disable SYSLIB0014
        using System.IO;
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/refresh", () => new WebClient().DownloadFile("https://models.contoso.com/latest.onnx", Path.Combine("downloads", "latest.onnx")));
        app.MapPost("/load", (string name) => {|#0:new InferenceSession(Path.Combine("downloads", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/shipped", (string name) => new InferenceSession(Path.Combine("models", Path.GetFileName(name))).InputMetadata.Count);
        """,
        Expect(0, "new InferenceSession", "an HTTP download"));

    // PredictionEnginePool.FromFile on a path from the request (a minimal API parameter, HttpRequest.Query), watched
    // or not, as for Model.Load; a file name the request picks in a fixed directory is trusted here too.
    [Fact]
    public Task Flags_PredictionEnginePoolFromFile_PathFromRequest() => VerifyWithPoolAsync("""
            using System.IO;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var services = builder.Services;
            var app = builder.Build();
            app.MapPost("/pool", (string modelPath) =>
            {
                {|#0:services.AddPredictionEnginePool<Input, Output>().FromFile(modelPath)|};
                return Results.Ok();
            });
            app.MapPost("/pool/once", (string modelPath) =>
            {
                {|#1:services.AddPredictionEnginePool<Input, Output>().FromFile(modelPath, watchForChanges: false)|};
                return Results.Ok();
            });
            app.MapPost("/pool/query", (HttpRequest request) =>
            {
                {|#2:services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", request.Query["model"].ToString())|};
                {|#3:services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", request.Query["model"].ToString(), false)|};
                return Results.Ok();
            });
            app.MapPost("/pool/name", (string name) =>
            {
                services.AddPredictionEnginePool<Input, Output>().FromFile(Path.Combine("Models", Path.GetFileName(name)));
                services.AddPredictionEnginePool<Input, Output>().FromFile(Path.Combine("Models", Path.GetFileName(name)), watchForChanges: false);
                return Results.Ok();
            });
            """,
        Expect(0, "FromFile", "the request" + Watched),
        Expect(1, "FromFile", "the request"),
        Expect(2, "FromFile", "the request" + Watched),
        Expect(3, "FromFile", "the request"));

    // FromUri with a reload period downloads and reloads the same way: reported as without one, for a literal
    // remote URI and for one from the request.
    [Fact]
    public Task Flags_PredictionEnginePoolFromUri_WithPeriod() => VerifyWithPoolAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var services = builder.Services;
            {|#0:services.AddPredictionEnginePool<Input, Output>().FromUri("https://models.contoso.com/sentiment.zip", TimeSpan.FromMinutes(1))|};
            {|#1:services.AddPredictionEnginePool<Input, Output>().FromUri("sentiment", "https://models.contoso.com/sentiment.zip", TimeSpan.FromMinutes(1))|};
            {|#2:services.AddPredictionEnginePool<Input, Output>().FromUri("sentiment", new Uri("https://models.contoso.com/sentiment.zip"), period: TimeSpan.FromMinutes(1))|};
            services.AddPredictionEnginePool<Input, Output>().FromUri("file:///opt/models/sentiment.zip", TimeSpan.FromMinutes(1));
            var app = builder.Build();
            app.MapPost("/pool", (string modelUri) =>
            {
                {|#3:services.AddPredictionEnginePool<Input, Output>().FromUri("sentiment", modelUri, TimeSpan.FromMinutes(1))|};
                {|#4:services.AddPredictionEnginePool<Input, Output>().FromUri("sentiment", modelUri)|};
                return Results.Ok();
            });
            """,
        Expect(0, "FromUri", "a URL, downloaded by the pool"),
        Expect(1, "FromUri", "a URL, downloaded by the pool"),
        Expect(2, "FromUri", "a URL, downloaded by the pool"),
        Expect(3, "FromUri", "the request"),
        Expect(4, "FromUri", "the request"));

    // A model saved by System.Net.WebClient's DownloadFile is a download, loaded unchecked; its digest compared after
    // reading the saved file back, before the load, is a check.
    [Fact]
    public Task Flags_ModelFileAWebClientDownloadedUnlessChecked() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net;
        using System.Security.Cryptography;
        using Microsoft.ML;

        #pragma warning disable SYSLIB0014 // WebClient is obsolete
        class Models
        {
            private const string ModelFile = "models/sentiment.zip";
            private const string CheckedFile = "models/checked.zip";

            ITransformer Load(MLContext ml)
            {
                using (var web = new WebClient())
                    web.DownloadFile("https://models.contoso.com/sentiment.zip", ModelFile);
                return {|#0:ml.Model.Load(ModelFile, out _)|};
            }

            ITransformer LoadChecked(MLContext ml, byte[] expected)
            {
                using (var web = new WebClient())
                    web.DownloadFile("https://models.contoso.com/sentiment.zip", CheckedFile);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(CheckedFile)), expected))
                    throw new InvalidDataException("digest mismatch");
                return ml.Model.Load(CheckedFile, out _);
            }
        }
        """,
        Expect(0, "Model.Load", "an HTTP download"));

    // A downloaded model pack extracted, then a model under the directory loaded, is loaded unchecked; a digest of the
    // archive compared before the extraction checks what it extracts, as a digest of the model before the load does.
    // A digest of another archive, or one compared after the extraction of this one, is no check of it.
    [Fact]
    public Task Flags_ModelExtractedFromADownloadedArchiveUnlessChecked() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string PackUrl = "https://models.contoso.com/pack.zip";

            async Task<InferenceSession> LoadAsync(HttpClient http)
            {
                File.WriteAllBytes("downloads/pack.zip", await http.GetByteArrayAsync(PackUrl));
                ZipFile.ExtractToDirectory("downloads/pack.zip", "models/pack");
                return {|#0:new InferenceSession(Path.Combine("models/pack", "model.onnx"))|};
            }

            async Task<InferenceSession> LoadEntryAsync(HttpClient http)
            {
                using var archive = new ZipArchive(await http.GetStreamAsync(PackUrl));
                archive.GetEntry("model.onnx")!.ExtractToFile("models/entry/model.onnx", overwrite: true);
                return {|#1:new InferenceSession("models/entry/model.onnx")|};
            }

            async Task<InferenceSession> LoadLateCheckAsync(HttpClient http, byte[] expected)
            {
                File.WriteAllBytes("downloads/late.zip", await http.GetByteArrayAsync(PackUrl));
                ZipFile.ExtractToDirectory("downloads/late.zip", "models/late");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes("downloads/late.zip")), expected))
                    throw new InvalidDataException("digest mismatch");
                return {|#2:new InferenceSession("models/late/model.onnx")|};
            }

            async Task<InferenceSession> LoadCheckedArchiveAsync(HttpClient http, byte[] expected)
            {
                File.WriteAllBytes("downloads/checked.zip", await http.GetByteArrayAsync(PackUrl));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes("downloads/checked.zip")), expected))
                    throw new InvalidDataException("digest mismatch");
                using (var archive = ZipFile.OpenRead("downloads/checked.zip"))
                    foreach (var entry in archive.Entries)
                        if (entry.Name == "model.onnx")
                            entry.ExtractToFile("models/checked/model.onnx");
                ZipFile.ExtractToDirectory("downloads/checked.zip", "models/checked-all");
                new InferenceSession(Path.Combine("models/checked-all", "model.onnx")).Dispose();
                return new InferenceSession("models/checked/model.onnx");
            }

            async Task<InferenceSession> LoadCheckedModelAsync(HttpClient http, byte[] expected)
            {
                File.WriteAllBytes("downloads/model.zip", await http.GetByteArrayAsync(PackUrl));
                ZipFile.ExtractToDirectory("downloads/model.zip", "models/verified");
                var model = File.ReadAllBytes("models/verified/model.onnx");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(model), expected))
                    throw new InvalidDataException("digest mismatch");
                return new InferenceSession(model);
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "an HTTP download"));

    // A model written through a writer opened on its file is saved as with File.WriteAllBytes; a digest of the bytes
    // compared before the write checks the file.
    [Fact]
    public Task Flags_ModelWrittenThroughAWriterUnlessChecked() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Models
        {
            private const string ModelUrl = "https://models.contoso.com/sentiment.zip";

            async Task<ITransformer> LoadAsync(MLContext ml, HttpClient http)
            {
                using (var writer = new BinaryWriter(File.Create("models/sentiment.zip")))
                    writer.Write(await http.GetByteArrayAsync(ModelUrl));
                return {|#0:ml.Model.Load("models/sentiment.zip", out _)|};
            }

            async Task<ITransformer> LoadCheckedAsync(MLContext ml, HttpClient http, byte[] expected)
            {
                var bytes = await http.GetByteArrayAsync(ModelUrl);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), expected))
                    throw new InvalidDataException("digest mismatch");
                using (var file = File.OpenWrite("models/checked.zip"))
                    await file.WriteAsync(bytes);
                return ml.Model.Load("models/checked.zip", out _);
            }
        }
        """,
        Expect(0, "Model.Load", "an HTTP download"));

    // A directory a downloaded archive is extracted into is not the app's own: a file name the request picks there is
    // the download's.
    [Fact]
    public Task RequestChoosesAFileName_InADirectoryADownloadIsExtractedInto_IsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/refresh", async (HttpClient http) => ZipFile.ExtractToDirectory(await http.GetStreamAsync("https://models.contoso.com/pack.zip"), "downloads"));
        app.MapPost("/load", (string name) => {|#0:new InferenceSession(Path.Combine("downloads", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/nested", (string name) => {|#1:new InferenceSession(Path.Combine("downloads/pack", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/shipped", (string name) => new InferenceSession(Path.Combine("models", Path.GetFileName(name))).InputMetadata.Count);
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"));

    // A downloaded model pack extracted entry by entry to paths the entries name (entry.FullName, entry.Name) in a
    // directory is loaded unchecked from there; a digest of the archive compared before
    // the extraction checks what it extracts. Another directory, a shipped archive, a name with text around the entry's:
    // not the loaded model's.
    [Fact]
    public Task Flags_ModelExtractedEntryByEntryUnlessChecked() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string PackUrl = "https://models.contoso.com/pack.zip";

            async Task<InferenceSession> LoadAsync(HttpClient http)
            {
                var modelDir = "models/pack";
                File.WriteAllBytes("downloads/pack.zip", await http.GetByteArrayAsync(PackUrl));
                using var archive = ZipFile.OpenRead("downloads/pack.zip");
                foreach (var entry in archive.Entries)
                    entry.ExtractToFile(Path.Combine(modelDir, entry.FullName), overwrite: true);
                return {|#0:new InferenceSession(Path.Combine(modelDir, "model.onnx"))|};
            }

            async Task<InferenceSession> LoadFlatAsync(HttpClient http)
            {
                using var archive = new ZipArchive(await http.GetStreamAsync(PackUrl));
                foreach (var entry in archive.Entries)
                    entry.ExtractToFile(Path.Join("models/flat", entry.Name), true);
                return {|#1:new InferenceSession("models/flat/model.onnx")|};
            }

            async Task<InferenceSession> LoadCheckedAsync(HttpClient http, byte[] expected)
            {
                File.WriteAllBytes("downloads/checked.zip", await http.GetByteArrayAsync(PackUrl));
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes("downloads/checked.zip")), expected))
                    throw new InvalidDataException("digest mismatch");
                foreach (var entry in ZipFile.OpenRead("downloads/checked.zip").Entries)
                    entry.ExtractToFile(Path.Combine("models/checked", entry.FullName), true);
                return new InferenceSession(Path.Combine("models/checked", "model.onnx"));
            }

            async Task<InferenceSession> LoadElsewhereAsync(HttpClient http, string label)
            {
                using var archive = new ZipArchive(await http.GetStreamAsync(PackUrl));
                foreach (var entry in archive.Entries)
                {
                    entry.ExtractToFile(Path.Combine("models/cache", entry.FullName), true);
                    entry.ExtractToFile(Path.Combine("models/shipped", "old_" + entry.Name), true);
                    entry.ExtractToFile(Path.Combine("models/shipped", label), true);
                }

                foreach (var entry in ZipFile.OpenRead("seed/pack.zip").Entries)
                    entry.ExtractToFile(Path.Combine("models/seed", entry.FullName), true);
                new InferenceSession("models/seed/model.onnx").Dispose();
                return new InferenceSession("models/shipped/model.onnx");
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"));

    // Entry by entry behind a test of the entry's name: only the entries the test lets through are extracted. Equality
    // (==, Equals, string.Equals, either way round) extracts that one file, EndsWith the files with that ending; && joins
    // narrow; any other test (!=, a method of the app) narrows nothing.
    [Fact]
    public Task ModelExtractedEntryByEntry_BehindATestOfTheEntrysName() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string PackUrl = "https://models.contoso.com/pack.zip";

            async Task Refresh(HttpClient http)
            {
                using var archive = new ZipArchive(await http.GetStreamAsync(PackUrl));
                foreach (var entry in archive.Entries)
                {
                    if (entry.Name == "labels.txt")
                        entry.ExtractToFile(Path.Combine("models/labels", entry.Name), true);
                    if ("model.onnx" == entry.Name)
                        entry.ExtractToFile(Path.Combine("models/equal", entry.Name), true);
                    if (entry.FullName.Equals("onnx/model.onnx", StringComparison.OrdinalIgnoreCase))
                        entry.ExtractToFile(Path.Combine("models/full", entry.FullName), true);
                    if (string.Equals(entry.Name, "vocab.txt"))
                    {
                        entry.ExtractToFile(Path.Combine("models/vocab", entry.Name), true);
                    }

                    if (entry.FullName.EndsWith(".onnx") && entry.Length > 0)
                        entry.ExtractToFile(Path.Combine("models/onnx", entry.FullName), true);
                    if (entry.Name.EndsWith(".txt"))
                        entry.ExtractToFile(Path.Combine("models/text", entry.Name), true);
                    if (entry.Name != "readme.md")
                        entry.ExtractToFile(Path.Combine("models/other", entry.Name), true);
                    if (Wanted(entry.Name))
                        entry.ExtractToFile(Path.Combine("models/wanted", entry.Name), true);
                }
            }

            static bool Wanted(string name) => name.Length > 0;

            void Load()
            {
                new InferenceSession("models/labels/model.onnx").Dispose();
                new InferenceSession("models/vocab/model.onnx").Dispose();
                new InferenceSession("models/text/model.onnx").Dispose();
                new InferenceSession("models/full/model.onnx").Dispose();
                {|#0:new InferenceSession("models/equal/model.onnx")|}.Dispose();
                {|#1:new InferenceSession("models/full/onnx/Model.onnx")|}.Dispose();
                {|#2:new InferenceSession("models/onnx/v2/model.onnx")|}.Dispose();
                {|#3:new InferenceSession("models/other/model.onnx")|}.Dispose();
                {|#4:new InferenceSession("models/wanted/model.onnx")|}.Dispose();
            }
        }
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "an HTTP download"),
        Expect(3, "new InferenceSession", "an HTTP download"),
        Expect(4, "new InferenceSession", "an HTTP download"));

    // Azure Blob Storage (MlReferences.WithBlobStorage, the real Azure.Storage.Blobs): a model a service downloads from a
    // blob at start-up, to a file (by path, or through a file stream, from a BlobClient or a BlockBlobClient) or into
    // memory, or reads from it (its content, a stream), is a download loaded unchecked.
    [Fact]
    public Task Flags_ModelDownloadedFromBlobStorage() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Azure.Storage.Blobs;
        using Azure.Storage.Blobs.Specialized;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> FromPath(IConfiguration config)
            {
                var blob = new BlobClient(new Uri(config["ModelUri"]!));
                await blob.DownloadToAsync("model.onnx");
                return {|#0:new InferenceSession("model.onnx")|};
            }

            InferenceSession FromFileStream(BlobContainerClient container)
            {
                using (var file = File.Create("models/churn.onnx"))
                    container.GetBlockBlobClient("churn.onnx").DownloadTo(file);
                return {|#1:new InferenceSession("models/churn.onnx")|};
            }

            async Task<InferenceSession> FromContent(BlobClient blob)
            {
                var content = (await blob.DownloadContentAsync()).Value.Content;
                return {|#2:new InferenceSession(content.ToArray())|};
            }

            InferenceSession FromMemory(BlobClient blob)
            {
                var memory = new MemoryStream();
                blob.DownloadTo(memory);
                return {|#3:new InferenceSession(memory.ToArray())|};
            }

            async Task<ITransformer> FromOpenRead(MLContext ml, BlobClient blob)
            {
                await using var stream = await blob.OpenReadAsync();
                return {|#4:ml.Model.Load(stream, out _)|};
            }

            ITransformer FromOpenReadSync(MLContext ml, BlockBlobClient blob)
            {
                using var stream = blob.OpenRead();
                return {|#5:ml.Model.Load(stream, out _)|};
            }

            async Task<ITransformer> FromStreaming(MLContext ml, BlobClient blob)
            {
                var response = await blob.DownloadStreamingAsync();
                return {|#6:ml.Model.Load(response.Value.Content, out _)|};
            }

            ITransformer FromDownload(MLContext ml, BlobClient blob) => {|#7:ml.Model.Load(blob.Download().Value.Content, out _)|};
        }
        """,
        MlReferences.WithBlobStorage,
        Expect(0, "new InferenceSession", "an Azure Blob Storage download"),
        Expect(1, "new InferenceSession", "an Azure Blob Storage download"),
        Expect(2, "new InferenceSession", "an Azure Blob Storage download"),
        Expect(3, "new InferenceSession", "an Azure Blob Storage download"),
        Expect(4, "Model.Load", "an Azure Blob Storage download"),
        Expect(5, "Model.Load", "an Azure Blob Storage download"),
        Expect(6, "Model.Load", "an Azure Blob Storage download"),
        Expect(7, "Model.Load", "an Azure Blob Storage download"));

    // Not an unchecked blob download: a digest of the downloaded file or bytes compared before the load, a blob client
    // that only uploads the file, a blob saved to another file than the one loaded, and a look-alike BlobClient of the app.
    [Fact]
    public Task NoDiagnostic_BlobModelCheckedUploadedOtherFileOrLookAlike() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Azure.Storage.Blobs;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            async Task<InferenceSession> CheckedFile(BlobClient blob, byte[] expected)
            {
                await blob.DownloadToAsync("models/checked.onnx");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes("models/checked.onnx")), expected))
                    throw new InvalidDataException("digest mismatch");
                return new InferenceSession("models/checked.onnx");
            }

            async Task<InferenceSession> CheckedBytes(BlobClient blob, byte[] expected)
            {
                var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), expected))
                    throw new InvalidDataException("digest mismatch");
                return new InferenceSession(bytes);
            }

            async Task<InferenceSession> Uploaded(BlobClient blob)
            {
                await blob.UploadAsync("models/shipped.onnx", overwrite: true);
                return new InferenceSession("models/shipped.onnx");
            }

            async Task<InferenceSession> OtherFile(BlobClient blob)
            {
                await blob.DownloadToAsync("models/other.onnx");
                return new InferenceSession("models/local.onnx");
            }

            async Task<ITransformer> LookAlike(MLContext ml, Decoy.BlobClient decoy)
            {
                await decoy.DownloadToAsync("models/decoy.onnx");
                using var session = new InferenceSession("models/decoy.onnx");
                using var bytes = new InferenceSession(decoy.DownloadContent());
                return ml.Model.Load(decoy.OpenRead(), out _);
            }
        }

        namespace Decoy
        {
            public sealed class BlobClient
            {
                public Task DownloadToAsync(string path) => Task.CompletedTask;
                public byte[] DownloadContent() => new byte[0];
                public Stream OpenRead() => Stream.Null;
            }
        }
        """,
        MlReferences.WithBlobStorage);

    // A downloaded archive extracted into the current directory may hold any relative path: a model loaded by one is
    // loaded unchecked, unless the archive's digest was compared before the extraction. A rooted path, or one under
    // the app's base directory (not the current directory), is not under it.
    [Theory]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(PackUrl), Directory.GetCurrentDirectory(), overwriteFiles: true);", "\"models/model.onnx\"", true)]
    [InlineData("File.WriteAllBytes(\"pack.zip\", await http.GetByteArrayAsync(PackUrl)); ZipFile.ExtractToDirectory(\"pack.zip\", \".\");", "Path.Combine(Environment.CurrentDirectory, \"model.onnx\")", true)]
    [InlineData("File.WriteAllBytes(\"pack.zip\", await http.GetByteArrayAsync(PackUrl)); if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(\"pack.zip\")), expected)) throw new InvalidDataException(); ZipFile.ExtractToDirectory(\"pack.zip\", \".\");", "\"model.onnx\"", false)]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(PackUrl), \".\");", "\"/opt/models/model.onnx\"", false)]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(PackUrl), \".\");", "Path.Combine(AppContext.BaseDirectory, \"model.onnx\")", false)]
    [InlineData("ZipFile.ExtractToDirectory(\"seed/pack.zip\", \".\");", "\"model.onnx\"", false)]
    public Task ModelExtractedIntoTheCurrentDirectory(string extract, string loaded, bool flagged) => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            private const string PackUrl = "https://models.contoso.com/pack.zip";

            async Task<InferenceSession> LoadAsync(HttpClient http, byte[] expected)
            {
                EXTRACT
                return {|#0:new InferenceSession(LOADED)|};
            }
        }
        """.Replace("EXTRACT", extract).Replace("LOADED", loaded).Replace("{|#0:", flagged ? "{|#0:" : "").Replace(")|}", flagged ? ")|}" : ")"),
        flagged ? new[] { Expect(0, "new InferenceSession", "an HTTP download") } : []);

    // A file name the request picks in a directory a download is extracted into entry by entry is the download's.
    [Fact]
    public Task RequestChoosesAFileName_InADirectoryADownloadIsExtractedIntoEntryByEntry_IsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/refresh", async (HttpClient http) =>
        {
            using var archive = new ZipArchive(await http.GetStreamAsync("https://models.contoso.com/pack.zip"));
            foreach (var entry in archive.Entries)
            {
                entry.ExtractToFile(Path.Combine("downloads", entry.FullName), true);
                entry.ExtractToFile(Path.Combine("flat", entry.Name), true);
            }
        });
        app.MapPost("/load", (string name) => {|#0:new InferenceSession(Path.Combine("downloads", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/nested", (string name) => {|#1:new InferenceSession(Path.Combine("downloads/pack", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/flat", (string name) => {|#2:new InferenceSession(Path.Combine("flat", Path.GetFileName(name)))|}.InputMetadata.Count);
        app.MapPost("/flat-nested", (string name) => new InferenceSession(Path.Combine("flat/pack", Path.GetFileName(name))).InputMetadata.Count);
        app.MapPost("/shipped", (string name) => new InferenceSession(Path.Combine("models", Path.GetFileName(name))).InputMetadata.Count);
        """,
        Expect(0, "new InferenceSession", "an HTTP download"),
        Expect(1, "new InferenceSession", "an HTTP download"),
        Expect(2, "new InferenceSession", "an HTTP download"));

    // A model named through an app helper that puts its argument under a fixed directory (the samples'
    // GetAbsolutePath): a download saved through the helper, or an archive extracted into a directory named through
    // it, is the file loaded through it with the same argument (or one under the directory); a digest compared
    // before (of the archive before its extraction, of the model before its load) checks it. Another argument, the
    // argument without the helper (the current directory, not the helper's) or a virtual helper is another file.
    [Theory]
    [InlineData("File.WriteAllBytes(GetAbsolutePath(\"MLModels/model.onnx\"), await http.GetByteArrayAsync(PackUrl));", "GetAbsolutePath(\"MLModels/model.onnx\")", true)]
    [InlineData("new WebClient().DownloadFile(PackUrl, GetAbsolutePath(\"../MLModels/pack.zip\")); ZipFile.ExtractToDirectory(GetAbsolutePath(\"../MLModels/pack.zip\"), GetAbsolutePath(\"../MLModels\"));", "GetAbsolutePath(\"../MLModels/model.onnx\")", true)]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(PackUrl), GetAbsolutePath(\"../MLModels\"));", "Path.Combine(GetAbsolutePath(\"../MLModels\"), \"onnx\", \"model.onnx\")", true)]
    [InlineData("File.WriteAllBytes(GetAbsolutePath(\"pack.zip\"), await http.GetByteArrayAsync(PackUrl)); if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(GetAbsolutePath(\"pack.zip\"))), expected)) throw new InvalidDataException(); ZipFile.ExtractToDirectory(GetAbsolutePath(\"pack.zip\"), GetAbsolutePath(\"MLModels\"));", "GetAbsolutePath(\"MLModels/model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(GetAbsolutePath(\"MLModels/model.onnx\"), await http.GetByteArrayAsync(PackUrl)); if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(GetAbsolutePath(\"MLModels/model.onnx\"))), expected)) throw new InvalidDataException();", "GetAbsolutePath(\"MLModels/model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(GetAbsolutePath(\"MLModels/other.onnx\"), await http.GetByteArrayAsync(PackUrl));", "GetAbsolutePath(\"MLModels/model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(\"MLModels/model.onnx\", await http.GetByteArrayAsync(PackUrl));", "GetAbsolutePath(\"MLModels/model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(GetAbsolutePath(\"MLModels/model.onnx\"), await http.GetByteArrayAsync(PackUrl));", "\"MLModels/model.onnx\"", false)]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(PackUrl), GetAbsolutePath(\"../MLModels\"));", "GetAbsolutePath(\"../MLModels/../model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(GetVirtualPath(\"MLModels/model.onnx\"), await http.GetByteArrayAsync(PackUrl));", "GetVirtualPath(\"MLModels/model.onnx\")", false)]
    [InlineData("File.WriteAllBytes(GetFileNamePath(\"MLModels/model.onnx\"), await http.GetByteArrayAsync(PackUrl));", "GetFileNamePath(\"MLModels/model.onnx\")", false)]
    public Task ModelNamedThroughAPathHelper(string write, string loaded, bool flagged) => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Net;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        #pragma warning disable SYSLIB0014 // WebClient is obsolete
        class Models
        {
            private const string PackUrl = "https://models.contoso.com/pack.zip";

            public static string GetAbsolutePath(string relativePath)
            {
                FileInfo _dataRoot = new FileInfo(typeof(Models).Assembly.Location);
                string assemblyFolderPath = _dataRoot.Directory!.FullName;
                string fullPath = Path.Combine(assemblyFolderPath, relativePath);
                return fullPath;
            }

            protected virtual string GetVirtualPath(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);

            static string GetFileNamePath(string relativePath) => Path.Combine(AppContext.BaseDirectory, Path.GetFileName(relativePath));

            async Task<InferenceSession> LoadAsync(HttpClient http, byte[] expected)
            {
                WRITE
                return {|#0:new InferenceSession(LOADED)|};
            }
        }
        """.Replace("WRITE", write).Replace("LOADED", loaded).Replace("{|#0:", flagged ? "{|#0:" : "").Replace(")|}", flagged ? ")|}" : ")"),
        flagged ? new[] { Expect(0, "new InferenceSession", "an HTTP download") } : []);
}
