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

    private static readonly ImmutableArray<string> PlaceholderWords = ImmutableArray.Create(
        "your", "placeholder", "example", "changeme", "change-me", "change_me", "replace", "insert", "dummy", "fake",
        "sample", "redacted", "secret-here", "key-here", "xxxx", "****", "...", "…", "todo", "not-needed", "notneeded");

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

    /// <summary>True for values written to be replaced: <c>&lt;your-key&gt;</c>, <c>YOUR_API_KEY</c>, <c>sk-xxxx</c>, <c>changeme</c>, <c>...</c>.</summary>
    public static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
            return true;

        if (trimmed.IndexOf('<') >= 0 || trimmed.IndexOf('{') >= 0 || trimmed.IndexOf("$(", StringComparison.Ordinal) >= 0)
            return true;

        foreach (var word in PlaceholderWords)
        {
            if (trimmed.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                return true;
        }

        // "aaaaaaaaaaaaaaaa", "sk-0000000000000000": one character repeated after a short prefix.
        var distinct = CountDistinct(trimmed, Math.Min(4, trimmed.Length / 2));
        return distinct <= 2;
    }

    /// <summary>
    /// True when a constant reaching a credential sink is a secret: a known key format, or a long, mixed,
    /// high-entropy token that is none of the things above.
    /// </summary>
    public static bool LooksLikeSecret(string value)
    {
        var key = value.Substring(AuthSchemeLength(value)).Trim();
        if (IsPlaceholder(key))
            return false;

        if (KeyFormats.Match(key, anywhereOnly: false, out _, out _) is not null)
            return true;

        if (key.Length < MinimumGenericLength)
            return false;

        foreach (var c in key)
        {
            if (char.IsWhiteSpace(c) || c == '\\')
                return false;
        }

        if (key.IndexOf("://", StringComparison.Ordinal) >= 0 || key[0] == '/' || key[0] == '.' || key[0] == '~')
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

        return upper || value.IndexOf(':') >= 0;
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
