using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer>;

namespace MlSecAnalyzers.Tests.Secrets;

public sealed class MLSEC003CredentialInUrlTests
{
    private static readonly string FunctionKey = TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 54, seed: 51) + "==";
    private static readonly string AccountKey = TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 86, seed: 52) + "==";
    private static readonly string Hex = TestKeys.AzureHex;

    private static DiagnosticResult Expect(int location, string part, string sink) =>
        Verify.Diagnostic(Descriptors.MLSEC003_CredentialInUrl).WithLocation(location).WithArguments(part, sink);

    [Fact]
    public Task Flags_QueryKeyInUriReachingAModelClient() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        var scoring = new Uri({|#0:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}&model=churn"|});
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    // An attribute's constructor argument is a sink too, wherever the attribute is (the driver ran the sink checks on
    // attributes before each file was analysed in one callback): the file's, a type's, a member's, an enum member's, an
    // accessor's, and those of parameters and type parameters.
    [Fact]
    public Task Flags_UrlPassedToAnAttributeAnywhere() => Verify.VerifyAnalyzerAsync("""
        using System;

        [assembly: {|#10:Endpoint({|#0:"https://deploy:Stubborn-42x@models.contoso.com/a"|})|}]

        [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
        class EndpointAttribute : Attribute { public EndpointAttribute(string url) { } }

        [{|#11:Endpoint({|#1:"https://deploy:Stubborn-42x@models.contoso.com/b"|})|}]
        class Client<[{|#12:Endpoint({|#2:"https://deploy:Stubborn-42x@models.contoso.com/c"|})|}] T>([{|#13:Endpoint({|#3:"https://deploy:Stubborn-42x@models.contoso.com/d"|})|}] int p)
        {
            [{|#14:Endpoint({|#4:"https://deploy:Stubborn-42x@models.contoso.com/e"|})|}]
            void M([{|#15:Endpoint({|#5:"https://deploy:Stubborn-42x@models.contoso.com/f"|})|}] int x) { }

            int P { [{|#16:Endpoint({|#6:"https://deploy:Stubborn-42x@models.contoso.com/g"|})|}] get => 1; }
        }

        enum Models { [{|#17:Endpoint({|#7:"https://deploy:Stubborn-42x@models.contoso.com/h"|})|}] Churn }

        delegate void Score([{|#18:Endpoint({|#8:"https://deploy:Stubborn-42x@models.contoso.com/i"|})|}] int x);
        """,
        ExpectAt(0), ExpectAt(1), ExpectAt(2), ExpectAt(3), ExpectAt(4), ExpectAt(5), ExpectAt(6), ExpectAt(7), ExpectAt(8));

    // On the literal (location i), the attribute (location 1i) its related location.
    private static DiagnosticResult ExpectAt(int literal) =>
        Expect(literal, "password in the URL", "the 'url' argument of 'EndpointAttribute'").WithLocation(10 + literal);

    // A URL constant of another file reached by an attribute in one file and a call in another: one diagnostic, named by
    // the earliest sink, the attribute (the search across files reads attributes as the files do).
    [Fact]
    public async Task Flags_Once_AcrossFiles_AnAttributeSinkIsTheEarliest()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/a.cs", """
            using System;

            class EndpointAttribute : Attribute { public EndpointAttribute(string url) { } }

            [{|#1:Endpoint(Urls.Model)|}]
            class Scorer { }
            """));
        test.TestState.Sources.Add(("/0/k.cs", """
            static class Urls { public const string Model = {|#0:"https://deploy:Stubborn-42x@models.contoso.com/registry/churn.onnx"|}; }
            """));
        test.TestState.Sources.Add(("/0/z.cs", """
            using System;

            class Late { Uri U() => new Uri(Urls.Model); }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "password in the URL", "the 'url' argument of 'EndpointAttribute'").WithLocation(1));
        await test.RunAsync();
    }

    // An attribute's named argument for a ConnectionString property is the property assignment it is (Roslyn binds it
    // as one, in the attribute creation's initializer): a sink as in `new X { ConnectionString = … }`, wherever the
    // attribute is. The sink, the related location, is the named argument.
    [Fact]
    public Task Flags_ConnectionStringNamedArgumentOfAnAttributeAnywhere() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        [assembly: ModelClient({|#10:ConnectionString = {|#0:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|}|})]

        [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
        class ModelClientAttribute : Attribute
        {
            public ModelClientAttribute() { }
            public ModelClientAttribute(string name) { }
            public string ConnectionString { get; set; }
        }

        [ModelClient("chat", {|#11:ConnectionString = {|#1:"DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey={{AccountKey}}"|}|})]
        class Client<[ModelClient({|#12:ConnectionString = {|#2:"Endpoint=https://contoso.service.signalr.net;AccessKey={{AccountKey}};Version=1.0;"|}|})] T>
        {
            [ModelClient({|#13:ConnectionString = {|#3:"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={{AccountKey}}"|}|})]
            void M([ModelClient({|#14:ConnectionString = {|#4:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|}|})] int x) { }

            int P { [ModelClient({|#15:ConnectionString = {|#5:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|}|})] get => 1; }
        }

        enum Models { [ModelClient({|#16:ConnectionString = {|#6:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|}|})] Churn }
        """,
        ExpectNamed(0, "Key"), ExpectNamed(1, "AccountKey"), ExpectNamed(2, "AccessKey"), ExpectNamed(3, "SharedAccessKey"),
        ExpectNamed(4, "Key"), ExpectNamed(5, "Key"), ExpectNamed(6, "Key"));

    private static DiagnosticResult ExpectNamed(int literal, string key) =>
        Expect(literal, "connection-string key '" + key + "'", "'ModelClientAttribute.ConnectionString'").WithLocation(10 + literal);

    // A constant of another file passed as the named argument (alone or in a concatenation) is reported on its
    // declaration, the named argument the related location, once, as the search across files reads attributes.
    [Fact]
    public async Task Flags_Once_AcrossFiles_ConstantPassedAsANamedAttributeArgument()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/a.cs", """
            using System;

            class ModelClientAttribute : Attribute { public string ConnectionString { get; set; } }

            [ModelClient({|#2:ConnectionString = Connections.Chat|})]
            class Chat { }

            [ModelClient({|#3:ConnectionString = "Endpoint=https://contoso.openai.azure.com/;Key=" + Connections.ScoringKey|})]
            class Scoring { }
            """));
        test.TestState.Sources.Add(("/0/k.cs", $$"""
            static class Connections
            {
                public const string Chat = {|#0:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|};
                public const string ScoringKey = {|#1:"{{Hex}}"|};
            }
            """));
        test.TestState.Sources.Add(("/0/z.cs", """
            using System.Data.Common;

            class Late { DbConnectionStringBuilder B() => new() { ConnectionString = Connections.Chat }; }
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "connection-string key 'Key'", "'ModelClientAttribute.ConnectionString'").WithLocation(2));
        test.ExpectedDiagnostics.Add(Expect(1, "connection-string key 'Key'", "'ModelClientAttribute.ConnectionString'").WithLocation(3));
        await test.RunAsync();
    }

    // The same rules as a property assignment: a placeholder, an empty key or no key segment is not a secret, and a
    // named argument for a property that takes no connection string (here Description, Url) is no sink, as
    // `new X { Url = … }` is none; Url properties of attributes are mostly documentation links (Obsolete's UrlFormat,
    // RequiresUnreferencedCode's Url). A value with no provider format reaching no sink is not reported.
    [Fact]
    public Task NoDiagnostic_NamedAttributeArgumentsWithPlaceholdersOrForOtherProperties() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
        class ModelClientAttribute : Attribute
        {
            public string ConnectionString { get; set; }
            public string Description { get; set; }
            public string Url { get; set; }
            public string Endpoint;
        }

        [ModelClient(ConnectionString = "Endpoint=https://contoso.openai.azure.com/;Key=<your-key>")]
        [ModelClient(ConnectionString = "Endpoint=https://contoso.openai.azure.com/;Key=")]
        [ModelClient(ConnectionString = "")]
        [ModelClient(ConnectionString = "Endpoint=https://contoso.openai.azure.com/")]
        [ModelClient(ConnectionString = "AccountEndpoint=https://localhost:8081/;AccountKey={{SecretHeuristicsTests.CosmosEmulatorKey}}")]
        [ModelClient(Description = "Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}")]
        [ModelClient(Url = "https://deploy:Stubborn-42x@models.contoso.com/a")]
        [ModelClient(Endpoint = "https://deploy:Stubborn-42x@models.contoso.com/b")]
        class Client { }
        """);

    // docs/rules/MLSEC003.md's non-compliant example, as written there.
    [Fact]
    public Task Flags_DocumentedExample() => Verify.VerifyAnalyzerAsync("""
        using System;

        var scoring = new Uri({|#0:"https://contoso-ml.azurewebsites.net/api/score?code=U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool8DklZDOCj2ISaJiHkTj0==&model=churn"|});
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_ApiKeyInHttpClientRequest() => Verify.VerifyAnalyzerAsync($$"""
        using System.Net.Http;
        using System.Threading.Tasks;

        class Scorer
        {
            Task<string> Score(HttpClient http) =>
                http.GetStringAsync({|#0:"https://contoso.openai.azure.com/openai/deployments/gpt/chat?api-version=2024-06-01&api-key={{Hex}}"|});
        }
        """,
        Expect(0, "query parameter 'api-key'", "the 'requestUri' argument of 'GetStringAsync'"));

    // A password that begins or ends with an everyday word holding a test word (Stubborn, Democrat, fastest) is still
    // a password: only a test word standing apart, or before a key word or a digit, marks a test key.
    [Fact]
    public Task Flags_PasswordsThatBeginOrEndWithATestWord() => Verify.VerifyAnalyzerAsync("""
        using System;

        var a = new Uri({|#0:"https://deploy:Stubborn-42x@models.contoso.com/registry/churn.onnx"|});
        var b = new Uri({|#1:"https://deploy:Democrat!9q@models.contoso.com/registry/churn.onnx"|});
        var c = new Uri({|#2:"https://deploy:Fastest!Horse9@models.contoso.com/registry/churn.onnx"|});
        var d = new Uri("https://deploy:test-password-1@models.contoso.com/registry/churn.onnx");
        """,
        Expect(0, "password in the URL", "the 'uriString' argument of 'Uri'"),
        Expect(1, "password in the URL", "the 'uriString' argument of 'Uri'"),
        Expect(2, "password in the URL", "the 'uriString' argument of 'Uri'"));

    // A test word followed by "ing" or "s" and more letters (Mockingbird, Mockingjay, Testingham) is an everyday word:
    // only an "s"/"ing" that closes the word ("tests2024", "…-testing") marks a test password (review probes D3, D4).
    [Fact]
    public Task Flags_PasswordsWithATestWordAndAnIngThatDoesNotCloseIt() => Verify.VerifyAnalyzerAsync("""
        using System;

        var a = new Uri({|#0:"https://deploy:Mockingbird-42x@models.contoso.com/registry/churn.onnx"|});
        var b = new Uri({|#1:"https://deploy:Mockingjay!2024@models.contoso.com/registry/churn.onnx"|});
        var c = new Uri({|#2:"https://deploy:Testingham%2377q@models.contoso.com/registry/churn.onnx"|});
        var d = new Uri("https://deploy:testing-pass-2024@models.contoso.com/registry/churn.onnx");
        var e = new Uri("https://deploy:unittest-pass-01@models.contoso.com/registry/churn.onnx");
        var f = new Uri("https://deploy:pass-for-tests2024@models.contoso.com/registry/churn.onnx");
        """,
        Expect(0, "password in the URL", "the 'uriString' argument of 'Uri'"),
        Expect(1, "password in the URL", "the 'uriString' argument of 'Uri'"),
        Expect(2, "password in the URL", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_PasswordInUserInfo() => Verify.VerifyAnalyzerAsync("""
        using System;

        var models = new Uri({|#0:"https://deploy:Xq7-mP2v!rT9@models.contoso.com/registry/churn.onnx"|});
        """,
        Expect(0, "password in the URL", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_UrlPassedThroughBaseConstructor_NamesTheType() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        class ScoringUri : Uri
        {
            public ScoringUri() : base({|#0:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}"|}) { }
        }
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_AccountKeyInConnectionString() => Verify.VerifyAnalyzerAsync($$"""
        using System.Data.Common;

        var builder = new DbConnectionStringBuilder
        {
            ConnectionString = {|#0:"DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey={{AccountKey}};EndpointSuffix=core.windows.net"|},
        };
        """,
        Expect(0, "connection-string key 'AccountKey'", "'DbConnectionStringBuilder.ConnectionString'"));

    [Fact]
    public Task Flags_ConnectionStringsThatHoldAnEndpointUrl() => Verify.VerifyAnalyzerAsync($$"""
        using System.Data.Common;

        var serviceBus = new DbConnectionStringBuilder
        {
            ConnectionString = {|#0:"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={{AccountKey}}"|},
        };
        var aspireOpenAI = new DbConnectionStringBuilder
        {
            ConnectionString = {|#1:"Endpoint=https://contoso.openai.azure.com/;Key={{Hex}}"|},
        };
        var blob = new DbConnectionStringBuilder
        {
            ConnectionString = {|#2:"BlobEndpoint=https://contosoml.blob.core.windows.net/;AccountName=contosoml;AccountKey={{AccountKey}}"|},
        };
        """,
        Expect(0, "connection-string key 'SharedAccessKey'", "'DbConnectionStringBuilder.ConnectionString'"),
        Expect(1, "connection-string key 'Key'", "'DbConnectionStringBuilder.ConnectionString'"),
        Expect(2, "connection-string key 'AccountKey'", "'DbConnectionStringBuilder.ConnectionString'"));

    [Fact]
    public Task Flags_ConstUrlDeclaredElsewhereAtItsDeclaration() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        var client = new Uri(Endpoints.Scoring);

        static class Endpoints
        {
            public const string Scoring = {|#0:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}"|};
        }
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_SecretInTheConstantPartOfAnInterpolation() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        class Scoring
        {
            Uri Build(string host) => new($"https://{host}{|#0:/api/score?code={{FunctionKey}}|}");
        }
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_SecretAfterAHoleWithFormatOrAlignment() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Scorer
        {
            Task<string> Score(HttpClient http, string baseUrl, DateTime day) =>
                http.GetStringAsync($"{baseUrl}/api/score?day={day:yyyyMMdd}{|#0:&code={{FunctionKey}}|}");

            Uri Batch(string host, int id) => new($"https://{host}/api/batch/{id,8}{|#1:?code={{FunctionKey}}|}");
        }
        """,
        Expect(0, "query parameter 'code'", "the 'requestUri' argument of 'GetStringAsync'"),
        Expect(1, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_UrlThatStartsWithARunTimePart() => Verify.VerifyAnalyzerAsync($$"""
        using System;

        class Scoring
        {
            Uri Build(string baseUrl) => new($"{baseUrl}{|#0:/api/score?code={{FunctionKey}}|}");
        }
        """,
        Expect(0, "query parameter 'code'", "the 'uriString' argument of 'Uri'"));

    [Fact]
    public Task Flags_ProviderKeyInsideAUrlAnywhere() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;

        var endpoints = new Dictionary<string, string>
        {
            ["proxy"] = {|#0:"https://llm-proxy.contoso.com/v1/chat?key={{TestKeys.OpenAI}}"|},
        };
        """,
        Expect(0, "query parameter 'key'", "a string literal"));

    [Theory]
    [InlineData("https://contoso-ml.azurewebsites.net/api/score?code={code}")]
    [InlineData("https://contoso-ml.azurewebsites.net/api/score?code=")]
    [InlineData("https://contoso-ml.azurewebsites.net/api/score?code=<your-function-key>")]
    [InlineData("https://contoso-ml.azurewebsites.net/api/score?key=value")]
    [InlineData("https://contoso-ml.azurewebsites.net/api/items?token=next-page")]
    [InlineData("https://user:password@models.contoso.com/churn.onnx")]
    [InlineData("https://models.contoso.com/churn.onnx?version=20240101")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey=<account-key>;EndpointSuffix=core.windows.net")]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/;Key=<your-key>")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/;Key={key}")]
    [InlineData("BlobEndpoint=https://contosoml.blob.core.windows.net/;AccountName=contosoml;AccountKey={key}")]
    [InlineData("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/")]
    [InlineData("Endpoint=https://contoso.openai.azure.com/;Deployment=gpt-4o-mini-2024-07-18")]
    public Task NoDiagnostic_PlaceholdersAndHarmlessParameters(string value) => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Data.Common;

        var uri = new Uri("{{value}}", UriKind.RelativeOrAbsolute);
        var builder = new DbConnectionStringBuilder { ConnectionString = "{{value}}" };
        """);

    // Azure SignalR, Web PubSub and Communication Services carry their key as AccessKey, App Configuration as Secret (probe 00x).
    [Fact]
    public Task Flags_MLSEC003_AccessKeyAndSecretInConnectionStrings() => Verify.VerifyAnalyzerAsync($$"""
        public sealed class Hub { public Hub(string connectionString) { } }
        public static class Services
        {
            public static readonly Hub SignalR = new({|#0:"Endpoint=https://contoso.service.signalr.net;AccessKey={{AccountKey}};Version=1.0;"|});
            public static readonly Hub Communication = new({|#1:"endpoint=https://contoso.communication.azure.com/;accesskey={{AccountKey}}"|});
            public static readonly Hub AppConfiguration = new({|#2:"Endpoint=https://contoso.azconfig.io;Id=Ab1c-l0-s0:Xy9zAbCd;Secret={{AccountKey}}"|});
            public static readonly Hub Placeholder = new("Endpoint=https://contoso.service.signalr.net;AccessKey=<access-key>;Version=1.0;");
        }
        """,
        Expect(0, "connection-string key 'AccessKey'", "the 'connectionString' argument of 'Hub'"),
        Expect(1, "connection-string key 'accesskey'", "the 'connectionString' argument of 'Hub'"),
        Expect(2, "connection-string key 'Secret'", "the 'connectionString' argument of 'Hub'"));

    // The query parameters key, code and token also name cache entries, lookups and pages: a value made of words,
    // each perhaps followed by digits, is a name (probe 00x). A key, a counting fill aside, mixes them.
    [Fact]
    public Task NoDiagnostic_MLSEC003_QueryValuesMadeOfWords() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Lookups
        {
            async Task Run(HttpClient http)
            {
                await http.GetAsync("/api/cache?key=user_profile_settings");
                await http.GetAsync("/api/reference?code=country_code_list");
                await http.GetAsync("https://contoso.com/items?token=next_page_cursor_value");
                await http.GetAsync("https://contoso.com/search?key=model-deployment-name");
                await http.GetAsync("https://contoso.com/lookup?key=ConfigurationSection.Name");
                await http.GetAsync("https://contoso.com/flags?key=featureFlags.chatAssistant_v2");
                await http.GetAsync("https://contoso.com/flags?key=CHAT_ASSISTANT_ROLLOUT_2024");
            }
        }
        """);

    [Fact]
    public Task Flags_MLSEC003_QueryKeysThatMixCasesAndDigits() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Keys
        {
            Uri A = new({|#0:"https://contoso.com/api?key=xK9mQ2vLp7RtZ4wN8bYc"|});
            Uri B = new({|#1:"https://contoso.com/api?code=QWeRTyUiOP_AsDFGhJkLZXcVbNm"|});
            Uri C = new({|#2:"https://contoso.com/api?token=q7f3e9a1c5b2d8e4f6a0b3c7d9e1f2a4"|});
        }
        """,
        Expect(0, "query parameter 'key'", "the 'uriString' argument of 'Uri'"),
        Expect(1, "query parameter 'code'", "the 'uriString' argument of 'Uri'"),
        Expect(2, "query parameter 'token'", "the 'uriString' argument of 'Uri'"));

    // Microsoft's published emulator keys (Cosmos DB emulator, Azurite's devstoreaccount1) are not secrets (probe S10).
    [Fact]
    public Task NoDiagnostic_PublishedEmulatorKeysInConnectionStrings() => Verify.VerifyAnalyzerAsync($$"""
        using System.Data.Common;

        public sealed class VectorStoreFactory { public VectorStoreFactory(string connectionString) { } }
        public static class LocalDev
        {
            public static readonly VectorStoreFactory Cosmos = new(connectionString: "AccountEndpoint=https://localhost:8081/;AccountKey={{SecretHeuristicsTests.CosmosEmulatorKey}};");
            public static readonly VectorStoreFactory Blobs = new("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={{SecretHeuristicsTests.AzuriteKey}};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");
            public static readonly VectorStoreFactory Shortcut = new("UseDevelopmentStorage=true");
            public static readonly DbConnectionStringBuilder Builder = new() { ConnectionString = "AccountEndpoint=https://localhost:8081/;AccountKey={{SecretHeuristicsTests.CosmosEmulatorKey}}" };
        }
        """);

    // Exact values only: a real key is a secret whatever the endpoint (a localhost endpoint may be a tunnel).
    [Fact]
    public Task Flags_RealKeyWithALocalhostEndpoint() => Verify.VerifyAnalyzerAsync($$"""
        public sealed class VectorStoreFactory { public VectorStoreFactory(string connectionString) { } }
        public static class LocalDev
        {
            public static readonly VectorStoreFactory Cosmos = new(connectionString: {|#0:"AccountEndpoint=https://localhost:8081/;AccountKey={{AccountKey}};"|});
            public static readonly VectorStoreFactory Blobs = new({|#1:"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={{AccountKey}};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"|});
        }
        """,
        Expect(0, "connection-string key 'AccountKey'", "the 'connectionString' argument of 'VectorStoreFactory'"),
        Expect(1, "connection-string key 'AccountKey'", "the 'connectionString' argument of 'VectorStoreFactory'"));

    // A provider key with a test word in its random part, next to a separator on one side, is still a key.
    [Fact]
    public Task Flags_ProviderKeyWithATestWordInAUrl()
    {
        var key = "sk-" + "proj-" + "test" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24, seed: 53)
            + "T3Blbk" + "FJ" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24, seed: 54);
        return Verify.VerifyAnalyzerAsync($$"""
            using System;

            var proxy = new Uri({|#0:"https://llm-proxy.contoso.com/v1/chat?key={{key}}"|});
            """,
            Expect(0, "query parameter 'key'", "the 'uriString' argument of 'Uri'"));
    }

    [Fact]
    public Task NoDiagnostic_SecretPartReadAtRunTime() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Scorer
        {
            Task<string> Score(HttpClient http) =>
                http.GetStringAsync("https://contoso-ml.azurewebsites.net/api/score?code=" + Environment.GetEnvironmentVariable("FUNCTION_KEY"));

            Uri Sas(string sig) => new($"https://contosoml.blob.core.windows.net/models/churn.zip?sv=2022-11-02&sig={sig}");

            Uri Daily(DateTime day, string code) => new($"https://contoso-ml.azurewebsites.net/api/score?day={day:yyyyMMdd}&code={code,-60}");
        }
        """);

    [Fact]
    public Task NoDiagnostic_UrlThatReachesNoSink() => Verify.VerifyAnalyzerAsync($$"""
        class Docs
        {
            public const string Example = "https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}";
        }
        """);
}
