using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

internal static class Arguments
{
    /// <summary>
    /// The argument given for the parameter at <paramref name="ordinal"/>, or null. Roslyn lists named arguments in
    /// the order they are written (<c>Add(value: key, name: "api-key")</c>), so a position in the list is not a
    /// parameter. For an extension method called as one, ordinal 0 is the receiver.
    /// </summary>
    public static IArgumentOperation? ForParameter(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
                return argument;
        }

        return null;
    }

    /// <summary>
    /// The argument given for the parameter named <paramref name="name"/>, or null: for a method whose overloads put that
    /// parameter at different ordinals (<c>FromFile(filePath)</c>, <c>FromFile(modelName, filePath)</c>).
    /// </summary>
    public static IArgumentOperation? Named(ImmutableArray<IArgumentOperation> arguments, string name)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == name)
                return argument;
        }

        return null;
    }
}
