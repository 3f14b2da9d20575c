using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Infrastructure;
using MlSecAnalyzers.Testing;

namespace MlSecAnalyzers.Bench;

/// <summary>
/// The performance benchmark (issue 7). Run from the repository root:
///   dotnet run -c Release --project bench/MlSecAnalyzers.Bench -- --sizes 100,400,1600 --rounds 7
///   dotnet run -c Release --project bench/MlSecAnalyzers.Bench -- --quick
/// Writes bench/results/latest.md (or --out PATH).
/// </summary>
internal static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        if (args is [ReferenceDownloads.Argument])
            return References.ResolveHere();
        if (args.Length > 0 && args[0] == "--driver-overhead")
            return await DriverOverheadAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
        if (args.Length > 0 && args[0] == "--profile")
        {
            var rest = args.Skip(1).ToArray();
            return await ProfileAsync(TakeNumber(ref rest, 400), rest);
        }

        if (args.Length > 0 && args[0] == "--pair")
            return await PairAsync(args.Skip(1).ToArray());
        if (args.Length > 0 && args[0] == "--name-index")
            return await NameIndexAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400);

        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: [--sizes 100,400,1600] [--rounds 7] [--plain-size 400] [--net-size 400] [--net-rounds 5] [--no-netanalyzers] [--seed 7] [--quick] [--out bench/results/latest.md]");
            return 2;
        }

        var started = DateTime.UtcNow;
        var total = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        Console.WriteLine($"MlSecAnalyzers benchmark: sizes {string.Join(",", settings.Sizes)}, rounds {settings.Rounds}, seed {settings.Seed}{(settings.Quick ? " (quick)" : "")}");

        var mlSec = MlSecAnalyzerSet();
        Console.WriteLine($"MlSecAnalyzers exports {mlSec.Length} analyzers: {string.Join(", ", mlSec.Select(a => a.GetType().Name))}");

        var mlReferences = await References.ResolveAsync(References.Ml);
        var plainReferences = await References.ResolveAsync(References.Plain);

        await WarmUpAsync(mlReferences, mlSec, settings.Seed);

        var results = new List<CorpusResult>();
        foreach (var size in settings.Sizes)
            results.Add(await MeasureAsync(CorpusGenerator.MlWebApp(size, settings.Seed), mlReferences, mlSec, settings.Rounds, DriverOverhead.PackageShapes));
        results.Add(await MeasureAsync(CorpusGenerator.Plain(settings.PlainSize, settings.Seed), plainReferences, mlSec, settings.Rounds));
        results.Add(await MeasureAsync(CorpusGenerator.Pathological(settings.Sizes[0], settings.Seed), mlReferences, mlSec, settings.Rounds));

        NetResult? net = null;
        if (settings.NetAnalyzers)
        {
            var netAnalyzers = NetAnalyzerSet(out var netDescription);
            net = await MeasureAgainstNetAnalyzersAsync(
                CorpusGenerator.MlWebApp(settings.NetSize, settings.Seed), mlReferences, mlSec, netAnalyzers, netDescription, settings.NetRounds);
        }

        var report = Report.Write(settings, results, net, mlSec, started, total.Elapsed, loadBefore, LoadAverage());
        Console.WriteLine();
        Console.WriteLine(report.Verdicts);
        var outPath = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, report.Markdown);
        Console.WriteLine($"Wrote {outPath} ({total.Elapsed.TotalSeconds:0}s)");
        return 0;
    }

    /// <summary>
    /// `--profile [files] [noop | AnalyzerName ...]`: the named MlSecAnalyzers (all when none is named; `noop`: the package's registration shapes, no index form) on the ML corpus, five
    /// rounds (MLSEC_PROFILE_ROUNDS to change), with per-analyzer telemetry and no compile-only side; a target for
    /// `dotnet-trace collect`.
    /// </summary>
    private static async Task<int> ProfileAsync(int files, string[] names)
    {
        // `noop`: the package's registration shapes with empty callbacks, so their telemetry is the driver's floor.
        var analyzers = names is ["noop"]
            ? DriverOverhead.PackageShapes
            : MlSecAnalyzerSet().Where(a => names.Length == 0 || names.Contains(a.GetType().Name)).ToImmutableArray();
        if (analyzers.IsEmpty)
        {
            Console.Error.WriteLine("no analyzer matches " + string.Join(" ", names));
            return 2;
        }

        // MLSEC_PROFILE_PLAIN=1: the plain corpus (no ML/AI reference), for the plain line's budget.
        var plain = Environment.GetEnvironmentVariable("MLSEC_PROFILE_PLAIN") == "1";
        var references = await References.ResolveAsync(plain ? References.Plain : References.Ml);
        var compilation = Create(plain ? CorpusGenerator.Plain(files, 7) : CorpusGenerator.MlWebApp(files, 7), references);
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("MLSEC_PROFILE_ROUNDS"), out var r) ? r : 5;
        // Under a tracer, one analysis per compile: no telemetry pass, no closing listing, so that the analyzers' samples
        // compare with the compiler's one to one (bench/breakdown.py).
        var tracing = Environment.GetEnvironmentVariable("MLSEC_PROFILE_TRACE") == "1";
        for (var round = 0; round < rounds; round++)
        {
            var paused = GC.GetTotalPauseDuration();
            var sample = await RunWithAnalyzersAsync(compilation.Clone(), analyzers, telemetry: !tracing);
            Console.WriteLine($"round {round + 1}: {sample.Wall.TotalMilliseconds:0} ms (CPU {sample.Cpu.TotalMilliseconds:0} ms, "
                + $"{sample.AllocatedBytes / 1048576.0:0} MiB allocated, GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms with the two settling collections), analyzers {sample.AnalyzerTime.TotalMilliseconds:0.0} ms: "
                + string.Join(", ", sample.PerAnalyzer.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalMilliseconds:0.0}")));
        }

        if (tracing)
            return 0;

        // What the corpus reports, with an example of each rule: a change in these counts is a change in behaviour.
        var diagnostics = await compilation.Clone().WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        foreach (var group in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"{group.Key}: {group.Count()}, e.g. {group.First().Location.GetLineSpan()}: {group.First().GetMessage(CultureInfo.InvariantCulture)}");

        return 0;
    }

    /// <summary>
    /// Rounds on the 400-file ML corpus before anything is measured. The analyzers and the compiler start as tier-0
    /// JIT code and reach their optimized tier after tens of calls per method and a background compile; one warm-up
    /// per corpus left the first corpus measured (ml-100) mostly measuring that (its analyzers took longer than
    /// ml-400's in the same run). The compiler server and the IDE keep the analyzers loaded, so the steady state is
    /// what users pay.
    /// </summary>
    private static async Task WarmUpAsync(ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> mlSec, int seed)
    {
        var compilation = Create(CorpusGenerator.MlWebApp(400, seed), references);
        var watch = Stopwatch.StartNew();
        Sample? last = null;
        for (var round = 0; round < WarmUpRounds; round++)
        {
            RunCompileOnly(compilation.Clone());
            last = await RunWithAnalyzersAsync(compilation.Clone(), mlSec);
        }

        Console.WriteLine($"== warm-up: {WarmUpRounds} rounds on ml-400 in {watch.Elapsed.TotalSeconds:0.0} s; last round's analyzers {last!.AnalyzerTime.TotalMilliseconds:0.0} ms");
    }

    private const int WarmUpRounds = 6;

    /// <summary>
    /// `--name-index [files]`: the shared <see cref="SyntaxNameIndex"/> alone, timed directly on 40 fresh compilations of
    /// the ML corpus (building it, then questions of the kinds the trackers ask: route-builder helpers, a pipeline call,
    /// stream copies, and File writers in files that name File). Sampled traces misplace time this small (bench/README.md).
    /// </summary>
    private static async Task<int> NameIndexAsync(int files)
    {
        var references = await References.ResolveAsync(References.Ml);
        var compilation = Create(CorpusGenerator.MlWebApp(files, 7), references);
        string[] names = { "MapPost", "MapGet", "Fit", "LoadFromTextFile", "CreatePredictionEngine", "CopyTo", "Copy", "WriteAllText" };
        var build = new List<double>();
        var questions = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var fresh = compilation.Clone();
            foreach (var tree in fresh.SyntaxTrees)
                tree.GetText(); // parsed once for the corpus; the index reads the texts, not the syntax
            var index = SyntaxNameIndex.For(fresh);
            var watch = Stopwatch.StartNew();
            index.Invocations("Absent", CancellationToken.None); // builds the word table
            build.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var found = 0;
            foreach (var name in names)
                found += index.Invocations(name, CancellationToken.None, alsoNamed: name is "Copy" or "WriteAllText" ? "File" : null).Count;
            questions.Add(watch.Elapsed.TotalMilliseconds);
            if (i == 0)
                Console.WriteLine($"ml-{files}: {found} calls found for {names.Length} names");
        }

        build.Sort();
        questions.Sort();
        Console.WriteLine($"build: least {build[0]:0.00} ms, median {build[build.Count / 2]:0.00} ms; {names.Length} questions: least {questions[0]:0.00} ms, median {questions[questions.Count / 2]:0.00} ms");
        return 0;
    }

    /// <summary>The leading number of <paramref name="args"/>, taken off, or <paramref name="fallback"/>: `--pair noop` is `--pair 400 9 noop`.</summary>
    private static int TakeNumber(ref string[] args, int fallback)
    {
        if (args.Length == 0 || !int.TryParse(args[0], NumberStyles.None, Inv, out var number))
            return fallback;

        args = args.Skip(1).ToArray();
        return number;
    }

    /// <summary>
    /// `--pair [files] [rounds] [noop [index ...] | AnalyzerName ...]`: only the NetAnalyzers pair, with the whole package, some of its
    /// analyzers, or (noop) <see cref="DriverOverhead.PackageShapes"/>, to tell the package's work from what the driver
    /// charges for its registrations.
    /// </summary>
    private static async Task<int> PairAsync(string[] args)
    {
        var names = args;
        var files = TakeNumber(ref names, 400);
        var rounds = TakeNumber(ref names, 9);
        var added = names.Length > 0 && names[0] == "noop"
            ? DriverOverhead.PackageShapes.Where((a, i) => names.Length == 1 || names.Skip(1).Contains(i.ToString(CultureInfo.InvariantCulture))).ToImmutableArray()
            : names.Length > 0 && names[0] == "shape"
            ? names.Skip(1).Where(DriverOverhead.CandidateShapes.ContainsKey).Select(n => DriverOverhead.CandidateShapes[n]).ToImmutableArray()
            : MlSecAnalyzerSet().Where(a => names.Length == 0 || names.Contains(a.GetType().Name)).ToImmutableArray();
        if (added.IsEmpty)
        {
            Console.Error.WriteLine("no analyzer matches " + string.Join(" ", names));
            return 2;
        }

        var references = await References.ResolveAsync(References.Ml);
        if (Environment.GetEnvironmentVariable("MLSEC_PROFILE_TRACE") != "1")
            await WarmUpAsync(references, MlSecAnalyzerSet(), 7);
        var netAnalyzers = NetAnalyzerSet(out var description);
        var result = await MeasureAgainstNetAnalyzersAsync(CorpusGenerator.MlWebApp(files, 7), references, added, netAnalyzers, description, rounds);
        Console.WriteLine($"added {string.Join(", ", added.Select(a => a.GetType().Name))}: wall added (median) {100 * Report.Median(result.WallAdded):0.00} %, CPU added {100 * Report.Median(result.CpuAdded):0.00} %");
        return 0;
    }

    /// <summary>`--driver-overhead [files]`: compilation-level vs symbol-start no-op analyzers, interleaved, 5 rounds.</summary>
    private static async Task<int> DriverOverheadAsync(int files)
    {
        var references = await References.ResolveAsync(References.Ml);
        var compilation = Create(CorpusGenerator.MlWebApp(files, 7), references);
        await RunWithAnalyzersAsync(compilation.Clone(), DriverOverhead.CompilationLevel);
        await RunWithAnalyzersAsync(compilation.Clone(), DriverOverhead.SymbolStart);
        var cpuRatios = new List<double>();
        var wallRatios = new List<double>();
        for (var r = 0; r < 5; r++)
        {
            var compilationLevel = await RunWithAnalyzersAsync(compilation.Clone(), DriverOverhead.CompilationLevel);
            var symbolStart = await RunWithAnalyzersAsync(compilation.Clone(), DriverOverhead.SymbolStart);
            var compileOnly = RunCompileOnly(compilation.Clone());
            cpuRatios.Add((symbolStart.Cpu - compilationLevel.Cpu).TotalMilliseconds / compileOnly.Cpu.TotalMilliseconds);
            wallRatios.Add((symbolStart.Wall - compilationLevel.Wall).TotalMilliseconds / compileOnly.Wall.TotalMilliseconds);
            Console.WriteLine($"  round {r + 1}: compile {compileOnly.Wall.TotalMilliseconds:0} ms / {compileOnly.Cpu.TotalMilliseconds:0} ms CPU; " +
                $"no-op compilation-level {compilationLevel.Wall.TotalMilliseconds:0} ms / {compilationLevel.Cpu.TotalMilliseconds:0} ms CPU (telemetry {compilationLevel.AnalyzerTime.TotalMilliseconds:0.0} ms); " +
                $"no-op symbol-start {symbolStart.Wall.TotalMilliseconds:0} ms / {symbolStart.Cpu.TotalMilliseconds:0} ms CPU (telemetry {symbolStart.AnalyzerTime.TotalMilliseconds:0.0} ms)");
        }

        Console.WriteLine($"symbol-start shape costs, over the compilation-level shape, a median {100 * Report.Median(cpuRatios):0.0} % of compile CPU time ({100 * Report.Median(wallRatios):0.0} % of compile wall time) on ml-{files}");
        return 0;
    }

    public static ImmutableArray<DiagnosticAnalyzer> MlSecAnalyzerSet() =>
        typeof(MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static ImmutableArray<DiagnosticAnalyzer> NetAnalyzerSet(out string description)
    {
        var folder = Path.Combine(References.NuGetRoot, "microsoft.codeanalysis.netanalyzers", References.NetAnalyzersVersion, "analyzers", "dotnet", "cs");
        var loader = new Loader();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var dll in Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            var reference = new AnalyzerFileReference(dll, loader);
            reference.AnalyzerLoadFailed += (_, e) => throw new InvalidOperationException($"NetAnalyzers failed to load from {dll}: {e.ErrorCode} {e.Message}", e.Exception);
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        description = $"Microsoft.CodeAnalysis.NetAnalyzers {References.NetAnalyzersVersion} ({analyzers.Count} analyzers, rules at their default severities)";
        return analyzers.ToImmutable();
    }

    private static CSharpCompilation Create(Corpus corpus, ImmutableArray<MetadataReference> references)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
        var trees = corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, f.Path, Encoding.UTF8));
        var output = corpus.UsesMlLibraries ? OutputKind.ConsoleApplication : OutputKind.ConsoleApplication;
        return CSharpCompilation.Create($"Bench_{corpus.Name}", trees, references,
            new CSharpCompilationOptions(output, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));
    }

    /// <param name="floor">
    /// When not empty, each round also takes the telemetry of these analyzers (the package's registration shapes with
    /// empty callbacks): what the driver charges to the package's time before any rule runs.
    /// </param>
    private static async Task<CorpusResult> MeasureAsync(
        Corpus corpus, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> mlSec, int rounds,
        ImmutableArray<DiagnosticAnalyzer> floor = default)
    {
        Console.WriteLine($"== {corpus.Name}: {corpus.Files.Count} files, {corpus.Files.Sum(f => f.Source.Length) / 1024} KiB");
        var compilation = Create(corpus, references);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors.Take(10))
                Console.Error.WriteLine("  corpus error: " + e);
            throw new InvalidOperationException($"{corpus.Name}: the generated corpus does not compile ({errors.Count} errors).");
        }

        var operations = await OperationCounter.CountAsync(compilation);
        var warm = await RunWithAnalyzersAsync(compilation.Clone(), mlSec);
        RunCompileOnly(compilation.Clone());

        var result = new CorpusResult(corpus.Name, corpus.Files.Count, operations, warm.MlSecDiagnostics);
        for (var r = 0; r < rounds; r++)
        {
            // Alternate the order so drift in machine load hits both sides alike.
            Sample compileOnly, withMlSec;
            if (r % 2 == 0)
            {
                compileOnly = RunCompileOnly(compilation.Clone());
                withMlSec = await RunWithAnalyzersAsync(compilation.Clone(), mlSec);
            }
            else
            {
                withMlSec = await RunWithAnalyzersAsync(compilation.Clone(), mlSec);
                compileOnly = RunCompileOnly(compilation.Clone());
            }

            result.Add(compileOnly, withMlSec);
            if (!floor.IsDefaultOrEmpty)
                result.FloorRatios.Add((await TelemetryOnlyAsync(compilation.Clone(), floor)).TotalMilliseconds / compileOnly.Wall.TotalMilliseconds);
            Console.WriteLine($"  round {r + 1}: compile {compileOnly.Wall.TotalMilliseconds:0} ms, +MlSec {withMlSec.Wall.TotalMilliseconds:0} ms, analyzers {withMlSec.AnalyzerTime.TotalMilliseconds:0.0} ms ({100 * withMlSec.AnalyzerTime.TotalMilliseconds / compileOnly.Wall.TotalMilliseconds:0.00} %): {string.Join(", ", withMlSec.PerAnalyzer.OrderByDescending(p => p.Value).Take(4).Select(p => $"{p.Key} {p.Value.TotalMilliseconds:0.0}"))}");
        }

        return result;
    }

    private static async Task<NetResult> MeasureAgainstNetAnalyzersAsync(
        Corpus corpus, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> mlSec,
        ImmutableArray<DiagnosticAnalyzer> netAnalyzers, string description, int rounds)
    {
        Console.WriteLine($"== NetAnalyzers vs NetAnalyzers + MlSecAnalyzers on {corpus.Name}");
        var compilation = Create(corpus, references);
        var both = netAnalyzers.AddRange(mlSec);
        // Three untimed rounds of each side first: with one, the first timed round ran NetAnalyzers' callbacks still
        // partly in tier-0 JIT code, and "alone" read 30-60 % slower than in later rounds.
        for (var w = 0; w < 3; w++)
        {
            await RunWithAnalyzersAsync(compilation.Clone(), netAnalyzers, telemetry: false);
            await RunWithAnalyzersAsync(compilation.Clone(), both, telemetry: false);
        }

        var result = new NetResult(corpus.Name, description);
        // Under a profiler (MLSEC_PROFILE_TRACE=1) the untimed telemetry passes are skipped, so that every sample of
        // the run belongs to a timed side.
        var telemetry = Environment.GetEnvironmentVariable("MLSEC_PROFILE_TRACE") != "1";
        for (var r = 0; r < rounds; r++)
        {
            Sample alone, together;
            if (r % 2 == 0)
            {
                alone = await RunWithAnalyzersAsync(compilation.Clone(), netAnalyzers, telemetry);
                together = await RunWithAnalyzersAsync(compilation.Clone(), both, telemetry);
            }
            else
            {
                together = await RunWithAnalyzersAsync(compilation.Clone(), both, telemetry);
                alone = await RunWithAnalyzersAsync(compilation.Clone(), netAnalyzers, telemetry);
            }

            var mlSecTime = together.PerAnalyzer.Where(p => mlSec.Any(a => a.GetType().Name == p.Key)).Sum(p => p.Value.TotalMilliseconds);
            result.Add(alone, together, mlSecTime);
            Console.WriteLine($"  round {r + 1}: NetAnalyzers {alone.Wall.TotalMilliseconds:0} ms, + MlSec {together.Wall.TotalMilliseconds:0} ms ({100 * (together.Wall.TotalMilliseconds / alone.Wall.TotalMilliseconds - 1):+0.0;-0.0} %); NetAnalyzers' own time {alone.AnalyzerTime.TotalMilliseconds:0} ms; "
                + $"CPU {alone.Cpu.TotalMilliseconds:0} → {together.Cpu.TotalMilliseconds:0} ms, allocated {alone.AllocatedBytes / 1048576.0:0} → {together.AllocatedBytes / 1048576.0:0} MiB, "
                + $"GC pauses {alone.GcPause.TotalMilliseconds:0} → {together.GcPause.TotalMilliseconds:0} ms, MlSec's own {mlSecTime:0} ms");
        }

        return result;
    }

    private static Sample RunCompileOnly(Compilation compilation)
    {
        Settle();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        var diagnostics = compilation.GetDiagnostics();
        watch.Stop();
        cpu = CpuTime() - cpu;
        GC.KeepAlive(diagnostics);
        return new Sample(watch.Elapsed, cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated, TimeSpan.Zero, new Dictionary<string, TimeSpan>(), 0);
    }

    private static async Task<Sample> RunWithAnalyzersAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool telemetry = true)
    {
        Settle();
        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, a, _) => failures.Add(a.GetType().Name + ": " + e.Message),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
        watch.Stop();
        cpu = CpuTime() - cpu;
        paused = GC.GetTotalPauseDuration() - paused;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        if (!failures.IsEmpty)
            throw new InvalidOperationException("Analyzer threw:\n" + string.Join("\n", failures.Take(5)));

        var perAnalyzer = new Dictionary<string, TimeSpan>();
        var sum = TimeSpan.Zero;
        var mlSecDiagnostics = diagnostics.Count(d => d.Id.StartsWith("MLSEC", StringComparison.Ordinal));
        if (!telemetry)
            return new Sample(watch.Elapsed, cpu, bytes, sum, perAnalyzer, mlSecDiagnostics) { GcPause = paused };

        // Roslyn 4.8 keeps no telemetry for GetAllDiagnosticsAsync: GetAnalysisResultAsync runs the analyzers a second
        // time, alone, on the same compilation (untimed here; its binding is as cold as the first pass's), and the
        // telemetry is that pass's. Measured: one SyntaxNameIndex built per pass, i.e. two per call of this method.
        var analysis = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        foreach (var analyzer in analyzers)
        {
            if (!analysis.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var info))
                info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            var name = analyzer.GetType().Name;
            perAnalyzer[name] = perAnalyzer.TryGetValue(name, out var t) ? t + info.ExecutionTime : info.ExecutionTime;
            sum += info.ExecutionTime;
        }

        return new Sample(watch.Elapsed, cpu, bytes, sum, perAnalyzer, mlSecDiagnostics) { GcPause = paused };
    }

    /// <summary>The analyzers' summed telemetry from one analyzers-only pass, as the telemetry of the timed side is taken.</summary>
    private static async Task<TimeSpan> TelemetryOnlyAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Settle();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
        var analysis = await compilation.WithAnalyzers(analyzers, options).GetAnalysisResultAsync(CancellationToken.None);
        return analyzers.Aggregate(TimeSpan.Zero, (sum, a) => analysis.AnalyzerTelemetryInfo.TryGetValue(a, out var info) ? sum + info.ExecutionTime : sum);
    }

    /// <summary>This process's CPU time: less disturbed by other processes on a shared machine than wall time.</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}

/// <summary>One measured run.</summary>
internal sealed record Sample(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, TimeSpan AnalyzerTime, Dictionary<string, TimeSpan> PerAnalyzer, int MlSecDiagnostics)
{
    /// <summary>GC pause time inside the timed region (every thread stops for it; no analyzer's telemetry sees it whole).</summary>
    public TimeSpan GcPause { get; init; }
}

internal sealed class CorpusResult
{
    public CorpusResult(string name, int files, long operations, int diagnostics)
    {
        Name = name;
        Files = files;
        Operations = operations;
        Diagnostics = diagnostics;
    }

    public string Name { get; }
    public int Files { get; }
    public long Operations { get; }
    public int Diagnostics { get; }
    public List<double> TimeRatios { get; } = new();

    /// <summary>The same telemetry over the compile's CPU time (informational): both sides then count thread time.</summary>
    public List<double> CpuTimeRatios { get; } = new();
    public List<double> WallAdded { get; } = new();
    public List<double> CpuAdded { get; } = new();
    public List<double> CompileMs { get; } = new();
    public List<double> AnalyzerMs { get; } = new();
    public List<double> AddedBytes { get; } = new();

    /// <summary>The no-op shapes' telemetry over compile time, per round (ML corpora only).</summary>
    public List<double> FloorRatios { get; } = new();
    public Dictionary<string, List<double>> PerAnalyzerMs { get; } = new();

    public void Add(Sample compileOnly, Sample withMlSec)
    {
        TimeRatios.Add(withMlSec.AnalyzerTime.TotalMilliseconds / compileOnly.Wall.TotalMilliseconds);
        CpuTimeRatios.Add(withMlSec.AnalyzerTime.TotalMilliseconds / Math.Max(1, compileOnly.Cpu.TotalMilliseconds));
        WallAdded.Add(withMlSec.Wall.TotalMilliseconds / compileOnly.Wall.TotalMilliseconds - 1);
        CpuAdded.Add(withMlSec.Cpu.TotalMilliseconds / Math.Max(1, compileOnly.Cpu.TotalMilliseconds) - 1);
        CompileMs.Add(compileOnly.Wall.TotalMilliseconds);
        AnalyzerMs.Add(withMlSec.AnalyzerTime.TotalMilliseconds);
        AddedBytes.Add(withMlSec.AllocatedBytes - compileOnly.AllocatedBytes);
        foreach (var (name, time) in withMlSec.PerAnalyzer)
        {
            if (!PerAnalyzerMs.TryGetValue(name, out var list))
                PerAnalyzerMs[name] = list = new List<double>();
            list.Add(time.TotalMilliseconds);
        }
    }
}

internal sealed class NetResult
{
    public NetResult(string corpus, string description)
    {
        Corpus = corpus;
        Description = description;
    }

    public string Corpus { get; }
    public string Description { get; }
    public List<double> WallAdded { get; } = new();
    public List<double> CpuAdded { get; } = new();
    public List<double> NetMs { get; } = new();
    public List<double> BothMs { get; } = new();
    public List<double> NetOwnMs { get; } = new();
    public List<double> MlSecOwnMs { get; } = new();

    public void Add(Sample alone, Sample together, double mlSecMs)
    {
        WallAdded.Add(together.Wall.TotalMilliseconds / alone.Wall.TotalMilliseconds - 1);
        CpuAdded.Add(together.Cpu.TotalMilliseconds / Math.Max(1, alone.Cpu.TotalMilliseconds) - 1);
        NetMs.Add(alone.Wall.TotalMilliseconds);
        BothMs.Add(together.Wall.TotalMilliseconds);
        NetOwnMs.Add(alone.AnalyzerTime.TotalMilliseconds);
        MlSecOwnMs.Add(mlSecMs);
    }
}

/// <summary>Counts IOperation nodes once per corpus (every operation block, all descendants), untimed.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class OperationCounter : DiagnosticAnalyzer
{
    private long _count;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        new DiagnosticDescriptor("BENCH0", "count", "count", "bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterOperationBlockAction(block =>
        {
            long n = 0;
            foreach (var root in block.OperationBlocks)
                n += 1 + root.Descendants().LongCount();
            Interlocked.Add(ref _count, n);
        });
    }

    public static async Task<long> CountAsync(Compilation compilation)
    {
        var counter = new OperationCounter();
        await compilation.Clone().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(counter)).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return Interlocked.Read(ref counter._count);
    }
}

internal static class References
{
    public const string NetAnalyzersVersion = "8.0.0";

    public static readonly string NuGetRoot =
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>.NET 8 + ASP.NET Core 8 + the ML/AI libraries a web app serving models uses (and their dependencies).</summary>
    public static readonly ReferenceAssemblies Ml = ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("Microsoft.ML.OnnxRuntime.Managed", "1.31.1"),
        new PackageIdentity("OpenAI", "2.15.0"),
        new PackageIdentity("Azure.AI.OpenAI", "2.1.0"),
        new PackageIdentity("Microsoft.Extensions.AI", "10.11.0")));

    /// <summary>.NET 8 alone: no ML/AI library at all.</summary>
    public static readonly ReferenceAssemblies Plain = ReferenceAssemblies.Net.Net80;

    private static Task? downloaded;

    /// <summary>Resolves <paramref name="set"/> once every set's packages are on disk (<see cref="ReferenceDownloads"/>).</summary>
    public static async Task<ImmutableArray<MetadataReference>> ResolveAsync(ReferenceAssemblies set)
    {
        await (downloaded ??= Task.Run(() => ReferenceDownloads.Complete(typeof(References))));
        return await set.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
    }

    /// <summary>The child's side of <see cref="ResolveAsync"/>.</summary>
    public static int ResolveHere() => ReferenceDownloads.ResolveHere(new[] { Ml, Plain });
}
