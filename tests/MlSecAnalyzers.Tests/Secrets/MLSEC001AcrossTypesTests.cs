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
/// types: one diagnostic, on the literal, whichever order the types are analysed in. The holding type's own sink names
/// it; otherwise the earliest sink (by file path, then position) does. Location 1 is the named sink.
/// </summary>
public sealed class MLSEC001AcrossTypesTests
{
    private static readonly string Hex = TestKeys.AzureHex;

    private static DiagnosticResult Expect(string sink) =>
        Verify.Diagnostic(Descriptors.MLSEC001_HardcodedCredential).WithLocation(0).WithLocation(1).WithArguments("OpenAI", sink);

    private const string ApiKeyCredential = "the 'key' argument of 'ApiKeyCredential'";
    private const string ChatClient = "the 'apiKey' argument of 'ChatClient'";

    [Fact]
    public Task Flags_Once_TheHoldingTypesOwnSinkWinsOverAnEarlierSinkElsewhere() => Verify.VerifyAnalyzerAsync($$"""
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        class Chat
        {
            ChatClient C() => new("gpt-4o", Keys.Key);
        }

        class Keys
        {
            public const string Key = {|#0:"{{Hex}}"|};
            OpenAIClient A() => new({|#1:new ApiKeyCredential(Key)|});
        }
        """,
        Expect(ApiKeyCredential));

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
                ChatClient C() => new("gpt-4o", Key);
            }

            OpenAIClient A() => new({|#1:new ApiKeyCredential(Key)|});
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
        Expect(ApiKeyCredential),
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

    // The race itself: many types, analysed concurrently and repeatedly, give the same single diagnostic every time.
    [Fact]
    public async Task ConcurrentRuns_NameTheSameSinkEveryTime()
    {
        var types = string.Join("\n", Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? $"class User{i:00} {{ OpenAIClient M() => new(new ApiKeyCredential(Keys.Key)); }}"
            : $"class User{i:00} {{ ChatClient C() => new(\"gpt-4o\", Keys.Key); }}"));
        var source = $$"""
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;

            static class Keys
            {
                public const string Key = "{{Hex}}";
            }

            {{types}}
            """;
        var references = await AnalyzerRunner.GetReferencesAsync();
        var compilation = CSharpCompilation.Create(
            "AcrossTypes", new[] { CSharpSyntaxTree.ParseText(source, AnalyzerRunner.ParseOptions, "/0/Test0.cs") }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var seen = new HashSet<string>();
        for (var run = 0; run < 12; run++)
        {
            var result = await AnalyzerRunner.AnalyzeAsync(
                compilation, analyzers: ImmutableArrayOf(new HardcodedCredentialAnalyzer()), concurrentAnalysis: true);
            Assert.Empty(result.Exceptions);
            var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "MLSEC001");
            var sink = diagnostic.AdditionalLocations.Single().GetLineSpan().StartLinePosition;
            seen.Add($"{diagnostic.GetMessage()} at line {sink.Line + 1}, column {sink.Character + 1}");
        }

        // User00, the first type, holds the earliest sink.
        Assert.Equal(
            "Hardcoded OpenAI credential in the 'key' argument of 'ApiKeyCredential'; read it from the environment or configuration at line 10, column 40",
            Assert.Single(seen));
    }

    private static System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> ImmutableArrayOf(DiagnosticAnalyzer analyzer) =>
        System.Collections.Immutable.ImmutableArray.Create(analyzer);
}
