using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

internal static class SnippetOutputKind
{
    /// <summary>Snippets with top-level statements compile as programs; type-only snippets as libraries (no Main needed).</summary>
    public static OutputKind For(SourceFileList sources) =>
        sources.Any(s => CSharpSyntaxTree.ParseText(WithoutMarkup(s.content.ToString())).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;

    private static string WithoutMarkup(string source) =>
        Regex.Replace(source, @"\{\|[^:|]*:|\|\}|\[\||\|\]", string.Empty);
}
