using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>The handler of an ASP.NET Core <c>Map*</c> call: the argument given for its <c>Delegate</c> or <c>RequestDelegate</c> parameter.</summary>
internal static class MapHandlers
{
    public static bool IsHandlerParameter(IParameterSymbol? parameter) =>
        parameter?.Type is INamedTypeSymbol { Name: "Delegate" or "RequestDelegate" };

    /// <summary>The lambda or method reference a handler argument holds, under its conversion to a delegate.</summary>
    public static IOperation? Target(IOperation? value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IDelegateCreationOperation creation ? creation.Target : value;
    }
}
