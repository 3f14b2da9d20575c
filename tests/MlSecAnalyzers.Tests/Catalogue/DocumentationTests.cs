using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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
