using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

/// <summary>
/// MlTypes reads types from the compilation's merged namespaces; <see cref="Compilation.GetTypesByMetadataName"/>,
/// which it replaced for speed, is the oracle for the rule "the compilation's own type, else the single visible one".
/// </summary>
public sealed class MlTypesTests
{
    private static readonly MetadataReference CoreLibrary = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

    [Theory]
    [InlineData("Vendor.Ml.Model")]            // in one reference
    [InlineData("Vendor.Ml.Tensor`1")]         // generic arity
    [InlineData("Vendor.Ml.Tensor")]           // wrong arity: absent
    [InlineData("Vendor.Shared.Twice")]        // public in two references: ambiguous
    [InlineData("Vendor.Shared.Hidden")]       // public in one, internal in the other
    [InlineData("Vendor.Shared.Mine")]         // in a reference and in the compilation: the compilation's
    [InlineData("Vendor.Missing.Type")]        // namespace absent
    [InlineData("Vendor.Ml")]                  // a namespace, not a type
    [InlineData("TopLevel")]                   // global namespace
    [InlineData("System.String")]
    public void Get_AgreesWithTheCompilationsOwnLookup(string metadataName)
    {
        var first = Reference("First", """
            namespace Vendor.Ml { public class Model { } public class Tensor<T> { } }
            namespace Vendor.Shared { public class Twice { } public class Hidden { } public class Mine { } }
            public class TopLevel { }
            """);
        var second = Reference("Second", """
            namespace Vendor.Shared { public class Twice { } internal class Hidden { } }
            """);
        var compilation = CSharpCompilation.Create(
            "App", new[] { CSharpSyntaxTree.ParseText("namespace Vendor.Shared { class Mine { } }") }, new[] { CoreLibrary, first, second },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var found = MlTypes.For(compilation).Get(metadataName);

        Assert.Equal(Expected(compilation, metadataName), found, SymbolEqualityComparer.Default);
        if (metadataName is "Vendor.Shared.Mine")
            Assert.Equal("App", found!.ContainingAssembly.Name);
        if (metadataName is "Vendor.Ml.Model" or "Vendor.Ml.Tensor`1" or "Vendor.Shared.Hidden")
            Assert.NotNull(found);
        if (metadataName is "Vendor.Shared.Twice" or "Vendor.Ml.Tensor" or "Vendor.Ml")
            Assert.Null(found);
    }

    [Fact]
    public void For_IsOneInstancePerCompilation()
    {
        var compilation = CSharpCompilation.Create("App", references: new[] { CoreLibrary });
        Assert.Same(MlTypes.For(compilation), MlTypes.For(compilation));
        Assert.NotSame(MlTypes.For(compilation), MlTypes.For(compilation.Clone()));
    }

    /// <summary>The rule, written with the compilation's own (slower) search of every reference.</summary>
    private static INamedTypeSymbol? Expected(Compilation compilation, string metadataName)
    {
        var types = compilation.GetTypesByMetadataName(metadataName);
        var own = types.FirstOrDefault(t => SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly));
        if (own is not null)
            return own;
        var visible = types.Where(t => t.DeclaredAccessibility == Accessibility.Public).ToList();
        return visible.Count == 1 ? visible[0] : null;
    }

    private static MetadataReference Reference(string name, string source)
    {
        var compilation = CSharpCompilation.Create(
            name, new[] { CSharpSyntaxTree.ParseText(source) }, new[] { CoreLibrary }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
