using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

internal static class Namespaces
{
    /// <summary>
    /// True when <paramref name="ns"/> is the namespace <paramref name="dotted"/> (<c>"System.IO"</c>): what
    /// <c>ns.ToDisplayString() == dotted</c> says, without formatting a string on every call of a hot path.
    /// </summary>
    public static bool Is(INamespaceSymbol? ns, string dotted)
    {
        var end = dotted.Length;
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (end <= 0)
                return false;
            var start = dotted.LastIndexOf('.', end - 1) + 1;
            var name = ns.Name;
            if (end - start != name.Length || string.CompareOrdinal(dotted, start, name, 0, name.Length) != 0)
                return false;
            end = start - 1;
        }

        return ns is not null && end == -1;
    }
}
