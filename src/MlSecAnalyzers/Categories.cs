namespace MlSecAnalyzers;

internal static class Categories
{
    public const string Secrets = "Secrets";
    public const string Endpoints = "Endpoints";
    public const string PersonalData = "PersonalData";
    public const string TrainingInput = "TrainingInput";
}
