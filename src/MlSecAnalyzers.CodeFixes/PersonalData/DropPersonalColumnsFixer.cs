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
using MlSecAnalyzers.PersonalData;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.PersonalData;

/// <summary>
/// MLSEC020: after <c>var data = ml.Data.LoadFromTextFile&lt;T&gt;(…);</c> inserts
/// <c>data = ml.Transforms.DropColumns("Email").Fit(data).Transform(data);</c>, so nothing downstream sees the columns.
/// MLSEC022: passes <c>ml.Transforms.DropColumns("Email").Fit(data).Transform(data)</c> to the save call instead of
/// <c>data</c>. The <c>MLContext</c> is the one the call itself goes through (<c>ml</c> in <c>ml.Data.…</c>). No fix is
/// offered when the loader is not the initializer of a local, when the data argument is not a plain name (it would be
/// evaluated twice), or when the analyzer saw the columns used as features (dropping them would fail at run time).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropPersonalColumnsFixer)), Shared]
public sealed class DropPersonalColumnsFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard.Id, Descriptors.MLSEC022_PersonalDataWrittenOut.Id);

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
                || call.Expression is not MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Data", Expression: var mlContext } })
            {
                continue;
            }

            var columns = joined.Split('|');
            var title = "Drop " + string.Join(", ", columns.Select(c => "'" + c + "'")) + (diagnostic.Id == "MLSEC020" ? " after loading" : " before saving");
            if (diagnostic.Id == "MLSEC020" && AfterLoad(call, model, context.CancellationToken) is { } statement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => InsertDropAsync(context.Document, statement, mlContext, columns, ct), EquivalenceKeys.DropPersonalColumns),
                    diagnostic);
            }
            else if (diagnostic.Id == "MLSEC022" && call.ArgumentList.Arguments.FirstOrDefault() is { NameColon: null, Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } } data
                && IsSideEffectFree(data.Expression, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => WrapArgumentAsync(context.Document, data, mlContext, columns, ct), EquivalenceKeys.DropPersonalColumns),
                    diagnostic);
            }
        }
    }

    // The loader must initialise a single local of type IDataView declared by a statement in a block or at top level.
    private static LocalDeclarationStatementSyntax? AfterLoad(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement }
            || statement.UsingKeyword != default || statement.IsConst
            || statement.Parent is not (BlockSyntax or GlobalStatementSyntax)
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol { Type.Name: "IDataView" })
        {
            return null;
        }

        return statement;
    }

    private static bool IsSideEffectFree(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(expression, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol;

    private static ExpressionSyntax DropThenTransform(ExpressionSyntax mlContext, string[] columns, ExpressionSyntax data)
    {
        // ml.Transforms.DropColumns("a", "b").Fit(data).Transform(data)
        var drop = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, mlContext.WithoutTrivia(), IdentifierName("Transforms")),
                IdentifierName("DropColumns")),
            ArgumentList(SeparatedList(columns.Select(c => Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(c)))))));
        var fit = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, drop, IdentifierName("Fit")),
            ArgumentList(SingletonSeparatedList(Argument(data.WithoutTrivia()))));
        return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, fit, IdentifierName("Transform")),
            ArgumentList(SingletonSeparatedList(Argument(data.WithoutTrivia()))));
    }

    private static async Task<Document> InsertDropAsync(
        Document document, LocalDeclarationStatementSyntax statement, ExpressionSyntax mlContext, string[] columns, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var name = IdentifierName(statement.Declaration.Variables[0].Identifier.ValueText);
        // Same indentation and line ending as the declaration it follows (not its trailing comment).
        var indentation = statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        StatementSyntax drop = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, name, DropThenTransform(mlContext, columns, name)))
            .NormalizeWhitespace()
            .WithLeadingTrivia(indentation == default ? SyntaxTriviaList.Empty : TriviaList(indentation))
            .WithTrailingTrivia(statement.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        if (statement.Parent is GlobalStatementSyntax global)
            editor.InsertAfter(global, GlobalStatement(drop));
        else
            editor.InsertAfter(statement, drop);
        return editor.GetChangedDocument();
    }

    private static async Task<Document> WrapArgumentAsync(
        Document document, ArgumentSyntax data, ExpressionSyntax mlContext, string[] columns, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;
        var replacement = DropThenTransform(mlContext, columns, data.Expression).WithTriviaFrom(data.Expression);
        return document.WithSyntaxRoot(root.ReplaceNode(data.Expression, replacement));
    }
}
