using System.Threading.Tasks;
using MlSecAnalyzers.CodeFixes;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer,
    MlSecAnalyzers.CodeFixes.Secrets.MoveSecretToConfigurationFixer>;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>The fix keeps the URL's non-secret text in code, so the URL is the same at run time.</summary>
public sealed class MLSEC003CredentialInUrlCodeFixTests
{
    private static readonly string FunctionKey = TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 54, seed: 61) + "==";
    private static readonly string AccountKey = TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 86, seed: 62) + "==";

    [Fact]
    public Task Fix_KeepsTheUrlAroundTheSecret() => Verify.VerifyCodeFixAsync($$"""
        using System;

        var scoring = new Uri({|MLSEC003:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}&model=churn"|});
        """, """
        using System;

        var scoring = new Uri("https://contoso-ml.azurewebsites.net/api/score?code=" + (Environment.GetEnvironmentVariable("FUNCTION_KEY") ?? throw new InvalidOperationException("Set the FUNCTION_KEY environment variable.")) + "&model=churn");
        """,
        EquivalenceKeys.ReadFromEnvironment);

    [Fact]
    public Task Fix_ConnectionStringFromConfigurationAndFixAll() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.Data.Common;
        using Microsoft.Extensions.Configuration;

        class Storage
        {
            DbConnectionStringBuilder Models(IConfiguration configuration) => new()
            {
                ConnectionString = {|MLSEC003:"DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey={{AccountKey}};EndpointSuffix=core.windows.net"|},
            };

            Uri Scoring(IConfiguration configuration) => new({|MLSEC003:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}"|});
        }
        """, """
        using System;
        using System.Data.Common;
        using Microsoft.Extensions.Configuration;

        class Storage
        {
            DbConnectionStringBuilder Models(IConfiguration configuration) => new()
            {
                ConnectionString = "DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey=" + (configuration["Storage:AccountKey"] ?? throw new InvalidOperationException("Configuration value 'Storage:AccountKey' is not set.")) + ";EndpointSuffix=core.windows.net",
            };

            Uri Scoring(IConfiguration configuration) => new("https://contoso-ml.azurewebsites.net/api/score?code=" + (configuration["Secrets:FunctionKey"] ?? throw new InvalidOperationException("Configuration value 'Secrets:FunctionKey' is not set.")));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task FixAll_ReadsPrimaryConstructorParameterInInitializers() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.Data.Common;
        using Microsoft.Extensions.Configuration;

        class Storage(IConfiguration configuration)
        {
            private readonly DbConnectionStringBuilder _models = new()
            {
                ConnectionString = {|MLSEC003:"DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey={{AccountKey}};EndpointSuffix=core.windows.net"|},
            };

            public Uri Scoring { get; } = new({|MLSEC003:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}"|});
        }
        """, """
        using System;
        using System.Data.Common;
        using Microsoft.Extensions.Configuration;

        class Storage(IConfiguration configuration)
        {
            private readonly DbConnectionStringBuilder _models = new()
            {
                ConnectionString = "DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey=" + (configuration["Storage:AccountKey"] ?? throw new InvalidOperationException("Configuration value 'Storage:AccountKey' is not set.")) + ";EndpointSuffix=core.windows.net",
            };

            public Uri Scoring { get; } = new("https://contoso-ml.azurewebsites.net/api/score?code=" + (configuration["Secrets:FunctionKey"] ?? throw new InvalidOperationException("Configuration value 'Secrets:FunctionKey' is not set.")));
        }
        """,
        EquivalenceKeys.ReadFromConfiguration);

    [Fact]
    public Task Fix_ConstUrlBecomesStaticReadonly() => Verify.VerifyCodeFixAsync($$"""
        using System;

        class Endpoints
        {
            private const string Scoring = {|MLSEC003:"https://contoso-ml.azurewebsites.net/api/score?code={{FunctionKey}}"|};

            Uri Create() => new(Scoring);
        }
        """, """
        using System;

        class Endpoints
        {
            private static readonly string Scoring = "https://contoso-ml.azurewebsites.net/api/score?code=" + (Environment.GetEnvironmentVariable("FUNCTION_KEY") ?? throw new InvalidOperationException("Set the FUNCTION_KEY environment variable."));

            Uri Create() => new(Scoring);
        }
        """,
        EquivalenceKeys.ReadFromEnvironment);

    // A named attribute argument must be a constant: no fix for a connection string passed as one, nor for a const
    // that one reads (it cannot become static readonly), even when code reads it too.
    [Fact]
    public Task NoFix_ConnectionStringNamedAttributeArgument() => Verify.VerifyNoCodeFixAsync($$"""
        using System;
        using System.Data.Common;

        [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
        class ModelClientAttribute : Attribute { public string ConnectionString { get; set; } }

        [ModelClient(ConnectionString = {|MLSEC003:"DefaultEndpointsProtocol=https;AccountName=contosoml;AccountKey={{AccountKey}}"|})]
        [ModelClient(ConnectionString = Connections.Chat)]
        class Connections
        {
            public const string Chat = {|MLSEC003:"Endpoint=https://contoso.openai.azure.com/;Key={{TestKeys.AzureHex}}"|};

            DbConnectionStringBuilder Create() => new() { ConnectionString = Chat };
        }
        """);

    [Fact]
    public Task NoFix_SecretInInterpolatedText() => Verify.VerifyNoCodeFixAsync($$"""
        using System;

        class Scoring
        {
            Uri Build(string host) => new($"https://{host}{|MLSEC003:/api/score?code={{FunctionKey}}|}");
        }
        """);
}
