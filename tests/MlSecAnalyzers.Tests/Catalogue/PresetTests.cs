using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MlSecAnalyzers.Tests.Catalogue;

/// <summary>The MlSecAnalysisMode presets shipped in build/config must name every rule, and only rules that exist.</summary>
public sealed class PresetTests
{
    private static readonly string[] RuleIds = Catalogue.Descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("mlsec-strict.globalconfig", "warning")]
    [InlineData("mlsec-none.globalconfig", "none")]
    public void Preset_SetsEveryRuleToTheSameSeverity(string file, string severity)
    {
        var path = Path.Combine(Catalogue.RepositoryRoot, "src", "MlSecAnalyzers.Package", "build", "config", file);
        var text = File.ReadAllText(path);

        Assert.Matches(new Regex(@"^is_global\s*=\s*true\s*$", RegexOptions.Multiline), text);
        var entries = Regex.Matches(text, @"^dotnet_diagnostic\.(?<id>MLSEC\d{3})\.severity\s*=\s*(?<severity>\w+)\s*$", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups["id"].Value, Severity: m.Groups["severity"].Value))
            .ToArray();

        Assert.Equal(RuleIds, entries.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray());
        Assert.All(entries, e => Assert.Equal(severity, e.Severity));
    }

    [Fact]
    public void Targets_SelectsPresetsByAnalysisMode()
    {
        var targets = Catalogue.ReadFile("src", "MlSecAnalyzers.Package", "build", "MlSecAnalyzers.targets");

        Assert.Contains("config/mlsec-strict.globalconfig\" Condition=\"'$(MlSecAnalysisMode)' == 'Strict'\"", targets);
        Assert.Contains("config/mlsec-none.globalconfig\" Condition=\"'$(MlSecAnalysisMode)' == 'None'\"", targets);
    }
}
