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

    // The Responses API takes the user's text as a string, or as a message item built from one.
    [Fact]
    public Task Flags_OpenAIResponsesInput() => Verify.VerifyAnalyzerAsync($$"""
        #pragma warning disable OPENAI001
        using System.Threading.Tasks;
        using OpenAI.Responses;

        class Support
        {
            async Task Ask(ResponsesClient responses, Customer c)
            {
                await responses.CreateResponseAsync("gpt-4.1-mini", {|#0:$"Draft a reply to {c.Email} about {c.OrderCount} orders"|});
                await responses.CreateResponseAsync("gpt-4.1-mini", $"Summarise {c.OrderCount} orders");
                ResponseItem item = ResponseItem.CreateUserMessageItem({|#1:"Call " + c.Contact|});
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ResponsesClient.CreateResponseAsync"),
        Expect(1, "'Customer.Contact'", "ResponseItem.CreateUserMessageItem"));

    // The app's options classes hold its configuration (a support address, an office phone), not a person's data:
    // read through IOptions<T> or its monitor, or from a field or parameter of an options class (registered with
    // Configure<T>). A customer's members in the same prompt are still reported, and so is an options class's member
    // read from another object (account.Contact.Email).
    [Fact]
    public Task OptionsMembersAreNotPersonal_CustomerMembersAre() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        public sealed class SupportOptions { public string SupportEmail { get; set; } = ""; public string SupportPhone { get; set; } = ""; }
        public sealed class OfficeSettings { public string Address { get; set; } = ""; }
        public sealed class EscalationOptions { public string ManagerEmail { get; set; } = ""; }

        public sealed class ReplyDrafter(IChatClient chat, IOptions<SupportOptions> options, IOptionsMonitor<EscalationOptions> escalation)
        {
            private readonly SupportOptions _support = options.Value;

            public Task<ChatResponse> DraftAsync(string complaint) => chat.GetResponseAsync(
                $"Tell the customer they can reach us at {options.Value.SupportEmail} or {_support.SupportPhone}, or escalate to {escalation.CurrentValue.ManagerEmail}. Complaint: {complaint}");

            public Task<ChatResponse> VisitAsync(OfficeSettings office) => chat.GetResponseAsync($"Directions to {office.Address}");

            public Task<ChatResponse> ReplyAsync(Customer customer) => chat.GetResponseAsync(
                {|#0:$"Reply to {customer.Email}; our address is {options.Value.SupportEmail}"|});

            // ContactInfo is also an options class, but here it is a customer's contact details.
            public Task<ChatResponse> ContactAsync(Account account) => chat.GetResponseAsync({|#1:$"Write to {account.Contact.Email}"|});
        }

        public sealed class ContactInfo { public string Email { get; set; } = ""; }
        public sealed class Account { public ContactInfo Contact { get; set; } = new(); }

        static class Registration
        {
            public static void Add(IServiceCollection services)
            {
                services.Configure<OfficeSettings>(o => o.Address = "1 Main St");
                services.Configure<ContactInfo>(c => c.Email = "support@contoso.com");
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'ContactInfo.Email'", "ChatClientExtensions.GetResponseAsync"));

    // An options value kept in a property of the class (to read the monitor's current value, or filled from
    // IOptions<T>.Value) counts as one kept in a field. A property of an options class on another object is that
    // object's data, and an options class's members read from a customer are still reported.
    [Fact]
    public Task OptionsValueInAPropertyIsNotPersonal() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Options;

        public sealed class SupportOptions { public string SupportEmail { get; set; } = ""; public string SupportPhone { get; set; } = ""; }

        public sealed class ReplyDrafter(IChatClient chat, IOptionsMonitor<SupportOptions> monitor, IOptions<SupportOptions> options)
        {
            private SupportOptions Settings => monitor.CurrentValue;
            public SupportOptions Support { get; } = options.Value;
            private static SupportOptions Defaults { get; } = new();

            public Task<ChatResponse> DraftAsync(string complaint) =>
                chat.GetResponseAsync($"Tell the customer to write to {Settings.SupportEmail} or call {this.Settings.SupportPhone}. Complaint: {complaint}");

            public Task<ChatResponse> AddressAsync(string complaint) =>
                chat.GetResponseAsync($"Our address is {Support.SupportEmail} (default {Defaults.SupportEmail}). Complaint: {complaint}");

            public Task<ChatResponse> ReplyAsync(Customer customer, Ticket ticket) =>
                chat.GetResponseAsync({|#0:$"Reply to {customer.Email} from {Settings.SupportEmail}, copy {ticket.Support.SupportEmail}"|});
        }

        public sealed class Ticket { public SupportOptions Support { get; set; } = new(); }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email', 'SupportOptions.SupportEmail'", "ChatClientExtensions.GetResponseAsync"));

    // A section of an options value (options.Value.Escalation.ManagerEmail, also through a local), options.Value?.X,
    // and a class bound from IConfiguration (ConfigurationBinder.Get<T>, registered as options or not) are the app's
    // configuration.
    [Fact]
    public Task OptionsSectionsConditionalAccessAndBoundConfigurationAreNotPersonal() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        public sealed class SupportOptions { public string SupportEmail { get; set; } = ""; public EscalationSection Escalation { get; set; } = new(); }
        public sealed class EscalationSection { public string ManagerEmail { get; set; } = ""; }
        public sealed class MailSettings { public string SenderEmail { get; set; } = ""; }

        public static class Setup
        {
            public static void Add(IServiceCollection services, IConfiguration configuration) =>
                services.Configure<SupportOptions>(configuration.GetSection("Support"));
        }

        public sealed class ReplyDrafter(IChatClient chat, IOptions<SupportOptions> options, IConfiguration configuration)
        {
            public Task<ChatResponse> EscalateAsync(string complaint) =>
                chat.GetResponseAsync($"Escalate to {options.Value.Escalation.ManagerEmail}. Our address is {options.Value?.SupportEmail}. Complaint: {complaint}");

            public Task<ChatResponse> EscalateLaterAsync(string complaint)
            {
                var escalation = options.Value.Escalation;
                return chat.GetResponseAsync($"Escalate to {escalation.ManagerEmail}. Complaint: {complaint}");
            }

            public Task<ChatResponse> BoundAsync(string complaint) =>
                chat.GetResponseAsync($"Write to {configuration.GetSection("Support").Get<SupportOptions>()!.SupportEmail} or {configuration.GetSection("Mail").Get<MailSettings>()?.SenderEmail}. Complaint: {complaint}");

            public Task<ChatResponse> CustomerAsync(Customer customer, Ticket ticket) =>
                chat.GetResponseAsync({|#0:$"Reply to {customer?.Email}, escalated by {ticket.Escalation.ManagerEmail}"|});
        }

        public sealed class Ticket { public EscalationSection Escalation { get; set; } = new(); }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email', 'EscalationSection.ManagerEmail'", "ChatClientExtensions.GetResponseAsync"));

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
    public Task Flags_SemanticKernelTextGeneration() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel.TextGeneration;

        class Support
        {
            async Task Ask(ITextGenerationService text, Customer c)
            {
                await text.GetTextContentsAsync({|#0:$"Write to {c.Email}"|});
                await text.GetTextContentAsync({|#1:"Summarise " + c.Email|});
            }
        }

        {{Customer}}
        """,
        MlReferences.SemanticKernel,
        Expect(0, "'Customer.Email'", "ITextGenerationService.GetTextContentsAsync"),
        Expect(1, "'Customer.Email'", "TextGenerationExtensions.GetTextContentAsync"));

    // Azure.AI.OpenAI's 1.0.0 betas take the prompt as a ChatMessage(role, content).
    [Fact]
    public Task Flags_AzureOpenAIBetaChatMessage() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;

        class Support
        {
            async Task Ask(OpenAIClient client, Customer c)
            {
                var options = new ChatCompletionsOptions { Messages = { new ChatMessage(ChatRole.User, {|#0:$"Write to {c.Email}"|}) } };
                await client.GetChatCompletionsAsync("gpt-4o", options);
            }
        }

        {{Customer}}
        """,
        MlReferences.AzureOpenAIBeta,
        Expect(0, "'Customer.Email'", "ChatMessage"));

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

    // Anthropic's request models take their content in a constructor as well as in the property it sets (the README's
    // new UserMessageParam($"…"), through MessageContentParam's implicit conversion from string). Other constructor
    // arguments of the SDK's models (a tool-use id) are not prompt text.
    [Fact]
    public Task Flags_AnthropicContentInConstructor() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public sealed class Drafter(AnthropicClient client)
        {
            public Task<Message> DraftAsync(Customer customer) => client.Messages.Create(new MessageCreateParams
            {
                MaxTokens = 512,
                Model = Model.ClaudeSonnet4_5,
                Messages =
                [
                    new UserMessageParam({|#0:$"Write a welcome mail to {customer.Name} <{customer.Email}>"|}),
                    new AssistantMessageParam({|#1:"Noted: " + customer.Email|}),
                    new UserMessageParam { Content = {|#2:$"Remind {customer.Email}"|} },
                    new UserMessageParam($"Write a welcome mail about {customer.OrderCount} orders"),
                ],
            });

            public TextBlockParam Block(Customer customer) => new({|#3:customer.Email|});
            public ToolResultBlockParam Result(Customer customer) => new(customer.Email);
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "UserMessageParam.Content"),
        Expect(1, "'Customer.Email'", "AssistantMessageParam.Content"),
        Expect(2, "'Customer.Email'", "UserMessageParam.Content"),
        Expect(3, "'Customer.Email'", "TextBlockParam.Text"));

    // Semantic Kernel renders KernelArguments into the prompt template of InvokePromptAsync, and of InvokeAsync with a
    // function created from a prompt: a personal member stored into them (indexer initializer, args["x"] = …, Add) is
    // reported once, where it is read.
    [Fact]
    public Task Flags_SemanticKernelArgumentsRenderedIntoAPrompt() => Verify.VerifyAnalyzerAsync($$$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public sealed class Mailer(Kernel kernel)
        {
            public Task<FunctionResult> DraftAsync(Customer customer) =>
                kernel.InvokePromptAsync("Write a welcome mail to {{$name}} ({{$phone}}) at {{$email}}.", new KernelArguments { ["name"] = customer.Name, ["phone"] = {|#0:customer.Contact|}, ["email"] = {|#1:customer.Email|}, ["orders"] = customer.OrderCount });

            public async Task<string> SummarizeAsync(Customer customer)
            {
                var arguments = new KernelArguments { { "email", {|#2:$"<{customer.Email}>"|} } };
                arguments["born"] = {|#3:customer.DateOfBirth|};
                arguments.Add("phone", {|#4:customer.Contact|});
                var summarize = kernel.CreateFunctionFromPrompt("Summarize the account of {{$email}} ({{$phone}}), born {{$born}}");
                await kernel.InvokeAsync(summarize, arguments);
                await kernel.InvokeAsync(summarize, arguments);
                return (await summarize.InvokeAsync(kernel, new() { ["name"] = customer.Name, ["email"] = {|#5:customer.Email|} })).ToString();
            }

            public async Task StreamAsync(Customer customer)
            {
                KernelArguments arguments;
                arguments = new() { ["email"] = {|#6:customer.Email|} };
                await foreach (var update in kernel.InvokePromptStreamingAsync("Greet {{$email}}", arguments))
                    _ = update;
            }
        }

        {{{Customer}}}
        """,
        MlReferences.SemanticKernel,
        Expect(0, "'Customer.Contact'", "KernelExtensions.InvokePromptAsync"),
        Expect(1, "'Customer.Email'", "KernelExtensions.InvokePromptAsync"),
        Expect(2, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(3, "'Customer.DateOfBirth'", "Kernel.InvokeAsync"),
        Expect(4, "'Customer.Contact'", "Kernel.InvokeAsync"),
        Expect(5, "'Customer.Email'", "KernelFunction.InvokeAsync"),
        Expect(6, "'Customer.Email'", "KernelExtensions.InvokePromptStreamingAsync"));

    // Arguments never passed to a Kernel call, stored after the call, or passed to a native function or to one named
    // by plugin and function (not known to be a prompt) are not reported.
    [Fact]
    public Task NoDiagnostic_SemanticKernelArgumentsNotRenderedIntoAPrompt() => Verify.VerifyAnalyzerAsync($$$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public sealed class Mailer(Kernel kernel)
        {
            public async Task SendAsync(Customer customer)
            {
                var unused = new KernelArguments { ["email"] = customer.Email };
                var send = kernel.CreateFunctionFromMethod((string email) => email, "Send");
                await kernel.InvokeAsync(send, new KernelArguments { ["email"] = customer.Email });
                await kernel.InvokeAsync("Mail", "Send", new KernelArguments { ["email"] = customer.Email });

                var later = new KernelArguments();
                await kernel.InvokePromptAsync("Write a greeting", later);
                later["email"] = customer.Email;

                await kernel.InvokePromptAsync("Summarize {{$count}} orders", new KernelArguments { ["count"] = customer.OrderCount });

                // A literal template renders only the variables it names: the e-mail is there for a filter.
                await kernel.InvokePromptAsync("Answer the question: {{$question}}", new KernelArguments { ["question"] = "Where is my order?", ["email"] = customer.Email });
                var forFilters = new KernelArguments { ["question"] = "Where is my order?" };
                forFilters.Add("EMAIL_ADDRESS", customer.Email);
                await kernel.InvokePromptAsync("Answer the question: {{ $question }} (not an email)", forFilters);
            }
        }

        {{{Customer}}}
        """,
        MlReferences.SemanticKernel);

    // A function created from a prompt renders the variables its template names: with a known template (a constant, a
    // PromptTemplateConfig created in the call), an argument it names is reported, as with InvokePromptAsync; with a
    // template not known here (a prompt directory, a string that is not a constant, a config held elsewhere, an
    // IPromptTemplate, a local assigned in branches), every personal argument is. InvokePromptAsync given a
    // PromptTemplateConfig renders the config's template, not the string.
    [Fact]
    public Task Flags_SemanticKernelArgumentsNamedOrTemplateNotKnown() => Verify.VerifyAnalyzerAsync($$$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public sealed class Mailer(Kernel kernel)
        {
            private const string Greeting = "Greet {{$name}} at {{ $email }}";

            public async Task NamedAsync(Customer customer)
            {
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(Greeting), new KernelArguments { ["name"] = customer.Name, ["email"] = {|#0:customer.Email|} });
                var factory = KernelFunctionFactory.CreateFromPrompt("Greet {{$name}}, {{$EMAIL}}", functionName: "Greet");
                await kernel.InvokeAsync(factory, new KernelArguments { ["email"] = {|#1:customer.Email|} });
                var configured = kernel.CreateFunctionFromPrompt(new PromptTemplateConfig("Greet {{$email}}"));
                await configured.InvokeAsync(kernel, new KernelArguments { ["email"] = {|#2:customer.Email|} });
                var overridden = kernel.CreateFunctionFromPrompt(new PromptTemplateConfig("Greet {{$name}}") { Template = "Greet {{$email}}" });
                await kernel.InvokeAsync(overridden, new KernelArguments { ["email"] = {|#3:customer.Email|} });
            }

            public async Task NotKnownAsync(Customer customer, string template, PromptTemplateConfig config, IPromptTemplate custom, bool formal)
            {
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(template), new KernelArguments { ["email"] = {|#4:customer.Email|} });
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(config), new KernelArguments { ["email"] = {|#5:customer.Email|} });
                await kernel.InvokeAsync(KernelFunctionFactory.CreateFromPrompt(custom, new PromptTemplateConfig("Greet {{$name}}")), new KernelArguments { ["email"] = {|#6:customer.Email|} });
                var text = "Greet {{$name}}";
                if (formal)
                    text += " and {{$email}}";
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(text), new KernelArguments { ["email"] = {|#7:customer.Email|} });
                await kernel.InvokeAsync(kernel.ImportPluginFromPromptDirectory("Prompts")["Greet"], new KernelArguments { ["email"] = {|#8:customer.Email|} });

                KernelFunction greet;
                if (formal)
                    greet = kernel.CreateFunctionFromPrompt("Dear {{$email}}");
                else
                    greet = kernel.CreateFunctionFromPrompt("Hi {{$name}}");
                await kernel.InvokeAsync(greet, new KernelArguments { ["email"] = {|#9:customer.Email|} });

                await kernel.InvokePromptAsync("Greet {{$name}}", new KernelArguments { ["email"] = {|#10:customer.Email|} }, promptTemplateConfig: new PromptTemplateConfig("Greet {{$email}}"));
                await kernel.InvokePromptAsync("Greet {{$name}}", new KernelArguments { ["email"] = {|#11:customer.Email|} }, promptTemplateConfig: config);

                // A config held in a local and changed, or handed elsewhere, before the call; a template in a field
                // anything may assign.
                var changed = new PromptTemplateConfig("Greet {{$name}}");
                changed.Template = template;
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(changed), new KernelArguments { ["email"] = {|#12:customer.Email|} });
                var shared = new PromptTemplateConfig("Greet {{$name}}");
                Customize(shared);
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(shared), new KernelArguments { ["email"] = {|#13:customer.Email|} });
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(Mutable), new KernelArguments { ["email"] = {|#14:customer.Email|} });
            }

            public static string Mutable = "Greet {{$name}}";

            private static void Customize(PromptTemplateConfig config) => config.Template += " {{$email}}";
        }

        {{{Customer}}}
        """,
        MlReferences.SemanticKernel,
        Expect(0, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(1, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(2, "'Customer.Email'", "KernelFunction.InvokeAsync"),
        Expect(3, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(4, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(5, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(6, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(7, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(8, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(9, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(10, "'Customer.Email'", "KernelExtensions.InvokePromptAsync"),
        Expect(11, "'Customer.Email'", "KernelExtensions.InvokePromptAsync"),
        Expect(12, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(13, "'Customer.Email'", "Kernel.InvokeAsync"),
        Expect(14, "'Customer.Email'", "Kernel.InvokeAsync"));

    // A function created from a known template (a literal, a constant, a PromptTemplateConfig created in the call) does
    // not render an argument its template does not name, as InvokePromptAsync does not: the e-mail is there for a
    // filter or a native function.
    [Fact]
    public Task NoDiagnostic_SemanticKernelArgumentsNotNamedByAFunctionTemplate() => Verify.VerifyAnalyzerAsync($$$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public sealed class Ticket { public string Text { get; set; } }

        public sealed class Support(Kernel kernel)
        {
            private const string Summary = "Summarize the ticket: {{$ticket}}";

            public async Task SummarizeAsync(Ticket t, Customer customer)
            {
                var fn = kernel.CreateFunctionFromPrompt("Summarize the ticket: {{$ticket}}");
                var args = new KernelArguments { ["ticket"] = t.Text, ["email"] = customer.Email };
                await kernel.InvokeAsync(fn, args);
                await foreach (var update in kernel.InvokeStreamingAsync(fn, args))
                    _ = update;

                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(Summary, functionName: "Summarize"), new KernelArguments { ["ticket"] = t.Text, ["email"] = customer.Email });
                var factory = KernelFunctionFactory.CreateFromPrompt(Summary);
                await factory.InvokeAsync(kernel, new KernelArguments { ["email_address"] = customer.Email });
                var configured = kernel.CreateFunctionFromPrompt(new PromptTemplateConfig(Summary) { Name = "Summarize" });
                await kernel.InvokeAsync(configured, new KernelArguments { ["email"] = customer.Email });
                var initialized = KernelFunctionFactory.CreateFromPrompt(new PromptTemplateConfig { Template = "Summarize {{$ticket}} (no emails)", TemplateFormat = "semantic-kernel" });
                var held = initialized;
                await held.InvokeAsync(kernel, new KernelArguments { ["emailAddress"] = customer.Email });

                // A config with no template of its own renders the string.
                await kernel.InvokePromptAsync(Summary, new KernelArguments { ["email"] = customer.Email }, promptTemplateConfig: new PromptTemplateConfig { Name = "Summarize" });
            }

            // A template held where it is certainly known: a local assigned once, a readonly field, a get-only property,
            // a config local read only by the call.
            public async Task HeldTemplatesAsync(Ticket t, Customer customer)
            {
                var prompt = @"Summarize the ticket:
                    {{$ticket}}";
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(prompt), new KernelArguments { ["ticket"] = t.Text, ["email"] = customer.Email });
                await kernel.InvokePromptAsync(prompt, new KernelArguments { ["ticket"] = t.Text, ["email"] = customer.Email });
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(Template), new KernelArguments { ["email"] = customer.Email });
                await kernel.InvokeAsync(KernelFunctionFactory.CreateFromPrompt(Prompt), new KernelArguments { ["email"] = customer.Email });
                var config = new PromptTemplateConfig { Template = prompt, Name = "Summarize" };
                await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(config), new KernelArguments { ["email"] = customer.Email });
            }

            private static readonly string Template = "Summarize {{$ticket}}";

            private string Prompt => "Summarize {{$ticket}}";
        }

        {{{Customer}}}
        """,
        MlReferences.SemanticKernel);

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
    public Task Flags_ConditionalAccess() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c, Order o)
            {
                await chat.GetResponseAsync({|#0:$"Reply to {c?.Email}"|});
                await chat.GetResponseAsync({|#1:$"Call {c?.Contact ?? "n/a"}"|});
                await chat.GetResponseAsync({|#2:"Reply to " + c.Email?.Trim()|});
                await chat.GetResponseAsync({|#3:$"Ship to {o?.Buyer?.Email}"|});
            }
        }

        public class Order { public Customer Buyer { get; set; } }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Contact'", "ChatClientExtensions.GetResponseAsync"),
        Expect(2, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(3, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"));

    [Fact]
    public Task NoDiagnostic_ConditionalAccessToNonPersonalMembers() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                await chat.GetResponseAsync($"The customer has {c?.OrderCount} orders and is called {c?.Name}");
                await chat.GetResponseAsync($"The address is {c?.Email?.Length} characters long");
                await chat.GetResponseAsync($"Signed up: {c?.Name?.Trim() ?? "unknown"}");
            }
        }

        {{Customer}}
        """);

    [Fact]
    public Task Flags_PromptBuiltWithCompoundAssignment() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                var prompt = "Summarise this customer.";
                prompt += $" Email: {c.Email}";
                prompt += " Be brief.";
                await chat.GetResponseAsync({|#0:prompt|});

                var intro = "Call " + c.Contact;
                intro += " today.";
                await chat.GetResponseAsync({|#1:intro|});
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Contact'", "ChatClientExtensions.GetResponseAsync"));

    /// <summary>
    /// <c>prompt ??= text</c> is <c>if (prompt is null) prompt = text;</c>: the prompt holds either text or what it held
    /// before, and each is reported, as a possible value is for an assignment in an <c>if</c>.
    /// </summary>
    [Fact]
    public Task Flags_PromptAssignedWithCoalesceAssignment() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c, string? cached)
            {
                string? prompt = null;
                prompt ??= $"Summarize {c.Email}";
                await chat.GetResponseAsync({|#0:prompt|});

                var fallback = cached;
                fallback ??= "Call " + c.Contact;
                fallback += " Be brief.";
                await chat.GetResponseAsync({|#1:fallback|});

                string? kept = c.Email;
                kept ??= "Summarize.";
                await chat.GetResponseAsync({|#2:kept|});

                string? inline = null;
                await chat.GetResponseAsync({|#3:inline ??= $"Summarize {c.Email}"|});
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Contact'", "ChatClientExtensions.GetResponseAsync"),
        Expect(2, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(3, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"));

    [Fact]
    public Task NoDiagnostic_CoalesceAssignmentThatNeverAssignsOrOfNonPersonalText() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c, string? cached)
            {
                string? prompt = null;
                prompt ??= $"Summarize the order count {c.OrderCount}";
                await chat.GetResponseAsync(prompt);

                // An interpolated string is never null: the ??= does not assign.
                string? set = $"Summarize the order count {c.OrderCount}";
                set ??= $"Summarize {c.Email}";
                await chat.GetResponseAsync(set);

                // Assigned after the prompt was sent, or replaced before.
                string? later = cached;
                await chat.GetResponseAsync(later!);
                later ??= c.Email;

                string? replaced = cached;
                replaced ??= c.Email;
                replaced = "Summarize.";
                await chat.GetResponseAsync(replaced);
            }
        }

        {{Customer}}
        """);

    [Fact]
    public Task NoDiagnostic_CompoundAssignmentOfNonPersonalText() => Verify.VerifyAnalyzerAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                var prompt = "Summarise this customer.";
                prompt += " Be brief.";
                prompt += $" They have {c.OrderCount} orders.";
                await chat.GetResponseAsync(prompt);

                // The personal part was added after the prompt was sent, or before it was replaced.
                var later = "Summarise.";
                await chat.GetResponseAsync(later);
                later += c.Email;

                var replaced = "Email: " + c.Email;
                replaced = "Summarise.";
                replaced += " Be brief.";
                await chat.GetResponseAsync(replaced);
            }
        }

        {{Customer}}
        """);

    [Fact]
    public Task Flags_StringBuilderPrompt() => Verify.VerifyAnalyzerAsync($$"""
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                var sb = new StringBuilder();
                sb.AppendLine("Summarise this customer.");
                sb.AppendLine($"Email: {c.Email}");
                await chat.GetResponseAsync({|#0:sb.ToString()|});

                var chained = new StringBuilder();
                chained.Append("Call ").Append(c.Contact).AppendLine(".");
                await chat.GetResponseAsync({|#1:chained.ToString()|});

                var formatted = new StringBuilder("Born ");
                formatted.AppendFormat("{0:d}", c.DateOfBirth);
                formatted.Insert(0, c.Email);
                await chat.GetResponseAsync({|#2:formatted.ToString()|});

                await chat.GetResponseAsync({|#3:new StringBuilder("Reply to ").Append(c.Email).ToString()|});

                var seeded = new StringBuilder(c.Email);
                seeded.Append(" wrote to us.");
                await chat.GetResponseAsync({|#4:seeded.ToString()|});
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Contact'", "ChatClientExtensions.GetResponseAsync"),
        Expect(2, "'Customer.DateOfBirth', 'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(3, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(4, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"));

    // Replacing run-time text (a redaction) leaves a builder whose text is not known; replacing constants does not.
    [Fact]
    public Task Flags_StringBuilderUnlessRunTimeTextIsReplaced() => Verify.VerifyAnalyzerAsync($$"""
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c, string ticket)
            {
                var redacted = new StringBuilder();
                redacted.AppendLine($"Ticket from {c.Email}: {ticket}");
                redacted.Replace(c.Email, "[customer]");
                await chat.GetResponseAsync(redacted.ToString());

                var tidied = new StringBuilder();
                tidied.AppendLine($"Ticket from {c.Email}: {ticket}").Replace("\r", "").Replace('\t', ' ');
                await chat.GetResponseAsync({|#0:tidied.ToString()|});

                var reused = new StringBuilder(ticket);
                reused.Replace(c.Email, "[customer]");
                reused.Clear();
                reused.Append(c.Contact);
                await chat.GetResponseAsync({|#1:reused.ToString()|});
            }
        }

        {{Customer}}
        """,
        Expect(0, "'Customer.Email'", "ChatClientExtensions.GetResponseAsync"),
        Expect(1, "'Customer.Contact'", "ChatClientExtensions.GetResponseAsync"));

    [Fact]
    public Task NoDiagnostic_StringBuilderWithoutPersonalText() => Verify.VerifyAnalyzerAsync($$"""
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        class Support
        {
            async Task Ask(IChatClient chat, Customer c)
            {
                var sb = new StringBuilder();
                sb.AppendLine("Summarise this customer.");
                sb.Append($"They have {c.OrderCount} orders, name {c.Name}.");
                await chat.GetResponseAsync(sb.ToString());

                // The personal text goes into another builder.
                var prompt = new StringBuilder("Summarise this customer.");
                var mail = new StringBuilder();
                mail.Append(c.Email).AppendLine();
                await chat.GetResponseAsync(prompt.ToString());

                // Appended after the prompt was sent, or cleared before.
                var reused = new StringBuilder("Summarise.");
                await chat.GetResponseAsync(reused.ToString());
                reused.Append(c.Email);
                reused.Clear();
                reused.Append("Be brief.");
                await chat.GetResponseAsync(reused.ToString());
            }
        }

        {{Customer}}
        """);

    // A framework type is one a framework assembly declares, not any type in a Microsoft.* namespace: the app's own
    // (eShopOnWeb is Microsoft.eShopWeb.*), here and in a project it references (ApplicationCore.dll), holds its
    // customers' data. Framework members stay quiet: System.Net.Mail.MailAddress.Address, and Identity's
    // IdentityUser.NormalizedEmail, which carries no marker. The other project is seen as a build sees it (a built
    // assembly) and as an IDE does (a project reference).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppInMicrosoftNamespace_ItsMembersAreData(bool builtAssembly)
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using System.Net.Mail;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.AI;
            using Microsoft.eShopWeb.ApplicationCore.Entities;

            namespace Microsoft.eShopWeb.Web
            {
                public sealed class Recipient { public string Email { get; set; } = ""; }

                public sealed class OrderAssistant(IChatClient chat)
                {
                    public Task<ChatResponse> Draft(Buyer buyer) => chat.GetResponseAsync({|#0:$"Write to {buyer.FullName} at {buyer.Email}"|});
                    public Task<ChatResponse> Notify(Recipient recipient) => chat.GetResponseAsync({|#1:$"Notify {recipient.Email}"|});
                    public Task<ChatResponse> Framework(MailAddress address, IdentityUser user) =>
                        chat.GetResponseAsync($"Notify {address.Address} about {user.NormalizedEmail}");
                }
            }
            """;
        const string ApplicationCore = """
            namespace Microsoft.eShopWeb.ApplicationCore.Entities
            {
                public sealed class Buyer { public string Email { get; set; } = ""; public string FullName { get; set; } = ""; }
            }
            """;
        if (builtAssembly)
        {
            test.TestState.AdditionalReferences.Add(await BuiltProject.ReferenceAsync("ApplicationCore", ApplicationCore));
        }
        else
        {
            test.TestState.AdditionalProjects["ApplicationCore"].Sources.Add(("/ApplicationCore/Buyer.cs", ApplicationCore));
            test.TestState.AdditionalProjectReferences.Add("ApplicationCore");
        }

        test.ExpectedDiagnostics.Add(Expect(0, "'Buyer.FullName', 'Buyer.Email'", "ChatClientExtensions.GetResponseAsync"));
        test.ExpectedDiagnostics.Add(Expect(1, "'Recipient.Email'", "ChatClientExtensions.GetResponseAsync"));
        await test.RunAsync();
    }

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
