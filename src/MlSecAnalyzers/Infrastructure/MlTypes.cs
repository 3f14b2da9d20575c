using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
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
        // The value trackers ask per visited call: read first, so the common hit allocates no closure.
        _cache.TryGetValue(metadataName, out var known) ? known : _cache.GetOrAdd(metadataName, name => GetBestTypeByMetadataName(_compilation, name));

    private readonly ConcurrentDictionary<ISymbol, string> _displayNames = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// <see cref="ISymbol.ToDisplayString(SymbolDisplayFormat?)"/> of <paramref name="symbol"/>, formatted once per
    /// compilation: the value trackers compare the type of every call they follow with a list of names, and name the
    /// members a path is built from; formatting a name allocates each time.
    /// </summary>
    public string DisplayName(ISymbol symbol) => _displayNames.GetOrAdd(symbol, static t => t.ToDisplayString());

    private readonly ConcurrentDictionary<ISymbol, int> _symbolIds = new(SymbolEqualityComparer.Default);
    private int _lastSymbolId;

    /// <summary>
    /// A number for <paramref name="symbol"/>, the same for equal symbols of this compilation: for keys that are only
    /// compared with each other (the training-input tracker's path keys), where formatting each symbol's display name
    /// was the costliest part of the key (issue 7). Never shown: the numbers depend on which callback asks first.
    /// </summary>
    public int SymbolId(ISymbol symbol) =>
        _symbolIds.TryGetValue(symbol, out var id) ? id : _symbolIds.GetOrAdd(symbol, _ => Interlocked.Increment(ref _lastSymbolId));

    private readonly ConcurrentDictionary<SyntaxTree, int> _treeIds = new();
    private int _lastTreeId;

    /// <summary>
    /// A number for <paramref name="tree"/>, the same for the same tree of this compilation: with a position, it names one
    /// place in the compilation (file paths can repeat or be empty). Never shown, like <see cref="SymbolId"/>.
    /// </summary>
    public int TreeId(SyntaxTree tree) =>
        _treeIds.TryGetValue(tree, out var id) ? id : _treeIds.GetOrAdd(tree, _ => Interlocked.Increment(ref _lastTreeId));

    public INamedTypeSymbol? ApiKeyCredential => Get(MlTypeNames.SystemClientModelApiKeyCredential);
    public INamedTypeSymbol? AzureKeyCredential => Get(MlTypeNames.AzureAzureKeyCredential);
    public INamedTypeSymbol? HttpHeaders => Get(MlTypeNames.SystemNetHttpHeadersHttpHeaders);
    public INamedTypeSymbol? AuthenticationHeaderValue => Get(MlTypeNames.SystemNetHttpHeadersAuthenticationHeaderValue);

    /// <summary>
    /// Like <see cref="Compilation.GetTypeByMetadataName(string)"/>, but when several references define the name it
    /// prefers the compilation's own type, then the single one visible from it, instead of returning null.
    /// </summary>
    /// <remarks>
    /// Read from the compilation's merged namespaces, which its own binding builds anyway (every <c>using</c> walks them):
    /// a few dictionary lookups, where <see cref="Compilation.GetTypesByMetadataName"/> asks each of the hundreds of
    /// referenced assemblies in turn (about a millisecond per name on a web app, issue 7). Types of references with an
    /// extern alias are not in the merged namespaces; none of the libraries the rules know is used that way.
    /// </remarks>
    private static INamedTypeSymbol? GetBestTypeByMetadataName(Compilation compilation, string metadataName)
    {
        var lastDot = metadataName.LastIndexOf('.');
        var container = compilation.GlobalNamespace;
        var start = 0;
        while (start < lastDot)
        {
            var end = metadataName.IndexOf('.', start);
            container = Namespace(container, metadataName.Substring(start, end - start));
            if (container is null)
                return null;
            start = end + 1;
        }

        var name = metadataName.Substring(lastDot + 1);
        var arity = 0;
        var tick = name.IndexOf('`');
        if (tick >= 0)
        {
            if (!int.TryParse(name.Substring(tick + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out arity))
                return null;
            name = name.Substring(0, tick);
        }

        INamedTypeSymbol? best = null;
        foreach (var type in container.GetTypeMembers(name, arity))
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

    private static INamespaceSymbol? Namespace(INamespaceSymbol container, string name)
    {
        foreach (var member in container.GetMembers(name))
        {
            if (member is INamespaceSymbol ns)
                return ns;
        }

        return null;
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
