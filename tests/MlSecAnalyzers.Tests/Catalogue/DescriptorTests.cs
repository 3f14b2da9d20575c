using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MlSecAnalyzers.Tests.Catalogue;

public sealed class DescriptorTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Catalogue.Descriptors)
            data.Add(descriptor.Id);
        return data;
    }

    [Fact]
    public void Ids_AreUniqueAndEveryAnalyzerUsesOnlyCatalogueDescriptors()
    {
        Assert.NotEmpty(Catalogue.Descriptors);
        Assert.Equal(Catalogue.Descriptors.Length, Catalogue.Descriptors.Select(d => d.Id).Distinct().Count());

        var supported = Catalogue.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToArray();
        Assert.All(supported, d => Assert.Contains(d, Catalogue.Descriptors));
        Assert.All(Catalogue.Descriptors, d => Assert.Contains(d, supported));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_FollowsTheConventions(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);

        Assert.Matches(@"^MLSEC\d{3}$", id);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(MlSecAnalyzers.Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.False(descriptor.Title.ToString().EndsWith(".", StringComparison.Ordinal), "titles have no final period");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Contains(descriptor.CustomTags, t => t.StartsWith("CWE-", StringComparison.Ordinal) || t.StartsWith("OWASP-", StringComparison.Ordinal));
        Assert.Contains(descriptor.DefaultSeverity, new[] { DiagnosticSeverity.Warning, DiagnosticSeverity.Info });
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_IsInItsCategorysRange(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        var ranges = Regex.Matches(Catalogue.ReadFile("src", "MlSecAnalyzers", "DiagnosticCategoryAndIdRanges.txt"), @"^(?<category>\w+): MLSEC(?<from>\d{3})-MLSEC(?<to>\d{3})\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["category"].Value, m => (From: int.Parse(m.Groups["from"].Value), To: int.Parse(m.Groups["to"].Value)));

        Assert.True(ranges.TryGetValue(descriptor.Category, out var range), $"no id range for category {descriptor.Category}");
        var number = int.Parse(id.Substring(5));
        Assert.InRange(number, range.From, range.To);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_HasAReleaseTrackingRow(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        var releases = Catalogue.ReadFile("src", "MlSecAnalyzers", "AnalyzerReleases.Shipped.md") + Catalogue.ReadFile("src", "MlSecAnalyzers", "AnalyzerReleases.Unshipped.md");

        Assert.Matches(new Regex($@"^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", RegexOptions.Multiline), releases);
    }
}
