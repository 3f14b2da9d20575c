using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace MlSecAnalyzers.CodeFixes;

/// <summary>Fixes write names fully qualified (<c>global::System.…</c>) so they bind wherever they land.</summary>
internal static class Simplification
{
    /// <summary>Marks the qualified names in <paramref name="node"/> so the simplifier shortens them to what the file's usings allow.</summary>
    public static T Simplifiable<T>(T node)
        where T : SyntaxNode =>
        node.ReplaceNodes(
            node.DescendantNodes().Where(n => n is AliasQualifiedNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax),
            (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
}
