using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// The endpoint conventions that reach a builder (an endpoint, a group, <c>MapControllers()</c>): what ASP.NET Core adds
/// to the endpoint's metadata when the app starts. Paths that may or may not apply (a helper called from two places)
/// combine pessimistically: authorization and rate limiting hold only when they hold on every path, while an
/// <c>AllowAnonymous</c> or <c>DisableRateLimiting</c> on any path is kept.
/// </summary>
internal sealed class Conventions
{
    public bool RequiresAuthorization { get; set; }
    public bool RateLimited { get; set; }
    public List<Location> AllowAnonymous { get; } = new();
    public List<Location> DisableRateLimiting { get; } = new();

    /// <summary>The initializer of the group local the endpoint is mapped on, when that local is declared in the endpoint's method.</summary>
    public SyntaxNode? GroupInitializer { get; set; }

    public void Merge(Conventions other)
    {
        RequiresAuthorization |= other.RequiresAuthorization;
        RateLimited |= other.RateLimited;
        AllowAnonymous.AddRange(other.AllowAnonymous);
        DisableRateLimiting.AddRange(other.DisableRateLimiting);
        GroupInitializer ??= other.GroupInitializer;
    }

    /// <summary>Combines alternative paths: a guarantee holds only if it holds on all of them (none: no guarantee).</summary>
    public static Conventions AllOf(List<Conventions> paths)
    {
        var result = new Conventions();
        if (paths.Count == 0)
            return result;

        result.RequiresAuthorization = true;
        result.RateLimited = true;
        foreach (var path in paths)
        {
            result.RequiresAuthorization &= path.RequiresAuthorization;
            result.RateLimited &= path.RateLimited;
            result.AllowAnonymous.AddRange(path.AllowAnonymous);
            result.DisableRateLimiting.AddRange(path.DisableRateLimiting);
        }

        return result;
    }

    /// <summary>
    /// Records what the convention call <paramref name="invocation"/> adds (nothing when it is not one we know).
    /// <paramref name="filters"/> is the <c>mlsec.authorization_filters</c> value, null when it is empty: only then are
    /// endpoint filters looked at.
    /// </summary>
    public void Add(IInvocationOperation invocation, EndpointContext context, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (filters is not null && method.Name == "AddEndpointFilter")
        {
            if (AddsListedEndpointFilter(invocation, filters, context, cancellationToken))
                RequiresAuthorization = true;
            return;
        }

        if (!IsAspNetCoreBuilderExtension(method))
            return;

        switch (method.Name)
        {
            case "RequireAuthorization":
                RequiresAuthorization = true;
                break;
            case "AllowAnonymous":
                AllowAnonymous.Add(NameLocation(invocation));
                break;
            case "RequireRateLimiting":
                RateLimited = true;
                break;
            case "DisableRateLimiting":
                DisableRateLimiting.Add(NameLocation(invocation));
                break;
            case "WithMetadata":
                foreach (var argument in invocation.Arguments)
                {
                    foreach (var item in argument.Value.DescendantsAndSelf())
                    {
                        if (item is IObjectCreationOperation { Type: { } type } creation)
                            AddMetadata(type, creation.Syntax.GetLocation(), context);
                    }
                }

                break;
        }
    }

    /// <summary>Records an attribute or metadata object of <paramref name="type"/> on the endpoint.</summary>
    public void AddMetadata(ITypeSymbol type, Location location, EndpointContext context)
    {
        if (context.Types.Get(MlTypeNames.MicrosoftAspNetCoreAuthorizationIAllowAnonymous) is { } allowAnonymous && InferenceCalls.IsOrInherits(type, allowAnonymous))
            AllowAnonymous.Add(location);
        if (context.Types.Get(MlTypeNames.MicrosoftAspNetCoreAuthorizationIAuthorizeData) is { } authorizeData && InferenceCalls.IsOrInherits(type, authorizeData))
            RequiresAuthorization = true;
        if (context.Types.Get(MlTypeNames.MicrosoftAspNetCoreRateLimitingEnableRateLimitingAttribute) is { } enable && InferenceCalls.IsOrInherits(type, enable))
            RateLimited = true;
        if (context.Types.Get(MlTypeNames.MicrosoftAspNetCoreRateLimitingDisableRateLimitingAttribute) is { } disable && InferenceCalls.IsOrInherits(type, disable))
            DisableRateLimiting.Add(location);
    }

    /// <summary>
    /// <c>AddEndpointFilter&lt;T&gt;()</c>, <c>AddEndpointFilter(new T(...))</c> or <c>AddEndpointFilter(x)</c> with
    /// <c>x</c> of static type <c>T</c>, or holding a <c>new T(...)</c> for certain (<see cref="CreatedType"/>), where
    /// <c>T</c> (or a base type or interface) is listed in <paramref name="filters"/>. A lambda filter (the
    /// <c>Func&lt;...&gt;</c> overload) never is, nor is <c>AddEndpointFilterFactory</c>: what either does is code, not a
    /// type the user vouched for.
    /// </summary>
    private static bool AddsListedEndpointFilter(IInvocationOperation invocation, AuthorizationFilterNames filters, EndpointContext context, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || !Namespaces.Is(method.ContainingNamespace, "Microsoft.AspNetCore.Http"))
            return false;

        // The generic overloads: the type argument of the parameter constrained to IEndpointFilter (not TBuilder).
        for (var i = 0; i < method.TypeParameters.Length && i < method.TypeArguments.Length; i++)
        {
            foreach (var constraint in method.TypeParameters[i].ConstraintTypes)
            {
                if (constraint.Name == "IEndpointFilter" && filters.Contains(method.TypeArguments[i]))
                    return true;
            }
        }

        // The instance overload: the static type of the value passed as the IEndpointFilter.
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.Name != "IEndpointFilter")
                continue;
            var value = argument.Value;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            if (value.Type is { } type && filters.Contains(type))
                return true;

            // `IEndpointFilter filter = new ApiKeyFilter();`: the type the one value it holds was created with.
            if (CreatedType(value, context, cancellationToken) is { } created && filters.Contains(created))
                return true;
        }

        return false;
    }

    /// <summary>
    /// The type of the <c>new T(...)</c> a local, field or property certainly holds, whatever its declared type
    /// (<c>IEndpointFilter</c>, a base class): a local's single value, or the value of a readonly field or get-only
    /// property that no constructor replaces (<see cref="ConstantSecretResolver.MemberValue"/>). Not a virtual property:
    /// an override may return something else. Null otherwise, and for a member of another project.
    /// </summary>
    internal static ITypeSymbol? CreatedType(IOperation value, EndpointContext context, CancellationToken cancellationToken)
    {
        var held = value switch
        {
            ILocalReferenceOperation local => LocalValues.SingleValue(local, cancellationToken),
            IFieldReferenceOperation { Field: var field } => ConstantSecretResolver.MemberValue(field, value, context.Compilation, cancellationToken),
            IPropertyReferenceOperation { Property: { IsVirtual: false, IsAbstract: false, IsOverride: false, IsIndexer: false } property }
                => ConstantSecretResolver.MemberValue(property, value, context.Compilation, cancellationToken),
            _ => null,
        };

        while (held is IConversionOperation conversion)
            held = conversion.Operand;
        return held is IObjectCreationOperation { Type: { } created } ? created : null;
    }

    internal static bool IsAspNetCoreBuilderExtension(IMethodSymbol method) =>
        method.IsExtensionMethod
        && method.ContainingNamespace is { Name: "Builder", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } };

    internal static Location NameLocation(IInvocationOperation invocation) =>
        invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax
            ? syntax.Expression switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.Identifier.GetLocation(),
                Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name => name.Identifier.GetLocation(),
                _ => syntax.GetLocation(),
            }
            : invocation.Syntax.GetLocation();
}

internal sealed partial class EndpointContext
{
    /// <summary>A call frame while following a builder through helper methods: the call whose parameters are in scope.</summary>
    private sealed class Frame
    {
        public Frame(IInvocationOperation call, Frame? outer)
        {
            Call = call;
            Outer = outer;
        }

        public IInvocationOperation Call { get; }
        public Frame? Outer { get; }
    }

    /// <summary>
    /// The conventions applied to <paramref name="builderExpression"/> after it is created: the fluent chain that
    /// follows it (<c>.RequireAuthorization().WithName(...)</c>) and, when it ends in a local, every later
    /// <c>local.Convention()</c> call in the same body.
    /// </summary>
    public Conventions ConventionsAfter(IOperation builderExpression, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var result = new Conventions();
        CollectUpward(builderExpression, result, followLocals: true, 0, filters, cancellationToken);
        return result;
    }

    /// <summary>What the groups a builder is derived from contribute: <c>MapGroup</c> chains, nested groups, locals, helpers.</summary>
    public Conventions ConventionsOfReceiver(IOperation? receiver, AuthorizationFilterNames? filters, CancellationToken cancellationToken) =>
        Down(receiver, 0, null, filters, cancellationToken);

    /// <summary>
    /// Records the conventions chained on <paramref name="expression"/> and, when <paramref name="followLocals"/>, on the
    /// local it is stored in. <paramref name="helperBody"/> is set while reading a convention helper's body (see
    /// <see cref="HelperConventions"/>): returns are not followed to the helper's callers, and a use that may not run
    /// (<see cref="RunsOnEveryPath"/>) adds only what is kept on any path (AllowAnonymous, DisableRateLimiting).
    /// </summary>
    private void CollectUpward(
        IOperation expression, Conventions into, bool followLocals, int depth, AuthorizationFilterNames? filters, CancellationToken cancellationToken,
        IOperation? helperBody = null)
    {
        if (helperBody is not null && !RunsOnEveryPath(expression, helperBody))
        {
            var maybe = new Conventions();
            CollectChain(expression, maybe, followLocals, depth, filters, cancellationToken, helperBody);
            into.Merge(Conventions.AllOf(new List<Conventions> { maybe, new Conventions() }));
            return;
        }

        CollectChain(expression, into, followLocals, depth, filters, cancellationToken, helperBody);
    }

    private void CollectChain(
        IOperation expression, Conventions into, bool followLocals, int depth, AuthorizationFilterNames? filters, CancellationToken cancellationToken,
        IOperation? helperBody)
    {
        var current = expression;
        while (true)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parameter.Ordinal: 0 } argument
                && argument.Parent is IInvocationOperation invocation
                && invocation.TargetMethod.IsExtensionMethod
                && IsConventionCall(invocation))
            {
                AddConvention(into, invocation, depth, filters, cancellationToken);
                current = invocation;
                continue;
            }

            // `Security.Secure(endpoint)`, `Secure(policy, endpoint)` or `endpoint.Secure();` (a void extension helper): any
            // other method of the compilation the builder is passed to, a static method, a local function or a
            // non-virtual instance method, applies what its body applies to that parameter; one that is not an extension
            // or Map* method and returns a builder is a convention whose result the chain goes on with.
            if (parent is IArgumentOperation { Parameter: { } parameter } passed
                && passed.Parent is IInvocationOperation helperCall
                && IsBuilderHelper(helperCall.TargetMethod, parameter))
            {
                if (depth < MaxCallDepth)
                    into.Merge(HelperConventions((helperCall.TargetMethod.ReducedFrom ?? helperCall.TargetMethod).OriginalDefinition, parameter.Ordinal, depth + 1, filters, cancellationToken));
                if (helperCall.TargetMethod.IsExtensionMethod || helperCall.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)
                    || !IsConventionBuilder(helperCall.TargetMethod.ReturnType))
                {
                    return;
                }

                current = helperCall;
                continue;
            }

            break;
        }

        // A helper that returns the builder (`MapPredict(this IEndpointRouteBuilder r) => r.MapPost(...)`, or a group
        // it mapped endpoints on): what its callers chain on the result (`app.MapPredict().RequireAuthorization()`)
        // reaches the endpoint too, when it holds on every call path.
        if (current.Parent is IReturnOperation returned)
        {
            if (helperBody is null && depth < MaxCallDepth && ReturningMethod(returned, cancellationToken) is { } helper)
            {
                var paths = new List<Conventions>();
                var sites = CallSites(helper, cancellationToken, out var otherUses);
                foreach (var site in sites)
                {
                    var path = new Conventions();
                    CollectUpward(site, path, followLocals: true, depth + 1, filters, cancellationToken);
                    paths.Add(path);
                }

                // A local function also used as a method group: a caller that cannot be followed, a path with no guarantee.
                if (otherUses)
                    paths.Add(new Conventions());

                into.Merge(Conventions.AllOf(paths));
            }

            return;
        }

        if (!followLocals)
            return;

        ILocalSymbol? local = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
            return;

        foreach (var reference in LocalReferences(current, local))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CollectUpward(reference, into, followLocals: false, depth, filters, cancellationToken, helperBody);
        }
    }

    /// <summary>True for calls that return the builder they were given (conventions), not Map*/MapGroup.</summary>
    private static bool IsConventionCall(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (name.StartsWith("Map", StringComparison.Ordinal))
            return false;

        return IsConventionBuilder(invocation.TargetMethod.ReturnType);
    }

    /// <summary>
    /// A method declared in the compilation whose body is the one that runs (static, a local function, or a non-virtual
    /// instance method: an override may run instead of a virtual one), given a convention builder as
    /// <paramref name="parameter"/>. Asked only of a builder passed as an argument to a call that is not a framework
    /// convention: the declaration is looked at first, so a framework method costs one check.
    /// </summary>
    private static bool IsBuilderHelper(IMethodSymbol method, IParameterSymbol parameter) =>
        !method.DeclaringSyntaxReferences.IsEmpty
        && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && (method.IsStatic || !(method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface))
        && parameter.RefKind == RefKind.None
        && IsConventionBuilder(parameter.Type);

    private static bool IsConventionBuilder(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (constraint.Name == "IEndpointConventionBuilder")
                    return true;
            }

            return false;
        }

        if (type.Name == "IEndpointConventionBuilder")
            return true;
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name == "IEndpointConventionBuilder")
                return true;
        }

        return false;
    }

    /// <summary>
    /// Records what the convention call <paramref name="invocation"/> adds: a framework convention by name, and for an
    /// extension method declared in the compilation (<c>.Secured()</c> wrapping <c>RequireAuthorization</c>), what its
    /// body applies to its <c>this</c> parameter.
    /// </summary>
    private void AddConvention(Conventions into, IInvocationOperation invocation, int depth, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        into.Add(invocation, this, filters, cancellationToken);

        // Framework conventions come from metadata, with no declaration: the common case stops here.
        var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
        if (depth < MaxCallDepth && !method.DeclaringSyntaxReferences.IsEmpty && method.IsExtensionMethod)
            into.Merge(HelperConventions(method, 0, depth + 1, filters, cancellationToken));
    }

    /// <summary>
    /// What the convention helper <paramref name="method"/> (a method declared in the compilation: an extension method's
    /// <c>this</c> parameter, or the parameter a builder is passed to) applies to its parameter at
    /// <paramref name="ordinal"/>: conventions called on the parameter, on a fluent chain from it, on a local holding it,
    /// or through another such helper (up to <see cref="MaxCallDepth"/>). Authorization and rate limiting count only from
    /// a use that runs whenever the helper returns (<see cref="RunsOnEveryPath"/>): <c>if (x) b.RequireAuthorization();</c>
    /// guarantees nothing, while an <c>AllowAnonymous</c> or <c>DisableRateLimiting</c> counts wherever it is. A helper of
    /// another project (no body this compilation can bind) or one that assigns its parameter adds nothing. Cached per
    /// helper, parameter, depth and filter option.
    /// </summary>
    private Conventions HelperConventions(IMethodSymbol method, int ordinal, int depth, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        var key = (method, ordinal, depth, filters);
        if (_helperConventions.TryGetValue(key, out var cached))
            return cached;

        var result = new Conventions();
        if (method.Parameters.Length > ordinal)
        {
            foreach (var body in Bodies(method, cancellationToken))
            {
                // A method's block or expression body (half-typed code can have both: which one runs is unclear), or a
                // local function's body.
                var block = body switch
                {
                    IMethodBodyOperation { BlockBody: { } blockBody, ExpressionBody: null } => blockBody,
                    IMethodBodyOperation { BlockBody: null, ExpressionBody: { } expressionBody } => expressionBody,
                    IBlockOperation localFunctionBody => localFunctionBody,
                    _ => null,
                };
                if (block is null)
                    continue;

                var found = new Conventions();
                var assigned = false;
                foreach (var operation in block.Descendants())
                {
                    if (operation is not IParameterReferenceOperation reference
                        || reference.Parameter.Ordinal != ordinal
                        || !SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol.OriginalDefinition, method))
                    {
                        continue;
                    }

                    if (IsAssigned(reference))
                    {
                        assigned = true;
                        break;
                    }

                    CollectUpward(reference, found, followLocals: true, depth, filters, cancellationToken, block);
                }

                if (!assigned)
                    result.Merge(found);
            }
        }

        return _helperConventions.GetOrAdd(key, result);
    }

    private static bool IsAssigned(IParameterReferenceOperation reference) =>
        reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter: { } parameter } => parameter.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };

    /// <summary>
    /// True when <paramref name="use"/> runs whenever the helper whose body is <paramref name="body"/> returns: it is in a
    /// top-level statement of the body, reached only through calls, arguments, conversions, declarations, assignments,
    /// returns and awaits (no condition, loop, <c>?.</c>, <c>??</c>, <c>&amp;&amp;</c>, lambda or try), and no earlier
    /// top-level statement can return.
    /// </summary>
    private static bool RunsOnEveryPath(IOperation use, IOperation body)
    {
        var node = use;
        while (node.Parent is { } parent && parent != body)
        {
            switch (parent)
            {
                case IInvocationOperation or IArgumentOperation or IConversionOperation or IExpressionStatementOperation
                    or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation
                    or IVariableDeclarationGroupOperation or ISimpleAssignmentOperation or IReturnOperation or IAwaitOperation:
                    node = parent;
                    continue;
                default:
                    return false;
            }
        }

        if (node.Parent != body || body is not IBlockOperation block)
            return false;

        foreach (var statement in block.Operations)
        {
            if (statement == node)
                return true;
            if (CanLeave(statement))
                return false;
        }

        return false;
    }

    /// <summary>A return, <c>yield break</c> or <c>goto</c> in <paramref name="statement"/>, outside lambdas and local functions.</summary>
    private static bool CanLeave(IOperation statement)
    {
        var stack = new Stack<IOperation>();
        stack.Push(statement);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case IReturnOperation:
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    return true;
            }

            foreach (var child in current.ChildOperations)
                stack.Push(child);
        }

        return false;
    }

    private static IReadOnlyList<ILocalReferenceOperation> LocalReferences(IOperation inside, ILocalSymbol local) =>
        LocalValues.UsesOf(inside, local) is { } uses ? uses.References : Array.Empty<ILocalReferenceOperation>();

    private Conventions Down(IOperation? expression, int depth, Frame? frame, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (expression is IConversionOperation conversion)
            expression = conversion.Operand;

        switch (expression)
        {
            case IInvocationOperation invocation when invocation.TargetMethod.IsExtensionMethod
                                                      && invocation.Arguments.Length > 0
                                                      && invocation.TargetMethod.Name == "MapGroup"
                                                      && Conventions.IsAspNetCoreBuilderExtension(invocation.TargetMethod):
                return Down(ThisArgument(invocation), depth, frame, filters, cancellationToken);

            case IInvocationOperation invocation when invocation.TargetMethod.IsExtensionMethod
                                                      && invocation.Arguments.Length > 0
                                                      && IsConventionCall(invocation):
            {
                var result = Down(ThisArgument(invocation), depth, frame, filters, cancellationToken);
                AddConvention(result, invocation, depth, filters, cancellationToken);
                return result;
            }

            case ILocalReferenceOperation reference:
            {
                var result = new Conventions();
                var initializer = LocalValues.UsesOf(reference, reference.Local)?.Initializer;
                if (initializer is not null)
                {
                    result.Merge(Down(initializer, depth, frame, filters, cancellationToken));
                    if (depth == 0 && frame is null && reference.Local.Type?.Name == "RouteGroupBuilder")
                        result.GroupInitializer = initializer.Syntax;
                }

                // Later calls on the group local, and, when it is returned, what the helper's callers chain on it.
                foreach (var other in LocalReferences(reference, reference.Local))
                    CollectUpward(other, result, followLocals: false, depth, filters, cancellationToken);

                return result;
            }

            case IParameterReferenceOperation parameter:
            {
                if (frame is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol.OriginalDefinition, (frame.Call.TargetMethod.ReducedFrom ?? frame.Call.TargetMethod).OriginalDefinition))
                {
                    if (Arguments.ForParameter(frame.Call.Arguments, parameter.Parameter.Ordinal) is not { } passed)
                        return new Conventions();

                    var result = Down(passed.Value, depth + 1, frame.Outer, filters, cancellationToken);

                    // A helper returning the builder it was given, or a group of it (`Secure(app.MapGroup("/ml"))`): what
                    // its body applies to that parameter on every path (`g.RequireAuthorization(); return g;`) reaches it.
                    if (IsConventionBuilder(parameter.Parameter.Type))
                        result.Merge(HelperConventions((frame.Call.TargetMethod.ReducedFrom ?? frame.Call.TargetMethod).OriginalDefinition, parameter.Parameter.Ordinal, depth, filters, cancellationToken));
                    return result;
                }

                // A route-builder helper mapping on the group it is given (`g.MapPost(...)`) and securing that group in
                // another statement of its body (`g.RequireAuthorization();`, before or after: a group's conventions reach
                // all its endpoints when the app builds them). Read only for a parameter that is a group
                // (IEndpointConventionBuilder as well as IEndpointRouteBuilder): `IEndpointRouteBuilder app` has no
                // conventions of its own. Every-path semantics as for convention helpers.
                var own = OwnBodyConventions(parameter.Parameter, depth, filters, cancellationToken);

                // A method's callers, anywhere in the compilation, or a local function's, in the body that declares it
                // (`void MapLocal(IEndpointRouteBuilder g) => g.MapPost(...)` in Program.cs, called as
                // `MapLocal(app.MapGroup("/ml").RequireAuthorization())`).
                if (depth >= MaxCallDepth || parameter.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
                    || method.DeclaringSyntaxReferences.IsEmpty)
                {
                    return own ?? new Conventions();
                }

                var paths = new List<Conventions>();
                var sites = CallSites(method, cancellationToken, out var otherUses);
                foreach (var site in sites)
                {
                    if (Arguments.ForParameter(site.Arguments, parameter.Parameter.Ordinal) is { } passed)
                        paths.Add(Down(passed.Value, depth + 1, null, filters, cancellationToken));
                }

                // A local function also used as a method group (`Action<IEndpointRouteBuilder> map = MapLocal;`): the
                // delegate's calls are not followed, so the endpoint keeps no guarantee from the calls that are.
                if (otherUses)
                    paths.Add(new Conventions());

                var callers = Conventions.AllOf(paths);
                if (own is not null)
                    callers.Merge(own);
                return callers;
            }

            case IInvocationOperation invocation when depth < MaxCallDepth && !invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty:
            {
                // A helper returning a builder: every return statement is a path.
                var paths = new List<Conventions>();
                var inner = new Frame(invocation, frame);
                foreach (var body in Bodies(invocation.TargetMethod, cancellationToken))
                {
                    foreach (var operation in body.DescendantsAndSelf())
                    {
                        if (operation is IReturnOperation { ReturnedValue: { } value })
                            paths.Add(Down(value, depth + 1, inner, filters, cancellationToken));
                    }
                }

                return Conventions.AllOf(paths);
            }

            default:
                return new Conventions();
        }
    }

    /// <summary>
    /// What the body of the method that declares <paramref name="parameter"/> applies to it on every path
    /// (<see cref="HelperConventions"/>), for an endpoint or group mapped on that parameter in that body; null when the
    /// parameter is not a convention builder (a plain <c>IEndpointRouteBuilder</c>, the common case, costs a type check)
    /// or its method has no body in the compilation.
    /// </summary>
    private Conventions? OwnBodyConventions(IParameterSymbol parameter, int depth, AuthorizationFilterNames? filters, CancellationToken cancellationToken)
    {
        if (parameter.RefKind != RefKind.None
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
            || method.DeclaringSyntaxReferences.IsEmpty
            || !IsConventionBuilder(parameter.Type))
        {
            return null;
        }

        return HelperConventions(method.OriginalDefinition, parameter.Ordinal, depth, filters, cancellationToken);
    }

    /// <summary>The method or local function <paramref name="returned"/> leaves; null inside a lambda, whose caller is not in the code.</summary>
    private IMethodSymbol? ReturningMethod(IReturnOperation returned, CancellationToken cancellationToken)
    {
        for (IOperation? node = returned; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case IAnonymousFunctionOperation:
                    return null;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
                case { Parent: null }:
                    return GetModel(node.Syntax.SyntaxTree).GetDeclaredSymbol(node.Syntax, cancellationToken) as IMethodSymbol;
            }
        }

        return null;
    }

    private static IOperation? ThisArgument(IInvocationOperation invocation) => Arguments.ForParameter(invocation.Arguments, 0)?.Value;

    private static IOperation UnwrapConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
            operation = conversion.Operand;
        return operation;
    }
}
