using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MlSecAnalyzers.Tests.Catalogue;

/// <summary>Every rule has its page (the help link resolves) and its README row, and both agree with the descriptor.</summary>
public sealed class DocumentationTests
{
    private static readonly string[] Sections = { "## Cause", "## Why it matters", "## Examples", "## How to fix", "## Configuration", "## Suppression" };

    [Theory]
    [MemberData(nameof(DescriptorTests.Ids), MemberType = typeof(DescriptorTests))]
    public void RulePage_ExistsWithTitleTableAndSections(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        var path = Path.Combine(Catalogue.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"{path} is missing: the help link of {id} would be broken");

        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);

        var table = lines.SkipWhile(l => !l.StartsWith("| Category", System.StringComparison.Ordinal)).Skip(2).FirstOrDefault() ?? "";
        var cells = table.Split('|').Select(c => c.Trim()).ToArray();
        Assert.True(cells.Length > 3, $"{id}: the page has no Category/Severity table");
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(Catalogue.SeverityWord(descriptor.DefaultSeverity), cells[2]);

        var text = string.Join("\n", lines);
        foreach (var section in Sections)
            Assert.Contains("\n" + section + "\n", text);
        Assert.Contains("```csharp", text);
    }

    [Fact]
    public void Readme_HasOneRowPerRuleThatMatchesTheDescriptor()
    {
        var readme = Catalogue.ReadFile("README.md");
        var rows = Regex.Matches(readme, @"^\| \[(?<id>MLSEC\d{3})\]\(docs/rules/\k<id>\.md\) \| (?<title>[^|]+) \| (?<category>[^|]+) \| (?<severity>[^|]+) \| (?<fix>[^|]+) \|$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["id"].Value);

        Assert.Equal(Catalogue.Descriptors.Select(d => d.Id).OrderBy(i => i), rows.Keys.OrderBy(i => i));
        foreach (var descriptor in Catalogue.Descriptors)
        {
            var row = rows[descriptor.Id];
            Assert.Equal(descriptor.Title.ToString(), row.Groups["title"].Value.Trim());
            Assert.Equal(descriptor.Category, row.Groups["category"].Value.Trim());
            Assert.Equal(Catalogue.SeverityWord(descriptor.DefaultSeverity), row.Groups["severity"].Value.Trim());
            Assert.Equal(Catalogue.RulesWithoutFix.Contains(descriptor.Id), row.Groups["fix"].Value.Trim().StartsWith("none", System.StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ConfigurationPage_DocumentsEveryOptionKeyTheAnalyzersRead()
    {
        var configuration = Catalogue.ReadFile("docs", "configuration.md");
        var sources = Directory.GetFiles(Path.Combine(Catalogue.RepositoryRoot, "src", "MlSecAnalyzers"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText);
        var keys = sources.SelectMany(s => Regex.Matches(s, @"""(?:mlsec\.)?(?<key>[a-z_]+_(?:names|types|app|validators|verifiers|filters))""").Select(m => m.Groups["key"].Value)).Distinct().ToArray();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains("mlsec." + key, configuration));
    }

    [Fact]
    public void RulePages_ExistOnlyForCatalogueRules()
    {
        var pages = Directory.GetFiles(Path.Combine(Catalogue.RepositoryRoot, "docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(Catalogue.Descriptors.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal), pages.OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Readme_TableRowsNameOnlyCatalogueRules_OneRowEach()
    {
        // Catches rows the well-formed-row pattern above skips: a rule without a link, a typo, a rule that went away.
        var ids = Catalogue.Descriptors.Select(d => d.Id).ToHashSet();
        var rows = Catalogue.ReadFile("README.md").Split('\n')
            .Where(l => l.StartsWith("|", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, @"^\|\s*\[?(?<id>MLSEC\d+)"))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value)
            .ToList();

        Assert.All(rows, id => Assert.Contains(id, ids));
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    private static string[] RulePageTableRow(string id)
    {
        var lines = File.ReadAllLines(Path.Combine(Catalogue.RepositoryRoot, "docs", "rules", id + ".md"));
        var header = lines.SkipWhile(l => !l.StartsWith("| Category", StringComparison.Ordinal)).First();
        Assert.Equal("| Category | Severity | Enabled | Code fix | Analyzer |", header);
        return lines.SkipWhile(l => !l.StartsWith("| Category", StringComparison.Ordinal)).Skip(2).First().Split('|').Select(c => c.Trim()).ToArray();
    }

    [Theory]
    [MemberData(nameof(DescriptorTests.Ids), MemberType = typeof(DescriptorTests))]
    public void RulePage_TableNamesTheFixAndTheAnalyzerThatReportsTheRule(string id)
    {
        var cells = RulePageTableRow(id);
        Assert.Equal("yes", cells[3]);
        Assert.Equal(Catalogue.RulesWithoutFix.Contains(id), cells[4].StartsWith("none", StringComparison.Ordinal));

        var analyzerPath = cells[5].Trim('`');
        Assert.True(File.Exists(Path.Combine(Catalogue.RepositoryRoot, analyzerPath)), $"{id}: {analyzerPath} does not exist");
        var analyzer = Catalogue.Analyzers.SingleOrDefault(a => a.GetType().Name == Path.GetFileNameWithoutExtension(analyzerPath));
        Assert.True(analyzer is not null, $"{id}: no exported analyzer is named after {analyzerPath}");
        Assert.Contains(analyzer!.SupportedDiagnostics, d => d.Id == id);
    }

    [Theory]
    [MemberData(nameof(DescriptorTests.Ids), MemberType = typeof(DescriptorTests))]
    public void RulePage_SuppressionExamplesUseTheExactIdCategoryAndTitle(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        var text = Catalogue.ReadFile("docs", "rules", id + ".md");
        var suppression = text.Substring(text.IndexOf("\n## Suppression\n", StringComparison.Ordinal));

        // A SuppressMessage with a wrong category or check id silently suppresses nothing.
        Assert.Contains($"#pragma warning disable {id}", suppression);
        Assert.Contains($"[SuppressMessage(\"{descriptor.Category}\", \"{id}:{descriptor.Title}\"", suppression);
        Assert.Contains($"dotnet_diagnostic.{id}.severity = none", suppression);
    }

    [Theory]
    [MemberData(nameof(DescriptorTests.Ids), MemberType = typeof(DescriptorTests))]
    public void RulePage_HowToFixNamesTheEquivalenceKeyOfEveryFixOffered(string id)
    {
        // Keys are named after the rules they fix (MLSEC001_MLSEC003_ReadFromEnvironment); users select them in
        // dotnet format and editors' Fix All, so the page lists them.
        var keys = typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(k => Regex.Matches(k, @"MLSEC\d{3}").Any(m => m.Value == id))
            .ToArray();
        var text = Catalogue.ReadFile("docs", "rules", id + ".md");
        var howToFix = text.Substring(text.IndexOf("\n## How to fix\n", StringComparison.Ordinal));
        howToFix = howToFix.Substring(0, howToFix.IndexOf("\n## ", 1, StringComparison.Ordinal));

        Assert.Equal(Catalogue.RulesWithoutFix.Contains(id), keys.Length == 0);
        Assert.All(keys, key => Assert.Contains(key, howToFix));
    }

    /// <summary>The options table of docs/configuration.md: key → the rules it lists.</summary>
    private static Dictionary<string, string[]> DocumentedOptions() =>
        Regex.Matches(Catalogue.ReadFile("docs", "configuration.md"), @"^\| `mlsec\.(?<key>[a-z_]+)` \| (?<rules>[^|]+) \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["key"].Value, m => Regex.Matches(m.Groups["rules"].Value, @"MLSEC\d{3}").Select(r => r.Value).ToArray());

    [Fact]
    public void ConfigurationPage_DocumentsOnlyOptionsTheAnalyzersRead_AndEachRulePageNamesItsOptions()
    {
        var options = DocumentedOptions();
        var sources = string.Join("\n", Directory.GetFiles(Path.Combine(Catalogue.RepositoryRoot, "src", "MlSecAnalyzers"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        Assert.NotEmpty(options);
        foreach (var (key, rules) in options)
        {
            Assert.True(Regex.IsMatch(sources, $"\"(mlsec\\.)?{key}\""), $"mlsec.{key} is documented but no analyzer reads it");
            Assert.NotEmpty(rules);
            foreach (var rule in rules)
            {
                Assert.Contains(rule, Catalogue.Descriptors.Select(d => d.Id));
                var page = Catalogue.ReadFile("docs", "rules", rule + ".md");
                Assert.True(
                    page.Contains("mlsec." + key, StringComparison.Ordinal) || page.Contains($"mlsec.{rule}.{key}", StringComparison.Ordinal),
                    $"{rule}.md does not mention mlsec.{key}");
            }
        }
    }

    [Fact]
    public void Repository_HasNoLeftoverMergeConflictMarkers()
    {
        var extensions = new[] { ".cs", ".md", ".props", ".targets", ".csproj", ".sh", ".globalconfig", ".txt" };
        var offenders = Directory.EnumerateFiles(Catalogue.RepositoryRoot, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)) && !Regex.IsMatch(f, @"[\\/](bin|obj|\.git)[\\/]"))
            .Where(f => File.ReadLines(f).Any(l => l.StartsWith("<<<<<<< ", System.StringComparison.Ordinal) || l.StartsWith(">>>>>>> ", System.StringComparison.Ordinal)))
            .ToArray();

        Assert.Empty(offenders);
    }
}
