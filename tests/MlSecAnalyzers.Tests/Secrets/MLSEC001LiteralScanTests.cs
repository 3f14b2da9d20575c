using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlSecAnalyzers.Infrastructure;
using MlSecAnalyzers.Secrets;
using MlSecAnalyzers.Tests.Reliability;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>
/// MLSEC001/003's literal scan (<see cref="HardcodedCredentialAnalyzer.ScanLiterals"/>: the quotes of a file's text,
/// short regular strings passed over from the text alone) against a syntax-node action on the literal kinds: both run
/// in one driver, and every literal that can hold a key (a value of at least <see cref="KeyFormats.MinimumLength"/>
/// characters) must be visited by both, once, for its own file. Over
/// handwritten shapes that can hide or fake a quote, the test sources, the samples, and the hostile-input variants.
/// </summary>
public sealed class MLSEC001LiteralScanTests
{
    private static readonly string K = TestKeys.OpenAI;
    private static readonly string A = TestKeys.Anthropic;

    private readonly ITestOutputHelper _output;

    public MLSEC001LiteralScanTests(ITestOutputHelper output) => _output = output;

    /// <summary>Handwritten sources (one or more files each), every key placed right after something that can hide, fake or end a quote.</summary>
    internal static ImmutableArray<(string Name, string[] Files)> Shapes { get; } = ImmutableArray.Create<(string, string[])>(
        ("disabled text", new[] { $$"""
            class DisabledText
            {
            #if false
                string s = "unterminated ;
                char c = '"';
                string d = "{{K}}";
            #else
                string e = "z", k0 = "{{K}}";
            #endif
                string k = "{{K}}";
                string z = "z"; string k2 = "{{A}}";
            #if DEBUG // "
                string k3 = "{{K}}";
            #elif "
                string k4 = "{{A}}";
            #endif
            }
            """ }),
        ("directives", new[] { $$"""
            #define X // "
            using System;
            class Directives
            {
            #region "a region with a quote
                string k = "{{K}}";
            #endregion "
            #pragma warning disable CS0168 // "
            #pragma checksum "file.cs" "{406EA660-64CF-4C82-B6F0-42D48172A799}" "ab"
            #warning "unterminated
                string z1 = "z", k1 = "{{A}}";
            #line 200 "other.cs"
                string z2 = "z", k2 = "{{K}}";
            #line (1, 1) - (2, 2) 3 "file.cs"
                string z3 = "z", k3 = "{{A}}";
            #line default
            #line hidden
            #nullable enable // "x
                string z4 = "z", k4 = "{{K}}";
            #error "x
                string z5 = "z", k5 = "{{A}}";
            }
            """ }),
        ("raw strings", new[] { $$$""""""
            class Raw
            {
                string a = """{{{K}}}""", z1 = "z", b = """z""", k1 = "{{{A}}}";
                string c = $$"""{{x}}{{{K}}}""", z2 = "z", k2 = "{{{A}}}";
                static string x = "x";
                string d = """
                    "quoted" "" "{{{K}}}
                    """, z3 = "z", k3 = "{{{A}}}";
                string e = """"" a """" b """ "{{{K}}}" """"", k4 = "{{{A}}}";
                string f = $$"""
                    { "json": "{{x}}", "key": "{{{A}}}" }
                    """, z5 = "z", k5 = "{{{K}}}";
                string g = """{{{K}}}"""u8.Length.ToString(), z6 = "z", k6 = "{{{A}}}";
                string h = $"""{x}"{{{K}}}" """ + "z" + "{{{A}}}";
            }
            """""" }),
        ("interpolated verbatim and nested holes", new[] { $$"""
            class Interpolated
            {
                static int n = 1; static string x = "x";
                string a = $@"a""b{x}{{K}}", z1 = "z", k1 = "{{A}}";
                string b = @$"a""b{x}{{A}}", z2 = "z", k2 = "{{K}}";
                string c = $"{n:000}{x,5}{{K}}{$"{x:N2}{$"{{A}}"}"}", z3 = "z", k3 = "{{A}}";
                string d = $"{'"'}{{K}}", z4 = "z", k4 = "{{A}}";
                string e = $"{("\"")}{{K}}{x}", z5 = "z", k5 = "{{A}}";
                string f = $@"
                    multi ""line"" // not a comment '
                    {x}{{K}}", z6 = "z", k6 = "{{A}}";
                string g = $"{n:"abc"}{{K}}", k7 = "{{A}}";
                string h = $"{x}" + "z" + $"{x}{{K}}" + "z" + "{{A}}";
            }
            """ }),
        ("character literals", new[] { $$"""
            class Chars
            {
                char a = '"'; string k1 = "{{K}}";
                char b = '\''; string z2 = "z", k2 = "{{A}}";
                char c = '\\'; string z3 = "z", k3 = "{{K}}";
                char d = '\"'; string z4 = "z", k4 = "{{A}}";
                string e = "" + '"' + "{{K}}" + '"' + "z" + "{{A}}";
                string f = "'" + "{{K}}", g = "\"'" + "{{A}}";
                char h = '""'; string k5 = "{{K}}";
                char i = '; string k6 = "{{A}}";
            }
            """ }),
        ("comments and comment markers in strings", new[] { $$"""
            class Comments
            {
                string a = "*/"; /* " */ string k1 = "{{K}}";
                string b = "/*", k2 = "{{A}}"; string c = "*/";
                string d = "//", k3 = "{{K}}";
                string e = "// \" ", k4 = "{{A}}"; // "
                /// <summary>"</summary>
                /// <param name="x">"{{K}}"</param>
                string f = "z", k5 = "{{K}}";
                string g = "a" /* "b" */ + "{{A}}" // "
                    + "{{K}}";
            }
            """ }),
        ("escapes", new[] { $$"""
            class Escapes
            {
                string a = "\\", k1 = "{{K}}";
                string b = "\\\\", k2 = "{{A}}";
                string c = "a\\" + "{{K}}";
                string d = "\"", k4 = "{{A}}";
                string e = "\\\"", k5 = "{{K}}";
                string f = "\t\t\t\t\t\t\t\t\t\t", k6 = "{{A}}";
                string g = "\u0022\x22", k7 = "{{K}}";
                string h = "abcdefghijklmnopqrs", i = "abcdefghijklmnopqrst", j = "abcdefghijklmnopqrstu";
                string l = "", k8 = "{{A}}", m = "", n = "" + "{{K}}";
            }
            """ }),
        ("UTF-8 literals", new[] { $$"""
            class Utf8
            {
                System.ReadOnlySpan<byte> A => "{{K}}"u8;
                System.ReadOnlySpan<byte> B => "z"u8;
                System.ReadOnlySpan<byte> C => "{{A}}"U8;
                System.ReadOnlySpan<byte> D => @"{{K}}"u8;
                System.ReadOnlySpan<byte> E => "z"u8 + "{{A}}"u8;
            }
            """ }),
        ("unterminated string at end of line", new[] { $$"""
            class Unterminated
            {
                string a = "abc
                string k1 = "{{K}}";
                string b = "abcdefghijklmnopqrstuvwxyz
                string k2 = "{{A}}";
                string c = @"abc
                ", k3 = "{{K}}";
                string d = $"abc {b
                string k4 = "{{A}}";
            }
            """ }),
        ("unterminated key at end of file", new[] { $$"""
            class EndOfFile
            {
                string k = "{{K}}
            """ }),
        ("unterminated short string at end of file", new[] { """
            class EndOfFileShort
            {
                string k = "ab
            """ }),
        ("unterminated raw string", new[] { $$""""
            class RawOpen
            {
                string a = """
                string k1 = "{{K}}";
            }
            class After { string k2 = "{{A}}"; }
            """" }),
        ("unterminated interpolation", new[] { $$"""
            class InterpolationOpen
            {
                static string x = "x";
                string a = $"{x
                string k1 = "{{K}}";
                string b = $"{x}{{A}}
                string k2 = "{{K}}";
            }
            """ }),
        ("file-scoped namespace, records, primary constructors", new[] { $$"""
            namespace Shapes;
            public record R(string Key = "{{K}}", string Z = "z")
            {
                public string K2 { get; init; } = "{{A}}";
            }
            public record struct RS(string Key = "{{A}}");
            public readonly record struct RRS(string Key = "z", string K2 = "{{K}}");
            public class Base(string key) { public string Key => key; }
            public class P(string key = "{{K}}") : Base("{{A}}")
            {
                string k = key + "{{K}}";
            }
            public struct S(string key = "{{A}}") { }
            public record D(string Z) : R("{{K}}");
            """ }),
        ("top-level statements", new[] { $$"""
            using System;
            using System.Reflection;
            [assembly: AssemblyMetadata("k", "{{K}}")]
            [module: System.Obsolete("{{A}}")]
            "{{K}}".ToString();
            var z = "z" + "{{A}}";
            Func<string, string> f = (string s = "{{K}}") => s + "{{A}}";
            static string Local(string s = "{{K}}") => s + "{{A}}";
            [Obsolete("{{K}}")] static void Attributed() { }
            if (z is "{{A}}") { }
            class AfterStatements { string k = "{{K}}"; }
            """ }),
        ("partial types across files", new[] { $$"""
            partial class Partial
            {
                string k1 = "{{K}}";
                partial class Inner { string k2 = "{{A}}"; }
            }
            """, $$"""
            // "
            [System.Obsolete("{{K}}")]
            partial class Partial
            {
                string z = "z", k3 = "{{A}}";
                partial class Inner { string k4 = "{{K}}"; }
            }
            """ }),
        ("enums and delegates", new[] { $$"""
            using System;
            using System.ComponentModel;
            [Description("{{K}}")]
            enum E { [Description("{{A}}")] A = 1, [Obsolete("z")] B, [Obsolete("{{K}}")] C }
            enum Bad { A = "{{A}}" }
            delegate void D(string k = "{{K}}");
            [Obsolete("{{A}}")] delegate void D2([Description("{{K}}")] string k);
            class Holder
            {
                enum Nested { [Description("{{A}}")] X }
                delegate string NestedD(string k = "{{K}}");
                string after = "{{A}}";
            }
            """ }),
        ("attributes on types, members and parameters", new[] { $$"""
            using System;
            using System.ComponentModel;
            [Description("{{K}}"), Obsolete(Message = "z")]
            [Obsolete("{{A}}")]
            class Attributed<[Description("{{K}}")] T> where T : class
            {
                [return: Description("{{A}}")]
                [Description("{{K}}")]
                string M<[Description("{{A}}")] U>([Description("{{K}}")] string p = "{{A}}") where U : struct => p;
                [field: Description("{{K}}")] public string P { get; } = "{{A}}";
                [Description("z")] [Description("{{K}}")] event EventHandler Ev { add { var k = "{{A}}"; } remove { } }
            }
            """ }),
        ("nested types", new[] { $$"""
            class Outer
            {
                string o1 = "{{K}}";
                class Inner
                {
                    string i1 = "{{A}}";
                    struct Deep { string d1 = "{{K}}"; public Deep() { } interface I { string M() => "{{A}}"; } }
                    string i2 = "{{K}}";
                }
                string o2 = "{{A}}";
                record Rec(string K = "{{K}}") { string r = "{{A}}"; }
                string o3 = "z", o4 = "{{K}}";
                /* " */ class AfterComment { string c = "{{A}}"; } string o5 = "{{K}}";
            }
            """ }),
        ("members, local functions, lambdas", new[] { $$"""
            using System;
            using System.Collections.Generic;
            class Members
            {
                Members() : this("{{K}}") { }
                Members(string k) { var x = "z" + "{{A}}"; }
                static Members() { var s = "{{K}}"; }
                ~Members() { var s = "{{A}}"; }
                string this[string k = "{{K}}"] => "{{A}}";
                public static implicit operator string(Members m) => "{{K}}";
                public static Members operator +(Members m, string s) => new("{{A}}");
                string M(object o)
                {
                    string Local(string s = "{{K}}") => s + "{{A}}";
                    Func<string, string> f = s => s + "{{K}}";
                    Func<string, string> g = (string s = "{{A}}") => s;
                    List<string> l = ["{{K}}", "z", "{{A}}"];
                    switch (o) { case "{{K}}": break; }
                    var r = o switch { "{{A}}" => "{{K}}", _ => "z" };
                    return o is "{{A}}" ? Local() : f("{{K}}") + $"{nameof(o)}{{A}}" + __arglist("{{K}}");
                }
            }
            class Derived : Members2 { Derived() : base("{{K}}") { } }
            class Members2 { public Members2(string s) { } }
            interface IDefault { string M() => "{{A}}"; static abstract string S { get; } }
            """ }),
        ("long concatenation of short strings", new[] { $$"""
            class Long
            {
                string a = "aa" + "bb" + "cc" + "dd" + "ee" + "ff" + "gg" + "hh" + "ii" + "jj" + "{{K}}" + "kk" + "ll" + "{{A}}";
                string b = "a" + 1 / 2 + "b" + "{{K}}";
            }
            """ }),
        ("adjacent and odd strings", new[] { $$""""
            class Adjacent
            {
                string a = "z""{{K}}";
                string b = "z"+@"{{A}}";
                string c = "z"+$"{{K}}";
                string d = "z"+"""{{A}}""";
                string e = $ "z" + "{{K}}";
                string f = @ "z" + "{{A}}";
                string g = "z" "" "{{K}}" "" "{{A}}";
            }
            """" }),
        ("unicode line terminators", new[] { $$"""
            class LineTerminators
            {
                string a = "ab{{"\u2028"}}string k1 = "{{K}}", z1 = "z";
                string b = "ab{{"\u2029"}}string k2 = "{{A}}", z2 = "z";
                string c = "ab{{"\u0085"}}string k3 = "{{K}}", z3 = "z";
                string d = "ab{{"\r"}}string k4 = "{{A}}", z4 = "z";
            }
            """ }),
        ("types in odd places", new[] { $$"""
            class WithNamespace
            {
                namespace N { class D { string k1 = "{{K}}"; } }
                string k2 = "{{A}}";
            }
            class WithLocalClass
            {
                void M() { class L { string k3 = "{{K}}"; } var k4 = "{{A}}"; }
                string k5 = "{{K}}";
            }
            namespace Statements
            {
                var k6 = "{{A}}";
                void Method() { var k7 = "{{K}}"; }
                class InNamespace { string k8 = "{{A}}"; }
            }
            string TopLevelMethodLike() => "{{K}}";
            class AfterAll { string k9 = "{{A}}"; }
            """ }),
        ("statements after a type", new[] { $$"""
            class First { string k1 = "{{K}}"; }
            var k2 = "{{A}}";
            class Second { string k3 = "{{K}}"; }
            System.Console.WriteLine("{{A}}");
            """ }),
        ("half-typed members", new[] { $$"""
            class HalfTyped
            {
                string a = "{{K}}" +
                void M() { var s = "z" + ; var k = "{{A}}" }
                string b = [ "{{K}}", ;
                [Obsolete("{{A}}"
                string c = "{{K}}";
                string d = $"{"{{A}}"
            """ }));

    [Fact]
    public async Task MLSEC001LiteralScan_VisitsWhatTheNestedSyntaxActionVisited_OnHandwrittenShapes()
    {
        var report = new Report();
        foreach (var (name, files) in Shapes)
        {
            await CompareAsync(name, files, report);
            // The scan falls back in step at a key's closing quote when it lost count before it; a short string after
            // the key on the same line keeps it out of step, so a quote it misreads shows as a missed key.
            await CompareAsync(name + " (short string after each key)", files.Select(WithShortStringAfterKeys).ToArray(), report);
        }

        _output.WriteLine(report.Summary());
        Assert.True(report.Discrepancies.Count == 0, report.Describe());
    }

    /// <summary>
    /// The same shapes in texts that are not one string, as the compiler reads a file of 40K characters or more and as an
    /// editor snapshot is: every declaration is then less than half of its file and the scan copies only its own text
    /// (content[i] is the file's character at the declaration's start + i), including the top-level statements' unit
    /// after a long header comment.
    /// </summary>
    [Fact]
    public async Task MLSEC001LiteralScan_VisitsWhatTheNestedSyntaxActionVisited_InTextsThatAreNotOneString()
    {
        var pad = string.Concat(Enumerable.Repeat("// padding padding padding padding padding padding padding padding\n", 700));
        Assert.True(pad.Length > 40_000);
        // Roslyn's text of one string is StringText; the others (a large text's chunks, an edited text's pieces) copy
        // what they are asked for, which is what this test is about.
        Assert.NotEqual("StringText", FromStream(pad).GetType().Name);
        Assert.NotEqual("StringText", Edited(pad.Substring(0, 2000), "class C { }").GetType().Name);
        var report = new Report();
        foreach (var (name, files) in Shapes)
        {
            // Read from a stream: a large text in chunks, the padding before the declarations or after them.
            await CompareAsync(name + " (large text, padded before)", files.Select(f => FromStream(pad + f)).ToArray(), report);
            await CompareAsync(name + " (large text, padded after)", files.Select(f => FromStream(f + "\n" + pad)).ToArray(), report);
            // An edited text: a text over the original's pieces and the change.
            await CompareAsync(name + " (edited text)", files.Select(f => Edited("// an edit\n" + pad.Substring(0, 2000), f)).ToArray(), report);
        }

        _output.WriteLine(report.Summary());
        Assert.True(report.Discrepancies.Count == 0, report.Describe());

        static SourceText FromStream(string text)
        {
            using var stream = new System.IO.MemoryStream(Encoding.UTF8.GetBytes(text));
            return SourceText.From(stream, Encoding.UTF8);
        }

        static SourceText Edited(string header, string text) =>
            SourceText.From(text).WithChanges(new TextChange(new TextSpan(0, 0), header));
    }

    [Fact]
    public async Task MLSEC001LiteralScan_VisitsWhatTheNestedSyntaxActionVisited_OnTheCorpusAndItsHostileVariants()
    {
        var stopwatch = Stopwatch.StartNew();
        // Every unmutated source and every third variant, as the hostile-input test's reduced modes run them (all of
        // them, 18 536 when this was written, take two minutes on two cores and showed nothing more).
        var work = FuzzRun.Variants().Where((v, i) => v.Variant.Description == "unmutated" || i % 3 == 0).ToList();
        var report = new Report();
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (item, _) => await CompareAsync($"{item.Source.Origin} / {item.Variant.Description}", new[] { item.Variant.Text }, report));

        _output.WriteLine($"{work.Count} variants in {stopwatch.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine(report.Summary());
        Assert.True(work.Count > 2500, "the corpus and its variants should be found: " + work.Count);
        Assert.True(report.Discrepancies.Count == 0, report.Describe());
    }

    private static string WithShortStringAfterKeys(string text) =>
        text.Replace($"\"{K}\"", $"\"{K}\" + \"z\"", StringComparison.Ordinal).Replace($"\"{A}\"", $"\"{A}\" + \"z\"", StringComparison.Ordinal);

    private static Task CompareAsync(string name, string[] files, Report report) =>
        CompareAsync(name, files.Select(f => SourceText.From(f)).ToArray(), report);

    private static async Task CompareAsync(string name, SourceText[] texts, Report report)
    {
        var files = texts.Select(t => t.ToString()).ToArray();
        var trees = texts.Select((text, i) => CSharpSyntaxTree.ParseText(text, AnalyzerRunner.ParseOptions, $"/0/File{i}.cs")).ToArray();
        // No references: the scan reads syntax, and which type a declaration belongs to does not depend on them.
        var compilation = CSharpCompilation.Create("Scanned", trees, Array.Empty<MetadataReference>(), new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var recorder = new Recorder();
        var result = await AnalyzerRunner.AnalyzeAsync(compilation, analyzers: ImmutableArray.Create<DiagnosticAnalyzer>(recorder), concurrentAnalysis: false);
        report.Add(name, files, recorder, result.Exceptions);
    }

    /// <summary>Can the literal hold a key: the scan may pass over a shorter one from its text alone.</summary>
    private static bool CanHoldKey(SyntaxNode node) => node switch
    {
        LiteralExpressionSyntax literal => literal.Token.ValueText.Length >= KeyFormats.MinimumLength,
        InterpolatedStringTextSyntax text => text.TextToken.ValueText.Length >= KeyFormats.MinimumLength,
        _ => true,
    };

    /// <summary>
    /// A syntax-node action on the literal kinds and the scan of each file, side by side in one driver run.
    /// </summary>
#pragma warning disable RS1001, RS2008 // a test analyzer, run by hand
    private sealed class Recorder : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("SCAN0001", "Unused", "Unused", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public ConcurrentQueue<(SyntaxTree Tree, SyntaxNode Node)> Old { get; } = new();

        public ConcurrentQueue<(SyntaxTree Tree, SyntaxNode Node)> New { get; } = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterSyntaxNodeAction(
                c => Old.Enqueue((c.Node.SyntaxTree, c.Node)),
                SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression, SyntaxKind.InterpolatedStringText);
            context.RegisterSyntaxTreeAction(c => HardcodedCredentialAnalyzer.ScanLiterals(c.Tree, node => New.Enqueue((c.Tree, node)), c.CancellationToken));
        }
    }
#pragma warning restore RS1001, RS2008

    private sealed class Report
    {
        private int _sources;
        private int _compared;
        private int _shortPassedOver;

        public ConcurrentQueue<string> Discrepancies { get; } = new();

        public void Add(string name, string[] files, Recorder recorder, ImmutableArray<string> exceptions)
        {
            System.Threading.Interlocked.Increment(ref _sources);
            foreach (var exception in exceptions)
                Discrepancies.Enqueue($"{name}: threw {exception}");

            var old = Count(recorder.Old.Where(v => CanHoldKey(v.Node)));
            var scanned = Count(recorder.New);
            System.Threading.Interlocked.Add(ref _compared, old.Count);
            System.Threading.Interlocked.Add(ref _shortPassedOver, recorder.Old.Count(v => !CanHoldKey(v.Node)) - recorder.New.Count(v => !CanHoldKey(v.Node)));
            foreach (var key in old.Keys.Union(scanned.Keys, new VisitComparer()))
            {
                old.TryGetValue(key, out var before);
                scanned.TryGetValue(key, out var now);
                // A short literal the scan reads anyway costs time, not a finding; one that can hold a key must be read as before.
                if (before != now && (CanHoldKey(key.Node) || now > 1))
                    Discrepancies.Enqueue($"{name}: {key.Node.Kind()} at {Where(key.Node)}: syntax action {before}x, scan {now}x\n    {Excerpt(key.Node)}");
            }
        }

        private static Dictionary<(SyntaxTree Tree, SyntaxNode Node), int> Count(IEnumerable<(SyntaxTree Tree, SyntaxNode Node)> visits)
        {
            var counts = new Dictionary<(SyntaxTree, SyntaxNode), int>(new VisitComparer());
            foreach (var visit in visits)
                counts[visit] = counts.TryGetValue(visit, out var n) ? n + 1 : 1;
            return counts;
        }

        private static string Where(SyntaxNode node)
        {
            var line = node.GetLocation().GetLineSpan();
            return $"{line.Path}({line.StartLinePosition.Line + 1},{line.StartLinePosition.Character + 1})";
        }

        private static string Excerpt(SyntaxNode node)
        {
            var text = node.SyntaxTree.GetText();
            var line = text.Lines.GetLineFromPosition(node.SpanStart).ToString().Trim();
            return line.Length > 160 ? line.Substring(0, 160) + "…" : line;
        }

        public string Summary() =>
            $"{_sources} sources, {_compared} literal visits that can hold a key compared, {_shortPassedOver} short literals passed over, {Discrepancies.Count} discrepancies";

        public string Describe()
        {
            var builder = new StringBuilder(Summary()).Append(":\n");
            foreach (var discrepancy in Discrepancies.Take(40))
                builder.Append(discrepancy).Append('\n');
            return builder.ToString();
        }
    }

    private sealed class VisitComparer : IEqualityComparer<(SyntaxTree Tree, SyntaxNode Node)>
    {
        public bool Equals((SyntaxTree Tree, SyntaxNode Node) x, (SyntaxTree Tree, SyntaxNode Node) y) =>
            x.Tree == y.Tree
            && x.Node.SyntaxTree == y.Node.SyntaxTree && x.Node.Span == y.Node.Span && x.Node.RawKind == y.Node.RawKind;

        // Red nodes may be rebuilt between two reads of a tree: a node is its tree, span and kind.
        public int GetHashCode((SyntaxTree Tree, SyntaxNode Node) obj) =>
            HashCode.Combine(obj.Tree, obj.Node.SyntaxTree, obj.Node.Span, obj.Node.RawKind);
    }
}
