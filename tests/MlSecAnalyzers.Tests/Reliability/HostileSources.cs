using System.Collections.Immutable;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>Handwritten files that are broken on purpose, in the shapes analyzers most often trip over.</summary>
internal static class HostileSources
{
    public static ImmutableArray<CorpusSource> All { get; } = ImmutableArray.Create(
        new CorpusSource("hostile: half-typed clients", $$"""
            using System;
            using System.ClientModel;
            using OpenAI;
            using OpenAI.Chat;
            using Microsoft.AspNetCore.Builder;

            var key = "{{TestKeys.OpenAI}}";
            var client = new OpenAIClient(new ApiKeyCredential(
            var chat = new ChatClient(model: , apiKey: key);
            var other = new ChatClient("gpt-4o", new ApiKeyCredential(key + ));
            var app = WebApplication.Create(args);
            app.MapPost("/predict", (string input, ) => chat.CompleteChat(input);
            app.MapGroup().MapGet(, () => );
            new OpenAIClient(default!, default).GetChatClient(null!).CompleteChat(
            """),
        new CorpusSource("hostile: wrong types everywhere", $$"""
            using System;
            using System.ClientModel;
            using OpenAI;
            using Microsoft.ML;

            class ApiKeyCredential { public ApiKeyCredential(int x) { } }
            class C
            {
                const string Key = "{{TestKeys.OpenAI}}" + ;
                const int Number = Key;
                static readonly string Cycle = Cycle + Key;
                const string A = B; const string B = A;
                object M() => new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(A));
                void N(MLContext ml) { var data = ml.Data.LoadFromTextFile<Missing>(Key); var p = ml.Model.Load(data, out var s); ml.Model.Load(); }
                string this[string k] => k;
                void O() { var c = new System.ClientModel.ApiKeyCredential(this["{{TestKeys.Anthropic}}"]); var d = new System.ClientModel.ApiKeyCredential(null); var e = new System.ClientModel.ApiKeyCredential(__arglist); }
            }
            """),
        new CorpusSource("hostile: recursion and self-reference", $$"""
            using System.ClientModel;
            class Loop
            {
                static string K1 => K2;
                static string K2 => K1;
                static string K3 { get => K3; }
                static string Local() { string a = b; string b = a; return a + b; }
                static ApiKeyCredential Make() => new(K1 + K2 + K3 + Local() + "{{TestKeys.GenericSk}}");
                static ApiKeyCredential Rec(int n) => n == 0 ? new ApiKeyCredential("{{TestKeys.AzureHex}}") : Rec(n - 1);
            }
            """),
        new CorpusSource("hostile: odd syntax", """
            #nullable enable
            #if DEBUG
            using System;
            #else
            using OpenAI
            #endif
            namespace N;
            file class F<T> where T : System.ClientModel.ApiKeyCredential, new() { T Make() => new(); }
            unsafe struct S { fixed byte b[10]; void* p; }
            record R(string Key = "abc", params int[] rest);
            delegate System.ClientModel.ApiKeyCredential D(string k = "sk-");
            enum E { A = "x", B }
            interface I { static abstract string Key { get; } }
            class G : I { public static string Key => $"{ {"{"} }"; }
            """),
        new CorpusSource("hostile: half-typed global attributes, UTF-8 literals and formatted holes", $$"""
            using System;
            using System.Reflection;
            using OpenAI;
            [assembly: AssemblyMetadata("OpenAIKey", "{{TestKeys.OpenAI}}"
            [module: ]
            [assembly: AssemblyMetadata(, $"{Missing:}{"{{TestKeys.Anthropic}}"u8}")]
            [: AssemblyMetadata("k", "{{TestKeys.OpenAI}}")]
            [assembly
            class K
            {
                static ReadOnlySpan<byte> Key => "{{TestKeys.OpenAI}}"u8 + ;
                Uri U(string b, DateTime d) => new($"{b}/x?d={d:}&code={,5}&key={:yyyy}{{TestKeys.AzureHex}}");
                object C => new System.Data.Common.DbConnectionStringBuilder { ConnectionString = "Endpoint=sb://;Key=;SharedAccessKey=" + };
            }
            """),
        new CorpusSource("hostile: empty", ""),
        new CorpusSource("hostile: only trivia", "// just a comment\n/* and an unterminated one"),
        new CorpusSource("hostile: garbage", "}}}{{{ ((( ))) \"\"\" $$\"\"\" @\" $@\"{ class struct using ; ; ; new new new ( ApiKeyCredential ApiKeyCredential"));
}
