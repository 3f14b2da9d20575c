using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>
/// Every analyzer over thousands of half-typed and broken variants of every test source and sample (fixed seed
/// <see cref="FuzzRun.Seed"/>): any analyzer exception or AD0001 fails the test and names the variant.
/// </summary>
public sealed class HostileInputTests
{
    private readonly ITestOutputHelper _output;

    public HostileInputTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Corpus_HoldsTheTestSnippetsAndSamples()
    {
        _output.WriteLine($"{FuzzCorpus.Snippets.Length} snippets, {FuzzCorpus.Samples.Sum(s => s.Files.Length)} sample files, {HostileSources.All.Length} hostile files");
        Assert.True(FuzzCorpus.Snippets.Length >= 50, "the corpus should find the C# snippets of the tests: " + FuzzCorpus.Snippets.Length);
        Assert.Contains(FuzzCorpus.Snippets, s => s.Text.Contains("ApiKeyCredential"));
    }

    [Theory]
    [InlineData(ReferenceMode.Full, 2500)]
    [InlineData(ReferenceMode.NetOnly, 800)]
    [InlineData(ReferenceMode.MlWithoutDependencies, 800)]
    internal async Task NoAnalyzerThrows_OnMutatedSources(ReferenceMode mode, int minimumVariants)
    {
        var result = await FuzzRun.GetAsync(mode);

        _output.WriteLine($"{mode}: {result.VariantCount} variants, {result.Analyzed.Sum(a => a.Diagnostics.Length)} diagnostics, {result.Exceptions.Length} analyzer exceptions, {result.Elapsed.TotalSeconds:F1} s");
        foreach (var group in result.Analyzed.SelectMany(a => a.Diagnostics).GroupBy(d => d.Id).OrderBy(g => g.Key))
            _output.WriteLine($"  {group.Key}: {group.Count()}");
        Assert.True(result.Exceptions.IsEmpty, $"{result.Exceptions.Length} analyzer exceptions; first:\n" + string.Join("\n\n", result.Exceptions.Take(3)));
        Assert.True(result.VariantCount >= minimumVariants, $"only {result.VariantCount} variants ran (floor {minimumVariants})");
    }
}
