using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using MlSecAnalyzers.PersonalData;

namespace MlSecAnalyzers.CodeFixes.PersonalData;

/// <summary>
/// MLSEC021: removes the personal columns from the input list of <c>Concatenate("Features", …)</c>. Offered only when
/// every input is a positional constant and at least one non-personal input remains (an empty concatenation would
/// fail at run time); other transforms and trainers have no mechanical fix, the pipeline has to be rethought.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveFeatureColumnFixer)), Shared]
public sealed class RemoveFeatureColumnFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.MLSEC021_PersonalDataAsFeature.Id);

    // Document-based and blind to the equivalence key: `dotnet format` takes the key from the first diagnostic of the
    // personal-data analyzer it meets (an MLSEC020, or an MLSEC021 without a fix), and a batch fixer would then fix nothing.
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
            if (Plan(diagnostic, root, model, context.CancellationToken) is not var (_, _, columns))
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove " + string.Join(", ", columns.Select(c => "'" + c + "'")) + " from the features",
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKeys.RemoveFeatureColumn),
                diagnostic);
        }
    }

    /// <summary>The <c>Concatenate</c> call, the inputs to remove and the personal columns; null when there is no fix.</summary>
    private static (InvocationExpressionSyntax Call, List<ArgumentSyntax> Remove, string[] Columns)? Plan(
        Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Columns) is not { Length: > 0 } joined
            || diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Fixable) == "false"
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
            || call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Concatenate" }
            || call.ArgumentList.Arguments.Count < 2
            || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || a.RefKindKeyword != default))
        {
            return null;
        }

        var columns = joined.Split('|');
        var inputs = call.ArgumentList.Arguments.Skip(1).ToList();
        var values = inputs.Select(a => model.GetConstantValue(a.Expression, cancellationToken)).ToList();
        if (values.Any(v => !v.HasValue || v.Value is not string))
            return null;

        var remove = inputs.Where((_, i) => columns.Contains((string)values[i].Value!)).ToList();
        return remove.Count == 0 || remove.Count == inputs.Count ? null : (call, remove, columns);
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
            if (Plan(diagnostic, root, model, cancellationToken) is not var (call, remove, _) || !edited.Add(call))
                continue;
            editor.ReplaceNode(call.ArgumentList, call.ArgumentList.RemoveNodes(remove, SyntaxRemoveOptions.KeepNoTrivia)!);
        }

        return edited.Count == 0 ? null : editor.GetChangedDocument();
    }
}
