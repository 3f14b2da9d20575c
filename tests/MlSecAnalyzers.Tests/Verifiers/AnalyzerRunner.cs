using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs every analyzer of the package over plain sources outside the test framework, for tests that look at all
/// diagnostics at once (secret leaks, safe-code corpora). Any analyzer exception fails the run.
/// </summary>
internal static class AnalyzerRunner
{
    private static readonly ConcurrentDictionary<ReferenceAssemblies, Task<ImmutableArray<MetadataReference>>> References = new();

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
        typeof(Descriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        IEnumerable<(string Path, string Source)> sources, ReferenceAssemblies? referenceAssemblies = null, OutputKind outputKind = OutputKind.ConsoleApplication)
    {
        var references = await References.GetOrAdd(
            referenceAssemblies ?? MlReferences.WithAspNetCore,
            r => r.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, parseOptions, s.Path)),
            references,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));

        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Add(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        var diagnostics = await compilation.WithAnalyzers(AllAnalyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        if (!exceptions.IsEmpty)
            throw new InvalidOperationException("Analyzer threw:\n" + string.Join("\n", exceptions));
        if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
            throw new InvalidOperationException("Analyzer crashed: " + crash);

        return diagnostics;
    }
}
