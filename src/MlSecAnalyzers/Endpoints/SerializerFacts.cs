using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// How the app configures the serializers that write its endpoints' results, wherever it is written: whether
/// System.Text.Json writes public fields (<c>IncludeFields</c> set on any options or source-generation context), whether
/// MVC writes JSON with Newtonsoft.Json (<c>AddNewtonsoftJson()</c>), and whether it has XML output formatters.
/// <para>
/// MLSEC012 asks only when a returned type holds a score vector that is a field or carries an ignore attribute, and
/// <see cref="EndpointContext.Serializers"/> scans at most once per compilation: the compilation's word index
/// (<see cref="SyntaxNameIndex"/>) gives the few places that name one of these settings, and only those are bound.
/// </para>
/// </summary>
internal sealed class SerializerFacts
{
    private SerializerFacts(bool includesFields, bool mvcUsesNewtonsoft, bool mvcXmlSerializer, bool mvcDataContractSerializer)
    {
        IncludesFields = includesFields;
        MvcUsesNewtonsoft = mvcUsesNewtonsoft;
        MvcXmlSerializer = mvcXmlSerializer;
        MvcDataContractSerializer = mvcDataContractSerializer;
    }

    /// <summary>
    /// <c>IncludeFields</c> is set to anything but <c>false</c> somewhere: <c>ConfigureHttpJsonOptions</c>, MVC's
    /// <c>AddJsonOptions</c>, <c>new JsonSerializerOptions { IncludeFields = true }</c> handed to <c>Results.Json</c>, or
    /// <c>[JsonSourceGenerationOptions(IncludeFields = true)]</c>. Which endpoints those options reach is not followed:
    /// once fields are written anywhere, they are taken to be written everywhere.
    /// </summary>
    public bool IncludesFields { get; }

    /// <summary>
    /// The app calls MVC's <c>AddNewtonsoftJson()</c> (on <c>AddControllers()</c>, <c>AddMvc()</c>, <c>AddMvcCore()</c>...):
    /// its output formatter and <c>JsonResult</c> executor replace System.Text.Json's, so controllers' results are written by
    /// Newtonsoft.Json. <c>Results</c>/<c>TypedResults</c> and minimal APIs keep System.Text.Json.
    /// </summary>
    public bool MvcUsesNewtonsoft { get; }

    /// <summary>
    /// MVC has the <c>XmlSerializer</c> output formatter: <c>AddXmlSerializerFormatters()</c>, or the app names
    /// <c>XmlSerializerOutputFormatter</c> (adds it to <c>OutputFormatters</c>, derives from it). A client that asks for XML
    /// gets a controller's results written by it.
    /// </summary>
    public bool MvcXmlSerializer { get; }

    /// <summary>The same for <c>DataContractSerializer</c>: <c>AddXmlDataContractSerializerFormatters()</c> or <c>XmlDataContractSerializerOutputFormatter</c>.</summary>
    public bool MvcDataContractSerializer { get; }

    public static SerializerFacts Scan(EndpointContext context, CancellationToken cancellationToken)
    {
        var index = SyntaxNameIndex.For(context.Compilation);
        var includesFields = false;
        foreach (var name in index.Names("IncludeFields", cancellationToken))
        {
            if (SetsIncludeFields(context, name, cancellationToken))
            {
                includesFields = true;
                break;
            }
        }

        const string XmlAssembly = "Microsoft.AspNetCore.Mvc.Formatters.Xml";
        var newtonsoft = Calls(context, index, "AddNewtonsoftJson", "Microsoft.AspNetCore.Mvc.NewtonsoftJson", cancellationToken);
        var xmlSerializer = Calls(context, index, "AddXmlSerializerFormatters", XmlAssembly, cancellationToken)
            || Names(context, index, "XmlSerializerOutputFormatter", XmlAssembly, cancellationToken);
        var dataContractSerializer = Calls(context, index, "AddXmlDataContractSerializerFormatters", XmlAssembly, cancellationToken)
            || Names(context, index, "XmlDataContractSerializerOutputFormatter", XmlAssembly, cancellationToken);
        return new SerializerFacts(includesFields, newtonsoft, xmlSerializer, dataContractSerializer);
    }

    /// <summary>A call of a method named <paramref name="name"/> declared in <paramref name="assembly"/>.</summary>
    private static bool Calls(EndpointContext context, SyntaxNameIndex index, string name, string assembly, CancellationToken cancellationToken)
    {
        foreach (var invocation in index.Invocations(name, cancellationToken))
        {
            if (Bind(context, invocation, cancellationToken)?.ContainingAssembly?.Name == assembly)
                return true;
        }

        return false;
    }

    /// <summary>A use of the type named <paramref name="name"/> declared in <paramref name="assembly"/>.</summary>
    private static bool Names(EndpointContext context, SyntaxNameIndex index, string name, string assembly, CancellationToken cancellationToken)
    {
        foreach (var use in index.Names(name, cancellationToken))
        {
            if (Bind(context, use, cancellationToken) is INamedTypeSymbol type && type.ContainingAssembly?.Name == assembly)
                return true;
        }

        return false;
    }

    // A candidate counts: code being typed may not bind yet.
    private static ISymbol? Bind(EndpointContext context, SyntaxNode node, CancellationToken cancellationToken)
    {
        var info = context.GetModel(node.SyntaxTree).GetSymbolInfo(node, cancellationToken);
        return info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
    }

    /// <summary>
    /// <c>x.IncludeFields = value</c>, <c>{ IncludeFields = value }</c> or an attribute's <c>IncludeFields = value</c>, with a
    /// value that is not the constant <c>false</c>, on System.Text.Json's property.
    /// </summary>
    private static bool SetsIncludeFields(EndpointContext context, ExpressionSyntax name, CancellationToken cancellationToken)
    {
        var value = name.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Left == name && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) => assignment.Right,
            NameEqualsSyntax { Parent: AttributeArgumentSyntax argument } => argument.Expression,
            _ => null,
        };
        if (value is null)
            return false;

        var model = context.GetModel(name.SyntaxTree);
        if (model.GetConstantValue(value, cancellationToken) is { HasValue: true, Value: false })
            return false;

        return Bind(context, name, cancellationToken) is IPropertySymbol property
            && (Namespaces.Is(property.ContainingNamespace, "System.Text.Json")
                || Namespaces.Is(property.ContainingNamespace, "System.Text.Json.Serialization"));
    }
}
