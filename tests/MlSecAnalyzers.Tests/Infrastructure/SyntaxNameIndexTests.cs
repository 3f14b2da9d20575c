using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

/// <summary>
/// The index finds calls and assignments from the words in each file's text; a full walk of the syntax is the oracle.
/// </summary>
public sealed class SyntaxNameIndexTests
{
    private const string Program = """
        using System.Collections.Generic;
        using static System.IO.File;

        static class Routes
        {
            // MapScoring is called below; this comment and the string are not calls.
            public static void Wire(Api app, Api? maybe)
            {
                app.MapScoring();
                maybe?.MapScoring();
                Extensions.
                    /* MapScoring, in the call's own leading trivia */ MapScoring(app);
                app.@MapScoring();
                System.Console.WriteLine("MapScoring()");
                app.Generic<int>();
                Copy("a", "b");
                var items = new List<string>();
                items.Add("x");
                var chained = new Chain().Add(1).Add(2);
            }
        }

        sealed class Chain { public Chain Add(int value) => this; }

        sealed class Api
        {
            public string? ModelPath { get; set; }
            public void Generic<T>() { }
            public void Set(Api other) { other.ModelPath = "a"; ModelPath = "b"; this.ModelPath ??= "c"; }
        }

        static class Extensions
        {
            /// <summary>Calls <see cref="MapScoring"/>.</summary>
            public static void MapScoring(this Api app) { }
        }
        """;

    [Theory]
    [InlineData("MapScoring")]
    [InlineData("Generic")]
    [InlineData("Copy")]
    [InlineData("Add")]
    [InlineData("WriteLine")]
    [InlineData("Absent")]
    public void Invocations_AreTheCallsAFullWalkFinds(string name)
    {
        var compilation = Compile(Program, "namespace Other { class Empty { } }");
        var expected = Walk<InvocationExpressionSyntax>(compilation, c => SyntaxNameIndex.NameOf(c.Expression) == name);

        var found = SyntaxNameIndex.For(compilation).Invocations(name, CancellationToken.None);

        Assert.Equal(expected, found.Select(Describe));
        if (name == "MapScoring")
            Assert.Equal(4, found.Count);
    }

    [Theory]
    [InlineData("किताब")]                // a Devanagari vowel sign is a combining mark
    [InlineData("Add\u0301")]            // a raw combining accent: not the name Add
    public void NamesWithCombiningMarks_AreWholeWords(string method)
    {
        var compilation = Compile($"class C {{ void {method}() {{ }} void Add() {{ }} void M() {{ {method}(); }} }}");
        var index = SyntaxNameIndex.For(compilation);

        Assert.Single(index.Invocations(method, CancellationToken.None));
        Assert.Empty(index.Invocations("Add", CancellationToken.None));
    }

    [Fact]
    public void WordCharacters_AreTheIdentifierPartsOfTheLanguage()
    {
        // Every UTF-16 unit against the compiler's own rule; a surrogate is half of a letter outside the BMP, kept in
        // the word (the compiler judges the pair, not its halves).
        for (var c = char.MinValue; ; c++)
        {
            var expected = char.IsSurrogate(c) || SyntaxFacts.IsIdentifierPartCharacter(c);
            Assert.True(SyntaxNameIndex.IsWordCharacter(c) == expected, $"U+{(int)c:X4}: expected {expected}");
            if (c == char.MaxValue)
                break;
        }
    }

    [Fact]
    public void Assignments_AreTheWritesAFullWalkFinds()
    {
        var compilation = Compile(Program);
        var expected = Walk<AssignmentExpressionSyntax>(compilation, a => SyntaxNameIndex.NameOf(a.Left) == "ModelPath");

        var found = SyntaxNameIndex.For(compilation).Assignments("ModelPath", CancellationToken.None);

        Assert.Equal(3, found.Count);
        Assert.Equal(expected, found.Select(Describe));
    }

    [Fact]
    public void AlsoNamed_KeepsOnlyFilesThatMentionTheOtherWord()
    {
        var compilation = Compile(
            "class A { void M(System.Collections.Generic.List<int> feedback) => feedback.Add(1); }",
            "class B { void M(System.Collections.Generic.List<int> other) => other.Add(1); }");
        var index = SyntaxNameIndex.For(compilation);

        Assert.Equal(2, index.Invocations("Add", CancellationToken.None).Count);
        var withFeedback = Assert.Single(index.Invocations("Add", CancellationToken.None, alsoNamed: "feedback"));
        Assert.Contains("feedback.Add", withFeedback.ToString());
        Assert.Empty(index.Invocations("Add", CancellationToken.None, alsoNamed: "absent"));
    }

    // A file reaches a type without naming it through a global directive in another file: a global alias (the files
    // naming the alias count as naming the type), a global using static (every file counts). A local alias or using
    // static only counts in its own file, which names the type anyway; a global using of a namespace changes nothing.
    [Fact]
    public void AlsoNamed_CountsTheFilesThatReachTheTypeThroughAGlobalUsing()
    {
        var sources = new[]
        {
            "global using IOFile = System.IO.File;\nglobal using System.Text;\nglobal using static Contoso.Paths;",
            "class A { void M() => IOFile.Copy(\"a\", \"b\"); }",
            "class B { void M() => File.Copy(\"a\", \"b\"); }",
            "using Local = Contoso.Keys;\nclass C { void M() => Copy(\"a\", \"b\"); }",
            "class D { void M() => Root(); }",
        };
        var index = SyntaxNameIndex.For(Compile(sources));

        Assert.Equal(new[] { "File1.cs", "File2.cs" }, index.Invocations("Copy", CancellationToken.None, alsoNamed: "File").Select(c => c.SyntaxTree.FilePath));
        Assert.Equal("File3.cs", Assert.Single(index.Invocations("Copy", CancellationToken.None, alsoNamed: "Keys")).SyntaxTree.FilePath);
        Assert.Equal("File4.cs", Assert.Single(index.Invocations("Root", CancellationToken.None, alsoNamed: "Paths")).SyntaxTree.FilePath);
        Assert.Empty(index.Invocations("Root", CancellationToken.None, alsoNamed: "Text"));
        Assert.Equal(new[] { "File0.cs", "File1.cs", "File2.cs" }, index.TreesMentioningAny(new[] { "File" }, CancellationToken.None).Select(t => t.FilePath));
        Assert.Equal(sources.Length, index.TreesMentioningAny(new[] { "Absent", "Paths" }, CancellationToken.None).Count);

        // Without the global directives, the same files are filtered by the word alone.
        var plain = SyntaxNameIndex.For(Compile(sources.Skip(1).ToArray()));
        Assert.Equal("File1.cs", Assert.Single(plain.Invocations("Copy", CancellationToken.None, alsoNamed: "File")).SyntaxTree.FilePath);
        Assert.Empty(plain.Invocations("Root", CancellationToken.None, alsoNamed: "Paths"));
    }

    [Fact]
    public void NamesAcrossTheScanBuffer_AreFound()
    {
        // The scan reads text in 4096-character chunks: place the name across every boundary offset near the first one.
        var sources = Enumerable.Range(4080, 24).Select(offset =>
        {
            const string prefix = "class C { void M() { ";
            var padding = "/*" + new string('x', offset - prefix.Length - 4) + "*/";
            return prefix + padding + "Target(); } void Target() { } }";
        }).ToArray();
        var compilation = Compile(sources);

        Assert.Equal(sources.Length, SyntaxNameIndex.For(compilation).Invocations("Target", CancellationToken.None).Count);
    }

    [Fact]
    public void ManyDistinctWords_AreAllIndexed()
    {
        // Thousands of distinct words make the word table grow several times; a word from each file is looked up after,
        // and a file that calls another file's methods is listed under each of their names.
        var sources = Enumerable.Range(0, 40).Select(file =>
            $"class C{file} {{ " + string.Concat(Enumerable.Range(0, 300).Select(m => $"public static void M{file}x{m}() {{ }} "))
            + $"void Calls() {{ C{(file + 1) % 40}.M{(file + 1) % 40}x{file}(); }} }}").ToArray();
        var compilation = Compile(sources);
        var index = SyntaxNameIndex.For(compilation);

        for (var file = 0; file < 40; file++)
        {
            var name = $"M{(file + 1) % 40}x{file}";
            var call = Assert.Single(index.Invocations(name, CancellationToken.None));
            Assert.Equal($"File{file}.cs", call.SyntaxTree.FilePath);
        }

        Assert.Empty(index.Invocations("M0x299", CancellationToken.None));
    }

    [Fact]
    public void TreesMentioningAny_AreTheFilesWithOneOfTheWholeWords()
    {
        var compilation = Compile(
            "class A { object FallbackPolicy; }",
            "class B { } // set FallbackPolicy here",
            "class C { object FallbackPolicyName; object MyAddPolicy; }",
            "class D { void AddPolicy() { } }",
            "class E { }");

        var trees = SyntaxNameIndex.For(compilation).TreesMentioningAny(new[] { "AddPolicy", "FallbackPolicy", "" }, CancellationToken.None);

        Assert.Equal(new[] { "File0.cs", "File1.cs", "File3.cs" }, trees.Select(t => t.FilePath));
    }

    [Fact]
    public void MentionsAnyWord_IsTheIndexsAnswerForOneFile()
    {
        var sources = new[]
        {
            "class A { object FallbackPolicy; }",
            "class B { } // set FallbackPolicy here",
            "class C { object FallbackPolicyName; object MyAddPolicy; }",
            "class D { void AddPolicy() { } }",
            "AddPolicy",
            "class E { object x = nameof(AddPolicy); } //AddPolicy",
            "class F { }",
        };
        var words = ImmutableArray.Create("AddPolicy", "FallbackPolicy", "");
        var compilation = Compile(sources);

        var indexed = SyntaxNameIndex.For(compilation).TreesMentioningAny(words, CancellationToken.None);
        var gated = compilation.SyntaxTrees.Where(t => SyntaxNameIndex.MentionsAnyWord(t, words, CancellationToken.None));

        Assert.Equal(new[] { "File0.cs", "File1.cs", "File3.cs", "File4.cs", "File5.cs" }, gated.Select(t => t.FilePath));
        Assert.Equal(indexed.Select(t => t.FilePath), gated.Select(t => t.FilePath));
    }

    [Fact]
    public void ANameThatEndsTheFile_IsFound()
    {
        var compilation = Compile("class C { int ModelPath; void M() => ModelPath = 1; } // ModelPath");
        Assert.Single(SyntaxNameIndex.For(compilation).Assignments("ModelPath", CancellationToken.None));
    }

    [Fact]
    public void ACancelledQuery_StoresNothing()
    {
        var compilation = Compile(Program);
        var index = SyntaxNameIndex.For(compilation);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<System.OperationCanceledException>(() => index.Invocations("MapScoring", cancelled.Token));
        Assert.Equal(4, index.Invocations("MapScoring", CancellationToken.None).Count);
    }

    /// <summary>
    /// The index is built by one thread at a time, the others waiting: a build cancelled while another thread waits
    /// stores nothing, releases the lock, and the waiter builds the whole index.
    /// </summary>
    [Fact]
    public async Task ACancelledBuild_WithAThreadWaiting_LeavesTheWholeBuildToIt()
    {
        var (blocking, index) = IndexWithABlockingFile();
        using var cancellation = new CancellationTokenSource();
        var timeout = System.TimeSpan.FromSeconds(30);

        blocking.Arm();
        // A pool thread freed by the cancelled build could run the waiter after it (StartThread).
        var builder = StartThread(() => index.Invocations("Target", cancellation.Token));
        Assert.True(blocking.Entered.Wait(timeout), "the build should read the first file");
        var waiter = StartThread(() => index.Invocations("Target", CancellationToken.None));
        Assert.True(SpinWait.SpinUntil(() => (waiter.Thread.ThreadState & ThreadState.WaitSleepJoin) != 0, timeout), "the second thread should wait for the lock");
        Assert.False(waiter.Result.IsCompleted);
        cancellation.Cancel();
        blocking.Release.Set();

        await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => builder.Result.WaitAsync(timeout));
        Assert.Equal(2, (await waiter.Result.WaitAsync(timeout)).Count);
        Assert.Equal(2, index.Invocations("Target", CancellationToken.None).Count);
    }

    [Fact]
    public async Task AWaiterCancelledWhileAnotherThreadBuilds_StopsWithoutWaitingForTheBuild()
    {
        var (blocking, index) = IndexWithABlockingFile();
        using var cancellation = new CancellationTokenSource();
        var timeout = System.TimeSpan.FromSeconds(30);

        blocking.Arm();
        var builder = StartThread(() => index.Invocations("Target", CancellationToken.None));
        Assert.True(blocking.Entered.Wait(timeout), "the build should read the first file");
        var waiter = StartThread(() => index.Invocations("Target", cancellation.Token));
        Assert.True(SpinWait.SpinUntil(() => (waiter.Thread.ThreadState & ThreadState.WaitSleepJoin) != 0, timeout), "the second thread should wait for the build");
        cancellation.Cancel();

        // The build is still held at its first file: the waiter ends on its own cancellation.
        await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => waiter.Result.WaitAsync(timeout));
        Assert.False(builder.Result.IsCompleted);

        blocking.Release.Set();
        Assert.Equal(2, (await builder.Result.WaitAsync(timeout)).Count);
    }

    /// <summary>The index of two files that each call Target once; reading the first blocks once armed.</summary>
    private static (BlockingText Blocking, SyntaxNameIndex Index) IndexWithABlockingFile()
    {
        var blocking = new BlockingText("class A { void M() { Target(); } }");
        var compilation = CSharpCompilation.Create("Index", new[]
        {
            CSharpSyntaxTree.ParseText(blocking, path: "File0.cs"),
            CSharpSyntaxTree.ParseText("class B { void N() { Target(); } }", path: "File1.cs"),
        });
        return (blocking, SyntaxNameIndex.For(compilation));
    }

    // Threads of their own: a pool thread could run one question after another, and a lock is its own thread's to take again.
    private static (Thread Thread, Task<IReadOnlyList<InvocationExpressionSyntax>> Result) StartThread(System.Func<IReadOnlyList<InvocationExpressionSyntax>> question)
    {
        var result = new TaskCompletionSource<IReadOnlyList<InvocationExpressionSyntax>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(question());
            }
            catch (System.Exception e)
            {
                result.SetException(e);
            }
        }) { IsBackground = true };
        thread.Start();
        return (thread, result.Task);
    }

    /// <summary>A text whose first read after <see cref="Arm"/> waits for <see cref="Release"/>.</summary>
    private sealed class BlockingText : SourceText
    {
        private readonly string _text;
        private int _armed;

        public BlockingText(string text) => _text = text;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override System.Text.Encoding? Encoding => null;

        public override int Length => _text.Length;

        public override char this[int position] => _text[position];

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Entered.Set();
                Release.Wait();
            }

            _text.CopyTo(sourceIndex, destination, destinationIndex, count);
        }
    }

    private static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Index", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"File{i}.cs")));

    private static List<string> Walk<T>(Compilation compilation, System.Func<T, bool> predicate)
        where T : SyntaxNode =>
        compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<T>()).Where(predicate).Select(Describe).ToList();

    private static string Describe(SyntaxNode node) => $"{node.SyntaxTree.FilePath}@{node.SpanStart}:{node}";
}
