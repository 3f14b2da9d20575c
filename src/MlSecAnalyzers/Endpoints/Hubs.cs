using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// SignalR hub methods as model endpoints, the way ASP.NET Core's SignalR finds and authorizes them:
/// <list type="bullet">
/// <item>a hub method is a public instance method of a class deriving from <c>Hub</c> (or <c>Hub&lt;T&gt;</c>), its own or
/// inherited, except the overrides of <c>Hub</c>'s and <c>object</c>'s members (<c>OnConnectedAsync</c>,
/// <c>OnDisconnectedAsync</c>, <c>ToString</c>...) and the <c>IDisposable.Dispose</c> implementation
/// (<c>HubReflectionHelper.GetHubMethods</c>); generic methods make the hub fail at startup and are never invoked;</item>
/// <item>a hub is reachable only through <c>MapHub&lt;THub&gt;(pattern)</c>: a hub class the compilation never maps is not an
/// endpoint here (it may be mapped by another project);</item>
/// <item>the connection (negotiate and transport requests) is an endpoint like any other: <c>MapHub</c> adds the hub class's
/// attributes (inherited ones included) and <c>HttpConnectionDispatcherOptions.AuthorizationData</c> to its metadata, and the
/// conventions on the <c>MapHub</c> call and its groups, and the fallback policy, apply;</item>
/// <item>each invocation is authorized again by the <c>[Authorize]</c> attributes (<c>AuthorizeAttribute</c> and subclasses) of
/// the method or the methods it overrides (<c>DefaultHubDispatcher</c>), whatever the connection allowed; an
/// <c>[AllowAnonymous]</c> on a hub method is ignored by SignalR, so it neither opens nor protects anything.</item>
/// </list>
/// </summary>
internal sealed partial class EndpointContext
{
    private readonly object _mappedHubsGate = new();
    private Dictionary<INamedTypeSymbol, List<IInvocationOperation>>? _mappedHubs;

    /// <summary>The model endpoint <paramref name="method"/> is as a hub method of a mapped hub, or null.</summary>
    public ModelEndpoint? FindHubMethod(IMethodSymbol method, ImmutableArray<IOperation> blocks, string ruleId, CancellationToken cancellationToken)
    {
        // Shape and hub class first (one cached lookup per class): this runs for every method body of a web app.
        if (!HasSignalR || blocks.IsEmpty || method.Locations.IsEmpty
            || !HasEndpointMethodShape(method)
            || method.ContainingType is not { TypeKind: TypeKind.Class } type
            || !ClassKindOf(type).IsHub
            || !IsInvocable(method, type))
        {
            return null;
        }

        var hubs = ExposingHubs(method, type, cancellationToken);
        if (hubs.IsEmpty)
            return null;

        var user = UserTypes(blocks[0].Syntax.SyntaxTree, ruleId);
        var key = method.DeclaringSyntaxReferences.IsEmpty ? blocks[0].Syntax : method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (ReachFromHandler(key, blocks, user, cancellationToken) is not { } inference)
            return null;

        return new ModelEndpoint(type.Name + "." + method.Name, inference, method.Locations[0], null, method, blocks, hubs);
    }

    /// <summary>
    /// False for what SignalR leaves out of a hub's methods: overrides of members declared on <c>Hub</c> or <c>object</c>,
    /// and the hub's <c>IDisposable.Dispose</c> implementation.
    /// </summary>
    private bool IsInvocable(IMethodSymbol method, INamedTypeSymbol type)
    {
        var root = method;
        while (root.OverriddenMethod is { } overridden)
            root = overridden;
        if (root.ContainingType is not { } declaring
            || declaring.SpecialType == SpecialType.System_Object
            || (Types.Get(MlTypeNames.MicrosoftAspNetCoreSignalRHub) is { } hub && SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, hub)))
        {
            return false;
        }

        if (method.Name == "Dispose" && method.Parameters.IsEmpty)
        {
            foreach (var member in Compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose"))
            {
                if (type.FindImplementationForInterfaceMember(member) is { } implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, method.OriginalDefinition))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The mapped hubs through which a client invokes <paramref name="method"/>: <paramref name="declaring"/> itself and the
    /// mapped classes derived from it, unless a class between them declares a public method of the same name (an override
    /// or a hiding method is what SignalR invokes then; an overload makes the hub fail at startup).
    /// </summary>
    private ImmutableArray<INamedTypeSymbol> ExposingHubs(IMethodSymbol method, INamedTypeSymbol declaring, CancellationToken cancellationToken)
    {
        var mapped = MappedHubs(cancellationToken);
        if (mapped.Count == 0)
            return ImmutableArray<INamedTypeSymbol>.Empty;

        var definition = declaring.OriginalDefinition;
        ImmutableArray<INamedTypeSymbol>.Builder? hubs = null;
        foreach (var hub in mapped.Keys)
        {
            var exposed = false;
            for (var current = hub; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
                {
                    exposed = true;
                    break;
                }

                if (DeclaresPublicMethodNamed(current, method.Name))
                    break;
            }

            if (exposed)
                (hubs ??= ImmutableArray.CreateBuilder<INamedTypeSymbol>()).Add(hub);
        }

        return hubs is null ? ImmutableArray<INamedTypeSymbol>.Empty : hubs.ToImmutable();
    }

    private static bool DeclaresPublicMethodNamed(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false })
                return true;
        }

        return false;
    }

    /// <summary>
    /// The hub classes the compilation maps, each with its <c>MapHub&lt;THub&gt;</c> calls: the calls named <c>MapHub</c>
    /// from the compilation's name index, bound once per compilation, the first time a hub method is met. A
    /// <c>MapHub&lt;T&gt;</c> whose type argument is a type parameter (a generic helper) maps no hub we can name.
    /// </summary>
    private Dictionary<INamedTypeSymbol, List<IInvocationOperation>> MappedHubs(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _mappedHubs) is { } known)
            return known;

        // A cancelled search stores nothing, so the next request starts over.
        Gates.Enter(_mappedHubsGate, cancellationToken);
        try
        {
            if (_mappedHubs is { } raced)
                return raced;

            var mapped = new Dictionary<INamedTypeSymbol, List<IInvocationOperation>>(SymbolEqualityComparer.Default);
            foreach (var invocation in SyntaxNameIndex.For(Compilation).Invocations("MapHub", cancellationToken))
            {
                if (GetModel(invocation.SyntaxTree).GetOperation(invocation, cancellationToken) is IInvocationOperation map
                    && map.TargetMethod is { Name: "MapHub", TypeArguments.Length: 1 } target
                    && target.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class } hub
                    && Conventions.IsAspNetCoreBuilderExtension(target))
                {
                    if (!mapped.TryGetValue(hub, out var calls))
                        mapped.Add(hub, calls = new List<IInvocationOperation>());
                    calls.Add(map);
                }
            }

            Volatile.Write(ref _mappedHubs, mapped);
            return mapped;
        }
        finally
        {
            Monitor.Exit(_mappedHubsGate);
        }
    }

    /// <summary>
    /// What reaches a hub method: its own <c>[Authorize]</c> (or a listed authorization attribute), which SignalR checks on
    /// each invocation whatever the connection allowed; otherwise what reaches the connection of every hub that exposes
    /// it, each <c>MapHub</c> call a path: the hub class's attributes, the call's conventions and groups, and
    /// <c>AuthorizationData</c> added in its options.
    /// </summary>
    private Conventions HubConventions(ModelEndpoint endpoint, IMethodSymbol method, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        if (AuthorizesInvocation(method, filters))
            return new Conventions { RequiresAuthorization = true };

        var mapped = MappedHubs(cancellationToken);
        var paths = new List<Conventions>();
        foreach (var hub in endpoint.Hubs)
        {
            if (!mapped.TryGetValue(hub, out var calls))
                continue;

            // MapHub adds typeof(THub).GetCustomAttributes(inherit: true) to the endpoint's metadata.
            var attributes = new Conventions();
            for (var type = hub; type is not null; type = type.BaseType)
                AddAttributes(type.GetAttributes(), attributes, filters, runsMvcFilters: false, cancellationToken);

            foreach (var map in calls)
            {
                var path = new Conventions();
                path.Merge(attributes);
                path.Merge(ConventionsAfter(map, filters, cancellationToken));
                path.Merge(ConventionsOfReceiver(ThisArgument(map), filters, cancellationToken));
                if (!path.RequiresAuthorization && AddsAuthorizationData(map, cancellationToken))
                    path.RequiresAuthorization = true;
                paths.Add(path);
            }
        }

        var result = Conventions.AllOf(paths);
        Distinct(result.AllowAnonymous);
        Distinct(result.DisableRateLimiting);
        return result;
    }

    /// <summary>
    /// <c>[Authorize]</c> (<c>AuthorizeAttribute</c> or a subclass: SignalR reads no other <c>IAuthorizeData</c> on a method)
    /// on the method or a method it overrides, or an attribute listed in <c>mlsec.authorization_filters</c> that is not an
    /// MVC filter (a hub filter may read it; MVC's filters never run for hubs).
    /// </summary>
    private bool AuthorizesInvocation(IMethodSymbol method, AuthorizationFilterNames? filters)
    {
        var authorize = Types.Get(MlTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizeAttribute);
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type)
                    continue;
                if (authorize is not null && InferenceCalls.IsOrInherits(type, authorize))
                    return true;
                if (filters is not null && filters.Contains(type) && !IsMvcFilter(type))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>MapHub&lt;T&gt;(pattern, o =&gt; o.AuthorizationData.Add(new AuthorizeAttribute(...)))</c>, or a method of the
    /// compilation whose body does it, passed as a method group (<c>MapHub&lt;T&gt;(pattern, Setup.Configure)</c>) or
    /// given the options by the lambda (<c>o =&gt; Setup.Configure(o)</c>, <c>o =&gt; o.Secure()</c>): the connection
    /// endpoints carry the added data as metadata. Asked only of a mapping that nothing else authorizes.
    /// </summary>
    private bool AddsAuthorizationData(IInvocationOperation map, CancellationToken cancellationToken)
    {
        foreach (var argument in map.Arguments)
        {
            if (argument.Parameter?.Name != "configureOptions" || argument.ArgumentKind != ArgumentKind.Explicit)
                continue;

            if (AddsAuthorizationData(argument.Value))
                return true;

            var value = argument.Value;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            if (value is not IDelegateCreationOperation { Target: var target })
                continue;

            switch (target)
            {
                // A virtual method's body may not be the one that runs (an override may): not read.
                case IMethodReferenceOperation { Method: { IsVirtual: false, IsAbstract: false, IsOverride: false } method }:
                    if (MethodAddsAuthorizationData(method, cancellationToken))
                        return true;
                    break;

                // `o => Setup.Configure(o)`: a method of the compilation the lambda hands its options to, read like the
                // method group.
                case IAnonymousFunctionOperation { Symbol.Parameters: { Length: 1 } parameters, Body: { } lambdaBody }:
                    foreach (var operation in lambdaBody.Descendants())
                    {
                        if (operation is IInvocationOperation { TargetMethod: { IsVirtual: false, IsAbstract: false, IsOverride: false } called } call
                            && PassesParameter(call, parameters[0])
                            && MethodAddsAuthorizationData(called, cancellationToken))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool MethodAddsAuthorizationData(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!IsDeclaredInCompilation(method))
            return false;

        foreach (var body in Bodies((method.ReducedFrom ?? method).OriginalDefinition, cancellationToken))
        {
            if (AddsAuthorizationData(body))
                return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="parameter"/> itself is an argument of <paramref name="call"/> (its receiver included).</summary>
    private static bool PassesParameter(IInvocationOperation call, IParameterSymbol parameter)
    {
        if (call.Instance is not null && IsParameter(call.Instance, parameter))
            return true;
        foreach (var argument in call.Arguments)
        {
            if (IsParameter(argument.Value, parameter))
                return true;
        }

        return false;

        static bool IsParameter(IOperation value, IParameterSymbol parameter)
        {
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            return value is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);
        }
    }

    private static bool AddsAuthorizationData(IOperation configure)
    {
        foreach (var operation in configure.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Add", Instance: IPropertyReferenceOperation { Property: { Name: "AuthorizationData" } property } }
                && property.ContainingType?.Name == "HttpConnectionDispatcherOptions")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a hub filter of a type listed in <c>mlsec.authorization_filters</c> runs for every invocation of the hub
    /// method: added to the global hub options, or to the options of each hub that exposes it.
    /// </summary>
    private bool HubFiltersAuthorize(ModelEndpoint endpoint, SyntaxTree tree, string ruleId, string filters, CancellationToken cancellationToken)
    {
        if (AuthorizationFilters(filters) is null)
            return false;

        var facts = Facts(tree, ruleId, cancellationToken);
        if (facts.HasGlobalHubAuthorizationFilter)
            return true;

        foreach (var hub in endpoint.Hubs)
        {
            if (!facts.HubsWithAuthorizationFilter.Contains(hub))
                return false;
        }

        return true;
    }

    private static void Distinct(List<Location> locations)
    {
        if (locations.Count < 2)
            return;
        var seen = new HashSet<Location>();
        locations.RemoveAll(location => !seen.Add(location));
    }
}
