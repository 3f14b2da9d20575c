using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// MLSEC011 (no rate limiting reaches a model endpoint, or it is disabled) and MLSEC012 (a model endpoint returns the raw
/// prediction, ONNX outputs or tensors). Both are suggestions, so this analyzer holds no Warning rule: command-line
/// builds skip it entirely unless a user raises a severity, and the IDE runs it on the detection it shares with
/// <see cref="AnonymousModelEndpointAnalyzer"/> (see there for why the family is split this way).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelEndpointExposureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting, Descriptors.MLSEC012_RawModelOutput);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Generated code (the Request Delegate Generator's interceptors, scaffolding) re-states endpoints the user wrote;
        // analyzing it would report them twice. MLSEC011 is reported at the Map call or action analyzed; MLSEC012 can be
        // reported in a handler declared elsewhere and checks it (RawOutput.Report).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Skip);
        EndpointContext.RegisterEndpointActions(
            context,
            (Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting.Id, ReportRateLimiting),
            (Descriptors.MLSEC012_RawModelOutput.Id, RawOutput.Report));
    }

    private static void ReportRateLimiting(Action<Diagnostic> report, EndpointContext endpoints, ModelEndpoint endpoint, CancellationToken cancellationToken)
    {
        // ASP.NET Core's rate limiter runs per HTTP request: on a hub it limits the negotiate and connect requests, never
        // the invocations that run the model over an open connection, so no policy on the endpoint would answer this rule.
        if (endpoint.IsHub)
            return;

        var id = Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting.Id;
        var security = endpoints.Evaluate(endpoint, id, needAuthorization: false, needRateLimiting: true, cancellationToken);
        var disabled = security.Conventions.DisableRateLimiting.Count > 0;
        if (!disabled && security.RateLimited)
            return;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[EndpointProperties.Kind] = endpoint.IsController ? EndpointProperties.Controller : EndpointProperties.Endpoint;
        if (disabled)
        {
            properties[EndpointProperties.Disabled] = "true";
        }
        else if (endpoint.Location.SourceTree is { } tree)
        {
            var policies = endpoints.Facts(tree, id, cancellationToken).RateLimitPolicies;
            if (policies.Count == 1)
            {
                foreach (var policy in policies)
                    properties[EndpointProperties.RateLimitPolicy] = policy;
            }
        }

        report(Diagnostic.Create(
            Descriptors.MLSEC011_ModelEndpointWithoutRateLimiting, endpoint.Location, properties.ToImmutable(),
            endpoint.Name, endpoint.InferenceCall, disabled ? "rate limiting is disabled on it" : "no rate-limiting policy reaches it"));
    }
}

/// <summary>MLSEC012: which returned values are raw model output.</summary>
internal static class RawOutput
{
    public static void Report(Action<Diagnostic> report, EndpointContext endpoints, ModelEndpoint endpoint, CancellationToken cancellationToken)
    {
        // A method-group handler can be declared in another file, and the driver does not check this analyzer's
        // diagnostics for generated code (GeneratedCode.Skip): a generated handler, or a return under #line hidden, is
        // left alone here.
        if (endpoint.MapCall is not null && endpoint.Handler is { MethodKind: MethodKind.Ordinary } handler
            && GeneratedCode.IsGenerated(handler, endpoints.Compilation, cancellationToken))
        {
            return;
        }

        foreach (var body in endpoint.Bodies)
        {
            foreach (var returned in Returns(body))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (returned.ReturnedValue is not { } value)
                    continue;

                value = Unwrap(value);
                ReportValue(report, endpoints, endpoint, value, returned.IsImplicit ? value.Syntax.GetLocation() : returned.Syntax.GetLocation(), 0, cancellationToken);
            }
        }
    }

    private static void ReportValue(
        Action<Diagnostic> report, EndpointContext endpoints, ModelEndpoint endpoint, IOperation value, Location location, int depth, CancellationToken cancellationToken)
    {
        // Results.Ok(x), TypedResults.Ok(x), Results.Json(x), controller Ok(x) / CreatedAtAction(..., x), new OkObjectResult(x)
        var payload = ResultPayload(value, out var writer);
        if (payload is not null)
            location = value.Syntax.GetLocation();

        // Who writes it: minimal APIs, and Results/TypedResults anywhere, write with System.Text.Json; a controller's
        // returned value and MVC results go through MVC's output formatters (JsonResult through its JSON executor).
        if (!endpoint.IsController || payload is null)
            writer = endpoint.IsController ? Writer.MvcFormatters : Writer.Http;
        var shown = payload is null ? value : Unwrap(payload);
        if (shown.Type is { } type && IsRaw(type, endpoints, writer, 0, cancellationToken))
        {
            if (!GeneratedCode.IsHidden(location))
            {
                report(Diagnostic.Create(
                    Descriptors.MLSEC012_RawModelOutput, location, endpoint.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }

            return;
        }

        // A result chosen by a condition (`bad ? Results.BadRequest() : Results.Ok(prediction)`): its type is the
        // common one (IResult), so each branch is checked, and a raw one is reported where it is written.
        if (payload is not null || depth > 3)
            return;

        switch (value)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                ReportBranch(conditional.WhenTrue);
                ReportBranch(whenFalse);
                break;
            case ICoalesceOperation coalesce:
                ReportBranch(coalesce.Value);
                ReportBranch(coalesce.WhenNull);
                break;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                    ReportBranch(arm.Value);
                break;
        }

        void ReportBranch(IOperation branch)
        {
            branch = Unwrap(branch);
            ReportValue(report, endpoints, endpoint, branch, branch.Syntax.GetLocation(), depth + 1, cancellationToken);
        }
    }

    private static IOperation Unwrap(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value;
    }

    private static IEnumerable<IReturnOperation> Returns(IOperation body)
    {
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current is IReturnOperation returned)
                yield return returned;
            foreach (var child in current.ChildOperations)
            {
                // A nested lambda's or local function's returns are not the handler's.
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    continue;
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// The body of an ASP.NET Core result: the <c>value</c> (or <c>Json</c>'s <c>data</c>) argument of a
    /// <c>Results</c>/<c>TypedResults</c>/controller helper (<c>Ok</c>, <c>Json</c>, <c>Created</c>, <c>CreatedAtAction</c>,
    /// <c>AcceptedAtRoute</c>, <c>StatusCode(200, x)</c>...) or of a result object (<c>new OkObjectResult(x)</c>).
    /// Those helpers name their body parameter so, and nothing else. <paramref name="writer"/>: who writes it in a
    /// controller (<c>Microsoft.AspNetCore.Http</c>'s results always write with System.Text.Json).
    /// </summary>
    private static IOperation? ResultPayload(IOperation value, out Writer writer)
    {
        var (arguments, owner) = value switch
        {
            IInvocationOperation invocation => (invocation.Arguments, invocation.TargetMethod.ContainingType),
            IObjectCreationOperation creation => (creation.Arguments, creation.Type as INamedTypeSymbol),
            _ => (ImmutableArray<IArgumentOperation>.Empty, null),
        };
        writer = Writer.Http;
        if (owner is null)
            return null;
        if (Namespaces.Is(owner.ContainingNamespace, "Microsoft.AspNetCore.Mvc"))
            writer = value is IInvocationOperation { TargetMethod.Name: "Json" } || owner.Name == "JsonResult" ? Writer.MvcJson : Writer.MvcFormatters;
        else if (!Namespaces.Is(owner.ContainingNamespace, "Microsoft.AspNetCore.Http"))
            return null;

        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.Name is "value" or "data")
                return argument.Value;
        }

        return null;
    }

    private static readonly ImmutableArray<string> OnnxOutputTypes = ImmutableArray.Create(
        MlTypeNames.MicrosoftMLOnnxRuntimeNamedOnnxValue, MlTypeNames.MicrosoftMLOnnxRuntimeOrtValue, MlTypeNames.MicrosoftMLOnnxRuntimeTensorsTensor1);

    /// <summary>
    /// Raw output: an ONNX Runtime <c>NamedOnnxValue</c>/<c>OrtValue</c>/<c>Tensor&lt;T&gt;</c> (or a collection of them), or a
    /// type with a score/probability vector member (<c>float[] Score</c>, <c>VBuffer&lt;float&gt; Probabilities</c>): ML.NET's
    /// multiclass prediction shape. A single calibrated number is a projection already.
    /// </summary>
    private static bool IsRaw(ITypeSymbol type, EndpointContext endpoints, Writer writer, int depth, CancellationToken cancellationToken)
    {
        if (depth > 2)
            return false;

        var types = endpoints.Types;

        foreach (var name in OnnxOutputTypes)
        {
            if (types.Get(name) is { } onnx && InferenceCalls.IsOrInherits(type, onnx))
                return true;
        }

        if (type is IArrayTypeSymbol array)
            return IsRaw(array.ElementType, endpoints, writer, depth + 1, cancellationToken);

        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            // Task<T>, IEnumerable<T>, ActionResult<T>, Ok<T>, IDisposableReadOnlyCollection<T>...
            foreach (var argument in generic.TypeArguments)
            {
                if (IsRaw(argument, endpoints, writer, depth + 1, cancellationToken))
                    return true;
            }
        }

        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            return false;

        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } property => property.Type,
                IFieldSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } field => field.Type,
                _ => null,
            };
            if (memberType is null || !IsVector(memberType, types))
                continue;

            var name = member.Name;
            if (name.IndexOf("Score", StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("Probabilit", StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("Logit", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                if (IsWritten(member, endpoints, writer, cancellationToken))
                    return true;
            }
        }

        return false;
    }

    /// <summary>Who writes an endpoint's result.</summary>
    private enum Writer
    {
        /// <summary>System.Text.Json with the HTTP JSON options: minimal APIs, <c>Results</c>/<c>TypedResults</c> anywhere.</summary>
        Http,

        /// <summary>MVC's output formatters, by content negotiation: a controller's returned value, <c>Ok(x)</c>, <c>new OkObjectResult(x)</c>...</summary>
        MvcFormatters,

        /// <summary>MVC's <c>JsonResult</c> executor: a controller's <c>Json(x)</c>, <c>new JsonResult(x)</c>.</summary>
        MvcJson,
    }

    /// <summary>
    /// Whether a serializer that writes the value writes a public score-vector member.
    /// <para>
    /// System.Text.Json (minimal APIs, <c>Results</c>/<c>TypedResults</c>, MVC's default JSON formatter) writes a property
    /// unless <c>[JsonIgnore]</c> (no condition, or <c>Always</c>) is on it: <c>Never</c>, <c>WhenWritingNull</c> and
    /// <c>WhenWritingDefault</c> still write a vector, and it reads neither Newtonsoft's <c>[JsonIgnore]</c> nor
    /// <c>[IgnoreDataMember]</c>. It writes a field only with <c>[JsonInclude]</c>, or when the app sets
    /// <c>IncludeFields</c> anywhere.
    /// </para>
    /// <para>
    /// Newtonsoft.Json (MVC's JSON formatter and <c>JsonResult</c> after <c>AddNewtonsoftJson()</c>) writes public
    /// properties and fields unless its own <c>[JsonIgnore]</c>, <c>[IgnoreDataMember]</c> or (on a field)
    /// <c>[NonSerialized]</c> is on them; System.Text.Json's attributes mean nothing to it.
    /// </para>
    /// <para>
    /// MVC's XML formatters, when the app adds them, answer any client that asks for XML: <c>XmlSerializer</c> writes
    /// public properties and fields unless <c>[XmlIgnore]</c> is on them, <c>DataContractSerializer</c> unless
    /// <c>[IgnoreDataMember]</c> is; neither reads a JSON attribute.
    /// </para>
    /// <para>
    /// The app's configuration (<see cref="SerializerFacts"/>) is asked only for a field or a member with an ignore
    /// attribute: every serializer writes a plain public property.
    /// </para>
    /// </summary>
    private static bool IsWritten(ISymbol member, EndpointContext endpoints, Writer writer, CancellationToken cancellationToken)
    {
        var attributes = SerializerAttributesOf(member);
        var isField = member is IFieldSymbol;
        if (!isField && (attributes & SerializerAttributes.AnyJsonIgnore) == 0)
            return true;

        if (writer != Writer.Http)
        {
            var facts = endpoints.Serializers(cancellationToken);
            if (writer == Writer.MvcFormatters
                && ((facts.MvcXmlSerializer && (attributes & SerializerAttributes.XmlIgnore) == 0)
                    || (facts.MvcDataContractSerializer && (attributes & SerializerAttributes.IgnoreDataMember) == 0)))
            {
                return true;
            }

            if (facts.MvcUsesNewtonsoft)
                return (attributes & SerializerAttributes.NewtonsoftIgnore) == 0;
        }

        if ((attributes & SerializerAttributes.JsonIgnore) != 0)
            return false;

        return !isField
            || (attributes & SerializerAttributes.JsonInclude) != 0
            || endpoints.Serializers(cancellationToken).IncludesFields;
    }

    [Flags]
    private enum SerializerAttributes
    {
        None = 0,

        /// <summary>System.Text.Json's <c>[JsonIgnore]</c> with no condition or <c>Always</c>.</summary>
        JsonIgnore = 1,

        /// <summary>System.Text.Json's <c>[JsonInclude]</c>.</summary>
        JsonInclude = 2,

        /// <summary>Newtonsoft.Json's own <c>[JsonIgnore]</c>.</summary>
        NewtonsoftJsonIgnore = 4,

        /// <summary><c>[IgnoreDataMember]</c>: Newtonsoft.Json and <c>DataContractSerializer</c> skip the member.</summary>
        IgnoreDataMember = 8,

        /// <summary><c>[NonSerialized]</c> (fields only): Newtonsoft.Json skips the field.</summary>
        NonSerialized = 16,

        /// <summary><c>[XmlIgnore]</c>: <c>XmlSerializer</c> skips the member.</summary>
        XmlIgnore = 32,

        /// <summary>What makes Newtonsoft.Json skip a member.</summary>
        NewtonsoftIgnore = NewtonsoftJsonIgnore | IgnoreDataMember | NonSerialized,

        /// <summary>What makes a JSON serializer skip a member: without any, both write a public property.</summary>
        AnyJsonIgnore = JsonIgnore | NewtonsoftIgnore,
    }

    private static SerializerAttributes SerializerAttributesOf(ISymbol member)
    {
        var found = SerializerAttributes.None;
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type)
                continue;

            switch (type.Name)
            {
                case "JsonIgnoreAttribute" when Namespaces.Is(type.ContainingNamespace, "System.Text.Json.Serialization"):
                    if (IgnoresAlways(attribute))
                        found |= SerializerAttributes.JsonIgnore;
                    break;
                case "JsonIncludeAttribute" when Namespaces.Is(type.ContainingNamespace, "System.Text.Json.Serialization"):
                    found |= SerializerAttributes.JsonInclude;
                    break;
                case "JsonIgnoreAttribute" when Namespaces.Is(type.ContainingNamespace, "Newtonsoft.Json"):
                    found |= SerializerAttributes.NewtonsoftJsonIgnore;
                    break;
                case "IgnoreDataMemberAttribute" when Namespaces.Is(type.ContainingNamespace, "System.Runtime.Serialization"):
                    found |= SerializerAttributes.IgnoreDataMember;
                    break;
                case "NonSerializedAttribute" when Namespaces.Is(type.ContainingNamespace, "System"):
                    found |= SerializerAttributes.NonSerialized;
                    break;
                case "XmlIgnoreAttribute" when Namespaces.Is(type.ContainingNamespace, "System.Xml.Serialization"):
                    found |= SerializerAttributes.XmlIgnore;
                    break;
            }
        }

        return found;
    }

    /// <summary>System.Text.Json's <c>[JsonIgnore]</c> with its default condition, <c>Always</c>.</summary>
    private static bool IgnoresAlways(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Condition")
                return IsEnumMember(named.Value, "Always");
        }

        return true;
    }

    private static bool IsEnumMember(TypedConstant value, string name)
    {
        if (value.Kind != TypedConstantKind.Enum || value.Type is null)
            return false;
        foreach (var member in value.Type.GetMembers(name))
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value.Value))
                return true;
        }

        return false;
    }

    private static bool IsVector(ITypeSymbol type, MlTypes types) =>
        type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Single or SpecialType.System_Double }
        || (types.Get(MlTypeNames.MicrosoftMLDataVBuffer1) is { } vbuffer && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, vbuffer));
}
