using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Bench;

/// <summary>
/// `--driver-overhead`: two no-op analyzers with the same callbacks (string literals; object creations, invocations and
/// assignments), one registering them at compilation level, one inside a named-type symbol-start action with a symbol-end
/// action, the shape MLSEC001/003 use. The difference is what the driver charges for the symbol-start shape alone.
/// </summary>
internal static class DriverOverhead
{
    private static readonly DiagnosticDescriptor Rule =
        new("BENCH1", "noop", "noop", "bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static ImmutableArray<DiagnosticAnalyzer> CompilationLevel { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new CompilationLevelNoOp());

    public static ImmutableArray<DiagnosticAnalyzer> SymbolStart { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new SymbolStartNoOp());

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class CompilationLevelNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.StringLiteralExpression, SyntaxKind.InterpolatedStringText);
                start.RegisterOperationAction(static _ => { }, OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
            });
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class SymbolStartNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSymbolStartAction(symbolStart =>
                {
                    symbolStart.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.StringLiteralExpression, SyntaxKind.InterpolatedStringText);
                    symbolStart.RegisterOperationAction(static _ => { }, OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
                    symbolStart.RegisterSymbolEndAction(static _ => { });
                }, SymbolKind.NamedType);
            });
        }
    }
}
