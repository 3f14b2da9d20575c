namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>
/// The test assembly's entry point, in place of the one the test SDK generates (which does nothing): the test host
/// never calls it; <see cref="MlReferences"/> runs <c>dotnet MlSecAnalyzers.Tests.dll --resolve-references</c> to
/// download the reference packages in a process of their own.
/// </summary>
internal static class ReferencesProgram
{
    public static int Main(string[] args)
    {
        if (args is not [MlSecAnalyzers.Testing.ReferenceDownloads.Argument])
            return 2;

        return MlReferences.ResolveAll();
    }
}
