using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlSecAnalyzers.Tests.Verifiers;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>Which references the fuzzed code compiles against.</summary>
internal enum ReferenceMode
{
    /// <summary>.NET 8, ASP.NET Core and every ML/AI library: the types resolve.</summary>
    Full,

    /// <summary>.NET 8 alone: no ML type resolves.</summary>
    NetOnly,

    /// <summary>The ML/AI libraries without the assemblies they build on (System.ClientModel, Azure.Core, M.E.AI.Abstractions): half-resolved types.</summary>
    MlWithoutDependencies,
}

internal sealed record AnalyzedVariant(string Origin, string Description, string Text, ImmutableArray<Diagnostic> Diagnostics);

internal sealed record FuzzResult(int VariantCount, ImmutableArray<string> Exceptions, ImmutableArray<AnalyzedVariant> Analyzed, TimeSpan Elapsed);

/// <summary>
/// Runs every analyzer over every corpus source and its mutations, one compilation per variant (sharing one resolved
/// reference set, so symbol loading happens once), variants in parallel. Results are cached per mode for the run.
/// </summary>
internal static class FuzzRun
{
    /// <summary>Fixed seed: a failing variant is reproduced by its origin and description.</summary>
    public const int Seed = 20261128;

    private static readonly ConcurrentDictionary<ReferenceMode, Lazy<Task<FuzzResult>>> Results = new();

    public static Task<FuzzResult> GetAsync(ReferenceMode mode) =>
        Results.GetOrAdd(mode, m => new Lazy<Task<FuzzResult>>(() => Task.Run(() => RunAsync(m)))).Value;

    public static async Task<ImmutableArray<MetadataReference>> ReferencesAsync(ReferenceMode mode)
    {
        switch (mode)
        {
            case ReferenceMode.NetOnly:
                return await AnalyzerRunner.GetReferencesAsync(MlReferences.Plain);
            case ReferenceMode.MlWithoutDependencies:
                var missing = new[] { "System.ClientModel.dll", "Azure.Core.dll", "Microsoft.Extensions.AI.Abstractions.dll", "System.Memory.Data.dll" };
                return (await AnalyzerRunner.GetReferencesAsync(MlReferences.WithAspNetCore))
                    .Where(r => !missing.Contains(Path.GetFileName(((PortableExecutableReference)r).FilePath ?? string.Empty), StringComparer.OrdinalIgnoreCase))
                    .ToImmutableArray();
            default:
                return await AnalyzerRunner.GetReferencesAsync(MlReferences.WithAspNetCore);
        }
    }

    public static IEnumerable<(CorpusSource Source, Variant Variant)> Variants()
    {
        var corpus = FuzzCorpus.All;
        for (var i = 0; i < corpus.Length; i++)
        {
            yield return (corpus[i], new Variant("unmutated", corpus[i].Text));
            foreach (var variant in Mutator.Mutate(corpus[i], Seed + i))
                yield return (corpus[i], variant);
        }
    }

    private static async Task<FuzzResult> RunAsync(ReferenceMode mode)
    {
        var stopwatch = Stopwatch.StartNew();
        var references = await ReferencesAsync(mode);
        var baseCompilation = CSharpCompilation.Create(
            "Fuzzed", Array.Empty<SyntaxTree>(), references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        // The full mode runs every variant; the missing-reference modes every unmutated source and every third variant.
        var work = Variants().Where((v, i) => mode == ReferenceMode.Full || v.Variant.Description == "unmutated" || i % 3 == 0).ToList();
        var exceptions = new ConcurrentQueue<string>();
        var analyzed = new AnalyzedVariant[work.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (index, cancellationToken) =>
            {
                var (source, variant) = work[index];
                var tree = CSharpSyntaxTree.ParseText(variant.Text, AnalyzerRunner.ParseOptions, "/0/Variant.cs", cancellationToken: cancellationToken);
                var compilation = baseCompilation.AddSyntaxTrees(tree);
                // Half of the variants run as a client app (MLSEC002's path), the other half as a server.
                var options = index % 2 == 1 ? ClientAppOptions : null;
                try
                {
                    var result = await AnalyzerRunner.AnalyzeAsync(compilation, options, concurrentAnalysis: false, cancellationToken: cancellationToken);
                    foreach (var exception in result.Exceptions)
                        exceptions.Enqueue($"[{mode}] {source.Origin} / {variant.Description}:\n{exception}\n--- variant ---\n{variant.Text}");
                    analyzed[index] = new AnalyzedVariant(source.Origin, variant.Description, variant.Text, result.Diagnostics);
                }
                catch (Exception exception)
                {
                    exceptions.Enqueue($"[{mode}] {source.Origin} / {variant.Description}: driver threw {exception}\n--- variant ---\n{variant.Text}");
                    analyzed[index] = new AnalyzedVariant(source.Origin, variant.Description, variant.Text, ImmutableArray<Diagnostic>.Empty);
                }
            });

        return new FuzzResult(work.Count, exceptions.ToImmutableArray(), analyzed.ToImmutableArray(), stopwatch.Elapsed);
    }

    public static AnalyzerOptions ClientAppOptions { get; } = new(
        ImmutableArray<AdditionalText>.Empty,
        new DictionaryOptionsProvider(new Dictionary<string, string> { ["build_property.MlSecClientApp"] = "true" }));
}

/// <summary>The same options for every file and the global section: <c>build_property.*</c> and <c>mlsec.*</c> keys.</summary>
internal sealed class DictionaryOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options _options;

    public DictionaryOptionsProvider(IReadOnlyDictionary<string, string> values) => _options = new Options(values);

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value)
        {
            if (_values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = null!;
            return false;
        }
    }
}
