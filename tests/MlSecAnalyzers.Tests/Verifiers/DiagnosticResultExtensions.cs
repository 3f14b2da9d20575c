using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

internal static class DiagnosticResultExtensions
{
    /// <summary>Expects markup location <paramref name="markupKey"/> as the diagnostic's next related (additional) location.</summary>
    public static DiagnosticResult WithRelatedLocation(this DiagnosticResult result, int markupKey) =>
        result.WithOptions(result.Options & ~DiagnosticOptions.IgnoreAdditionalLocations).WithLocation(markupKey);
}
