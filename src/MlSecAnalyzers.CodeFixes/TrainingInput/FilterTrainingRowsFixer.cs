using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using MlSecAnalyzers.TrainingInput;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.TrainingInput;

/// <summary>
/// MLSEC030: trains on <c>mlContext.Data.FilterRowsByMissingValues(data, …)</c> over the row type's float and double
/// columns. It drops malformed rows; it does not detect plausible but poisoned values, and the title says so.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FilterTrainingRowsFixer)), Shared]
public sealed class FilterTrainingRowsFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MLSEC030_UnvalidatedTrainingData.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.GetValueOrDefault(UnvalidatedTrainingDataAnalyzer.Properties.Catalog) is not { } catalog
                || diagnostic.Properties.GetValueOrDefault(UnvalidatedTrainingDataAnalyzer.Properties.Columns) is not { Length: > 0 } columns
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } fit)
            {
                continue;
            }

            var names = columns.Split(',');
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Drop rows with missing values in {string.Join(", ", names)} before training (does not catch poisoned values)",
                    _ =>
                    {
                        var data = arguments[0].Expression;
                        var filtered = InvocationExpression(
                            ParseExpression(catalog + ".FilterRowsByMissingValues"),
                            ArgumentList(SeparatedList(new[] { Argument(data.WithoutTrivia()) }.Concat(
                                names.Select(n => Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(n))))))));
                        var updated = fit.ReplaceNode(data, filtered.WithTriviaFrom(data).WithAdditionalAnnotations(Formatter.Annotation));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(fit, updated)));
                    },
                    EquivalenceKeys.FilterRowsByMissingValues),
                diagnostic);
        }
    }
}
