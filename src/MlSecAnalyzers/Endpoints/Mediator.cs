using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// The request handlers of one compilation, for the mediator libraries it uses: a clean-architecture endpoint does not
/// call its model, it sends a request (<c>mediator.Send(new PredictCommand(...))</c>) that the mediator hands to the
/// project's <c>IRequestHandler&lt;PredictCommand, Prediction&gt;</c>. The reachability walk takes such a <c>Send</c> for a
/// call of that handler's <c>Handle</c>. Two libraries: MediatR (<c>MediatR</c> namespace) and martinothamar's
/// source-generated Mediator (<c>Mediator</c> namespace, interfaces of Mediator.Abstractions), each with its own senders
/// and handler interfaces (<see cref="Libraries"/>); a <c>Send</c> of one library reaches the handlers of that library only.
/// <para>
/// Resolved by metadata name the first time a method named <c>Send</c> is met on an endpoint's path (a project with
/// neither library resolves the table's names once, and never walks its types); the handlers are found by one walk of
/// the compilation's own types, the first time a mediator's <c>Send</c> is met, and kept for the compilation.
/// </para>
/// </summary>
internal sealed class MediatorHandlers
{
    /// <summary>
    /// Per library: the interfaces whose <c>Send</c> dispatches a request (and which a mediator class implements), and the
    /// handler interfaces, each declaring the <c>Handle</c> that runs for a request of its first type argument.
    /// </summary>
    /// <remarks>
    /// MediatR: <c>IMediator</c> (every version), <c>ISender</c> (9 and newer, which declares <c>Send</c> and which
    /// <c>IMediator</c> extends); <c>IRequestHandler&lt;TRequest, TResponse&gt;</c> (every version) and
    /// <c>IRequestHandler&lt;TRequest&gt;</c> (a sub-interface of <c>IRequestHandler&lt;TRequest, Unit&gt;</c> before 12, an
    /// interface of its own with its own <c>Handle</c> since).
    /// <para>
    /// Mediator (3.x; Mediator.Abstractions declares the interfaces, the source generator only the <c>Mediator</c> class
    /// that implements them): <c>ISender</c> declares <c>Send</c> for <c>IRequest&lt;T&gt;</c>, <c>ICommand&lt;T&gt;</c>,
    /// <c>IQuery&lt;T&gt;</c> and <c>object</c>, and <c>IMediator</c> extends it; the handlers are
    /// <c>IRequestHandler&lt;TRequest, TResponse&gt;</c>, <c>ICommandHandler&lt;TCommand, TResponse&gt;</c> and
    /// <c>IQueryHandler&lt;TQuery, TResponse&gt;</c>. Its one-type-parameter handlers (<c>IRequestHandler&lt;TRequest&gt;</c>,
    /// <c>ICommandHandler&lt;TCommand&gt;</c>) extend the two-parameter ones with <c>Unit</c> and declare no <c>Handle</c> of
    /// their own, so a class implementing one is found through the interface it extends.
    /// </para>
    /// </remarks>
    private static readonly ImmutableArray<(ImmutableArray<string> Senders, ImmutableArray<string> Handlers)> Libraries = ImmutableArray.Create(
        (ImmutableArray.Create("MediatR.IMediator", "MediatR.ISender"),
            ImmutableArray.Create("MediatR.IRequestHandler`2", "MediatR.IRequestHandler`1")),
        (ImmutableArray.Create("Mediator.IMediator", "Mediator.ISender"),
            ImmutableArray.Create("Mediator.IRequestHandler`2", "Mediator.ICommandHandler`2", "Mediator.IQueryHandler`2")));

    /// <summary>The libraries of <see cref="Libraries"/> the compilation has (at least one sender and one handler).</summary>
    private readonly ImmutableArray<Library> _libraries;
    private readonly object _gate = new();
    private Dictionary<ITypeSymbol, List<IMethodSymbol>>[]? _byRequest;

    private MediatorHandlers(ImmutableArray<Library> libraries) => _libraries = libraries;

    /// <summary>One library's types in the compilation.</summary>
    private sealed class Library
    {
        public Library(int index, ImmutableArray<INamedTypeSymbol> senders, ImmutableArray<INamedTypeSymbol> handlers)
        {
            Index = index;
            Senders = senders;
            Handlers = handlers;
        }

        /// <summary>Its place in <see cref="MediatorHandlers._libraries"/> (and in the index of handlers).</summary>
        public int Index { get; }

        public ImmutableArray<INamedTypeSymbol> Senders { get; }

        public ImmutableArray<INamedTypeSymbol> Handlers { get; }
    }

    /// <summary>
    /// The mediator types of the compilation <paramref name="types"/> serves, or null when it has neither library.
    /// </summary>
    public static MediatorHandlers? Resolve(MlTypes types)
    {
        ImmutableArray<Library>.Builder? present = null;
        foreach (var (senderNames, handlerNames) in Libraries)
        {
            var handlers = Present(types, handlerNames);
            if (handlers.IsEmpty)
                continue;
            var senders = Present(types, senderNames);
            if (senders.IsEmpty)
                continue;
            present ??= ImmutableArray.CreateBuilder<Library>();
            present.Add(new Library(present.Count, senders, handlers));
        }

        return present is null ? null : new MediatorHandlers(present.ToImmutable());
    }

    private static ImmutableArray<INamedTypeSymbol> Present(MlTypes types, ImmutableArray<string> names)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>(names.Length);
        foreach (var name in names)
        {
            if (types.Get(name) is { } type)
                builder.Add(type);
        }

        return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
    }

    /// <summary>
    /// The library whose <c>Send</c> <paramref name="send"/> is: <c>Send</c> of its <c>IMediator</c> or <c>ISender</c> (or
    /// of a class implementing one, such as MediatR's own <c>Mediator</c>), or null.
    /// </summary>
    private Library? LibraryOf(IMethodSymbol send)
    {
        if (send.ContainingType is not { } type)
            return null;
        type = type.OriginalDefinition;
        if (SenderOf(type) is { } library)
            return library;
        if (type.TypeKind != TypeKind.Class)
            return null;
        foreach (var implemented in type.AllInterfaces)
        {
            if (SenderOf(implemented.OriginalDefinition) is { } implementedLibrary)
                return implementedLibrary;
        }

        return null;
    }

    private Library? SenderOf(INamedTypeSymbol type)
    {
        foreach (var library in _libraries)
        {
            if (library.Senders.Contains(type, SymbolEqualityComparer.Default))
                return library;
        }

        return null;
    }

    /// <summary>
    /// The <c>Handle</c> methods the mediator would run for the request <paramref name="send"/> sends, or null when it
    /// is no mediator's <c>Send</c>, or its request is of no exact concrete type (see <see cref="RequestType"/>), or
    /// the project has no handler of that type.
    /// </summary>
    public IReadOnlyList<IMethodSymbol>? HandlersOf(IInvocationOperation send, EndpointContext context, CancellationToken cancellationToken)
    {
        if (LibraryOf(send.TargetMethod) is not { } library || RequestType(send) is not { } requestType)
            return null;
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

        return byRequest[library.Index].TryGetValue(requestType, out var handlers) ? handlers : null;
    }

    /// <summary>
    /// The static type of the request <paramref name="send"/> sends (its first argument, before the conversion to
    /// <c>IRequest&lt;TResponse&gt;</c> or <c>object</c>).
    /// </summary>
    /// <remarks>
    /// Exact type only, and a concrete one. MediatR picks the handler by the request's runtime type
    /// (<c>request.GetType()</c>), and the container it is used with (Microsoft.Extensions.DependencyInjection) resolves
    /// <c>IRequestHandler&lt;T, R&gt;</c> for that exact <c>T</c>: a handler of a base type of the request does not run for
    /// it (only a container with contravariant resolution would pick it), so handlers of base types are not followed.
    /// Mediator's generated <c>Send</c> picks the handler by the request's runtime type too (a type switch over the
    /// request types that have handlers); a derived request may reach its base's handler there, which is not followed
    /// either (at worst a missed endpoint, never a wrong report). A
    /// request typed as an abstract class or an interface (<c>IRequest&lt;T&gt;</c>) is always of some derived type, not
    /// known here: following the handlers of the derived types would report an endpoint for a request it may never send,
    /// so it is not followed (precision first). A concrete static type is taken for the runtime type: a request typed as
    /// a concrete class is nearly always an instance of that class.
    /// </remarks>
    private static ITypeSymbol? RequestType(IInvocationOperation send)
    {
        var argument = Arguments.ForParameter(send.Arguments, 0)?.Value;
        while (argument is IConversionOperation { IsImplicit: true } conversion)
            argument = conversion.Operand;
        return argument?.Type is { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } type ? type : null;
    }

    /// <summary>Per library (<see cref="Library.Index"/>), the <c>Handle</c> bodies of the compilation's handlers by request type.</summary>
    private Dictionary<ITypeSymbol, List<IMethodSymbol>>[] Index(EndpointContext context, CancellationToken cancellationToken)
    {
        var byRequest = new Dictionary<ITypeSymbol, List<IMethodSymbol>>[_libraries.Length];
        for (var i = 0; i < byRequest.Length; i++)
            byRequest[i] = new Dictionary<ITypeSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
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

    private void AddHandles(INamedTypeSymbol type, EndpointContext context, Dictionary<ITypeSymbol, List<IMethodSymbol>>[] byLibrary)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.TypeArguments.IsEmpty || HandlerOf(implemented.OriginalDefinition) is not { } library)
                continue;

            var byRequest = byLibrary[library.Index];
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

    private Library? HandlerOf(INamedTypeSymbol definition)
    {
        foreach (var library in _libraries)
        {
            if (library.Handlers.Contains(definition, SymbolEqualityComparer.Default))
                return library;
        }

        return null;
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
    /// The handlers' <c>Handle</c> methods a mediator's <c>Send</c> (MediatR or Mediator) reaches, or null when
    /// <paramref name="send"/> is no such call (or the compilation has neither library, or no handler of the request's type).
    /// </summary>
    private IReadOnlyList<IMethodSymbol>? MediatorSendTargets(IInvocationOperation send, CancellationToken cancellationToken) =>
        Mediator()?.HandlersOf(send, this, cancellationToken);

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
