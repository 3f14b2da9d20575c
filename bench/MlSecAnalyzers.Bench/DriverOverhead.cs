using System.Collections.Generic;
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

    /// <summary>
    /// `--pair ... noop`: one no-op analyzer per MlSecAnalyzers analyzer, each registering the callbacks that analyzer
    /// registers on the ML corpus (same kinds, same scopes, same generated-code flags) and doing nothing in them. Beside
    /// NetAnalyzers, what these add is what the driver charges for the package's registrations alone.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> PackageShapes { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new SemanticModelNoOp(),                                       // MLSEC001/003
        new OperationNoOp(OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment, analyzeGenerated: true), // MLSEC002
        new BlockStartNoOp(),                                          // MLSEC020-022
        new OperationNoOp(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, analyzeGenerated: false), // MLSEC023
        new OperationNoOp(OperationKind.Invocation, analyzeGenerated: false), // MLSEC030
        new OperationNoOp(OperationKind.ObjectCreation, OperationKind.Invocation, analyzeGenerated: false), // MLSEC031
        new EndpointNoOp(),                                            // MLSEC010
        new EndpointNoOp());                                           // MLSEC011/012

    /// <summary>
    /// `--pair ... shape Name`: registration shapes a rule family could move to, by name, to weigh one against the shape
    /// it has before rewriting it.
    /// </summary>
    public static ImmutableDictionary<string, DiagnosticAnalyzer> CandidateShapes { get; } = ImmutableDictionary.CreateRange(
        new[]
        {
            new KeyValuePair<string, DiagnosticAnalyzer>("SemanticModel", new SemanticModelNoOp()),
            new KeyValuePair<string, DiagnosticAnalyzer>("SymbolStart", new CredentialNoOp()),
        });

    /// <summary>MLSEC001/003's shape until the fifteenth session: one syntax action per file, a symbol start per type with its sinks and a symbol end.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class CredentialNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.CompilationUnit);
                start.RegisterSymbolStartAction(symbolStart =>
                {
                    symbolStart.RegisterOperationAction(static _ => { }, OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
                    symbolStart.RegisterSymbolEndAction(static _ => { });
                }, SymbolKind.NamedType);
            });
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class SemanticModelNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start => start.RegisterSemanticModelAction(static _ => { }));
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class OperationNoOp : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<OperationKind> _kinds;
        private readonly bool _analyzeGenerated;

        public OperationNoOp(OperationKind kind, bool analyzeGenerated) : this(ImmutableArray.Create(kind), analyzeGenerated) { }

        public OperationNoOp(OperationKind first, OperationKind second, bool analyzeGenerated) : this(ImmutableArray.Create(first, second), analyzeGenerated) { }

        public OperationNoOp(OperationKind first, OperationKind second, OperationKind third, bool analyzeGenerated) : this(ImmutableArray.Create(first, second, third), analyzeGenerated) { }

        private OperationNoOp(ImmutableArray<OperationKind> kinds, bool analyzeGenerated)
        {
            _kinds = kinds;
            _analyzeGenerated = analyzeGenerated;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(_analyzeGenerated ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics : GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start => start.RegisterOperationAction(static _ => { }, _kinds));
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BlockStartNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start => start.RegisterOperationBlockStartAction(blockStart =>
            {
                blockStart.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
                blockStart.RegisterOperationBlockEndAction(static _ => { });
            }));
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EndpointNoOp : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
                start.RegisterOperationBlockAction(static _ => { });
            });
        }
    }
}
