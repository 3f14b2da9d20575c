using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MlSecAnalyzers.Tests.Catalogue;

/// <summary>The package's build/ props must make visible every MSBuild property the rules read.</summary>
public sealed class PackageTests
{
    [Fact]
    public void BuildProps_MakeVisibleEveryBuildPropertyTheAnalyzersRead()
    {
        var props = Catalogue.ReadFile("src", "MlSecAnalyzers.Package", "build", "MlSecAnalyzers.props");
        var visible = Regex.Matches(props, @"<CompilerVisibleProperty Include=""(?<name>\w+)""").Select(m => m.Groups["name"].Value).ToHashSet();
        var read = Regex.Matches(Catalogue.ReadFile("src", "MlSecAnalyzers", "Infrastructure", "ClientApp.cs"), @"build_property\.(?<name>\w+)")
            .Select(m => m.Groups["name"].Value).Distinct().ToArray();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Contains(name, visible));
    }
}
