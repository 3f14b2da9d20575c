using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Secrets;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Secrets.HardcodedCredentialAnalyzer>;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>
/// A key held by a member of one type (a 32-hex value: a secret only because sinks reach it) and used by sinks of other
/// types: one diagnostic, on the literal, whichever order the files are analysed in. A sink in the holding file names
/// it (the earliest one there); otherwise the earliest sink (by file path, then position) does. Location 1 is the
/// named sink.
/// </summary>
public sealed class MLSEC001AcrossTypesTests
{
    private static readonly string Hex = TestKeys.AzureHex;

    private static DiagnosticResult Expect(string sink) =>
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(0).WithLocation(1).WithArguments("OpenAI", sink);

    private const string ApiKeyCredential = "the 'key' argument of 'ApiKeyCredential'";
    private const string ChatClient = "the 'apiKey' argument of 'ChatClient'";

    [Fact]
    public async Task Flags_Once_TheHoldingFilesOwnSinkWinsOverAnEarlierSinkElsewhere()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/a.cs", """
            using OpenAI.Chat;

            class Chat
            {
                ChatClient C() => new("gpt-4o", Keys.Key);
            }
            """));
        test.TestState.Sources.Add(("/0/k.cs", $$"""
            using System.ClientModel;
            using OpenAI;

            class Keys
            {
                public const string Key = {|#0:"{{Hex}}"|};
                OpenAIClient A() => new({|#1:new ApiKeyCredential(Key)|});
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(ApiKeyCredential));
        await test.RunAsync();
    }

    // In one file, which is analysed in one callback, the earliest sink names it, in the holding type or not.
    [Fact]
    public Task Flags_Once_InOneFile_TheEarliestSinkWins() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        class Chat
        {
            ChatClient C() => {|#1:new("gpt-4o", Keys.Key)|};
        }

        class Keys
        {
            public const string Key = {|#0:"{{Hex}}"|};
            OpenAIClient A() => new(new ApiKeyCredential(Key));
        }
        """,
        Expect(ChatClient));

    [Fact]
    public Task Flags_Once_TheEarliestSinkAmongOtherTypes() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        static class Keys
        {
            public const string Key = {|#0:"{{Hex}}"|};
        }

        class A
        {
            OpenAIClient M() => new({|#1:new ApiKeyCredential(Keys.Key)|});
        }

        class B
        {
            ChatClient C() => new("gpt-4o", Keys.Key);
        }
        """,
        Expect(ApiKeyCredential));

    [Fact]
    public Task Flags_Once_NestedTypeAndContainer() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        class Outer
        {
            private const string Key = {|#0:"{{Hex}}"|};

            class Inner
            {
                ChatClient C() => {|#1:new("gpt-4o", Key)|};
            }

            OpenAIClient A() => new(new ApiKeyCredential(Key));
        }

        class OnlyInner
        {
            private const string Key = {|#2:"{{TestKeys.Random("0123456789abcdef", 32, 5)}}"|};

            class Inner
            {
                ChatClient C() => {|#3:new("gpt-4o", Key)|};
            }
        }
        """,
        Expect(ChatClient),
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(2).WithLocation(3).WithArguments("OpenAI", ChatClient));

    // Sinks in a field initializer and behind another type's constant (`"Bearer " + Keys.Key`) are found too.
    [Fact]
    public Task Flags_Once_FieldInitializerAndChainedConstant() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using System.Net.Http;
        using OpenAI;

        static class Keys
        {
            public const string Key = {|#0:"{{Hex}}"|};
        }

        static class Headers
        {
            public const string Bearer = "Bearer " + Keys.Key;
        }

        class Early
        {
            static readonly OpenAIClient Client = new({|#1:new ApiKeyCredential(Keys.Key)|});
        }

        class Late
        {
            void M(HttpClient http) => http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Headers.Bearer);
        }
        """,
        Expect(ApiKeyCredential));

    [Fact]
    public async Task Flags_Once_EarliestFileWins_TopLevelStatements()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Program.cs", """
            using System.ClientModel;
            using OpenAI;

            var client = new OpenAIClient(new ApiKeyCredential(Contoso.Keys.Key));
            """));
        test.TestState.Sources.Add(("/0/Keys.cs", $$"""
            namespace Contoso;

            static class Keys
            {
                public const string Key = {|#0:"{{Hex}}"|};
            }
            """));
        test.TestState.Sources.Add(("/0/Chat.cs", """
            using OpenAI.Chat;

            class Chat
            {
                ChatClient C() => {|#1:new("gpt-4o", Contoso.Keys.Key)|};
            }
            """));
        test.ExpectedDiagnostics.Add(Expect(ChatClient));
        await test.RunAsync();
    }

    // Whatever the order the files come in: the earliest sink's file may name only a type derived from the holding
    // type (Early : Mid : Keys, reading Key), or read an auto-property initialised from the key.
    [Theory]
    [InlineData(false, "class Early : Mid { OpenAIClient M() => new({|#1:new ApiKeyCredential(Key)|}); }", "class Mid : Keys { }", "Keys.Key")]
    [InlineData(true, "class Early : Mid { OpenAIClient M() => new({|#1:new ApiKeyCredential(Key)|}); }", "class Mid : Keys { }", "Keys.Key")]
    [InlineData(false, "class Early { OpenAIClient M() => new({|#1:new ApiKeyCredential(Headers.Value)|}); }", "static class Headers { public static string Value { get; } = Keys.Key; }", "Headers.Value")]
    [InlineData(true, "class Early { OpenAIClient M() => new({|#1:new ApiKeyCredential(Headers.Value)|}); }", "static class Headers { public static string Value { get; } = Keys.Key; }", "Headers.Value")]
    public async Task Flags_Once_EarliestSink_WhateverTheFileOrder(bool lateFirst, string early, string between, string lateReference)
    {
        var test = Verify.CreateTest();
        var files = new List<(string, string)>
        {
            ("/0/a.cs", "using System.ClientModel;\nusing OpenAI;\n" + early + "\n"),
            ("/0/k.cs", $"class Keys {{ public const string Key = {{|#0:\"{Hex}\"|}}; }}\n{between}\n"),
            ("/0/z.cs", $"using OpenAI.Chat;\nclass Late {{ ChatClient C() => new(\"gpt-4o\", {lateReference}); }}\n"),
        };
        if (lateFirst)
            files.Reverse();
        foreach (var file in files)
            test.TestState.Sources.Add(file);
        test.ExpectedDiagnostics.Add(Expect(ApiKeyCredential));
        await test.RunAsync();
    }

    // The earliest sink's file reaches the key without naming its type, through a global using in another file: the
    // search across files reads it too, so that file alone reports it (both files did).
    [Theory]
    [InlineData("global using static Keys;", "Key")]
    [InlineData("global using static global::Contoso.Keys;", "Key")]
    [InlineData("global using K = Contoso.Keys;", "K.Key")]
    public async Task Flags_Once_TheEarliestSinkReachesTheKeyThroughAGlobalUsing(string global, string reference)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/a.cs", "using System.ClientModel;\nusing OpenAI;\nclass Early { OpenAIClient M() => new({|#1:new ApiKeyCredential(" + reference + ")|}); }\n"));
        test.TestState.Sources.Add(("/0/g.cs", (global.Contains("Contoso") ? global : global.Replace("Keys", "Contoso.Keys")) + "\n"));
        test.TestState.Sources.Add(("/0/k.cs", $"namespace Contoso;\nstatic class Keys {{ public const string Key = {{|#0:\"{Hex}\"|}}; }}\n"));
        test.TestState.Sources.Add(("/0/z.cs", "using OpenAI.Chat;\nclass Late { ChatClient C() => new(\"gpt-4o\", Contoso.Keys.Key); }\n"));
        test.ExpectedDiagnostics.Add(Expect(ApiKeyCredential));
        await test.RunAsync();
    }

    // The race itself: many types, analysed concurrently and repeatedly, give the same single diagnostic every time.
    [Fact]
    public async Task ConcurrentRuns_NameTheSameSinkEveryTime()
    {
        var types = Users(16, "Keys.Key");
        var outcomes = await OutcomesAsync($$"""
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;

            static class Keys
            {
                public const string Key = "{{Hex}}";
            }

            {{types}}
            """);

        // User00, the first type, holds the earliest sink.
        Assert.Equal("1 MLSEC001: 'key' argument of 'ApiKeyCredential' at line 10, column 40", Assert.Single(outcomes));
    }

    // The same race with every type in its own file, as most projects have them: each file is analysed in its own
    // callback, concurrently, and they agree on the earliest file's sink every time.
    [Fact]
    public async Task ConcurrentRuns_AcrossFiles_NameTheSameSinkEveryTime()
    {
        var files = new List<(string, string)>
        {
            ("/0/Keys.cs", $$"""static class Keys { public const string Key = "{{Hex}}"; }"""),
        };
        foreach (var (user, i) in Users(16, "Keys.Key").Split('\n').Select((u, i) => (u, i)))
            files.Add(($"/0/User{i:00}.cs", "using System.ClientModel;\nusing OpenAI;\nusing OpenAI.Chat;\n" + user));

        var outcomes = await OutcomesAsync(files.ToArray());

        Assert.Equal("1 MLSEC001: 'key' argument of 'ApiKeyCredential' at line 4, column 40 in /0/User00.cs", Assert.Single(outcomes));
    }

    // The sinks reach the key through another member's getter, an indexer, a primary constructor's base arguments:
    // each is found, so one type reports it, every time.
    [Theory]
    [InlineData("class Config { public static string Key2 { get => Keys.Key; } }", "Config.Key2", "User00")]
    [InlineData("class Config { public static string Key2 { get { return Keys.Key; } } }", "Config.Key2", "User00")]
    [InlineData("class Config { public static string Key2 => Keys.Key; }", "Config.Key2", "User00")]
    [InlineData("class Indexed { public OpenAIClient this[int i] => new(new ApiKeyCredential(Keys.Key)); }", "Keys.Key", "Indexed")]
    [InlineData("class Based() : OpenAIClient(new ApiKeyCredential(Keys.Key));", "Keys.Key", "Based")]
    public async Task ConcurrentRuns_OneOutcome_ThroughOtherMembers(string between, string reference, string earliest)
    {
        var types = Users(12, reference);
        var outcomes = await OutcomesAsync($$"""
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;

            static class Keys
            {
                public const string Key = "{{Hex}}";
            }

            {{between}}
            {{types}}
            """);

        var outcome = Assert.Single(outcomes);
        Assert.StartsWith("1 MLSEC001: 'key' argument of 'ApiKeyCredential' at line " + (earliest == "User00" ? "11" : "10"), outcome);
    }

    // The holding type's own sink wins whatever shape reaches it from elsewhere: one diagnostic, never two.
    [Theory]
    [InlineData("class Config { public static string Key2 { get => Keys.Key; } }", "new ApiKeyCredential(Config.Key2)")]
    [InlineData("class Config { public static string Key2 => Keys.Key; }", "new ApiKeyCredential(Key)")]
    public async Task ConcurrentRuns_HoldingTypesOwnSink(string between, string ownSink)
    {
        var outcomes = await OutcomesAsync($$"""
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;

            class Keys
            {
                public const string Key = "{{Hex}}";
                OpenAIClient M() => new({{ownSink}});
            }

            {{between}}
            class B { ChatClient C() => new("gpt-4o", Config.Key2); }
            """);

        Assert.Equal("1 MLSEC001: 'key' argument of 'ApiKeyCredential' at line 8, column 29", Assert.Single(outcomes));
    }

    [Fact]
    public async Task ConcurrentRuns_PrimaryConstructorBaseOfTheHoldingType()
    {
        var outcomes = await OutcomesAsync($$"""
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;

            class Keys() : OpenAIClient(new ApiKeyCredential(Key))
            {
                public const string Key = "{{Hex}}";
            }

            class B { ChatClient C() => new("gpt-4o", Keys.Key); }
            """);

        Assert.Equal("1 MLSEC001: 'key' argument of 'ApiKeyCredential' at line 5, column 29", Assert.Single(outcomes));
    }

    /// <summary>Types User00, User01, … each with one sink of <paramref name="reference"/>, alternately an ApiKeyCredential and a ChatClient.</summary>
    private static string Users(int count, string reference) =>
        string.Join("\n", Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? $"class User{i:00} {{ OpenAIClient M() => new(new ApiKeyCredential({reference})); }}"
            : $"class User{i:00} {{ ChatClient C() => new(\"gpt-4o\", {reference}); }}"));

    /// <summary>The distinct outcomes of 12 concurrent analyses: the MLSEC001 count, then each diagnostic's sink and where it is.</summary>
    private static Task<HashSet<string>> OutcomesAsync(string source) => OutcomesAsync(("/0/Test0.cs", source));

    /// <summary>The same, over several files; each diagnostic also names its sink's file.</summary>
    private static async Task<HashSet<string>> OutcomesAsync(params (string Path, string Source)[] files)
    {
        var references = await AnalyzerRunner.GetReferencesAsync();
        var compilation = CSharpCompilation.Create(
            "AcrossTypes", files.Select(f => CSharpSyntaxTree.ParseText(f.Source, AnalyzerRunner.ParseOptions, f.Path)), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var outcomes = new HashSet<string>();
        for (var run = 0; run < 12; run++)
        {
            var result = await AnalyzerRunner.AnalyzeAsync(
                compilation, analyzers: ImmutableArrayOf(new HardcodedCredentialAnalyzer()), concurrentAnalysis: true);
            Assert.Empty(result.Exceptions);
            var found = result.Diagnostics.Where(d => d.Id == "MLSEC001").ToList();
            outcomes.Add($"{found.Count} " + string.Join(" | ", found.Select(d =>
            {
                var span = d.AdditionalLocations.Single().GetLineSpan();
                var sink = span.StartLinePosition;
                var file = files.Length > 1 ? $" in {span.Path}" : string.Empty;
                var message = d.GetMessage();
                var argument = message.Substring(message.IndexOf("the ", System.StringComparison.Ordinal) + 4);
                argument = argument.Substring(0, argument.IndexOf(';'));
                return $"MLSEC001: {argument} at line {sink.Line + 1}, column {sink.Character + 1}{file}";
            })));
        }

        return outcomes;
    }

    private static System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> ImmutableArrayOf(DiagnosticAnalyzer analyzer) =>
        System.Collections.Immutable.ImmutableArray.Create(analyzer);
}
