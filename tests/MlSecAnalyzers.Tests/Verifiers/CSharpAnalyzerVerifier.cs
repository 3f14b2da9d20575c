using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>Runs one analyzer over test sources compiled against the real ML/AI libraries (see <see cref="MlReferences"/>).</summary>
internal static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>An expected diagnostic; its related locations (MLSEC001's sink) are checked only where a test adds them with <see cref="DiagnosticResultExtensions.WithRelatedLocation"/>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) =>
        new DiagnosticResult(descriptor).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, MlReferences.WithAspNetCore, expected);

    public static async Task VerifyAnalyzerAsync(string source, ReferenceAssemblies references, params DiagnosticResult[] expected)
    {
        var test = CreateTest(references);
        test.TestCode = source;
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static Test CreateTest(ReferenceAssemblies? references = null) => new()
    {
        ReferenceAssemblies = references ?? MlReferences.WithAspNetCore,
    };

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {

            // The compiler's own warnings (unused locals in snippets) are not what these tests are about.
            CompilerDiagnostics = CompilerDiagnostics.Errors;
        }

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            TestState.OutputKind ??= SnippetOutputKind.For(TestState.Sources);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
