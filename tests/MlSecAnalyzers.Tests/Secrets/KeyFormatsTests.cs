using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>
/// The provider key-format table (<see cref="KeyFormats.All"/>), one row per format: a synthetic key in the format is
/// recognised and names the right provider; near misses (one character short, a different marker, glued into a longer
/// identifier, a placeholder) are not reported. Keys are assembled at run time from fixed seeds, and the markers are
/// written in two parts, so no source file of the repository holds a key that a secret scanner (ours included) reports.
/// </summary>
public sealed class KeyFormatsTests
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Letters = Upper + Lower;
    private const string Alphanumeric = Letters + Digits;
    private const string UrlSafe = Alphanumeric + "_-";
    private const string HexLower = "0123456789abcdef";
    private const string Base32 = Upper + "234567";

    /// <summary>
    /// One synthetic key per format of the table, keyed by provider name and marker. Every key is the shortest the
    /// format allows; the segment marked <c>shortenable</c> is the one a "one character short" near miss loses a character of.
    /// </summary>
    private static readonly ImmutableArray<KeySpec> Specs = ImmutableArray.Create(
        new KeySpec("OpenAI", "T3Blbk" + "FJ", openEnded: true,
            Fixed("sk-"), Random(UrlSafe, 16, seed: 101, shortenable: true), Fixed("T3Blbk" + "FJ"), Random(UrlSafe, 16, seed: 102)),
        new KeySpec("Anthropic", "sk-" + "ant-",
            Fixed("sk-" + "ant-" + "api03-"), Random(UrlSafe, 80, seed: 103, shortenable: true), Fixed("A" + "A")),
        new KeySpec("OpenRouter", "sk-" + "or-v1-",
            Fixed("sk-" + "or-v1-"), Random(HexLower, 64, seed: 104, shortenable: true)),
        new KeySpec("Hugging Face", "hf" + "_",
            Fixed("hf" + "_"), Random(Letters, 34, seed: 105, shortenable: true)),
        new KeySpec("Hugging Face", "api_" + "org_",
            Fixed("api_" + "org_"), Random(Letters, 34, seed: 106, shortenable: true)),
        new KeySpec("Groq", "gs" + "k_",
            Fixed("gs" + "k_"), Random(Alphanumeric, 52, seed: 107, shortenable: true)),
        new KeySpec("xAI", "xa" + "i-",
            Fixed("xa" + "i-"), Random(Alphanumeric, 80, seed: 108, shortenable: true)),
        new KeySpec("Perplexity", "pp" + "lx-",
            Fixed("pp" + "lx-"), Random(Alphanumeric, 48, seed: 109, shortenable: true)),
        new KeySpec("Replicate", "r8" + "_",
            Fixed("r8" + "_"), Random(Alphanumeric, 37, seed: 110, shortenable: true)),
        new KeySpec("AWS", "AK" + "IA", Fixed("AK" + "IA"), Random(Base32, 16, seed: 111, shortenable: true)),
        new KeySpec("AWS", "AS" + "IA", Fixed("AS" + "IA"), Random(Base32, 16, seed: 112, shortenable: true)),
        new KeySpec("AWS", "AB" + "IA", Fixed("AB" + "IA"), Random(Base32, 16, seed: 113, shortenable: true)),
        new KeySpec("AWS", "AC" + "CA", Fixed("AC" + "CA"), Random(Base32, 16, seed: 114, shortenable: true)),
        new KeySpec("GitHub", "gh" + "p_", Fixed("gh" + "p_"), Random(Alphanumeric, 36, seed: 115, shortenable: true)),
        new KeySpec("GitHub", "gh" + "o_", Fixed("gh" + "o_"), Random(Alphanumeric, 36, seed: 116, shortenable: true)),
        new KeySpec("GitHub", "gh" + "u_", Fixed("gh" + "u_"), Random(Alphanumeric, 36, seed: 117, shortenable: true)),
        new KeySpec("GitHub", "gh" + "s_", Fixed("gh" + "s_"), Random(Alphanumeric, 36, seed: 118, shortenable: true)),
        new KeySpec("GitHub", "gh" + "r_", Fixed("gh" + "r_"), Random(Alphanumeric, 36, seed: 119, shortenable: true)),
        new KeySpec("GitHub", "github" + "_pat_",
            Fixed("github" + "_pat_"), Random(Alphanumeric, 22, seed: 120), Fixed("_"), Random(Alphanumeric, 59, seed: 121, shortenable: true)),
        // Azure identifiable keys: 52 characters, the JQQJ9 signature, a version character, one free, one in A-L,
        // 16 free, then "ACOG" + 4 for Azure AI services or any letter + 7 for other Azure services (84 in all).
        new KeySpec("Azure AI services", "JQQ" + "J9",
            Random(Alphanumeric, 52, seed: 122, shortenable: true), Fixed("JQQ" + "J9" + "9"), Random(Alphanumeric, 1, seed: 123), Fixed("C"),
            Random(Alphanumeric, 16, seed: 124), Fixed("AC" + "OG"), Random(Alphanumeric, 4, seed: 125)),
        new KeySpec("Azure", "JQQ" + "J9",
            Random(Alphanumeric, 52, seed: 126, shortenable: true), Fixed("JQQ" + "J9" + "D"), Random(Alphanumeric, 1, seed: 127), Fixed("F"),
            Random(Alphanumeric, 16, seed: 128), Fixed("Q"), Random(Alphanumeric, 7, seed: 129)),
        new KeySpec("Google", "AI" + "za",
            Fixed("AI" + "za"), Random(UrlSafe, 35, seed: 130, shortenable: true)));

    public static TheoryData<int, string, string> Formats()
    {
        var data = new TheoryData<int, string, string>();
        for (var i = 0; i < KeyFormats.All.Length; i++)
            data.Add(i, KeyFormats.All[i].Provider.Name, KeyFormats.All[i].Marker);
        return data;
    }

    private static (KeyFormat Format, KeySpec Spec) Row(int index)
    {
        var format = KeyFormats.All[index];
        var spec = Specs.SingleOrDefault(s => s.Provider == format.Provider.Name && s.Marker == format.Marker);
        Assert.True(spec is not null, $"KeyFormats.All[{index}] ({format.Provider.Name}, {format.Marker}) has no synthetic key in this test: add one to Specs");
        return (format, spec!);
    }

    // ---- The table and the test agree ---------------------------------------------------------------------------

    [Fact]
    public void EveryFormat_HasExactlyOneSyntheticKey_AndEverySyntheticKeyAFormat()
    {
        var formats = KeyFormats.All.Select(f => (f.Provider.Name, f.Marker)).ToList();
        var specs = Specs.Select(s => (s.Provider, s.Marker)).ToList();

        Assert.Equal(formats.Count, formats.Distinct().Count());
        Assert.Equal(formats.OrderBy(f => f.ToString(), StringComparer.Ordinal), specs.OrderBy(s => s.ToString(), StringComparer.Ordinal));
    }

    // ---- A valid key of each format -----------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Formats))]
    public void ValidKey_MatchesItsFormat_AndNamesItsProvider(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var key = spec.Build();

        Assert.True(format.TryMatch(key, out var start, out var length), $"{provider} ({marker}): its own synthetic key does not match");
        Assert.Equal((0, key.Length), (start, length));

        var matched = KeyFormats.Match(key, anywhereOnly: false, out start, out length);
        Assert.NotNull(matched);
        Assert.Equal(provider, matched!.Provider.Name);
        Assert.Equal((0, key.Length), (start, length));

        // What the analyzer reports on its own (any literal, no sink): every format but Google's.
        Assert.Equal(format.ReportAnywhere ? provider : null, KeyFormats.Match(key, anywhereOnly: true, out _, out _)?.Provider.Name);
        Assert.True(SecretHeuristics.LooksLikeSecret(key), $"{provider} ({marker}): a key in the format is not a secret at a sink");
        Assert.False(SecretHeuristics.IsPlaceholder(key));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void ValidKey_IsFoundInsideLongerText_WhereItIsAWholeToken(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var key = spec.Build();

        foreach (var (before, after) in new[] { ("Bearer ", ""), ("{\"key\":\"", "\"}"), ("https://host/v1?key=", "&x=1"), ("line one\n", "\nline two"), ("'", "'") })
        {
            var text = before + key + after;
            Assert.True(format.TryMatch(text, out var start, out var length), $"{provider} ({marker}): not found in '{Redact(text, key)}'");
            Assert.Equal((before.Length, key.Length), (start, length));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void ValidKey_ContainsTheMarker_AndIsNotShorterThanTheMinimumLength(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var shortest = spec.Build();

        // The marker and the length checks are prefilters that run before the regex: they must never drop a real key.
        Assert.Contains(format.Marker, shortest, StringComparison.Ordinal);
        Assert.True(shortest.Length >= format.MinimumLength, $"{provider} ({marker}): MinimumLength {format.MinimumLength} drops valid {shortest.Length}-character keys");
        Assert.True(shortest.Length >= KeyFormats.MinimumLength);

        // The synthetic key is the shortest the pattern accepts, so the minimum is also tight (no wasted regex runs).
        Assert.Equal(shortest.Length, format.MinimumLength);
    }

    [Fact]
    public void EveryFormatsMinimumLength_IsAtLeastTheTablesMinimumLength()
    {
        Assert.All(KeyFormats.All, f => Assert.True(f.MinimumLength >= KeyFormats.MinimumLength, $"{f.Provider.Name} ({f.Marker}): {f.MinimumLength} < {KeyFormats.MinimumLength}"));
        Assert.True(KeyFormats.MinimumLength >= 1);
    }

    // ---- Near misses --------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Formats))]
    public void OneCharacterShort_DoesNotMatch(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var key = spec.Build(shorten: true);

        Assert.False(format.TryMatch(key, out _, out _), $"{provider} ({marker}): a key one character short matches");
        Assert.Null(KeyFormats.Match(key, anywhereOnly: false, out _, out _)?.Provider.Name);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void WrongMarker_DoesNotMatch(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var key = spec.Build();
        var wrongMarker = NextChar(marker[0]) + marker.Substring(1);
        var wrong = key.Replace(marker, wrongMarker);

        Assert.NotEqual(key, wrong);
        Assert.False(format.TryMatch(wrong, out _, out _), $"{provider} ({marker}): matches with marker '{wrongMarker}'");
        Assert.Null(KeyFormats.Match(wrong, anywhereOnly: false, out _, out _)?.Provider.Name);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EmbeddedInALongerIdentifier_DoesNotMatch(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var key = spec.Build();

        // Key characters right before the key mean it is part of a longer token ("xhf_…", "my_ghp_…").
        foreach (var prefix in new[] { "x", "my_", "prefix-", "9" })
        {
            Assert.False(format.TryMatch(prefix + key, out _, out _), $"{provider} ({marker}): matches after '{prefix}'");
            Assert.Null(KeyFormats.Match(prefix + key + "_suffix", anywhereOnly: false, out _, out _)?.Provider.Name);
        }

        // Key characters right after a fixed-length key, too; OpenAI keys have no fixed length, so a longer tail is
        // just a longer key.
        if (!spec.OpenEnded)
        {
            foreach (var suffix in new[] { "x", "_2", "-v2", "7" })
                Assert.False(format.TryMatch(key + suffix, out _, out _), $"{provider} ({marker}): matches followed by '{suffix}'");
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Placeholder_IsNotReported(int index, string provider, string marker)
    {
        var (format, spec) = Row(index);
        var placeholder = spec.BuildPlaceholder();
        var withEllipsis = marker + "…";

        // The regex alone may accept "sk-ant-api03-xxxx…xxAA" (x is a key character); the analyzer drops what it
        // finds when the match is a placeholder, and a placeholder is never a secret at a sink.
        foreach (var candidate in new[] { placeholder, withEllipsis, marker + "...", "<" + marker + "your-key>" })
        {
            Assert.False(IsReportedAnywhere(candidate), $"{provider} ({marker}): placeholder '{candidate}' would be reported");
            Assert.False(SecretHeuristics.LooksLikeSecret(candidate), $"{provider} ({marker}): placeholder '{candidate}' is a secret at a sink");
        }
    }

    [Fact]
    public void DocumentationExampleKey_IsAPlaceholder_ButAShortOrInnerWordIsChance()
    {
        // AWS's documented example access key id has the exact format and ends in EXAMPLE.
        var example = "AKIA" + "IOSFODNN7" + "EXAMPLE";
        Assert.NotNull(KeyFormats.Match(example, anywhereOnly: true, out _, out _));
        Assert.True(SecretHeuristics.IsPlaceholder(example, matchesKeyFormat: true));

        // Glued inside the body, or a short word at the end, is what random characters do.
        foreach (var key in new[] { "AKIA" + "EXAMPLE" + "IOSFODNN7", "AKIA" + "IOSFODN7EXAM" + "FAKE" })
        {
            Assert.NotNull(KeyFormats.Match(key, anywhereOnly: true, out _, out _));
            Assert.False(SecretHeuristics.IsPlaceholder(key, matchesKeyFormat: true), key);
        }
    }

    [Fact]
    public void RepeatedCharacterPlaceholder_IsNotReported_ForAnyFormat()
    {
        // "sk-or-v1-000…000" and "sk-ant-api03-000…000AA" are as much placeholders as "sk-ant-api03-xxxx…xxAA": nobody is
        // issued a key of one repeated character, and a -warnaserror build must not break on one in a README snippet.
        var reported = new List<string>();
        foreach (var spec in Specs)
        {
            foreach (var fill in new[] { '0', '1', 'A', 'a' })
            {
                var placeholder = spec.BuildPlaceholder(fill);
                if (IsReportedAnywhere(placeholder))
                    reported.Add($"{spec.Provider} ({spec.Marker}): '{placeholder}'");
            }
        }

        Assert.True(reported.Count == 0, "reported as keys:\n" + string.Join("\n", reported));
    }

    [Fact]
    public void GoogleKeys_AreReportedOnlyAtASink()
    {
        var google = KeyFormats.All.Single(f => f.Marker == "AI" + "za");
        Assert.False(google.ReportAnywhere);
        Assert.Equal(KeyProvider.Google, google.Provider);

        // Every other format is reported wherever it appears.
        Assert.All(KeyFormats.All.Where(f => f != google), f => Assert.True(f.ReportAnywhere, $"{f.Provider.Name} ({f.Marker})"));

        var key = Specs.Single(s => s.Provider == "Google").Build();
        Assert.Null(KeyFormats.Match(key, anywhereOnly: true, out _, out _));
        Assert.Same(google, KeyFormats.Match(key, anywhereOnly: false, out _, out _));
        Assert.False(IsReportedAnywhere(key));
    }

    [Fact]
    public void AzureAIServicesKeys_NameAzureAIServices_OtherIdentifiableKeysNameAzure()
    {
        var aiServices = Specs.Single(s => s.Provider == "Azure AI services").Build();
        var other = Specs.Single(s => s.Provider == "Azure").Build();

        Assert.Same(KeyProvider.AzureAIServices, KeyFormats.Match(aiServices, anywhereOnly: true, out _, out _)?.Provider);
        Assert.Same(KeyProvider.Azure, KeyFormats.Match(other, anywhereOnly: true, out _, out _)?.Provider);
        Assert.Equal(84, aiServices.Length);
        Assert.Equal(84, other.Length);

        // The base64 padding form of the other Azure keys: 84 + 2 characters + "==".
        var padded = other + TestKeys.Random(Alphanumeric, 2, seed: 131) + "==";
        Assert.True(KeyFormats.Match(padded, anywhereOnly: true, out var start, out var length) is { } format && format.Provider == KeyProvider.Azure);
        Assert.Equal((0, padded.Length), (start, length));
    }

    [Theory]
    [InlineData("proj-")]
    [InlineData("svcacct-")]
    [InlineData("admin-")]
    [InlineData("None-")]
    [InlineData("")]
    public void OpenAIKeys_OfEveryKind_AreOpenAI(string kind)
    {
        // Project keys are much longer than the shortest legacy key; the format has no upper bound.
        var key = "sk-" + kind + TestKeys.Random(UrlSafe, 74, seed: 132) + "T3Blbk" + "FJ" + TestKeys.Random(UrlSafe, 74, seed: 133);
        Assert.Same(KeyProvider.OpenAI, KeyFormats.Match(key, anywhereOnly: true, out var start, out var length)?.Provider);
        Assert.Equal((0, key.Length), (start, length));
    }

    [Fact]
    public void AnthropicKeys_AreBoundedAt110BodyCharacters()
    {
        string Key(int body) => "sk-" + "ant-" + "api03-" + TestKeys.Random(UrlSafe, body, seed: 134) + "A" + "A";
        Assert.Same(KeyProvider.Anthropic, KeyFormats.Match(Key(93), anywhereOnly: true, out _, out _)?.Provider);
        Assert.Same(KeyProvider.Anthropic, KeyFormats.Match(Key(110), anywhereOnly: true, out _, out _)?.Provider);
        Assert.Null(KeyFormats.Match(Key(111), anywhereOnly: true, out _, out _));
    }

    [Fact]
    public void ShortValues_AreNeverScanned()
    {
        var shortest = KeyFormats.All.Min(f => f.MinimumLength);
        Assert.Null(KeyFormats.Match(new string('A', shortest - 1), anywhereOnly: false, out _, out _));
        Assert.Null(KeyFormats.Match(string.Empty, anywhereOnly: false, out _, out _));
    }

    [Fact]
    public void OrdinaryStrings_MatchNoFormat()
    {
        var ordinary = new[]
        {
            "OPENAI_API_KEY", "OpenAI:ApiKey", "AzureOpenAI__ApiKey", "gpt-4o-2024-08-06", "text-embedding-3-small",
            "https://example.openai.azure.com/", "/models/model.onnx", "The quick brown fox jumps over the lazy dog",
            "Ask the model about sk-ant and hf_ prefixes", "AKIA is the prefix of AWS access key ids",
            TestKeys.AzureHex, TestKeys.GenericSk, Guid.Empty.ToString(), new Guid(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }).ToString(),
        };

        Assert.All(ordinary, s => Assert.Null(KeyFormats.Match(s, anywhereOnly: false, out _, out _)?.Provider.Name));
    }

    // ---- The providers the fixes send keys to -------------------------------------------------------------------

    public static TheoryData<string> Providers()
    {
        var data = new TheoryData<string>();
        foreach (var provider in AllProviders())
            data.Add(provider.Name);
        return data;
    }

    /// <summary>Every provider of the format table, and every static <see cref="KeyProvider"/> a sink may name.</summary>
    private static IEnumerable<KeyProvider> AllProviders() =>
        KeyFormats.All.Select(f => f.Provider)
            .Concat(typeof(KeyProvider).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(KeyProvider)).Select(f => (KeyProvider)f.GetValue(null)!))
            .Distinct();

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_HasAValidEnvironmentVariableAndConfigurationKey(string name)
    {
        var provider = AllProviders().Single(p => p.Name == name);
        AssertFixTargets(provider);

        // The heuristics know these names for what they are.
        Assert.True(SecretHeuristics.IsEnvironmentVariableName(provider.EnvironmentVariable), provider.EnvironmentVariable);
        Assert.True(SecretHeuristics.IsConfigurationKeyPath(provider.ConfigurationKey), provider.ConfigurationKey);
    }

    [Fact]
    public void Providers_DoNotShareAVariableOrAConfigurationKey()
    {
        var providers = AllProviders().ToList();
        Assert.Equal(providers.Count, providers.Select(p => p.Name).Distinct().Count());
        Assert.Equal(providers.Count, providers.Select(p => p.EnvironmentVariable).Distinct().Count());
        Assert.Equal(providers.Count, providers.Select(p => p.ConfigurationKey).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("GatewayKey", "GATEWAY_KEY", "Secrets:GatewayKey")]
    [InlineData("_searchKey", "SEARCH_KEY", "Secrets:SearchKey")]
    [InlineData("HTTPKey", "HTTP_KEY", "Secrets:HTTPKey")]
    [InlineData("apiKey2", "API_KEY2", "Secrets:ApiKey2")]
    [InlineData("myKEY", "MY_KEY", "Secrets:MyKEY")]
    [InlineData("key_2", "KEY_2", "Secrets:Key_2")]
    [InlineData("k", "K", "Secrets:K")]
    public void KeyOfAnUnknownProvider_IsNamedAfterTheSymbolThatHoldsIt(string symbol, string environmentVariable, string configurationKey)
    {
        var provider = KeyProvider.NamedAfter(symbol);

        Assert.Equal(KeyProvider.ModelEndpoint.Name, provider.Name);
        Assert.Equal(environmentVariable, provider.EnvironmentVariable);
        Assert.Equal(configurationKey, provider.ConfigurationKey);
        AssertFixTargets(provider);
    }

    [Fact]
    public void SymbolOfUnderscoresOnly_FallsBackToTheGenericModelEndpointNames()
    {
        Assert.Same(KeyProvider.ModelEndpoint, KeyProvider.NamedAfter("_"));
        Assert.Same(KeyProvider.ModelEndpoint, KeyProvider.NamedAfter("__"));
    }

    /// <summary>
    /// What the fixes write must be usable and must not be reported once written: a portable environment-variable
    /// name, and a configuration path with a section.
    /// </summary>
    private static void AssertFixTargets(KeyProvider provider)
    {
        Assert.False(string.IsNullOrEmpty(provider.Name));
        Assert.Matches(new Regex("^[A-Z_][A-Z0-9_]*$"), provider.EnvironmentVariable);
        Assert.Matches(new Regex("^[A-Za-z][A-Za-z0-9_]*(:[A-Za-z][A-Za-z0-9_]*)+$"), provider.ConfigurationKey);

        Assert.False(SecretHeuristics.LooksLikeSecret(provider.EnvironmentVariable));
        Assert.False(SecretHeuristics.LooksLikeSecret(provider.ConfigurationKey));
        Assert.False(IsReportedAnywhere(provider.EnvironmentVariable));
        Assert.False(IsReportedAnywhere(provider.ConfigurationKey));
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    /// <summary>The analyzer's own decision for a literal that reaches no sink: a format reported anywhere, and no placeholder.</summary>
    private static bool IsReportedAnywhere(string value) =>
        KeyFormats.Match(value, anywhereOnly: true, out var start, out var length) is not null
        && !SecretHeuristics.IsPlaceholder(value.Substring(start, length));

    private static string Redact(string text, string key) => text.Replace(key, "<key>");

    private static char NextChar(char c) => c switch
    {
        'z' => 'a',
        'Z' => 'A',
        '9' => '0',
        _ when char.IsLetterOrDigit(c) => (char)(c + 1),
        _ => 'x',
    };

    private static Segment Fixed(string text) => new(text, null, 0, 0, false);

    private static Segment Random(string alphabet, int length, int seed, bool shortenable = false) => new(null, alphabet, length, seed, shortenable);

    private sealed record Segment(string? Text, string? Alphabet, int Length, int Seed, bool Shortenable);

    private sealed class KeySpec
    {
        private readonly ImmutableArray<Segment> _segments;

        public KeySpec(string provider, string marker, params Segment[] segments)
            : this(provider, marker, openEnded: false, segments)
        {
        }

        public KeySpec(string provider, string marker, bool openEnded, params Segment[] segments)
        {
            Provider = provider;
            Marker = marker;
            OpenEnded = openEnded;
            _segments = segments.ToImmutableArray();
            if (_segments.Count(s => s.Shortenable) != 1)
                throw new ArgumentException(provider + " (" + marker + "): exactly one segment must be shortenable");
        }

        public string Provider { get; }

        /// <summary>The format lets a key grow at its end (OpenAI's tail has no upper bound): a longer tail is a longer key.</summary>
        public bool OpenEnded { get; }

        public string Marker { get; }

        public string Build(bool shorten = false)
        {
            var builder = new StringBuilder();
            foreach (var segment in _segments)
            {
                builder.Append(segment.Text is not null
                    ? segment.Text
                    : TestKeys.Random(segment.Alphabet!, segment.Shortenable && shorten ? segment.Length - 1 : segment.Length, segment.Seed));
            }

            return builder.ToString();
        }

        /// <summary>
        /// The key with every random character replaced by <paramref name="fill"/>, by default an x (an X where the
        /// format has no lower case), as people write placeholders: "sk-ant-api03-xxxx…xxAA", "AKIAXXXXXXXXXXXXXXXX".
        /// </summary>
        public string BuildPlaceholder(char? fill = null)
        {
            var builder = new StringBuilder();
            foreach (var segment in _segments)
            {
                if (segment.Text is not null)
                {
                    builder.Append(segment.Text);
                    continue;
                }

                builder.Append(fill ?? (segment.Alphabet!.IndexOf('x') >= 0 ? 'x' : 'X'), segment.Length);
            }

            return builder.ToString();
        }
    }
}
