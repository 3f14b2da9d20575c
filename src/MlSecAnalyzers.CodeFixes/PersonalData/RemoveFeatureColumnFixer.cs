using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Columns) is not { Length: > 0 } joined
                || diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Fixable) == "false"
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Concatenate" }
                || call.ArgumentList.Arguments.Count < 2
                || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || a.RefKindKeyword != default))
            {
                continue;
            }

            var columns = joined.Split('|');
            var inputs = call.ArgumentList.Arguments.Skip(1).ToList();
            var values = inputs.Select(a => model.GetConstantValue(a.Expression, context.CancellationToken)).ToList();
            if (values.Any(v => !v.HasValue || v.Value is not string))
                continue;

            var remove = inputs.Where((_, i) => columns.Contains((string)values[i].Value!)).ToList();
            if (remove.Count == 0 || remove.Count == inputs.Count)
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove " + string.Join(", ", columns.Select(c => "'" + c + "'")) + " from the features",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(
                        root.ReplaceNode(call.ArgumentList, call.ArgumentList.RemoveNodes(remove, SyntaxRemoveOptions.KeepNoTrivia)!))),
                    EquivalenceKeys.RemoveFeatureColumn),
                diagnostic);
        }
    }
}
