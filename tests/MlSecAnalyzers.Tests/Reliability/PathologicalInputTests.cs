using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>
/// Very large and very deep code: analysis finishes without exception or stack overflow on a thread with a normal
/// 1 MB stack, time grows about linearly (4x the input may cost at most <see cref="LinearFactor"/>x the time), and a
/// cancelled analysis stops promptly.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PathologicalInputTests
{
    /// <summary>Generous on purpose: catches quadratic growth (16x) without flaking on a busy machine.</summary>
    private const double LinearFactor = 12;

    /// <summary>Times below this are too small to compare on a shared machine.</summary>
    private static readonly TimeSpan NoiseFloor = TimeSpan.FromMilliseconds(250);

    private const string Usings = """
        using System;
        using System.ClientModel;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using OpenAI;
        using OpenAI.Chat;

        """;

    private readonly ITestOutputHelper _output;

    public PathologicalInputTests(ITestOutputHelper output) => _output = output;

    private static string RandomKey(int length, int seed)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }

    private static string MegabyteLiteral() => Usings + $$"""
        var key = "sk-{{RandomKey(1 << 20, 1)}}";
        var client = new OpenAIClient(new ApiKeyCredential("sk-{{RandomKey(1 << 20, 2)}}"));
        var direct = new ApiKeyCredential(key);
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("api-key", "{{RandomKey(1 << 20, 3)}}");
        var uri = new Uri("https://contoso.openai.azure.com/?api-key={{RandomKey(1 << 20, 4)}}&x=" + key);
        """;

    private static string ConcatenationChain(int parts)
    {
        var builder = new StringBuilder(Usings).Append("const string Key = \"sk-\"");
        for (var i = 0; i < parts; i++)
            builder.Append(" + \"").Append(RandomKey(4, i)).Append('"');
        builder.Append(";\nstring dynamicKey = Environment.MachineName");
        for (var i = 0; i < parts; i++)
            builder.Append(" + Key");
        builder.Append(";\nvar a = new ApiKeyCredential(Key);\nvar b = new ApiKeyCredential(dynamicKey);\n");
        return builder.ToString();
    }

    private static string Interpolation(int holes)
    {
        var builder = new StringBuilder(Usings).Append("const string Part = \"").Append(RandomKey(24, 7)).Append("\";\nvar key = $\"sk-");
        for (var i = 0; i < holes; i++)
            builder.Append("{Part}").Append(i % 2 == 0 ? "x" : "");
        builder.Append("\";\nvar credential = new ApiKeyCredential(key);\n");
        return builder.ToString();
    }

    private static string NestedLambdas(int depth)
    {
        var builder = new StringBuilder(Usings).Append("var app = WebApplication.Create(args);\nFunc<object> f = ");
        for (var i = 0; i < depth; i++)
            builder.Append("() => (Func<object>)(");
        builder.Append("() => new ApiKeyCredential(\"sk-").Append(RandomKey(40, 9)).Append("\")");
        builder.Append(')', depth).Append(";\n");
        builder.Append("app.MapGroup(\"/g\")");
        for (var i = 0; i < depth; i++)
            builder.Append(".MapGroup(\"/g").Append(i).Append("\")");
        builder.Append(".MapPost(\"/predict\", (string input) => input);\n");
        builder.Append("var group0 = app.MapGroup(\"/v\");\n");
        for (var i = 1; i < depth * 4; i++)
            builder.Append("var group").Append(i).Append(" = group").Append(i - 1).Append(".MapGroup(\"/v").Append(i).Append("\");\n");
        builder.Append("group").Append(depth * 4 - 1).Append(".MapPost(\"/chat\", (string prompt) => prompt);\n");
        return builder.ToString();
    }

    internal static string Endpoints(int count)
    {
        var builder = new StringBuilder(Usings).Append("var app = WebApplication.Create(args);\nvar api = app.MapGroup(\"/api\");\nvar chat = new ChatClient(\"gpt-4o\", Environment.GetEnvironmentVariable(\"OPENAI_API_KEY\"));\n");
        for (var i = 0; i < count; i++)
        {
            switch (i % 4)
            {
                case 0: builder.Append("app.MapGet(\"/e").Append(i).Append("\", () => \"ok\");\n"); break;
                case 1: builder.Append("api.MapPost(\"/p").Append(i).Append("\", (string prompt) => chat.CompleteChat(prompt).Value.Content[0].Text);\n"); break;
                case 2: builder.Append("app.MapPost(\"/u").Append(i).Append("\", async (IFormFile file) => await Task.FromResult(file.FileName)).DisableAntiforgery();\n"); break;
                default: builder.Append("app.MapDelete(\"/d").Append(i).Append("/{id}\", (int id) => Results.Ok(id));\n"); break;
            }
        }

        builder.Append("app.Run();\nstatic class Keys { public const string K = \"sk-").Append(RandomKey(40, 11)).Append("\"; static ApiKeyCredential C => new(K); }\n");
        return builder.ToString();
    }

    /// <summary><paramref name="helpers"/> <c>MapN(this WebApplication app)</c> helpers of <paramref name="perHelper"/> endpoints each, called from top-level statements.</summary>
    internal static string EndpointsInHelpers(int helpers, int perHelper)
    {
        var builder = new StringBuilder(Usings).Append("var app = WebApplication.Create(args);\n");
        for (var h = 0; h < helpers; h++)
            builder.Append("app.Map").Append(h).Append("();\n");
        builder.Append("app.Run();\nstatic class Routes\n{\n    static readonly ChatClient Chat = new(\"gpt-4o\", Environment.GetEnvironmentVariable(\"OPENAI_API_KEY\"));\n");
        for (var h = 0; h < helpers; h++)
        {
            builder.Append("    public static void Map").Append(h).Append("(this WebApplication app)\n    {\n");
            for (var i = 0; i < perHelper; i++)
            {
                var n = h * perHelper + i;
                builder.Append(i % 2 == 0
                    ? "        app.MapPost(\"/p" + n + "\", (string prompt) => Chat.CompleteChat(prompt).Value.Content[0].Text);\n"
                    : "        app.MapGet(\"/e" + n + "\", () => \"ok\");\n");
            }

            builder.Append("    }\n");
        }

        return builder.Append("}\n").ToString();
    }

    private static async Task<Compilation> CompileAsync(string source)
    {
        var references = await AnalyzerRunner.GetReferencesAsync();
        return CSharpCompilation.Create(
            "Pathological",
            new[] { CSharpSyntaxTree.ParseText(source, AnalyzerRunner.ParseOptions, "/0/Program.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Runs on a thread with a 1 MB stack, so that unbounded recursion fails here as it would in a real host.</summary>
    private static T OnSmallStack<T>(Func<Task<T>> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work().GetAwaiter().GetResult(); }
            catch (Exception exception) { failure = exception; }
        }, maxStackSize: 1 << 20);
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException("analysis failed", failure);
        return result;
    }

    private async Task<AnalyzerRunner.AnalysisResult> AnalyzeAsync(string name, string source, bool checkCompiles = true)
    {
        var compilation = await CompileAsync(source);
        var compilerErrors = checkCompiles ? compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) : 0;
        var stopwatch = Stopwatch.StartNew();
        var result = OnSmallStack(() => AnalyzerRunner.AnalyzeAsync(compilation, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        _output.WriteLine($"{name}: {source.Length:N0} chars, {compilerErrors} compiler errors, {result.Diagnostics.Length} diagnostics "
            + $"({string.Join(", ", result.Diagnostics.GroupBy(d => d.Id).Select(g => g.Key + " x" + g.Count()))}), "
            + $"analyzers {result.AnalyzerExecutionTime.TotalMilliseconds:F0} ms, wall {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(result.Exceptions.IsEmpty, string.Join("\n", result.Exceptions));
        Assert.Equal(0, compilerErrors);
        return result;
    }

    [Fact]
    public async Task OneMegabyteLiterals_AnalyzeWithoutExceptionOrLeak()
    {
        // Random 1 MB tokens contain placeholder words ("todo", "fake") by chance, so whether they are reported is not
        // the point here: the analyzers must finish, quickly, and put none of the literal into a message.
        var result = await AnalyzeAsync("1 MB literals", MegabyteLiteral());
        Assert.True(result.AnalyzerExecutionTime < TimeSpan.FromSeconds(10), "1 MB literals took " + result.AnalyzerExecutionTime);
        Assert.All(result.Diagnostics, d => Assert.True(d.GetMessage().Length < 1000, "a message carries the literal: " + d.GetMessage().Length));
    }

    [Fact]
    public async Task ConcatenationChains_GrowLinearly() =>
        await AssertLinearAsync("concatenation chain", ConcatenationChain, 1250);

    [Fact]
    public async Task Interpolations_GrowLinearly() =>
        await AssertLinearAsync("interpolation holes", Interpolation, 1250);

    [Fact]
    public async Task NestedLambdasAndGroups_GrowLinearly() =>
        await AssertLinearAsync("nested lambdas and MapGroup chains", NestedLambdas, 50);

    [Fact]
    public async Task ThousandsOfEndpoints_GrowLinearly() =>
        // 500 vs 2,000: a full analysis of 10,000 endpoints costs ~25 s of binding on the 2-core CI machine;
        // the cancellation test below starts one on 10,000.
        await AssertLinearAsync("endpoints", Endpoints, 500);

    private async Task AssertLinearAsync(string name, Func<int, string> generate, int n)
    {
        var small = (await AnalyzeAsync($"{name} n={n}", generate(n))).AnalyzerExecutionTime;
        var large = (await AnalyzeAsync($"{name} n={4 * n}", generate(4 * n), checkCompiles: false)).AnalyzerExecutionTime;
        if (large >= Limit(small))
        {
            // A busy machine can stretch one run: measure both sizes once more and keep each size's faster run.
            // Quadratic growth fails again; a disturbed run does not.
            var smallAgain = (await AnalyzeAsync($"{name} n={n} (again)", generate(n))).AnalyzerExecutionTime;
            var largeAgain = (await AnalyzeAsync($"{name} n={4 * n} (again)", generate(4 * n), checkCompiles: false)).AnalyzerExecutionTime;
            small = smallAgain < small ? smallAgain : small;
            large = largeAgain < large ? largeAgain : large;
        }

        Assert.True(large < Limit(small), $"{name}: {small.TotalMilliseconds:F0} ms for n={n} but {large.TotalMilliseconds:F0} ms for 4n");

        static TimeSpan Limit(TimeSpan small) => TimeSpan.FromTicks((long)(Math.Max(small.Ticks, NoiseFloor.Ticks) * LinearFactor));
    }

    [Fact]
    public async Task Cancellation_StopsAnalysisPromptly()
    {
        // 10,000 endpoints in 100 route-builder helpers: the analyzers' work (endpoints, callers of each helper) is what
        // must stop. One top-level body of 10,000 statements would not do: the compiler binds a method body without
        // looking at the token, so a request landing in that bind (the driver's own compile) waits seconds whatever
        // the analyzers do.
        var compilation = await CompileAsync(EndpointsInHelpers(100, 100));
        using var cancellation = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var analysis = Task.Run(() => AnalyzerRunner.AnalyzeAsync(compilation, cancellationToken: cancellation.Token));
        // The request comes from a thread of its own: the analysis keeps the thread pool busy, and an awaited delay can
        // resume seconds late, after the analysis has finished (seen once in a full run).
        var stopwatch = new Stopwatch();
        var stillRunning = false;
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            stillRunning = !analysis.IsCompleted;
            stopwatch.Start();
            cancellation.Cancel();
        });
        canceller.Start();
        canceller.Join();
        Assert.True(stillRunning, $"analysis of 10,000 endpoints finished within {started.ElapsedMilliseconds} ms: the test would prove nothing");
        var finished = await Task.WhenAny(analysis, Task.Delay(TimeSpan.FromSeconds(5)));
        _output.WriteLine($"cancelled after 100 ms; stopped {stopwatch.ElapsedMilliseconds} ms after the request");
        Assert.Same(analysis, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analysis);
    }
}

/// <summary>
/// The growth and cancellation tests compare times: they run alone, after the parallel test classes, so that other
/// tests of this run do not disturb one size and not the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing-sensitive reliability tests";
}
