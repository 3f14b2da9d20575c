using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using MlSecAnalyzers.Endpoints;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.Endpoints;

/// <summary>
/// MLSEC011: appends <c>.RequireRateLimiting("policy")</c> to a minimal-API endpoint, offered only when the compilation
/// registers exactly one named policy (the analyzer passes its name). With none there is nothing to name, and with
/// several the choice is the user's: guessing could put a chat endpoint under a policy sized for health checks.
/// Not offered when rate limiting is disabled on purpose (<c>DisableRateLimiting</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequireRateLimitingFixer)), Shared]
public sealed class RequireRateLimitingFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting.Id);

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
            if (Target(diagnostic, root, model, context.CancellationToken) is not { } target)
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Require the '{target.Policy}' rate-limiting policy",
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKeys.RequireRateLimiting),
                diagnostic);
        }
    }

    private static (ExpressionSyntax End, string Policy)? Target(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        if (properties.GetValueOrDefault(EndpointProperties.Kind) != EndpointProperties.Endpoint
            || properties.ContainsKey(EndpointProperties.Disabled)
            || properties.GetValueOrDefault(EndpointProperties.RateLimitPolicy) is not { } policy
            || EndpointSyntax.ChainEnd(root, model, diagnostic.Location.SourceSpan, cancellationToken) is not { } end)
        {
            return null;
        }

        return (end, policy);
    }

    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return null;

        var targets = new Dictionary<ExpressionSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Target(diagnostic, root, model, cancellationToken) is { } target)
                targets[target.End] = target.Policy;
        }

        if (targets.Count == 0)
            return null;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var pair in targets)
        {
            var policy = pair.Value;
            editor.ReplaceNode(pair.Key, (node, _) => EndpointSyntax.Append(
                (ExpressionSyntax)node, "RequireRateLimiting",
                Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(policy)))));
        }

        return editor.GetChangedDocument();
    }
}
