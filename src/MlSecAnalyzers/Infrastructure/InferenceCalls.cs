using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Knows which calls run a model: ML.NET, Microsoft.Extensions.ML, ONNX Runtime, OpenAI, Azure.AI.Inference, Anthropic,
/// Microsoft.Extensions.AI and Semantic Kernel, plus the types and methods users declare in
/// <c>mlsec.inference_types</c>. A call is matched on its method name first (a dictionary hit), and only then on the
/// type it is called on: that type, or a type it derives from or implements, must be the library type. Extension
/// methods are matched on their <c>this</c> parameter, so <c>ChatClientExtensions.GetResponseAsync(this IChatClient, string)</c>
/// counts like <c>IChatClient.GetResponseAsync</c>. Shared by every rule that needs "this runs inference".
/// </summary>
internal sealed class InferenceCalls
{
    public const string InferenceTypesOption = "inference_types";

    // Method name -> the library types (metadata names) it must be called on.
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> KnownCalls = Build(
        (MlTypeNames.MicrosoftMLPredictionEngine2, new[] { "Predict" }),
        (MlTypeNames.MicrosoftMLPredictionEngineBase2, new[] { "Predict" }),
        (MlTypeNames.MicrosoftExtensionsMLPredictionEnginePool2, new[] { "Predict", "GetPredictionEngine" }),
        (MlTypeNames.MicrosoftMLITransformer, new[] { "Transform" }),
        (MlTypeNames.MicrosoftMLOnnxRuntimeInferenceSession, new[] { "Run", "RunAsync" }),
        (MlTypeNames.OpenAIChatChatClient, new[] { "CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync" }),
        (MlTypeNames.OpenAIEmbeddingsEmbeddingClient, new[] { "GenerateEmbedding", "GenerateEmbeddingAsync", "GenerateEmbeddings", "GenerateEmbeddingsAsync" }),
        // OpenAI's Responses API: creating a response runs the model; reading, listing or deleting a stored one does not.
        (MlTypeNames.OpenAIResponsesResponsesClient, new[] { "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync" }),
        (MlTypeNames.OpenAIResponsesOpenAIResponseClient, new[] { "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync" }),
        (MlTypeNames.OpenAIImagesImageClient, new[]
        {
            "GenerateImage", "GenerateImageAsync", "GenerateImages", "GenerateImagesAsync", "GenerateImagesStreamingAsync",
            "GenerateImageEdit", "GenerateImageEditAsync", "GenerateImageEdits", "GenerateImageEditsAsync", "GenerateImageEditsStreamingAsync",
            "GenerateImageVariation", "GenerateImageVariationAsync", "GenerateImageVariations", "GenerateImageVariationsAsync",
        }),
        (MlTypeNames.OpenAIAudioAudioClient, new[]
        {
            "TranscribeAudio", "TranscribeAudioAsync", "TranscribeAudioStreamingAsync", "TranscribeAudioDiarized", "TranscribeAudioDiarizedAsync",
            "TranslateAudio", "TranslateAudioAsync", "GenerateSpeech", "GenerateSpeechAsync", "GenerateSpeechStreamingAsync",
        }),
        (MlTypeNames.AzureAIOpenAIOpenAIClient, new[]
        {
            "GetChatCompletions", "GetChatCompletionsAsync", "GetChatCompletionsStreaming", "GetChatCompletionsStreamingAsync",
            "GetCompletions", "GetCompletionsAsync", "GetCompletionsStreaming", "GetCompletionsStreamingAsync",
            "GetEmbeddings", "GetEmbeddingsAsync", "GetImageGenerations", "GetImageGenerationsAsync",
            "GetAudioTranscription", "GetAudioTranscriptionAsync", "GetAudioTranslation", "GetAudioTranslationAsync",
            "GenerateSpeechFromText", "GenerateSpeechFromTextAsync",
        }),
        (MlTypeNames.AzureAIInferenceChatCompletionsClient, new[] { "Complete", "CompleteAsync", "CompleteStreaming", "CompleteStreamingAsync" }),
        (MlTypeNames.AzureAIInferenceEmbeddingsClient, new[] { "Embed", "EmbedAsync" }),
        (MlTypeNames.AnthropicServicesIMessageService, new[] { "Create", "CreateStreaming" }),
        (MlTypeNames.AnthropicServicesBetaIMessageService, new[] { "Create", "CreateStreaming" }),
        (MlTypeNames.MicrosoftExtensionsAIIChatClient, new[] { "GetResponseAsync", "GetStreamingResponseAsync" }),
        (MlTypeNames.MicrosoftExtensionsAIIEmbeddingGenerator2, new[] { "GenerateAsync", "GenerateVectorAsync", "GenerateEmbeddingAsync", "GenerateEmbeddingVectorAsync", "GenerateAndZipAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelKernel, new[] { "InvokeAsync", "InvokeStreamingAsync", "InvokePromptAsync", "InvokePromptStreamingAsync" }),
        // Semantic Kernel's other AI services (and their extension methods, matched on their this parameter).
        (MlTypeNames.MicrosoftSemanticKernelTextGenerationITextGenerationService, new[] { "GetTextContentsAsync", "GetStreamingTextContentsAsync", "GetTextContentAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelTextToImageITextToImageService, new[] { "GetImageContentsAsync", "GenerateImageAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelAudioToTextIAudioToTextService, new[] { "GetTextContentsAsync", "GetTextContentAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelTextToAudioITextToAudioService, new[] { "GetAudioContentsAsync", "GetAudioContentAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelEmbeddingsIEmbeddingGenerationService2, new[] { "GenerateEmbeddingsAsync", "GenerateEmbeddingAsync" }),
        (MlTypeNames.MicrosoftSemanticKernelChatCompletionIChatCompletionService, new[] { "GetChatMessageContentsAsync", "GetChatMessageContentAsync", "GetStreamingChatMessageContentsAsync" }));

    private readonly MlTypes _types;
    private readonly ConcurrentDictionary<string, UserInferenceTypes> _userTypes = new(StringComparer.Ordinal);

    private InferenceCalls(MlTypes types) => _types = types;

    public static InferenceCalls Create(MlTypes types) => new(types);

    /// <summary>The user-declared inference types and methods for <paramref name="raw"/> (the option's value), parsed once.</summary>
    public UserInferenceTypes GetUserTypes(string? raw) =>
        raw is null ? UserInferenceTypes.Empty : _userTypes.GetOrAdd(raw, UserInferenceTypes.Parse);

    /// <summary>True when <paramref name="method"/> runs a model; <paramref name="display"/> names it for messages (<c>ChatClient.CompleteChatAsync</c>).</summary>
    /// <remarks><paramref name="instanceType"/>, the static type of the instance called on when known, names the call better than the declaring type (<c>PredictionEngine</c>, not <c>PredictionEngineBase</c>).</remarks>
    public bool IsInferenceCall(IMethodSymbol method, ITypeSymbol? instanceType, UserInferenceTypes user, out string display)
    {
        display = string.Empty;
        var receiver = instanceType ?? ReceiverType(method);
        if (receiver is null)
            return false;

        if (KnownCalls.TryGetValue(method.Name, out var typeNames))
        {
            foreach (var typeName in typeNames)
            {
                if (_types.Get(typeName) is { } libraryType && IsOrInherits(receiver, libraryType))
                {
                    display = libraryType.Name + "." + method.Name;
                    return true;
                }
            }
        }

        if (!user.IsEmpty && user.Matches(method, receiver))
        {
            display = receiver.Name + "." + method.Name;
            return true;
        }

        return false;
    }

    private static ITypeSymbol? ReceiverType(IMethodSymbol method)
    {
        if (method.ReducedFrom is not null)
            return method.ReceiverType;
        if (method.IsExtensionMethod)
            return method.Parameters.Length > 0 ? method.Parameters[0].Type : null;
        return method.ContainingType;
    }

    /// <summary>True when <paramref name="type"/> is, derives from or implements <paramref name="target"/> (compared as original definitions).</summary>
    public static bool IsOrInherits(ITypeSymbol type, INamedTypeSymbol target)
    {
        var targetDefinition = target.OriginalDefinition;
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (IsOrInherits(constraint, target))
                    return true;
            }

            return false;
        }

        // typeof(C<>): an unbound type has no base type or interfaces, but its definition has.
        if (type is INamedTypeSymbol { IsUnboundGenericType: true })
            return SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, targetDefinition);

        // Only original definitions are compared, so the walk starts from the type's definition: its base types and
        // interfaces are computed once per compilation, where a constructed type (IEnumerable<Row>) substitutes its
        // whole interface set on first use, per construction (issue 7).
        var start = type is INamedTypeSymbol named ? named.OriginalDefinition : type;
        for (var current = start as INamedTypeSymbol; current is not null; current = current.BaseType?.OriginalDefinition)
        {
            if (SymbolEqualityComparer.Default.Equals(current, targetDefinition))
                return true;
        }

        if (target.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in start.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, targetDefinition))
                    return true;
            }
        }

        return false;
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Build(params (string Type, string[] Methods)[] entries)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (type, methods) in entries)
        {
            foreach (var method in methods)
            {
                if (!byName.TryGetValue(method, out var list))
                    byName[method] = list = new List<string>();
                list.Add(type);
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var pair in byName)
            result[pair.Key] = pair.Value.ToImmutableArray();
        return result.ToImmutable();
    }
}

/// <summary>
/// The value of <c>mlsec.inference_types</c>: <c>|</c>-separated <c>T:</c>/<c>M:</c> documentation ids or metadata names
/// (<c>Contoso.Ai.Scorer</c>, <c>Contoso.Ai.Outer+Inner</c>). A type entry makes every method called on it (or on a type
/// deriving from or implementing it) an inference call; a method entry matches that method and its overloads' exact id only.
/// </summary>
internal sealed class UserInferenceTypes
{
    public static readonly UserInferenceTypes Empty = new(ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

    private readonly ImmutableHashSet<string> _typeIds;
    private readonly ImmutableHashSet<string> _methodIds;

    private UserInferenceTypes(ImmutableHashSet<string> typeIds, ImmutableHashSet<string> methodIds)
    {
        _typeIds = typeIds;
        _methodIds = methodIds;
    }

    public bool IsEmpty => _typeIds.IsEmpty && _methodIds.IsEmpty;

    public static UserInferenceTypes Parse(string raw)
    {
        var types = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var methods = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var part in raw.Split('|'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
                continue;
            if (entry.StartsWith("M:", StringComparison.Ordinal))
                methods.Add(entry);
            else if (entry.StartsWith("T:", StringComparison.Ordinal))
                types.Add(StripArity(entry));
            else
                types.Add("T:" + StripArity(entry).Replace('+', '.'));
        }

        return new UserInferenceTypes(types.ToImmutable(), methods.ToImmutable());
    }

    public bool Matches(IMethodSymbol method, ITypeSymbol receiver)
    {
        if (!_methodIds.IsEmpty)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.GetDocumentationCommentId() is { } id && _methodIds.Contains(id))
                return true;
        }

        if (_typeIds.IsEmpty)
            return false;

        for (var current = receiver as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition.GetDocumentationCommentId() is { } id && _typeIds.Contains(StripArity(id)))
                return true;
        }

        foreach (var implemented in receiver.AllInterfaces)
        {
            if (implemented.OriginalDefinition.GetDocumentationCommentId() is { } id && _typeIds.Contains(StripArity(id)))
                return true;
        }

        return false;
    }

    // Generic types are written with or without their arity (`Contoso.Pool`1` or `Contoso.Pool`); compare without.
    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }
}
