using System;
using System.Collections.Immutable;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Decides whether a constant that reaches a credential sink is a real secret. The bar is set for
/// <c>-warnaserror</c> builds: placeholders, local-model dummies ("ollama"), names of environment variables or
/// configuration keys, URLs, paths and model ids are never secrets.
/// </summary>
internal static class SecretHeuristics
{
    /// <summary>Keys shorter than this that match no provider format are not reported.</summary>
    public const int MinimumGenericLength = 16;

    // "test", "mock", "stub" and "demo" mark keys written for tests and demos ("test-api-key-12345", "mock-openai-key-2024",
    // "unit-test-key-0001", "testkey1234567890"); "test" also covers "tests", "testing", "unittest-…", "…_for_testing".
    private static readonly ImmutableArray<string> PlaceholderWords = ImmutableArray.Create(
        "your", "placeholder", "example", "changeme", "change-me", "change_me", "replace", "insert", "dummy", "fake",
        "sample", "redacted", "secret-here", "key-here", "xxxx", "****", "...", "…", "todo", "not-needed", "notneeded",
        "test", "mock", "stub", "demo");

    // Keys Microsoft publishes for local emulators; they open nothing but the emulator on the developer's machine, and
    // secret scanners allow-list them. Exact values only: a real key is a secret whatever endpoint it goes with.
    // Written in two parts so that no source file holds a whole key (the compiler joins the constants).
    // Azure Cosmos DB emulator: "the emulator uses a well-known key", https://learn.microsoft.com/azure/cosmos-db/emulator
    // and https://learn.microsoft.com/azure/cosmos-db/how-to-develop-emulator.
    private const string CosmosDbEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPM" + "bIZnqyMsEcaGQy67XIw/Jw==";

    // Azurite (and the legacy Azure Storage Emulator), account devstoreaccount1: "Use the well-known storage account and
    // key", https://learn.microsoft.com/azure/storage/common/storage-connect-azurite (formerly storage-use-azurite).
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTO" + "tr/KBHBeksoGMGw==";

    // jwt.io's sample token (HS256 signed with "your-256-bit-secret", subject 1234567890, "John Doe"), which tests and
    // documentation paste as a bearer token: it opens nothing. Exact value only, as for the emulator keys.
    private const string JwtIoSampleToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private static readonly ImmutableArray<string> ModelIdPrefixes = ImmutableArray.Create(
        "gpt-", "o1-", "o3-", "o4-", "claude-", "text-embedding-", "dall-e-", "whisper-", "tts-", "gemini-", "llama", "mistral-", "phi-");

    private static readonly ImmutableArray<string> AuthSchemes = ImmutableArray.Create("Bearer ", "Key ", "Token ");

    /// <summary>Length of a leading "Bearer "/"Key "/"Token " scheme, compared case-insensitively; 0 when none.</summary>
    public static int AuthSchemeLength(string value)
    {
        foreach (var scheme in AuthSchemes)
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var length = scheme.Length;
                while (length < value.Length && value[length] == ' ')
                    length++;
                return length;
            }
        }

        return 0;
    }

    /// <summary>
    /// True for values written to be replaced or never meant to be secret: <c>&lt;your-key&gt;</c>, <c>YOUR_API_KEY</c>,
    /// <c>sk-xxxx</c>, <c>changeme</c>, <c>...</c>, test keys (<c>test-api-key-12345</c>), and the published emulator
    /// keys of Azure Cosmos DB and Azurite. Every check of a key (MLSEC001 at a sink or anywhere, MLSEC003 in a URL or
    /// connection string) asks this.
    /// </summary>
    /// <param name="value">The candidate key.</param>
    /// <param name="matchesKeyFormat">
    /// The value has a provider's exact key format: a random body of that length with the provider's marker. Such a
    /// value is a placeholder only when a placeholder word stands apart in it (<c>sk-ant-api03-your-key-here-…</c>), or
    /// when a word of seven letters or more ends it (AWS's documented <c>AKIA…EXAMPLE</c>); another word glued to random
    /// characters is chance.
    /// </param>
    public static bool IsPlaceholder(string value, bool matchesKeyFormat = false)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || IsPublishedEmulatorKey(trimmed))
            return true;

        if (trimmed.IndexOf('<') >= 0 || trimmed.IndexOf('{') >= 0 || trimmed.IndexOf("$(", StringComparison.Ordinal) >= 0)
            return true;

        foreach (var word in PlaceholderWords)
        {
            if (ContainsPlaceholderWord(trimmed, word, bothSides: matchesKeyFormat))
                return true;
        }

        // "aaaaaaaaaaaaaaaa", "sk-0000000000000000", "sk-ant-api03-000…000AA": one character repeated, after a prefix of
        // any length. No issued key is mostly one character; in a random 20+ character key no character reaches a fifth.
        var distinct = CountDistinct(trimmed, Math.Min(4, trimmed.Length / 2));
        return distinct <= 2 || DominantCharacterShare(trimmed) >= 0.6 || HasCountingFill(trimmed);
    }

    /// <summary>The shortest counting run that marks a key typed by hand (<see cref="HasCountingFill"/>).</summary>
    private const int CountingRunLength = 8;

    /// <summary>
    /// A key typed by counting: its digits, read in order and skipping everything else, hold a run of eight that counts
    /// up (<c>12345678</c>, <c>…7890123</c>, 9 wraps to 0), or its letters do, whatever their case (<c>abcdefgh</c>).
    /// So <c>sk-1234567890abcdef…</c>, <c>abcdef1234567890…</c>, <c>a1b2c3d4-e5f6-7890-abcd-ef1234567890</c> and
    /// <c>sk-abc123def456ghi789…</c> are fillers. In a random key the next digit counts on once in ten and the next
    /// letter once in 26, so a run of eight turns up about once in a million 32-hex keys and far less often in others.
    /// </summary>
    private static bool HasCountingFill(string value)
    {
        int lastDigit = -1, digitRun = 0, lastLetter = -1, letterRun = 0;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9')
            {
                var digit = c - '0';
                digitRun = lastDigit >= 0 && digit == (lastDigit + 1) % 10 ? digitRun + 1 : 1;
                lastDigit = digit;
                if (digitRun >= CountingRunLength)
                    return true;
            }
            else if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
            {
                var letter = c | 0x20;
                letterRun = lastLetter >= 0 && letter == lastLetter + 1 ? letterRun + 1 : 1;
                lastLetter = letter;
                if (letterRun >= CountingRunLength)
                    return true;
            }
        }

        return false;
    }

    /// <summary>The Cosmos DB emulator's and Azurite's published keys, compared exactly.</summary>
    private static bool IsPublishedEmulatorKey(string value) =>
        string.Equals(value, CosmosDbEmulatorKey, StringComparison.Ordinal) || string.Equals(value, AzuriteAccountKey, StringComparison.Ordinal)
        || string.Equals(value, JwtIoSampleToken, StringComparison.Ordinal);

    /// <summary>
    /// A placeholder word written as a word: at the start or end of the value or next to a character that is neither a
    /// letter nor a digit (<c>YOUR_API_KEY</c>, <c>sk-your-key</c>, <c>yourkeyhere</c>, <c>testkey1234567890</c>), on one
    /// side or, when <paramref name="bothSides"/>, on both; the other side may be glued to letters or digits. With letters
    /// or digits on both sides it is chance, whatever their case: a random key body contains "todo", "Fake" or "9testQ"
    /// now and then, and those keys are real; so camelCase (<c>unitTestApiKey…</c>, <c>testApiKey…</c>) does not count.
    /// The test words are held to both sides (<see cref="OpensTestWord"/>, <see cref="ClosesTestWord"/>). Words that are
    /// not alphanumeric ("...", "****") and "xxxx" count anywhere.
    /// </summary>
    private static bool ContainsPlaceholderWord(string value, string word, bool bothSides)
    {
        var wordIsAlphanumeric = char.IsLetterOrDigit(word[0]) && char.IsLetterOrDigit(word[word.Length - 1]) && word != "xxxx";
        for (var at = value.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = value.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (!wordIsAlphanumeric)
                return true;
            var end = at + word.Length;
            var left = at == 0 || !char.IsLetterOrDigit(value[at - 1]);
            var right = end == value.Length || !char.IsLetterOrDigit(value[end]);
            // A random key body ends in a given seven-letter word about once in 30^7 keys.
            var endsLong = end == value.Length && word.Length >= 7;
            // The test words begin and end everyday words people put in passwords ("Stubborn-42x", "Democrat!9q",
            // "Fastest!Horse9", "Mockingbird-42x"): they count only when both sides read as a test key's (see OpensTestWord
            // and ClosesTestWord), "unittest-…", "testkey123…", "tests2024", "…-testing".
            if (!bothSides && IsTestWord(word))
            {
                if (OpensTestWord(value, at) && ClosesTestWord(value, end))
                    return true;
                continue;
            }

            if (bothSides ? left && right || endsLong : left || right)
                return true;
        }

        return false;
    }

    private static bool IsTestWord(string word) => word is "test" or "mock" or "stub" or "demo";

    // "unittest", "integrationtest", "e2etest", "smoketest", "loadtest", …: the kinds of test a test key is written for.
    private static readonly ImmutableArray<string> TestWordPrefixes = ImmutableArray.Create(
        "unit", "integration", "e2e", "smoke", "load", "stress", "perf", "api", "ui");

    private static readonly ImmutableArray<string> KeyWords = ImmutableArray.Create("key", "token", "secret");

    private static readonly ImmutableArray<string> ClosingSuffixes = ImmutableArray.Create("s", "ing");

    /// <summary>
    /// The left side of a test word at <paramref name="at"/>: the start of the value, a character that is neither a
    /// letter nor a digit, or one of <see cref="TestWordPrefixes"/> that itself starts the value or follows such a
    /// character ("unittest-…", "my_e2etest_…"); not "Fastest", "Contest", "Hammock".
    /// </summary>
    private static bool OpensTestWord(string value, int at)
    {
        if (at == 0 || !char.IsLetterOrDigit(value[at - 1]))
            return true;
        foreach (var prefix in TestWordPrefixes)
        {
            var start = at - prefix.Length;
            if (start >= 0 && (start == 0 || !char.IsLetterOrDigit(value[start - 1]))
                && string.Compare(value, start, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The right side of a test word ending at <paramref name="end"/>: what <see cref="EndsTestKeyWord"/> accepts, or a
    /// closing "s" or "ing", one that is itself followed by what it accepts ("tests2024", "tests_…", "…-testing",
    /// "testingkey…"); not "Mockingbird", "Testingham", "Testament".
    /// </summary>
    private static bool ClosesTestWord(string value, int end)
    {
        if (EndsTestKeyWord(value, end))
            return true;
        foreach (var suffix in ClosingSuffixes)
        {
            if (string.Compare(value, end, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0
                && EndsTestKeyWord(value, end + suffix.Length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The end of the value, a character that is not a letter (a separator or a digit), or "key", "token" or "secret".</summary>
    private static bool EndsTestKeyWord(string value, int at)
    {
        if (at >= value.Length || !char.IsLetter(value[at]))
            return true;
        foreach (var keyWord in KeyWords)
        {
            if (string.Compare(value, at, keyWord, 0, keyWord.Length, StringComparison.OrdinalIgnoreCase) == 0)
                return true;
        }

        return false;
    }

    /// <summary>The share of the most frequent character among the value's characters other than '-' and '_'.</summary>
    private static double DominantCharacterShare(string value)
    {
        var counts = new int[128];
        int total = 0, max = 0;
        foreach (var c in value)
        {
            if (c is '-' or '_')
                continue;
            total++;
            if (c < 128 && ++counts[c] > max)
                max = counts[c];
        }

        return total == 0 ? 0 : (double)max / total;
    }

    /// <summary>
    /// True when a constant reaching a credential sink is a secret: a known key format, or a long, mixed,
    /// high-entropy token that is none of the things above.
    /// </summary>
    public static bool LooksLikeSecret(string value)
    {
        var key = value.Substring(AuthSchemeLength(value)).Trim();
        if (KeyFormats.Match(key, anywhereOnly: false, out _, out _) is not null)
            return !IsPlaceholder(key, matchesKeyFormat: true);

        if (IsPlaceholder(key))
            return false;

        if (key.Length < MinimumGenericLength)
            return false;

        foreach (var c in key)
        {
            if (char.IsWhiteSpace(c) || c == '\\')
                return false;
        }

        if (key.IndexOf("://", StringComparison.Ordinal) >= 0 || IsPath(key))
            return false;

        if (IsEnvironmentVariableName(key) || IsConfigurationKeyPath(key))
            return false;

        foreach (var prefix in ModelIdPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return false;
        }

        bool hasLetter = false, hasDigit = false;
        foreach (var c in key)
        {
            hasLetter |= char.IsLetter(c);
            hasDigit |= char.IsDigit(c);
        }

        // Random keys of 16+ characters virtually always mix letters and digits; words and slugs do not.
        return hasLetter && hasDigit && ShannonEntropy(key) >= 3.0;
    }

    /// <summary>
    /// <c>/models/model.onnx</c>, <c>./models/m.zip</c>, <c>~/keys/api.key</c>, <c>/run/secrets/openai</c>: a value that starts
    /// like a path and reads like one, with lower-case segments or a file extension at the end. A base64 key starts with
    /// '/' once in 64 and may hold more of them, but its segments mix cases and it has no dot.
    /// </summary>
    private static bool IsPath(string value)
    {
        if (!(value[0] is '/' or '.' or '~'))
            return false;

        var last = value.Substring(value.LastIndexOf('/') + 1);
        var dot = last.LastIndexOf('.');
        if (dot >= 0 && last.Length - dot - 1 is >= 1 and <= 6)
            return true;

        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '/' or '.' or '~' or '-' or '_'))
                return false;
        }

        return true;
    }

    /// <summary><c>OPENAI_API_KEY</c>, <c>AZURE_OPENAI_KEY</c>: upper-case words joined by underscores.</summary>
    public static bool IsEnvironmentVariableName(string value)
    {
        if (value.Length == 0 || !(value[0] is >= 'A' and <= 'Z' || value[0] == '_'))
            return false;

        var underscores = 0;
        foreach (var c in value)
        {
            if (c == '_')
                underscores++;
            else if (!(c is >= 'A' and <= 'Z' or >= '0' and <= '9'))
                return false;
        }

        return underscores > 0;
    }

    /// <summary><c>OpenAI:ApiKey</c>, <c>AzureOpenAI__Key</c>, <c>ConnectionStrings:Models</c>.</summary>
    public static bool IsConfigurationKeyPath(string value)
    {
        var separator = value.IndexOf(':') >= 0 || value.IndexOf("__", StringComparison.Ordinal) >= 0;
        if (!separator)
            return false;

        var upper = false;
        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c is ':' or '_' or '.' or '-'))
                return false;
            upper |= char.IsUpper(c);
        }

        // A configuration path is made of words; a key with a colon (rare) is one long token.
        foreach (var segment in value.Split(':'))
        {
            if (segment.Length > 40)
                return false;
        }

        if (value.IndexOf(':') >= 0)
            return true;

        // "__" alone (the environment-variable form, AzureOpenAI__ApiKey): its sections are PascalCase names or array
        // indexes. A base64url key holds "__" about once in 130, but its sections rarely read like that.
        foreach (var section in value.Split(new[] { "__" }, StringSplitOptions.None))
        {
            if (section.Length == 0 || !(char.IsUpper(section[0]) || char.IsDigit(section[0])))
                return false;
            foreach (var c in section)
            {
                if (!char.IsLetterOrDigit(c) || (char.IsDigit(section[0]) && !char.IsDigit(c)))
                    return false;
            }
        }

        return upper;
    }

    private static int CountDistinct(string value, int skip)
    {
        var seen = new bool[128];
        var count = 0;
        for (var i = skip; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '-' or '_')
                continue;
            if (c >= 128)
                return int.MaxValue;
            if (!seen[c])
            {
                seen[c] = true;
                count++;
            }
        }

        return count;
    }

    public static double ShannonEntropy(string value)
    {
        var counts = new int[128];
        var total = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
                total++;
            }
        }

        double entropy = 0;
        foreach (var count in counts)
        {
            if (count == 0)
                continue;
            var p = (double)count / total;
            entropy -= p * Math.Log(p, 2);
        }

        return entropy;
    }
}
