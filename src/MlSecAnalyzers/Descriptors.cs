using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers;

/// <summary>The rule catalogue. IDs, categories and titles are the public contract (shared/design/rules.md).</summary>
internal static class Descriptors
{
    public const string HelpLinkBase = "https://github.com/mlsecanalyzers/MlSecAnalyzers/blob/main/docs/rules/";

    // ID ranges are the contract: 00x Secrets, 01x Endpoints, 02x PersonalData, 03x TrainingInput.
    public static readonly DiagnosticDescriptor MLSEC001_HardcodedCredential = Rule(
        "MLSEC001", Categories.Secrets, DiagnosticSeverity.Warning,
        "Hardcoded model-endpoint credential",
        "Hardcoded {0} credential in {1}; read it from the environment or configuration",
        "A model-endpoint key written in source code ships in every build, every container image and every clone of the repository. " +
        "Anyone who reads it can call the model on your bill and read what the endpoint stores.",
        "CWE-798", "OWASP-LLM02");

    private static DiagnosticDescriptor Rule(
        string id, string category, DiagnosticSeverity severity, string title, string message, string description, params string[] threatTags)
    {
        var tags = new string[threatTags.Length + 1];
        tags[0] = "Security";
        threatTags.CopyTo(tags, 1);
        return new DiagnosticDescriptor(
            id, title, message, category, severity, isEnabledByDefault: true, description,
            helpLinkUri: HelpLinkBase + id + ".md", customTags: tags);
    }
}
