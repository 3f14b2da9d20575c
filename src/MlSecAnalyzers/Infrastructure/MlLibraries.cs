using System;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Which ML/AI libraries a compilation references, decided from assembly names alone: the cheapest question a
/// compilation can answer, so projects without these libraries register no costly callbacks at all.
/// </summary>
internal static class MlLibraries
{
    /// <summary>True when <paramref name="assemblyName"/> is an LLM client library whose APIs take credentials.</summary>
    public static bool IsLlmClientAssembly(string assemblyName) =>
        // Asked for the assembly of every call the credential rules see: most are System.*, turned away at 'S'.
        assemblyName.Length > 0 && assemblyName[0] is 'O' or 'A' or 'M'
        && assemblyName switch
        {
            "OpenAI" or "Azure.AI.OpenAI" or "Azure.AI.Inference" or "Anthropic" => true,
            _ => assemblyName.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal)
                 || assemblyName.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal),
        };

    /// <summary>True when <paramref name="assemblyName"/> is any ML or AI library the rules understand.</summary>
    public static bool IsMlAssembly(string assemblyName) =>
        IsLlmClientAssembly(assemblyName)
        || assemblyName.StartsWith("Microsoft.ML", StringComparison.Ordinal)
        || assemblyName.Equals("Microsoft.Extensions.ML", StringComparison.Ordinal);

    public static bool ReferencesLlmClient(Compilation compilation) => References(compilation, IsLlmClientAssembly);

    public static bool ReferencesMlLibrary(Compilation compilation) => References(compilation, IsMlAssembly);

    /// <summary>The Anthropic SDK, whose request models take prompt text in constructors and properties.</summary>
    public static bool ReferencesAnthropic(Compilation compilation) =>
        References(compilation, static name => name.Equals("Anthropic", StringComparison.Ordinal));

    /// <summary>Semantic Kernel, whose <c>KernelArguments</c> are rendered into prompt templates.</summary>
    public static bool ReferencesSemanticKernel(Compilation compilation) =>
        References(compilation, static name => name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal));

    private static bool References(Compilation compilation, Func<string, bool> isLibrary)
    {
        foreach (var name in compilation.ReferencedAssemblyNames)
        {
            if (isLibrary(name.Name))
                return true;
        }

        return false;
    }
}
