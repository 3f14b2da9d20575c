using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Secrets.ClientAppCredentialAnalyzer>;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>Project kinds come from the build properties the package's build/MlSecAnalyzers.props makes visible.</summary>
public sealed class MLSEC002CredentialInClientAppTests
{
    private const string KeyFromConfiguration = """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class ChatService
        {
            OpenAIClient Create(IConfiguration configuration) =>
                new(new ApiKeyCredential({|#0:configuration["OpenAI:ApiKey"]!|}));
        }
        """;

    private static DiagnosticResult Expect(int location, string sink, string kind) =>
        Verify.Diagnostic(Descriptors.MLSEC002_CredentialInClientApp).WithLocation(location).WithArguments(sink, kind);

    private static Task VerifyWithBuildPropertiesAsync(string source, string globalConfig, params DiagnosticResult[] expected)
    {
        var test = Verify.CreateTest();
        test.TestCode = source;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Theory]
    [InlineData("build_property.UseMaui = true", "MAUI")]
    [InlineData("build_property.TargetPlatformIdentifier = android", "Android")]
    [InlineData("build_property.TargetPlatformIdentifier = iOS", "iOS")]
    [InlineData("build_property.TargetPlatformIdentifier = maccatalyst", "Mac Catalyst")]
    [InlineData("build_property.TargetPlatformIdentifier = tvos", "tvOS")]
    [InlineData("build_property.UsingMicrosoftNETSdkBlazorWebAssembly = true", "Blazor WebAssembly")]
    [InlineData("build_property.UseWPF = true", "WPF")]
    [InlineData("build_property.UseWindowsForms = true", "Windows Forms")]
    [InlineData("build_property.MlSecClientApp = true", "client")]
    public Task Flags_KeyFromConfigurationInEachClientAppKind(string property, string kind) =>
        VerifyWithBuildPropertiesAsync(KeyFromConfiguration, property, Expect(0, "The 'key' argument of 'ApiKeyCredential'", kind));

    [Fact]
    public Task Flags_EveryCredentialSinkWhateverTheSource() => VerifyWithBuildPropertiesAsync("""
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using Anthropic;
        using Azure;
        using Azure.AI.Inference;
        using OpenAI.Chat;

        class Clients
        {
            void Create(HttpClient http, string fromResources)
            {
                var chat = new ChatClient("gpt-4o", {|#0:Environment.GetEnvironmentVariable("OPENAI_API_KEY")!|});
                var inference = new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential({|#1:fromResources|}));
                var anthropic = new AnthropicClient { ApiKey = {|#2:fromResources|} };
                http.DefaultRequestHeaders.Add("api-key", {|#3:fromResources|});
            }
        }
        """,
        "build_property.UseMaui = true",
        Expect(0, "The 'apiKey' argument of 'ChatClient'", "MAUI"),
        Expect(1, "The 'key' argument of 'AzureKeyCredential'", "MAUI"),
        Expect(2, "'AnthropicClient.ApiKey'", "MAUI"),
        Expect(3, "The 'api-key' header", "MAUI"));

    [Fact]
    public async Task Flags_WhenEditorConfigOptsIn()
    {
        var test = Verify.CreateTest();
        test.TestCode = KeyFromConfiguration;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nmlsec.client_app = true\n"));
        test.ExpectedDiagnostics.Add(Expect(0, "The 'key' argument of 'ApiKeyCredential'", "client"));
        await test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_ServerProject() => Verify.VerifyAnalyzerAsync(KeyFromConfiguration.Replace("{|#0:", "").Replace("|}", ""));

    [Fact]
    public Task NoDiagnostic_ServerProjectWithOtherBuildProperties() => VerifyWithBuildPropertiesAsync(
        KeyFromConfiguration.Replace("{|#0:", "").Replace("|}", ""),
        "build_property.TargetPlatformIdentifier = \nbuild_property.UseWPF = false\nbuild_property.OutputType = Exe");

    [Fact]
    public Task Option_ClientAppFalseWinsOverBuildProperties() => VerifyWithBuildPropertiesAsync(
        KeyFromConfiguration.Replace("{|#0:", "").Replace("|}", ""),
        "build_property.UseWPF = true\nmlsec.client_app = false");

    // The rule-specific key beats the general one and the build properties, either way (docs/configuration.md).
    [Fact]
    public Task Option_RuleSpecificClientAppFalseWins() => VerifyWithBuildPropertiesAsync(
        KeyFromConfiguration.Replace("{|#0:", "").Replace("|}", ""),
        "build_property.UseMaui = true\nmlsec.client_app = true\nmlsec.MLSEC002.client_app = false");

    [Fact]
    public Task Option_RuleSpecificClientAppTrueOptsIn() => VerifyWithBuildPropertiesAsync(
        KeyFromConfiguration,
        "mlsec.MLSEC002.client_app = true",
        Expect(0, "The 'key' argument of 'ApiKeyCredential'", "client"));

    [Fact]
    public Task NoDiagnostic_UserTokenForOwnBackendAndNoKey() => VerifyWithBuildPropertiesAsync("""
        using System.ClientModel;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using OpenAI;

        class Backend
        {
            void Call(HttpClient http, string userAccessToken)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", userAccessToken);
                http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + userAccessToken);
                var credential = new ApiKeyCredential("");
                var empty = new ApiKeyCredential(string.Empty);
                var blank = new ApiKeyCredential(NoKey);
                var none = new ApiKeyCredential(null!);
            }

            const string NoKey = " ";
        }
        """,
        "build_property.UseMaui = true");

    // A desktop or mobile app that talks to a model on the user's machine (Ollama, LM Studio, llama.cpp) passes the
    // dummy key the OpenAI client requires: no key ships (probe 00x). A constant that may be a key is still reported.
    [Fact]
    public Task NoDiagnostic_MLSEC002_LocalModelDummyKeys() => VerifyWithBuildPropertiesAsync("""
        using System;
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        class LocalModels
        {
            OpenAIClient Ollama() => new(new ApiKeyCredential("ollama"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") });
            ChatClient LmStudio() => new("qwen2.5-7b-instruct", new ApiKeyCredential("lm-studio"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:1234/v1") });
            ChatClient LlamaCpp() => new("local", "sk-no-key-required");
            ChatClient NotNeeded() => new("phi3", NoKey);
            ChatClient Placeholder() => new("phi3", "your-api-key-1234");
            ChatClient Vllm() => new("llama", {|#0:"token-abc123"|});
            // A provider's key format is a key without a digit too (Hugging Face tokens are letters only).
            ChatClient HuggingFace() => new("meta-llama/Llama-3.1-8B-Instruct", {|#1:"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"|});

            const string NoKey = "not-needed";
        }
        """,
        "build_property.UseWPF = true",
        Expect(0, "The 'apiKey' argument of 'ChatClient'", "WPF"),
        Expect(1, "The 'apiKey' argument of 'ChatClient'", "WPF"));

    [Fact]
    public Task NoDiagnostic_LookAlikeTypes() => VerifyWithBuildPropertiesAsync("""
        class Client
        {
            void Create(string key) => new Decoy.ApiKeyCredential(key);
        }

        namespace Decoy
        {
            public sealed class ApiKeyCredential { public ApiKeyCredential(string key) { } }
        }
        """,
        "build_property.UseMaui = true");
}
