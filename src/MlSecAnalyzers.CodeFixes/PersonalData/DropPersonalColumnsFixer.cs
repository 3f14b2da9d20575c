using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// <c>data</c>. The <c>MLContext</c> is the one the call itself goes through (<c>ml</c> in <c>ml.Data.…</c>), or, for an
/// MLSEC020 reported on a helper's call (<c>var data = LoadCustomers(ml, path);</c>), one the caller can name. No fix is
/// offered when the loader is not the initializer of a local, when the data argument is not a plain name (it would be
/// evaluated twice), or when the analyzer saw the columns used as features (dropping them would fail at run time).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropPersonalColumnsFixer)), Shared]
public sealed class DropPersonalColumnsFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard.Id, Descriptors.MLSEC022_PersonalDataWrittenOut.Id);

    // Document-based, and blind to the equivalence key on purpose: `dotnet format` asks for the key of whichever
    // diagnostic of the analyzer it meets first, which may be an MLSEC021 or a load that has no fix (null key); a batch
    // fixer then finds no action with that key and fixes nothing. This one fixes every fixable MLSEC020/022 it is given.
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
            if (Plan(diagnostic, root, model, context.CancellationToken) is not { } plan)
                continue;

            var title = "Drop " + string.Join(", ", plan.Columns.Select(c => "'" + c + "'")) + (plan.Statement is not null ? " after loading" : " before saving");
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKeys.DropPersonalColumns),
                diagnostic);
        }
    }

    /// <summary>What the fix of one diagnostic does: insert a drop after <see cref="Statement"/>, or wrap <see cref="Data"/>.</summary>
    private sealed class FixPlan
    {
        public FixPlan(string[] columns, ExpressionSyntax mlContext, LocalDeclarationStatementSyntax? statement, ArgumentSyntax? data)
        {
            Columns = columns;
            MlContext = mlContext;
            Statement = statement;
            Data = data;
        }

        public string[] Columns { get; }
        public ExpressionSyntax MlContext { get; }
        public LocalDeclarationStatementSyntax? Statement { get; }
        public ArgumentSyntax? Data { get; }
    }

    private static FixPlan? Plan(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Columns) is not { Length: > 0 } joined
            || diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Fixable) == "false"
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call)
        {
            return null;
        }

        var mlContext = call.Expression is MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Data", Expression: var context } }
            ? context
            : null;
        var columns = joined.Split('|');
        // MLSEC020 on a helper call (LoadCustomers(ml, path): the helper's loader is reported where it is called) has no
        // ml.Data.… of its own: the drop goes through an MLContext the caller has at hand.
        if (diagnostic.Id == Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard.Id && AfterLoad(call, model, cancellationToken) is { } statement
            && (mlContext ?? MlContextInScope(call, statement, model, cancellationToken)) is { } ml)
        {
            return new FixPlan(columns, ml, statement, null);
        }

        if (mlContext is null)
            return null;

        if (diagnostic.Id == Descriptors.MLSEC022_PersonalDataWrittenOut.Id
            && call.ArgumentList.Arguments.FirstOrDefault() is { NameColon: null, Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } } data
            && IsSideEffectFree(data.Expression, model, cancellationToken))
        {
            return new FixPlan(columns, mlContext, null, data);
        }

        return null;
    }

    /// <summary>Applies the fixes of <paramref name="diagnostics"/> (all in <paramref name="document"/>) in one edit; null when none applies.</summary>
    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return null;

        var plans = new List<(Diagnostic Diagnostic, FixPlan Plan)>();
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(diagnostic, root, model, cancellationToken) is { } plan)
                plans.Add((diagnostic, plan));
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var edited = new HashSet<SyntaxNode>();
        // Drops after loads first, keyed by the loader's name (where MLSEC020 is reported): a save of data from that load
        // must not drop the same columns again (DropColumns throws on a column that is not there).
        var droppedAtLoad = new Dictionary<int, string[]>();
        foreach (var (diagnostic, plan) in plans)
        {
            if (plan.Statement is { } statement && edited.Add(statement))
            {
                InsertDrop(editor, statement, plan.MlContext, plan.Columns);
                droppedAtLoad[diagnostic.Location.SourceSpan.Start] = plan.Columns;
            }
        }

        foreach (var (diagnostic, plan) in plans)
        {
            if (plan.Data is not { } data || edited.Contains(data))
                continue;
            var columns = droppedAtLoad.Count == 0 ? plan.Columns : StillThere(diagnostic, plan.Columns, droppedAtLoad);
            if (columns.Length > 0 && edited.Add(data))
                editor.ReplaceNode(data.Expression, DropThenTransform(plan.MlContext, columns, data.Expression).WithTriviaFrom(data.Expression));
        }

        return edited.Count == 0 ? null : editor.GetChangedDocument();
    }

    /// <summary>
    /// The columns of an MLSEC022 save that this pass does not already drop after their load: a column stays unless every
    /// loader it comes from (the <see cref="PersonalDataPipelineAnalyzer.Properties.Loaders"/> property) gets a drop of it.
    /// </summary>
    private static string[] StillThere(Diagnostic diagnostic, string[] columns, Dictionary<int, string[]> droppedAtLoad)
    {
        var loaders = diagnostic.Properties.GetValueOrDefault(PersonalDataPipelineAnalyzer.Properties.Loaders)?.Split('|');
        if (loaders is null || loaders.Length != columns.Length)
            return columns;

        return columns.Where((column, i) => !loaders[i].Split(',').All(start =>
            int.TryParse(start, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position)
            && droppedAtLoad.TryGetValue(position, out var dropped) && dropped.Contains(column))).ToArray();
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

    /// <summary>
    /// An <c>MLContext</c> the code after <paramref name="statement"/> can name: an argument of <paramref name="call"/>
    /// that is a local, parameter or field (<c>ml</c> in <c>LoadCustomers(ml, path)</c>), else the only local, parameter
    /// or field of that type in scope there (<c>_ml</c>). Null when there is none or the choice is not clear, and when the
    /// call is not to a method of the project.
    /// </summary>
    private static ExpressionSyntax? MlContextInScope(InvocationExpressionSyntax call, LocalDeclarationStatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        // Only for a helper of the project (an ML.NET call such as loader.Load(path) keeps its documented no-fix).
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 })
            return null;

        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (argument.RefKindKeyword == default
                && argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax }
                && IsSideEffectFree(argument.Expression, model, cancellationToken)
                && IsMlContext(model.GetTypeInfo(argument.Expression, cancellationToken).Type))
            {
                return argument.Expression;
            }
        }

        var position = statement.SpanStart;
        ISymbol? found = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                // Declared before the call and assigned on every path to it: `MLContext ml; if (x) ml = new();` would make
                // the drop read an unassigned local (CS0165).
                ILocalSymbol local when local.DeclaringSyntaxReferences.All(r => r.Span.End <= position) && IsAssignedAfter(local, statement, model) => local.Type,
                IParameterSymbol { RefKind: RefKind.Out } parameter when !IsAssignedAfter(parameter, statement, model) => null,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            if (!IsMlContext(type))
                continue;
            if (found is not null)
                return null;
            found = symbol;
        }

        if (found is null)
            return null;
        // The name must bind to that symbol there (not shadowed, not an instance field from a static member).
        var name = IdentifierName(found.Name);
        return SymbolEqualityComparer.Default.Equals(model.GetSpeculativeSymbolInfo(position, name, SpeculativeBindingOption.BindAsExpression).Symbol, found)
            ? name
            : null;
    }

    private static bool IsAssignedAfter(ISymbol symbol, StatementSyntax statement, SemanticModel model) =>
        model.AnalyzeDataFlow(statement) is { Succeeded: true } flow && flow.DefinitelyAssignedOnExit.Contains(symbol, SymbolEqualityComparer.Default);

    private static bool IsMlContext(ITypeSymbol? type) =>
        type is { Name: "MLContext", ContainingNamespace: { Name: "ML", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } };

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

    private static void InsertDrop(DocumentEditor editor, LocalDeclarationStatementSyntax statement, ExpressionSyntax mlContext, string[] columns)
    {
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
    }
}
