using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// MediatR's request handlers of one compilation: a clean-architecture endpoint does not call its model, it sends a
/// request (<c>mediator.Send(new PredictCommand(...))</c>) that MediatR hands to the project's
/// <c>IRequestHandler&lt;PredictCommand, Prediction&gt;</c>. The reachability walk takes such a <c>Send</c> for a call of
/// that handler's <c>Handle</c>.
/// <para>
/// Resolved by metadata name the first time a method named <c>Send</c> is met on an endpoint's path (a project without
/// MediatR resolves four names once, and never walks its types); the handlers are found by one walk of the compilation's
/// own types, the first time a MediatR <c>Send</c> is met, and kept for the compilation.
/// </para>
/// </summary>
internal sealed class MediatorHandlers
{
    // What the MediatR of this compilation has: IMediator (every version), ISender (9 and newer, which declares Send and
    // which IMediator extends), IRequestHandler<TRequest, TResponse> (every version) and IRequestHandler<TRequest> (a
    // sub-interface of IRequestHandler<TRequest, Unit> before 12, an interface of its own with its own Handle since).
    private readonly INamedTypeSymbol? _mediator;
    private readonly INamedTypeSymbol? _sender;
    private readonly INamedTypeSymbol _handler2;
    private readonly INamedTypeSymbol? _handler1;
    private readonly object _gate = new();
    private Dictionary<ITypeSymbol, List<IMethodSymbol>>? _byRequest;

    private MediatorHandlers(INamedTypeSymbol? mediator, INamedTypeSymbol? sender, INamedTypeSymbol handler2, INamedTypeSymbol? handler1)
    {
        _mediator = mediator;
        _sender = sender;
        _handler2 = handler2;
        _handler1 = handler1;
    }

    /// <summary>The MediatR types of the compilation <paramref name="types"/> serves, or null when it has no MediatR.</summary>
    public static MediatorHandlers? Resolve(MlTypes types)
    {
        var handler2 = types.Get("MediatR.IRequestHandler`2");
        if (handler2 is null)
            return null;
        var mediator = types.Get("MediatR.IMediator");
        var sender = types.Get("MediatR.ISender");
        if (mediator is null && sender is null)
            return null;
        return new MediatorHandlers(mediator, sender, handler2, types.Get("MediatR.IRequestHandler`1"));
    }

    /// <summary>
    /// <paramref name="send"/> is <c>Send</c> of MediatR's <c>IMediator</c> or <c>ISender</c> (or of a class implementing
    /// one, such as MediatR's own <c>Mediator</c>).
    /// </summary>
    public bool IsSend(IMethodSymbol send)
    {
        if (send.ContainingType is not { } type)
            return false;
        type = type.OriginalDefinition;
        if (IsMediatorInterface(type))
            return true;
        if (type.TypeKind != TypeKind.Class)
            return false;
        foreach (var implemented in type.AllInterfaces)
        {
            if (IsMediatorInterface(implemented.OriginalDefinition))
                return true;
        }

        return false;
    }

    private bool IsMediatorInterface(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, _mediator) || SymbolEqualityComparer.Default.Equals(type, _sender);

    /// <summary>
    /// The <c>Handle</c> methods MediatR would run for a request whose type is <paramref name="requestType"/>: those of the
    /// compilation's handlers of exactly that type (see <see cref="RequestType"/>).
    /// </summary>
    public IReadOnlyList<IMethodSymbol>? HandlersOf(ITypeSymbol requestType, EndpointContext context, CancellationToken cancellationToken)
    {
        var byRequest = Volatile.Read(ref _byRequest);
        if (byRequest is null)
        {
            // A cancelled walk stores nothing, so the next request starts over.
            Gates.Enter(_gate, cancellationToken);
            try
            {
                byRequest = _byRequest ??= Index(context, cancellationToken);
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        return byRequest.TryGetValue(requestType, out var handlers) ? handlers : null;
    }

    /// <summary>
    /// The static type of the request <paramref name="send"/> sends (its first argument, before the conversion to
    /// <c>IRequest&lt;TResponse&gt;</c> or <c>object</c>).
    /// </summary>
    /// <remarks>
    /// Exact type only, and a concrete one. MediatR picks the handler by the request's runtime type
    /// (<c>request.GetType()</c>), and the container it is used with (Microsoft.Extensions.DependencyInjection) resolves
    /// <c>IRequestHandler&lt;T, R&gt;</c> for that exact <c>T</c>: a handler of a base type of the request does not run for
    /// it (only a container with contravariant resolution would pick it), so handlers of base types are not followed. A
    /// request typed as an abstract class or an interface (<c>IRequest&lt;T&gt;</c>) is always of some derived type, not
    /// known here: following the handlers of the derived types would report an endpoint for a request it may never send,
    /// so it is not followed (precision first). A concrete static type is taken for the runtime type: a request typed as
    /// a concrete class is nearly always an instance of that class.
    /// </remarks>
    public static ITypeSymbol? RequestType(IInvocationOperation send)
    {
        var argument = Arguments.ForParameter(send.Arguments, 0)?.Value;
        while (argument is IConversionOperation { IsImplicit: true } conversion)
            argument = conversion.Operand;
        return argument?.Type is { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } type ? type : null;
    }

    private Dictionary<ITypeSymbol, List<IMethodSymbol>> Index(EndpointContext context, CancellationToken cancellationToken)
    {
        var byRequest = new Dictionary<ITypeSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        var namespaces = new Stack<INamespaceOrTypeSymbol>();
        namespaces.Push(context.Compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var container = namespaces.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                    namespaces.Push(member);
                continue;
            }

            if (container is not INamedTypeSymbol type)
                continue;
            foreach (var nested in type.GetTypeMembers())
                namespaces.Push(nested);

            // A generic handler is closed by the container at run time, with request types not known here; an abstract
            // one runs only as a derived class, which is indexed itself.
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || type.IsStatic || type.IsGenericType)
                continue;
            AddHandles(type, context, byRequest);
        }

        return byRequest;
    }

    private void AddHandles(INamedTypeSymbol type, EndpointContext context, Dictionary<ITypeSymbol, List<IMethodSymbol>> byRequest)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            var definition = implemented.OriginalDefinition;
            if (implemented.TypeArguments.IsEmpty
                || !(SymbolEqualityComparer.Default.Equals(definition, _handler2) || SymbolEqualityComparer.Default.Equals(definition, _handler1)))
            {
                continue;
            }

            var request = implemented.TypeArguments[0];
            foreach (var member in implemented.GetMembers("Handle"))
            {
                if (member is not IMethodSymbol handle || type.FindImplementationForInterfaceMember(handle) is not IMethodSymbol implementation)
                    continue;

                // MediatR's own base classes (RequestHandler<TRequest, TResponse>, AsyncRequestHandler<TRequest> before 12)
                // implement Handle and call a protected abstract Handle the project overrides: that override is the body.
                var body = context.IsDeclaredInCompilation(implementation) ? implementation : OverrideOfLibraryHandle(type, implementation.ContainingType);
                if (body is null)
                    continue;
                if (!byRequest.TryGetValue(request, out var handles))
                    byRequest.Add(request, handles = new List<IMethodSymbol>());
                if (!handles.Contains(body, SymbolEqualityComparer.Default))
                    handles.Add(body);
            }
        }
    }

    /// <summary>The most derived override, declared in the compilation, of a <c>Handle</c> of <paramref name="libraryBase"/>.</summary>
    private static IMethodSymbol? OverrideOfLibraryHandle(INamedTypeSymbol type, INamedTypeSymbol libraryBase)
    {
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, libraryBase); current = current.BaseType)
        {
            foreach (var member in current.GetMembers("Handle"))
            {
                if (member is not IMethodSymbol { IsOverride: true } method)
                    continue;
                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.ContainingType, libraryBase))
                        return method;
                }
            }
        }

        return null;
    }
}

internal sealed partial class EndpointContext
{
    private readonly object _mediatorGate = new();
    private bool _mediatorResolved;
    private MediatorHandlers? _mediator;

    /// <summary>
    /// The handlers' <c>Handle</c> methods a MediatR <c>Send</c> reaches, or null when <paramref name="send"/> is no
    /// such call (or the compilation has no MediatR, or no handler of the request's type).
    /// </summary>
    private IReadOnlyList<IMethodSymbol>? MediatorSendTargets(IInvocationOperation send, CancellationToken cancellationToken)
    {
        if (Mediator() is not { } mediator || !mediator.IsSend(send.TargetMethod) || MediatorHandlers.RequestType(send) is not { } request)
            return null;
        return mediator.HandlersOf(request, this, cancellationToken);
    }

    private MediatorHandlers? Mediator()
    {
        if (Volatile.Read(ref _mediatorResolved))
            return _mediator;
        lock (_mediatorGate)
        {
            if (!_mediatorResolved)
            {
                _mediator = MediatorHandlers.Resolve(Types);
                Volatile.Write(ref _mediatorResolved, true);
            }

            return _mediator;
        }
    }
}
