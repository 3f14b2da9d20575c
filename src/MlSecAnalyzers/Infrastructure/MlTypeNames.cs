namespace MlSecAnalyzers.Infrastructure;

/// <summary>Metadata names (with arity) of the library types the rules understand. Keep each group sorted.</summary>
internal static class MlTypeNames
{
    // Credentials and HTTP
    public const string AzureAzureKeyCredential = "Azure.AzureKeyCredential";
    public const string SystemClientModelApiKeyCredential = "System.ClientModel.ApiKeyCredential";
    public const string SystemNetHttpHeadersAuthenticationHeaderValue = "System.Net.Http.Headers.AuthenticationHeaderValue";
    public const string SystemNetHttpHeadersHttpHeaders = "System.Net.Http.Headers.HttpHeaders";

    // Configuration
    public const string MicrosoftExtensionsConfigurationIConfiguration = "Microsoft.Extensions.Configuration.IConfiguration";

    // Untrusted sources
    public const string AzureStorageBlobsSpecializedBlobBaseClient = "Azure.Storage.Blobs.Specialized.BlobBaseClient";
    public const string MicrosoftAspNetCoreHttpHttpRequest = "Microsoft.AspNetCore.Http.HttpRequest";
    public const string MicrosoftAspNetCoreHttpIFormFile = "Microsoft.AspNetCore.Http.IFormFile";
    public const string MicrosoftAspNetCoreMvcControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
    public const string SystemNetHttpHttpClient = "System.Net.Http.HttpClient";
    public const string SystemNetWebClient = "System.Net.WebClient";
    public const string SystemNetHttpHttpContent = "System.Net.Http.HttpContent";

    // LLM clients
    public const string AnthropicServicesBetaIMessageService = "Anthropic.Services.Beta.IMessageService";
    public const string AnthropicServicesIMessageService = "Anthropic.Services.IMessageService";
    public const string AzureAIInferenceChatCompletionsClient = "Azure.AI.Inference.ChatCompletionsClient";
    public const string AzureAIInferenceEmbeddingsClient = "Azure.AI.Inference.EmbeddingsClient";
    public const string MicrosoftExtensionsAIIChatClient = "Microsoft.Extensions.AI.IChatClient";
    public const string MicrosoftExtensionsAIIEmbeddingGenerator2 = "Microsoft.Extensions.AI.IEmbeddingGenerator`2";
    public const string MicrosoftSemanticKernelChatCompletionIChatCompletionService = "Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService";
    public const string MicrosoftSemanticKernelKernel = "Microsoft.SemanticKernel.Kernel";
    public const string MicrosoftSemanticKernelTextGenerationITextGenerationService = "Microsoft.SemanticKernel.TextGeneration.ITextGenerationService";
    public const string MicrosoftSemanticKernelTextToImageITextToImageService = "Microsoft.SemanticKernel.TextToImage.ITextToImageService";
    public const string MicrosoftSemanticKernelAudioToTextIAudioToTextService = "Microsoft.SemanticKernel.AudioToText.IAudioToTextService";
    public const string MicrosoftSemanticKernelTextToAudioITextToAudioService = "Microsoft.SemanticKernel.TextToAudio.ITextToAudioService";
    public const string MicrosoftSemanticKernelEmbeddingsIEmbeddingGenerationService2 = "Microsoft.SemanticKernel.Embeddings.IEmbeddingGenerationService`2";
    public const string OpenAIChatChatClient = "OpenAI.Chat.ChatClient";
    public const string OpenAIEmbeddingsEmbeddingClient = "OpenAI.Embeddings.EmbeddingClient";
    // Azure.AI.OpenAI 1.0.0 betas: one client for every operation (2.x returns OpenAI's clients instead).
    public const string AzureAIOpenAIOpenAIClient = "Azure.AI.OpenAI.OpenAIClient";
    public const string OpenAIResponsesResponsesClient = "OpenAI.Responses.ResponsesClient";
    // The same client under its name in earlier OpenAI 2.x versions (2.5 has it; 2.10 has ResponsesClient).
    public const string OpenAIResponsesOpenAIResponseClient = "OpenAI.Responses.OpenAIResponseClient";
    public const string OpenAIImagesImageClient = "OpenAI.Images.ImageClient";
    public const string OpenAIAudioAudioClient = "OpenAI.Audio.AudioClient";

    // ML.NET, ONNX Runtime, Microsoft.Extensions.ML
    public const string MicrosoftExtensionsMLBuilderExtensions = "Microsoft.Extensions.ML.BuilderExtensions";
    public const string MicrosoftMLDataOperationsCatalog = "Microsoft.ML.DataOperationsCatalog";
    public const string MicrosoftMLModelOperationsCatalog = "Microsoft.ML.ModelOperationsCatalog";
    public const string MicrosoftMLOnnxCatalog = "Microsoft.ML.OnnxCatalog";
    public const string MicrosoftMLOnnxRuntimeSessionOptions = "Microsoft.ML.OnnxRuntime.SessionOptions";
    public const string MicrosoftExtensionsMLPredictionEnginePool2 = "Microsoft.Extensions.ML.PredictionEnginePool`2";
    public const string MicrosoftMLIEstimator1 = "Microsoft.ML.IEstimator`1";
    public const string MicrosoftMLITransformer = "Microsoft.ML.ITransformer";
    public const string MicrosoftMLMLContext = "Microsoft.ML.MLContext";
    public const string MicrosoftMLOnnxRuntimeInferenceSession = "Microsoft.ML.OnnxRuntime.InferenceSession";
    public const string MicrosoftMLOnnxRuntimeNamedOnnxValue = "Microsoft.ML.OnnxRuntime.NamedOnnxValue";
    public const string MicrosoftMLOnnxRuntimeOrtValue = "Microsoft.ML.OnnxRuntime.OrtValue";
    public const string MicrosoftMLOnnxRuntimeTensorsTensor1 = "Microsoft.ML.OnnxRuntime.Tensors.Tensor`1";
    public const string MicrosoftMLPredictionEngine2 = "Microsoft.ML.PredictionEngine`2";
    public const string MicrosoftMLPredictionEngineBase2 = "Microsoft.ML.PredictionEngineBase`2";
    public const string MicrosoftMLDataVBuffer1 = "Microsoft.ML.Data.VBuffer`1";

    // ASP.NET Core
    public const string MicrosoftAspNetCoreAuthorizationAuthorizeAttribute = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";
    public const string MicrosoftAspNetCoreAuthorizationIAllowAnonymous = "Microsoft.AspNetCore.Authorization.IAllowAnonymous";
    public const string MicrosoftAspNetCoreAuthorizationIAuthorizeData = "Microsoft.AspNetCore.Authorization.IAuthorizeData";
    public const string MicrosoftAspNetCoreMvcAuthorizationAuthorizeFilter = "Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter";
    public const string MicrosoftAspNetCoreMvcFiltersIFilterMetadata = "Microsoft.AspNetCore.Mvc.Filters.IFilterMetadata";
    public const string MicrosoftAspNetCoreRateLimitingDisableRateLimitingAttribute = "Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute";
    public const string MicrosoftAspNetCoreRateLimitingEnableRateLimitingAttribute = "Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute";
    public const string MicrosoftAspNetCoreSignalRHub = "Microsoft.AspNetCore.SignalR.Hub";
    public const string AzureFunctionsWorkerFunctionAttribute = "Microsoft.Azure.Functions.Worker.FunctionAttribute";
    public const string AzureFunctionsWorkerHttpTriggerAttribute = "Microsoft.Azure.Functions.Worker.HttpTriggerAttribute";
    public const string AzureWebJobsFunctionNameAttribute = "Microsoft.Azure.WebJobs.FunctionNameAttribute";
    public const string AzureWebJobsHttpTriggerAttribute = "Microsoft.Azure.WebJobs.HttpTriggerAttribute";
}
