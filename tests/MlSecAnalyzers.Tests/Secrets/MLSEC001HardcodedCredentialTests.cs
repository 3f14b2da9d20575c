using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer>;

namespace MlSecAnalyzers.Tests.Secrets;

public sealed class MLSEC001HardcodedCredentialTests
{
    private static readonly string Hex = TestKeys.AzureHex;

    private static DiagnosticResult Expect(int location, string provider, string sink) =>
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(location).WithArguments(provider, sink);

    // ---- Sinks reached by literals ------------------------------------------------------------------------------

    // Each file is analysed from its members' operation trees: a sink in every kind of member and of code is found.
    [Fact]
    public Task Flags_SinksInEveryKindOfMember()
    {
        var n = 0;
        string K() => "{|MLSEC001:\"" + TestKeys.Random("0123456789abcdef", 32, seed: 700 + n++) + "\"|}";
        return Verify.VerifyAnalyzerAsync($$"""
            using System;
            using System.ClientModel;

            var topLevel = new ApiKeyCredential({{K()}});

            class Base { public Base(ApiKeyCredential c) { } }

            class Members : Base
            {
                static readonly ApiKeyCredential Field = new({{K()}});
                static readonly Func<ApiKeyCredential> Lambda = () => new({{K()}});
                ApiKeyCredential Initialized { get; } = new({{K()}});
                ApiKeyCredential ExpressionBodied => new({{K()}});
                ApiKeyCredential Getter { get { return new({{K()}}); } }
                ApiKeyCredential ArrowGetter { get => new({{K()}}); }
                ApiKeyCredential this[int i] => new({{K()}});
                event Action Event { add { _ = new ApiKeyCredential({{K()}}); } remove { } }

                Members() : base(new ApiKeyCredential({{K()}})) { }

                ~Members() { _ = new ApiKeyCredential({{K()}}); }

                public static Members operator +(Members a, Members b) { _ = new ApiKeyCredential({{K()}}); return a; }

                public static implicit operator ApiKeyCredential(Members m) => new({{K()}});

                void Method()
                {
                    ApiKeyCredential Local() => new({{K()}});
                }
            }

            class Primary() : Base(new ApiKeyCredential({{K()}}));

            record BaseRecord(ApiKeyCredential Credential);

            record Derived() : BaseRecord(new ApiKeyCredential({{K()}}));

            interface IDefault
            {
                ApiKeyCredential Create() => new({{K()}});
            }

            namespace Outer
            {
                struct Nested
                {
                    class Inner { ApiKeyCredential M() => new({{K()}}); }
                }
            }
            """);
    }

    [Fact]
    public Task Flags_LiteralPassedToApiKeyCredential() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient({|#1:new ApiKeyCredential({|#0:"{{Hex}}"|})|});
        """,
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'").WithRelatedLocation(1));

    [Fact]
    public Task Flags_LiteralPassedToStringApiKeyParameter() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI.Chat;

        var chat = new ChatClient("gpt-4o", {|#0:"{{TestKeys.GenericSk}}"|});
        """,
        Expect(0, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));

    [Fact]
    public Task Flags_AzureOpenAIClientCredential() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.ClientModel;
        using Azure.AI.OpenAI;

        var client = new AzureOpenAIClient(new Uri("https://contoso.openai.azure.com/"), new ApiKeyCredential({|#0:"{{Hex}}"|}));
        """,
        Expect(0, "Azure OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    [Fact]
    public Task Flags_AzureKeyCredentialForAzureAIInference() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;
        using Azure.AI.Inference;

        var client = new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential({|#0:"{{Hex}}"|}));
        """,
        Expect(0, "Azure AI Inference", "the 'key' argument of 'AzureKeyCredential'"));

    [Fact]
    public Task Flags_AnthropicApiKeyProperty() => Verify.VerifyAnalyzerAsync($$"""
        using Anthropic;

        var client = new AnthropicClient { ApiKey = {|#0:"{{TestKeys.GenericSk}}"|} };
        """,
        Expect(0, "Anthropic", "'AnthropicClient.ApiKey'"));

    [Fact]
    public Task Flags_SemanticKernelBuilderApiKey() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.SemanticKernel;

        var kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion("gpt-4o", apiKey: {|#0:"{{TestKeys.GenericSk}}"|})
            .Build();
        """,
        MlReferences.SemanticKernel,
        Expect(0, "OpenAI", "the 'apiKey' argument of 'AddOpenAIChatCompletion'"));

    [Fact]
    public Task Flags_SemanticKernelAzureOpenAIBuilder() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.SemanticKernel;

        var kernel = Kernel.CreateBuilder()
            .AddAzureOpenAIChatCompletion("chat", "https://contoso.openai.azure.com/", {|#0:"{{Hex}}"|})
            .Build();
        """,
        MlReferences.SemanticKernel,
        Expect(0, "Azure OpenAI", "the 'apiKey' argument of 'AddAzureOpenAIChatCompletion'"));

    // ---- HTTP headers -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_ApiKeyHeaderOnHttpClient() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("api-key", {|#0:"{{Hex}}"|});
        http.DefaultRequestHeaders.TryAddWithoutValidation("Ocp-Apim-Subscription-Key", {|#1:"{{TestKeys.Random("0123456789abcdef", 32, 77)}}"|});
        """,
        Expect(0, "model-endpoint", "the 'api-key' header"),
        Expect(1, "Azure API Management", "the 'Ocp-Apim-Subscription-Key' header"));

    [Fact]
    public Task Flags_HeaderCollectionInitializer() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v1/messages")
        {
            Headers = { { "x-api-key", {|#0:"{{TestKeys.GenericSk}}"|} } },
        };
        """,
        Expect(0, "model-endpoint", "the 'x-api-key' header"));

    [Fact]
    public Task Flags_BearerAuthenticationHeaderValue() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#0:"{{TestKeys.GenericSk}}"|});
        """,
        Expect(0, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Flags_HeaderAndSchemeGivenAsNamedArgumentsOutOfOrder() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add(value: {|#0:"{{Hex}}"|}, name: "api-key");
        http.DefaultRequestHeaders.TryAddWithoutValidation(value: {|#1:"{{Hex}}"|}, name: "Ocp-Apim-Subscription-Key");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(parameter: {|#2:"{{Hex}}"|}, scheme: "Bearer");
        AuthenticationHeaderValue.TryParse(parsedValue: out var parsed, input: {|#3:"Bearer {{Hex}}"|});
        """,
        Expect(0, "model-endpoint", "the 'api-key' header"),
        Expect(1, "Azure API Management", "the 'Ocp-Apim-Subscription-Key' header"),
        Expect(2, "model-endpoint", "the 'Authorization' header"),
        Expect(3, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Ignores_NamedHeaderValueUnderAnotherHeaderName() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add(value: "{{Hex}}", name: "x-request-id");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(parameter: "{{Hex}}", scheme: "Basic");
        """);

    [Fact]
    public Task Flags_KeyPassedThroughBaseConstructor_NamesTheType() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI.Chat;

        class ReviewChat : ChatClient
        {
            public ReviewChat() : base("gpt-4o", apiKey: {|#0:"{{Hex}}"|}) { }
        }
        """,
        Expect(0, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));

    [Fact]
    public Task Flags_HeaderValueArrayAndParsedAuthorizationHeader() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        var request = new HttpRequestMessage(HttpMethod.Post, "https://gateway.contoso.com/v1/embeddings");
        request.Headers.Add("api-key", new[] { {|#0:"{{Hex}}"|} });
        request.Headers.Authorization = AuthenticationHeaderValue.Parse({|#1:"Bearer {{TestKeys.GenericSk}}"|});
        """,
        Expect(0, "model-endpoint", "the 'api-key' header"),
        Expect(1, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Flags_BearerConcatenationAtTheSecretPart() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + Keys.Model);

        static class Keys
        {
            public const string Model = {|#0:"{{TestKeys.GenericSk}}"|};
        }
        """,
        Expect(0, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Flags_BearerInterpolationAtTheSecretPart() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        class Caller
        {
            private static readonly string Token = {|#0:"{{TestKeys.GenericSk}}"|};

            void Call(HttpRequestMessage request) =>
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Token}");
        }
        """,
        Expect(0, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Flags_SchemeInsideTheLiteral() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", {|#0:"Bearer {{TestKeys.GenericSk}}"|});
        """,
        Expect(0, "model-endpoint", "the 'Authorization' header"));

    [Fact]
    public Task Flags_GoogleKeyAtGeminiHeader() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-goog-api-key", {|#0:"{{TestKeys.Google}}"|});
        """,
        Expect(0, "Google", "the 'x-goog-api-key' header"));

    // ---- Value tracking -----------------------------------------------------------------------------------------

    [Fact]
    public async Task Flags_ConstFieldDeclaredInAnotherFile()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Program.cs", """
            using System.ClientModel;
            using OpenAI;

            var client = new OpenAIClient(new ApiKeyCredential(Contoso.Secrets.OpenAIKey));
            """));
        test.TestState.Sources.Add(("/0/Secrets.cs", $$"""
            namespace Contoso;

            internal static class Secrets
            {
                public const string OpenAIKey = {|#0:"{{Hex}}"|};
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_StaticReadonlyFieldAndGetOnlyProperties() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        class Clients
        {
            private static readonly string FieldKey = {|#0:"{{TestKeys.Random("0123456789abcdef", 32, 11)}}"|};
            private static string PropertyKey { get; } = {|#1:"{{TestKeys.Random("0123456789abcdef", 32, 12)}}"|};
            private static string ArrowKey => {|#2:"{{TestKeys.Random("0123456789abcdef", 32, 13)}}"|};

            OpenAIClient A() => new(new ApiKeyCredential(FieldKey));
            OpenAIClient B() => new(new ApiKeyCredential(PropertyKey));
            OpenAIClient C() => new(new ApiKeyCredential(ArrowKey));
        }
        """,
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"),
        Expect(1, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"),
        Expect(2, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    [Fact]
    public Task Flags_LocalAssignedOnce() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        var key = {|#0:"{{Hex}}"|};
        const string other = {|#1:"{{TestKeys.Random("0123456789abcdef", 32, 21)}}"|};
        string late;
        late = {|#2:"{{TestKeys.Random("0123456789abcdef", 32, 22)}}"|};
        var a = new OpenAIClient(new ApiKeyCredential(key));
        var b = new OpenAIClient(new ApiKeyCredential(other));
        var c = new OpenAIClient(new ApiKeyCredential(late));
        """,
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"),
        Expect(1, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"),
        Expect(2, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    [Fact]
    public Task Flags_RawStringLiteral() => Verify.VerifyAnalyzerAsync($$""""
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential({|#0:"""{{Hex}}"""|}));
        """",
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    [Fact]
    public Task Flags_HardcodedFallbackAfterEnvironmentRead() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? {|#0:"{{Hex}}"|};
        var client = new OpenAIClient(new ApiKeyCredential(key));
        """,
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    // A local given a configuration read and then a constant fallback ships the constant like `??` does (probe fn001).
    [Fact]
    public Task Flags_MLSEC001_FallbackAssignedAfterConfigurationRead() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;
        using Azure.AI.Inference;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration config)
        {
            ChatCompletionsClient A()
            {
                var key = config["AzureOpenAI:Key"];
                if (string.IsNullOrEmpty(key))
                    key = {|#0:"{{Hex}}"|};
                return new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential(key));
            }

            ChatCompletionsClient B()
            {
                string key;
                if (config["AzureOpenAI:Key"] is { Length: > 0 } configured)
                    key = configured;
                else
                    key = {|#1:"{{Hex}}"|};
                return new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential(key));
            }

            ChatCompletionsClient C()
            {
                var key = "";
                if (Environment.GetEnvironmentVariable("AZURE_KEY") is { } fromEnvironment)
                    key = fromEnvironment;
                if (key.Length == 0)
                    key = {|#2:"{{Hex}}"|};
                return new ChatCompletionsClient(new Uri("https://contoso.services.ai.azure.com/models"), new AzureKeyCredential(key));
            }
        }
        """,
        Expect(0, "Azure AI Inference", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(1, "Azure AI Inference", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(2, "Azure AI Inference", "the 'key' argument of 'AzureKeyCredential'"));

    // Not followed: a dummy fallback, a constant always replaced before the sink or given after it, a constant the
    // run-time value is computed from (it may be an encrypted blob), a local changed with `+=`.
    [Fact]
    public Task NoDiagnostic_MLSEC001_FallbackThatIsNoKeyOrDoesNotReachTheSink() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration config)
        {
            static string Decrypt(string value) => value;

            AzureKeyCredential Dummy()
            {
                var key = config["AzureOpenAI:Key"];
                if (string.IsNullOrEmpty(key))
                    key = "ollama";
                return new AzureKeyCredential(key);
            }

            AzureKeyCredential Replaced()
            {
                var key = "{{Hex}}";
                key = config["AzureOpenAI:Key"]!;
                return new AzureKeyCredential(key);
            }

            AzureKeyCredential AfterTheSink()
            {
                var key = config["AzureOpenAI:Key"]!;
                var credential = new AzureKeyCredential(key);
                key = "{{Hex}}";
                Console.WriteLine(key);
                return credential;
            }

            AzureKeyCredential Derived()
            {
                var key = "{{Hex}}";
                if (config["Decrypt"] == "true")
                    key = Decrypt(key);
                return new AzureKeyCredential(key);
            }

            AzureKeyCredential Appended()
            {
                var key = config["AzureOpenAI:Key"]!;
                if (key.Length == 0)
                    key = "{{Hex}}";
                key += config["Suffix"];
                return new AzureKeyCredential(key);
            }

            // Replaced by a deconstruction before the sink: the local holds the configured value.
            AzureKeyCredential Deconstructed()
            {
                var key = "{{Hex}}";
                (key, _) = (config["AzureOpenAI:Key"]!, 1);
                return new AzureKeyCredential(key);
            }
        }
        """);

    // An optional parameter's default ships and reaches the sink whenever a caller leaves it out (probe fn001).
    [Fact]
    public Task Flags_MLSEC001_ParameterDefaultReachingTheSink() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;
        using Azure.AI.Inference;

        class Factory
        {
            AzureKeyCredential Create(string apiKey = {|#0:"{{Hex}}"|}) => new(apiKey);

            ChatCompletionsClient Client(Uri endpoint, string key = {|#1:"{{Hex}}"|})
            {
                var credential = new AzureKeyCredential(key);
                return new ChatCompletionsClient(endpoint, credential);
            }

            AzureKeyCredential Both(string apiKey = {|#2:"{{Hex}}"|})
            {
                var first = new AzureKeyCredential(apiKey);
                first.Update(apiKey);
                return first;
            }
        }
        """,
        Expect(0, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(1, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(2, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"));

    // Not followed: a parameter the method may change, a dummy or null default, a primary constructor's parameter.
    [Fact]
    public Task NoDiagnostic_MLSEC001_ParameterDefaultChangedOrNoKey() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;

        class Factory
        {
            AzureKeyCredential Assigned(string apiKey = "{{Hex}}")
            {
                apiKey = Environment.GetEnvironmentVariable("AZURE_KEY")!;
                return new AzureKeyCredential(apiKey);
            }

            AzureKeyCredential Deconstructed(string apiKey = "{{Hex}}")
            {
                (apiKey, _) = (Environment.GetEnvironmentVariable("AZURE_KEY")!, 1);
                return new AzureKeyCredential(apiKey);
            }

            AzureKeyCredential Dummy(string apiKey = "ollama") => new(apiKey);

            AzureKeyCredential Nothing(string? apiKey = null) => new(apiKey ?? Environment.GetEnvironmentVariable("AZURE_KEY")!);
        }

        class Holder(string apiKey = "{{Hex}}")
        {
            AzureKeyCredential Create() => new(apiKey);
        }
        """);

    // A parameterless method of this project returning one constant expression is followed like a get-only property
    // (probe fn001); a literal two sinks reach is reported once.
    [Fact]
    public Task Flags_MLSEC001_MethodReturningAConstant() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;

        class Factory
        {
            static string Key() => {|#0:"{{Hex}}"|};

            private string GetSecondKey()
            {
                return {|#1:"{{Hex}}"|};
            }

            AzureKeyCredential A() => new(Key());
            AzureKeyCredential B() => new(Key());
            AzureKeyCredential C() => new(this.GetSecondKey());

            AzureKeyCredential D()
            {
                string Local() => {|#2:"{{Hex}}"|};
                return new AzureKeyCredential(Local());
            }
        }
        """,
        Expect(0, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(1, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"),
        Expect(2, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'"));

    // A method of another type that two types' sinks reach: one diagnostic, on its literal.
    [Fact]
    public Task Flags_MLSEC001_MethodOfAnotherTypeReachedByTwoTypes() => Verify.VerifyAnalyzerAsync($$"""
        using Azure;

        static class Keys
        {
            public static string AzureKey() => {|#0:"{{Hex}}"|};
        }

        class First
        {
            AzureKeyCredential Create() => {|#1:new(Keys.AzureKey())|};
        }

        class Second
        {
            AzureKeyCredential Create() => new(Keys.AzureKey());
        }
        """,
        Expect(0, "model-endpoint", "the 'key' argument of 'AzureKeyCredential'").WithRelatedLocation(1));

    // Not followed: a method that may be overridden, one with parameters or more to its body, one of another object,
    // an interface's default body, a method returning a dummy.
    [Fact]
    public Task NoDiagnostic_MLSEC001_MethodNotReturningOneConstant() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;

        interface IKeys { string Key() => "{{Hex}}"; }

        class Factory
        {
            protected virtual string Virtual() => "{{Hex}}";
            static string WithParameter(string name) => "{{Hex}}";
            static string TwoStatements()
            {
                Console.WriteLine("read");
                return "{{Hex}}";
            }
            static string Dummy() => "ollama";
            static string FromEnvironment() => Environment.GetEnvironmentVariable("AZURE_KEY")!;

            AzureKeyCredential A() => new(Virtual());
            AzureKeyCredential B() => new(WithParameter("x"));
            AzureKeyCredential C() => new(TwoStatements());
            AzureKeyCredential D() => new(Dummy());
            AzureKeyCredential E() => new(FromEnvironment());
            AzureKeyCredential F(IKeys keys) => new(keys.Key());
            AzureKeyCredential G(Other other) => new(other.Key());
        }

        sealed class Other
        {
            public string Key() => "{{Hex}}";
        }
        """);

    // The default of IConfiguration.GetValue ships like a `??` fallback (probe 00x); a dummy default is no key.
    [Fact]
    public Task Flags_MLSEC001_HardcodedDefaultOfAConfigurationRead() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Chats(IConfiguration configuration)
        {
            ChatClient A() => new("gpt-4o", configuration.GetValue<string>("OpenAI:ApiKey", {|#0:"{{Hex}}"|})!);
            ChatClient B() => new("gpt-4o", configuration.GetValue("AzureOpenAI:ApiKey", {|#1:"{{TestKeys.GenericSk}}"|})!);
            ChatClient C() => new("gpt-4o", configuration.GetValue("OpenAI:ApiKey", "ollama")!);
            ChatClient D() => new("gpt-4o", configuration.GetValue<string>("OpenAI:ApiKey")!);
        }
        """,
        Expect(0, "OpenAI", "the 'apiKey' argument of 'ChatClient'"),
        Expect(1, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));

    [Fact]
    public Task Flags_OnceWhenOneConstantReachesManySinks() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        class Clients
        {
            private const string Key = {|#0:"{{Hex}}"|};

            OpenAIClient A() => new(new ApiKeyCredential(Key));
            ChatClient B() => new("gpt-4o", Key);
            ChatClient C() => new("gpt-4o-mini", new ApiKeyCredential(Key));
        }
        """,
        // The earliest sink in the file names the diagnostic.
        Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    // ---- Provider formats anywhere ------------------------------------------------------------------------------

    [Fact]
    public Task Flags_ProviderFormatAnywhere() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;

        var settings = new Dictionary<string, string>
        {
            ["openai"] = {|#0:"{{TestKeys.OpenAI}}"|},
            ["anthropic"] = {|#1:"{{TestKeys.Anthropic}}"|},
        };
        """,
        Expect(0, "OpenAI", "a string literal"),
        Expect(1, "Anthropic", "a string literal"));

    [Fact]
    public Task Flags_ProviderFormatAtSinkNamesTheSink() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", {|#0:"{{TestKeys.Anthropic}}"|});
        """,
        Expect(0, "Anthropic", "the 'x-api-key' header"));

    [Fact]
    public Task Flags_ProviderFormatInProjectWithoutAiLibraries() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", {|#0:"Bearer {{TestKeys.OpenAI}}"|});
        http.DefaultRequestHeaders.Add("api-key", "{{Hex}}");
        """,
        MlReferences.Plain,
        Expect(0, "OpenAI", "a string literal"));

    [Fact]
    public Task Flags_ProviderFormatInInterpolatedText() => Verify.VerifyAnalyzerAsync($$"""
        var user = "me";
        var header = $"{|#0:{{TestKeys.OpenAI}}|}{user}";
        """,
        Expect(0, "OpenAI", "a string literal"));

    // The literal scan of a type reads its text from each quote: quotes in comments, doc comments and character
    // literals are passed over, and every kind of literal is still read, in nested types, attributes and holes.
    [Fact]
    public Task Flags_ProviderFormatLiteralsWhereverATypeWritesThem() => Verify.VerifyAnalyzerAsync($$""""
        using System;
        using System.ClientModel;

        /// <summary>Not a key: "{{TestKeys.OpenAI}}" in a doc comment.</summary>
        class Keys
        {
            // a comment with a quote " and a key "{{TestKeys.OpenAI}}" in it
            const char Quote = '"';
            const string Verbatim = {|#0:@"{{TestKeys.Anthropic}}"|};
            /* "{{TestKeys.Anthropic}}" */
            static string Nested(string user) => $"user {user}: {$"{|#1:{{TestKeys.OpenAI}}|}{user}"}";
            static string InHole(string user) => $"{user}{("x" + {|#2:"{{TestKeys.Anthropic}}"|})}";

            class Inner
            {
                [Obsolete({|#3:"{{TestKeys.OpenAI}}"|})]
                void M() { }
                string Raw => {|#4:"""{{TestKeys.Anthropic}}"""|};
            }
        }
        """",
        Expect(0, "Anthropic", "a string literal"),
        Expect(1, "OpenAI", "a string literal"),
        Expect(2, "Anthropic", "a string literal"),
        Expect(3, "OpenAI", "a string literal"),
        Expect(4, "Anthropic", "a string literal"));

    // Short strings are passed over from the text alone; what could hide a quote (a character literal, a comment, a
    // directive, an escaped or verbatim quote) sends the scan back to the syntax, so a key right after it is still read.
    [Fact]
    public Task Flags_KeyLiteralsRightAfterWhatHidesAQuote() => Verify.VerifyAnalyzerAsync($$""""
        class Keys
        {
            const char Q = '"'; string A = {|#0:"{{TestKeys.OpenAI}}"|}, Z1 = "z";
            string B = "a" + {|#1:"{{TestKeys.Anthropic}}"|}, Z2 = "z";
            string C = "x\\" + {|#2:"{{TestKeys.OpenAI}}"|}, Z3 = "z";
            string D = {|#3:"ab\"{{TestKeys.Anthropic}}"|}, Z4 = "z";
            string E = @"a""b" + {|#4:"{{TestKeys.OpenAI}}"|}, Z5 = "z";
            // an odd " quote
            string F = {|#5:"{{TestKeys.Anthropic}}"|}, Z6 = "z";
        #if DEBUG
            string G = "d";
        #endif
            string H = "short", I = {|#6:"{{TestKeys.OpenAI}}"|}, Z7 = "z";
        }
        """",
        Expect(0, "OpenAI", "a string literal"),
        Expect(1, "Anthropic", "a string literal"),
        Expect(2, "OpenAI", "a string literal"),
        Expect(3, "Anthropic", "a string literal"),
        Expect(4, "OpenAI", "a string literal"),
        Expect(5, "Anthropic", "a string literal"),
        Expect(6, "OpenAI", "a string literal"));

    // A regular string also ends at the line breaks U+0085, U+2028 and U+2029 (unterminated, while it is being typed or
    // pasted): the scan must not read the quote after one as the string's close, or the key that follows goes unread.
    [Fact]
    public async Task Flags_KeyLiteralAfterAStringEndedByAUnicodeLineBreak()
    {
        var test = Verify.CreateTest();
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestCode = $$"""
            class Keys
            {
                string A = "ab{{"\u2028"}}string K1 = {|#0:"{{TestKeys.OpenAI}}"|}, Z1 = "z";
                string B = "ab{{"\u2029"}}string K2 = {|#1:"{{TestKeys.Anthropic}}"|}, Z2 = "z";
                string C = "ab{{"\u0085"}}string K3 = {|#2:"{{TestKeys.OpenAI}}"|}, Z3 = "z";
            }
            """;
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Expect(0, "OpenAI", "a string literal"),
            Expect(1, "Anthropic", "a string literal"),
            Expect(2, "OpenAI", "a string literal"),
        });
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_ProviderFormatInUtf8Literal() => Verify.VerifyAnalyzerAsync($$""""
        using System;
        using OpenAI;

        class Keys
        {
            static ReadOnlySpan<byte> OpenAIKey => {|#0:"{{TestKeys.OpenAI}}"u8|};
            static ReadOnlySpan<byte> AnthropicKey => {|#1:"""{{TestKeys.Anthropic}}"""u8|};
        }
        """",
        Expect(0, "OpenAI", "a string literal"),
        Expect(1, "Anthropic", "a string literal"));

    [Fact]
    public Task Flags_ProviderFormatInUtf8LiteralWithoutAiLibraries() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        class Keys
        {
            static ReadOnlySpan<byte> OpenAIKey => {|#0:"{{TestKeys.OpenAI}}"u8|};
        }
        """,
        MlReferences.Plain,
        Expect(0, "OpenAI", "a string literal"));

    [Fact]
    public Task Flags_ProviderFormatInAssemblyAndModuleAttributes() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Reflection;
        using OpenAI;

        [assembly: AssemblyMetadata("OpenAIKey", {|#0:"{{TestKeys.OpenAI}}"|})]
        [module: Deployment({|#1:"{{TestKeys.Anthropic}}"|})]

        [Obsolete({|#2:"{{TestKeys.OpenAI}}"|})]
        class Keys { }

        [AttributeUsage(AttributeTargets.Module)]
        sealed class DeploymentAttribute(string key) : Attribute { }
        """,
        Expect(0, "OpenAI", "a string literal"),
        Expect(1, "Anthropic", "a string literal"),
        Expect(2, "OpenAI", "a string literal"));

    [Fact]
    public Task Flags_ProviderFormatInAssemblyAttributeOfATopLevelProgram_Once() => Verify.VerifyAnalyzerAsync($$"""
        using System.Reflection;
        using OpenAI;

        [assembly: AssemblyMetadata("OpenAIKey", {|#0:"{{TestKeys.OpenAI}}"|})]

        var client = new OpenAIClient({|#1:"{{Hex}}"|});
        """,
        Expect(0, "OpenAI", "a string literal"),
        Expect(1, "OpenAI", "the 'apiKey' argument of 'OpenAIClient'"));

    [Fact]
    public Task Flags_ProviderFormatInAssemblyAttributeWithoutAiLibraries() => Verify.VerifyAnalyzerAsync($$"""
        using System.Reflection;

        [assembly: AssemblyMetadata("OpenAIKey", {|#0:"{{TestKeys.OpenAI}}"|})]

        class C { }
        """,
        MlReferences.Plain,
        Expect(0, "OpenAI", "a string literal"));

    [Fact]
    public async Task Flags_GeneratedCode()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Settings.g.cs", $$"""
            // <auto-generated/>
            internal static class GeneratedSettings
            {
                public const string OpenAIKey = {|#0:"{{TestKeys.OpenAI}}"|};
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "a string literal"));
        await test.RunAsync();
    }

    // ---- Never flagged ------------------------------------------------------------------------------------------

    [Fact]
    public Task NoDiagnostic_KeyReadFromConfigurationOrEnvironment() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.ClientModel;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using OpenAI;
        using OpenAI.Chat;

        var builder = WebApplication.CreateBuilder(args);
        var fromConfig = new OpenAIClient(new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"]!));
        var fromEnvironment = new ChatClient("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var fromSection = new OpenAIClient(builder.Configuration.GetSection("OpenAI").GetValue<string>("ApiKey")!);
        """);

    [Theory]
    [InlineData("<your-api-key>")]
    [InlineData("YOUR_API_KEY")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("OpenAI:ApiKey")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("changeme")]
    [InlineData("...")]
    [InlineData("sk-...")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ollama")]
    [InlineData("not-needed")]
    [InlineData("gpt-4o-2024-08-06")]
    [InlineData("sk-your-key-here-0123456789")]
    public Task NoDiagnostic_PlaceholdersAndNames(string value) => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using System.Net.Http;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential("{{value}}"));
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("api-key", "{{value}}");
        """);

    // Keys written for tests (probe S10): a test word at the start or end of the value or next to a separator.
    [Fact]
    public Task NoDiagnostic_KeysWrittenForTests() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.ClientModel;
        using Azure;
        using Azure.AI.OpenAI;
        using OpenAI;

        public class Fixture
        {
            public OpenAIClient A = new(new ApiKeyCredential("test-api-key-12345"));
            public OpenAIClient B = new(new ApiKeyCredential("mock-openai-key-2024"));
            public OpenAIClient C = new(new ApiKeyCredential("unit-test-key-0001"));
            public OpenAIClient D = new(new ApiKeyCredential("testkey1234567890"));
            public AzureKeyCredential E = new("integration-test-key-01");
            public OpenAIClient F = new(new ApiKeyCredential("test-api-key-1234567890"));
            public AzureOpenAIClient G = new(new Uri("https://fake.openai.azure.com/"), new AzureKeyCredential("fake-key-for-unit-tests"));
            public OpenAIClient H = new(new ApiKeyCredential("dummy_api_key_for_testing"));
        }
        """);

    // Keys named for the kind of test they serve ("unittest-…", "e2etest-…", "integrationtest-…") and a test word
    // closed by an "s" before a digit ("tests2024") are test keys too (review probes D1, D5: reported after 195eb11).
    [Fact]
    public Task NoDiagnostic_KeysNamedForTheirKindOfTest() => Verify.VerifyAnalyzerAsync("""
        using System.ClientModel;
        using Azure;
        using OpenAI;
        using OpenAI.Chat;

        public class Fixture
        {
            public ChatClient A = new("gpt-4o-mini", new ApiKeyCredential("unittest-openai-key-20240601"));
            public OpenAIClient B = new(new ApiKeyCredential("unittest-api-key-0001"));
            public OpenAIClient C = new(new ApiKeyCredential("e2etest-api-key-000111"));
            public AzureKeyCredential D = new("integrationtest-key-20240601");
            public OpenAIClient E = new(new ApiKeyCredential("openai-key-for-tests2024abc"));
            public OpenAIClient F = new(new ApiKeyCredential("smoketest_token_2024abc"));
        }
        """);

    // Keys typed by counting in tests and samples (probe 00x): their digits or letters count up eight or more in a row.
    [Fact]
    public Task NoDiagnostic_MLSEC001_KeysFilledByCounting() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using Azure;
        using Azure.AI.OpenAI;
        using OpenAI;
        using OpenAI.Chat;

        public class Fixture
        {
            public ChatClient A = new("gpt-4o", "sk-1234567890abcdefghijklmnop");
            public OpenAIClient B = new(new ApiKeyCredential("1234567890abcdef1234567890abcdef"));
            public AzureOpenAIClient C = new(new Uri("https://contoso.openai.azure.com/"), new AzureKeyCredential("a1b2c3d4-e5f6-7890-abcd-ef1234567890"));
            public ChatClient D = new("gpt-4o", "sk-proj-abcdefghijklmnopqrstuvwxyz123456");
            public ChatClient E = new("gpt-4o", "sk-abc123def456ghi789jkl012mno345");
            public ChatClient F = new("gpt-4o", "my-api-key-1234567890");
            public ChatClient G = new("gpt-4o", "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456");
            public ChatClient H = new("gpt-4o", "sk-proj-1234567890");

            public void Headers(HttpClient http) => http.DefaultRequestHeaders.Add("api-key", "0123456789ABCDEF0123456789ABCDEF");
        }
        """);

    // The negative of the negative: a test word inside a random key ("xK9testQ2…"), or in a provider key's random part
    // even next to a separator on one side ("sk-proj-test…"), does not make the key a placeholder.
    [Fact]
    public Task Flags_RandomKeysThatHappenToContainATestWord()
    {
        var generic = "xK9" + "test" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30, seed: 61);
        var openAI = "sk-" + "proj-" + "test" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24, seed: 62)
            + "T3Blbk" + "FJ" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24, seed: 63);
        return Verify.VerifyAnalyzerAsync($$"""
            using System.ClientModel;
            using OpenAI;

            var a = new OpenAIClient({|#1:new ApiKeyCredential({|#0:"{{generic}}"|})|});
            var b = {|#2:"{{openAI}}"|};
            """,
            Expect(0, "OpenAI", "the 'key' argument of 'ApiKeyCredential'").WithRelatedLocation(1),
            Expect(2, "OpenAI", "a string literal"));
    }

    // Microsoft's published Cosmos DB emulator key (see SecretHeuristicsTests) reaching a credential sink.
    [Fact]
    public Task NoDiagnostic_PublishedEmulatorKeyAtASink() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using Azure;
        using Azure.AI.OpenAI;

        class LocalDev
        {
            const string CosmosEmulatorKey = "{{SecretHeuristicsTests.CosmosEmulatorKey}}";
            AzureKeyCredential Cosmos() => new(CosmosEmulatorKey);
            AzureKeyCredential Storage() => new AzureKeyCredential("{{SecretHeuristicsTests.AzuriteKey}}");
        }
        """);

    // jwt.io's sample token, which tests paste as a bearer token; another signed token at the same sinks is reported.
    [Fact]
    public Task Flags_BearerTokensExceptJwtIosSample() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        class ApiTests
        {
            const string Sample = "{{SecretHeuristicsTests.JwtIoSampleToken}}";

            void Sample1(HttpClient http) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sample);
            void Sample2(HttpClient http) => http.DefaultRequestHeaders.Add("Authorization", "Bearer " + Sample);
            void Other(HttpClient http) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#0:"{{SecretHeuristicsTests.OtherSignedToken}}"|});
        }
        """,
        Expect(0, "model-endpoint", "the 'Authorization' header"));

    // AWS's documented example access key id, assembled so that the test file holds no key-shaped text.
    [Fact]
    public Task NoDiagnostic_DocumentationExampleKey() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        class Samples
        {
            public const string AccessKeyId = "{{"AKIA" + "IOSFODNN7" + "EXAMPLE"}}";
            ApiKeyCredential Credential() => new("{{"AKIA" + "IOSFODNN7" + "EXAMPLE"}}");
        }
        """);

    [Fact]
    public Task NoDiagnostic_Utf8LiteralsThatAreNotKeys() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using OpenAI;

        class Headers
        {
            static ReadOnlySpan<byte> Name => "Authorization"u8;
            static ReadOnlySpan<byte> Scheme => "Bearer "u8;
            static ReadOnlySpan<byte> Placeholder => "sk-your-key-here"u8;
            static ReadOnlySpan<byte> Json => "{\"model\": \"gpt-4o-mini-2024-07-18\"}"u8;
            static ReadOnlySpan<byte> HexOnItsOwn => "{{Hex}}"u8;
        }
        """);

    // An attribute's named argument is the property assignment it is (Roslyn binds it as one, in the attribute
    // creation's initializer): an ApiKey/AuthToken property of an LLM library's type is a sink there as in
    // `new X { ApiKey = … }`. No such attribute ships in the supported libraries, so one is declared in a project named
    // like a Semantic Kernel connector. A constant of another file is reported on its declaration; a placeholder, a
    // test key or an empty value is not reported, nor a key passed to another property.
    [Fact]
    public async Task Flags_NamedAttributeArgumentForAnLlmLibrarysApiKeyProperty()
    {
        var test = Verify.CreateTest();
        test.TestState.AdditionalProjects["Microsoft.SemanticKernel.Connectors.Contoso"].Sources.Add(("/1/Attr.cs", """
            namespace Contoso;
            [System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)]
            public sealed class ContosoChatAttribute : System.Attribute
            {
                public string ApiKey { get; set; }
                public string Description { get; set; }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Microsoft.SemanticKernel.Connectors.Contoso");
        test.TestState.Sources.Add(("/0/a.cs", $$"""
            using Contoso;

            [ContosoChat({|#2:ApiKey = {|#0:"{{Hex}}"|}|})]
            class Chat { }

            [ContosoChat({|#3:ApiKey = Keys.Scoring|}, Description = "{{Hex}}")]
            class Scoring { }

            [ContosoChat(ApiKey = "<your-api-key>")]
            [ContosoChat(ApiKey = "test-api-key-12345")]
            [ContosoChat(ApiKey = "")]
            [ContosoChat(Description = "{{Hex}}")]
            class Placeholders { }

            class Code { ContosoChatAttribute Create() => new() { {|#5:ApiKey = {|#4:"{{Hex}}0"|}|} }; }
            """));
        test.TestState.Sources.Add(("/0/k.cs", $$"""
            static class Keys { public const string Scoring = {|#1:"{{Hex}}"|}; }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Semantic Kernel connector", "'ContosoChatAttribute.ApiKey'").WithLocation(2));
        test.ExpectedDiagnostics.Add(Expect(1, "Semantic Kernel connector", "'ContosoChatAttribute.ApiKey'").WithLocation(3));
        test.ExpectedDiagnostics.Add(Expect(4, "Semantic Kernel connector", "'ContosoChatAttribute.ApiKey'").WithLocation(5));
        await test.RunAsync();
    }

    // The same rules as a property assignment: an ApiKey or AuthToken member of the project's own attribute is no sink,
    // as the property set in code is none; a provider-format key is found in a named argument by the literal scan,
    // wherever it is.
    [Fact]
    public Task NamedAttributeArguments_FollowThePropertyRules() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using OpenAI;

        [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
        sealed class ClientAttribute : Attribute { public string ApiKey { get; set; } public string AuthToken; }

        [Client(ApiKey = "{{Hex}}", AuthToken = "{{Hex}}")]
        [Client(ApiKey = {|#0:"{{TestKeys.OpenAI}}"|})]
        class C { ClientAttribute Create() => new() { ApiKey = "{{Hex}}" }; }
        """,
        Expect(0, "OpenAI", "a string literal"));

    [Fact]
    public Task NoDiagnostic_AssemblyAttributesWithoutKeys() => Verify.VerifyAnalyzerAsync($$"""
        using System.Reflection;
        using OpenAI;

        [assembly: AssemblyMetadata("RepositoryUrl", "https://github.com/contoso/churn-model")]
        [assembly: AssemblyMetadata("OpenAIKeyVariable", "OPENAI_API_KEY")]
        [assembly: AssemblyMetadata("OpenAIKeyPath", "OpenAI:ApiKey")]
        [assembly: AssemblyMetadata("Placeholder", "sk-your-key-here")]
        [assembly: AssemblyMetadata("BuildHash", "{{Hex}}")]

        class C { }
        """);

    [Fact]
    public Task NoDiagnostic_HeaderNamesAndOtherHeaders() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using OpenAI;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Request-Id", "{{Hex}}");
        http.DefaultRequestHeaders.Add("api-key", System.Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"));
        """);

    [Fact]
    public Task NoDiagnostic_HexConstantThatReachesNoSink() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI;

        class Model
        {
            public const string Sha256 = "{{Hex}}{{Hex}}";
            public const string Google = "{{TestKeys.Google}}";
        }
        """);

    [Fact]
    public Task NoDiagnostic_LookAlikeTypesInOtherNamespaces() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI;

        var a = new Decoy.ApiKeyCredential("{{Hex}}");
        var b = new Decoy.OpenAIClient(apiKey: "{{Hex}}");

        namespace Decoy
        {
            public sealed class ApiKeyCredential { public ApiKeyCredential(string key) { } }
            public sealed class OpenAIClient { public OpenAIClient(string apiKey) { } }
        }
        """);

    [Fact]
    public Task NoDiagnostic_ReassignedLocalAndMutableField() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        class Clients
        {
            private static string Mutable = "{{Hex}}";

            OpenAIClient A()
            {
                var key = "{{Hex}}";
                key = Environment.GetEnvironmentVariable("OPENAI_API_KEY")!;
                return new OpenAIClient(new ApiKeyCredential(key));
            }

            OpenAIClient B() => new(new ApiKeyCredential(Mutable));
        }
        """);

    [Fact]
    public Task NoDiagnostic_SinkAnalysisOffWithoutAiLibraries() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Net.Http.Headers;

        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "{{TestKeys.GenericSk}}");
        """,
        MlReferences.Plain);

    // ---- Keys stored for the app to read back: environment variables, in-memory configuration ----------------------

    // A key set in the environment before a client reads it: a credential sink when the variable's name ends with a
    // credential name (API_KEY, AUTH_TOKEN), the three-argument overload and a const name too.
    [Fact]
    public Task Flags_MLSEC001_KeySetInACredentialEnvironmentVariable() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        const string Variable = "CONTOSO_GATEWAY_AUTH_TOKEN";
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", {|#0:"{{Hex}}"|});
        Environment.SetEnvironmentVariable("OPENAI_APIKEY", {|#1:"{{TestKeys.Random("0123456789abcdef", 32, seed: 901)}}"|}, EnvironmentVariableTarget.Process);
        Environment.SetEnvironmentVariable(Variable, {|#2:"{{TestKeys.Random("0123456789abcdef", 32, seed: 902)}}"|});
        Environment.SetEnvironmentVariable("AzureOpenAI__ApiKey", {|#3:"{{TestKeys.Random("0123456789abcdef", 32, seed: 903)}}"|});
        """,
        Expect(0, "Azure OpenAI", "the environment variable 'AZURE_OPENAI_API_KEY'"),
        Expect(1, "OpenAI", "the environment variable 'OPENAI_APIKEY'"),
        Expect(2, "model-endpoint", "the environment variable 'CONTOSO_GATEWAY_AUTH_TOKEN'"),
        Expect(3, "Azure OpenAI", "the environment variable 'AzureOpenAI__ApiKey'"));

    // A key written into in-memory configuration: index and collection initializers of a dictionary, KeyValuePair
    // arrays and lists, and KeyValuePair.Create.
    [Fact]
    public Task Flags_MLSEC001_KeyWrittenIntoInMemoryConfiguration() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;

        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureOpenAI:Endpoint"] = "https://contoso.openai.azure.com/",
            ["AzureOpenAI:ApiKey"] = {|#0:"{{Hex}}"|},
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            { "Chat:OpenAIApiKey", {|#1:"{{TestKeys.Random("0123456789abcdef", 32, seed: 911)}}"|} },
        });
        new ConfigurationBuilder().AddInMemoryCollection(new[]
        {
            new KeyValuePair<string, string?>("Anthropic:ApiKey", {|#2:"{{TestKeys.Random("0123456789abcdef", 32, seed: 912)}}"|}),
            KeyValuePair.Create<string, string?>("Gateway:AuthToken", {|#3:"{{TestKeys.Random("0123456789abcdef", 32, seed: 913)}}"|}),
        });
        MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new List<KeyValuePair<string, string?>>
        {
            new("OpenAI:ApiKey", {|#4:"{{TestKeys.Random("0123456789abcdef", 32, seed: 914)}}"|}),
        });
        """,
        MlReferences.WithAspNetCore,
        Expect(0, "Azure OpenAI", "the configuration key 'AzureOpenAI:ApiKey'"),
        Expect(1, "OpenAI", "the configuration key 'Chat:OpenAIApiKey'"),
        Expect(2, "Anthropic", "the configuration key 'Anthropic:ApiKey'"),
        Expect(3, "model-endpoint", "the configuration key 'Gateway:AuthToken'"),
        Expect(4, "OpenAI", "the configuration key 'OpenAI:ApiKey'"));

    // C# 12 collection expressions written in the call: KeyValuePair elements, as new(…) or KeyValuePair.Create.
    [Fact]
    public Task Flags_MLSEC001_KeyWrittenIntoInMemoryConfigurationAsCollectionExpression() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;

        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(
        [
            new("OpenAI:ApiKey", {|#0:"{{TestKeys.Random("0123456789abcdef", 32, seed: 941)}}"|}),
            KeyValuePair.Create<string, string?>("AzureOpenAI:ApiKey", {|#1:"{{TestKeys.Random("0123456789abcdef", 32, seed: 942)}}"|}),
            new("AzureOpenAI:Endpoint", "https://contoso.openai.azure.com/"),
        ]);
        """,
        MlReferences.WithAspNetCore,
        Expect(0, "OpenAI", "the configuration key 'OpenAI:ApiKey'"),
        Expect(1, "Azure OpenAI", "the configuration key 'AzureOpenAI:ApiKey'"));

    // The common shape: the pairs are built in a local first and the local is passed to the call. A dictionary (index
    // or collection initializer, or filled by indexer or Add writes before the call), a KeyValuePair array, list or
    // collection expression; in top-level statements and in a method, the call itself under a condition. A key replaced
    // only under a condition (in production) still ships, and a key written under a condition (in development) is stored.
    [Fact]
    public Task Flags_MLSEC001_KeyWrittenIntoInMemoryConfigurationThroughALocal() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var settings = new Dictionary<string, string?>
        {
            ["AzureOpenAI:ApiKey"] = {|#0:"{{Hex}}"|},
            ["AzureOpenAI:Endpoint"] = "https://contoso.openai.azure.com/",
        };
        builder.Configuration.AddInMemoryCollection(settings);

        var filled = new Dictionary<string, string?>();
        filled["OpenAI:ApiKey"] = {|#1:"{{TestKeys.Random("0123456789abcdef", 32, seed: 951)}}"|};
        filled.Add("Anthropic:ApiKey", {|#2:"{{TestKeys.Random("0123456789abcdef", 32, seed: 952)}}"|});
        filled["OpenAI:Model"] = "gpt-4o-mini";
        MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, filled);

        KeyValuePair<string, string?>[] pairs =
        [
            new("Chat:OpenAIApiKey", {|#3:"{{TestKeys.Random("0123456789abcdef", 32, seed: 953)}}"|}),
        ];
        new ConfigurationBuilder().AddInMemoryCollection(pairs);

        var development = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = {|#6:"{{TestKeys.Random("0123456789abcdef", 32, seed: 956)}}"|} };
        if (!builder.Environment.IsDevelopment())
            development["AzureOpenAI:ApiKey"] = builder.Configuration["Secrets:AzureOpenAI"];
        if (builder.Environment.IsDevelopment())
            development["OpenAI:ApiKey"] = {|#7:"{{TestKeys.Random("0123456789abcdef", 32, seed: 957)}}"|};
        builder.Configuration.AddInMemoryCollection(development);

        class Setup
        {
            static void Configure(IConfigurationBuilder configuration, bool development)
            {
                var list = new List<KeyValuePair<string, string?>>
                {
                    KeyValuePair.Create<string, string?>("Gateway:AuthToken", {|#4:"{{TestKeys.Random("0123456789abcdef", 32, seed: 954)}}"|}),
                };
                var array = new[] { new KeyValuePair<string, string?>("AzureOpenAI__ApiKey", {|#5:"{{TestKeys.Random("0123456789abcdef", 32, seed: 955)}}"|}) };
                if (development)
                {
                    configuration.AddInMemoryCollection(list);
                    configuration.AddInMemoryCollection(array);
                }
            }
        }
        """,
        MlReferences.WithAspNetCore,
        Expect(0, "Azure OpenAI", "the configuration key 'AzureOpenAI:ApiKey'"),
        Expect(1, "OpenAI", "the configuration key 'OpenAI:ApiKey'"),
        Expect(2, "Anthropic", "the configuration key 'Anthropic:ApiKey'"),
        Expect(3, "OpenAI", "the configuration key 'Chat:OpenAIApiKey'"),
        Expect(4, "model-endpoint", "the configuration key 'Gateway:AuthToken'"),
        Expect(5, "Azure OpenAI", "the configuration key 'AzureOpenAI__ApiKey'"),
        Expect(6, "Azure OpenAI", "the configuration key 'AzureOpenAI:ApiKey'"),
        Expect(7, "OpenAI", "the configuration key 'OpenAI:ApiKey'"));

    // A local is followed only while the pairs the call reads are known: the key name and the value are judged as in
    // the call (names that are not a credential's, placeholders, test keys); a key replaced before the call by a value
    // read at run time, on every path to the call, is not stored (nor in the call, whatever the key's case); and a local also changed or handed elsewhere (a
    // method that may fill it, a write after the call, a reassignment, a lambda, a write whose key is not a constant,
    // an alias), or declared outside the lambda that calls, is not followed. A dictionary never passed to
    // AddInMemoryCollection is no sink.
    [Fact]
    public Task NoDiagnostic_MLSEC001_InMemoryConfigurationLocalsNotStoringAKey() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var names = new Dictionary<string, string?>
        {
            ["AzureOpenAI:Endpoint"] = "{{Hex}}",
            ["OpenAI:Key"] = "{{Hex}}",
            ["Logging:LogLevel:Default"] = "{{Hex}}",
        };
        builder.Configuration.AddInMemoryCollection(names);

        var placeholders = new Dictionary<string, string?>
        {
            ["AzureOpenAI:ApiKey"] = "<your-azure-openai-key>",
            ["OpenAI:ApiKey"] = "test-api-key-12345",
            ["Anthropic:ApiKey"] = "00000000000000000000000000000000",
        };
        placeholders["Gateway:ApiKey"] = "mock-gateway-key-2024";
        builder.Configuration.AddInMemoryCollection(placeholders);

        var replaced = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        replaced["AzureOpenAI:ApiKey"] = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY");
        builder.Configuration.AddInMemoryCollection(replaced);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureOpenAI:ApiKey"] = "{{Hex}}",
            ["azureopenai:apikey"] = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"),
        });

        var filledElsewhere = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        Fill(filledElsewhere);
        builder.Configuration.AddInMemoryCollection(filledElsewhere);

        var nested = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        if (!builder.Environment.IsDevelopment())
        {
            nested["AzureOpenAI:ApiKey"] = builder.Configuration["Secrets:AzureOpenAI"];
            builder.Configuration.AddInMemoryCollection(nested);
        }

        var later = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(later);
        later["AzureOpenAI:ApiKey"] = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY");
        configuration.Build();

        var reassigned = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        reassigned = new Dictionary<string, string?>();
        builder.Configuration.AddInMemoryCollection(reassigned);

        var captured = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        Action clear = () => captured.Clear();
        builder.Configuration.AddInMemoryCollection(captured);

        var byName = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        var name = args.Length > 0 ? args[0] : "AzureOpenAI:ApiKey";
        byName[name] = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY");
        builder.Configuration.AddInMemoryCollection(byName);

        var outer = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        Action<IConfigurationBuilder> add = b => b.AddInMemoryCollection(outer);

        var copy = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        IEnumerable<KeyValuePair<string, string?>> alias = copy;
        builder.Configuration.AddInMemoryCollection(alias);

        var handedOver = new Dictionary<string, string?> { ["AzureOpenAI:ApiKey"] = "{{Hex}}" };
        Fill(handedOver);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureOpenAI:Endpoint"] = "https://contoso.openai.azure.com/" });

        static void Fill(Dictionary<string, string?> settings) { }
        """,
        MlReferences.WithAspNetCore);

    // The key is a const of another file: the search across files finds the sink, reported on the declaration.
    [Fact]
    public async Task Flags_MLSEC001_ConstOfAnotherFileStoredInEnvironmentAndConfiguration()
    {
        var test = Verify.CreateTest(MlReferences.WithAspNetCore);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using System;
            using System.Collections.Generic;
            using Microsoft.Extensions.Configuration;

            Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", Contoso.DevKeys.Azure);
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = Contoso.DevKeys.OpenAI });
            """));
        test.TestState.Sources.Add(("/0/DevKeys.cs", $$"""
            namespace Contoso;

            internal static class DevKeys
            {
                public const string Azure = {|#0:"{{Hex}}"|};
                public const string OpenAI = {|#1:"{{TestKeys.Random("0123456789abcdef", 32, seed: 921)}}"|};
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "Azure OpenAI", "the environment variable 'AZURE_OPENAI_API_KEY'"));
        test.ExpectedDiagnostics.Add(Expect(1, "OpenAI", "the configuration key 'OpenAI:ApiKey'"));
        await test.RunAsync();
    }

    // The same through a local: the search across files checks the code around the const's reference with the same
    // sinks, the local's call included.
    [Fact]
    public async Task Flags_MLSEC001_ConstOfAnotherFileStoredThroughAConfigurationLocal()
    {
        var test = Verify.CreateTest(MlReferences.WithAspNetCore);
        test.TestState.Sources.Add(("/0/Program.cs", """
            using System.Collections.Generic;
            using Microsoft.Extensions.Configuration;

            var settings = new Dictionary<string, string?> { ["OpenAI:Endpoint"] = "https://api.openai.com/v1" };
            settings["OpenAI:ApiKey"] = Contoso.DevKeys.OpenAI;
            new ConfigurationBuilder().AddInMemoryCollection(settings);
            """));
        test.TestState.Sources.Add(("/0/DevKeys.cs", $$"""
            namespace Contoso;

            internal static class DevKeys
            {
                public const string OpenAI = {|#0:"{{TestKeys.Random("0123456789abcdef", 32, seed: 922)}}"|};
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the configuration key 'OpenAI:ApiKey'"));
        await test.RunAsync();
    }

    // Test projects and samples store fake keys: the placeholder and test-key heuristics apply; names that are not a
    // credential's (also Key and Token alone, which are not credential parameter names), values read from elsewhere
    // and look-alike types are not sinks (a collection built in a local first: NoDiagnostic_MLSEC001_InMemoryConfigurationLocalsNotStoringAKey).
    [Fact]
    public Task NoDiagnostic_MLSEC001_StoredPlaceholdersOtherNamesAndRunTimeValues() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;

        var builder = WebApplication.CreateBuilder(args);
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", "00000000000000000000000000000000");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "your-key-here");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "test-api-key-12345");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "fake-key-for-unit-tests");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "sk-your-key-here");
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", "1234567890abcdef1234567890abcdef");
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", "{{Hex}}");
        Environment.SetEnvironmentVariable("AZURE_OPENAI_KEY", "{{Hex}}");
        Environment.SetEnvironmentVariable("HF_TOKEN", "{{Hex}}");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY_PATH", "{{Hex}}");
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", builder.Configuration["AzureOpenAI:ApiKey"]);
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", Environment.GetEnvironmentVariable("CI_AZURE_KEY"));
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", Console.ReadLine());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "{{Hex}}",
            ["OpenAI:Key"] = "{{Hex}}",
            ["OpenAI:ApiKey"] = "sk-test-key-0000000000000000",
            ["AzureOpenAI:ApiKey"] = "00000000000000000000000000000000",
            ["Anthropic:ApiKey"] = "mock-anthropic-key-2024",
            ["AzureOpenAI:ApiKey"] = "<your-azure-openai-key>",
            ["Gateway:ApiKey"] = builder.Configuration["Secrets:Gateway"],
        });
        new Look.Alike.Environment().SetEnvironmentVariable("AZURE_OPENAI_API_KEY", "{{Hex}}");

        namespace Look.Alike
        {
            class Environment { public void SetEnvironmentVariable(string name, string value) { } }
        }
        """,
        MlReferences.WithAspNetCore);

    // The configured credential names apply: an added name makes its variables and keys sinks, a removed one unmakes them.
    [Fact]
    public async Task Option_MLSEC001_CredentialNamesApplyToStoredKeys()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using System;

            Environment.SetEnvironmentVariable("APIM_SUBSCRIPTION_KEY", {|#0:"{{Hex}}"|});
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", "{{TestKeys.Random("0123456789abcdef", 32, seed: 931)}}");
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.MLSEC001.credential_parameter_names = subscriptionKey|-apiKey
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "model-endpoint", "the environment variable 'APIM_SUBSCRIPTION_KEY'"));
        await test.RunAsync();
    }

    // The name is read from its end and no further than the longest credential name: a very long variable name (300,000
    // characters here, with a word starting at every other one) costs no more than a short one. Read word by word from
    // each word's start, it took minutes (quadratic), on any SetEnvironmentVariable or AddInMemoryCollection key.
    [Fact]
    public async Task Flags_MLSEC001_VeryLongStoredKeyNameInLinearTime()
    {
        var prefix = new System.Text.StringBuilder();
        for (var i = 0; i < 100_000; i++)
            prefix.Append("aB_");
        var credential = prefix + "OPENAI_API_KEY";
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using System;

            Environment.SetEnvironmentVariable("{{credential}}", {|#0:"{{Hex}}"|});
            Environment.SetEnvironmentVariable("{{prefix}}MODEL_NAME", "{{Hex}}");
            """;
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the environment variable '" + credential + "'"));

        var run = Task.Run(() => test.RunAsync());
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "the analysis did not end within 30 s");
        await run;
    }

    // ---- Options ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Option_CredentialParameterNamesCanAddAndRemove()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using OpenAI.Chat;

            var removed = new ChatClient("gpt-4o", "{{Hex}}");
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.MLSEC001.credential_parameter_names = -apiKey
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Option_RuleSpecificKeyBeatsGeneralKey()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using OpenAI.Chat;

            var client = new ChatClient({|#0:"{{TestKeys.Random("0123456789abcdef", 32, 31)}}"|}, "gpt-4o-mini");
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.credential_parameter_names = -apiKey
            mlsec.MLSEC001.credential_parameter_names = model
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the 'model' argument of 'ChatClient'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Option_GlobalConfigAppliesToEveryFile()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/A.cs", $$"""
            using OpenAI.Chat;

            class A { ChatClient Create() => new("gpt-4o", "{{Hex}}"); }
            """));
        test.TestState.Sources.Add(("/0/B.cs", $$"""
            using System.ClientModel;

            class B { ApiKeyCredential Create() => new({|#0:"{{TestKeys.Random("0123456789abcdef", 32, 35)}}"|}); }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", """
            is_global = true
            mlsec.credential_parameter_names = -apiKey
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "model-endpoint", "the 'key' argument of 'ApiKeyCredential'"));
        await test.RunAsync();
    }

    /// <summary>Options are per file (editorconfig sections), and the lists read from them are cached per file too.</summary>
    [Fact]
    public async Task Option_AppliesToTheFilesOfItsSectionOnly()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Removed.cs", $$"""
            using OpenAI.Chat;

            class A { ChatClient Create() => new("gpt-4o", "{{Hex}}"); }
            """));
        test.TestState.Sources.Add(("/0/Kept.cs", $$"""
            using OpenAI.Chat;

            class B { ChatClient Create() => new("gpt-4o", {|#0:"{{Hex}}"|}); }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [Removed.cs]
            mlsec.MLSEC001.credential_parameter_names = -apiKey
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));
        await test.RunAsync();
    }

    /// <summary>A partial type across editorconfig sections: each part reads its own file's section.</summary>
    [Fact]
    public async Task Option_PartialTypeAcrossSections_EachPartReadsItsOwnFile()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Kept1.cs", $$"""
            using OpenAI.Chat;

            partial class A { ChatClient First() => new("gpt-4o", {|#0:"{{Hex}}"|}); }
            """));
        test.TestState.Sources.Add(("/0/Removed.cs", $$"""
            using OpenAI.Chat;

            partial class A { ChatClient Second() => new("gpt-4o", "{{Hex}}"); }
            """));
        test.TestState.Sources.Add(("/0/Kept2.cs", $$"""
            using OpenAI.Chat;

            partial class A { ChatClient Third() => new("gpt-4o", {|#1:"{{Hex}}"|}); }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [Removed.cs]
            mlsec.MLSEC001.credential_parameter_names = -apiKey
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));
        test.ExpectedDiagnostics.Add(Expect(1, "OpenAI", "the 'apiKey' argument of 'ChatClient'"));
        await test.RunAsync();
    }
}
