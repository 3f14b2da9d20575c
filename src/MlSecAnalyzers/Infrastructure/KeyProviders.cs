using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>Who issued a key, and where the code fix tells users to keep it instead.</summary>
internal sealed class KeyProvider
{
    public KeyProvider(string name, string environmentVariable, string configurationKey)
    {
        Name = name;
        EnvironmentVariable = environmentVariable;
        ConfigurationKey = configurationKey;
    }

    /// <summary>Shown in messages: "Hardcoded OpenAI credential ...".</summary>
    public string Name { get; }

    /// <summary>The variable the provider's own SDKs and docs use, so the fixed code reads what people already set.</summary>
    public string EnvironmentVariable { get; }

    /// <summary>The <c>IConfiguration</c> path the configuration fix reads.</summary>
    public string ConfigurationKey { get; }

    public static readonly KeyProvider OpenAI = new("OpenAI", "OPENAI_API_KEY", "OpenAI:ApiKey");
    public static readonly KeyProvider AzureOpenAI = new("Azure OpenAI", "AZURE_OPENAI_API_KEY", "AzureOpenAI:ApiKey");
    public static readonly KeyProvider AzureAIInference = new("Azure AI Inference", "AZURE_AI_INFERENCE_API_KEY", "AzureAIInference:ApiKey");
    public static readonly KeyProvider AzureAIServices = new("Azure AI services", "AZURE_AI_SERVICES_KEY", "AzureAIServices:Key");
    public static readonly KeyProvider Azure = new("Azure", "AZURE_API_KEY", "Azure:ApiKey");
    public static readonly KeyProvider AzureApiManagement = new("Azure API Management", "APIM_SUBSCRIPTION_KEY", "ApiManagement:SubscriptionKey");
    public static readonly KeyProvider Anthropic = new("Anthropic", "ANTHROPIC_API_KEY", "Anthropic:ApiKey");
    public static readonly KeyProvider HuggingFace = new("Hugging Face", "HF_TOKEN", "HuggingFace:Token");
    public static readonly KeyProvider Groq = new("Groq", "GROQ_API_KEY", "Groq:ApiKey");
    public static readonly KeyProvider XAI = new("xAI", "XAI_API_KEY", "XAI:ApiKey");
    public static readonly KeyProvider Perplexity = new("Perplexity", "PERPLEXITY_API_KEY", "Perplexity:ApiKey");
    public static readonly KeyProvider Replicate = new("Replicate", "REPLICATE_API_TOKEN", "Replicate:ApiToken");
    public static readonly KeyProvider OpenRouter = new("OpenRouter", "OPENROUTER_API_KEY", "OpenRouter:ApiKey");
    public static readonly KeyProvider Aws = new("AWS", "AWS_ACCESS_KEY_ID", "AWS:AccessKeyId");
    public static readonly KeyProvider GitHub = new("GitHub", "GITHUB_TOKEN", "GitHub:Token");
    public static readonly KeyProvider Google = new("Google", "GEMINI_API_KEY", "Gemini:ApiKey");
    public static readonly KeyProvider SemanticKernel = new("Semantic Kernel connector", "AI_API_KEY", "AI:ApiKey");

    /// <summary>A sink whose library says nothing about the provider (an <c>Authorization</c> header, a bare <c>ApiKeyCredential</c>).</summary>
    public static readonly KeyProvider ModelEndpoint = new("model-endpoint", "MODEL_API_KEY", "Model:ApiKey");

    /// <summary>
    /// A model-endpoint key held in a named field, property or local: the fix reads a variable named after it
    /// (<c>GatewayKey</c> → <c>GATEWAY_KEY</c>, <c>Secrets:GatewayKey</c>), so that two different keys of unknown
    /// providers do not end up in one variable.
    /// </summary>
    public static KeyProvider NamedAfter(string symbolName)
    {
        var name = symbolName.TrimStart('_');
        if (name.Length == 0)
            return ModelEndpoint;

        var screaming = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                screaming.Append('_');
                continue;
            }

            if (StartsCamelCaseWord(name, i))
                screaming.Append('_');
            screaming.Append(char.ToUpperInvariant(c));
        }

        var pascal = char.ToUpperInvariant(name[0]) + name.Substring(1);
        return new KeyProvider(ModelEndpoint.Name, screaming.ToString(), "Secrets:" + pascal);
    }

    /// <summary>
    /// The upper-case letter at <paramref name="i"/> starts a word inside <paramref name="name"/>: after a lower-case
    /// letter (<c>ApiKey</c>) or ending an acronym (the <c>A</c> of <c>OpenAIApiKey</c>).
    /// </summary>
    public static bool StartsCamelCaseWord(string name, int i) =>
        i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]));
}

/// <summary>
/// One recognisable key format. <see cref="Marker"/> is a cheap ordinal prefilter: the regex runs only on literals
/// that contain it, so most literals cost one substring search per format.
/// </summary>
internal sealed class KeyFormat
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);
    private readonly Regex _regex;

    public KeyFormat(KeyProvider provider, string marker, string pattern, int minimumLength, bool reportAnywhere = true)
    {
        Provider = provider;
        Marker = marker;
        MinimumLength = minimumLength;
        ReportAnywhere = reportAnywhere;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexTimeout);
    }

    public KeyProvider Provider { get; }

    public string Marker { get; }

    /// <summary>The shortest key of this format; shorter strings are never checked.</summary>
    public int MinimumLength { get; }

    /// <summary>
    /// False for formats that are also used for public, client-side values (Google's <c>AIza</c> browser keys):
    /// those are reported only when they reach a credential sink.
    /// </summary>
    public bool ReportAnywhere { get; }

    /// <summary>Finds a key of this format in <paramref name="value"/>; <paramref name="start"/>/<paramref name="length"/> locate it.</summary>
    public bool TryMatch(string value, out int start, out int length)
    {
        start = length = 0;
        if (value.Length < MinimumLength || value.IndexOf(Marker, StringComparison.Ordinal) < 0)
            return false;

        try
        {
            var match = _regex.Match(value);
            if (!match.Success)
                return false;

            start = match.Index;
            length = match.Length;
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>
/// The provider key formats, as data. Each pattern is the documented or observed shape of that provider's keys,
/// anchored on a fixed marker so random text does not match. To add a provider, add a row and a synthetic-key test.
/// </summary>
internal static class KeyFormats
{
    // Key characters on either side must not continue the token, or "xhf_..." in a longer identifier would match.
    private const string Start = "(?<![A-Za-z0-9_-])";
    private const string End = "(?![A-Za-z0-9_-])";

    public static readonly ImmutableArray<KeyFormat> All = ImmutableArray.Create(
        // OpenAI: every key (legacy, project, service account, admin) carries "T3BlbkFJ", base64 of "OpenAI".
        new KeyFormat(KeyProvider.OpenAI, "T3BlbkFJ", Start + "sk-(proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}" + End, 43),
        new KeyFormat(KeyProvider.Anthropic, "sk-ant-", Start + "sk-ant-(api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,110}AA" + End, 95),
        new KeyFormat(KeyProvider.OpenRouter, "sk-or-v1-", Start + "sk-or-v1-[a-f0-9]{64}" + End, 73),
        new KeyFormat(KeyProvider.HuggingFace, "hf_", Start + "hf_[A-Za-z]{34}" + End, 37),
        new KeyFormat(KeyProvider.HuggingFace, "api_org_", Start + "api_org_[A-Za-z]{34}" + End, 42),
        new KeyFormat(KeyProvider.Groq, "gsk_", Start + "gsk_[A-Za-z0-9]{52}" + End, 56),
        new KeyFormat(KeyProvider.XAI, "xai-", Start + "xai-[A-Za-z0-9]{80}" + End, 84),
        new KeyFormat(KeyProvider.Perplexity, "pplx-", Start + "pplx-[A-Za-z0-9]{48}" + End, 53),
        new KeyFormat(KeyProvider.Replicate, "r8_", Start + "r8_[A-Za-z0-9]{37}" + End, 40),
        new KeyFormat(KeyProvider.Aws, "AKIA", Start + "AKIA[A-Z2-7]{16}" + End, 20),
        new KeyFormat(KeyProvider.Aws, "ASIA", Start + "ASIA[A-Z2-7]{16}" + End, 20),
        new KeyFormat(KeyProvider.Aws, "ABIA", Start + "ABIA[A-Z2-7]{16}" + End, 20),
        new KeyFormat(KeyProvider.Aws, "ACCA", Start + "ACCA[A-Z2-7]{16}" + End, 20),
        new KeyFormat(KeyProvider.GitHub, "ghp_", Start + "ghp_[A-Za-z0-9]{36}" + End, 40),
        new KeyFormat(KeyProvider.GitHub, "gho_", Start + "gho_[A-Za-z0-9]{36}" + End, 40),
        new KeyFormat(KeyProvider.GitHub, "ghu_", Start + "ghu_[A-Za-z0-9]{36}" + End, 40),
        new KeyFormat(KeyProvider.GitHub, "ghs_", Start + "ghs_[A-Za-z0-9]{36}" + End, 40),
        new KeyFormat(KeyProvider.GitHub, "ghr_", Start + "ghr_[A-Za-z0-9]{36}" + End, 40),
        new KeyFormat(KeyProvider.GitHub, "github_pat_", Start + "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + End, 93),
        // Azure "identifiable" keys: 84 characters with the JQQJ9 signature at offset 52; "ACOG" at 76 marks Azure AI services.
        new KeyFormat(KeyProvider.AzureAIServices, "JQQJ9", Start + "[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}ACOG[A-Za-z0-9]{4}" + End, 84),
        new KeyFormat(KeyProvider.Azure, "JQQJ9", Start + "[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}[A-Za-z][A-Za-z0-9]{7}([A-Za-z0-9]{2}==)?" + End, 84),
        // Google API keys also serve public browser configuration (Maps, Firebase): only at a credential sink.
        new KeyFormat(KeyProvider.Google, "AIza", Start + "AIza[0-9A-Za-z_-]{35}" + End, 39, reportAnywhere: false));

    /// <summary>The shortest key any format recognises: shorter literals skip the scan.</summary>
    public static readonly int MinimumLength = 20;

    /// <summary>The first format that matches <paramref name="value"/>, or null.</summary>
    public static KeyFormat? Match(string value, bool anywhereOnly, out int start, out int length)
    {
        start = length = 0;
        if (value.Length < MinimumLength)
            return null;

        foreach (var format in All)
        {
            if (anywhereOnly && !format.ReportAnywhere)
                continue;
            if (format.TryMatch(value, out start, out length))
                return format;
        }

        return null;
    }
}
