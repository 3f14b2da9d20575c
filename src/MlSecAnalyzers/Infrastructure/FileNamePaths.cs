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

    /// <summary>
    /// Where an archive entry extracted to <paramref name="path"/> lands, when the path is a directory, a separator,
    /// then the entry's own name (<c>entry.ExtractToFile(Path.Combine(dir, entry.FullName))</c>, <c>Path.Join(dir,
    /// entry.Name)</c>, <c>$"{dir}/{entry.Name}"</c>, through locals assigned once), or the entry's name alone
    /// (<c>entry.ExtractToFile(entry.FullName)</c>, in the current directory); no text around the name:
    /// <see cref="EntryNamed.Below"/> for <c>ZipArchiveEntry.FullName</c> (it may hold folders of the archive, so any
    /// depth under the directory), <see cref="EntryNamed.Directly"/> for <c>ZipArchiveEntry.Name</c> or a
    /// <c>Path.GetFileName</c> of either (a file in the directory itself). <see cref="EntryNamed.No"/> for any other path:
    /// another value in the file name may name any file of the directory, not only the archive's.
    /// </summary>
    public static EntryNamed EntryNamedPath(IOperation path, CancellationToken cancellationToken)
    {
        var pieces = new List<object>();
        if (!Flatten(path, pieces, 0, cancellationToken))
            return EntryNamed.No;

        // The last separator, which must end its text and be followed by the entry's name alone: text around the name
        // (Path.Combine(dir, "old_" + entry.Name), entry.Name + ".bak") names only some files of the directory. No
        // separator: the entry's name alone, relative to the current directory.
        var last = pieces.Count - 1;
        if (last < 0 || pieces[last] is not IOperation name)
            return EntryNamed.No;
        if (last > 0 && (pieces[last - 1] is not string text || text.Length == 0 || (text[text.Length - 1] != '/' && text[text.Length - 1] != '\\')))
            return EntryNamed.No;

        return EntryNameOf(name, 0, cancellationToken);
    }

    /// <summary>True for a zip entry's <c>FullName</c> (its folders too), false for its <c>Name</c>, null for anything else.</summary>
    public static bool? ArchiveEntryName(IOperation value) =>
        value is IPropertyReferenceOperation { Property.Name: "FullName" or "Name" } property
        && UntrustedSources.IsNamed(property.Property.ContainingType, "System.IO.Compression", "ZipArchiveEntry")
            ? property.Property.Name == "FullName"
            : null;

    private static EntryNamed EntryNameOf(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxDepth && value is not null; i++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case ILocalReferenceOperation local:
                    value = LocalValues.SingleValue(local, cancellationToken);
                    continue;
                case IPropertyReferenceOperation when ArchiveEntryName(value) is { } fullName:
                    return fullName ? EntryNamed.Below : EntryNamed.Directly;
                case IInvocationOperation { TargetMethod.Name: "GetFileName" } call
                    when depth == 0 && UntrustedSources.IsNamed(call.TargetMethod.ContainingType, "System.IO", "Path"):
                    return Arguments.ForParameter(call.Arguments, 0)?.Value is { } named && EntryNameOf(named, depth + 1, cancellationToken) != EntryNamed.No
                        ? EntryNamed.Directly
                        : EntryNamed.No;
                default:
                    return EntryNamed.No;
            }
        }

        return EntryNamed.No;
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

/// <summary>Where an extracted entry lands in the directory of its path (<see cref="FileNamePaths.EntryNamedPath"/>).</summary>
internal enum EntryNamed
{
    /// <summary>Not a path named by the entry.</summary>
    No,

    /// <summary>In the directory itself (the entry's file name).</summary>
    Directly,

    /// <summary>In the directory or a folder below it (the entry's full name).</summary>
    Below,
}
