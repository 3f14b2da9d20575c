using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Tests.Catalogue;

/// <summary>What the catalogue tests compare: the descriptors, analyzers and fixers the assemblies export, and the repository's files.</summary>
internal static class Catalogue
{
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = typeof(MlSecAnalyzers.Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(MlSecAnalyzers.Descriptors).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixers { get; } = typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Rules that have no code fix on purpose (rules.md): MLSEC002 (route calls through a backend), MLSEC012, MLSEC023.</summary>
    public static ImmutableHashSet<string> RulesWithoutFix { get; } = ImmutableHashSet.Create("MLSEC002", "MLSEC012", "MLSEC023");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ReadFile(params string[] relativePath) => File.ReadAllText(Path.Combine(new[] { RepositoryRoot }.Concat(relativePath).ToArray()));

    /// <summary>"Warning", "Info" in release tracking; "Warning", "Suggestion" in docs and README, as users say it.</summary>
    public static string SeverityWord(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Info ? "Suggestion" : severity.ToString();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlSecAnalyzers.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("MlSecAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
