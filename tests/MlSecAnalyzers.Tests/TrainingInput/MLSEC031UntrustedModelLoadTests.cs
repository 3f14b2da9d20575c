using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.TrainingInput.UntrustedModelLoadAnalyzer>;

namespace MlSecAnalyzers.Tests.TrainingInput;

public sealed class MLSEC031UntrustedModelLoadTests
{
    private static DiagnosticResult Expect(int location, string load, string source) =>
        Verify.Diagnostic(Descriptors.MLSEC031_UntrustedModelLoad).WithLocation(location).WithArguments(load, source);

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
    public async Task Flags_PredictionEnginePoolFromUri()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(MicrosoftExtensionsMLStub.Source);
        test.TestState.Sources.Add("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            {|#0:builder.Services.AddPredictionEnginePool<Input, Output>().FromUri("https://models.contoso.com/sentiment.zip")|};

            public sealed class Input { public string Text { get; set; } = ""; }
            public sealed class Output { public bool Positive { get; set; } }
            """);
        test.ExpectedDiagnostics.Add(Expect(0, "FromUri", "a URL, downloaded by the pool"));
        await test.RunAsync();
    }

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
}
