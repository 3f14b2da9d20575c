using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>
/// Every code fix of the package, applied to every corpus source (unmutated) that compiles and offers it, one action at a
/// time and as Fix All (document scope; project scope over each sample): the result compiles with no new compiler error
/// or warning, and the fixed diagnostic is gone.
/// </summary>
public sealed class FixesCompileTests
{
    private readonly ITestOutputHelper _output;

    public FixesCompileTests(ITestOutputHelper output) => _output = output;

    private sealed record Case(string Origin, ImmutableArray<(string Name, string Text)> Files, bool IsClientApp);

    private static IEnumerable<Case> Cases() =>
        FuzzCorpus.Snippets.Concat(HostileSources.All).Select(s => new Case(s.Origin, ImmutableArray.Create(("Program.cs", s.Text)), IsClientApp: false))
            .Concat(FuzzCorpus.Samples.Select(s => new Case(
                "samples/" + s.Name,
                s.Files.Select(f => (f.Origin, f.Text)).Append(("GlobalUsings.g.cs", s.ImplicitUsings)).ToImmutableArray(),
                s.IsClientApp)));

    private static async Task<Project> CreateProjectAsync(Case @case, ReferenceAssemblies references)
    {
        var hasTopLevelStatements = @case.Files.Any(f => CSharpSyntaxTree.ParseText(f.Text, AnalyzerRunner.ParseOptions).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Fixed", "Fixed", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: AnalyzerRunner.ParseOptions,
            metadataReferences: await AnalyzerRunner.GetReferencesAsync(references)));
        foreach (var (name, text) in @case.Files)
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(name), SourceText.From(text), filePath: "/0/" + name);
        if (@case.IsClientApp)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From("is_global = true\nbuild_property.MlSecClientApp = true\n"), filePath: "/.globalconfig");
        }

        return solution.GetProject(projectId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> CompilerDiagnosticsAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnosticsAsync(Project project)
    {
        var result = await AnalyzerRunner.AnalyzeAsync((await project.GetCompilationAsync())!, project.AnalyzerOptions);
        Assert.True(result.Exceptions.IsEmpty, string.Join("\n", result.Exceptions));
        return result.Diagnostics;
    }

    /// <summary>Compiler errors and warnings of <paramref name="after"/> that <paramref name="before"/> did not have, compared by id and count.</summary>
    private static List<string> NewCompilerDiagnostics(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after)
    {
        var counts = before.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        var added = new List<string>();
        foreach (var diagnostic in after)
        {
            if (counts.TryGetValue(diagnostic.Id, out var count) && count > 0)
                counts[diagnostic.Id] = count - 1;
            else
                added.Add(diagnostic.ToString());
        }

        return added;
    }

    private static int CountIn(ImmutableArray<Diagnostic> diagnostics, string id, string? path) =>
        diagnostics.Count(d => d.Id == id && d.Location.SourceTree?.FilePath == path);

    private sealed class Diagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _all;

        public Diagnostics(ImmutableArray<Diagnostic> all) => _all = all;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_all);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return _all.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(_all.Where(d => !d.Location.IsInSource));
    }

    [Fact]
    public async Task EveryFix_LeavesCodeThatCompiles_AndRemovesItsDiagnostic()
    {
        int cases = 0, skipped = 0, fixes = 0, fixAlls = 0;
        var failures = new List<string>();
        foreach (var @case in Cases())
        {
            // A source the tests compile against Semantic Kernel's reference set compiles here only with that set.
            Project? project = null;
            foreach (var references in new[] { MlReferences.WithAspNetCore, MlReferences.SemanticKernel })
            {
                var candidate = await CreateProjectAsync(@case, references);
                if (!(await CompilerDiagnosticsAsync(candidate)).Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    project = candidate;
                    break;
                }
            }

            if (project is null)
            {
                skipped++;
                continue;
            }

            var baseline = await CompilerDiagnosticsAsync(project);
            var diagnostics = await AnalyzerDiagnosticsAsync(project);
            foreach (var fixer in AnalyzerRunner.AllCodeFixes)
            {
                var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).ToList();
                if (fixable.Count == 0)
                    continue;
                cases++;

                var keysByDocument = new Dictionary<DocumentId, HashSet<string>>();
                foreach (var diagnostic in fixable)
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        fixes++;
                        if (action.EquivalenceKey is { } key)
                            (keysByDocument.TryGetValue(document.Id, out var keys) ? keys : keysByDocument[document.Id] = new HashSet<string>()).Add(key);

                        var where = $"{@case.Origin}: '{action.Title}' for {diagnostic}";
                        var fixedProject = await ApplyAsync(action, project);
                        if (fixedProject is null)
                        {
                            failures.Add($"{where}: no change");
                            continue;
                        }

                        var added = NewCompilerDiagnostics(baseline, await CompilerDiagnosticsAsync(fixedProject));
                        if (added.Count > 0)
                            failures.Add($"{where}: new compiler diagnostics\n  " + string.Join("\n  ", added) + "\n" + await TextOfAsync(fixedProject, document.Id));
                        var path = diagnostic.Location.SourceTree!.FilePath;
                        if (CountIn(await AnalyzerDiagnosticsAsync(fixedProject), diagnostic.Id, path) >= CountIn(diagnostics, diagnostic.Id, path))
                            failures.Add($"{where}: the diagnostic is still there\n" + await TextOfAsync(fixedProject, document.Id));
                    }
                }

                var fixAllProvider = fixer.GetFixAllProvider();
                if (fixAllProvider is null)
                    continue;
                foreach (var (documentId, keys) in keysByDocument)
                {
                    // Roslyn's Fix All leaves generated documents (<auto-generated> header) alone by design.
                    if ((await TextOfAsync(project, documentId)).Contains("<auto-generated", StringComparison.OrdinalIgnoreCase))
                        continue;

                    foreach (var key in keys)
                    {
                        var scopes = @case.Files.Length > 1 ? new[] { FixAllScope.Document, FixAllScope.Project } : new[] { FixAllScope.Document };
                        foreach (var scope in scopes)
                        {
                            var document = project.GetDocument(documentId)!;
                            var context = new FixAllContext(document, fixer, scope, key, fixer.FixableDiagnosticIds, new Diagnostics(diagnostics), CancellationToken.None);
                            var action = await fixAllProvider.GetFixAsync(context);
                            var where = $"{@case.Origin}: Fix All ({scope}) '{key}' in {document.Name}";
                            if (action is null || await ApplyAsync(action, project) is not { } fixedProject)
                            {
                                failures.Add($"{where}: no change");
                                continue;
                            }

                            fixAlls++;
                            var added = NewCompilerDiagnostics(baseline, await CompilerDiagnosticsAsync(fixedProject));
                            if (added.Count > 0)
                                failures.Add($"{where}: new compiler diagnostics\n  " + string.Join("\n  ", added) + "\n" + await TextOfAsync(fixedProject, documentId));
                            var after = await AnalyzerDiagnosticsAsync(fixedProject);
                            var path = document.FilePath;
                            if (fixer.FixableDiagnosticIds.Sum(id => CountIn(after, id, path)) >= fixer.FixableDiagnosticIds.Sum(id => CountIn(diagnostics, id, path)))
                                failures.Add($"{where}: no diagnostic went away\n" + await TextOfAsync(fixedProject, documentId));
                        }
                    }
                }
            }
        }

        _output.WriteLine($"{cases} (source, fixer) cases, {fixes} code actions applied, {fixAlls} Fix All runs, {skipped} sources skipped (they do not compile as they stand)");
        Assert.True(failures.Count == 0, $"{failures.Count} broken fixes:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(fixes >= 10, $"only {fixes} fixes were applied: the corpus lost its fixable cases");
    }

    /// <summary>
    /// What <c>dotnet format analyzers</c> does (SolutionCodeFixApplier in dotnet/sdk): it fixes one id at a time; for an
    /// id it runs the analyzers that support it, asks the fixer for the actions of the <em>first</em> diagnostic those
    /// analyzers reported, whatever its id, and runs a solution-wide Fix All for the id with that action's key. Analyzers
    /// report in no fixed order, so every warning of the family must be able to come first. With one key per rule for
    /// MLSEC020 and MLSEC022 this failed whenever the other one came first, and CI's dotnet format step flaked.
    /// </summary>
    [Fact]
    public async Task DotnetFormat_FixesEverySampleRule_WhicheverDiagnosticOfTheFamilyComesFirst()
    {
        var runs = 0;
        var failures = new List<string>();
        foreach (var sample in FuzzCorpus.Samples)
        {
            var @case = Cases().Single(c => c.Origin == "samples/" + sample.Name);
            var project = await CreateProjectAsync(@case, MlReferences.WithAspNetCore);
            // --severity warn: suggestions are not fixed.
            var diagnostics = (await AnalyzerDiagnosticsAsync(project)).Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.IsInSource).ToImmutableArray();
            foreach (var id in diagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal))
            {
                var family = AnalyzerRunner.AllAnalyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
                    .SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).ToHashSet();
                var reported = diagnostics.Where(d => family.Contains(d.Id)).ToImmutableArray();
                foreach (var fixer in AnalyzerRunner.AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)))
                {
                    foreach (var first in reported)
                    {
                        runs++;
                        var where = $"samples/{sample.Name}: fixing {id} with {fixer.GetType().Name} when {first.Id} at {first.Location.GetLineSpan()} comes first";
                        if (await DotnetFormatFixAllAsync(project, fixer, id, first, reported) is not { } fixedProject)
                        {
                            failures.Add($"{where}: no Fix All action (dotnet format: \"didn't return a Fix All action\")");
                            continue;
                        }

                        var left = (await AnalyzerDiagnosticsAsync(fixedProject)).Count(d => d.Id == id);
                        if (left > 0)
                            failures.Add($"{where}: {left} {id} left");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(runs >= 10, $"only {runs} runs: the samples lost their fixable diagnostics");
    }

    /// <summary>
    /// The same dotnet format emulation on a file where the personal-data analyzer reports all its rules, one of them
    /// without a fix (an MLSEC020 whose column is a feature): whichever comes first, every MLSEC020, 021 and 022 that
    /// has a fix is fixed.
    /// </summary>
    [Fact]
    public async Task DotnetFormat_FixesThePersonalDataRules_WhicheverDiagnosticOfTheFamilyComesFirst()
    {
        var source = """
            using System.IO;
            using Microsoft.ML;

            class Jobs
            {
                void Train(MLContext ml)
                {
                    var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
                    ml.Transforms.Concatenate("Features", "Age", "CustomerEmail").Fit(data);
                }

                void Retrain(MLContext ml)
                {
                    var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
                    ml.Transforms.Concatenate("Features", "Age").Fit(data);
                }

                void Export(MLContext ml, Stream stream)
                {
                    var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
                    ml.Data.SaveAsText(data, stream);
                }
            }

            """ + PersonalData.MLSEC020PersonalDataLoadedTests.Row;
        var project = await CreateProjectAsync(new Case("personal-data family", ImmutableArray.Create(("Jobs.cs", source)), IsClientApp: false), MlReferences.Default);
        var diagnostics = (await AnalyzerDiagnosticsAsync(project)).Where(d => d.Id.StartsWith("MLSEC02", StringComparison.Ordinal)).ToImmutableArray();
        Assert.Equal(new[] { "MLSEC020", "MLSEC020", "MLSEC021", "MLSEC022" }, diagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));

        var drop = new MlSecAnalyzers.CodeFixes.PersonalData.DropPersonalColumnsFixer();
        var remove = new MlSecAnalyzers.CodeFixes.PersonalData.RemoveFeatureColumnFixer();
        var failures = new List<string>();
        foreach (var (id, fixer, expectedLeft) in new (string, CodeFixProvider, int)[] { ("MLSEC020", drop, 1), ("MLSEC022", drop, 0), ("MLSEC021", remove, 0) })
        {
            foreach (var first in diagnostics)
            {
                var document = project.GetDocument(first.Location.SourceTree)!;
                var where = $"{first.Id} at {first.Location.GetLineSpan().StartLinePosition} first";
                if (await DotnetFormatFixAllAsync(project, fixer, id, first, diagnostics) is not { } fixedProject)
                {
                    failures.Add(where + ": no Fix All action");
                    continue;
                }

                // Left of MLSEC020: the one whose column is a feature (it has no fix).
                var left = (await AnalyzerDiagnosticsAsync(fixedProject)).Where(d => d.Id == id).ToList();
                if (left.Count != expectedLeft)
                    failures.Add($"fixing {id}, {where}: {left.Count} left, expected {expectedLeft}\n" + await TextOfAsync(fixedProject, document.Id));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The dotnet format emulation for MLSEC001, whose fixer offers two remedies chosen by key: when the first diagnostic
    /// dotnet format meets has no fix (a key in a <c>const</c> a <c>switch</c> needs), the key is null, and the fixable
    /// ones are still fixed, with the environment-variable remedy.
    /// </summary>
    [Fact]
    public async Task DotnetFormat_FixesMLSEC001_WhenTheFirstDiagnosticHasNoFix()
    {
        var source = $$"""
            using System.ClientModel;
            using OpenAI;

            class Keys
            {
                private const string Key = "{{TestKeys.Random("0123456789abcdef", 32, seed: 401)}}";

                OpenAIClient Create() => new(new ApiKeyCredential(Key));

                bool IsKey(string value) => value switch { Key => true, _ => false };

                OpenAIClient Other() => new(new ApiKeyCredential("{{TestKeys.Random("0123456789abcdef", 32, seed: 402)}}"));
            }
            """;
        var project = await CreateProjectAsync(new Case("MLSEC001 without a fix first", ImmutableArray.Create(("Keys.cs", source)), IsClientApp: false), MlReferences.Default);
        var diagnostics = (await AnalyzerDiagnosticsAsync(project)).Where(d => d.Id == "MLSEC001").ToImmutableArray();
        Assert.Equal(2, diagnostics.Length);

        var fixer = new MlSecAnalyzers.CodeFixes.Secrets.MoveSecretToConfigurationFixer();
        foreach (var first in diagnostics)
        {
            var document = project.GetDocument(first.Location.SourceTree)!;
            var fixedProject = await DotnetFormatFixAllAsync(project, fixer, "MLSEC001", first, diagnostics);
            Assert.True(fixedProject is not null, $"{first.Location.GetLineSpan().StartLinePosition} first: no Fix All action");

            var text = await TextOfAsync(fixedProject!, document.Id);
            Assert.Single((await AnalyzerDiagnosticsAsync(fixedProject!)).Where(d => d.Id == "MLSEC001"));
            Assert.Contains("GetEnvironmentVariable", text);
            Assert.Empty(NewCompilerDiagnostics(await CompilerDiagnosticsAsync(project), await CompilerDiagnosticsAsync(fixedProject!)));
        }
    }

    /// <summary>
    /// The dotnet format emulation for MLSEC010, whose fixes differ by kind of endpoint (a minimal API's
    /// <c>RequireAuthorization()</c>, a controller's or a hub's <c>[Authorize]</c>): whichever comes first, every MLSEC010
    /// of the project is fixed, each with the fix of the same reach its kind offers, and the result compiles.
    /// </summary>
    [Fact]
    public async Task DotnetFormat_FixesMLSEC010_WhicheverKindOfEndpointComesFirst()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddSignalR();
            var app = builder.Build();
            PredictionEngine<Input, Output> engine = null!;
            var api = app.MapGroup("/api");
            api.MapPost("/predict", (Input input) => engine.Predict(input));
            app.MapControllers();
            app.MapHub<PredictionHub>("/hub");
            app.Run();

            public class Input { public float X { get; set; } }
            public class Output { public float Label { get; set; } }
            """;
        var controller = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.ML;

            [ApiController]
            public class PredictController(PredictionEngine<Input, Output> engine) : ControllerBase
            {
                [HttpPost("/predict2")]
                public Output Predict(Input input) => engine.Predict(input);
            }

            public class PredictionHub(PredictionEngine<Input, Output> engine) : Hub
            {
                public Output Predict(Input input) => engine.Predict(input);
            }
            """;
        var project = await CreateProjectAsync(
            new Case("MLSEC010 of three kinds", ImmutableArray.Create(("Program.cs", program), ("Endpoints.cs", controller)), IsClientApp: false), MlReferences.WithAspNetCore);
        var diagnostics = (await AnalyzerDiagnosticsAsync(project)).Where(d => d.Id == "MLSEC010").ToImmutableArray();
        Assert.Equal(3, diagnostics.Length);

        var fixer = new MlSecAnalyzers.CodeFixes.Endpoints.RequireAuthorizationFixer();
        var failures = new List<string>();
        foreach (var first in diagnostics)
        {
            var where = $"{first.Location.SourceTree!.FilePath} {first.Location.GetLineSpan().StartLinePosition} first";
            if (await DotnetFormatFixAllAsync(project, fixer, "MLSEC010", first, diagnostics) is not { } fixedProject)
            {
                failures.Add(where + ": no Fix All action");
                continue;
            }

            var left = (await AnalyzerDiagnosticsAsync(fixedProject)).Count(d => d.Id == "MLSEC010");
            if (left > 0)
                failures.Add($"{where}: {left} MLSEC010 left");
            var added = NewCompilerDiagnostics(await CompilerDiagnosticsAsync(project), await CompilerDiagnosticsAsync(fixedProject));
            if (added.Count > 0)
                failures.Add($"{where}: {string.Join(", ", added)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// One step of <c>dotnet format analyzers</c> (SolutionCodeFixApplier in dotnet/sdk): the key of the first action
    /// <paramref name="fixer"/> registers for <paramref name="first"/> (null when it registers none), then a solution-wide
    /// Fix All of <paramref name="id"/> with that key over <paramref name="reported"/>. Null when it changes nothing,
    /// which dotnet format reports as "didn't return a Fix All action".
    /// </summary>
    private static async Task<Project?> DotnetFormatFixAllAsync(
        Project project, CodeFixProvider fixer, string id, Diagnostic first, ImmutableArray<Diagnostic> reported)
    {
        CodeAction? picked = null;
        var document = project.GetDocument(first.Location.SourceTree)!;
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => picked ??= a, CancellationToken.None));
        var context = new FixAllContext(document, fixer, FixAllScope.Solution, picked?.EquivalenceKey!, new[] { id }, new Diagnostics(reported), CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        return action is null ? null : await ApplyAsync(action, project);
    }

    private static async Task<Project?> ApplyAsync(CodeAction action, Project project)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
        return changed?.GetProject(project.Id) is { } fixedProject && fixedProject != project ? fixedProject : null;
    }

    private static async Task<string> TextOfAsync(Project project, DocumentId documentId) =>
        (await project.GetDocument(documentId)!.GetTextAsync()).ToString();
}
