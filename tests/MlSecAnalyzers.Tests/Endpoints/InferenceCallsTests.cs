using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Endpoints.AnonymousModelEndpointAnalyzer>;

namespace MlSecAnalyzers.Tests.Endpoints;

/// <summary>The shared inference-call knowledge (Infrastructure/InferenceCalls), seen through MLSEC010: one library per case.</summary>
public sealed class InferenceCallsTests
{
    private static DiagnosticResult Anonymous(string endpoint, string call) =>
        Verify.Diagnostic(Descriptors.MLSEC010_AnonymousModelEndpoint).WithLocation(0)
            .WithArguments(endpoint, call, "no authorization reaches it");

    private static string Endpoint(string usings, string parameters, string body) => usings + $$"""

        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        app.{|#0:MapPost|}("/m", {{parameters}} => {{body}});
        app.Run();
        """;

    [Theory]
    [InlineData("using Azure.AI.Inference;", "(ChatCompletionsClient c, ChatCompletionsOptions o)", "c.Complete(o).Value.Content", "ChatCompletionsClient.Complete")]
    [InlineData("using Anthropic.Services; using Anthropic.Models.Messages;", "(IMessageService m, MessageCreateParams p)", "m.Create(p, default)", "IMessageService.Create")]
    [InlineData("using OpenAI.Embeddings;", "(EmbeddingClient e, string text)", "e.GenerateEmbedding(text, null, default).Value.Index", "EmbeddingClient.GenerateEmbedding")]
    [InlineData("using Microsoft.Extensions.AI;", "(IEmbeddingGenerator<string, Embedding<float>> g, string text)", "g.GenerateAsync(new[] { text }, null, default)", "IEmbeddingGenerator.GenerateAsync")]
    [InlineData("using Microsoft.Extensions.AI;", "(IChatClient chat, string prompt)", "chat.GetStreamingResponseAsync(prompt, null, default)", "IChatClient.GetStreamingResponseAsync")]
    [InlineData("using Microsoft.ML;", "(ITransformer model, IDataView data)", "model.Transform(data).Schema.Count", "ITransformer.Transform")]
    public Task Flags_InferenceCallOfEachLibrary(string usings, string parameters, string body, string call) =>
        Verify.VerifyAnalyzerAsync(Endpoint(usings, parameters, body), Anonymous("POST /m", call));

    [Fact]
    public Task Flags_PredictionEnginePool()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(Endpoint("using Microsoft.Extensions.ML;", "(PredictionEnginePool<In, Out> pool, In input)", "pool.Predict(input)") + """

            public class In { public float X { get; set; } }
            public class Out { public float Y { get; set; } }
            """);
        test.TestState.Sources.Add((MicrosoftExtensionsMLStub.Path, MicrosoftExtensionsMLStub.Source));
        test.ExpectedDiagnostics.Add(Anonymous("POST /m", "PredictionEnginePool.Predict"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("(Kernel kernel, string prompt)", "kernel.InvokePromptAsync(prompt, null, null, null, null, default)", "Kernel.InvokePromptAsync")]
    [InlineData("(IChatCompletionService chat, string prompt)", "chat.GetChatMessageContentAsync(prompt, null, null, default)", "IChatCompletionService.GetChatMessageContentAsync")]
    public Task Flags_SemanticKernel(string parameters, string body, string call) =>
        Verify.VerifyAnalyzerAsync(
            Endpoint("using Microsoft.SemanticKernel; using Microsoft.SemanticKernel.ChatCompletion;", parameters, body),
            MlReferences.SemanticKernel,
            Anonymous("POST /m", call));

    // Semantic Kernel's other AI services, by their own methods and by their extension methods.
    [Theory]
    [InlineData("using Microsoft.SemanticKernel.TextGeneration;", "(ITextGenerationService t, string prompt)", "t.GetTextContentAsync(prompt, null, null, default)", "ITextGenerationService.GetTextContentAsync")]
    [InlineData("using Microsoft.SemanticKernel.TextGeneration;", "(ITextGenerationService t, string prompt)", "t.GetStreamingTextContentsAsync(prompt, null, null, default)", "ITextGenerationService.GetStreamingTextContentsAsync")]
    [InlineData("using Microsoft.SemanticKernel.TextToImage;", "(ITextToImageService images, string description)", "images.GenerateImageAsync(description, 1024, 1024, null, default)", "ITextToImageService.GenerateImageAsync")]
    [InlineData("using Microsoft.SemanticKernel.AudioToText;", "(IAudioToTextService audio, AudioContent content)", "audio.GetTextContentsAsync(content, null, null, default)", "IAudioToTextService.GetTextContentsAsync")]
    [InlineData("using Microsoft.SemanticKernel.TextToAudio;", "(ITextToAudioService speech, string text)", "speech.GetAudioContentAsync(text, null, null, default)", "ITextToAudioService.GetAudioContentAsync")]
    [InlineData("using Microsoft.SemanticKernel.Embeddings;", "(ITextEmbeddingGenerationService e, string text)", "e.GenerateEmbeddingAsync(text, null, default)", "IEmbeddingGenerationService.GenerateEmbeddingAsync")]
    public Task Flags_SemanticKernelServices(string usings, string parameters, string body, string call) =>
        Verify.VerifyAnalyzerAsync(
            Endpoint("#pragma warning disable SKEXP0001, CS0618\nusing Microsoft.SemanticKernel; " + usings, parameters, body),
            MlReferences.SemanticKernel,
            Anonymous("POST /m", call));
}
