using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.PersonalData.PersonalDataPromptAnalyzer>;

namespace MlSecAnalyzers.Tests.PersonalData;

public sealed class MLSEC023PersonalDataInPromptTests
{
    private const string Customer = """
        public class Customer
        {
            public string Name { get; set; }
            public string Email { get; set; }
            public System.DateTime DateOfBirth { get; set; }
            public int OrderCount { get; set; }
            [System.ComponentModel.DataAnnotations.Phone] public string Contact { get; set; }
        }
        """;

    private static DiagnosticResult Expect(int location, string members, string sink) =>
        Verify.Diagnostic(Descriptors.MLSEC023_PersonalDataInPrompt).WithLocation(location).WithArguments(members, sink);

    [Fact]
    public Task Flags_OpenAIUserMessageInterpolation() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI.Chat;

        class Support
        {
            void Ask(ChatClient chat, Customer c)
            {
                chat.CompleteChat(new UserChatMessage({|#0:$"Write a reply to {c.Email}, born {c.DateOfBirth:d}, {c.OrderCount} orders"|}));
                chat.CompleteChat(ChatMessage.CreateUserMessage({|#1:"Call " + c.Contact|}));
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email', 'Customer.DateOfBirth'", "UserChatMessage"),
        Expect(1, "'Customer.Contact'", "ChatMessage.CreateUserMessage"));

    [Fact]
    public Task Flags_ExtensionsAIAndAzureInferenceThroughLocal() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Azure.AI.Inference;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                var prompt = string.Format("Summarise the account of {0}", c.Email);
                await chat.GetResponseAsync({|#0:prompt|});
                var message = new ChatRequestUserMessage({|#1:$"Email: {c.Email}"|});
                await chat.GetResponseAsync(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, {|#2:c.Email|}));
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Email'", "ChatRequestUserMessage"),
        Expect(2, "'Customer.Email'", "ChatMessage"));

    [Fact]
    public Task Flags_SemanticKernel() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;

        class Support
        {
            void Ask(Kernel kernel, Customer c)
            {
                var history = new ChatHistory();
                history.AddUserMessage({|#0:$"Help {c.Email}"|});
                _ = kernel.InvokePromptAsync({|#1:"Summarise " + c.Email|});
            }
        }

        {{Customer}}
        """,
        MlReferences.SemanticKernel,
        Expect(0, "'Customer.Email'", "ChatHistory.AddUserMessage"),
        Expect(1, "'Customer.Email'", "KernelExtensions.InvokePromptAsync"));

    [Fact]
    public Task NoDiagnostic_NonPersonalMembersAndLookAlikes() => Verify.VerifyAnalyzerAsync($$"""
        using OpenAI.Chat;

        class Support
        {
            void Ask(ChatClient chat, Customer c, Block b)
            {
                chat.CompleteChat(new UserChatMessage($"The customer has {c.OrderCount} orders and is called {c.Name}"));
                chat.CompleteChat(new UserChatMessage($"Block at {b.Address}, emailed: {b.Emailed}"));
                // Not a prompt sink: a look-alike in another namespace.
                new Contoso.UserChatMessage($"{c.Email}");
                System.Console.WriteLine($"{c.Email}");
            }
        }

        public class Block { public System.IntPtr Address; public bool Emailed; }

        namespace Contoso { public class UserChatMessage { public UserChatMessage(string text) { } } }

        {{Customer}}
        """);

    [Fact]
    public Task NoDiagnostic_WithoutLlmClient() => Verify.VerifyAnalyzerAsync("""
        class Customer { public string Email { get; set; } }
        """, MlReferences.Plain);

    [Fact]
    public async Task Option_RemovesWord()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using OpenAI.Chat;

            class Support
            {
                void Ask(ChatClient chat, Customer c) => chat.CompleteChat(new UserChatMessage($"Reply to {c.Email}"));
            }

            {{Customer}}
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.MLSEC023.personal_data_names = -email
            """));
        await test.RunAsync(CancellationToken.None);
    }
}
