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
using Microsoft.CodeAnalysis.Simplification;
using MlSecAnalyzers.Endpoints;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.Endpoints;

/// <summary>
/// MLSEC010: <c>.RequireAuthorization()</c> on the endpoint (first, so <c>dotnet format</c> applies it) or on its group;
/// <c>[Authorize]</c> on the action or the controller, or on the hub or the hub method (adding the <c>using</c>); or removal
/// of the <c>AllowAnonymous</c> that opens the endpoint. When <c>AllowAnonymous</c> is the cause only its removal is
/// offered, because anything added next to it would stay without effect, except <c>[Authorize]</c> on a hub method, which
/// SignalR checks per invocation whatever the connection allowed. For an Azure Function, <c>AuthorizationLevel.Anonymous</c>
/// becomes <c>AuthorizationLevel.Function</c> (the host then requires a function key). Fix All dedupes shared targets (one
/// group, one controller, one hub) by a custom document-level fixer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequireAuthorizationFixer)), Shared]
public sealed class RequireAuthorizationFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.MLSEC010_AnonymousModelEndpoint.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static (context, document, diagnostics) =>
            // No key (dotnet format met a diagnostic without a fix first): each diagnostic gets its first fix.
            ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? string.Empty, context.CancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var key in KeysFor(diagnostic, root, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title(key), ct => ApplyOrSameAsync(context.Document, diagnostic, key, ct), key),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyOrSameAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken) =>
        await ApplyAsync(document, ImmutableArray.Create(diagnostic), key, cancellationToken).ConfigureAwait(false) ?? document;

    private static string Title(string key) => key switch
    {
        EquivalenceKeys.RequireAuthorization => "Require authorization on the endpoint",
        EquivalenceKeys.RequireAuthorizationOnGroup => "Require authorization on the endpoint's group",
        EquivalenceKeys.AuthorizeAction => "Add [Authorize] to the action",
        EquivalenceKeys.AuthorizeController => "Add [Authorize] to the controller",
        EquivalenceKeys.AuthorizeHub => "Add [Authorize] to the hub",
        EquivalenceKeys.AuthorizeHubMethod => "Add [Authorize] to the hub method",
        EquivalenceKeys.RequireFunctionKey => "Require a function key (AuthorizationLevel.Function)",
        _ => "Remove AllowAnonymous",
    };

    private static IEnumerable<string> KeysFor(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        var kind = properties.GetValueOrDefault(EndpointProperties.Kind);

        // A function has no ASP.NET Core authorization: only its trigger's level, when the level is spelled `X.Anonymous`
        // (or `Anonymous`) right in the attribute; a constant declared elsewhere may serve other functions.
        if (kind == EndpointProperties.Function)
        {
            if (AnonymousLevel(diagnostic, root) is not null)
                yield return EquivalenceKeys.RequireFunctionKey;
            yield break;
        }

        if (properties.ContainsKey(EndpointProperties.AllowAnonymous))
        {
            if (AllowAnonymousNodes(diagnostic, root).Any())
                yield return EquivalenceKeys.RemoveAllowAnonymous;

            // SignalR checks a hub method's [Authorize] on every invocation, whatever the connection's AllowAnonymous allowed.
            if (kind == EndpointProperties.Hub && ActionDeclaration(diagnostic, root) is { } opened && CanAddAuthorize(opened, opened.Identifier))
                yield return EquivalenceKeys.AuthorizeHubMethod;
            yield break;
        }

        // The hub first: [Authorize] on the class closes the connection itself (and every method, and the broadcasts an
        // anonymous client would receive); on the method it only guards that method's invocations.
        if (kind == EndpointProperties.Hub)
        {
            if (ActionDeclaration(diagnostic, root) is { } hubMethod)
            {
                if (hubMethod.Parent is ClassDeclarationSyntax hub && CanAddAuthorize(hub, hub.Identifier))
                    yield return EquivalenceKeys.AuthorizeHub;
                if (CanAddAuthorize(hubMethod, hubMethod.Identifier))
                    yield return EquivalenceKeys.AuthorizeHubMethod;
            }

            yield break;
        }

        if (kind == EndpointProperties.Controller)
        {
            if (ActionDeclaration(diagnostic, root) is { } action)
            {
                if (CanAddAuthorize(action, action.Identifier))
                    yield return EquivalenceKeys.AuthorizeAction;
                if (action.Parent is ClassDeclarationSyntax controller && CanAddAuthorize(controller, controller.Identifier))
                    yield return EquivalenceKeys.AuthorizeController;
            }

            yield break;
        }

        if (EndpointSyntax.ChainEnd(root, model, diagnostic.Location.SourceSpan, cancellationToken) is not null)
            yield return EquivalenceKeys.RequireAuthorization;
        if (GroupInitializer(diagnostic, root) is not null)
            yield return EquivalenceKeys.RequireAuthorizationOnGroup;
    }

    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return null;

        // Each target with the fix it gets: the fix chosen, or, for a diagnostic that does not offer it (Fix All over
        // minimal APIs, controllers and hubs together; dotnet format takes the key of the first diagnostic it meets), the
        // fix of the same reach that it offers (endpoint, action or hub method; group, controller or hub) (Counterpart).
        var targets = new Dictionary<SyntaxNode, string>();
        foreach (var diagnostic in diagnostics)
        {
            var offered = KeysFor(diagnostic, root, model, cancellationToken).ToList();
            if (Counterpart(key, offered) is not { } chosen)
                continue;

            switch (chosen)
            {
                case EquivalenceKeys.RequireAuthorization:
                    if (EndpointSyntax.ChainEnd(root, model, diagnostic.Location.SourceSpan, cancellationToken) is { } end)
                        targets[end] = chosen;
                    break;
                case EquivalenceKeys.RequireAuthorizationOnGroup:
                    if (GroupInitializer(diagnostic, root) is { } group)
                        targets[group] = chosen;
                    break;
                case EquivalenceKeys.AuthorizeAction or EquivalenceKeys.AuthorizeHubMethod:
                    if (ActionDeclaration(diagnostic, root) is { } action)
                        targets[action] = chosen;
                    break;
                case EquivalenceKeys.AuthorizeController or EquivalenceKeys.AuthorizeHub:
                    if (ActionDeclaration(diagnostic, root)?.Parent is ClassDeclarationSyntax controller)
                        targets[controller] = chosen;
                    break;
                case EquivalenceKeys.RemoveAllowAnonymous:
                    foreach (var node in AllowAnonymousNodes(diagnostic, root))
                        targets[node] = chosen;
                    break;
                case EquivalenceKeys.RequireFunctionKey:
                    if (AnonymousLevel(diagnostic, root) is { } level)
                        targets[level] = chosen;
                    break;
            }
        }

        if (targets.Count == 0)
            return null;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var addsAttribute = false;
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
            endOfLine = LineFeed;
        foreach (var target in targets)
        {
            switch (target.Value)
            {
                case EquivalenceKeys.RequireAuthorization or EquivalenceKeys.RequireAuthorizationOnGroup:
                    editor.ReplaceNode(target.Key, (node, _) => EndpointSyntax.Append((ExpressionSyntax)node, "RequireAuthorization"));
                    break;
                case EquivalenceKeys.AuthorizeAction or EquivalenceKeys.AuthorizeController or EquivalenceKeys.AuthorizeHub or EquivalenceKeys.AuthorizeHubMethod:
                    addsAttribute = true;
                    editor.ReplaceNode(target.Key, (node, _) => AddAuthorize((MemberDeclarationSyntax)node, endOfLine));
                    break;
                case EquivalenceKeys.RequireFunctionKey:
                    editor.ReplaceNode(target.Key, (node, _) => ((IdentifierNameSyntax)node).WithIdentifier(Identifier("Function").WithTriviaFrom(((IdentifierNameSyntax)node).Identifier)));
                    break;
                default:
                    RemoveAllowAnonymous(editor, target.Key);
                    break;
            }
        }

        var changed = editor.GetChangedDocument();
        if (addsAttribute)
        {
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    private static readonly ImmutableArray<string> EndpointReach = ImmutableArray.Create(
        EquivalenceKeys.RequireAuthorization, EquivalenceKeys.AuthorizeAction, EquivalenceKeys.AuthorizeHubMethod, EquivalenceKeys.RequireFunctionKey);

    private static readonly ImmutableArray<string> ContainerReach = ImmutableArray.Create(
        EquivalenceKeys.RequireAuthorizationOnGroup, EquivalenceKeys.AuthorizeController, EquivalenceKeys.AuthorizeHub);

    /// <summary>
    /// <paramref name="key"/> when offered; else the offered fix of the same reach; else the first offered fix that adds
    /// authorization. Removing an <c>AllowAnonymous</c> the user wrote is done only when chosen (or when no key was
    /// chosen: dotnet format met a diagnostic without a fix first), and choosing it adds nothing elsewhere. Null: none.
    /// </summary>
    private static string? Counterpart(string key, List<string> offered)
    {
        if (offered.Contains(key))
            return key;
        if (key.Length == 0)
            return offered.Count == 0 ? null : offered[0];
        if (key == EquivalenceKeys.RemoveAllowAnonymous)
            return null;

        var reach = EndpointReach.Contains(key) ? EndpointReach : ContainerReach;
        foreach (var candidate in offered)
        {
            if (reach.Contains(candidate))
                return candidate;
        }

        foreach (var candidate in offered)
        {
            if (candidate != EquivalenceKeys.RemoveAllowAnonymous)
                return candidate;
        }

        return null;
    }

    /// <summary>
    /// Puts <c>[Authorize]</c> on its own line above <paramref name="declaration"/>, with the declaration's indentation:
    /// first among its attribute lists, or, when their trivia hold preprocessor directives, last (right above the modifiers,
    /// after the last directive). First could land inside <c>#if DEBUG [ProducesResponseType(200)] #endif</c> when DEBUG is
    /// defined, or before an <c>#endif</c> that closes an earlier member; last is always in the declaration's own branch.
    /// </summary>
    private static MemberDeclarationSyntax AddAuthorize(MemberDeclarationSyntax declaration, SyntaxTrivia endOfLine)
    {
        var attribute = Attribute(ParseName("global::Microsoft.AspNetCore.Authorization.Authorize")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        var lists = declaration.AttributeLists;
        var anchor = Anchor(declaration);
        var index = lists.Count > 0 && HasDirectives(declaration.GetFirstToken(), anchor) ? lists.Count : 0;
        var target = index == 0 ? declaration.GetFirstToken() : anchor;
        var leading = target.LeadingTrivia;
        var indentation = Indentation(leading) ?? Indentation(declaration.GetLeadingTrivia());
        var list = AttributeList(SingletonSeparatedList(attribute)).WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        var stripped = declaration.ReplaceToken(target, target.WithLeadingTrivia(indentation is { } whitespace ? TriviaList(whitespace) : TriviaList()));
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(index, list));
    }

    /// <summary>
    /// False when a directive sits between the declaration's first modifier (or keyword) and its name: the new attribute
    /// goes right above that token, which may then be in another <c>#if</c> branch than the declaration.
    /// </summary>
    private static bool CanAddAuthorize(MemberDeclarationSyntax declaration, SyntaxToken identifier) =>
        !HasDirectives(Anchor(declaration).GetNextToken(), identifier);

    /// <summary>The first token after the attribute lists: a modifier or the keyword.</summary>
    private static SyntaxToken Anchor(MemberDeclarationSyntax declaration) =>
        declaration.AttributeLists.Count == 0 ? declaration.GetFirstToken() : declaration.AttributeLists.Last().GetLastToken().GetNextToken();

    /// <summary>True when a token from <paramref name="first"/> through <paramref name="last"/> has a directive in its leading trivia (directives are never trailing).</summary>
    private static bool HasDirectives(SyntaxToken first, SyntaxToken last)
    {
        for (var token = first; token != default && token.SpanStart <= last.SpanStart; token = token.GetNextToken())
        {
            if (token.LeadingTrivia.Any(t => t.IsDirective))
                return true;
        }

        return false;
    }

    private static SyntaxTrivia? Indentation(SyntaxTriviaList leading) =>
        leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1] : null;

    private static void RemoveAllowAnonymous(DocumentEditor editor, SyntaxNode target)
    {
        switch (target)
        {
            case AttributeSyntax { Parent: AttributeListSyntax { Attributes.Count: 1, Parent: { } owner } list }:
            {
                var index = owner.ChildNodes().OfType<AttributeListSyntax>().ToList().IndexOf(list);
                editor.ReplaceNode(owner, (node, _) =>
                {
                    var lists = node.ChildNodes().OfType<AttributeListSyntax>().ToList();
                    if (index < 0 || index >= lists.Count)
                        return node;
                    var removed = lists[index];
                    var leading = removed.GetLeadingTrivia();
                    var next = removed.GetLastToken().GetNextToken();
                    var result = node.ReplaceToken(next, next.WithLeadingTrivia(leading.AddRange(IndentationFree(next.LeadingTrivia, leading))));
                    return result.RemoveNode(result.ChildNodes().OfType<AttributeListSyntax>().ElementAt(index), SyntaxRemoveOptions.KeepNoTrivia)!;
                });
                break;
            }

            case AttributeSyntax attribute:
                editor.RemoveNode(attribute);
                break;
            case InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement, Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax } }:
                // `group.AllowAnonymous();` applies the convention to a group local and does nothing else.
                editor.RemoveNode(statement);
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation:
                editor.ReplaceNode(invocation, member.Expression.WithTrailingTrivia(invocation.GetTrailingTrivia()));
                break;
        }
    }

    // The removed list's leading trivia (indentation, comments) replaces the next token's, which was only indentation.
    private static SyntaxTriviaList IndentationFree(SyntaxTriviaList nextLeading, SyntaxTriviaList removedLeading)
    {
        var kept = new List<SyntaxTrivia>();
        foreach (var trivia in nextLeading)
        {
            if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                kept.Add(trivia);
        }

        return TriviaList(kept);
    }

    private static MethodDeclarationSyntax? ActionDeclaration(Diagnostic diagnostic, SyntaxNode root) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent as MethodDeclarationSyntax;

    /// <summary>
    /// The <c>Anonymous</c> name of a function's <c>AuthorizationLevel.Anonymous</c> argument (<c>Anonymous</c> alone with a
    /// <c>using static</c>), or null when the level is spelled otherwise (a cast, a constant declared elsewhere).
    /// </summary>
    private static SimpleNameSyntax? AnonymousLevel(Diagnostic diagnostic, SyntaxNode root)
    {
        if (!int.TryParse(diagnostic.Properties.GetValueOrDefault(EndpointProperties.LevelIndex), out var index)
            || index >= diagnostic.AdditionalLocations.Count)
        {
            return null;
        }

        var location = diagnostic.AdditionalLocations[index];
        if (location.SourceTree != root.SyntaxTree || !root.FullSpan.Contains(location.SourceSpan))
            return null;

        var name = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };
        return name is IdentifierNameSyntax { Identifier.ValueText: "Anonymous" } ? name : null;
    }

    private static ExpressionSyntax? GroupInitializer(Diagnostic diagnostic, SyntaxNode root)
    {
        if (!int.TryParse(diagnostic.Properties.GetValueOrDefault(EndpointProperties.GroupIndex), out var index)
            || index >= diagnostic.AdditionalLocations.Count)
        {
            return null;
        }

        var location = diagnostic.AdditionalLocations[index];
        if (location.SourceTree != root.SyntaxTree)
            return null;
        return root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
    }

    /// <summary>
    /// <c>if (open) builder.AllowAnonymous();</c> (a convention helper's, or a group local's): the removal of the whole
    /// statement would leave the <c>if</c> without one, and the editor refuses; the condition is the user's to rework.
    /// </summary>
    private static bool RemovesAnEmbeddedStatement(InvocationExpressionSyntax invocation) =>
        invocation is { Parent: ExpressionStatementSyntax { Parent: not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax) }, Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax } };

    /// <summary>The <c>[AllowAnonymous]</c> attributes and <c>.AllowAnonymous()</c> calls in this document that open the endpoint.</summary>
    private static IEnumerable<SyntaxNode> AllowAnonymousNodes(Diagnostic diagnostic, SyntaxNode root)
    {
        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (location.SourceTree != root.SyntaxTree || !root.FullSpan.Contains(location.SourceSpan))
                continue;

            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
                yield return attribute;
            else if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
                     && MlSecAnalyzers.Infrastructure.SyntaxNameIndex.NameOf(invocation.Expression) == "AllowAnonymous"
                     && !RemovesAnEmbeddedStatement(invocation))
                yield return invocation;
        }
    }
}

/// <summary>Syntax helpers shared by the endpoint fixes.</summary>
internal static class EndpointSyntax
{
    /// <summary>
    /// The last call of the fluent chain that starts with the Map* call named at <paramref name="nameSpan"/> that still
    /// returns an endpoint convention builder, so a convention appended there compiles and reaches the endpoint:
    /// <c>app.MapPost(…).WithName("x")</c> gives the <c>WithName</c> call, <c>app.MapPost(…).Add(b => …)</c> (void) gives
    /// the <c>MapPost</c> call. Null when the Map* call itself returns no builder.
    /// </summary>
    public static ExpressionSyntax? ChainEnd(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan nameSpan, CancellationToken cancellationToken)
    {
        if (root.FindToken(nameSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } current
            || !IsConventionBuilder(model.GetTypeInfo(current, cancellationToken).Type))
        {
            return null;
        }

        while (current.Parent is MemberAccessExpressionSyntax member && member.Expression == current
               && member.Parent is InvocationExpressionSyntax next && next.Expression == member
               && IsConventionBuilder(model.GetTypeInfo(next, cancellationToken).Type))
        {
            current = next;
        }

        return current;
    }

    /// <summary>True for <c>Microsoft.AspNetCore.Builder.IEndpointConventionBuilder</c>, a type that implements it, or a type parameter constrained to one.</summary>
    private static bool IsConventionBuilder(ITypeSymbol? type) => type switch
    {
        null => false,
        ITypeParameterSymbol parameter => parameter.ConstraintTypes.Any(IsConventionBuilder),
        _ => IsConventionBuilderInterface(type) || type.AllInterfaces.Any(IsConventionBuilderInterface),
    };

    private static bool IsConventionBuilderInterface(ITypeSymbol type) =>
        type is INamedTypeSymbol
        {
            Name: "IEndpointConventionBuilder",
            ContainingNamespace: { Name: "Builder", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } },
        };

    /// <summary><paramref name="expression"/><c>.</c><paramref name="method"/><c>(</c><paramref name="arguments"/><c>)</c>, keeping the expression's trailing trivia after the call.</summary>
    public static ExpressionSyntax Append(ExpressionSyntax expression, string method, params ArgumentSyntax[] arguments) =>
        InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrailingTrivia(), IdentifierName(method)),
                ArgumentList(SeparatedList(arguments)))
            .WithTrailingTrivia(expression.GetTrailingTrivia());
}
