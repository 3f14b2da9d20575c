using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>
/// Another project of the solution as a build sees it: its source compiled to an assembly of its own name, given to
/// the test as a metadata reference (the test harness's <c>AdditionalProjects</c> are project references, as in an IDE).
/// </summary>
internal static class BuiltProject
{
    public static async Task<MetadataReference> ReferenceAsync(string assemblyName, string source, ReferenceAssemblies? references = null)
    {
        var resolved = await (references ?? MlReferences.Plain).ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            assemblyName, new[] { CSharpSyntaxTree.ParseText(source) }, resolved, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
