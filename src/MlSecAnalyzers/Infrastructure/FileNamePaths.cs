using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Splits a path into a directory and a file name when the file name is only what <c>Path.GetFileName(x)</c> or
/// <c>Path.GetFileNameWithoutExtension(x)</c> return, with constant text around them (<c>".onnx"</c>):
/// <c>Path.Combine(dir, Path.GetFileName(name))</c>, <c>Path.Join(dir, "models", Path.GetFileNameWithoutExtension(name) + ".onnx")</c>,
/// <c>$"{dir}/{Path.GetFileName(name)}"</c>, through locals assigned once. Those calls strip any directory part, so
/// whatever <c>x</c> holds, the file is in the directory (at worst <c>..</c>, the directory's parent, which is a directory
/// and not a file to load). The untrusted-source tracker then judges the directory alone
/// (<see cref="UntrustedSources"/>).
/// <para>
/// Not such a path: no separator before the file name (a bare name is looked up in the current directory, a native
/// library on the library search path; <c>"models" + name</c> is a sibling of <c>models</c>), a file-name call in a
/// directory position (<c>Path.GetFileName("..")</c> is <c>..</c>), any other value in the file name (it may hold a
/// separator), <c>Path.GetFullPath</c> or <c>GetDirectoryName</c> in place of <c>GetFileName</c>, and a
/// <c>Path.Combine</c> with a rooted constant after its first part.
/// </para>
/// </summary>
internal static class FileNamePaths
{
    private const int MaxDepth = 8;
    private const int MaxPieces = 32;

    /// <summary>
    /// Whether <paramref name="path"/> is a directory, a separator, then a file name made of <c>Path.GetFileName</c>/
    /// <c>GetFileNameWithoutExtension</c> results and constant text. The directory's values that are not constant text
    /// are added to <paramref name="directoryValues"/>, for the caller to judge.
    /// </summary>
    public static bool TrySplit(IOperation path, List<IOperation> directoryValues, CancellationToken cancellationToken)
    {
        // Each piece is constant text (a string) or a value (an IOperation), in the order the path spells them.
        var pieces = new List<object>();
        if (!Flatten(path, pieces, 0, cancellationToken))
            return false;

        for (var i = pieces.Count - 1; i >= 0; i--)
        {
            if (pieces[i] is not string text || (text.IndexOf('/') < 0 && text.IndexOf('\\') < 0))
                continue;

            // pieces[i] holds the last separator: after it, the file name; before it, the directory.
            for (var j = i + 1; j < pieces.Count; j++)
            {
                if (pieces[j] is IOperation value && !IsFileNameCall(value))
                    return false;
            }

            for (var j = 0; j < i; j++)
            {
                if (pieces[j] is IOperation value)
                    directoryValues.Add(value);
            }

            return true;
        }

        return false;
    }

    private static bool IsFileNameCall(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IInvocationOperation { TargetMethod.Name: "GetFileName" or "GetFileNameWithoutExtension" } call
               && UntrustedSources.IsNamed(call.TargetMethod.ContainingType, "System.IO", "Path");
    }

    private static bool Flatten(IOperation? operation, List<object> pieces, int depth, CancellationToken cancellationToken)
    {
        if (operation is null || depth > MaxDepth || pieces.Count > MaxPieces)
            return false;

        if (operation.ConstantValue.HasValue)
        {
            switch (operation.ConstantValue.Value)
            {
                case string text:
                    pieces.Add(text);
                    return true;
                case char character:
                    pieces.Add(character.ToString());
                    return true;
                default:
                    return false;
            }
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Flatten(conversion.Operand, pieces, depth + 1, cancellationToken);
            case IParenthesizedOperation parenthesized:
                return Flatten(parenthesized.Operand, pieces, depth + 1, cancellationToken);
            case IFieldReferenceOperation { Field.Name: "DirectorySeparatorChar" or "AltDirectorySeparatorChar" } separator
                when UntrustedSources.IsNamed(separator.Field.ContainingType, "System.IO", "Path"):
                pieces.Add("/");
                return true;
            case ILocalReferenceOperation local when LocalValues.SingleValue(local, cancellationToken) is { } single:
                return Flatten(single, pieces, depth + 1, cancellationToken);
            case IInvocationOperation { TargetMethod.Name: "Combine" or "Join" } combine
                when UntrustedSources.IsNamed(combine.TargetMethod.ContainingType, "System.IO", "Path"):
                return FlattenCombine(combine, pieces, depth, cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } binary:
                return Flatten(binary.LeftOperand, pieces, depth + 1, cancellationToken)
                       && Flatten(binary.RightOperand, pieces, depth + 1, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    var ok = part switch
                    {
                        IInterpolatedStringTextOperation text => Flatten(text.Text, pieces, depth + 1, cancellationToken),
                        IInterpolationOperation { Alignment: null, FormatString: null } interpolation => Flatten(interpolation.Expression, pieces, depth + 1, cancellationToken),
                        _ => false,
                    };
                    if (!ok)
                        return false;
                }

                return true;
            default:
                pieces.Add(operation);
                return true;
        }
    }

    /// <summary>
    /// <c>Path.Combine</c>/<c>Path.Join</c>: their parts with a separator between each two that are not empty constants
    /// (both skip empty parts: <c>Path.Combine("", name)</c> is <c>name</c>). By parameter: named arguments may come
    /// in any order.
    /// </summary>
    private static bool FlattenCombine(IInvocationOperation combine, List<object> pieces, int depth, CancellationToken cancellationToken)
    {
        var isCombine = combine.TargetMethod.Name == "Combine";
        var any = false;
        var parameters = combine.TargetMethod.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (Arguments.ForParameter(combine.Arguments, i) is not { } argument)
                return false;

            var value = argument.Value;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;

            if (value is IArrayCreationOperation { Initializer: { } array })
            {
                foreach (var element in array.ElementValues)
                {
                    if (!AddPart(element))
                        return false;
                }
            }
            else if (parameters[i].IsParams || !AddPart(value))
            {
                return false; // an array built elsewhere, or a part that cannot be read
            }
        }

        return true;

        bool AddPart(IOperation part)
        {
            if (part.ConstantValue is { HasValue: true, Value: null or "" })
                return true;
            if (part.ConstantValue is { HasValue: true, Value: string text } && any && isCombine
                && (text.StartsWith("/", System.StringComparison.Ordinal) || text.StartsWith("\\", System.StringComparison.Ordinal) || (text.Length >= 2 && text[1] == ':')))
            {
                return false; // Path.Combine starts again at a rooted part
            }

            if (any)
                pieces.Add("/");
            any = true;
            return Flatten(part, pieces, depth + 1, cancellationToken);
        }
    }
}
