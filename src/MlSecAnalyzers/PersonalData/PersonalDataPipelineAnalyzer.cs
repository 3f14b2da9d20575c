using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.PersonalData;

/// <summary>
/// MLSEC020-022: personal columns loaded through ML.NET loaders that reach <c>Fit</c> unguarded (020), feed a feature
/// transform or a trainer's feature column (021), or are written out by <c>SaveAsText</c>/<c>SaveAsBinary</c> (022).
/// The analysis starts at the uses (<c>Fit</c> and the save calls) and walks back with <see cref="PipelineFlow"/>; when
/// any part of the flow is unknown it reports nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalDataPipelineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property names the code fixes read.</summary>
    internal static class Properties
    {
        /// <summary>The reported column names, <c>|</c>-separated.</summary>
        public const string Columns = "Columns";

        /// <summary>
        /// "false" when dropping the columns after the load could break a pipeline fitted on that data: a step of any
        /// pipeline fitted in the block reads one of them (a feature, the label, the input of a hash, copy or key
        /// mapping), or a pipeline fitted on the data has steps the analysis cannot read.
        /// </summary>
        public const string Fixable = "Fixable";

        /// <summary>
        /// MLSEC022: for each of <see cref="Columns"/>, in order and <c>|</c>-separated, the start positions of the names
        /// of the calls where MLSEC020 reports the loads it comes from (the loader, or the helper call it came through),
        /// comma-separated; -1 for one in another file. Fix All reads it to leave out a column that the same pass
        /// already drops after its load.
        /// </summary>
        public const string Loaders = "Loaders";
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard,
        Descriptors.MLSEC021_PersonalDataAsFeature,
        Descriptors.MLSEC022_PersonalDataWrittenOut);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // A finding outside the analyzed block (a helper's loader) is checked for generated code in Report.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Skip);
        context.RegisterCompilationStartAction(static start =>
        {
            // Assembly names first, as the other analyzers do: a type lookup in a project without ML.NET was this
            // analyzer's whole cost on the plain corpus (bench: MLSEC_PROFILE_PLAIN=1 --profile 400, issue 7).
            if (!MlLibraries.ReferencesMlLibrary(start.Compilation))
                return;

            var types = MlTypes.For(start.Compilation);
            if (types.Get(MlTypeNames.MicrosoftMLDataOperationsCatalog) is null)
                return;

            var options = new PersonalDataRecognizers(MlSecOptions.Create(start.Options));
            var reported = new ConcurrentDictionary<(string Id, SyntaxTree Tree, int Start, string Columns), byte>();
            // Per file: does its text name a call the block end analyses? Most blocks of an app are in files that call
            // neither Fit nor a save, and for those the nested operation action meant a callback per invocation and the
            // driver's dispatch of the block's operations to it (issue 7). A method's name cannot be aliased, so a call
            // named Fit spells the word Fit in its file.
            var callsAnalysed = new ConcurrentDictionary<SyntaxTree, bool>();
            // Reported from the block's end action, not an operation action: the loader and the transforms usually
            // sit in the same method as the Fit, and a diagnostic inside the analysed block is local (live, fixable).
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                if (!MayCallAnalysedMethods(blockStart.OperationBlocks, callsAnalysed, blockStart.CancellationToken))
                    return;

                // Only calls named Fit / SaveAsText / SaveAsBinary are kept (a name check per invocation); the flow
                // analysis runs at block end, once the block's candidates are known.
                List<IInvocationOperation>? candidates = null;
                var gate = new object();
                blockStart.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        if (invocation.TargetMethod.Name is "Fit" or "SaveAsText" or "SaveAsBinary")
                        {
                            lock (gate)
                                (candidates ??= new List<IInvocationOperation>()).Add(invocation);
                        }
                    },
                    OperationKind.Invocation);
                blockStart.RegisterOperationBlockEndAction(c =>
                {
                    if (candidates is null)
                        return;
                    var loads = new LoadReports(c);
                    foreach (var invocation in candidates.OrderBy(i => i.Syntax.SpanStart))
                        Analyze(c, invocation, options, reported, loads);
                    // MLSEC020 once every Fit of the block is seen: a later Fit can need a column an earlier one left.
                    loads.Report(reported);
                });
            });
        });
    }

    private static readonly ImmutableArray<string> AnalysedMethodNames = ImmutableArray.Create("Fit", "SaveAsText", "SaveAsBinary");

    private static bool MayCallAnalysedMethods(ImmutableArray<IOperation> blocks, ConcurrentDictionary<SyntaxTree, bool> byFile, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var block in blocks)
        {
            var tree = block.Syntax.SyntaxTree;
            if (!byFile.TryGetValue(tree, out var mentions))
                mentions = byFile.GetOrAdd(tree, SyntaxNameIndex.MentionsAnyWord(tree, AnalysedMethodNames, cancellationToken));
            if (mentions)
                return true;
        }

        return false;
    }

    private static void Analyze(
        OperationBlockAnalysisContext context, IInvocationOperation invocation, PersonalDataRecognizers options,
        ConcurrentDictionary<(string, SyntaxTree, int, string), byte> reported, LoadReports loads)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Fit":
                if (invocation.Instance is { } estimator && method.Parameters.Length >= 1 && PipelineFlow.IsEstimator(estimator.Type))
                    AnalyzeFit(context, invocation, estimator, options, reported, loads);
                break;

            case "SaveAsText" or "SaveAsBinary" when PipelineFlow.IsInMl(method.ContainingType):
                AnalyzeSave(context, invocation, options, reported);
                break;
        }
    }

    private static void AnalyzeFit(
        OperationBlockAnalysisContext context, IInvocationOperation fit, IOperation estimator, PersonalDataRecognizers options,
        ConcurrentDictionary<(string, SyntaxTree, int, string), byte> reported, LoadReports loads)
    {
        var tree = fit.Syntax.SyntaxTree;
        var for020 = options.For(tree, "MLSEC020");
        var for021 = options.For(tree, "MLSEC021");

        Evaluate(for020, report020: true, report021: ReferenceEquals(for020, for021));
        if (!ReferenceEquals(for020, for021))
            Evaluate(for021, report020: false, report021: true);

        void Evaluate(PersonalDataRecognizer recognizer, bool report020, bool report021)
        {
            var flow = new PipelineFlow(context.Compilation, recognizer);
            var columns = flow.DataColumns(PipelineFlow.ArgumentValue(fit, 0));
            if (columns is not { IsEmpty: false } known)
                return;

            var steps = flow.EstimatorSteps(estimator);
            if (steps is null)
            {
                // Not reported, but a pipeline we cannot read may need any of the columns: no drop after their load.
                if (report020)
                    loads.NeedsAll(known);
                return;
            }

            var findings = new List<(PipelineStep Step, List<string> Columns)>();
            var left = PipelineFlow.Apply(known, steps, findings);

            // Reported at block end, by where each finding is reported (FeatureAt): several Fits can use one step.
            if (report021)
            {
                foreach (var (step, used) in findings)
                    loads.AddFeature(step, used);
            }

            if (report020)
            {
                foreach (var step in steps)
                {
                    if (PipelineFlow.ColumnsRead(step.Call) is { } read)
                        loads.Needs(known.Where(c => read.Contains(c.Name)));
                    else
                        loads.NeedsAll(known);
                }

                loads.Needs(known.Where(c => findings.Any(f => f.Columns.Contains(c.Name))));

                // A Fit of a pipeline that only drops or selects columns (the guard itself, as the fix writes it:
                // data = ml.Transforms.DropColumns("Email").Fit(data).Transform(data)) trains nothing and keeps no data:
                // what is left reaches training, if at all, through a later Fit, which is analysed on its own. Reported,
                // a partial drop (the fix's, when the caller drops another column itself further on) became a finding.
                if (steps.Count > 0 && steps.All(s => s.Kind is PipelineStep.StepKind.Drop or PipelineStep.StepKind.Select))
                    return;

                // By where each finding is reported (ReportAt). A loader in a generated helper stays silent, though its
                // finding would be reported at the user's call (as before; the one at the loader is checked in Report).
                foreach (var column in left)
                {
                    var at = ReportAt(context, column);
                    if (ReferenceEquals(at, column.Loader) || !IsHidden(context, column.Loader))
                        loads.Add(at, new[] { column.Name });
                }
            }
        }
    }

    /// <summary>
    /// Where the MLSEC020 finding of <paramref name="column"/> is reported: its loader call when that is in the analysed
    /// block (the method with the Fit, its local functions and lambdas) and its row type is its own; otherwise the helper
    /// call in the analysed block the flow went through (<c>LoadCustomers</c> in <c>var data = LoadCustomers(ml, path);</c>,
    /// <c>Load</c> in <c>Load&lt;Customer&gt;(…)</c>).
    /// </summary>
    /// <remarks>
    /// A helper's loader serves every caller, and its columns depend on the caller: one caller drops Diagnosis before its
    /// Fit, another drops nothing, a generic helper is called with two row types. Reported at the shared loader, such
    /// callers gave two reports of different columns at one place (each method block is analysed on its own, and
    /// concurrently, so no report can merge them deterministically without a compilation-end action, which would take
    /// the rule out of live IDE analysis). Reported at the call, each caller gets one report naming its own columns, in
    /// its own method: live in the IDE (a diagnostic in the analysed block is local to it), fixable there (a drop after
    /// the call; one in the helper would break the callers that drop the columns themselves or use another row type),
    /// and a suppression sits where the decision to train on the data is made rather than silencing every caller,
    /// present and future.
    /// </remarks>
    private static IInvocationOperation ReportAt(OperationBlockAnalysisContext context, PersonalColumn column) =>
        column.Via is { } via && (column.FromTypeArgument || !IsInBlocks(context, NameLocation(column.Loader))) ? via : column.Loader;

    /// <summary>
    /// Where the MLSEC021 finding of <paramref name="step"/> is reported: the transform or trainer call when it is in the
    /// analysed block; otherwise the helper call in the block the pipeline was read through (<c>Features</c> in
    /// <c>Features(ml).Fit(data)</c>). A helper's pipeline serves every caller, each fitting it on its own data: reported
    /// in the helper, two callers whose data has different personal columns gave two reports of different columns at
    /// one transform, in analysis order (the same reasons as <see cref="ReportAt"/>).
    /// </summary>
    private static IInvocationOperation FeatureAt(OperationBlockAnalysisContext context, PipelineStep step) =>
        step.Via is { } via && !IsInBlocks(context, NameLocation(step.Call)) ? via : step.Call;

    private static void AnalyzeSave(
        OperationBlockAnalysisContext context, IInvocationOperation save, PersonalDataRecognizers options,
        ConcurrentDictionary<(string, SyntaxTree, int, string), byte> reported)
    {
        var recognizer = options.For(save.Syntax.SyntaxTree, "MLSEC022");
        var flow = new PipelineFlow(context.Compilation, recognizer);
        var columns = flow.DataColumns(PipelineFlow.ArgumentValue(save, 0));
        if (columns is not { IsEmpty: false } known)
            return;

        // Loaders has one entry per reported column, so both properties are built from the same list. Each names where
        // MLSEC020 reports that load (the loader, or the helper call it came through): Fix All matches its drops there.
        var tree = save.Syntax.SyntaxTree;
        var names = known.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList();
        var loaders = string.Join("|", names.Select(name => string.Join(",",
            known.Where(c => c.Name == name).Select(c => NameLocation(ReportAt(context, c))).Select(l => l.SourceTree == tree ? l.SourceSpan.Start : -1).Distinct())));
        Report(context, reported, Descriptors.MLSEC022_PersonalDataWrittenOut, save, names, loaders: loaders);
    }

    private static void Report(
        OperationBlockAnalysisContext context, ConcurrentDictionary<(string, SyntaxTree, int, string), byte> reported,
        DiagnosticDescriptor descriptor, IInvocationOperation call, IEnumerable<string> columns, bool fixable = true, string? loaders = null)
    {
        var location = NameLocation(call);
        var inBlocks = IsInBlocks(context, location);
        if (IsHidden(context, call))
            return;

        var names = columns.Distinct(StringComparer.Ordinal).ToList();
        var joined = string.Join("|", names);
        if (location.SourceTree is null || !reported.TryAdd((descriptor.Id, location.SourceTree, location.SourceSpan.Start, joined), 0))
            return;

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(Properties.Columns, joined)
            .Add(Properties.Fixable, fixable && inBlocks ? "true" : "false");
        if (loaders is not null)
            properties = properties.Add(Properties.Loaders, loaders);
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor, location, properties, string.Join(", ", names.Select(n => "'" + n + "'"))));
    }

    /// <summary>
    /// The MLSEC020 findings of one operation block and the loaded columns its pipelines read, so that the fix offer
    /// (the <see cref="Properties.Fixable"/> property) is decided over every Fit of the block, not the first one. Both
    /// are keyed by where the finding is reported (<see cref="ReportAt"/>): the drop goes after that call. Also the
    /// block's MLSEC021 findings, keyed by <see cref="FeatureAt"/>, so that each place is reported once.
    /// </summary>
    private sealed class LoadReports
    {
        private readonly OperationBlockAnalysisContext _context;
        private readonly List<(IInvocationOperation At, List<string> Columns)> _findings = new();
        private readonly List<(IInvocationOperation At, List<string> Columns)> _features = new();
        private HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)>? _helperFeatures;
        private readonly Dictionary<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan), HashSet<string>?> _needed = new();

        public LoadReports(OperationBlockAnalysisContext context) => _context = context;

        /// <summary>A pipeline step reads these columns.</summary>
        public void Needs(IEnumerable<PersonalColumn> columns)
        {
            foreach (var column in columns)
            {
                var key = Key(ReportAt(_context, column));
                if (!_needed.TryGetValue(key, out var names))
                    _needed[key] = names = new HashSet<string>(StringComparer.Ordinal);
                names?.Add(column.Name);
            }
        }

        /// <summary>A pipeline fitted on data from these loads may read any column (null: all of them).</summary>
        public void NeedsAll(IEnumerable<PersonalColumn> columns)
        {
            foreach (var column in columns)
                _needed[Key(ReportAt(_context, column))] = null;
        }

        /// <summary>
        /// A finding at <paramref name="at"/> (the loader call, or the helper call it came through). Several Fits of the
        /// block can leave different columns of one load: one report there, naming the columns of all of them in the
        /// order first met (Fits in text order, a row type's members in order). Two reports at one place, of different
        /// columns, would read as two findings, and the fix of the first would drop only its own columns.
        /// </summary>
        public void Add(IInvocationOperation at, IEnumerable<string> columns) => Merge(_findings, at, columns);

        /// <summary>
        /// An MLSEC021 finding at <paramref name="at"/> (the transform or trainer call, or the helper call the pipeline came
        /// through). Merged like <see cref="Add"/>: one pipeline fitted on two data views, or two feature steps of one
        /// helper, give one report there naming the columns of all of them.
        /// </summary>
        public void AddFeature(PipelineStep step, IEnumerable<string> columns)
        {
            // A transform in a generated helper stays silent, as before (as MLSEC020's loader in one does).
            var at = FeatureAt(_context, step);
            if (!ReferenceEquals(at, step.Call))
            {
                if (IsHidden(_context, step.Call))
                    return;
                (_helperFeatures ??= new HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)>()).Add(Key(at));
            }

            Merge(_features, at, columns);
        }

        private static void Merge(List<(IInvocationOperation At, List<string> Columns)> findings, IInvocationOperation at, IEnumerable<string> columns)
        {
            foreach (var (known, names) in findings)
            {
                if (Key(known) != Key(at))
                    continue;
                foreach (var name in columns)
                {
                    if (!names.Contains(name))
                        names.Add(name);
                }

                return;
            }

            findings.Add((at, columns.ToList()));
        }

        public void Report(ConcurrentDictionary<(string, SyntaxTree, int, string), byte> reported)
        {
            // A helper's call is not a Concatenate the fix can edit, even one of that name.
            foreach (var (at, columns) in _features)
                PersonalDataPipelineAnalyzer.Report(_context, reported, Descriptors.MLSEC021_PersonalDataAsFeature, at, columns, fixable: _helperFeatures?.Contains(Key(at)) != true);

            foreach (var (at, columns) in _findings)
            {
                var fixable = !_needed.TryGetValue(Key(at), out var needed) || (needed is not null && !columns.Any(needed.Contains));
                PersonalDataPipelineAnalyzer.Report(_context, reported, Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard, at, columns, fixable);
            }
        }
    }

    private static (SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan) Key(IInvocationOperation call) => (call.Syntax.SyntaxTree, call.Syntax.Span);

    // A loader or transform in a helper can sit in generated code, and the driver does not check this analyzer's
    // diagnostics for it (GeneratedCode.Skip).
    private static bool IsHidden(OperationBlockAnalysisContext context, IInvocationOperation call)
    {
        var location = NameLocation(call);
        return GeneratedCode.IsHidden(location) || (!IsInBlocks(context, location) && IsInGeneratedCode(call, context));
    }

    // A finding in a helper method called from this block is reported all the same (command-line builds see it), but the
    // IDE computes it only in full-solution analysis, so no fix is attached to it.
    private static bool IsInBlocks(OperationBlockAnalysisContext context, Location location)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (block.Syntax.SyntaxTree != location.SourceTree || !block.Syntax.Span.Contains(location.SourceSpan))
                continue;
            // Top-level statements: the block's syntax is the whole file, whose types are not in it (a helper class there
            // serves its other callers as one in another file does).
            if (block.Syntax is not CompilationUnitSyntax unit)
                return true;
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax && member.Span.Contains(location.SourceSpan))
                    return true;
            }
        }

        return false;
    }

    private static bool IsInGeneratedCode(IInvocationOperation call, OperationBlockAnalysisContext context) =>
        call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, context.CancellationToken) is { } symbol
            ? GeneratedCode.IsGenerated(symbol, context.Compilation, context.CancellationToken)
            : GeneratedCode.IsGenerated(call.Syntax.SyntaxTree, context.Compilation, context.CancellationToken);

    /// <summary>The method name of a call (<c>LoadFromTextFile</c> in <c>ml.Data.LoadFromTextFile&lt;T&gt;(path)</c>).</summary>
    private static Location NameLocation(IInvocationOperation invocation) =>
        invocation.Syntax is InvocationExpressionSyntax { Expression: var expression }
            ? expression switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.GetLocation(),
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.GetLocation(),
                SimpleNameSyntax simple => simple.Identifier.GetLocation(),
                _ => expression.GetLocation(),
            }
            : invocation.Syntax.GetLocation();
}
