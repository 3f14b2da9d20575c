using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

public sealed class NamespacesTests
{
    [Theory]
    [InlineData("System.IO")]
    [InlineData("System")]
    [InlineData("IO")]
    [InlineData("System.I")]
    [InlineData("ystem.IO")]
    [InlineData("System.IO.Compression")]
    [InlineData("Other.System.IO")]
    [InlineData("")]
    [InlineData(".IO")]
    [InlineData("System..IO")]
    public void Is_SaysWhatToDisplayStringSays(string dotted)
    {
        var compilation = CSharpCompilation.Create("N", new[] { CSharpSyntaxTree.ParseText("namespace System.IO { class A { } } class B { }") });
        foreach (var type in new[] { "System.IO.A", "B" }.Select(compilation.GetTypeByMetadataName))
        {
            var ns = type!.ContainingNamespace;
            Assert.Equal(ns.ToDisplayString() == dotted, Namespaces.Is(ns, dotted));
        }

        Assert.False(Namespaces.Is(null, dotted));
    }
}
