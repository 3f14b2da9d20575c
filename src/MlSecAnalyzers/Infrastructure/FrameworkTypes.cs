using System;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Whether a type is declared by .NET, ASP.NET Core and Microsoft's other libraries rather than by the application. A
/// namespace is not enough: an application may name its own code <c>Microsoft.*</c> (eShopOnWeb is
/// <c>Microsoft.eShopWeb.*</c>), in this project or in another project it references.
/// </summary>
internal static class FrameworkTypes
{
    /// <summary>
    /// Whether <paramref name="type"/> (its definition, for a constructed type) is in the namespace <paramref name="root"/>
    /// (<c>"System"</c> or <c>"Microsoft"</c>) or one inside it, and comes from a referenced framework assembly: not from
    /// this compilation's source, and from an assembly named <c>System</c>, <c>System.*</c>, <c>Microsoft.*</c>,
    /// <c>mscorlib</c>, <c>netstandard</c> or one of WPF's (whose <c>System.Windows</c> types live in
    /// <c>PresentationFramework</c>, <c>PresentationCore</c> and <c>WindowsBase</c>). An app's own project referenced by
    /// this one keeps its own assembly name (eShopOnWeb's <c>Microsoft.eShopWeb.ApplicationCore</c> namespace is in
    /// <c>ApplicationCore.dll</c>). The namespace, by names, is asked first.
    /// </summary>
    public static bool IsDeclaredBy(ITypeSymbol? type, string root)
    {
        if (type is null || !IsUnder(type.ContainingNamespace, root) || !type.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
            return false;

        return type.ContainingAssembly?.Name is { } assembly && IsFrameworkAssembly(assembly);
    }

    /// <summary><see cref="IsDeclaredBy"/> for <c>System</c> or <c>Microsoft</c>.</summary>
    public static bool IsFramework(ITypeSymbol? type) => IsDeclaredBy(type, "System") || IsDeclaredBy(type, "Microsoft");

    /// <summary>The outermost namespace of <paramref name="ns"/> is <paramref name="root"/>: by names, no strings built.</summary>
    private static bool IsUnder(INamespaceSymbol? ns, string root)
    {
        if (ns is null || ns.IsGlobalNamespace)
            return false;
        while (ns.ContainingNamespace is { IsGlobalNamespace: false } outer)
            ns = outer;
        return ns.Name == root;
    }

    private static bool IsFrameworkAssembly(string name) =>
        name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name is "System" or "mscorlib" or "netstandard" or "WindowsBase" or "PresentationCore" or "PresentationFramework";
}
