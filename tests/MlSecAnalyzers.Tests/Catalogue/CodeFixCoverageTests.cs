using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace MlSecAnalyzers.Tests.Catalogue;

/// <summary>Every rule has a code fix unless the catalogue says it has none on purpose; every fixer supports Fix All.</summary>
public sealed class CodeFixCoverageTests
{
    [Fact]
    public void FixableIds_AreExactlyTheRulesThatHaveAFix()
    {
        var fixable = Catalogue.Fixers.SelectMany(f => f.FixableDiagnosticIds).ToHashSet();
        var expected = Catalogue.Descriptors.Select(d => d.Id).Where(id => !Catalogue.RulesWithoutFix.Contains(id)).ToHashSet();

        Assert.Equal(expected.OrderBy(i => i), fixable.OrderBy(i => i));
    }

    [Fact]
    public void RulesWithoutFix_NameOnlyCatalogueRules()
    {
        // A stale entry would let a rule lose its fix unnoticed once the id is reused.
        Assert.Subset(Catalogue.Descriptors.Select(d => d.Id).ToHashSet(), Catalogue.RulesWithoutFix.ToHashSet());
    }

    [Fact]
    public void EveryFixer_IsExportedForCSharp_AndFixesSomething()
    {
        Assert.All(Catalogue.Fixers, fixer =>
        {
            var export = fixer.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>()!;
            Assert.Contains(LanguageNames.CSharp, export.Languages);
            Assert.False(string.IsNullOrEmpty(export.Name), fixer.GetType().Name + " has no export name");
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
        });
    }

    [Fact]
    public void EveryFixer_SupportsFixAll()
    {
        Assert.NotEmpty(Catalogue.Fixers);
        Assert.All(Catalogue.Fixers, f => Assert.NotNull(f.GetFixAllProvider()));
    }

    [Fact]
    public void EquivalenceKeys_AreUniqueAndNamedByRule()
    {
        var keys = typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches(@"^MLSEC\d{3}(_MLSEC\d{3})*_[A-Z][A-Za-z0-9]+$", k));
    }
}
