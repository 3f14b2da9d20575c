using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.PersonalData;

/// <summary>
/// MLSEC023: a personal member (by marker attribute or name, see <see cref="PersonalDataRecognizer"/>) passed,
/// interpolated, concatenated or formatted into the text of a prompt or chat message of an LLM client. Reported on the
/// argument that carries it. Locals are followed to their last assignment, up to <see cref="MaxLocalDepth"/> hops.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalDataPromptAnalyzer : DiagnosticAnalyzer
{
    private const int MaxLocalDepth = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC023_PersonalDataInPrompt);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Reported only at the operation analyzed, which the driver never hands over from generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Skip);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!MlLibraries.ReferencesLlmClient(start.Compilation))
                return;

            var options = new PersonalDataRecognizers(MlSecOptions.Create(start.Options));
            start.RegisterOperationAction(c => AnalyzeCall(c, options), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, options), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, PersonalDataRecognizers options)
    {
        ImmutableArray<IArgumentOperation> arguments;
        string sink;
        switch (context.Operation)
        {
            case IObjectCreationOperation { Type: INamedTypeSymbol type } creation when IsMessageType(type):
                arguments = creation.Arguments;
                sink = type.Name;
                break;
            case IInvocationOperation invocation when IsPromptMethod(invocation.TargetMethod):
                arguments = invocation.Arguments;
                sink = invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name;
                break;
            default:
                return;
        }

        PersonalDataRecognizer? recognizer = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type.SpecialType != SpecialType.System_String || argument.ArgumentKind == ArgumentKind.DefaultValue)
                continue;

            recognizer ??= options.For(context.Operation.Syntax.SyntaxTree, "MLSEC023");
            ReportMembers(context, recognizer, argument.Value, sink);
        }
    }

    // Anthropic's request models take their text through properties: new MessageParam { Content = $"..." }.
    private static void AnalyzeAssignment(OperationAnalysisContext context, PersonalDataRecognizers options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Content" or "System" or "Text" } property }
            || !IsInNamespace(property.ContainingType, "Anthropic")
            || PipelineFlow.Unwrap(assignment.Value)?.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        var recognizer = options.For(assignment.Syntax.SyntaxTree, "MLSEC023");
        ReportMembers(context, recognizer, assignment.Value, property.ContainingType.Name + "." + property.Name);
    }

    private static void ReportMembers(OperationAnalysisContext context, PersonalDataRecognizer recognizer, IOperation value, string sink)
    {
        var members = new List<string>();
        Collect(value, recognizer, members, 0);
        if (members.Count == 0)
            return;

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MLSEC023_PersonalDataInPrompt,
            value.Syntax.GetLocation(),
            string.Join(", ", members.Select(m => "'" + m + "'")),
            sink));
    }

    private static void Collect(IOperation? operation, PersonalDataRecognizer recognizer, List<string> members, int depth)
    {
        operation = PipelineFlow.Unwrap(operation);
        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                        Collect(interpolation.Expression, recognizer, members, depth);
                }

                break;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                Collect(binary.LeftOperand, recognizer, members, depth);
                Collect(binary.RightOperand, recognizer, members, depth);
                break;

            case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" or "Join" } } call:
                foreach (var argument in call.Arguments)
                {
                    if (PipelineFlow.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                            Collect(element, recognizer, members, depth);
                    }
                    else
                    {
                        Collect(argument.Value, recognizer, members, depth);
                    }
                }

                break;

            case IInvocationOperation { TargetMethod.Name: "ToString" or "ToUpper" or "ToLower" or "ToUpperInvariant" or "ToLowerInvariant" or "Trim", Instance: { } instance }:
                Collect(instance, recognizer, members, depth);
                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, recognizer, members, depth);
                break;

            case ILocalReferenceOperation local when depth < MaxLocalDepth:
                Collect(PipelineFlow.LastAssignedValue(local), recognizer, members, depth + 1);
                break;

            case IPropertyReferenceOperation { Property: var property } when !property.IsIndexer:
                Add(property, recognizer, members);
                break;

            case IFieldReferenceOperation { Field: var field }:
                Add(field, recognizer, members);
                break;
        }
    }

    private static void Add(ISymbol member, PersonalDataRecognizer recognizer, List<string> members)
    {
        // Framework members (string.Length, Uri.Host) are not user data by name; a Microsoft type counts only with a
        // marker (ASP.NET Identity's IdentityUser.Email carries [ProtectedPersonalData]).
        if (member.ContainingType is not { } containingType || IsInNamespace(containingType, "System"))
            return;

        var personal = IsInNamespace(containingType, "Microsoft")
            ? PersonalDataRecognizer.HasPersonalDataMarker(member)
            : recognizer.IsPersonalMember(member);
        if (!personal)
            return;

        var name = member.ContainingType.Name + "." + member.Name;
        if (!members.Contains(name))
            members.Add(name);
    }

    private static bool IsMessageType(INamedTypeSymbol type) => type.Name switch
    {
        "UserChatMessage" or "SystemChatMessage" or "DeveloperChatMessage" => IsExactNamespace(type, "OpenAI.Chat"),
        "ChatRequestUserMessage" or "ChatRequestSystemMessage" => IsExactNamespace(type, "Azure.AI.Inference"),
        "ChatMessage" or "TextContent" => IsExactNamespace(type, "Microsoft.Extensions.AI"),
        "ChatHistory" => IsExactNamespace(type, "Microsoft.SemanticKernel.ChatCompletion"),
        "ChatMessageContent" => IsExactNamespace(type, "Microsoft.SemanticKernel"),
        _ => false,
    };

    private static bool IsPromptMethod(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return method.Name switch
        {
            "CreateUserMessage" or "CreateSystemMessage" or "CreateDeveloperMessage" => type.Name == "ChatMessage" && IsExactNamespace(type, "OpenAI.Chat"),
            "CreateTextPart" => type.Name == "ChatMessageContentPart" && IsExactNamespace(type, "OpenAI.Chat"),
            "GetResponseAsync" or "GetStreamingResponseAsync" => IsExactNamespace(type, "Microsoft.Extensions.AI"),
            "InvokePromptAsync" or "InvokePromptStreamingAsync" => IsExactNamespace(type, "Microsoft.SemanticKernel"),
            "AddUserMessage" or "AddSystemMessage" or "AddDeveloperMessage" or "AddMessage" =>
                type.Name == "ChatHistory" && IsExactNamespace(type, "Microsoft.SemanticKernel.ChatCompletion"),
            _ => false,
        };
    }

    private static bool IsExactNamespace(INamedTypeSymbol type, string ns) => Namespaces.Is(type.ContainingNamespace, ns);

    private static bool IsInNamespace(INamedTypeSymbol type, string root)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
            ns = ns.ContainingNamespace;
        return ns is { IsGlobalNamespace: false } && ns.Name == root;
    }
}
