using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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

    // Document-based and blind to the equivalence key: `dotnet format` takes the key from the first MLSEC030 it meets,
    // which may have no fix (null key), and a batch fixer would then fix nothing.
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static (context, document, diagnostics) => ApplyAsync(document, diagnostics, context.CancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(diagnostic, root, model, context.CancellationToken) is not var (_, names, _))
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Drop rows with missing values in {string.Join(", ", names)} before training (does not catch poisoned values)",
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKeys.FilterRowsByMissingValues),
                diagnostic);
        }
    }

    /// <summary>The catalog expression, the columns, and the data argument of the <c>Fit</c> call; null when there is no fix.</summary>
    private static (string Catalog, string[] Names, ExpressionSyntax Data)? Plan(
        Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.GetValueOrDefault(UnvalidatedTrainingDataAnalyzer.Properties.Catalog) is not { } catalog
            || diagnostic.Properties.GetValueOrDefault(UnvalidatedTrainingDataAnalyzer.Properties.Columns) is not { Length: > 0 } columns
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments })
        {
            return null;
        }

        var data = arguments[0].Expression;
        return InScope(catalog, data, model, cancellationToken) ? (catalog, columns.Split(','), data) : null;
    }

    /// <summary>
    /// The analyzer takes the catalog text from the loader, which can sit in a narrower scope than the Fit (a <c>try</c>
    /// block that declares the <c>MLContext</c> local): the name it starts with must still be in scope at
    /// <paramref name="data"/>, declared before it, definitely assigned there when it is a local or an out parameter
    /// (CS0165, CS0269), and (in <c>ml.Data</c>) still an <c>MLContext</c>.
    /// </summary>
    private static bool InScope(string catalog, ExpressionSyntax data, SemanticModel model, CancellationToken cancellationToken)
    {
        var position = data.SpanStart;
        var expression = ParseExpression(catalog);
        var depth = 0;
        for (; expression is MemberAccessExpressionSyntax memberAccess; depth++)
            expression = memberAccess.Expression;
        if (expression is ThisExpressionSyntax)
            return true;
        if (expression is not IdentifierNameSyntax name)
            return false;

        cancellationToken.ThrowIfCancellationRequested();
        var symbol = model.LookupSymbols(position, name: name.Identifier.ValueText).FirstOrDefault();
        if (symbol is ILocalSymbol or IParameterSymbol { RefKind: RefKind.Out }
            && !(model.AnalyzeDataFlow(data) is { Succeeded: true } flow && flow.DefinitelyAssignedOnEntry.Contains(symbol, SymbolEqualityComparer.Default)))
        {
            return false;
        }

        var type = symbol switch
        {
            ILocalSymbol local when local.DeclaringSyntaxReferences.All(r => r.Span.End <= position) => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            INamedTypeSymbol named when depth > 1 => named,
            _ => null,
        };
        return depth > 1
            ? type is not null
            : type is { Name: "MLContext", ContainingNamespace: { Name: "ML", ContainingNamespace.Name: "Microsoft" } };
    }

    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return null;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var edited = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(diagnostic, root, model, cancellationToken) is not var (catalog, names, data) || !edited.Add(data))
                continue;

            // The lambda form: a Fit nested in another's data argument is rewritten inside the outer rewrite.
            editor.ReplaceNode(data, (current, _) => InvocationExpression(
                    ParseExpression(catalog + ".FilterRowsByMissingValues"),
                    ArgumentList(SeparatedList(new[] { Argument(((ExpressionSyntax)current).WithoutTrivia()) }.Concat(
                        names.Select(n => Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(n))))))))
                .WithTriviaFrom(current)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        return edited.Count == 0 ? null : editor.GetChangedDocument();
    }
}
