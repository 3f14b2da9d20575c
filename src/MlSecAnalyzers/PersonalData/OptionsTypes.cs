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
    private static readonly ImmutableArray<string> Registrations = ImmutableArray.Create("Configure", "AddOptions");

    private readonly Compilation _compilation;
    private HashSet<ISymbol>? _types;

    public OptionsTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// Whether <paramref name="instance"/>, the object a member is read from, is an options value: read from
    /// <c>IOptions&lt;T&gt;.Value</c>, <c>IOptionsMonitor&lt;T&gt;.CurrentValue</c> or <c>.Get(name)</c>, or held in a field,
    /// parameter or local of an options class. A member of another object typed as an options class
    /// (<c>customer.Contact.Email</c>, with <c>Configure&lt;ContactInfo&gt;</c> elsewhere) is that object's data.
    /// </summary>
    public bool IsOptionsRead(IOperation? instance, CancellationToken cancellationToken)
    {
        switch (instance)
        {
            case IPropertyReferenceOperation { Property: { Name: "Value" or "CurrentValue" } property }:
                return Namespaces.Is(property.ContainingType.ContainingNamespace, "Microsoft.Extensions.Options");
            case IInvocationOperation { TargetMethod: { Name: "Get" } method }:
                return Namespaces.Is(method.ContainingType.ContainingNamespace, "Microsoft.Extensions.Options");
            case IFieldReferenceOperation or IParameterReferenceOperation or ILocalReferenceOperation:
                return instance.Type is INamedTypeSymbol type && Contains(type, cancellationToken);
            default:
                return false;
        }
    }

    private bool Contains(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var types = Volatile.Read(ref _types);
        if (types is null)
        {
            // A cancelled read throws and stores nothing; two threads may both read, the first store wins.
            types = Read(cancellationToken);
            types = Interlocked.CompareExchange(ref _types, types, null) ?? types;
        }

        return types.Contains(type.OriginalDefinition);
    }

    private HashSet<ISymbol> Read(CancellationToken cancellationToken)
    {
        var types = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
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
                    types.Add(options.OriginalDefinition);
                }
            }
        }

        foreach (var name in Registrations)
        {
            foreach (var call in index.Invocations(name, cancellationToken))
            {
                if (call.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax }
                    && models.Get(call.SyntaxTree).GetOperation(call, cancellationToken) is IInvocationOperation { TargetMethod: { TypeArguments.Length: 1 } method }
                    && Namespaces.Is(method.ContainingNamespace, "Microsoft.Extensions.DependencyInjection")
                    && method.TypeArguments[0] is INamedTypeSymbol options)
                {
                    types.Add(options.OriginalDefinition);
                }
            }
        }

        return types;
    }
}
