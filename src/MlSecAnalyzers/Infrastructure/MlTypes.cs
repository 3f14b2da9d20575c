using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// The well-known types of one compilation, each resolved at most once and only when a rule first asks for it
/// (a compilation is created per keystroke in the IDE, so eager lookups of every name would be paid for nothing).
/// </summary>
internal sealed class MlTypes
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _cache = new(System.StringComparer.Ordinal);

    private MlTypes(Compilation compilation) => _compilation = compilation;

    private static readonly ConditionalWeakTable<Compilation, MlTypes> Shared = new();

    /// <summary>
    /// The compilation's instance, shared by every analyzer: each lookup searches every referenced assembly, and the
    /// eight analyzers ask for many of the same types.
    /// </summary>
    public static MlTypes For(Compilation compilation) => Shared.GetValue(compilation, static c => new MlTypes(c));

    public Compilation Compilation => _compilation;

    /// <summary>The type named <paramref name="metadataName"/> (an <see cref="MlTypeNames"/> constant), or null when absent or ambiguous.</summary>
    public INamedTypeSymbol? Get(string metadataName) =>
        _cache.GetOrAdd(metadataName, name => GetBestTypeByMetadataName(_compilation, name));

    public INamedTypeSymbol? ApiKeyCredential => Get(MlTypeNames.SystemClientModelApiKeyCredential);
    public INamedTypeSymbol? AzureKeyCredential => Get(MlTypeNames.AzureAzureKeyCredential);
    public INamedTypeSymbol? HttpHeaders => Get(MlTypeNames.SystemNetHttpHeadersHttpHeaders);
    public INamedTypeSymbol? AuthenticationHeaderValue => Get(MlTypeNames.SystemNetHttpHeadersAuthenticationHeaderValue);

    /// <summary>
    /// Like <see cref="Compilation.GetTypeByMetadataName(string)"/>, but when several references define the name it
    /// prefers the compilation's own type, then the single one visible from it, instead of returning null.
    /// </summary>
    private static INamedTypeSymbol? GetBestTypeByMetadataName(Compilation compilation, string metadataName)
    {
        INamedTypeSymbol? best = null;
        foreach (var type in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
                return type;

            if (!IsVisibleOutside(type))
                continue;

            if (best is not null)
                return null;

            best = type;
        }

        return best;
    }

    private static bool IsVisibleOutside(INamedTypeSymbol type)
    {
        for (ISymbol? symbol = type; symbol is INamedTypeSymbol; symbol = symbol.ContainingType)
        {
            if (symbol.DeclaredAccessibility != Accessibility.Public)
                return false;
        }

        return true;
    }
}
