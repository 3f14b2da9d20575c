using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>Concurrent execution gives the same diagnostics in the same order every time, and the package keeps no mutable static state.</summary>
public sealed class DeterminismTests
{
    private const int Runs = 10;

    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output) => _output = output;

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Id} {diagnostic.Location.GetLineSpan()} {diagnostic.GetMessage()} "
        + string.Join(";", diagnostic.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))
        + " +" + string.Join(",", diagnostic.AdditionalLocations.Select(l => l.GetLineSpan().ToString()));

    private static List<string> InSourceOrder(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.GetMessage(), StringComparer.Ordinal).Select(Describe).ToList();

    [Fact]
    public async Task ConcurrentAnalysis_GivesTheSameDiagnosticsInTheSameOrder()
    {
        var sources = FuzzCorpus.Samples.SelectMany(s => s.Files).Select(f => (f.Origin, f.Text))
            .Append(("/generated/Endpoints.cs", PathologicalInputTests.Endpoints(40)))
            .Concat(HostileSources.All.Take(3).Select((h, i) => ($"/hostile/{i}.cs", h.Text)))
            .Concat(FuzzCorpus.Snippets.Where((s, i) => i % 6 == 0).Select((s, i) => ($"/snippets/{i}.cs", s.Text)));
        var references = await AnalyzerRunner.GetReferencesAsync();
        var compilation = CSharpCompilation.Create(
            "Determinism",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Item2, AnalyzerRunner.ParseOptions, s.Item1)),
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        // The order is the host's: CompilationWithAnalyzers hands out diagnostics in the order concurrent symbol-end
        // actions complete, so runs are compared in source order; within a type the analyzers report in source order.
        foreach (var options in new[] { null, FuzzRun.ClientAppOptions })
        {
            var runs = new List<List<string>>();
            for (var run = 0; run < Runs / 2; run++)
            {
                var stopwatch = System.Diagnostics.Stopwatch.StartNew();
                var result = await AnalyzerRunner.AnalyzeAsync(compilation, options, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
                _output.WriteLine($"run {run}: analyzers {result.AnalyzerExecutionTime.TotalMilliseconds:F0} ms, wall {stopwatch.ElapsedMilliseconds} ms");
                Assert.Empty(result.Exceptions);
                runs.Add(InSourceOrder(result.Diagnostics));
            }

            _output.WriteLine($"{(options is null ? "server" : "client app")}: {compilation.SyntaxTrees.Count()} files, {runs[0].Count} diagnostics per run, {runs.Count} runs");
            Assert.NotEmpty(runs[0]);
            Assert.All(runs, r => Assert.Equal(runs[0], r));
        }
    }

    /// <summary>Static fields that may be mutable but are not shared state, with the reason.</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["MlSecAnalyzers.Endpoints.EndpointContext.Contexts"] =
            "a ConditionalWeakTable keyed by Compilation: the endpoint detection MLSEC010 and MLSEC011/012 share, collected with the compilation",
        ["MlSecAnalyzers.Infrastructure.SyntaxNameIndex.Indexes"] =
            "a ConditionalWeakTable keyed by Compilation: the calls and assignments by name that the endpoint and training-input trackers share, collected with the compilation",
        ["MlSecAnalyzers.Infrastructure.LocalValues.IdentifiersByBody"] =
            "a ConditionalWeakTable keyed by a body's syntax node: its identifiers by name, collected with the syntax tree",
        ["MlSecAnalyzers.Infrastructure.MlTypes.Shared"] =
            "a ConditionalWeakTable keyed by Compilation: the well-known types every analyzer looks up, collected with the compilation",
        ["MlSecAnalyzers.Infrastructure.LocalValues.UsesByBody"] =
            "a ConditionalWeakTable keyed by a method body's root operation: its locals' declarators and references, collected with the semantic model that made it",
        ["MlSecAnalyzers.Infrastructure.UntrustedSources.RegisteredByCompilation"] =
            "a ConditionalWeakTable keyed by Compilation: the service registrations MLSEC030's and MLSEC031's trackers share, collected with the compilation",
        ["MlSecAnalyzers.Endpoints.EndpointContext.Inactive"] =
            "the context of compilations without ASP.NET Core or ML libraries; analyzers register nothing for it, so its caches stay empty",
    };

    [Fact]
    public void PackageAssemblies_HaveNoMutableStaticFields()
    {
        var offenders = new List<string>();
        foreach (var assembly in new[] { typeof(Descriptors).Assembly, typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                // Compiler-generated lambda caches (<>c.<>9__0_0) are written once, racily but benignly, by the compiler's design.
                if (type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith("<", StringComparison.Ordinal))
                    continue;

                foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.IsLiteral || field.Name.StartsWith("<", StringComparison.Ordinal) && field.IsInitOnly && IsImmutable(field.FieldType))
                        continue;

                    var name = $"{type.FullName}.{field.Name}";
                    if (Allowed.ContainsKey(name))
                        continue;
                    if (!field.IsInitOnly)
                        offenders.Add($"{name}: static and not readonly");
                    else if (!IsImmutable(field.FieldType))
                        offenders.Add($"{name}: static readonly but of mutable type {field.FieldType}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "mutable static state:\n" + string.Join("\n", offenders));
    }

    private static bool IsImmutable(Type type)
    {
        if (type.IsArray)
            return false;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan))
            return true;
        var name = type.IsGenericType ? type.GetGenericTypeDefinition().FullName! : type.FullName!;
        if (name.StartsWith("System.Collections.Immutable.", StringComparison.Ordinal)
            || name is "System.Text.RegularExpressions.Regex" or "System.Lazy`1" or "System.StringComparer")
            return true;
        if (name.StartsWith("System.Collections.", StringComparison.Ordinal) || name.StartsWith("System.Text.StringBuilder", StringComparison.Ordinal))
            return false;
        // The package's own types and Roslyn's descriptors/keys: immutable when every instance field is readonly and immutable.
        if (type.Assembly == typeof(Descriptors).Assembly || type.Assembly == typeof(MlSecAnalyzers.CodeFixes.EquivalenceKeys).Assembly)
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => f.IsInitOnly && (f.FieldType == type || IsImmutable(f.FieldType)));
        return name.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal) || name.StartsWith("System.Func`", StringComparison.Ordinal) || name.StartsWith("System.Action", StringComparison.Ordinal);
    }
}
