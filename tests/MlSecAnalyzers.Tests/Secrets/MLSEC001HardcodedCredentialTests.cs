using System.Threading.Tasks;
using MlSecAnalyzers.Secrets;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer>;

namespace MlSecAnalyzers.Tests.Secrets;

public sealed class MLSEC001HardcodedCredentialTests
{
    private const string AzureKey = "3f8a9c2e71d44b0a9e6f1c5d8b2a7e40";

    [Fact]
    public Task Flags_LiteralPassedToApiKeyCredential() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential({|#0:"{{AzureKey}}"|}));
        """,
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(0)
            .WithArguments("OpenAI", "the 'key' argument of 'ApiKeyCredential'"));

    [Fact]
    public Task Flags_ConstFieldInOtherType() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;

        var client = new OpenAIClient(new ApiKeyCredential(Secrets.Key));

        static class Secrets
        {
            public const string Key = {|#0:"{{AzureKey}}"|};
        }
        """,
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(0)
            .WithArguments("OpenAI", "the 'key' argument of 'ApiKeyCredential'"));
}
