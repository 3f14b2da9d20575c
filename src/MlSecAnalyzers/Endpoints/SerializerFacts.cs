using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// How the app configures the serializers that write its endpoints' results, wherever it is written: whether
/// System.Text.Json writes public fields (<c>IncludeFields</c> set on any options or source-generation context), and
/// whether MVC writes with Newtonsoft.Json (<c>AddNewtonsoftJson()</c>).
/// <para>
/// MLSEC012 asks only when a returned type holds a score vector that is a field or carries a serializer attribute, and
/// <see cref="EndpointContext.Serializers"/> scans at most once per compilation: the compilation's word index
/// (<see cref="SyntaxNameIndex"/>) gives the few places that name <c>IncludeFields</c> or <c>AddNewtonsoftJson</c>, and
/// only those are bound.
/// </para>
/// </summary>
internal sealed class SerializerFacts
{
    private SerializerFacts(bool includesFields, bool mvcUsesNewtonsoft)
    {
        IncludesFields = includesFields;
        MvcUsesNewtonsoft = mvcUsesNewtonsoft;
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

        var newtonsoft = false;
        foreach (var invocation in index.Invocations("AddNewtonsoftJson", cancellationToken))
        {
            // A candidate counts: code being typed may not bind yet.
            var info = context.GetModel(invocation.SyntaxTree).GetSymbolInfo(invocation, cancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
            if (symbol?.ContainingAssembly?.Name == "Microsoft.AspNetCore.Mvc.NewtonsoftJson")
            {
                newtonsoft = true;
                break;
            }
        }

        return new SerializerFacts(includesFields, newtonsoft);
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

        // A candidate counts: code being typed may not bind yet.
        var info = model.GetSymbolInfo(name, cancellationToken);
        var symbol = info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
        return symbol is IPropertySymbol property
            && (Namespaces.Is(property.ContainingNamespace, "System.Text.Json")
                || Namespaces.Is(property.ContainingNamespace, "System.Text.Json.Serialization"));
    }
}
