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

    /// <summary>The analyzer assembly's code-fix companion: every exported <see cref="Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider"/>.</summary>
    public static ImmutableArray<Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider> AllCodeFixes { get; } =
        typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Resolves a reference set once per test run.</summary>
    public static Task<ImmutableArray<MetadataReference>> GetReferencesAsync(ReferenceAssemblies? referenceAssemblies = null) =>
        References.GetOrAdd(referenceAssemblies ?? MlReferences.WithAspNetCore, r => r.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        IEnumerable<(string Path, string Source)> sources, ReferenceAssemblies? referenceAssemblies = null, OutputKind outputKind = OutputKind.ConsoleApplication)
    {
        var references = await GetReferencesAsync(referenceAssemblies);

        var compilation = CSharpCompilation.Create(
            "Analyzed",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.Path)),
            references,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));

        var result = await AnalyzeAsync(compilation);
        if (!result.Exceptions.IsEmpty)
            throw new InvalidOperationException("Analyzer threw:\n" + string.Join("\n", result.Exceptions));
        if (result.Diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
            throw new InvalidOperationException("Analyzer crashed: " + crash);

        return result.Diagnostics;
    }

    /// <summary>
    /// Runs <paramref name="analyzers"/> (default: all) over <paramref name="compilation"/> and returns the diagnostics
    /// together with every analyzer exception (the onAnalyzerException callback and AD0001 diagnostics), without throwing.
    /// </summary>
    public static async Task<AnalysisResult> AnalyzeAsync(
        Compilation compilation,
        AnalyzerOptions? analyzerOptions = null,
        ImmutableArray<DiagnosticAnalyzer> analyzers = default,
        bool concurrentAnalysis = true,
        bool logAnalyzerExecutionTime = false,
        CancellationToken cancellationToken = default)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            analyzerOptions ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: concurrentAnalysis,
            logAnalyzerExecutionTime: logAnalyzerExecutionTime);

        var withAnalyzers = compilation.WithAnalyzers(analyzers.IsDefault ? AllAnalyzers : analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
            exceptions.Enqueue(crash.ToString());

        var executionTime = TimeSpan.Zero;
        if (logAnalyzerExecutionTime)
        {
            foreach (var analyzer in withAnalyzers.Analyzers)
                executionTime += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken)).ExecutionTime;
        }

        return new AnalysisResult(diagnostics, exceptions.ToImmutableArray(), executionTime);
    }

    internal sealed record AnalysisResult(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions, TimeSpan AnalyzerExecutionTime);
}
