using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>A minimal-API endpoint, controller action or SignalR hub method whose handler reaches an inference call.</summary>
internal sealed class ModelEndpoint
{
    public ModelEndpoint(string name, string inferenceCall, Location location, IInvocationOperation? mapCall, IMethodSymbol? handler, ImmutableArray<IOperation> bodies)
        : this(name, inferenceCall, location, mapCall, handler, bodies, ImmutableArray<INamedTypeSymbol>.Empty)
    {
    }

    public ModelEndpoint(
        string name, string inferenceCall, Location location, IInvocationOperation? mapCall, IMethodSymbol? handler, ImmutableArray<IOperation> bodies,
        ImmutableArray<INamedTypeSymbol> hubs)
    {
        Name = name;
        InferenceCall = inferenceCall;
        Location = location;
        MapCall = mapCall;
        Handler = handler;
        Bodies = bodies;
        Hubs = hubs;
    }

    /// <summary><c>POST /predict</c> for a minimal API, <c>ScoringController.Predict</c> for an action, <c>ChatHub.Ask</c> for a hub method.</summary>
    public string Name { get; }
    public string InferenceCall { get; }

    /// <summary>The Map* method name, or the action's or hub method's identifier.</summary>
    public Location Location { get; }

    /// <summary>The Map* call; null for a controller action or a hub method.</summary>
    public IInvocationOperation? MapCall { get; }
    public bool IsController => MapCall is null && Hubs.IsEmpty && !IsFunction;

    /// <summary>
    /// For a hub method, the mapped hubs (<c>MapHub&lt;THub&gt;</c>) that expose it: its own class, or classes derived from
    /// it that do not override or hide it. Empty for minimal APIs and actions.
    /// </summary>
    public ImmutableArray<INamedTypeSymbol> Hubs { get; }
    public bool IsHub => !Hubs.IsEmpty;

    /// <summary>The handler lambda, local function or method; the action or hub method for controllers and hubs.</summary>
    public IMethodSymbol? Handler { get; }

    /// <summary>The handler's body operations.</summary>
    public ImmutableArray<IOperation> Bodies { get; }

    /// <summary>An anonymous HTTP-triggered Azure Function (<see cref="EndpointContext.FindFunction"/>); <see cref="Handler"/> is the function method.</summary>
    public bool IsFunction { get; set; }

    /// <summary>For an anonymous function, the argument that sets the level, when the attribute is in source.</summary>
    public Location? FunctionLevel { get; set; }
}

/// <summary>What reaches an endpoint: its own and its groups' conventions, attributes and the compilation-wide facts.</summary>
internal sealed class EndpointSecurity
{
    public EndpointSecurity(Conventions conventions, bool authorized, bool rateLimited)
    {
        Conventions = conventions;
        Authorized = authorized;
        RateLimited = rateLimited;
    }

    public Conventions Conventions { get; }
    public bool Authorized { get; }
    public bool RateLimited { get; }
}

internal sealed partial class EndpointContext
{
    // Asked of every invocation by both endpoint analyzers: the prefix check turns almost every name away at its first
    // characters, where a set lookup hashed the whole name.
    private static bool IsMapName(string name) =>
        name.StartsWith("Map", StringComparison.Ordinal)
        && name is "Map" or "MapGet" or "MapPost" or "MapPut" or "MapPatch" or "MapDelete" or "MapMethods" or "MapFallback";

    /// <summary>The model endpoint mapped by <paramref name="invocation"/>, or null when it is not a Map* call or its handler reaches no inference.</summary>
    public ModelEndpoint? FindMinimalEndpoint(IInvocationOperation invocation, string ruleId, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (!IsMapName(method.Name) || !Conventions.IsAspNetCoreBuilderExtension(method))
            return null;

        IOperation? handler = null;
        string? pattern = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
                continue;
            if (MapHandlers.IsHandlerParameter(parameter))
                handler = argument.Value;
            else if (parameter.Name == "pattern" && argument.Value.ConstantValue is { HasValue: true, Value: string text })
                pattern = text;
        }

        handler = MapHandlers.Handler(handler, cancellationToken);

        IMethodSymbol? symbol;
        ImmutableArray<IOperation> bodies;
        SyntaxNode key;
        switch (handler)
        {
            case IAnonymousFunctionOperation lambda:
                symbol = lambda.Symbol;
                bodies = ImmutableArray.Create<IOperation>(lambda.Body);
                key = lambda.Syntax;
                break;
            case IMethodReferenceOperation reference:
                symbol = reference.Method;
                bodies = ImmutableArray.CreateRange(Bodies(reference.Method, cancellationToken));
                if (bodies.IsEmpty)
                    return null;
                key = bodies[0].Syntax;
                break;
            default:
                return null;
        }

        var user = UserTypes(invocation.Syntax.SyntaxTree, ruleId);
        if (ReachFromHandler(key, bodies, user, cancellationToken) is not { } inference)
            return null;

        var verb = method.Name switch
        {
            "MapGet" => "GET ",
            "MapPost" => "POST ",
            "MapPut" => "PUT ",
            "MapPatch" => "PATCH ",
            "MapDelete" => "DELETE ",
            _ => string.Empty,
        };
        var name = pattern is null ? method.Name : verb + pattern;
        return new ModelEndpoint(name, inference, Conventions.NameLocation(invocation), invocation, symbol, bodies);
    }

    /// <summary>The model endpoint <paramref name="action"/> is, or null when it is not an MVC action or reaches no inference.</summary>
    public ModelEndpoint? FindControllerAction(IMethodSymbol action, ImmutableArray<IOperation> blocks, string ruleId, CancellationToken cancellationToken)
    {
        if (!HasMvc || blocks.IsEmpty || action.Locations.IsEmpty)
            return null;
        var kind = ActionKind(action);
        if (kind == ControllerKind.None)
            return null;

        var tree = blocks[0].Syntax.SyntaxTree;
        var user = UserTypes(tree, ruleId);
        var key = action.DeclaringSyntaxReferences.IsEmpty ? blocks[0].Syntax : action.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (ReachFromHandler(key, blocks, user, cancellationToken) is not { } inference)
            return null;

        // MVC discovers a class by its name alone only in an app that uses MVC controllers; elsewhere a public
        // "...Controller" is an ordinary service (a DI class, an MVVM controller). Asked only of a model endpoint, so the
        // compilation scan behind it runs for the rare class that reaches inference.
        if (kind == ControllerKind.ByName && !Facts(tree, ruleId, cancellationToken).UsesMvcControllers)
            return null;

        return new ModelEndpoint(action.ContainingType.Name + "." + action.Name, inference, action.Locations[0], null, action, blocks);
    }

    /// <summary>How MVC would see a class: not a controller, a controller, or a controller only by its name.</summary>
    private enum ControllerKind : byte
    {
        None,

        /// <summary><c>[Controller]</c>/<c>[ApiController]</c> on it or a base (<c>ControllerBase</c> carries <c>[Controller]</c>).</summary>
        Controller,

        /// <summary>A public class named <c>...Controller</c> with neither: MVC's name convention, which needs MVC in the app.</summary>
        ByName,
    }

    /// <summary>
    /// False for a method that can be neither a controller action nor a hub method: asked once per method body before
    /// any rule, so that almost every method of an app costs one shape check and one cached lookup of its class.
    /// </summary>
    public bool MayBeActionOrHubMethod(IMethodSymbol method) =>
        HasEndpointMethodShape(method) && method.ContainingType is { } type
        && ClassKindOf(type) is var kind && (kind.Controller != ControllerKind.None || kind.IsHub);

    /// <summary>What both MVC and SignalR require of an action or hub method: a public, non-generic instance method with a body.</summary>
    private static bool HasEndpointMethodShape(IMethodSymbol method) =>
        method is { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsAbstract: false, IsGenericMethod: false };

    // One cached answer per class for both questions (controller, hub): every method of an app asks it.
    private (ControllerKind Controller, bool IsHub) ClassKindOf(INamedTypeSymbol type)
    {
        if (_classKinds.TryGetValue(type, out var known))
            return known;

        var controller = HasMvc ? KindOf(type) : ControllerKind.None;
        // Derives from Hub (Hub itself is no hub the app maps).
        var isHub = HasSignalR && type.TypeKind == TypeKind.Class && Types.Get(MlTypeNames.MicrosoftAspNetCoreSignalRHub) is { } hub
                    && type.BaseType is { } baseType && InferenceCalls.IsOrInherits(baseType, hub);
        return _classKinds.GetOrAdd(type, (controller, isHub));
    }

    // The containing type is asked first (once per type), so that the attributes of methods outside controllers are
    // never bound here.
    private ControllerKind ActionKind(IMethodSymbol method)
    {
        if (!HasEndpointMethodShape(method) || method.ContainingType is not { } type)
            return ControllerKind.None;

        var kind = ClassKindOf(type).Controller;
        return kind != ControllerKind.None && HasMvcAttribute(method.GetAttributes(), "NonActionAttribute") ? ControllerKind.None : kind;
    }

    /// <summary>ASP.NET Core's <c>ControllerFeatureProvider.IsController</c>, with the name-only case told apart.</summary>
    private static ControllerKind KindOf(INamedTypeSymbol? type)
    {
        if (type is not { TypeKind: TypeKind.Class, IsAbstract: false, IsGenericType: false, DeclaredAccessibility: Accessibility.Public })
            return ControllerKind.None;

        var byAttribute = false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            var attributes = current.GetAttributes();
            if (HasMvcAttribute(attributes, "NonControllerAttribute"))
                return ControllerKind.None;
            if (HasMvcAttribute(attributes, "ControllerAttribute") || HasMvcAttribute(attributes, "ApiControllerAttribute"))
                byAttribute = true;
        }

        if (byAttribute)
            return ControllerKind.Controller;
        return type.Name.EndsWith("Controller", StringComparison.Ordinal) ? ControllerKind.ByName : ControllerKind.None;
    }

    private static bool HasMvcAttribute(ImmutableArray<AttributeData> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is { } type && type.Name == name && Namespaces.Is(type.ContainingNamespace, "Microsoft.AspNetCore.Mvc"))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Authorization and rate limiting that reach <paramref name="endpoint"/>, computed the way ASP.NET Core builds the
    /// endpoint's metadata (for a hub method, its connection's, and what SignalR checks per invocation). Compilation-wide
    /// facts (fallback policy, global limiter and filters) are consulted only when the endpoint's own metadata does not
    /// decide; a controller action always reads what <c>MapControllers()</c> adds.
    /// </summary>
    public EndpointSecurity Evaluate(ModelEndpoint endpoint, string ruleId, bool needAuthorization, bool needRateLimiting, CancellationToken cancellationToken)
    {
        if (endpoint.IsFunction)
            return FunctionSecurity(endpoint, ruleId);

        var tree = endpoint.Location.SourceTree ?? endpoint.Bodies[0].Syntax.SyntaxTree;
        // The authorization-filter option is read per rule (a rule's own value may differ): a listed type counts as an
        // attribute of an action, controller or minimal-API handler, and as an endpoint filter on the chain or a group.
        var filters = Options.GetValue(tree, ruleId, AuthorizationFiltersOption) ?? string.Empty;
        var key = (endpoint.Location, filters);
        if (!_ownConventions.TryGetValue(key, out var own))
            own = _ownConventions.GetOrAdd(key, OwnConventions(endpoint, AuthorizationFilters(filters), cancellationToken));

        // The cached conventions are shared by both analyzers' callbacks: read, never changed.
        var conventions = new Conventions();
        conventions.Merge(own);

        var authorized = conventions.RequiresAuthorization;
        var rateLimited = conventions.RateLimited;

        // A listed hub filter runs for every invocation, like a hub method's [Authorize]: whatever the connection's
        // metadata says (AllowAnonymous included), it decides. Looked for only when a filter is listed and the hub method's
        // own metadata leaves it open.
        if (endpoint.IsHub && needAuthorization && (!authorized || conventions.AllowAnonymous.Count > 0)
            && HubFiltersAuthorize(endpoint, tree, ruleId, filters, cancellationToken))
        {
            return new EndpointSecurity(new Conventions(), authorized: true, rateLimited);
        }

        // What MapControllers() adds reaches every action. Its AllowAnonymous and DisableRateLimiting win over any
        // authorization or limiter (`app.MapControllers().AllowAnonymous()`), so they count even when the
        // controller's own attributes decide.
        var routes = endpoint.IsController ? Conventions.AllOf(Facts(tree, ruleId, cancellationToken).ControllerRoutes) : null;
        if (routes is not null)
        {
            conventions.AllowAnonymous.AddRange(routes.AllowAnonymous);
            conventions.DisableRateLimiting.AddRange(routes.DisableRateLimiting);
        }

        var decided = (!needAuthorization || authorized || conventions.AllowAnonymous.Count > 0)
                      && (!needRateLimiting || rateLimited || conventions.DisableRateLimiting.Count > 0);
        if (!decided)
        {
            var facts = Facts(tree, ruleId, cancellationToken);
            authorized |= facts.HasFallbackPolicy;
            rateLimited |= facts.HasGlobalLimiter;
            if (routes is not null)
            {
                authorized |= facts.HasGlobalAuthorizationFilter || routes.RequiresAuthorization;
                rateLimited |= routes.RateLimited;
            }
        }

        return new EndpointSecurity(conventions, authorized, rateLimited);
    }

    /// <summary>What the endpoint's own fluent chain, groups and attributes add, before any compilation-wide fact.</summary>
    private Conventions OwnConventions(ModelEndpoint endpoint, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var conventions = new Conventions();
        if (endpoint.MapCall is { } map)
        {
            conventions.Merge(ConventionsAfter(map, filters, cancellationToken));
            conventions.Merge(ConventionsOfReceiver(Arguments.ForParameter(map.Arguments, 0)?.Value, filters, cancellationToken));

            // RequestDelegateFactory turns the handler's attributes (not its class's) into endpoint metadata.
            if (endpoint.Handler is { } handler)
                AddAttributes(handler.GetAttributes(), conventions, filters, runsMvcFilters: false, cancellationToken);
        }
        else if (endpoint.IsHub && endpoint.Handler is { } hubMethod)
        {
            conventions.Merge(HubConventions(endpoint, hubMethod, filters, cancellationToken));
        }
        else if (endpoint.Handler is { } action)
        {
            AddAttributes(action.GetAttributes(), conventions, filters, runsMvcFilters: true, cancellationToken);
            for (var type = action.ContainingType; type is not null; type = type.BaseType)
                AddAttributes(type.GetAttributes(), conventions, filters, runsMvcFilters: true, cancellationToken);
        }

        // The same AllowAnonymous may be reached twice: from the value a helper returns and from its body.
        Distinct(conventions.AllowAnonymous);
        Distinct(conventions.DisableRateLimiting);
        return conventions;
    }

    /// <summary>
    /// Records the attributes' metadata. An attribute of a type listed in <paramref name="filters"/> authorizes, except an
    /// MVC filter (<c>IFilterMetadata</c>) on a minimal-API handler (<paramref name="runsMvcFilters"/> false): there it is
    /// only metadata, which no MVC filter pipeline runs, while a marker read by the app's own middleware still counts.
    /// </summary>
    private void AddAttributes(
        ImmutableArray<AttributeData> attributes, Conventions conventions, AuthorizationFilterNames? filters, bool runsMvcFilters, CancellationToken cancellationToken)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type)
                continue;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
            conventions.AddMetadata(type, location, this);
            if (filters is not null && filters.Contains(type) && (runsMvcFilters || !IsMvcFilter(type)))
                conventions.RequiresAuthorization = true;
        }
    }

    private bool IsMvcFilter(ITypeSymbol type) =>
        Types.Get(MlTypeNames.MicrosoftAspNetCoreMvcFiltersIFilterMetadata) is { } filterMetadata && InferenceCalls.IsOrInherits(type, filterMetadata);
}
