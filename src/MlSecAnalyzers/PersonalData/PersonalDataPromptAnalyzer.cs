using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    // Bounds on the walks over one local's uses: prompt += … statements followed back, calls in one sb.Append(…) chain.
    private const int MaxAppendSteps = 32;
    private const int MaxChainLength = 32;

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
            var optionsTypes = new OptionsTypes(start.Compilation);
            var libraries = new PromptLibraries(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeCall(c, options, optionsTypes, libraries), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, options, optionsTypes, libraries), OperationKind.SimpleAssignment);
        });
    }

    /// <summary>
    /// Which of the libraries whose shapes are checked on every call, creation or assignment the compilation references:
    /// without them, the <c>Add</c> calls, creations and assignments of every file skip the base-type and namespace walks
    /// (issue 7).
    /// </summary>
    private sealed class PromptLibraries
    {
        public PromptLibraries(Compilation compilation)
        {
            Anthropic = MlLibraries.ReferencesAnthropic(compilation);
            SemanticKernel = MlLibraries.ReferencesSemanticKernel(compilation);
        }

        public bool Anthropic { get; }
        public bool SemanticKernel { get; }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, PersonalDataRecognizers options, OptionsTypes optionsTypes, PromptLibraries libraries)
    {
        ImmutableArray<IArgumentOperation> arguments;
        string sink;
        switch (context.Operation)
        {
            // new KernelArguments { { "email", c.Email } }, args.Add("email", c.Email): rendered into the prompt template
            // of the Kernel call the arguments are passed to.
            case IInvocationOperation { TargetMethod.Name: "Add", Instance: { } instance } add when libraries.SemanticKernel && IsKernelArguments(instance.Type):
                if (Arguments.ForParameter(add.Arguments, 1) is { } stored)
                    AnalyzeKernelArgument(context, options, optionsTypes, add, instance, stored.Value);
                return;
            // new UserMessageParam($"…"): Anthropic's request models take their content in a constructor too, as the
            // property it sets (content, text), through an implicit conversion from string.
            case IObjectCreationOperation { Type: INamedTypeSymbol type, Arguments.Length: > 0 } anthropic when libraries.Anthropic && IsInNamespace(type, "Anthropic"):
                AnalyzeAnthropicCreation(context, options, optionsTypes, anthropic, type);
                return;
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
            ReportMembers(context, recognizer, optionsTypes, argument.Value, sink);
        }
    }

    private static void AnalyzeAnthropicCreation(OperationAnalysisContext context, PersonalDataRecognizers options, OptionsTypes optionsTypes, IObjectCreationOperation creation, INamedTypeSymbol type)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is not { Name: "content" or "system" or "text" } parameter
                || argument.ArgumentKind == ArgumentKind.DefaultValue
                || PipelineFlow.Unwrap(argument.Value)?.Type?.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            var recognizer = options.For(creation.Syntax.SyntaxTree, "MLSEC023");
            ReportMembers(context, recognizer, optionsTypes, argument.Value, type.Name + "." + char.ToUpperInvariant(parameter.Name[0]) + parameter.Name.Substring(1));
        }
    }

    // Anthropic's request models take their text through properties: new MessageParam { Content = $"..." }.
    // Semantic Kernel's arguments are rendered into a prompt template: new KernelArguments { ["email"] = c.Email }.
    private static void AnalyzeAssignment(OperationAnalysisContext context, PersonalDataRecognizers options, OptionsTypes optionsTypes, PromptLibraries libraries)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (libraries.SemanticKernel && assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } arguments } && IsKernelArguments(arguments.Type))
        {
            AnalyzeKernelArgument(context, options, optionsTypes, assignment, arguments, assignment.Value);
            return;
        }

        if (!libraries.Anthropic
            || assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Content" or "System" or "Text" } property }
            || !IsInNamespace(property.ContainingType, "Anthropic")
            || PipelineFlow.Unwrap(assignment.Value)?.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        var recognizer = options.For(assignment.Syntax.SyntaxTree, "MLSEC023");
        ReportMembers(context, recognizer, optionsTypes, assignment.Value, property.ContainingType.Name + "." + property.Name);
    }

    /// <summary>
    /// A value stored into Semantic Kernel's <c>KernelArguments</c> (<paramref name="store"/>: <c>args["x"] = value</c>, or
    /// an <c>Add</c>, in an initializer or on a local) is sent in a prompt when those arguments are passed to a Kernel
    /// call that renders them into a prompt template (<see cref="KernelPromptSink"/>): reported at the value, once.
    /// </summary>
    private static void AnalyzeKernelArgument(OperationAnalysisContext context, PersonalDataRecognizers options, OptionsTypes optionsTypes, IOperation store, IOperation arguments, IOperation value)
    {
        var recognizer = options.For(store.Syntax.SyntaxTree, "MLSEC023");
        var references = new List<IMemberReferenceOperation>();
        Collect(value, recognizer, references, 0);
        if (references.Count == 0 || KernelArgumentsSink(store, arguments, StoredName(store), context.CancellationToken) is not { } sink)
            return;

        ReportMembers(context, recognizer, optionsTypes, value, sink);
    }

    /// <summary>
    /// Where the <c>KernelArguments</c> a value is stored into go: the created object (stored to in its initializer) or
    /// the local (stored to later), passed as the arguments of a prompt call of the Kernel (for a local, after the
    /// store). The name of that call, or null.
    /// </summary>
    private static string? KernelArgumentsSink(IOperation store, IOperation arguments, string? name, CancellationToken cancellationToken)
    {
        arguments = PipelineFlow.Unwrap(arguments)!;
        if (arguments is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // new KernelArguments { ["email"] = c.Email }: the object created, and where it goes.
            IOperation? creation = store.Parent;
            while (creation is IObjectOrCollectionInitializerOperation)
                creation = creation.Parent;
            if (creation is not IObjectCreationOperation)
                return null;

            IOperation current = creation;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
                current = current.Parent;
            switch (current.Parent)
            {
                case IArgumentOperation argument:
                    return KernelPromptSink(argument, name, cancellationToken);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return KernelPromptSink(declarator, declarator.Symbol, creation.Syntax.Span.End, name, cancellationToken);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current:
                    return KernelPromptSink(local, local.Local, creation.Syntax.Span.End, name, cancellationToken);
                default:
                    return null;
            }
        }

        // args["email"] = c.Email; args.Add("email", c.Email).
        return arguments is ILocalReferenceOperation holder ? KernelPromptSink(holder, holder.Local, store.Syntax.Span.End, name, cancellationToken) : null;
    }

    // The local, passed after `position` as the arguments of a Kernel prompt call.
    private static string? KernelPromptSink(IOperation inside, ILocalSymbol local, int position, string? name, CancellationToken cancellationToken)
    {
        if (LocalValues.UsesOf(inside, local) is not { } uses)
            return null;

        foreach (var reference in uses.References)
        {
            if (reference.Syntax.SpanStart < position)
                continue;

            IOperation current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
                current = current.Parent;
            if (current.Parent is IArgumentOperation argument && KernelPromptSink(argument, name, cancellationToken) is { } sink)
                return sink;
        }

        return null;
    }

    /// <summary>
    /// The name of the Kernel call <paramref name="argument"/> is the <c>arguments</c> of, when that call renders them into
    /// a prompt: <c>InvokePromptAsync</c>/<c>InvokePromptStreamingAsync</c> (the template is right there), or
    /// <c>InvokeAsync</c>/<c>InvokeStreamingAsync</c> of a function created from a prompt (<see cref="IsPromptFunction"/>);
    /// a native function is C# code, and a function named by plugin and name is not known to be either. Null too when
    /// the template is known and does not name <paramref name="name"/>.
    /// </summary>
    private static string? KernelPromptSink(IArgumentOperation argument, string? name, CancellationToken cancellationToken)
    {
        if (argument.Parameter?.Name != "arguments" || argument.Parent is not IInvocationOperation invocation)
            return null;

        var method = invocation.TargetMethod;
        if (method.Name is not ("InvokePromptAsync" or "InvokePromptStreamingAsync" or "InvokeAsync" or "InvokeStreamingAsync")
            || !IsExactNamespace(method.ContainingType, "Microsoft.SemanticKernel"))
        {
            return null;
        }

        string? template;
        if (method.Name is "InvokeAsync" or "InvokeStreamingAsync")
        {
            // kernel.InvokeAsync(function, args), or function.InvokeAsync(kernel, args).
            IOperation? function = method.ContainingType.Name == "KernelFunction" ? invocation.Instance : null;
            foreach (var other in invocation.Arguments)
            {
                if (other.Parameter?.Name == "function")
                    function = other.Value;
            }

            if (!IsPromptFunction(function, 0, cancellationToken, out template))
                return null;
        }
        else
        {
            template = TemplateArgument(invocation, cancellationToken);
        }

        // A known template renders only the variables it names: "{{$question}}" leaves args["email"] to filters and
        // native functions.
        if (name is not null && template is not null && !NamesVariable(template, name))
            return null;

        return method.ContainingType.Name + "." + method.Name;
    }

    /// <summary>The key a value is stored under in KernelArguments (<c>args["email"] = v</c>, <c>Add("email", v)</c>), when constant.</summary>
    private static string? StoredName(IOperation store)
    {
        var key = store switch
        {
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value,
            IInvocationOperation { Arguments.Length: 2 } add => add.Arguments[0].Value,
            _ => null,
        };
        return key?.ConstantValue is { HasValue: true, Value: string name } ? name : null;
    }

    /// <summary>
    /// The prompt template of an <c>InvokePromptAsync</c>/<c>InvokePromptStreamingAsync</c> call, or of a
    /// <c>CreateFunctionFromPrompt</c>/<c>KernelFunctionFactory.CreateFromPrompt</c> call, when known: a constant
    /// <c>promptTemplate</c> string, or a <c>PromptTemplateConfig</c> created right there (<see cref="ConfigTemplate"/>).
    /// Null otherwise, and for the overload that takes an <c>IPromptTemplate</c>, which renders what it likes.
    /// </summary>
    private static string? TemplateArgument(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        string? template = null;
        IOperation? config = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "promptTemplate":
                    if (KnownText(argument.Value, cancellationToken) is not { } text)
                        return null;
                    template = text;
                    break;
                // CreateFunctionFromPrompt(PromptTemplateConfig), or InvokePromptAsync(…, promptTemplateConfig: config),
                // where the config's template, when it has one, is rendered instead of the string.
                case "promptConfig" or "promptTemplateConfig" when argument.ArgumentKind != ArgumentKind.DefaultValue
                    && argument.Value.ConstantValue is not { HasValue: true, Value: null }:
                    config = argument.Value;
                    break;
            }
        }

        if (config is null)
            return template;

        var configured = ConfigTemplate(config, cancellationToken);
        if (configured is null)
            return null;
        return string.IsNullOrWhiteSpace(configured) ? template : configured;
    }

    /// <summary>
    /// The template a <c>PromptTemplateConfig</c> created right there holds: <c>new PromptTemplateConfig("…")</c> or
    /// <c>new PromptTemplateConfig { Template = "…" }</c> (the initializer wins), constant; "" when it is given none;
    /// null when not known (a config held in a local or field may be changed before the call).
    /// </summary>
    private static string? ConfigTemplate(IOperation config, CancellationToken cancellationToken)
    {
        if (PipelineFlow.Unwrap(config) is ILocalReferenceOperation local)
            config = OnlyUseValue(local, cancellationToken) ?? config;

        if (PipelineFlow.Unwrap(config) is not IObjectCreationOperation { Type: INamedTypeSymbol { Name: "PromptTemplateConfig" } type } creation
            || !IsExactNamespace(type, "Microsoft.SemanticKernel"))
        {
            return null;
        }

        var template = "";
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name != "template")
                continue;
            if (KnownText(argument.Value, cancellationToken) is not { } text)
                return null;
            template = text;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Template" } } assignment)
                    continue;
                if (KnownText(assignment.Value, cancellationToken) is not { } text)
                    return null;
                template = text;
            }
        }

        return template;
    }

    /// <summary>
    /// The string <paramref name="value"/> certainly holds: a constant, a local assigned once with one
    /// (<c>var prompt = """…""";</c>), or a readonly field or get-only property of this project that always holds one
    /// (a template kept next to the code that renders it). Null when it is not known.
    /// </summary>
    private static string? KnownText(IOperation value, CancellationToken cancellationToken)
    {
        if (value.ConstantValue is { HasValue: true, Value: string constant })
            return constant;

        var held = PipelineFlow.Unwrap(value) switch
        {
            ILocalReferenceOperation local => LocalValues.SingleValue(local, cancellationToken),
            IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member when value.SemanticModel is { } model
                => ConstantSecretResolver.MemberValue(member.Member, member, model.Compilation, cancellationToken),
            _ => null,
        };
        return held?.ConstantValue is { HasValue: true, Value: string text } ? text : null;
    }

    /// <summary>
    /// The value of a local that is read only here (<c>var config = new PromptTemplateConfig(…);</c> then the call): a
    /// config read anywhere else may be changed before the call (<c>config.Template = …</c>, a method given it).
    /// </summary>
    private static IOperation? OnlyUseValue(ILocalReferenceOperation local, CancellationToken cancellationToken)
    {
        if (LocalValues.SingleValue(local, cancellationToken) is not { } value
            || local.Local.IsConst
            || LocalValues.EnclosingBody(local.Syntax) is not { } body)
        {
            return null;
        }

        var reads = 0;
        foreach (var identifier in LocalValues.IdentifiersNamed(body, local.Local.Name))
        {
            if (identifier.Parent is not AssignmentExpressionSyntax assignment || assignment.Left != identifier)
                reads++;
        }

        return reads == 1 ? value : null;
    }

    /// <summary>
    /// Whether <paramref name="template"/> names <paramref name="name"/> as a whole word, in any case (Semantic Kernel's
    /// <c>{{$name}}</c>, a function argument <c>name=$name</c>, Handlebars' <c>{{name}}</c>): wider than the syntax, so a
    /// rendered value is never missed.
    /// </summary>
    private static bool NamesVariable(string template, string name)
    {
        if (name.Length == 0)
            return true;
        for (var at = template.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = template.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNamePart(template[at - 1])) && (end == template.Length || !IsNamePart(template[end])))
                return true;
        }

        return false;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>
    /// A Semantic Kernel function created from a prompt: <c>CreateFunctionFromPrompt</c>, <c>KernelFunctionFactory.CreateFromPrompt</c>,
    /// <c>CreateFunctionFromPromptYaml</c>, or taken by name from a plugin of a prompt directory
    /// (<c>ImportPluginFromPromptDirectory(…)["Summarize"]</c>); a local is followed to its last assignment.
    /// <paramref name="template"/> is its template when known (<see cref="TemplateArgument"/>): not from YAML or a
    /// directory, and not through a local assigned more than once (in branches, the last one in the text need not be
    /// the one it holds).
    /// </summary>
    private static bool IsPromptFunction(IOperation? function, int depth, CancellationToken cancellationToken, out string? template)
    {
        template = null;
        switch (PipelineFlow.Unwrap(function))
        {
            case IInvocationOperation { TargetMethod: var method } creation:
                if (method.Name.IndexOf("FromPrompt", StringComparison.Ordinal) < 0 || !IsExactNamespace(method.ContainingType, "Microsoft.SemanticKernel"))
                    return false;
                if (method.Name is "CreateFunctionFromPrompt" or "CreateFromPrompt")
                    template = TemplateArgument(creation, cancellationToken);
                return true;
            case IPropertyReferenceOperation { Property: { IsIndexer: true, ContainingType.Name: "KernelPlugin" }, Instance: { } plugin }:
                return IsPromptFunction(plugin, depth, cancellationToken, out _);
            case ILocalReferenceOperation local when depth < MaxLocalDepth:
                if (!IsPromptFunction(PipelineFlow.LastAssignedValue(local), depth + 1, cancellationToken, out template))
                    return false;
                if (template is not null && LocalValues.SingleValue(local, cancellationToken) is null)
                    template = null;
                return true;
            default:
                return false;
        }
    }

    private static bool IsKernelArguments(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.Name == "KernelArguments")
                return IsExactNamespace(current, "Microsoft.SemanticKernel");
        }

        return false;
    }

    private static void ReportMembers(OperationAnalysisContext context, PersonalDataRecognizer recognizer, OptionsTypes optionsTypes, IOperation value, string sink)
    {
        var references = new List<IMemberReferenceOperation>();
        Collect(value, recognizer, references, 0);
        if (references.Count == 0)
            return;

        var members = new List<ISymbol>();
        foreach (var reference in references)
        {
            // The app's options (options.Value.SupportEmail) are its configuration, not a person's data.
            if (optionsTypes.IsOptionsRead(reference.Instance, context.CancellationToken))
                continue;

            var member = reference.Member.OriginalDefinition;
            if (!members.Contains(member, SymbolEqualityComparer.Default))
                members.Add(member);
        }

        if (members.Count == 0)
            return;

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MLSEC023_PersonalDataInPrompt,
            value.Syntax.GetLocation(),
            string.Join(", ", members.Select(m => "'" + m.ContainingType.Name + "." + m.Name + "'")),
            sink));
    }

    private static void Collect(IOperation? operation, PersonalDataRecognizer recognizer, List<IMemberReferenceOperation> members, int depth)
    {
        operation = PipelineFlow.Unwrap(operation);
        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                        Collect(interpolation.Expression, recognizer, members, depth);
                    // Passed to an interpolated-string handler (StringBuilder.Append($"…")): each hole is an AppendFormatted(value, …) call.
                    else if (part is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { Arguments.Length: > 0 } append })
                        Collect(append.Arguments[0].Value, recognizer, members, depth);
                }

                break;

            case IInterpolatedStringHandlerCreationOperation handler:
                Collect(handler.Content, recognizer, members, depth);
                break;

            case IInterpolatedStringAdditionOperation addition:
                Collect(addition.Left, recognizer, members, depth);
                Collect(addition.Right, recognizer, members, depth);
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

            // new StringBuilder().Append(a).AppendLine(b): each call's text, then the builder it was called on.
            case IInvocationOperation { Instance: { } builder } call when IsBuilderAppend(call.TargetMethod):
                CollectAppendArguments(call, recognizer, members, depth);
                Collect(builder, recognizer, members, depth);
                break;

            case IObjectCreationOperation { Type: var type } creation when IsStringBuilder(type):
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                        Collect(argument.Value, recognizer, members, depth);
                }

                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, recognizer, members, depth);
                break;

            // GetResponseAsync(prompt ??= text): as after a prompt ??= text statement.
            case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target } coalesceAssignment when depth < MaxLocalDepth:
                if (!IsNeverNull(PipelineFlow.LastWrite(target, target.Syntax.SpanStart, stringAppends: true)))
                    Collect(coalesceAssignment.Value, recognizer, members, depth);
                Collect(target, recognizer, members, depth);
                break;

            // c?.Email: the member access is on the WhenNotNull side.
            case IConditionalAccessOperation conditional:
                Collect(conditional.WhenNotNull, recognizer, members, depth);
                break;

            // c.Email?.Trim(): the receiver of Trim stands for the value the ?. tested.
            case IConditionalAccessInstanceOperation placeholder:
                Collect(OptionsTypes.ConditionalReceiver(placeholder), recognizer, members, depth);
                break;

            case ILocalReferenceOperation local when depth < MaxLocalDepth:
                if (IsStringBuilder(local.Type))
                    CollectBuilder(local, recognizer, members, depth + 1);
                else
                    CollectLocal(local, recognizer, members, depth + 1);
                break;

            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                Add(property, recognizer, members);
                break;

            case IFieldReferenceOperation field:
                Add(field, recognizer, members);
                break;
        }
    }

    /// <summary>
    /// The value of <paramref name="use"/>'s local: its last assignment before the use (<see cref="PipelineFlow.LastWrite"/>).
    /// A string built up with <c>+=</c> also contributes each part added since that assignment, and a <c>??=</c> both
    /// its value and the one before (either may be the prompt).
    /// </summary>
    private static void CollectLocal(ILocalReferenceOperation use, PersonalDataRecognizer recognizer, List<IMemberReferenceOperation> members, int depth)
    {
        var position = use.Syntax.SpanStart;
        for (var step = 0; step < MaxAppendSteps; step++)
        {
            var last = PipelineFlow.LastWrite(use, position, stringAppends: true);
            switch (last)
            {
                // prompt += part: the part, then whatever prompt held before this statement.
                case ICompoundAssignmentOperation append:
                    Collect(append.Value, recognizer, members, depth);
                    position = append.Syntax.SpanStart;
                    break;

                // prompt ??= text: the text unless prompt cannot be null there (then it is never assigned), and what
                // prompt held before.
                case ICoalesceAssignmentOperation coalesce:
                    if (!IsNeverNull(PipelineFlow.LastWrite(use, coalesce.Syntax.SpanStart, stringAppends: true)))
                        Collect(coalesce.Value, recognizer, members, depth);
                    position = coalesce.Syntax.SpanStart;
                    break;

                default:
                    Collect(last, recognizer, members, depth);
                    return;
            }
        }
    }

    /// <summary>A value that is a string and never null: an interpolated string, a concatenation, a <c>+=</c>, a non-null constant.</summary>
    private static bool IsNeverNull(IOperation? value) =>
        PipelineFlow.Unwrap(value) is { ConstantValue: { HasValue: true, Value: not null } }
            or IInterpolatedStringOperation
            or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }
            or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String };

    /// <summary>
    /// The text of a <c>StringBuilder</c> local at <paramref name="use"/>: its last assigned value, plus what
    /// Append/AppendLine/AppendFormat/AppendJoin/Insert calls on this same local (chained or not) added in this body
    /// after that assignment and after any <c>Clear()</c>, and before the use. One pass over the local's uses, which
    /// <see cref="LocalValues.UsesOf"/> collects once per body.
    /// </summary>
    private static void CollectBuilder(ILocalReferenceOperation use, PersonalDataRecognizer recognizer, List<IMemberReferenceOperation> members, int depth)
    {
        if (LocalValues.UsesOf(use, use.Local) is not { } uses)
            return;

        var position = use.Syntax.SpanStart;
        IOperation? start = null;
        var startEnd = -1;
        foreach (var declarator in uses.Declarators)
            Restart(declarator.Syntax.Span.End, declarator.Initializer?.Value);

        var appends = new List<IInvocationOperation>();
        var redactedAt = -1;
        foreach (var reference in uses.References)
        {
            switch (reference.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    Restart(assignment.Syntax.Span.End, assignment.Value);
                    continue;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when argument.Value == reference:
                    return;
            }

            // sb.Append(a).AppendLine(b): walk up the chain of calls that return the same builder.
            IOperation current = reference;
            for (var link = 0; link < MaxChainLength && current.Parent is IInvocationOperation call && call.Instance == current; link++)
            {
                var method = call.TargetMethod;
                if (call.Syntax.Span.End > position || !IsStringBuilder(method.ContainingType))
                    break;
                if (method.Name == "Clear")
                    Restart(call.Syntax.Span.End, null);
                else if (IsBuilderAppend(method))
                    appends.Add(call);
                // sb.Replace(customer.Email, "[redacted]"): run-time text replaced, so what is left is not known.
                else if (method.Name == "Replace" && Arguments.ForParameter(call.Arguments, 0)?.Value.ConstantValue.HasValue != true)
                    redactedAt = Math.Max(redactedAt, call.Syntax.Span.End);
                else if (method.Name is not ("Remove" or "Replace"))
                    break;
                current = call;
            }
        }

        if (redactedAt > startEnd)
            return;

        Collect(start, recognizer, members, depth);
        foreach (var append in appends)
        {
            if (append.Syntax.Span.End > startEnd)
                CollectAppendArguments(append, recognizer, members, depth);
        }

        void Restart(int end, IOperation? value)
        {
            if (end <= position && end > startEnd)
            {
                start = value;
                startEnd = end;
            }
        }
    }

    private static void CollectAppendArguments(IInvocationOperation append, PersonalDataRecognizer recognizer, List<IMemberReferenceOperation> members, int depth)
    {
        foreach (var argument in append.Arguments)
        {
            // Positions and counts (Insert's index, Append(value, startIndex, count), repeatCount) are not text.
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue
                || (parameter.Type.SpecialType == SpecialType.System_Int32 && parameter.Name != "value"))
            {
                continue;
            }

            // AppendFormat("{0} {1} {2} {3}", …) and AppendJoin(", ", …) take the rest as a params array.
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
    }

    private static bool IsStringBuilder(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "StringBuilder" } named && IsExactNamespace(named, "System.Text");

    private static bool IsBuilderAppend(IMethodSymbol method) =>
        method.Name is "Append" or "AppendLine" or "AppendFormat" or "AppendJoin" or "Insert" && IsStringBuilder(method.ContainingType);

    private static void Add(IMemberReferenceOperation reference, PersonalDataRecognizer recognizer, List<IMemberReferenceOperation> members)
    {
        // Framework members (string.Length, Uri.Host) are not user data by name; a Microsoft type counts only with a
        // marker (ASP.NET Identity's IdentityUser.Email carries [ProtectedPersonalData]). Framework means declared by
        // a framework assembly: the app's own Microsoft.* namespace (eShopOnWeb's Microsoft.eShopWeb.*) holds its data.
        var member = reference.Member;
        if (member.ContainingType is not { } containingType || FrameworkTypes.IsDeclaredBy(containingType, "System"))
            return;

        var personal = FrameworkTypes.IsDeclaredBy(containingType, "Microsoft")
            ? PersonalDataRecognizer.HasPersonalDataMarker(member)
            : recognizer.IsPersonalMember(member);
        if (personal)
            members.Add(reference);
    }

    private static bool IsMessageType(INamedTypeSymbol type) => type.Name switch
    {
        "UserChatMessage" or "SystemChatMessage" or "DeveloperChatMessage" => IsExactNamespace(type, "OpenAI.Chat"),
        // Azure.AI.OpenAI's 1.0.0 betas: ChatMessage(role, content) up to beta.8, ChatRequest*Message after it.
        "ChatRequestUserMessage" or "ChatRequestSystemMessage" => IsExactNamespace(type, "Azure.AI.Inference") || IsExactNamespace(type, "Azure.AI.OpenAI"),
        "ChatMessage" => IsExactNamespace(type, "Microsoft.Extensions.AI") || IsExactNamespace(type, "Azure.AI.OpenAI"),
        "TextContent" => IsExactNamespace(type, "Microsoft.Extensions.AI"),
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
            // The Responses API: its user text (string overloads) and the message items built from text.
            "CreateResponse" or "CreateResponseAsync" or "CreateResponseStreaming" or "CreateResponseStreamingAsync" =>
                type.Name is "ResponsesClient" or "OpenAIResponseClient" && IsExactNamespace(type, "OpenAI.Responses"),
            "CreateUserMessageItem" or "CreateSystemMessageItem" or "CreateDeveloperMessageItem" or "CreateInputTextPart" =>
                type.Name is "ResponseItem" or "ResponseContentPart" && IsExactNamespace(type, "OpenAI.Responses"),
            "InvokePromptAsync" or "InvokePromptStreamingAsync" => IsExactNamespace(type, "Microsoft.SemanticKernel"),
            "GetTextContentsAsync" or "GetStreamingTextContentsAsync" or "GetTextContentAsync" =>
                type.Name is "ITextGenerationService" or "TextGenerationExtensions" && IsExactNamespace(type, "Microsoft.SemanticKernel.TextGeneration"),
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
