using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>The handler of an ASP.NET Core <c>Map*</c> call: the argument given for its <c>Delegate</c> or <c>RequestDelegate</c> parameter.</summary>
internal static class MapHandlers
{
    public static bool IsHandlerParameter(IParameterSymbol? parameter) =>
        parameter?.Type is INamedTypeSymbol { Name: "Delegate" or "RequestDelegate" };

    /// <summary>
    /// The lambda or method reference a handler argument holds, also through a local that holds one and nothing else:
    /// <c>var handler = async (PredictionEnginePool&lt;In, Out&gt; pool, In input) =&gt; ...; app.MapPost("/predict", handler);</c>,
    /// the shape of the ML.NET minimal-API samples. A local assigned more than once is not followed.
    /// </summary>
    public static IOperation? Handler(IOperation? value, CancellationToken cancellationToken)
    {
        value = Target(value);
        return value is ILocalReferenceOperation local ? Target(LocalValues.SingleValue(local, cancellationToken)) : value;
    }

    /// <summary>The lambda or method reference a handler argument holds, under its conversion to a delegate.</summary>
    public static IOperation? Target(IOperation? value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IDelegateCreationOperation creation ? creation.Target : value;
    }
}
