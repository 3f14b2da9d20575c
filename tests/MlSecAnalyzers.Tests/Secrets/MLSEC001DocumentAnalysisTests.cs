using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlSecAnalyzers.Secrets;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>
/// What MLSEC001 shows while typing. The IDE analyses one document at a time (syntax, then the semantic model of that
/// document); builds, CI and SARIF analyse the whole compilation. These tests pin which cases the IDE sees, so that the
/// "Limitations" paragraph of docs/rules/MLSEC001.md stays true: update both together.
/// </summary>
public sealed class MLSEC001DocumentAnalysisTests
{
    private static readonly string Hex = TestKeys.Random("0123456789abcdef", 32, seed: 301);

    private static async Task<Compilation> CompileAsync(params (string Path, string Source)[] sources) =>
        CSharpCompilation.Create(
            "DocumentAnalysis",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, AnalyzerRunner.ParseOptions, s.Path)),
            await AnalyzerRunner.GetReferencesAsync(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static CompilationWithAnalyzers WithAnalyzer(Compilation compilation) =>
        compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new HardcodedCredentialAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));

    /// <summary>The MLSEC001 diagnostics an editor gets for the document at <paramref name="path"/>, as the IDE asks for them.</summary>
    private static async Task<ImmutableArray<Diagnostic>> DocumentDiagnosticsAsync(Compilation compilation, string path)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var analysis = WithAnalyzer(compilation);
        var syntax = await analysis.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
        var semantic = await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None);
        return syntax.AddRange(semantic).Where(d => d.Id == "MLSEC001").ToImmutableArray();
    }

    private static async Task<ImmutableArray<Diagnostic>> BuildDiagnosticsAsync(Compilation compilation) =>
        (await WithAnalyzer(compilation).GetAnalyzerDiagnosticsAsync(CancellationToken.None)).Where(d => d.Id == "MLSEC001").ToImmutableArray();

    [Fact]
    public async Task ConstInTheSinksOwnType_IsShownInTheEditor()
    {
        var compilation = await CompileAsync(("/Assistant.cs", $$"""
            using System.ClientModel;

            class Assistant
            {
                const string Key = "{{Hex}}";
                ApiKeyCredential Credential() => new ApiKeyCredential(Key);
            }
            """));

        var diagnostic = Assert.Single(await DocumentDiagnosticsAsync(compilation, "/Assistant.cs"));
        Assert.Contains(Hex, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public async Task ConstInANestedType_IsShownInTheEditor()
    {
        var compilation = await CompileAsync(("/Assistant.cs", $$"""
            using System.ClientModel;

            class Assistant
            {
                static class Keys { public const string Key = "{{Hex}}"; }
                ApiKeyCredential Credential() => new ApiKeyCredential(Keys.Key);
            }
            """));

        Assert.Single(await DocumentDiagnosticsAsync(compilation, "/Assistant.cs"));
    }

    [Fact]
    public async Task ProviderFormatKeyInAnotherFile_IsShownInTheEditorOfItsOwnFile()
    {
        // A key with a provider format is reported by its own file's literal scan, whatever uses it.
        var compilation = await CompileAsync(
            ("/Keys.cs", $$"""static class Keys { public const string Key = "{{TestKeys.OpenAI}}"; }"""),
            ("/Assistant.cs", """
                using System.ClientModel;

                class Assistant { ApiKeyCredential Credential() => new ApiKeyCredential(Keys.Key); }
                """));

        Assert.Single(await DocumentDiagnosticsAsync(compilation, "/Keys.cs"));
        Assert.Empty(await DocumentDiagnosticsAsync(compilation, "/Assistant.cs"));
        Assert.Single(await BuildDiagnosticsAsync(compilation));
    }

    [Fact]
    public async Task KnownLimitation_SinkOnlyKeyInAnotherFile_IsReportedByBuildsButNotShownInTheEditor()
    {
        // A 32-hex key is a secret only because a sink uses it, and that sink is found while analysing another file:
        // the build reports it on the declaration, live document analysis of neither file shows it.
        var compilation = await CompileAsync(
            ("/Keys.cs", $$"""static class Keys { public const string Key = "{{Hex}}"; }"""),
            ("/Assistant.cs", """
                using System.ClientModel;

                class Assistant { ApiKeyCredential Credential() => new ApiKeyCredential(Keys.Key); }
                """));

        var built = Assert.Single(await BuildDiagnosticsAsync(compilation));
        Assert.Equal("/Keys.cs", built.Location.SourceTree!.FilePath);
        Assert.Empty(await DocumentDiagnosticsAsync(compilation, "/Keys.cs"));
        Assert.Empty(await DocumentDiagnosticsAsync(compilation, "/Assistant.cs"));
    }

    [Fact]
    public async Task SinkOnlyKeyInASiblingTypeOfTheSameFile_IsShownInTheEditor()
    {
        var compilation = await CompileAsync(("/Assistant.cs", $$"""
            using System.ClientModel;

            static class Keys { public const string Key = "{{Hex}}"; }

            class Assistant { ApiKeyCredential Credential() => new ApiKeyCredential(Keys.Key); }
            """));

        Assert.Single(await BuildDiagnosticsAsync(compilation));
        Assert.Single(await DocumentDiagnosticsAsync(compilation, "/Assistant.cs"));
    }
}
