namespace MlSecAnalyzers.CodeFixes;

/// <summary>
/// Stable code-action keys: Fix All groups by them, tests select fixes by them, and IDE telemetry and
/// <c>dotnet format</c> see them. Never rename one that shipped.
/// </summary>
public static class EquivalenceKeys
{
    // MLSEC001 and MLSEC003 share one remedy, so they share the keys: Fix All (and `dotnet format`, which fixes
    // every id a provider handles in one Fix All) then moves every hardcoded secret of a file in one pass.
    public const string ReadFromEnvironment = "MLSEC001_MLSEC003_ReadFromEnvironment";
    public const string ReadFromConfiguration = "MLSEC001_MLSEC003_ReadFromConfiguration";

    public const string RequireAuthorization = "MLSEC010_RequireAuthorization";
    public const string RequireAuthorizationOnGroup = "MLSEC010_RequireAuthorizationOnGroup";
    public const string AuthorizeAction = "MLSEC010_AuthorizeAction";
    public const string AuthorizeController = "MLSEC010_AuthorizeController";
    public const string AuthorizeHub = "MLSEC010_AuthorizeHub";
    public const string AuthorizeHubMethod = "MLSEC010_AuthorizeHubMethod";
    public const string RemoveAllowAnonymous = "MLSEC010_RemoveAllowAnonymous";
    public const string RequireFunctionKey = "MLSEC010_RequireFunctionKey";
    public const string RequireRateLimiting = "MLSEC011_RequireRateLimiting";
    // MLSEC020 and MLSEC022 share one remedy (DropColumns) and one analyzer, so they share the key for the same reason
    // as MLSEC001/MLSEC003: `dotnet format` asks the fixer for the key of whichever diagnostic of the analyzer it meets
    // first, then fixes one id with that key; with two keys it failed whenever the other id came first.
    public const string DropPersonalColumns = "MLSEC020_MLSEC022_DropColumns";
    public const string RemoveFeatureColumn = "MLSEC021_RemoveFeatureColumn";
    public const string FilterRowsByMissingValues = "MLSEC030_FilterRowsByMissingValues";
    public const string VerifyModelSha256 = "MLSEC031_VerifySha256";
}
