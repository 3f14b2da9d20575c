using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.CodeFixes;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer,
    MlSecAnalyzers.CodeFixes.Secrets.MoveSecretToConfigurationFixer>;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>Every case also runs Fix All in document, project and solution scope, and the fixed code must compile.</summary>
public sealed class MLSEC001HardcodedCredentialCodeFixTests
{
    private static readonly string Hex = TestKeys.AzureHex;
    private static readonly string Hex2 = TestKeys.Random("0123456789abcdef", 32, seed: 41);

    /// <summary>
    /// Like <c>VerifyCodeFixAsync</c>, for a file where some diagnostics keep no fix: their markup stays in
    /// <paramref name="fixedSource"/> (the library ignores a fixable ID's markup in a changed fixed state by default).
    /// </summary>
    private static Task VerifyPartialFixAsync(string source, string fixedSource, string equivalenceKey)
    {
        var test = Verify.CreateTest();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ReplacesLiteralWithEnvironmentRead() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential({|MLSEC001:"{{Hex}}"|}));
        """, """
        using System;
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.")));
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A primary constructor's base-type arguments: the simplifier threw on a replacement there (Roslyn 4.8).
    [Fact]
    public Task Fix_InPrimaryConstructorBaseArguments() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;

        class Holder(ApiKeyCredential key) { public ApiKeyCredential Key { get; } = key; }

        class Derived(string name) : Holder(new ApiKeyCredential({|MLSEC001:"{{Hex}}"|})) { public string Name { get; } = name; }
        """, """
        using System;
        using System.ClientModel;

        class Holder(ApiKeyCredential key) { public ApiKeyCredential Key { get; } = key; }

        class Derived(string name) : Holder(new ApiKeyCredential(Environment.GetEnvironmentVariable("MODEL_API_KEY") ?? throw new InvalidOperationException("Set the MODEL_API_KEY environment variable."))) { public string Name { get; } = name; }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A member named Environment takes the name there, so the type stays qualified.
    [Fact]
    public Task Fix_InPrimaryConstructorBaseArguments_MemberNamedEnvironment() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;

        class Holder(ApiKeyCredential key) { public ApiKeyCredential Key { get; } = key; }

        class Derived() : Holder(new ApiKeyCredential({|MLSEC001:"{{Hex}}"|})) { public static string Environment => "prod"; }
        """, """
        using System;
        using System.ClientModel;

        class Holder(ApiKeyCredential key) { public ApiKeyCredential Key { get; } = key; }

        class Derived() : Holder(new ApiKeyCredential(global::System.Environment.GetEnvironmentVariable("MODEL_API_KEY") ?? throw new InvalidOperationException("Set the MODEL_API_KEY environment variable."))) { public static string Environment => "prod"; }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // Without `using System;` the names stay qualified; the text around the key stays in code.
    [Fact]
    public Task Fix_InPrimaryConstructorBaseArguments_WithoutUsingAndWithPrefix() => Verify.VerifyCodeFixAsync($$"""
        class Holder(string header) { public string Header { get; } = header; }

        class Derived() : Holder({|MLSEC001:"Bearer {{TestKeys.OpenAI}}"|});
        """, """
        class Holder(string header) { public string Header { get; } = header; }

        class Derived() : Holder("Bearer " + (global::System.Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new global::System.InvalidOperationException("Set the OPENAI_API_KEY environment variable.")));
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_QualifiesSystemTypesWithoutUsing() => Verify.VerifyCodeFixAsync($$"""
        using Azure.AI.OpenAI;

        class Factory
        {
            AzureOpenAIClient Create() => new(new System.Uri("https://contoso.openai.azure.com/"), new System.ClientModel.ApiKeyCredential({|MLSEC001:"{{Hex}}"|}));
        }
        """, """
        using Azure.AI.OpenAI;

        class Factory
        {
            AzureOpenAIClient Create() => new(new System.Uri("https://contoso.openai.azure.com/"), new System.ClientModel.ApiKeyCredential(System.Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY") ?? throw new System.InvalidOperationException("Set the AZURE_OPENAI_API_KEY environment variable.")));
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_TurnsConstFieldIntoStaticReadonly() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using OpenAI.Chat;

        class Chat
        {
            private const string Key = {|MLSEC001:"{{Hex}}"|};

            ChatClient Create() => new("gpt-4o", Key);
        }
        """, """
        using System;
        using OpenAI.Chat;

        class Chat
        {
            private static readonly string Key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.");

            ChatClient Create() => new("gpt-4o", Key);
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_TurnsConstLocalIntoLocal() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using OpenAI.Chat;

        class Chat
        {
            ChatClient Create()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                return new ChatClient("gpt-4o", key);
            }
        }
        """, """
        using System;
        using OpenAI.Chat;

        class Chat
        {
            ChatClient Create()
            {
                string key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.");
                return new ChatClient("gpt-4o", key);
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A fallback assigned after a configuration read (probe fn001): the assignment's literal is replaced.
    [Fact]
    public Task Fix_MLSEC001_ReplacesFallbackAssignedAfterConfigurationRead() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using Azure;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration config)
        {
            AzureKeyCredential Create()
            {
                var key = config["AzureOpenAI:Key"];
                if (string.IsNullOrEmpty(key))
                    key = {|MLSEC001:"{{Hex}}"|};
                return new AzureKeyCredential(key);
            }
        }
        """, """
        using System;
        using Azure;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration config)
        {
            AzureKeyCredential Create()
            {
                var key = config["AzureOpenAI:Key"];
                if (string.IsNullOrEmpty(key))
                    key = Environment.GetEnvironmentVariable("KEY") ?? throw new InvalidOperationException("Set the KEY environment variable.");
                return new AzureKeyCredential(key);
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A method returning the key (probe fn001): its literal is replaced, in an expression body and in a return.
    [Fact]
    public Task Fix_MLSEC001_ReplacesLiteralReturnedByAMethod() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using Azure;

        class Factory
        {
            static string GetAzureKey() => {|MLSEC001:"{{Hex}}"|};

            static string Backup()
            {
                return {|MLSEC001:"{{Hex2}}"|};
            }

            AzureKeyCredential Create() => new(GetAzureKey());
            AzureKeyCredential CreateBackup() => new(Backup());
        }
        """, """
        using System;
        using Azure;

        class Factory
        {
            static string GetAzureKey() => Environment.GetEnvironmentVariable("AZURE_KEY") ?? throw new InvalidOperationException("Set the AZURE_KEY environment variable.");

            static string Backup()
            {
                return Environment.GetEnvironmentVariable("BACKUP") ?? throw new InvalidOperationException("Set the BACKUP environment variable.");
            }

            AzureKeyCredential Create() => new(GetAzureKey());
            AzureKeyCredential CreateBackup() => new(Backup());
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_KeepsTheAuthSchemeInCode() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.Net.Http;
        using OpenAI;

        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", {|MLSEC001:"Bearer {{TestKeys.GenericSk}}"|});
        """, """
        using System;
        using System.Net.Http;
        using OpenAI;

        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + (Environment.GetEnvironmentVariable("MODEL_API_KEY") ?? throw new InvalidOperationException("Set the MODEL_API_KEY environment variable.")));
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_ReadsFromConfigurationParameter() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            OpenAIClient Create(IConfiguration configuration) => new(new ApiKeyCredential({|MLSEC001:"{{Hex}}"|}));
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            OpenAIClient Create(IConfiguration configuration) => new(new ApiKeyCredential(configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set.")));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task Fix_ReadsFromConfigurationField() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Chat(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            ChatClient Create() => new("gpt-4o", {|MLSEC001:"{{Hex}}"|});
        }
        """, """
        using System;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Chat(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            ChatClient Create() => new("gpt-4o", _configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task Fix_ReadsFromBuilderConfigurationInTopLevelProgram() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.AspNetCore.Builder;
        using OpenAI;

        var builder = WebApplication.CreateBuilder(args);
        var client = new OpenAIClient(new ApiKeyCredential({|MLSEC001:"{{Hex}}"|}));
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.AspNetCore.Builder;
        using OpenAI;

        var builder = WebApplication.CreateBuilder(args);
        var client = new OpenAIClient(new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set.")));
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task FixAll_FixesEveryKeyWithItsProvidersVariable() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using OpenAI;

        class Clients
        {
            private const string OpenAIKey = {|MLSEC001:"{{Hex}}"|};
            private static readonly string AnthropicKey = {|MLSEC001:"{{TestKeys.Anthropic}}"|};

            OpenAIClient A() => new(new ApiKeyCredential(OpenAIKey));

            void B(HttpClient http)
            {
                http.DefaultRequestHeaders.Add("x-api-key", AnthropicKey);
                http.DefaultRequestHeaders.Add("api-key", {|MLSEC001:"{{Hex2}}"|});
            }
        }
        """, """
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using OpenAI;

        class Clients
        {
            private static readonly string OpenAIKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.");
            private static readonly string AnthropicKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") ?? throw new InvalidOperationException("Set the ANTHROPIC_API_KEY environment variable.");

            OpenAIClient A() => new(new ApiKeyCredential(OpenAIKey));

            void B(HttpClient http)
            {
                http.DefaultRequestHeaders.Add("x-api-key", AnthropicKey);
                http.DefaultRequestHeaders.Add("api-key", Environment.GetEnvironmentVariable("MODEL_API_KEY") ?? throw new InvalidOperationException("Set the MODEL_API_KEY environment variable."));
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A parameter's default must stay a constant (probe fn001): reported, no fix offered.
    [Fact]
    public Task NoFix_MLSEC001_ParameterDefault() => Verify.VerifyNoCodeFixAsync($$"""
        using Azure;

        class Factory
        {
            AzureKeyCredential Create(string apiKey = {|MLSEC001:"{{Hex}}"|}) => new(apiKey);
        }
        """);

    [Fact]
    public Task NoFix_ConstUsedInAttribute() => Verify.VerifyNoCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        [Obsolete(Keys.Key)]
        class Keys
        {
            public const string Key = {|MLSEC001:"{{Hex}}"|};

            OpenAIClient Create() => new(new ApiKeyCredential(Key));
        }
        """);

    // A named attribute argument must be a constant too: no fix for a literal passed as one (to an LLM library's
    // ApiKey property; the project is named like a Semantic Kernel connector, as no supported library ships such an
    // attribute), nor for a const that one reads, while the fix of a key used only in code is still offered.
    [Fact]
    public Task NoFix_NamedAttributeArgument()
    {
        var test = Verify.CreateTest();
        test.TestState.AdditionalProjects["Microsoft.SemanticKernel.Connectors.Contoso"].Sources.Add(("/1/Attr.cs", """
            namespace Contoso;
            public sealed class ContosoChatAttribute : System.Attribute { public string ApiKey { get; set; } }
            """));
        test.TestState.AdditionalProjectReferences.Add("Microsoft.SemanticKernel.Connectors.Contoso");
        var source = $$"""
            using System;
            using System.ClientModel;
            using Contoso;

            [ContosoChat(ApiKey = {|MLSEC001:"{{Hex}}"|})]
            [Obsolete("", UrlFormat = Keys.Key)]
            class Keys
            {
                public const string Key = {|MLSEC001:"{{Hex2}}"|};

                ApiKeyCredential Create() => new(Key);
            }
            """;
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(source);
        return test.RunAsync();
    }

    [Fact]
    public Task NoFix_ConstUsedInSwitchCase() => Verify.VerifyNoCodeFixAsync($$"""
        using System.ClientModel;
        using OpenAI;

        class Keys
        {
            private const string Key = {|MLSEC001:"{{Hex}}"|};

            OpenAIClient Create() => new(new ApiKeyCredential(Key));

            bool IsKey(string value) => value switch { Key => true, _ => false };
        }
        """);

    [Fact]
    public Task NoFix_ConstLocalReadByStaticLambdaOrStaticLocalFunction() => Verify.VerifyNoCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                return static _ => new ApiKeyCredential(key);
            }

            ApiKeyCredential Make()
            {
                const string key = {|MLSEC001:"{{Hex2}}"|};
                return Local();

                static ApiKeyCredential Local()
                {
                    Func<ApiKeyCredential> create = () => new ApiKeyCredential(key);
                    return create();
                }
            }
        }
        """);

    [Fact]
    public Task FixAll_ConstLocalReadByLambda_OrDeclaredInsideStaticLambda_BecomesLocal() => VerifyPartialFixAsync($$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                return _ => new ApiKeyCredential(key);
            }

            Func<int, ApiKeyCredential> Inside() => static _ =>
            {
                const string key = {|MLSEC001:"{{Hex2}}"|};
                Func<ApiKeyCredential> create = () => new ApiKeyCredential(key);
                return create();
            };

            Func<int, ApiKeyCredential> Static()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                return static _ => new ApiKeyCredential(key);
            }
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create()
            {
                string key = Environment.GetEnvironmentVariable("KEY") ?? throw new InvalidOperationException("Set the KEY environment variable.");
                return _ => new ApiKeyCredential(key);
            }

            Func<int, ApiKeyCredential> Inside() => static _ =>
            {
                string key = Environment.GetEnvironmentVariable("KEY") ?? throw new InvalidOperationException("Set the KEY environment variable.");
                Func<ApiKeyCredential> create = () => new ApiKeyCredential(key);
                return create();
            };

            Func<int, ApiKeyCredential> Static()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                return static _ => new ApiKeyCredential(key);
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task NoFix_ConstFieldReadByAnEarlierStaticInitializer() => Verify.VerifyNoCodeFixAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        static class Clients
        {
            public static readonly ApiKeyCredential Credential = new(Key);
            private const string Key = {|MLSEC001:"{{Hex}}"|};
        }

        static class Chats
        {
            public static ChatClient Client { get; } = new("gpt-4o", Key);
            private const string Key = {|MLSEC001:"{{Hex2}}"|};
        }

        partial class Gateway
        {
            public static readonly ApiKeyCredential Credential = new(Key);
        }

        partial class Gateway
        {
            private const string Key = {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 42)}}"|};
        }
        """);

    [Fact]
    public Task NoFix_ConstFieldReadByAStaticInitializerInAnotherFile()
    {
        // Parts in different files run their static initializers in an unspecified order.
        var reader = """
            using System.ClientModel;

            partial class Gateway
            {
                private static readonly ApiKeyCredential Credential = new(Key);
            }
            """;
        var holder = $$"""
            partial class Gateway
            {
                private const string Key = {|MLSEC001:"{{Hex}}"|};
            }
            """;
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(holder);
        test.TestState.Sources.Add(reader);
        test.FixedState.Sources.Add(holder);
        test.FixedState.Sources.Add(reader);
        // The diagnostic is reported while the reader's file is analysed, so it is non-local to the holder's file.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_ConstFieldsReadByLaterOrInstanceInitializers_BecomeStaticReadonly() => VerifyPartialFixAsync($$"""
        using System.ClientModel;

        partial class Clients
        {
            private readonly ApiKeyCredential _instance = new(First);
            private const string First = {|MLSEC001:"{{Hex}}"|};
            private const string Second = {|MLSEC001:"{{Hex2}}"|};
            public static readonly ApiKeyCredential Early = new(Third);
            private const string Third = {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 42)}}"|};
        }

        partial class Clients
        {
            public static readonly ApiKeyCredential Shared = new(Second);
        }
        """, $$"""
        using System.ClientModel;

        partial class Clients
        {
            private readonly ApiKeyCredential _instance = new(First);
            private static readonly string First = System.Environment.GetEnvironmentVariable("FIRST") ?? throw new System.InvalidOperationException("Set the FIRST environment variable.");
            private static readonly string Second = System.Environment.GetEnvironmentVariable("SECOND") ?? throw new System.InvalidOperationException("Set the SECOND environment variable.");
            public static readonly ApiKeyCredential Early = new(Third);
            private const string Third = {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 42)}}"|};
        }

        partial class Clients
        {
            public static readonly ApiKeyCredential Shared = new(Second);
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A key stored in an environment variable or in-memory configuration: the fix would read that same variable or
    // key back into the call that sets it. No fix, for a generic key, a provider-format key (which the literal scan
    // alone used to offer the fix for) and in configuration alike.
    [Fact]
    public Task NoFix_MLSEC001_KeyStoredInEnvironmentOrInMemoryConfiguration() => Verify.VerifyNoCodeFixAsync($$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;

        var builder = WebApplication.CreateBuilder(args);
        Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", {|MLSEC001:"{{Hex}}"|});
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", {|MLSEC001:"{{TestKeys.OpenAI}}"|});
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureOpenAI:ApiKey"] = {|MLSEC001:"{{Hex2}}"|},
        });
        """);

    // The pairs built in a local before the call (its initializer, an indexer write, a collection expression) are stored
    // as well: no fix for them either, a provider-format key included.
    [Fact]
    public Task NoFix_MLSEC001_KeyStoredInInMemoryConfigurationThroughALocal() => Verify.VerifyNoCodeFixAsync($$"""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;

        var builder = WebApplication.CreateBuilder(args);
        var settings = new Dictionary<string, string?>
        {
            ["AzureOpenAI:ApiKey"] = {|MLSEC001:"{{Hex}}"|},
            ["OpenAI:ApiKey"] = {|MLSEC001:"{{TestKeys.OpenAI}}"|},
        };
        settings["Gateway:ApiKey"] = {|MLSEC001:"{{Hex2}}"|};
        builder.Configuration.AddInMemoryCollection(settings);
        KeyValuePair<string, string?>[] pairs = [new("Chat:OpenAIApiKey", {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 43)}}"|})];
        builder.Configuration.AddInMemoryCollection(pairs);
        builder.Configuration.AddInMemoryCollection([new("Anthropic:ApiKey", {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 44)}}"|})]);
        """);

    // A const the file both stores in the environment and passes to a client gets no fix whichever sink comes first,
    // while Fix All still fixes the file's other keys.
    [Fact]
    public Task FixAll_MLSEC001_SkipsAKeyAlsoStoredInTheEnvironment() => VerifyPartialFixAsync($$"""
        using System;
        using Azure;

        class Setup
        {
            private const string Stored = {|MLSEC001:"{{Hex}}"|};
            private const string StoredLater = {|MLSEC001:"{{Hex2}}"|};
            private const string Other = {|MLSEC001:"{{TestKeys.Random("0123456789abcdef", 32, seed: 42)}}"|};

            AzureKeyCredential First()
            {
                Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", Stored);
                return new AzureKeyCredential(Stored);
            }

            AzureKeyCredential Second() => new(StoredLater);

            void Third() => Environment.SetEnvironmentVariable("GATEWAY_API_KEY", StoredLater);

            AzureKeyCredential Fourth() => new(Other);
        }
        """, $$"""
        using System;
        using Azure;

        class Setup
        {
            private const string Stored = {|MLSEC001:"{{Hex}}"|};
            private const string StoredLater = {|MLSEC001:"{{Hex2}}"|};
            private static readonly string Other = Environment.GetEnvironmentVariable("OTHER") ?? throw new InvalidOperationException("Set the OTHER environment variable.");

            AzureKeyCredential First()
            {
                Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", Stored);
                return new AzureKeyCredential(Stored);
            }

            AzureKeyCredential Second() => new(StoredLater);

            void Third() => Environment.SetEnvironmentVariable("GATEWAY_API_KEY", StoredLater);

            AzureKeyCredential Fourth() => new(Other);
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task NoFix_KeyInsideALongerLiteral() => Verify.VerifyNoCodeFixAsync($$"""
        var json = {|MLSEC001:"{\"openai\": \"{{TestKeys.OpenAI}}\"}"|};
        """);

    /// <summary>The fix writes a string expression, and a "…"u8 literal is a ReadOnlySpan&lt;byte&gt;: reported, not fixed.</summary>
    [Fact]
    public Task NoFix_KeyInUtf8Literal() => Verify.VerifyNoCodeFixAsync($$"""
        using System;

        class Keys
        {
            static ReadOnlySpan<byte> OpenAIKey => {|MLSEC001:"{{TestKeys.OpenAI}}"u8|};
        }
        """);

    [Fact]
    public Task NoConfigurationFix_InFieldInitializer() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private static readonly ApiKeyCredential Credential = new({|MLSEC001:"{{Hex}}"|});
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private static readonly ApiKeyCredential Credential = new({|MLSEC001:"{{Hex}}"|});
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>
    /// A primary-constructor parameter is in scope in the instance field and property initializers of its type, as in
    /// docs/rules/MLSEC001.md's compliant example.
    /// </summary>
    [Fact]
    public Task Fix_ReadsPrimaryConstructorParameterInFieldInitializer() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        public sealed class AssistantService(IConfiguration configuration)
        {
            private readonly ChatClient _chat = new("gpt-4o-mini", {|MLSEC001:"{{TestKeys.OpenAI}}"|});
        }
        """, """
        using System;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        public sealed class AssistantService(IConfiguration configuration)
        {
            private readonly ChatClient _chat = new("gpt-4o-mini", configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task FixAll_PrimaryConstructorParameterInFieldAndPropertyInitializersAndTheirLambdas() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Clients(IConfiguration configuration)
        {
            private readonly ChatClient _chat = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});

            public ApiKeyCredential Credential { get; } = new({|MLSEC001:"{{Hex2}}"|});

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Clients(IConfiguration configuration)
        {
            private readonly ChatClient _chat = new("gpt-4o", configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));

            public ApiKeyCredential Credential { get; } = new(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            };
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>
    /// An instance initializer can read a static field or property too; where the primary constructor takes an
    /// <c>IConfiguration</c>, that is the one the initializer reads, as the constructor's own parameter.
    /// </summary>
    [Fact]
    public Task FixAll_InstanceInitializerReadsThePrimaryConstructorParameterBeforeAStaticField() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Defaults
        {
            protected static IConfiguration Shared { get; } = new ConfigurationBuilder().Build();

            private readonly ChatClient _chat = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});
        }

        class Tenant(IConfiguration configuration) : Defaults
        {
            private readonly ChatClient _chat = new("gpt-4o", {|MLSEC001:"{{Hex2}}"|});
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Defaults
        {
            protected static IConfiguration Shared { get; } = new ConfigurationBuilder().Build();

            private readonly ChatClient _chat = new("gpt-4o", Shared["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }

        class Tenant(IConfiguration configuration) : Defaults
        {
            private readonly ChatClient _chat = new("gpt-4o", configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>Records and structs too; a struct's initializer lambda included (only its members' lambdas are barred, CS9111).</summary>
    [Fact]
    public Task FixAll_PrimaryConstructorParameterOfRecordAndStruct() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        record Chat(IConfiguration Settings)
        {
            public ChatClient Client { get; } = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});
        }

        record struct Session(IConfiguration Settings)
        {
            public ChatClient Client { get; } = new("gpt-4o", {|MLSEC001:"{{Hex2}}"|});
        }

        struct Lazy(IConfiguration configuration)
        {
            private readonly Func<ApiKeyCredential> _create = () => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        record Chat(IConfiguration Settings)
        {
            public ChatClient Client { get; } = new("gpt-4o", Settings["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }

        record struct Session(IConfiguration Settings)
        {
            public ChatClient Client { get; } = new("gpt-4o", Settings["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));
        }

        struct Lazy(IConfiguration configuration)
        {
            private readonly Func<ApiKeyCredential> _create = () => new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>
    /// Where a primary-constructor parameter cannot be read (CS9105): static initializers and members (a static lambda
    /// included), another constructor's initializer and body, a nested type's members.
    /// </summary>
    [Fact]
    public Task NoConfigurationFix_PrimaryConstructorParameterOutOfReach()
    {
        var source = $$"""
            using System;
            using System.ClientModel;
            using Microsoft.Extensions.Configuration;
            using OpenAI.Chat;

            class Factory(IConfiguration configuration)
            {
                public static ChatClient Shared { get; } = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});

                private readonly Func<ApiKeyCredential> _create = static () => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});

                private readonly ApiKeyCredential? _credential;

                public Factory() : this(new ConfigurationBuilder().Build())
                {
                    _credential = new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
                    Func<ApiKeyCredential> create = () => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});
                }

                public Factory(int tenant) : this(new ConfigurationBuilder().Build()) => _credential = new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

                static ChatClient Create() => new("gpt-4o", {|MLSEC001:"{{Hex2}}"|});

                class Inner
                {
                    private readonly ChatClient _chat = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});

                    ChatClient Create() => new("gpt-4o", {|MLSEC001:"{{Hex2}}"|});
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, EquivalenceKeys.ReadFromConfiguration);
    }

    /// <summary>
    /// A member of the same name hides the parameter in the type's members but not in its initializers, and a
    /// lambda's parameter hides it in the lambda: the read goes only where the name means the parameter.
    /// </summary>
    [Fact]
    public Task FixAll_PrimaryConstructorParameterShadowed_OnlyWhereTheNameIsTheParameter() => VerifyPartialFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Factory(IConfiguration configuration)
        {
            private readonly string configuration = configuration["Name"] ?? "";

            private readonly ChatClient _chat = new("gpt-4o", {|MLSEC001:"{{Hex}}"|});

            private readonly Func<string, ApiKeyCredential> _create = configuration => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});

            ChatClient Create() => new("gpt-4o", {|MLSEC001:"{{Hex}}"|});
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI.Chat;

        class Factory(IConfiguration configuration)
        {
            private readonly string configuration = configuration["Name"] ?? "";

            private readonly ChatClient _chat = new("gpt-4o", configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'OpenAI:ApiKey' is not set."));

            private readonly Func<string, ApiKeyCredential> _create = configuration => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});

            ChatClient Create() => new("gpt-4o", {|MLSEC001:"{{Hex}}"|});
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task NoConfigurationFix_ParameterOutsideStaticLambda() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create(IConfiguration configuration) => static _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create(IConfiguration configuration) => static _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task NoConfigurationFix_TopLevelLocalOutsideStaticLocalFunction() => Verify.VerifyCodeFixAsync($$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        IConfiguration configuration = new ConfigurationBuilder().Build();
        var credential = Make();

        static ApiKeyCredential Make()
        {
            return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """, $$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        IConfiguration configuration = new ConfigurationBuilder().Build();
        var credential = Make();

        static ApiKeyCredential Make()
        {
            return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task FixAll_StaticLambdaFallsBackToStaticConfiguration_OthersReadTheParameter() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            private static IConfiguration Shared = new ConfigurationBuilder().Build();

            Func<int, ApiKeyCredential> Static(IConfiguration configuration) => static _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            Func<int, ApiKeyCredential> Capturing(IConfiguration configuration) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});

            ApiKeyCredential Local(IConfiguration configuration)
            {
                return Make();

                ApiKeyCredential Make() => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            private static IConfiguration Shared = new ConfigurationBuilder().Build();

            Func<int, ApiKeyCredential> Static(IConfiguration configuration) => static _ => new ApiKeyCredential(Shared["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));

            Func<int, ApiKeyCredential> Capturing(IConfiguration configuration) => _ => new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));

            ApiKeyCredential Local(IConfiguration configuration)
            {
                return Make();

                ApiKeyCredential Make() => new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task NoConfigurationFix_InstanceFieldFromNestedLambdaOfStaticMethod() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            static Func<int, Func<int, ApiKeyCredential>> Create() => a => b =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            static Func<int, Func<int, ApiKeyCredential>> Create() => a => b =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>A field or property initializer has no <c>this</c> (CS0027), not even inside a lambda: the field is out of reach.</summary>
    [Fact]
    public Task NoConfigurationFix_InstanceFieldFromBlockLambdaInFieldInitializer() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            private readonly IConfiguration _configuration;

            public Factory(IConfiguration configuration) => _configuration = configuration;

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            private readonly IConfiguration _configuration;

            public Factory(IConfiguration configuration) => _configuration = configuration;

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>The field is out of reach there, but the primary-constructor parameter it copies is not.</summary>
    [Fact]
    public Task Fix_BlockLambdaInFieldInitializerReadsThePrimaryConstructorParameter_NotTheField() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            private readonly Func<ApiKeyCredential> _create = () =>
            {
                return new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            };
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task FixAll_LambdasReadWhatTheyCanReach_InitializerLambdaItsParameter_InstanceMethodTheField() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            private readonly Func<IConfiguration, ApiKeyCredential> _create = settings =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            };

            Func<int, Func<int, ApiKeyCredential>> Create() => a => b =>
            {
                return new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});
            };
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration;

            private readonly Func<IConfiguration, ApiKeyCredential> _create = settings =>
            {
                return new ApiKeyCredential(settings["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            };

            Func<int, Func<int, ApiKeyCredential>> Create() => a => b =>
            {
                return new ApiKeyCredential(_configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            };
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>A lambda or local function cannot read a ref, in or out parameter of its method (CS1628), and an out parameter is unassigned until written (CS0269).</summary>
    [Fact]
    public Task FixAll_RefInAndOutParametersAreNotReadFromLambdasOrBeforeAssignment_TheFieldIs() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration settings)
        {
            private readonly IConfiguration _configuration = settings;

            Func<int, ApiKeyCredential> Lambda(in IConfiguration configuration) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            ApiKeyCredential Local(ref IConfiguration configuration)
            {
                return Make();

                ApiKeyCredential Make() => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});
            }

            ApiKeyCredential Out(out IConfiguration configuration)
            {
                var credential = new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
                configuration = _configuration;
                return credential;
            }

            ApiKeyCredential Direct(in IConfiguration configuration) => new ApiKeyCredential({|MLSEC001:"{{Hex2}}"|});
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory(IConfiguration settings)
        {
            private readonly IConfiguration _configuration = settings;

            Func<int, ApiKeyCredential> Lambda(in IConfiguration configuration) => _ => new ApiKeyCredential(_configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));

            ApiKeyCredential Local(ref IConfiguration configuration)
            {
                return Make();

                ApiKeyCredential Make() => new ApiKeyCredential(_configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            }

            ApiKeyCredential Out(out IConfiguration configuration)
            {
                var credential = new ApiKeyCredential(_configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
                configuration = _configuration;
                return credential;
            }

            ApiKeyCredential Direct(in IConfiguration configuration) => new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task NoConfigurationFix_InParameterRefLocalOrRefStructFromLambdaOrQuery() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create(in IConfiguration configuration) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            Func<int, ApiKeyCredential> Host(Settings settings) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            Func<int, ApiKeyCredential> Pick(IConfiguration[] all)
            {
                ref IConfiguration configuration = ref all[0];
                return _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }

            IEnumerable<ApiKeyCredential> Query(in IConfiguration configuration, int[] tenants) =>
                from tenant in tenants select new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }

        ref struct Settings
        {
            public IConfiguration Configuration => new ConfigurationBuilder().Build();
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Factory
        {
            Func<int, ApiKeyCredential> Create(in IConfiguration configuration) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            Func<int, ApiKeyCredential> Host(Settings settings) => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});

            Func<int, ApiKeyCredential> Pick(IConfiguration[] all)
            {
                ref IConfiguration configuration = ref all[0];
                return _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }

            IEnumerable<ApiKeyCredential> Query(in IConfiguration configuration, int[] tenants) =>
                from tenant in tenants select new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }

        ref struct Settings
        {
            public IConfiguration Configuration => new ConfigurationBuilder().Build();
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>A lambda or local function in a struct cannot use <c>this</c> (CS1673), so not its fields either.</summary>
    [Fact]
    public Task NoConfigurationFix_StructFieldFromLambda() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        struct Factory
        {
            private readonly IConfiguration _configuration;

            public Factory(IConfiguration configuration) => _configuration = configuration;

            Func<int, ApiKeyCredential> Create() => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        struct Factory
        {
            private readonly IConfiguration _configuration;

            public Factory(IConfiguration configuration) => _configuration = configuration;

            Func<int, ApiKeyCredential> Create() => _ => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    /// <summary>
    /// A plain local is assigned only once its declaration runs: a local function reading it may not be called, or
    /// turned into a delegate, before that, directly or through another local function (CS0165).
    /// </summary>
    [Fact]
    public Task NoFix_ConstLocalReadByLocalFunctionUsedBeforeTheDeclaration() => Verify.VerifyNoCodeFixAsync($$"""
        using System;
        using System.ClientModel;

        class Factory
        {
            ApiKeyCredential Direct()
            {
                var credential = Make();
                const string key = {|MLSEC001:"{{Hex}}"|};
                return credential;

                ApiKeyCredential Make() => new ApiKeyCredential(key);
            }

            ApiKeyCredential Through()
            {
                var credential = Outer();
                const string key = {|MLSEC001:"{{Hex2}}"|};
                return credential;

                ApiKeyCredential Outer() => Make();
                ApiKeyCredential Make() => new ApiKeyCredential(key);
            }

            Func<ApiKeyCredential> Delegate()
            {
                Func<ApiKeyCredential> create = Make;
                const string key = {|MLSEC001:"{{Hex}}"|};
                return create;

                ApiKeyCredential Make() => new ApiKeyCredential(key);
            }
        }
        """);

    [Fact]
    public Task NoFix_TopLevelConstReadByLocalFunctionCalledBeforeTheDeclaration_OrAfterALabel() => Verify.VerifyNoCodeFixAsync($$"""
        using System.ClientModel;

        var credential = Make();
        const string key = {|MLSEC001:"{{Hex}}"|};
        if (args.Length == 0)
            goto Use;
        const string other = {|MLSEC001:"{{Hex2}}"|};
        Use:
        var second = new ApiKeyCredential(other);

        ApiKeyCredential Make() => new ApiKeyCredential(key);
        """);

    [Fact]
    public Task FixAll_ConstLocalReadByLocalFunctionUsedAfterTheDeclaration_BecomesLocal() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;

        class Factory
        {
            ApiKeyCredential Make()
            {
                const string key = {|MLSEC001:"{{Hex}}"|};
                Func<ApiKeyCredential> create = Outer;
                return Outer();

                ApiKeyCredential Outer() => Inner();
                ApiKeyCredential Inner() => new ApiKeyCredential(key);
            }
        }
        """, """
        using System;
        using System.ClientModel;

        class Factory
        {
            ApiKeyCredential Make()
            {
                string key = Environment.GetEnvironmentVariable("KEY") ?? throw new InvalidOperationException("Set the KEY environment variable.");
                Func<ApiKeyCredential> create = Outer;
                return Outer();

                ApiKeyCredential Outer() => Inner();
                ApiKeyCredential Inner() => new ApiKeyCredential(key);
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    /// <summary>A switch section's local is in scope in the other sections, but assigned only in its own (CS0165); a goto can jump past the declaration.</summary>
    [Fact]
    public Task NoFix_ConstLocalReadInAnotherSwitchSectionOrAfterALabel() => Verify.VerifyNoCodeFixAsync($$"""
        using System.ClientModel;

        class Factory
        {
            ApiKeyCredential Section(int tier)
            {
                switch (tier)
                {
                    case 1:
                        const string key = {|MLSEC001:"{{Hex}}"|};
                        return new ApiKeyCredential(key);
                    default:
                        return new ApiKeyCredential(key);
                }
            }

            ApiKeyCredential Label(bool skip)
            {
                if (skip)
                    goto Use;
                const string key = {|MLSEC001:"{{Hex2}}"|};
            Use:
                return new ApiKeyCredential(key);
            }
        }
        """);

    [Fact]
    public Task FixAll_KeysOfUnknownProvidersGetVariablesNamedAfterTheirFields() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.Net.Http;

        class Gateways
        {
            private static readonly string GatewayKey = {|MLSEC001:"{{Hex}}"|};
            private const string SearchApiKey = {|MLSEC001:"{{Hex2}}"|};

            void Call(HttpClient gateway, HttpClient search)
            {
                gateway.DefaultRequestHeaders.Add("api-key", GatewayKey);
                search.DefaultRequestHeaders.Add("api-key", SearchApiKey);
            }
        }
        """, """
        using System;
        using System.Net.Http;

        class Gateways
        {
            private static readonly string GatewayKey = Environment.GetEnvironmentVariable("GATEWAY_KEY") ?? throw new InvalidOperationException("Set the GATEWAY_KEY environment variable.");
            private static readonly string SearchApiKey = Environment.GetEnvironmentVariable("SEARCH_API_KEY") ?? throw new InvalidOperationException("Set the SEARCH_API_KEY environment variable.");

            void Call(HttpClient gateway, HttpClient search)
            {
                gateway.DefaultRequestHeaders.Add("api-key", GatewayKey);
                search.DefaultRequestHeaders.Add("api-key", SearchApiKey);
            }
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);
    // CS0165: a local declared before the literal but assigned only after it is not readable there.
    [Fact]
    public Task NoConfigurationFix_LocalAssignedAfterTheLiteral() => Verify.VerifyCodeFixAsync($$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                var credential = new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
                configuration = new ConfigurationBuilder().Build();
                return credential;
            }
        }
        """, $$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                var credential = new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
                configuration = new ConfigurationBuilder().Build();
                return credential;
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    // CS0165: a pattern variable of an if condition is in scope after the if, but assigned only where it matched.
    [Fact]
    public Task NoConfigurationFix_PatternVariableAfterTheIf() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    Console.WriteLine(configuration["Logging:LogLevel"]);
                }

                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """, $$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    Console.WriteLine(configuration["Logging:LogLevel"]);
                }

                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    // The unassigned pattern variable is skipped for the next candidate, the type's field.
    [Fact]
    public Task Fix_PatternVariableAfterTheIf_ReadsTheField() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration settings)
        {
            private readonly IConfiguration _settings = settings;

            ApiKeyCredential Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    Console.WriteLine(configuration["Logging:LogLevel"]);
                }

                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory(IConfiguration settings)
        {
            private readonly IConfiguration _settings = settings;

            ApiKeyCredential Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    Console.WriteLine(configuration["Logging:LogLevel"]);
                }

                return new ApiKeyCredential(_settings["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    // Guard: declared without a value but assigned before the literal, the local is read.
    [Fact]
    public Task Fix_ReadsLocalAssignedBeforeTheLiteral() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                configuration = new ConfigurationBuilder().Build();
                return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                configuration = new ConfigurationBuilder().Build();
                return new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    // Guard: inside the if that matched, the pattern variable is assigned and read.
    [Fact]
    public Task Fix_ReadsPatternVariableWhereItMatched() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential? Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    return new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
                }

                return null;
            }
        }
        """, """
        using System;
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential? Create(IServiceProvider services)
            {
                if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    return new ApiKeyCredential(configuration["Model:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'Model:ApiKey' is not set."));
                }

                return null;
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);
    // CS0165 at the call: a local function called before the local it would read is assigned.
    [Fact]
    public Task NoConfigurationFix_LocalFunctionCalledBeforeTheLocalIsAssigned() => Verify.VerifyCodeFixAsync($$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                var credential = Make();
                configuration = new ConfigurationBuilder().Build();
                return credential;

                ApiKeyCredential Make() => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """, $$"""
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;

        class Factory
        {
            ApiKeyCredential Create()
            {
                IConfiguration configuration;
                var credential = Make();
                configuration = new ConfigurationBuilder().Build();
                return credential;

                ApiKeyCredential Make() => new ApiKeyCredential({|MLSEC001:"{{Hex}}"|});
            }
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);
}
