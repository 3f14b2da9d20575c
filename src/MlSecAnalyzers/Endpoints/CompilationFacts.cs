using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// The <c>mlsec.authorization_filters</c> value: types (doc ids <c>T:</c> or metadata names) whose attribute on an action
/// or controller (or a minimal-API handler), whose instance added to MVC's global filters, or which is added as an endpoint
/// filter to an endpoint, a group or <c>MapControllers()</c>, authorizes requests like <c>[Authorize]</c> would.
/// </summary>
internal sealed class AuthorizationFilterNames
{
    // The metadata names (`IApiKeyFilter`, `IFilter`1`) of the entries: an implemented interface's id is asked for only
    // when its name is one of them.
    private readonly ImmutableHashSet<string> _metadataNames;

    private AuthorizationFilterNames(ImmutableHashSet<string> typeIds, ImmutableHashSet<string> simpleNames, ImmutableHashSet<string> metadataNames)
    {
        TypeIds = typeIds;
        SimpleNames = simpleNames;
        _metadataNames = metadataNames;
    }

    public ImmutableHashSet<string> TypeIds { get; }
    public ImmutableHashSet<string> SimpleNames { get; }

    public static AuthorizationFilterNames Parse(string raw)
    {
        var ids = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var metadataNames = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var part in raw.Split('|'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
                continue;
            var id = entry.StartsWith("T:", StringComparison.Ordinal) ? entry : "T:" + entry.Replace('+', '.');
            ids.Add(id);
            var simple = id.Substring(id.LastIndexOf('.') + 1);
            metadataNames.Add(simple);
            names.Add(simple.EndsWith("Attribute", StringComparison.Ordinal) ? simple.Substring(0, simple.Length - "Attribute".Length) : simple);
        }

        return new AuthorizationFilterNames(ids.ToImmutable(), names.ToImmutable(), metadataNames.ToImmutable());
    }

    /// <summary>
    /// <paramref name="type"/> is a listed type, derives from one, or implements a listed interface (a class implementing
    /// a listed <c>IApiKeyFilter</c>: the interface is how the app marks its authorization filters).
    /// </summary>
    public bool Contains(ITypeSymbol type)
    {
        if (TypeIds.IsEmpty)
            return false;
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition.GetDocumentationCommentId() is { } id && TypeIds.Contains(id))
                return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (_metadataNames.Contains(implemented.MetadataName)
                && implemented.OriginalDefinition.GetDocumentationCommentId() is { } id && TypeIds.Contains(id))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Facts that hold for the whole app wherever they are written: a fallback authorization policy, a global
/// <c>AuthorizeFilter</c> (or a filter named in <c>mlsec.authorization_filters</c>), a global rate limiter, the named
/// rate-limiting policies, the conventions on <c>MapControllers()</c>-style calls, whether the app uses MVC controllers, and
/// SignalR hub filters of listed types.
/// <para>
/// Found without a compilation-end action, so MLSEC010 still shows while typing: the first endpoint that needs them
/// triggers one scan of the compilation's files. The compilation's word index (<see cref="SyntaxNameIndex"/>) says which
/// files mention one of the few names involved; only those are walked, and only the matching nodes are bound. The scan runs at most once per
/// compilation (per value of <c>mlsec.authorization_filters</c>), and only when a model endpoint is found that its own
/// conventions do not already settle, or a controller action (whose <c>MapControllers()</c> may add <c>AllowAnonymous</c>
/// or <c>DisableRateLimiting</c>, which win over its own attributes), or a model endpoint in a class MVC would take for
/// a controller by its name alone.
/// </para>
/// </summary>
internal sealed class CompilationFacts
{
    // Whole words: every name the scan below matches, and "Filters" for options.Filters.Add(...) of any filter type.
    private static readonly ImmutableArray<string> Words = ImmutableArray.Create(
        "FallbackPolicy", "SetFallbackPolicy", "AddFallbackPolicy", "AuthorizeFilter", "Filters", "GlobalLimiter", "MapControllers", "MapControllerRoute",
        "MapDefaultControllerRoute", "MapAreaControllerRoute", "AddPolicy", "AddFixedWindowLimiter", "AddSlidingWindowLimiter",
        "AddTokenBucketLimiter", "AddConcurrencyLimiter", "AddControllers", "AddControllersWithViews", "AddMvc", "AddMvcCore",
        "UseMvc", "UseMvcWithDefaultRoute", "MapDynamicControllerRoute", "MapFallbackToController", "MapFallbackToAreaController");

    public bool HasFallbackPolicy { get; private set; }
    public bool HasGlobalAuthorizationFilter { get; private set; }
    public bool HasGlobalLimiter { get; private set; }

    /// <summary>A hub filter of a type listed in <c>mlsec.authorization_filters</c> is added to the global hub options.</summary>
    public bool HasGlobalHubAuthorizationFilter { get; private set; }

    /// <summary>The hubs whose own options (<c>AddHubOptions&lt;THub&gt;</c>) add a hub filter of a listed type.</summary>
    public ImmutableHashSet<INamedTypeSymbol> HubsWithAuthorizationFilter { get; private set; } = ImmutableHashSet.Create<INamedTypeSymbol>(SymbolEqualityComparer.Default);

    /// <summary>
    /// The app registers or maps MVC controllers (<c>AddControllers</c>, <c>AddMvc</c>, <c>MapControllers</c>...): only then does
    /// MVC find a controller by its name alone.
    /// </summary>
    public bool UsesMvcControllers { get; private set; }

    /// <summary>Names of the rate-limiting policies registered with a constant name.</summary>
    public ImmutableHashSet<string> RateLimitPolicies { get; private set; } = ImmutableHashSet<string>.Empty;

    /// <summary>Conventions of every controller route mapping (<c>MapControllers()</c> and friends).</summary>
    public List<Conventions> ControllerRoutes { get; } = new();

    public static CompilationFacts Scan(EndpointContext context, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var facts = new CompilationFacts();
        var policies = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var words = new List<string>(Words);
        if (filters is not null)
        {
            words.AddRange(filters.SimpleNames);
            words.Add("AddFilter");
        }

        var hubFilters = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);

        var authorizeFilter = context.Types.Get(MlTypeNames.MicrosoftAspNetCoreMvcAuthorizationAuthorizeFilter);
        foreach (var tree in SyntaxNameIndex.For(context.Compilation).TreesMentioningAny(words, cancellationToken))
        {
            var model = context.GetModel(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    {
                        var name = assignment.Left switch
                        {
                            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                            _ => null,
                        };
                        if ((name == "FallbackPolicy" || name == "GlobalLimiter")
                            && !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression)
                            && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IPropertySymbol property)
                        {
                            var owner = property.ContainingType.ToDisplayString();
                            if (name == "FallbackPolicy" && owner == "Microsoft.AspNetCore.Authorization.AuthorizationOptions")
                                facts.HasFallbackPolicy = true;
                            else if (name == "GlobalLimiter" && owner == "Microsoft.AspNetCore.RateLimiting.RateLimiterOptions")
                                facts.HasGlobalLimiter = true;
                        }

                        break;
                    }

                    case InvocationExpressionSyntax invocation:
                        ScanInvocation(context, model, invocation, facts, policies, hubFilters, authorizeFilter, filters, cancellationToken);
                        break;

                    case BaseObjectCreationExpressionSyntax creation:
                        if (model.GetTypeInfo(creation, cancellationToken).Type is { } created
                            && IsAuthorizationFilter(created, authorizeFilter, filters)
                            && IsAddedToFilters(creation))
                        {
                            facts.HasGlobalAuthorizationFilter = true;
                        }

                        break;
                }
            }
        }

        facts.RateLimitPolicies = policies.ToImmutable();
        facts.HubsWithAuthorizationFilter = hubFilters.ToImmutable();
        return facts;
    }

    private static void ScanInvocation(
        EndpointContext context, SemanticModel model, InvocationExpressionSyntax invocation, CompilationFacts facts,
        ImmutableHashSet<string>.Builder policies, ImmutableHashSet<INamedTypeSymbol>.Builder hubFilters, INamedTypeSymbol? authorizeFilter,
        AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var name = EndpointContext.InvokedName(invocation);
        switch (name)
        {
            // AddFallbackPolicy(name, policy or configure) registers a named policy and makes it the fallback too (ASP.NET Core 7+).
            case "SetFallbackPolicy" or "AddFallbackPolicy":
                if (invocation.ArgumentList.Arguments.Count == (name == "SetFallbackPolicy" ? 1 : 2)
                    && !invocation.ArgumentList.Arguments[invocation.ArgumentList.Arguments.Count - 1].Expression.IsKind(SyntaxKind.NullLiteralExpression)
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } builder }
                    && builder.ToDisplayString() == "Microsoft.AspNetCore.Authorization.AuthorizationBuilder")
                {
                    facts.HasFallbackPolicy = true;
                }

                break;

            case "MapControllers" or "MapControllerRoute" or "MapDefaultControllerRoute" or "MapAreaControllerRoute":
                if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation map && Conventions.IsAspNetCoreBuilderExtension(map.TargetMethod))
                {
                    // An endpoint filter of a listed type on MapControllers() counts: MVC runs endpoint filters around actions.
                    var conventions = context.ConventionsAfter(map, filters, cancellationToken);
                    conventions.Merge(context.ConventionsOfReceiver(Arguments.ForParameter(map.Arguments, 0)?.Value, filters, cancellationToken));

                    lock (facts.ControllerRoutes)
                        facts.ControllerRoutes.Add(conventions);
                    facts.UsesMvcControllers = true;
                }

                break;

            case "AddControllers" or "AddControllersWithViews" or "AddMvc" or "AddMvcCore" or "UseMvc" or "UseMvcWithDefaultRoute"
                or "MapDynamicControllerRoute" or "MapFallbackToController" or "MapFallbackToAreaController":
                if (!facts.UsesMvcControllers && IsMvcMethod(model.GetSymbolInfo(invocation, cancellationToken)))
                    facts.UsesMvcControllers = true;

                break;

            case "AddPolicy" or "AddFixedWindowLimiter" or "AddSlidingWindowLimiter" or "AddTokenBucketLimiter" or "AddConcurrencyLimiter":
                if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation add)
                {
                    var receiver = add.TargetMethod.IsExtensionMethod
                        ? (add.TargetMethod.Parameters.Length > 0 ? add.TargetMethod.Parameters[0].Type : null)
                        : add.TargetMethod.ContainingType;
                    if (receiver?.ToDisplayString() != "Microsoft.AspNetCore.RateLimiting.RateLimiterOptions")
                        break;
                    foreach (var argument in add.Arguments)
                    {
                        if (argument.Parameter is { Name: "policyName" } && argument.Value.ConstantValue is { HasValue: true, Value: string policy })
                            policies.Add(policy);
                    }
                }

                break;

            case "AddFilter":
                // SignalR hub filters: AddSignalR(o => o.AddFilter<T>()) for every hub, AddHubOptions<THub>(o => ...) for one.
                if (filters is not null
                    && model.GetOperation(invocation, cancellationToken) is IInvocationOperation { TargetMethod: { IsExtensionMethod: true, Parameters.Length: > 0 } } addFilter
                    && addFilter.TargetMethod.Parameters[0].Type is { Name: "HubOptions" } optionsType
                    && Namespaces.Is(optionsType.ContainingNamespace, "Microsoft.AspNetCore.SignalR")
                    && AddsListedHubFilter(addFilter, filters, context, cancellationToken))
                {
                    var receiver = Arguments.ForParameter(addFilter.Arguments, 0)?.Value;
                    while (receiver is IConversionOperation conversion)
                        receiver = conversion.Operand;
                    if (receiver?.Type is INamedTypeSymbol { Name: "HubOptions", TypeArguments.Length: 1 } perHub)
                    {
                        if (perHub.TypeArguments[0] is INamedTypeSymbol hub)
                            hubFilters.Add(hub);
                    }
                    else
                    {
                        facts.HasGlobalHubAuthorizationFilter = true;
                    }
                }

                break;

            case "Add":
                // options.Filters.Add<AuthorizeFilter>() / Add(typeof(AuthorizeFilter))
                if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation generic
                    && generic.TargetMethod.ContainingType?.Name == "FilterCollection")
                {
                    foreach (var typeArgument in generic.TargetMethod.TypeArguments)
                    {
                        if (IsAuthorizationFilter(typeArgument, authorizeFilter, filters))
                            facts.HasGlobalAuthorizationFilter = true;
                    }

                    foreach (var argument in generic.Arguments)
                    {
                        if (argument.Value is ITypeOfOperation { TypeOperand: { } operand }
                            && IsAuthorizationFilter(operand, authorizeFilter, filters))
                        {
                            facts.HasGlobalAuthorizationFilter = true;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>
    /// <c>HubOptions.AddFilter&lt;T&gt;()</c>, <c>AddFilter(typeof(T))</c> or <c>AddFilter(x)</c> (the static type of <c>x</c>, or
    /// the type of the <c>new T(...)</c> it certainly holds: <c>IHubFilter filter = new ApiKeyHubFilter();</c>), with
    /// <c>T</c> listed in <paramref name="filters"/>.
    /// </summary>
    private static bool AddsListedHubFilter(IInvocationOperation addFilter, AuthorizationFilterNames filters, EndpointContext context, CancellationToken cancellationToken)
    {
        var method = addFilter.TargetMethod;
        if (method.TypeArguments.Length == 1)
            return filters.Contains(method.TypeArguments[0]);

        foreach (var argument in addFilter.Arguments)
        {
            if (argument.Parameter is not { Ordinal: > 0 })
                continue;
            var value = argument.Value;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            if (value is ITypeOfOperation typeOf)
                return filters.Contains(typeOf.TypeOperand);
            return (value.Type is { } type && filters.Contains(type))
                   || (Conventions.CreatedType(value, context, cancellationToken) is { } created && filters.Contains(created));
        }

        return false;
    }

    /// <summary>An <c>AuthorizeFilter</c> or a type listed in <c>mlsec.authorization_filters</c> (or a subclass of either).</summary>
    private static bool IsAuthorizationFilter(ITypeSymbol type, INamedTypeSymbol? authorizeFilter, AuthorizationFilterNames? filters) =>
        (authorizeFilter is not null && InferenceCalls.IsOrInherits(type, authorizeFilter)) || (filters is not null && filters.Contains(type));

    /// <summary>A method of ASP.NET Core MVC's own assemblies (a candidate counts: code being typed may not bind yet).</summary>
    private static bool IsMvcMethod(SymbolInfo info)
    {
        var symbol = info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
        return symbol?.ContainingAssembly?.Name is { } assembly && assembly.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal);
    }

    /// <summary><c>options.Filters.Add(new AuthorizeFilter(...))</c> (or Insert): the filter applies to every action.</summary>
    private static bool IsAddedToFilters(SyntaxNode creation) =>
        creation.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
        && EndpointContext.InvokedName(invocation) is "Add" or "Insert"
        && invocation.Expression is MemberAccessExpressionSyntax { Expression: var target }
        && target.ToString().EndsWith("Filters", StringComparison.Ordinal);
}
