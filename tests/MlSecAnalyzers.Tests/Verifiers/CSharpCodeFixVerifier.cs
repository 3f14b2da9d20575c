using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>Applies one code fix (chosen by equivalence key) and compares with the expected source; Fix All included.</summary>
internal static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>An expected diagnostic; its related locations (MLSEC001's sink) are checked only where a test adds them with <see cref="DiagnosticResultExtensions.WithRelatedLocation"/>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) =>
        new DiagnosticResult(descriptor).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>
    /// <paramref name="source"/> carries the expected diagnostics as markup; the fix with <paramref name="equivalenceKey"/>
    /// is applied to each, one at a time and through Fix All in document, project and solution, and must give
    /// <paramref name="fixedSource"/>, which must compile without errors.
    /// </summary>
    public static async Task VerifyCodeFixAsync(string source, string fixedSource, string equivalenceKey, ReferenceAssemblies? references = null)
    {
        var test = CreateTest(references);
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = equivalenceKey;
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Asserts that the diagnostics in <paramref name="source"/> are reported and that no fix is offered for them.</summary>
    public static async Task VerifyNoCodeFixAsync(string source, ReferenceAssemblies? references = null)
    {
        var test = CreateTest(references);
        test.TestCode = source;
        test.FixedCode = source;
        await test.RunAsync(CancellationToken.None);
    }

    public static Test CreateTest(ReferenceAssemblies? references = null) => new()
    {
        ReferenceAssemblies = references ?? MlReferences.WithAspNetCore,
    };

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {

            CompilerDiagnostics = CompilerDiagnostics.Errors;
        }

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            TestState.OutputKind ??= SnippetOutputKind.For(TestState.Sources);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
