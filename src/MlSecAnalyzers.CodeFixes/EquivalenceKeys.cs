namespace MlSecAnalyzers.CodeFixes;

/// <summary>
/// Stable code-action keys: Fix All groups by them, tests select fixes by them, and IDE telemetry and
/// <c>dotnet format</c> see them. Never rename one that shipped.
/// </summary>
public static class EquivalenceKeys
{
    public const string ReadFromEnvironment = "MLSEC001_ReadFromEnvironment";
    public const string ReadFromConfiguration = "MLSEC001_ReadFromConfiguration";
    public const string ReadUrlSecretFromEnvironment = "MLSEC003_ReadFromEnvironment";
    public const string ReadUrlSecretFromConfiguration = "MLSEC003_ReadFromConfiguration";
}
