using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

/// <summary>Option values and name lists are read per file, rule and key, and cached: the caches must keep all three apart.</summary>
public sealed class MlSecOptionsTests
{
    private static readonly ImmutableHashSet<string> Defaults = MlSecOptions.NameSet("apiKey");

    [Fact]
    public void NameLists_AreKeptApartByFileRuleAndKey()
    {
        var configured = CSharpSyntaxTree.ParseText("class A { }", path: "A.cs");
        var plain = CSharpSyntaxTree.ParseText("class B { }", path: "B.cs");
        var options = MlSecOptions.Create(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new Provider(new()
        {
            [configured] = new()
            {
                ["mlsec.MLSEC001.credential_parameter_names"] = "token",
                ["mlsec.validators"] = "Check",
            },
        })));

        for (var pass = 0; pass < 2; pass++)
        {
            // Asked twice over: the second pass reads the cache the first one filled.
            Assert.Equal(new[] { "apiKey", "token" }, Sorted(options.GetNameList(configured, "MLSEC001", "credential_parameter_names", Defaults)));
            Assert.Equal(new[] { "Check" }, Sorted(options.GetNameList(configured, "MLSEC001", "validators", ImmutableHashSet<string>.Empty)));
            Assert.Equal(new[] { "apiKey" }, Sorted(options.GetNameList(configured, "MLSEC002", "credential_parameter_names", Defaults)));
            Assert.Equal(new[] { "Check" }, Sorted(options.GetNameList(configured, "MLSEC030", "validators", ImmutableHashSet<string>.Empty)));
            Assert.Equal(new[] { "apiKey" }, Sorted(options.GetNameList(plain, "MLSEC001", "credential_parameter_names", Defaults)));

            // The raw values, cached the same way (the lists above read them once each).
            Assert.Equal("token", options.GetValue(configured, "MLSEC001", "credential_parameter_names"));
            Assert.Null(options.GetValue(configured, "MLSEC002", "credential_parameter_names"));
            Assert.Equal("Check", options.GetValue(configured, "MLSEC002", "validators"));
            Assert.Null(options.GetValue(configured, "MLSEC001", "inference_types"));
            Assert.Null(options.GetValue(plain, "MLSEC030", "validators"));
        }
    }

    private static string[] Sorted(ImmutableHashSet<string> names)
    {
        var sorted = new List<string>(names);
        sorted.Sort(System.StringComparer.Ordinal);
        return sorted.ToArray();
    }

    private sealed class Provider(Dictionary<SyntaxTree, Dictionary<string, string>> byTree) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            new Options(byTree.TryGetValue(tree, out var values) ? values : new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
