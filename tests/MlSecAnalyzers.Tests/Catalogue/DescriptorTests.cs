using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MlSecAnalyzers.Tests.Reliability;
using MlSecAnalyzers.Tests.Verifiers;
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

    /// <summary>
    /// The public contract of rules.md, as data: id, category, title, default severity ("suggestion" is Info), and the
    /// threat tags SARIF consumers filter on. A descriptor that drifts from it changes what users configure and suppress.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (string Category, string Title, DiagnosticSeverity Severity, string[] Threats)> Contract =
        new Dictionary<string, (string, string, DiagnosticSeverity, string[])>
        {
            ["MLSEC001"] = ("Secrets", "Hardcoded model-endpoint credential", DiagnosticSeverity.Warning, new[] { "CWE-798", "OWASP-LLM02" }),
            ["MLSEC002"] = ("Secrets", "Model credential shipped in a client app", DiagnosticSeverity.Warning, new[] { "CWE-798", "OWASP-LLM02" }),
            ["MLSEC003"] = ("Secrets", "Credential inside a URL or connection string", DiagnosticSeverity.Warning, new[] { "CWE-798", "OWASP-LLM02" }),
            ["MLSEC010"] = ("Endpoints", "Model endpoint allows anonymous access", DiagnosticSeverity.Warning, new[] { "CWE-306", "OWASP-ML05" }),
            ["MLSEC011"] = ("Endpoints", "Model endpoint without rate limiting", DiagnosticSeverity.Info, new[] { "OWASP-LLM10" }),
            ["MLSEC012"] = ("Endpoints", "Model endpoint returns raw model output", DiagnosticSeverity.Info, new[] { "OWASP-ML03", "OWASP-ML04" }),
            ["MLSEC020"] = ("PersonalData", "Personal data loaded into an ML pipeline without a guard", DiagnosticSeverity.Warning, new[] { "CWE-359", "OWASP-LLM02" }),
            ["MLSEC021"] = ("PersonalData", "Personal data used as a model feature", DiagnosticSeverity.Warning, new[] { "CWE-359", "OWASP-LLM02" }),
            ["MLSEC022"] = ("PersonalData", "Dataset with personal data written out", DiagnosticSeverity.Warning, new[] { "CWE-359", "OWASP-LLM02" }),
            ["MLSEC023"] = ("PersonalData", "Personal data sent in a prompt to an external model", DiagnosticSeverity.Warning, new[] { "CWE-359", "OWASP-LLM02" }),
            ["MLSEC030"] = ("TrainingInput", "Untrusted data reaches training without validation", DiagnosticSeverity.Warning, new[] { "OWASP-ML02", "OWASP-LLM04" }),
            ["MLSEC031"] = ("TrainingInput", "Model loaded from an untrusted location without integrity check", DiagnosticSeverity.Warning, new[] { "CWE-494", "OWASP-ML06", "OWASP-LLM03" }),
        };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_MatchesTheCatalogueContract(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        Assert.True(Contract.TryGetValue(id, out var expected), $"{id} is not in the rules.md catalogue");

        Assert.Equal(expected.Category, descriptor.Category);
        Assert.Equal(expected.Title, descriptor.Title.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected.Severity, descriptor.DefaultSeverity);
        Assert.Equal(
            expected.Threats.OrderBy(t => t, StringComparer.Ordinal),
            descriptor.CustomTags.Where(t => t.StartsWith("CWE-", StringComparison.Ordinal) || t.StartsWith("OWASP-", StringComparison.Ordinal)).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryContractRuleThatIsImplemented_HasNoStaleContractRow()
    {
        // Ids of the contract without a descriptor are rules still to come; a descriptor outside it is caught above.
        var implemented = Catalogue.Descriptors.Select(d => d.Id).ToHashSet();
        Assert.Subset(Contract.Keys.ToHashSet(), implemented);
    }

    private static readonly Regex Placeholder = new(@"(?<!\{)\{(?<index>\d+)(,[^}]*)?(:[^}]*)?\}(?!\})", RegexOptions.CultureInvariant);

    private static int[] PlaceholderIndexes(DiagnosticDescriptor descriptor) =>
        Placeholder.Matches(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture))
            .Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)).Distinct().OrderBy(i => i).ToArray();

    [Theory]
    [MemberData(nameof(Ids))]
    public void MessageFormat_NumbersItsArgumentsFromZeroWithoutGaps(string id)
    {
        var descriptor = Catalogue.Descriptors.Single(d => d.Id == id);
        var format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
        var indexes = PlaceholderIndexes(descriptor);

        Assert.NotEmpty(indexes);
        Assert.Equal(Enumerable.Range(0, indexes.Length), indexes);
        Assert.False(format.EndsWith(".", StringComparison.Ordinal), "messages have no final period");

        // Formats with exactly that many arguments: no brace is left over, so nothing is malformed.
        var formatted = string.Format(CultureInfo.InvariantCulture, format, indexes.Select(i => (object)("arg" + i)).ToArray());
        Assert.DoesNotContain("{", formatted);
        Assert.DoesNotContain("}", formatted);
    }

    /// <summary>Rules the fuzz corpus does not reach (its snippets lose the helper types they interpolate): one positive case each.</summary>
    private static readonly (string Path, string Source)[] ExtraCases =
    {
        ("/Export.cs", """
            using System.IO;
            using Microsoft.ML;

            class Export
            {
                void Run(MLContext ml, Stream stream)
                {
                    var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
                    ml.Data.SaveAsText(data, stream);
                }
            }

            public class Customer
            {
                [Microsoft.ML.Data.LoadColumn(0)] public string CustomerEmail { get; set; }
                [Microsoft.ML.Data.LoadColumn(1)] public float Age { get; set; }
            }
            """),
        ("/Support.cs", """
            using OpenAI.Chat;

            class Support
            {
                void Ask(ChatClient chat, Client c) => chat.CompleteChat(new UserChatMessage($"Write to {c.Email}"));
            }

            public class Client { public string Email { get; set; } }
            """),
    };

    [Fact]
    public async Task EveryReportedDiagnostic_FillsEveryPlaceholderOfItsMessage()
    {
        // The fuzz corpus (test snippets, samples, hostile files and their mutations) reports nearly every rule many
        // times. A message format with more placeholders than the analyzer passes arguments shows "{2}" to users
        // (Roslyn falls back to the raw format); one with fewer drops what the analyzer meant to say.
        var arguments = typeof(Diagnostic).GetProperty("Arguments", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.True(arguments is not null, "Roslyn no longer has Diagnostic.Arguments: count the arguments some other way");

        var diagnostics = (await FuzzRun.GetAsync(ReferenceMode.Full)).Analyzed.SelectMany(v => v.Diagnostics)
            .Concat(await AnalyzerRunner.RunAsync(ExtraCases, outputKind: OutputKind.DynamicallyLinkedLibrary))
            .Where(d => d.Id.StartsWith("MLSEC", StringComparison.Ordinal));
        var seen = new HashSet<string>();
        var problems = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            seen.Add(diagnostic.Id);
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            if (Placeholder.IsMatch(message))
                problems.Add($"{diagnostic.Id}: unfilled placeholder in '{message}'");

            var passed = ((System.Collections.ICollection)arguments!.GetValue(diagnostic)!).Count;
            var expected = PlaceholderIndexes(diagnostic.Descriptor).Length;
            if (passed != expected)
                problems.Add($"{diagnostic.Id}: {passed} arguments for {expected} placeholders in '{message}'");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(20)));
        Assert.Equal(Catalogue.Descriptors.Select(d => d.Id).OrderBy(i => i), seen.OrderBy(i => i));
    }
}
