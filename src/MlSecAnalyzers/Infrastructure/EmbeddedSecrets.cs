using System;
using System.Collections.Immutable;

namespace MlSecAnalyzers.Infrastructure;

internal enum EmbeddedSecretKind
{
    QueryParameter,
    UserInfoPassword,
    ConnectionStringKey,
}

/// <summary>A secret found inside a URL or a connection string: which part, and where it sits in the text.</summary>
internal readonly struct EmbeddedSecret
{
    public EmbeddedSecret(EmbeddedSecretKind kind, string name, int start, int length)
    {
        Kind = kind;
        Name = name;
        Start = start;
        Length = length;
    }

    public EmbeddedSecretKind Kind { get; }

    /// <summary>The query parameter or connection-string key ("code", "AccountKey"); "password" for user info.</summary>
    public string Name { get; }

    public int Start { get; }

    public int Length { get; }

    /// <summary>Names the part in messages: "query parameter 'code'", "connection-string key 'AccountKey'".</summary>
    public string Describe() => Kind switch
    {
        EmbeddedSecretKind.QueryParameter => "query parameter '" + Name + "'",
        EmbeddedSecretKind.UserInfoPassword => "password in the URL",
        _ => "connection-string key '" + Name + "'",
    };
}

/// <summary>
/// Finds MLSEC003's secrets: URL query parameters <c>api-key</c>, <c>key</c>, <c>code</c>, <c>sig</c>, <c>token</c>,
/// <c>access_token</c>, <c>subscription-key</c>; <c>user:password@</c> user info; connection-string keys
/// <c>AccountKey=</c>, <c>SharedAccessKey=</c>, <c>Key=</c>, <c>AccessKey=</c> (SignalR, Web PubSub, Communication
/// Services), <c>Secret=</c> (App Configuration). A value must be a real secret: placeholders,
/// <c>{templates}</c>, run-time parts and short words are not.
/// </summary>
internal static class EmbeddedSecrets
{
    private static readonly ImmutableArray<string> QueryNames = ImmutableArray.Create( "api-key", "apikey", "key", "code", "sig", "token", "access_token", "subscription-key");
    private static readonly ImmutableArray<string> SegmentNames = ImmutableArray.Create("AccountKey", "SharedAccessKey", "Key", "AccessKey", "Secret");

    /// <summary>Cheap first test: can <paramref name="text"/> hold a URL or connection-string secret at all?</summary>
    public static bool MayContain(string text) =>
        text.Length >= 12 && (text.IndexOf('=') >= 0 || text.IndexOf('@') >= 0);

    public static bool TryFind(string text, out EmbeddedSecret secret)
    {
        secret = default;
        if (!MayContain(text))
            return false;

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        // A URL may also start with a run-time part: $"{baseUrl}/api/score?code=…".
        if ((schemeEnd > 0 || text[0] == '/' || text[0] == '?' || text[0] == ConstantSecretResolver.Hole) && TryFindInUrl(text, schemeEnd, out secret))
            return true;

        // A connection string may hold a URL ("Endpoint=sb://…/;SharedAccessKey=…", Aspire's "Endpoint=https://…;Key=…",
        // "BlobEndpoint=https://…;AccountKey=…"), so a URL check that finds nothing is not the end. The connection-string
        // check turns away text without a ';' at once.
        return TryFindInConnectionString(text, out secret);
    }

    private static bool TryFindInUrl(string text, int schemeEnd, out EmbeddedSecret secret)
    {
        secret = default;
        var queryStart = text.IndexOf('?');
        if (schemeEnd > 0)
        {
            var authorityStart = schemeEnd + 3;
            var authorityEnd = IndexOfAny(text, authorityStart, '/', '?', '#');
            var at = authorityEnd > authorityStart ? text.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) : -1;
            if (at > authorityStart)
            {
                var colon = text.IndexOf(':', authorityStart, at - authorityStart);
                if (colon > 0 && IsSecretValue(text.Substring(colon + 1, at - colon - 1), minimumLength: 8, isPassword: true))
                {
                    secret = new EmbeddedSecret(EmbeddedSecretKind.UserInfoPassword, "password", colon + 1, at - colon - 1);
                    return true;
                }
            }
        }

        if (queryStart < 0)
            return false;

        var end = text.IndexOf('#', queryStart);
        if (end < 0)
            end = text.Length;

        var position = queryStart + 1;
        while (position < end)
        {
            var ampersand = text.IndexOf('&', position, end - position);
            var segmentEnd = ampersand < 0 ? end : ampersand;
            var equals = text.IndexOf('=', position, segmentEnd - position);
            if (equals > position)
            {
                var name = text.Substring(position, equals - position);
                if (IsOneOf(name, QueryNames, StringComparison.OrdinalIgnoreCase)
                    && IsSecretValue(text.Substring(equals + 1, segmentEnd - equals - 1), minimumLength: 16, isPassword: false))
                {
                    secret = new EmbeddedSecret(EmbeddedSecretKind.QueryParameter, name, equals + 1, segmentEnd - equals - 1);
                    return true;
                }
            }

            position = segmentEnd + 1;
        }

        return false;
    }

    private static bool TryFindInConnectionString(string text, out EmbeddedSecret secret)
    {
        secret = default;
        if (text.IndexOf(';') < 0)
            return false;

        var position = 0;
        while (position < text.Length)
        {
            var semicolon = text.IndexOf(';', position);
            var segmentEnd = semicolon < 0 ? text.Length : semicolon;
            var equals = text.IndexOf('=', position, segmentEnd - position);
            if (equals > position)
            {
                var name = text.Substring(position, equals - position).Trim();
                if (IsOneOf(name, SegmentNames, StringComparison.OrdinalIgnoreCase))
                {
                    var valueStart = equals + 1;
                    while (valueStart < segmentEnd && text[valueStart] == ' ')
                        valueStart++;
                    var valueEnd = segmentEnd;
                    while (valueEnd > valueStart && text[valueEnd - 1] == ' ')
                        valueEnd--;
                    if (IsSecretValue(text.Substring(valueStart, valueEnd - valueStart), minimumLength: 16, isPassword: false))
                    {
                        secret = new EmbeddedSecret(EmbeddedSecretKind.ConnectionStringKey, name, valueStart, valueEnd - valueStart);
                        return true;
                    }
                }
            }

            position = segmentEnd + 1;
        }

        return false;
    }

    private static bool IsSecretValue(string raw, int minimumLength, bool isPassword)
    {
        if (raw.IndexOf(ConstantSecretResolver.Hole) >= 0)
            return false;

        var value = EmbeddedSecretProviders.Decode(raw);

        if (value.Length < minimumLength)
            return false;

        // A provider format wins over a placeholder word in its random part ("sk-proj-test…T3BlbkFJ…"), as in
        // SecretHeuristics.LooksLikeSecret: only a word standing apart, or a key filled with one character, makes it a placeholder.
        if (KeyFormats.Match(value, anywhereOnly: false, out _, out _) is not null)
            return !SecretHeuristics.IsPlaceholder(value, matchesKeyFormat: true);

        if (SecretHeuristics.IsPlaceholder(value))
            return false;

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
                return false;
        }

        if (SecretHeuristics.IsEnvironmentVariableName(value) || SecretHeuristics.IsConfigurationKeyPath(value))
            return false;

        bool letter = false, digit = false, symbol = false;
        foreach (var c in value)
        {
            letter |= char.IsLetter(c);
            digit |= char.IsDigit(c);
            symbol |= !char.IsLetterOrDigit(c);
        }

        if (isPassword)
            return letter && (digit || symbol);

        return letter && (digit || symbol) && SecretHeuristics.ShannonEntropy(value) >= 3.0 && !IsMadeOfWords(value);
    }

    /// <summary>
    /// A name rather than a key: words (lower case, <c>Capitalized</c>, <c>camelCase</c> or <c>ALL CAPS</c>), each
    /// optionally followed by digits, joined by '-', '_' or '.' (<c>?key=user_profile_settings</c>,
    /// <c>?token=next_page_cursor</c>, <c>?key=ConfigurationSection.Name</c>, <c>?key=feature_flags_v2</c>): the query
    /// parameters <c>key</c>, <c>code</c> and <c>token</c> also name cache entries, lookups and pages. A generated key
    /// mixes cases and digits inside its runs of letters, and base64 adds '+', '/' and '='. Not asked of a password in
    /// user info, which people make of words and digits (<c>Summer2024</c>).
    /// </summary>
    private static bool IsMadeOfWords(string value)
    {
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && !(value[i] is '-' or '_' or '.'))
                continue;
            if (!IsWordSegment(value, start, i))
                return false;
            start = i + 1;
        }

        return true;
    }

    /// <summary><c>value[start..end]</c> is empty, or letters written as words followed by digits, or digits alone.</summary>
    private static bool IsWordSegment(string value, int start, int end)
    {
        var digits = end;
        while (digits > start && value[digits - 1] is >= '0' and <= '9')
            digits--;

        bool upper = false, lower = false;
        for (var i = start; i < digits; i++)
        {
            var c = value[i];
            if (c is >= 'A' and <= 'Z')
                upper = true;
            else if (c is >= 'a' and <= 'z')
                lower = true;
            else
                return false;
        }

        if (!upper || !lower)
            return true;

        // Mixed case: every capital starts a word, so a lower-case letter follows it (camelCase, PascalCase).
        for (var i = start; i < digits; i++)
        {
            if (value[i] is >= 'A' and <= 'Z' && !(i + 1 < digits && value[i + 1] is >= 'a' and <= 'z'))
                return false;
        }

        return true;
    }

    private static bool IsOneOf(string value, ImmutableArray<string> candidates, StringComparison comparison)
    {
        foreach (var candidate in candidates)
        {
            if (value.Equals(candidate, comparison))
                return true;
        }

        return false;
    }

    private static int IndexOfAny(string text, int start, char a, char b, char c)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == a || text[i] == b || text[i] == c)
                return i;
        }

        return text.Length;
    }
}

internal static class EmbeddedSecretProviders
{
    private static readonly KeyProvider FunctionKey = new("Azure Functions", "FUNCTION_KEY", "Secrets:FunctionKey");
    private static readonly KeyProvider SasSignature = new("shared access signature", "SAS_SIGNATURE", "Secrets:SasSignature");
    private static readonly KeyProvider AccessToken = new("access token", "ACCESS_TOKEN", "Secrets:AccessToken");
    private static readonly KeyProvider UrlPassword = new("URL password", "URL_PASSWORD", "Secrets:UrlPassword");
    private static readonly KeyProvider StorageAccountKey = new("storage account", "STORAGE_ACCOUNT_KEY", "Storage:AccountKey");
    private static readonly KeyProvider SharedAccessKey = new("shared access key", "SHARED_ACCESS_KEY", "Secrets:SharedAccessKey");
    private static readonly KeyProvider ConnectionKey = new("connection key", "CONNECTION_KEY", "Secrets:ConnectionKey");

    /// <summary>Where the code fix reads the secret part from: named after the provider when the key has its format, else after the part.</summary>
    public static KeyProvider For(EmbeddedSecret secret, KeyFormat? format)
    {
        if (format is not null)
            return format.Provider;

        return secret.Kind switch
        {
            EmbeddedSecretKind.UserInfoPassword => UrlPassword,
            EmbeddedSecretKind.ConnectionStringKey when secret.Name.Equals("AccountKey", System.StringComparison.OrdinalIgnoreCase) => StorageAccountKey,
            EmbeddedSecretKind.ConnectionStringKey when secret.Name.Equals("SharedAccessKey", System.StringComparison.OrdinalIgnoreCase) => SharedAccessKey,
            EmbeddedSecretKind.ConnectionStringKey => ConnectionKey,
            _ => secret.Name.ToLowerInvariant() switch
            {
                "code" => FunctionKey,
                "sig" => SasSignature,
                "token" or "access_token" => AccessToken,
                _ => KeyProvider.ModelEndpoint,
            },
        };
    }

    /// <summary>The secret's text with URL escapes undone, for format matching.</summary>
    public static string Decode(string raw)
    {
        try
        {
            return System.Uri.UnescapeDataString(raw);
        }
        catch (System.UriFormatException)
        {
            return raw;
        }
    }
}
