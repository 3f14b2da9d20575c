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

    public static readonly DiagnosticDescriptor MLSEC002_CredentialInClientApp = Rule(
        "MLSEC002", Categories.Secrets, DiagnosticSeverity.Warning,
        "Model credential shipped in a client app",
        "{0} receives a model credential in a {1} app, where anyone who installs it can extract the key; call your own backend, which holds the key and authenticates users",
        "A key compiled into, bundled with or downloaded by an app that runs on users' devices (mobile, desktop, WebAssembly) can be read by anyone " +
        "who has the app, whatever the source code reads it from. Only a server you control should hold model-endpoint keys.",
        "CWE-798", "OWASP-LLM02");

    public static readonly DiagnosticDescriptor MLSEC003_CredentialInUrl = Rule(
        "MLSEC003", Categories.Secrets, DiagnosticSeverity.Warning,
        "Credential inside a URL or connection string",
        "The {0} holds a hardcoded secret in {1}; read that part from the environment or configuration",
        "A key inside a URL (api-key, code, sig, token query parameters, user:password@) or a connection string (AccountKey, SharedAccessKey, Key) " +
        "is as exposed as any hardcoded key, and URLs are also written to logs, traces and proxies.",
        "CWE-798", "OWASP-LLM02");
    public static readonly DiagnosticDescriptor MLSEC010_AnonymousModelEndpoint = Rule(
        "MLSEC010", Categories.Endpoints, DiagnosticSeverity.Warning,
        "Model endpoint allows anonymous access",
        "Model endpoint '{0}' calls '{1}' but {2}",
        "An endpoint that runs a model on behalf of anyone who reaches it lets strangers query the model, extract it through " +
        "its predictions and run up the inference bill. Require an authenticated caller, or make the exception explicit and reviewed.",
        "CWE-306", "OWASP-ML05");

    public static readonly DiagnosticDescriptor MLSEC011_ModelEndpointWithoutRateLimiting = Rule(
        "MLSEC011", Categories.Endpoints, DiagnosticSeverity.Info,
        "Model endpoint without rate limiting",
        "Model endpoint '{0}' calls '{1}' but {2}",
        "Every call to a model endpoint costs compute or tokens. Without a rate-limiting policy one client can exhaust the " +
        "capacity or the budget (unbounded consumption) and harvest enough predictions to copy the model.",
        "OWASP-LLM10");

    public static readonly DiagnosticDescriptor MLSEC012_RawModelOutput = Rule(
        "MLSEC012", Categories.Endpoints, DiagnosticSeverity.Info,
        "Model endpoint returns raw model output",
        "Model endpoint '{0}' returns raw model output of type '{1}'; return only the fields clients need",
        "Score vectors, class probabilities and raw tensors are what model-inversion, membership-inference and model-stealing " +
        "attacks feed on. Return a projection (the label, a rounded confidence) instead of the prediction object.",
        "OWASP-ML03", "OWASP-ML04");

    public static readonly DiagnosticDescriptor MLSEC030_UnvalidatedTrainingData = Rule(
        "MLSEC030", Categories.TrainingInput, DiagnosticSeverity.Warning,
        "Untrusted data reaches training without validation",
        "'Fit' trains on data from {0} with no validation step on the way; filter or validate the rows before training",
        "Training on data an outsider can shape (a download, an upload, a request body, user feedback) lets them poison the model: " +
        "skew its predictions, plant backdoors or degrade it. Validate rows before Fit.",
        "OWASP-ML02", "OWASP-LLM04");

    public static readonly DiagnosticDescriptor MLSEC031_UntrustedModelLoad = Rule(
        "MLSEC031", Categories.TrainingInput, DiagnosticSeverity.Warning,
        "Model loaded from an untrusted location without integrity check",
        "'{0}' loads a model from {1} without checking its integrity; verify its SHA-256 digest against an expected value before loading",
        "A model file is code: whoever can replace it controls every prediction, and ONNX custom-op libraries run native code. " +
        "Check that the bytes are the ones you trained or approved before loading them.",
        "CWE-494", "OWASP-ML06", "OWASP-LLM03");

    public static readonly DiagnosticDescriptor MLSEC020_PersonalDataLoadedWithoutGuard = Rule(
        "MLSEC020", Categories.PersonalData, DiagnosticSeverity.Warning,
        "Personal data loaded into an ML pipeline without a guard",
        "Personal column(s) {0} loaded here reach training without being dropped or hashed",
        "Columns such as e-mail addresses, phone numbers or birth dates that reach Fit end up in the training run, its caches and " +
        "often in the model. Drop them (DropColumns, SelectColumns, [NoColumn]) before training, or hash them when they must stay.",
        "CWE-359", "OWASP-LLM02");

    public static readonly DiagnosticDescriptor MLSEC021_PersonalDataAsFeature = Rule(
        "MLSEC021", Categories.PersonalData, DiagnosticSeverity.Warning,
        "Personal data used as a model feature",
        "Personal column(s) {0} used as a model feature",
        "A model trained on personal columns memorises them and can leak them through its predictions, and its decisions may " +
        "discriminate on them. Remove the column from the feature list.",
        "CWE-359", "OWASP-LLM02");

    public static readonly DiagnosticDescriptor MLSEC022_PersonalDataWrittenOut = Rule(
        "MLSEC022", Categories.PersonalData, DiagnosticSeverity.Warning,
        "Dataset with personal data written out",
        "Dataset written out with personal column(s) {0}; drop them before saving",
        "Exported datasets are copied to shares, notebooks and buckets with none of the controls of the source system. " +
        "Drop personal columns before SaveAsText or SaveAsBinary.",
        "CWE-359", "OWASP-LLM02");

    public static readonly DiagnosticDescriptor MLSEC023_PersonalDataInPrompt = Rule(
        "MLSEC023", Categories.PersonalData, DiagnosticSeverity.Warning,
        "Personal data sent in a prompt to an external model",
        "Personal data {0} is sent in a prompt through '{1}'",
        "Text sent to a hosted model leaves your trust boundary: the provider may log, retain or review it. Send only what the " +
        "task needs, pseudonymise or redact personal fields, and make sure the processing is covered by your agreements.",
        "CWE-359", "OWASP-LLM02");

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
