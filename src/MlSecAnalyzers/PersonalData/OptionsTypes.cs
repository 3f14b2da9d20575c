using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.PersonalData;

/// <summary>
/// The app's options classes: the <c>T</c> of <c>IOptions&lt;T&gt;</c>, <c>IOptionsSnapshot&lt;T&gt;</c> and
/// <c>IOptionsMonitor&lt;T&gt;</c> written anywhere in the compilation, and of <c>services.Configure&lt;T&gt;</c> and
/// <c>AddOptions&lt;T&gt;</c>. Their members hold the app's configuration (a support address, an office phone), not a
/// person's data, whatever their names, when read from an options value (<see cref="IsOptionsRead"/>).
/// </summary>
/// <remarks>
/// Read once per compilation, through the name index, and only when a prompt holds a member that looks personal.
/// </remarks>
internal sealed class OptionsTypes
{
    private static readonly ImmutableArray<string> OptionsInterfaces = ImmutableArray.Create("IOptions", "IOptionsSnapshot", "IOptionsMonitor");

    // Links followed from a member's instance back to where the value came from (sections, locals, ?.).
    private const int MaxDepth = 8;

    private readonly Compilation _compilation;
    private Registered? _registered;

    public OptionsTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// Whether <paramref name="instance"/>, the object a member is read from, is an options value: read from
    /// <c>IOptions&lt;T&gt;.Value</c>, <c>IOptionsMonitor&lt;T&gt;.CurrentValue</c> or <c>.Get(name)</c>, bound from
    /// <c>IConfiguration</c> (<c>ConfigurationBinder.Get</c>/<c>GetValue</c>), held in a field, parameter or local of an
    /// options class or in a property of one on this object (<c>Settings =&gt; monitor.CurrentValue</c>), or read from any
    /// of these (a nested section: <c>options.Value.Escalation.ManagerEmail</c>; <c>options.Value?.SupportEmail</c>). A
    /// local is also followed to its last assignment. A member of another object typed as an options class
    /// (<c>customer.Contact.Email</c>, with <c>Configure&lt;ContactInfo&gt;</c> elsewhere) is that object's data.
    /// </summary>
    public bool IsOptionsRead(IOperation? instance, CancellationToken cancellationToken) => IsOptionsRead(instance, 0, cancellationToken);

    private bool IsOptionsRead(IOperation? instance, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
            return false;

        instance = PipelineFlow.Unwrap(instance);
        switch (instance)
        {
            // options.Value?.SupportEmail: the member is read from the placeholder for the value the ?. tested.
            case IConditionalAccessInstanceOperation placeholder:
                return IsOptionsRead(ConditionalReceiver(placeholder), depth + 1, cancellationToken);
            case IPropertyReferenceOperation { Property: { Name: "Value" or "CurrentValue" } property }
                when Namespaces.Is(property.ContainingType.ContainingNamespace, "Microsoft.Extensions.Options"):
                return true;
            case IInvocationOperation { TargetMethod: { Name: "Get" } method } when Namespaces.Is(method.ContainingType.ContainingNamespace, "Microsoft.Extensions.Options"):
                return true;
            // configuration.GetSection("Support").Get<SupportOptions>(): what is bound from IConfiguration is the app's
            // settings (appsettings.json, environment variables), whatever the class.
            case IInvocationOperation { TargetMethod: { Name: "Get" or "GetValue", ContainingType.Name: "ConfigurationBinder" } binder }:
                return Namespaces.Is(binder.ContainingType.ContainingNamespace, "Microsoft.Extensions.Configuration");
            // options.Value.Escalation: a section read from an options value; Settings (=> monitor.CurrentValue): an
            // options class kept in a property of this object. account.Contact is the account's data.
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return IsOptionsRead(property.Instance, depth + 1, cancellationToken)
                    || (property.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } && IsOptionsType(property.Type, cancellationToken));
            case IFieldReferenceOperation field:
                return IsOptionsType(field.Type, cancellationToken) || IsOptionsRead(field.Instance, depth + 1, cancellationToken);
            case IParameterReferenceOperation:
                return IsOptionsType(instance.Type, cancellationToken);
            // var escalation = options.Value.Escalation; … escalation.ManagerEmail.
            case ILocalReferenceOperation local:
                return IsOptionsType(local.Type, cancellationToken)
                    || IsOptionsRead(PipelineFlow.LastAssignedValue(local), depth + 1, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether the app binds the options class <paramref name="type"/> from <c>IConfiguration</c>:
    /// <c>Configure&lt;T&gt;(configuration.GetSection(…))</c>, <c>AddOptions&lt;T&gt;().Bind(…)</c> /
    /// <c>.BindConfiguration(…)</c>, or <c>configuration.Bind(…, instance)</c> of a <c>T</c> (in a <c>Configure</c>
    /// lambda). Options only set in code (<c>Configure&lt;T&gt;(o =&gt; o.Path = "…")</c>) are not. Read once, on first need.
    /// </summary>
    public bool IsBoundFromConfiguration(ITypeSymbol type, CancellationToken cancellationToken) =>
        Read(cancellationToken).Bound.Contains(type.OriginalDefinition);

    private bool IsOptionsType(ITypeSymbol? type, CancellationToken cancellationToken) =>
        type is INamedTypeSymbol named && Contains(named, cancellationToken);

    // The value tested by the ?. whose WhenNotNull side holds the placeholder (nested a?.b?.c: the nearest such ?.).
    internal static IOperation? ConditionalReceiver(IConditionalAccessInstanceOperation placeholder)
    {
        IOperation current = placeholder;
        for (var parent = placeholder.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == current)
                return access.Operation;
        }

        return null;
    }

    private bool Contains(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Read(cancellationToken).Types.Contains(type.OriginalDefinition);

    /// <summary>The options classes of the compilation, and those it binds from configuration.</summary>
    private sealed class Registered
    {
        public HashSet<ISymbol> Types { get; } = new(SymbolEqualityComparer.Default);
        public HashSet<ISymbol> Bound { get; } = new(SymbolEqualityComparer.Default);
    }

    private static readonly ImmutableArray<string> Registrations = ImmutableArray.Create("Configure", "AddOptions", "Bind", "BindConfiguration");

    // One read per compilation, on first need; a cancelled read throws and stores nothing; two threads may both read,
    // the first store wins.
    private Registered Read(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _registered) is { } known)
            return known;

        var registered = new Registered();
        var index = SyntaxNameIndex.For(_compilation);
        var models = new SemanticModels(_compilation);
        foreach (var name in OptionsInterfaces)
        {
            foreach (var use in index.Names(name, cancellationToken))
            {
                if (use is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 }
                    && models.Get(use.SyntaxTree).GetSymbolInfo(use, cancellationToken).Symbol is INamedTypeSymbol { TypeArguments.Length: 1 } used
                    && Namespaces.Is(used.ContainingNamespace, "Microsoft.Extensions.Options")
                    && used.TypeArguments[0] is INamedTypeSymbol options)
                {
                    registered.Types.Add(options.OriginalDefinition);
                }
            }
        }

        foreach (var name in Registrations)
        {
            foreach (var call in index.Invocations(name, cancellationToken))
            {
                // Configure<T>(…) / AddOptions<T>(): only generic calls name an options class (not app.Configure(…)).
                if ((name is "Bind" or "BindConfiguration" || call.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax })
                    && models.Get(call.SyntaxTree).GetOperation(call, cancellationToken) is IInvocationOperation invocation)
                {
                    AddRegistration(invocation, registered);
                }
            }
        }

        return Interlocked.CompareExchange(ref _registered, registered, null) ?? registered;
    }

    /// <summary>
    /// <c>Configure&lt;T&gt;</c> / <c>AddOptions&lt;T&gt;</c> register an options class; it is bound from configuration by
    /// <c>Configure&lt;T&gt;(IConfiguration)</c>, <c>OptionsBuilder&lt;T&gt;.Bind</c> / <c>BindConfiguration</c>, or
    /// <c>ConfigurationBinder.Bind(…, instance)</c> of a <c>T</c>.
    /// </summary>
    private static void AddRegistration(IInvocationOperation invocation, Registered registered)
    {
        var method = invocation.TargetMethod;
        if (method.Name is "Configure" or "AddOptions")
        {
            if (method.TypeArguments.Length != 1 || !Namespaces.Is(method.ContainingNamespace, "Microsoft.Extensions.DependencyInjection")
                || method.TypeArguments[0] is not INamedTypeSymbol options)
            {
                return;
            }

            registered.Types.Add(options.OriginalDefinition);
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type is { Name: "IConfiguration" } configuration && Namespaces.Is(configuration.ContainingNamespace, "Microsoft.Extensions.Configuration"))
                    registered.Bound.Add(options.OriginalDefinition);
            }

            return;
        }

        // OptionsBuilder<T>.Bind(section) / BindConfiguration(path).
        var receiver = method.ReducedFrom is not null ? method.ReceiverType : method.Parameters.Length > 0 ? method.Parameters[0].Type : null;
        if (receiver is INamedTypeSymbol { Name: "OptionsBuilder", TypeArguments.Length: 1 } builder && Namespaces.Is(builder.ContainingNamespace, "Microsoft.Extensions.Options"))
        {
            registered.Bound.Add(builder.TypeArguments[0].OriginalDefinition);
            return;
        }

        // configuration.Bind(instance) / Bind(key, instance): ConfigurationBinder fills the object.
        if (method.Name == "Bind" && method.ContainingType is { Name: "ConfigurationBinder" } binder && Namespaces.Is(binder.ContainingNamespace, "Microsoft.Extensions.Configuration"))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Object && PipelineFlow.Unwrap(argument.Value)?.Type is INamedTypeSymbol filled)
                    registered.Bound.Add(filled.OriginalDefinition);
            }
        }
    }
}
