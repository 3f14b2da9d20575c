using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>One C# source of the corpus: its origin (for failure messages) and its text.</summary>
internal sealed record CorpusSource(string Origin, string Text);

/// <summary>A sample project of the repository: every .cs file under samples/&lt;Name&gt;/ plus its MSBuild facts.</summary>
internal sealed record SampleProject(string Name, ImmutableArray<CorpusSource> Files, bool IsClientApp, bool IsWeb)
{
    /// <summary>The global usings ImplicitUsings=enable adds for the project's SDK.</summary>
    public string ImplicitUsings =>
        string.Concat(
            new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
                .Concat(IsWeb ? new[] { "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging" } : Array.Empty<string>())
                .Select(u => $"global using global::{u};\n"));
}

/// <summary>
/// The sources the reliability tests run over, found at run time so that new tests and samples join without edits:
/// every C# snippet embedded in a string literal of the test project (test markup stripped, holes that name
/// <see cref="TestKeys"/> filled with the key), every sample file, and a few handwritten hostile files.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly Lazy<ImmutableArray<CorpusSource>> LazySnippets = new(LoadSnippets);
    private static readonly Lazy<ImmutableArray<SampleProject>> LazySamples = new(LoadSamples);

    public static ImmutableArray<CorpusSource> Snippets => LazySnippets.Value;

    public static ImmutableArray<SampleProject> Samples => LazySamples.Value;

    /// <summary>Snippets, sample files and hostile files, in a stable order.</summary>
    public static ImmutableArray<CorpusSource> All =>
        Snippets.Concat(Samples.SelectMany(s => s.Files)).Concat(HostileSources.All).ToImmutableArray();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlSecAnalyzers.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("MlSecAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .OrderBy(f => f, StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private static ImmutableArray<CorpusSource> LoadSnippets()
    {
        var testKeys = typeof(TestKeys).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetValue(null)!);
        var testProject = Path.Combine(RepositoryRoot, "tests", "MlSecAnalyzers.Tests");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<CorpusSource>();
        foreach (var file in SourceFiles(testProject))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            var relative = Path.GetRelativePath(RepositoryRoot, file);
            foreach (var node in root.DescendantNodes())
            {
                string? text = node switch
                {
                    LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
                    InterpolatedStringExpressionSyntax interpolated => Flatten(interpolated, testKeys),
                    _ => null,
                };
                if (text is null || text.Length < 20)
                    continue;

                var source = WithoutMarkup(text);
                if (IsCSharpSource(source) && seen.Add(source))
                    result.Add(new CorpusSource($"{relative}@{node.SpanStart}", source));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>An interpolated test source with its holes filled: <c>TestKeys.X</c> with the key, anything else with a name.</summary>
    private static string Flatten(InterpolatedStringExpressionSyntax interpolated, IReadOnlyDictionary<string, string> testKeys)
    {
        var builder = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
                builder.Append(text.TextToken.ValueText);
            else if (content is InterpolationSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "TestKeys" } } access }
                     && testKeys.TryGetValue(access.Name.Identifier.ValueText, out var key))
                builder.Append(key);
            else
                builder.Append("Hole");
        }

        return builder.ToString();
    }

    public static string WithoutMarkup(string source) =>
        Regex.Replace(source, @"\{\|[^:|]*:|\|\}|\[\||\|\]", string.Empty);

    /// <summary>A string is a C# source when it parses cleanly and declares something: a using, a type, a namespace or a statement.</summary>
    private static bool IsCSharpSource(string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text, Verifiers.AnalyzerRunner.ParseOptions);
        if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            return false;

        var root = (CompilationUnitSyntax)tree.GetRoot();
        return root.Usings.Count > 0
            || root.Members.Any(m => m is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or DelegateDeclarationSyntax)
            || root.Members.OfType<GlobalStatementSyntax>().Any(g => g.Statement is not ExpressionStatementSyntax { Expression: IdentifierNameSyntax });
    }

    private static ImmutableArray<SampleProject> LoadSamples()
    {
        var samples = Path.Combine(RepositoryRoot, "samples");
        if (!Directory.Exists(samples))
            return ImmutableArray<SampleProject>.Empty;

        var result = ImmutableArray.CreateBuilder<SampleProject>();
        foreach (var directory in Directory.GetDirectories(samples).OrderBy(d => d, StringComparer.Ordinal))
        {
            var files = SourceFiles(directory)
                .Select(f => new CorpusSource(Path.GetRelativePath(RepositoryRoot, f), File.ReadAllText(f)))
                .ToImmutableArray();
            if (files.IsEmpty)
                continue;

            var projects = Directory.GetFiles(directory, "*.csproj").Select(File.ReadAllText).ToList();
            var isClientApp = projects.Any(p => Regex.IsMatch(p, @"<(MlSecClientApp|UseMaui|UseWPF|UseWindowsForms)>\s*true", RegexOptions.IgnoreCase));
            var isWeb = projects.Any(p => p.Contains("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase));
            result.Add(new SampleProject(Path.GetFileName(directory), files, isClientApp, isWeb));
        }

        return result.ToImmutable();
    }
}
