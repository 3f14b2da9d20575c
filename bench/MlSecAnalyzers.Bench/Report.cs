using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Bench;

internal sealed class Settings
{
    public int[] Sizes { get; private set; } = { 100, 400, 1600 };
    public int Rounds { get; private set; } = 7;
    public int PlainSize { get; private set; } = 400;
    public int NetSize { get; private set; } = 400;
    public int NetRounds { get; private set; } = 5;
    public bool NetAnalyzers { get; private set; } = true;
    public int Seed { get; private set; } = 7;
    public bool Quick { get; private set; }
    public string Out { get; private set; } = "bench/results/latest.md";
    public string CommandLine { get; private set; } = "";

    public static Settings? Parse(string[] args)
    {
        var s = new Settings { CommandLine = string.Join(" ", args) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
            switch (args[i])
            {
                case "--sizes": s.Sizes = Next().Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--rounds": s.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--plain-size": s.PlainSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--net-size": s.NetSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--net-rounds": s.NetRounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-netanalyzers": s.NetAnalyzers = false; break;
                case "--seed": s.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": s.Out = Next(); break;
                case "--quick":
                    s.Quick = true;
                    s.Sizes = new[] { 100, 400 };
                    s.Rounds = 3;
                    s.PlainSize = 200;
                    s.NetSize = 200;
                    s.NetRounds = 3;
                    break;
                default: return null;
            }
        }

        return s.Sizes.Length == 0 || s.Rounds < 1 ? null : s;
    }
}

internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Pct(double ratio) => (100 * ratio).ToString("0.00", Inv) + " %";

    public static (string Markdown, string Verdicts) Write(
        Settings settings, List<CorpusResult> results, NetResult? net, ImmutableArray<DiagnosticAnalyzer> mlSec,
        DateTime started, TimeSpan elapsed, string loadBefore, string loadAfter)
    {
        var md = new StringBuilder();
        var verdicts = new StringBuilder();
        var ml = results.Where(r => r.Name.StartsWith("ml-", StringComparison.Ordinal)).ToList();
        var plain = results.Single(r => r.Name.StartsWith("plain-", StringComparison.Ordinal));

        void Verdict(string line, bool pass)
        {
            var text = $"{(pass ? "PASS" : "FAIL")}  {line}";
            verdicts.AppendLine(text);
            md.AppendLine($"| {(pass ? "PASS" : "**FAIL**")} | {line} |");
        }

        md.AppendLine("# MlSecAnalyzers benchmark results");
        md.AppendLine();
        md.AppendLine($"Command: `dotnet run -c Release --project bench/MlSecAnalyzers.Bench -- {settings.CommandLine}`".Replace(" -- `", "`"));
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine($"- Date (UTC): {started:yyyy-MM-dd HH:mm}; run took {elapsed.TotalSeconds:0} s");
        md.AppendLine($"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}); logical processors: {Environment.ProcessorCount}");
        md.AppendLine($"- Runtime: {RuntimeInformation.FrameworkDescription}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        md.AppendLine($"- Compiler: Microsoft.CodeAnalysis.CSharp {typeof(CSharpCompilation).Assembly.GetName().Version} (the version the analyzers build against)");
        md.AppendLine($"- Load average (1/5/15 min, runnable/total, last pid) before: `{loadBefore}`, after: `{loadAfter}`");
        md.AppendLine("- The machine is shared with other engineers' builds: figures are noisy. Every figure below is the median of");
        md.AppendLine("  per-round values, each round running both sides back to back in alternating order.");
        md.AppendLine($"- Analyzers measured ({mlSec.Length}, every DiagnosticAnalyzer the MlSecAnalyzers assembly exports): {string.Join(", ", mlSec.Select(a => a.GetType().Name))}");
        md.AppendLine();

        md.AppendLine("## Budget (issue 7)");
        md.AppendLine();
        md.AppendLine("| Verdict | Budget line |");
        md.AppendLine("|---|---|");
        foreach (var r in ml)
        {
            var ratio = Median(r.TimeRatios);
            Verdict($"{r.Name}: MlSecAnalyzers execution time / compile time = {Pct(ratio)} (budget ≤ 2 %)", ratio <= 0.02);
        }

        if (ml.Count >= 2)
        {
            var small = ml.First();
            var large = ml.Last();
            var growth = Median(large.TimeRatios) / Median(small.TimeRatios);
            Verdict($"linear growth: ratio at {large.Files} files / ratio at {small.Files} files = {growth.ToString("0.00", Inv)}x (budget ≤ 1.2x)", growth <= 1.2);
        }

        var plainRatio = Median(plain.TimeRatios);
        Verdict($"{plain.Name} (no ML/AI references): execution time / compile time = {Pct(plainRatio)} (budget ≤ 0.2 %)", plainRatio <= 0.002);
        if (net is not null)
        {
            var added = Median(net.WallAdded);
            Verdict($"{net.Corpus}: wall time added over NetAnalyzers alone = {Pct(added)} (budget ≤ 5 %)", added <= 0.05);
        }

        md.AppendLine();
        md.AppendLine("## Per corpus (medians)");
        md.AppendLine();
        md.AppendLine("| Corpus | Files | Operations | MLSEC diagnostics | Compile (ms) | MlSec execution (ms) | Execution / compile | (least-disturbed round) | Execution / compile CPU | Wall added (compile → compile + MlSec) | CPU added | Allocations added | Bytes per operation |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var bytes = Median(r.AddedBytes);
            md.AppendLine(
                $"| {r.Name} | {r.Files} | {r.Operations} | {r.Diagnostics} | {Median(r.CompileMs).ToString("0", Inv)} | {Median(r.AnalyzerMs).ToString("0.0", Inv)} | " +
                $"{Pct(Median(r.TimeRatios))} | {Pct(r.TimeRatios.Min())} | {Pct(Median(r.CpuTimeRatios))} | {Pct(Median(r.WallAdded))} | {Pct(Median(r.CpuAdded))} | {(bytes / (1024 * 1024)).ToString("0.0", Inv)} MiB | {(bytes / Math.Max(1, r.Operations)).ToString("0", Inv)} |");
        }

        md.AppendLine();
        md.AppendLine("\"Wall added\" compares `Compilation.GetDiagnostics()` with `CompilationWithAnalyzers.GetAllDiagnosticsAsync()`; it");
        md.AppendLine("includes the analyzer driver's own overhead (building the event queue, binding every body for operation callbacks),");
        md.AppendLine("which any analyzer at all pays, and is dominated by noise at these sizes. \"CPU added\" is the same comparison in this");
        md.AppendLine("process's CPU time, less disturbed by other processes. \"Allocations added\" is the difference in");
        md.AppendLine("`GC.GetTotalAllocatedBytes(true)` between the two sides, driver included; bytes per operation divides it by the");
        md.AppendLine("number of IOperation nodes in the corpus (counted once, untimed).");
        md.AppendLine();
        md.AppendLine("\"Execution / compile CPU\" (informational; the budget lines use wall time) divides the same telemetry by the");
        md.AppendLine("compile's CPU time. The telemetry sums each callback's time, and callbacks run on both cores at once, so it is");
        md.AppendLine("thread time; the compile's wall time is shorter than its thread time by about the number of cores it keeps busy.");
        md.AppendLine();

        // The compiler skips an analyzer whose rules are all Info or hidden unless it writes a SARIF log ("we only
        // support filtering out Hidden and Info severities during build", Roslyn's SeverityFilter): what `dotnet build`
        // runs is the analyzers with a Warning or Error rule. Informational; the budget lines above count all of them.
        var build = mlSec
            .Where(a => a.SupportedDiagnostics.Any(d => d.DefaultSeverity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning))
            .Select(a => a.GetType().Name)
            .ToList();
        md.AppendLine("## What a command-line build runs (informational)");
        md.AppendLine();
        md.AppendLine("Without a SARIF log the compiler skips an analyzer whose rules are all Info or hidden, so at default severities `dotnet build` runs");
        md.AppendLine($"{build.Count} of the {mlSec.Length} analyzers ({string.Join(", ", build)}); the IDE runs all of them. Their time, per round,");
        md.AppendLine("over the same compile time (median, least-disturbed round). A lower bound: the telemetry comes from the run with all of");
        md.AppendLine("them, and endpoint work the two endpoint analyzers share is charged to whichever runs it first.");
        md.AppendLine();
        md.AppendLine("| Corpus | Build's analyzers / compile | (least-disturbed round) |");
        md.AppendLine("|---|---:|---:|");
        foreach (var r in results)
        {
            var ratios = Enumerable.Range(0, r.CompileMs.Count)
                .Select(i => build.Sum(name => r.PerAnalyzerMs.TryGetValue(name, out var times) && i < times.Count ? times[i] : 0) / r.CompileMs[i])
                .ToList();
            md.AppendLine($"| {r.Name} | {Pct(Median(ratios))} | {Pct(ratios.Min())} |");
        }

        md.AppendLine();

        md.AppendLine("## The driver's floor (informational)");
        md.AppendLine();
        md.AppendLine("Each round also runs one no-op analyzer per package analyzer, with the same registrations (kinds, scopes, generated-code");
        md.AppendLine("flags; `DriverOverhead.PackageShapes`), analyzers only, and takes its telemetry: what the driver charges to the package's");
        md.AppendLine("execution time for its callbacks before any rule does work. The rules' own share is the difference (medians, so approximate).");
        md.AppendLine();
        md.AppendLine("| Corpus | No-op shapes / compile | (least-disturbed round) | MlSecAnalyzers / compile | Difference |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in results.Where(r => r.FloorRatios.Count > 0))
            md.AppendLine($"| {r.Name} | {Pct(Median(r.FloorRatios))} | {Pct(r.FloorRatios.Min())} | {Pct(Median(r.TimeRatios))} | {Pct(Median(r.TimeRatios) - Median(r.FloorRatios))} |");
        md.AppendLine();

        md.AppendLine("## Slowest analyzers (median execution time, largest ML corpus and pathological corpus)");
        md.AppendLine();
        foreach (var r in new[] { ml.Last(), results.Last() })
        {
            md.AppendLine($"- {r.Name}: " + string.Join("; ", r.PerAnalyzerMs
                .Select(p => (p.Key, Ms: Median(p.Value)))
                .OrderByDescending(p => p.Ms)
                .Take(5)
                .Select(p => $"{p.Key} {p.Ms.ToString("0.0", Inv)} ms ({Pct(p.Ms / Median(r.CompileMs))})")));
        }

        if (net is not null)
        {
            md.AppendLine();
            md.AppendLine("## NetAnalyzers alone vs NetAnalyzers + MlSecAnalyzers");
            md.AppendLine();
            md.AppendLine($"{net.Description}, loaded from the package's analyzers/dotnet/cs folder; corpus {net.Corpus}; interleaved rounds.");
            md.AppendLine();
            md.AppendLine("| NetAnalyzers alone (ms) | NetAnalyzers + MlSec (ms) | Wall added | CPU added | NetAnalyzers' own execution (ms) | MlSec's own execution in the pair (ms) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|");
            md.AppendLine($"| {Median(net.NetMs).ToString("0", Inv)} | {Median(net.BothMs).ToString("0", Inv)} | {Pct(Median(net.WallAdded))} | {Pct(Median(net.CpuAdded))} | {Median(net.NetOwnMs).ToString("0", Inv)} | {Median(net.MlSecOwnMs).ToString("0.0", Inv)} |");
        }

        md.AppendLine();
        md.AppendLine("## Per-round values");
        md.AppendLine();
        foreach (var r in results)
            md.AppendLine($"- {r.Name}: execution/compile {string.Join(", ", r.TimeRatios.Select(Pct))}; wall added {string.Join(", ", r.WallAdded.Select(Pct))}");
        if (net is not null)
            md.AppendLine($"- NetAnalyzers pair ({net.Corpus}): wall added {string.Join(", ", net.WallAdded.Select(Pct))}");

        return (md.ToString(), verdicts.ToString());
    }
}
