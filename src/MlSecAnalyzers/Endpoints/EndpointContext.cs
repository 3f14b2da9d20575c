using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// Everything the endpoint rules know about one compilation, shared by <see cref="AnonymousModelEndpointAnalyzer"/>
/// (MLSEC010) and <see cref="ModelEndpointExposureAnalyzer"/> (MLSEC011, MLSEC012) through a weak table keyed by the
/// compilation: in the IDE, where both run, "does this handler reach inference?" is answered once per compilation.
/// <para>
/// Bounds: a handler's body is level 0; methods it calls that are declared in the compilation (and, for interface or
/// virtual members declared in the compilation, their implementations and overrides: injected services) are followed up
/// to <see cref="MaxCallDepth"/> levels; a mediator's <c>Send</c> (MediatR, Mediator) counts as a call of the <c>Handle</c> of the compilation's
/// handlers of the request's type (<see cref="MediatorHandlers"/>). The same bound applies to following a route builder through helper methods
/// (a group returned by a method, a builder passed to a route-builder extension method).
/// </para>
/// </summary>
internal sealed partial class EndpointContext
{
    public const int MaxCallDepth = 3;
    public const string AuthorizationFiltersOption = "authorization_filters";

    private static readonly ConditionalWeakTable<Compilation, EndpointContext> Contexts = new();
    private static readonly EndpointContext Inactive = new();

    private readonly SemanticModels _models;
    private readonly ConcurrentDictionary<(IMethodSymbol, int, UserInferenceTypes), string?> _methodReach = new();
    private readonly ConcurrentDictionary<(SyntaxNode, UserInferenceTypes), string?> _handlerReach = new();
    private readonly ConcurrentDictionary<IMethodSymbol, (IReadOnlyList<IInvocationOperation> Sites, bool OtherUses)> _callSites = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, CompilationFacts> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _factGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<INamedTypeSymbol, (ControllerKind Controller, bool IsHub)> _classKinds = new(SymbolEqualityComparer.Default);
    // Both endpoint analyzers evaluate every endpoint (MLSEC010 for authorization, MLSEC011 for rate limiting): what
    // its own chain, groups and attributes add is computed once per endpoint and filter option (issue 7).
    private readonly ConcurrentDictionary<(Location, string), Conventions> _ownConventions = new();
    private readonly ConcurrentDictionary<string, AuthorizationFilterNames?> _filterNames = new(StringComparer.Ordinal);
    // What a convention helper of the compilation (`.Secured()`, `Security.Secure(endpoint)`) applies to its builder, per
    // helper, parameter ordinal, depth and filter option.
    private readonly ConcurrentDictionary<(IMethodSymbol, int, int, AuthorizationFilterNames?), Conventions> _helperConventions = new();
    private readonly object _serializersGate = new();
    private SerializerFacts? _serializers;
    private readonly FunctionTypes? _functionTypes;

    private EndpointContext()
    {
        Compilation = null!;
        Types = null!;
        Inference = null!;
        Options = null!;
        _models = null!;
    }

    private EndpointContext(Compilation compilation, AnalyzerOptions options, bool hasRouting, bool hasMvc, bool hasSignalR, bool hasFunctions)
    {
        Compilation = compilation;
        Types = MlTypes.For(compilation);
        Inference = InferenceCalls.Create(Types);
        Options = MlSecOptions.Create(options);
        _models = new SemanticModels(compilation);
        HasRouting = hasRouting;
        HasMvc = hasMvc;
        HasSignalR = hasSignalR;
        // Resolved only when an HTTP trigger's assembly is referenced: a project without Functions binds nothing for them.
        _functionTypes = hasFunctions ? FunctionTypes.Resolve(Types) : null;
        IsActive = true;
    }

    public bool IsActive { get; }

    /// <summary>The compilation references ASP.NET Core routing (minimal APIs); false in an isolated-worker Functions app.</summary>
    public bool HasRouting { get; }
    public bool HasMvc { get; }

    /// <summary>The compilation references SignalR's server assembly (every app on the ASP.NET Core shared framework does).</summary>
    public bool HasSignalR { get; }
    public Compilation Compilation { get; }
    public MlTypes Types { get; }
    public InferenceCalls Inference { get; }
    public MlSecOptions Options { get; }

    /// <summary>
    /// The context of <paramref name="compilation"/>, or null when it cannot hold a model endpoint: no ASP.NET Core
    /// routing or MVC reference, or neither an ML/AI library nor a <c>mlsec.inference_types</c> entry (decided from
    /// assembly names and option lookups only).
    /// </summary>
    /// <remarks>
    /// Both endpoint analyzers of a compilation receive the same analyzer options (one .editorconfig/.globalconfig set
    /// per project), so the context built with the first caller's options serves the second.
    /// </remarks>
    public static EndpointContext? Get(Compilation compilation, AnalyzerOptions options)
    {
        var context = Contexts.GetValue(compilation, c => Create(c, options));
        return context.IsActive ? context : null;
    }

    private static EndpointContext Create(Compilation compilation, AnalyzerOptions options)
    {
        bool routing = false, mvc = false, signalR = false, functions = false;
        foreach (var name in compilation.ReferencedAssemblyNames)
        {
            if (name.Name.Equals("Microsoft.AspNetCore.Routing", StringComparison.Ordinal))
                routing = true;
            else if (name.Name.Equals("Microsoft.AspNetCore.Mvc.Core", StringComparison.Ordinal))
                mvc = true;
            else if (name.Name.Equals("Microsoft.AspNetCore.SignalR.Core", StringComparison.Ordinal))
                signalR = true;
            else if (name.Name.Equals(FunctionTypes.WorkerHttpAssembly, StringComparison.Ordinal)
                     || name.Name.Equals(FunctionTypes.WebJobsHttpAssembly, StringComparison.Ordinal))
                functions = true;
        }

        if (!routing && !mvc && !functions)
            return Inactive;

        if (!MlLibraries.ReferencesMlLibrary(compilation) && !AnyTreeDeclaresInferenceTypes(compilation, options))
            return Inactive;

        return new EndpointContext(compilation, options, routing, mvc, signalR, functions);
    }

    // The option keys that declare inference types, built once: this check runs for every file of an ASP.NET Core
    // project without ML/AI libraries, which should pay next to nothing.
    private static readonly ImmutableArray<string> InferenceTypesKeys = ImmutableArray.Create(
        "mlsec." + InferenceCalls.InferenceTypesOption,
        "mlsec.MLSEC010." + InferenceCalls.InferenceTypesOption,
        "mlsec.MLSEC011." + InferenceCalls.InferenceTypesOption,
        "mlsec.MLSEC012." + InferenceCalls.InferenceTypesOption);

    private static bool AnyTreeDeclaresInferenceTypes(Compilation compilation, AnalyzerOptions options)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var treeOptions = provider.GetOptions(tree);
            foreach (var key in InferenceTypesKeys)
            {
                if (treeOptions.TryGetValue(key, out var value) && value.Length > 0)
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The registration both endpoint analyzers share: <paramref name="analyze"/> runs for each minimal-API endpoint
    /// (a Map* call), each controller action and each hub method of a mapped SignalR hub that is a model endpoint for
    /// <paramref name="ruleId"/>'s options.
    /// </summary>
    public static void RegisterEndpointActions(
        AnalysisContext context, string ruleId, Action<Action<Diagnostic>, EndpointContext, ModelEndpoint, CancellationToken> analyze) =>
        RegisterEndpointActions(context, functions: false, (ruleId, analyze));

    /// <summary>As above, with HTTP-triggered Azure Functions as endpoints too when <paramref name="functions"/> is true.</summary>
    public static void RegisterEndpointActions(
        AnalysisContext context, string ruleId, bool functions, Action<Action<Diagnostic>, EndpointContext, ModelEndpoint, CancellationToken> analyze) =>
        RegisterEndpointActions(context, functions, (ruleId, analyze));

    /// <summary>
    /// One registration for several rules of one analyzer, each detecting endpoints with its own options
    /// (<c>mlsec.MLSEC012.inference_types</c> is MLSEC012's, not MLSEC011's): one callback per call or method, not one per rule.
    /// The detection is cached by options value, so rules with the same options share it.
    /// </summary>
    public static void RegisterEndpointActions(
        AnalysisContext context, params (string RuleId, Action<Action<Diagnostic>, EndpointContext, ModelEndpoint, CancellationToken> Analyze)[] rules) =>
        RegisterEndpointActions(context, functions: false, rules);

    private static void RegisterEndpointActions(
        AnalysisContext context, bool functions, params (string RuleId, Action<Action<Diagnostic>, EndpointContext, ModelEndpoint, CancellationToken> Analyze)[] rules)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (Get(start.Compilation, start.Options) is not { } endpoints)
                return;

            // An isolated-worker Functions app has no minimal APIs (nor ASP.NET Core): its invocations are not asked.
            if (endpoints.HasRouting || endpoints.HasMvc)
            {
                start.RegisterOperationAction(c =>
                {
                    foreach (var (ruleId, analyze) in rules)
                    {
                        if (endpoints.FindMinimalEndpoint((IInvocationOperation)c.Operation, ruleId, c.CancellationToken) is { } endpoint)
                            analyze(Reporter(c), endpoints, endpoint, c.CancellationToken);
                    }
                }, OperationKind.Invocation);
            }

            // One callback per method body for actions, hub methods and functions: SignalR comes with the shared framework,
            // so an app that references MVC almost always references SignalR too, and a second registration would double
            // the calls. Functions are asked only of a compilation that references an HTTP trigger and for the rules that
            // want them, so that other apps pay nothing for them.
            var withFunctions = functions && endpoints.HasFunctions;
            if (endpoints.HasMvc || endpoints.HasSignalR || withFunctions)
            {
                start.RegisterOperationBlockAction(c =>
                {
                    if (c.OwningSymbol is not IMethodSymbol method)
                        return;

                    // A function is no action or hub method (the Functions host, not MVC or SignalR, invokes it).
                    if (withFunctions && endpoints.HttpTrigger(method, c.CancellationToken) is { } trigger)
                    {
                        foreach (var (ruleId, analyze) in rules)
                        {
                            if (endpoints.FindFunction(method, trigger, c.OperationBlocks, ruleId, c.CancellationToken) is { } endpoint)
                                analyze(Reporter(c), endpoints, endpoint, c.CancellationToken);
                        }

                        return;
                    }

                    if (!endpoints.MayBeActionOrHubMethod(method))
                        return;

                    foreach (var (ruleId, analyze) in rules)
                    {
                        if ((endpoints.FindControllerAction(method, c.OperationBlocks, ruleId, c.CancellationToken)
                             ?? endpoints.FindHubMethod(method, c.OperationBlocks, ruleId, c.CancellationToken)) is { } endpoint)
                        {
                            analyze(Reporter(c), endpoints, endpoint, c.CancellationToken);
                        }
                    }
                });
            }
        });
    }

    // A delegate made from a struct's method (c.ReportDiagnostic) takes the runtime's slow path for value types: a few
    // microseconds per model endpoint and rule in a profile (issue 7). A lambda over a copy of the context does not; it
    // is made in a method of its own so that the callbacks do not capture the context on every call.
    private static Action<Diagnostic> Reporter(OperationAnalysisContext context) => diagnostic => context.ReportDiagnostic(diagnostic);

    private static Action<Diagnostic> Reporter(OperationBlockAnalysisContext context) => diagnostic => context.ReportDiagnostic(diagnostic);

    public UserInferenceTypes UserTypes(SyntaxTree tree, string ruleId) =>
        Inference.GetUserTypes(Options.GetValue(tree, ruleId, InferenceCalls.InferenceTypesOption));

    public SemanticModel GetModel(SyntaxTree tree) => _models.Get(tree);

    // ---------------------------------------------------------------- inference reachability

    /// <summary>The first inference call <paramref name="handlerBody"/> reaches (display name), or null.</summary>
    public string? ReachFromHandler(SyntaxNode key, IEnumerable<IOperation> handlerBody, UserInferenceTypes user, CancellationToken cancellationToken)
    {
        if (_handlerReach.TryGetValue((key, user), out var cached))
            return cached;

        var result = Reach(handlerBody, 0, user, cancellationToken);
        _handlerReach.TryAdd((key, user), result);
        return result;
    }

    private string? Reach(IEnumerable<IOperation> roots, int depth, UserInferenceTypes user, CancellationToken cancellationToken)
    {
        List<IMethodSymbol>? callees = null;
        foreach (var root in roots)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                var (target, instance) = operation switch
                {
                    IInvocationOperation invocation => (invocation.TargetMethod, invocation.Instance?.Type),
                    IMethodReferenceOperation reference => (reference.Method, reference.Instance?.Type),
                    _ => (null, null),
                };
                if (target is null)
                    continue;

                if (Inference.IsInferenceCall(target, instance, user, out var display))
                    return display;

                if (depth < MaxCallDepth)
                {
                    if (target.Name == "Send" && operation is IInvocationOperation send
                        && MediatorSendTargets(send, cancellationToken) is { } handlers)
                    {
                        // A mediator's request sent to the project's handler: a call of its Handle, one level down. Asked
                        // first, as Mediator's Send may be declared in the compilation (its source generator writes the
                        // Mediator class, whose Send reaches the handler only through the service container).
                        (callees ??= new List<IMethodSymbol>()).AddRange(handlers);
                    }
                    else if (IsDeclaredInCompilation(target))
                    {
                        (callees ??= new List<IMethodSymbol>()).Add(target);
                    }
                }
            }
        }

        if (callees is null)
            return null;

        foreach (var callee in callees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReachMethod(callee, depth + 1, user, cancellationToken) is { } display)
                return display;
        }

        return null;
    }

    private string? ReachMethod(IMethodSymbol method, int depth, UserInferenceTypes user, CancellationToken cancellationToken)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        var key = (method, depth, user);
        if (_methodReach.TryGetValue(key, out var cached))
            return cached;

        // Recursion ends at MaxCallDepth, so a cycle costs at most MaxCallDepth repeated visits.
        string? result = Reach(Bodies(method, cancellationToken), depth, user, cancellationToken);
        if (result is null && (method.IsAbstract || method.IsVirtual || method.ContainingType?.TypeKind == TypeKind.Interface))
        {
            foreach (var implementation in Implementations(method, cancellationToken))
            {
                result = Reach(Bodies(implementation, cancellationToken), depth, user, cancellationToken);
                if (result is not null)
                    break;
            }
        }

        _methodReach.TryAdd(key, result);
        return result;
    }

    // Declared in this compilation's trees: an IDE hands a project its project references as compilations, whose
    // symbols have declarations this compilation cannot bind; those are read like a referenced assembly's, not followed.
    internal bool IsDeclaredInCompilation(IMethodSymbol method) =>
        IsInCompilation(method.DeclaringSyntaxReferences)
        || (method.ReducedFrom is { } reduced && IsInCompilation(reduced.DeclaringSyntaxReferences));

    private bool IsInCompilation(ImmutableArray<SyntaxReference> references) =>
        !references.IsEmpty && Compilation.ContainsSyntaxTree(references[0].SyntaxTree);

    /// <summary>The operation trees of <paramref name="method"/>'s bodies (method, local function or accessor).</summary>
    public IEnumerable<IOperation> Bodies(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // Another project's method (an IDE's project reference) has no body this compilation can bind.
            if (_models.Find(reference.SyntaxTree) is not { } model)
                continue;

            var node = reference.GetSyntax(cancellationToken);
            var operation = model.GetOperation(node, cancellationToken);
            if (operation is ILocalFunctionOperation localFunction)
            {
                if (localFunction.Body is { } body)
                    yield return body;
            }
            else if (operation is not null)
            {
                yield return operation;
            }
        }
    }

    /// <summary>Implementations (of an interface member) and overrides declared in the compilation.</summary>
    private IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var isInterface = method.ContainingType?.TypeKind == TypeKind.Interface;
        foreach (var symbol in Compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member, cancellationToken))
        {
            if (symbol is not IMethodSymbol candidate || candidate.IsAbstract || SymbolEqualityComparer.Default.Equals(candidate, method))
                continue;

            if (isInterface)
            {
                if (candidate.ContainingType.FindImplementationForInterfaceMember(method) is IMethodSymbol found
                    && SymbolEqualityComparer.Default.Equals(found.OriginalDefinition, candidate.OriginalDefinition))
                {
                    yield return candidate;
                }
            }
            else
            {
                for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                    {
                        yield return candidate;
                        break;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- call sites of route-builder helpers

    /// <summary>
    /// Every invocation of <paramref name="method"/> in the compilation: the invocations whose name matches, from an
    /// index of the compilation's invocations by name (built by one walk of every file, the first time a call site is
    /// needed), bound one by one; done once per method per compilation. A local function's calls can only be in the
    /// block that declares it (the top-level statements, for one declared there): they are searched there instead
    /// (<see cref="LocalFunctionCallSites"/>).
    /// </summary>
    /// <param name="otherUses">
    /// True when <paramref name="method"/> is a local function also used other than by a call (a method group converted
    /// to a delegate, <c>nameof</c>): callers that cannot be followed, so no guarantee holds for its builder parameters.
    /// Always false for other methods, whose method-group uses are not searched.
    /// </param>
    /// <remarks>
    /// Before the index, each helper searched every file's text for its name, and helpers are many in a large app
    /// (one <c>MapXxx</c> per feature), so the cost grew with the square of the number of files (issue 7).
    /// </remarks>
    public IReadOnlyList<IInvocationOperation> CallSites(IMethodSymbol method, CancellationToken cancellationToken, out bool otherUses)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (_callSites.TryGetValue(method, out var cached))
        {
            otherUses = cached.OtherUses;
            return cached.Sites;
        }

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            var local = LocalFunctionCallSites(method, cancellationToken);
            otherUses = local.OtherUses;
            return _callSites.GetOrAdd(method, local).Sites;
        }

        var sites = new List<IInvocationOperation>();
        foreach (var invocation in SyntaxNameIndex.For(Compilation).Invocations(method.Name, cancellationToken))
        {
            if (GetModel(invocation.SyntaxTree).GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                && SymbolEqualityComparer.Default.Equals((operation.TargetMethod.ReducedFrom ?? operation.TargetMethod).OriginalDefinition, method))
            {
                sites.Add(operation);
            }
        }

        otherUses = false;
        return _callSites.GetOrAdd(method, (sites, false)).Sites;
    }

    /// <summary>
    /// The calls of the local function <paramref name="localFunction"/>, from the names spelled like it in the block,
    /// switch section or top-level statements that declare it (its whole scope), bound one by one; and whether one of
    /// those names is not a direct call of it (a method group, <c>nameof</c>). A local function of another method with
    /// the same name is another symbol: its calls are not in this scope, or bind to the other symbol.
    /// </summary>
    private (IReadOnlyList<IInvocationOperation> Sites, bool OtherUses) LocalFunctionCallSites(IMethodSymbol localFunction, CancellationToken cancellationToken)
    {
        var sites = new List<IInvocationOperation>();
        var otherUses = false;
        if (localFunction.DeclaringSyntaxReferences.IsEmpty)
            return (sites, otherUses);

        var reference = localFunction.DeclaringSyntaxReferences[0];
        if (_models.Find(reference.SyntaxTree) is not { } model)
            return (sites, otherUses);

        var declaration = reference.GetSyntax(cancellationToken);
        SyntaxNode? scope = declaration.Parent;
        while (scope is not null and not BlockSyntax and not SwitchSectionSyntax and not GlobalStatementSyntax)
            scope = scope.Parent;
        if (scope is null)
            return (sites, otherUses);

        // Top-level statements: the local function is in scope in every global statement of the file (the only file that
        // may have them); type declarations of that file cannot use it.
        var roots = new List<SyntaxNode>();
        if (scope is GlobalStatementSyntax && scope.Parent is CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax)
                    roots.Add(member);
            }
        }
        else
        {
            roots.Add(scope);
        }

        var name = localFunction.Name;
        foreach (var root in roots)
        {
            foreach (var node in root.DescendantNodes())
            {
                if (node is not SimpleNameSyntax simple || simple.Identifier.ValueText != name)
                    continue;

                cancellationToken.ThrowIfCancellationRequested();
                if (simple.Parent is InvocationExpressionSyntax invocation && invocation.Expression == simple)
                {
                    if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                        && IsSameLocalFunction(operation.TargetMethod, localFunction))
                    {
                        sites.Add(operation);
                        continue;
                    }
                }

                // Not a call, or one that did not bind to it (half-typed code): a use when the name is the local function.
                var info = model.GetSymbolInfo(simple, cancellationToken);
                if (info.Symbol is IMethodSymbol used ? IsSameLocalFunction(used, localFunction) : AnyIsSameLocalFunction(info.CandidateSymbols, localFunction))
                    otherUses = true;
            }
        }

        return (sites, otherUses);
    }

    private static bool AnyIsSameLocalFunction(ImmutableArray<ISymbol> candidates, IMethodSymbol localFunction)
    {
        foreach (var candidate in candidates)
        {
            if (candidate is IMethodSymbol method && IsSameLocalFunction(method, localFunction))
                return true;
        }

        return false;
    }

    // By declaration as well as by symbol: a local function bound by another semantic model of the tree is another
    // instance of the same function.
    private static bool IsSameLocalFunction(IMethodSymbol method, IMethodSymbol localFunction)
    {
        method = method.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(method, localFunction))
            return true;
        if (method.MethodKind != MethodKind.LocalFunction || method.DeclaringSyntaxReferences.IsEmpty || localFunction.DeclaringSyntaxReferences.IsEmpty)
            return false;

        var a = method.DeclaringSyntaxReferences[0];
        var b = localFunction.DeclaringSyntaxReferences[0];
        return a.SyntaxTree == b.SyntaxTree && a.Span == b.Span;
    }

    public static string? InvokedName(InvocationExpressionSyntax invocation) => SyntaxNameIndex.NameOf(invocation.Expression);

    // ---------------------------------------------------------------- compilation-wide facts

    /// <summary>The parsed <c>mlsec.authorization_filters</c> value, once per value; null when it is empty (nothing to match).</summary>
    public AuthorizationFilterNames? AuthorizationFilters(string option)
    {
        if (option.Length == 0)
            return null;
        if (_filterNames.TryGetValue(option, out var names))
            return names;
        names = AuthorizationFilterNames.Parse(option);
        return _filterNames.GetOrAdd(option, names.TypeIds.IsEmpty ? null : names);
    }

    public CompilationFacts Facts(SyntaxTree tree, string ruleId, CancellationToken cancellationToken)
    {
        var filters = Options.GetValue(tree, ruleId, AuthorizationFiltersOption) ?? string.Empty;
        if (_facts.TryGetValue(filters, out var facts))
            return facts;

        // One scan per option value; a cancelled scan stores nothing, so the next request starts over.
        var gate = _factGates.GetOrAdd(filters, _ => new object());
        Gates.Enter(gate, cancellationToken);
        try
        {
            if (_facts.TryGetValue(filters, out facts))
                return facts;

            facts = CompilationFacts.Scan(this, AuthorizationFilters(filters), cancellationToken);
            _facts[filters] = facts;
            return facts;
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    /// <summary>How the app configures its serializers (MLSEC012); scanned the first time it is asked, once per compilation.</summary>
    public SerializerFacts Serializers(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _serializers) is { } facts)
            return facts;

        // A cancelled scan stores nothing, so the next request starts over.
        Gates.Enter(_serializersGate, cancellationToken);
        try
        {
            if (_serializers is { } again)
                return again;

            facts = SerializerFacts.Scan(this, cancellationToken);
            Volatile.Write(ref _serializers, facts);
            return facts;
        }
        finally
        {
            Monitor.Exit(_serializersGate);
        }
    }
}
