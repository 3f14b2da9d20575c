using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Names the file a path value points to, so that two places that compute the path (a download saved to it, a read of
/// it, a load from it) can be told apart or matched: the same constant text, the same local's value, the same field,
/// property or parameter, or the same <c>Path.Combine</c>/concatenation of those. Shared by the untrusted-source
/// tracker's saved-file search and MLSEC031's integrity checks, so both call the same file the same.
/// </summary>
internal sealed class PathKeys
{
    private readonly MlTypes _types;

    public PathKeys(MlTypes types) => _types = types;

    /// <summary>
    /// A text that names the same file wherever it is computed, or null when the path cannot be named. The spellings of one
    /// path give one key: <c>Path.Combine(dir, "x")</c>, <c>Path.Join(dir, "x")</c>, <c>dir + "/x"</c>,
    /// <c>$"{dir}/x"</c> and <c>dir + "\\x"</c> are all <c>&lt;dir&gt;/x</c> (backslashes read as slashes, repeated
    /// separators as one, a rooted later part of <c>Path.Combine</c> replacing what comes before it, as Path.Combine does).
    /// </summary>
    public string? Of(IOperation? path, CancellationToken cancellationToken) => PathKey(path, 0, cancellationToken) is { } key ? Collapse(key) : null;

    /// <summary>The key of a part: constant text as itself (with '/' for '\\'), anything else named in angle brackets.</summary>
    private string? PathKey(IOperation? path, int depth, CancellationToken cancellationToken)
    {
        if (path is null || depth > 6)
            return null;
        if (path.ConstantValue is { HasValue: true, Value: string text })
            return text.Replace('\\', '/');

        switch (path)
        {
            case IConversionOperation conversion:
                return PathKey(conversion.Operand, depth + 1, cancellationToken);
            case IParenthesizedOperation parenthesized:
                return PathKey(parenthesized.Operand, depth + 1, cancellationToken);
            case ILocalReferenceOperation local:
                // The symbol, not its name and offset: two files can declare a `path` at the same offset.
                return PathKey(LocalValues.SingleValue(local, cancellationToken), depth + 1, cancellationToken) ?? "<local:" + Id(local.Local) + ">";
            case IFieldReferenceOperation field:
                return "<member:" + Id(field.Field.OriginalDefinition) + ">";
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return "<member:" + Id(property.Property.OriginalDefinition) + ">";
            case IParameterReferenceOperation parameter:
                return "<parameter:" + Id(parameter.Parameter.ContainingSymbol) + "#" + parameter.Parameter.Ordinal.ToString(CultureInfo.InvariantCulture) + ">";
            case IInvocationOperation { TargetMethod.Name: "Combine" or "Join" } combine when UntrustedSources.IsNamed(combine.TargetMethod.ContainingType, "System.IO", "Path"):
                return Join(combine.TargetMethod.Name == "Combine" ? Kind.Combine : Kind.Join, combine.Arguments.Length, i => combine.Arguments[i].Value, depth, cancellationToken);
            case IInvocationOperation { Arguments.Length: 0, Instance: null } call:
                return "<call:" + Id(call.TargetMethod) + ">"; // Path.GetTempPath()
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Join(Kind.Concat, 2, i => i == 0 ? binary.LeftOperand : binary.RightOperand, depth, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                return Join(Kind.Concat, interpolated.Parts.Length, i => interpolated.Parts[i] switch
                {
                    IInterpolationOperation { Alignment: null, FormatString: null } interpolation => interpolation.Expression,
                    IInterpolatedStringTextOperation text => text.Text,
                    _ => null,
                }, depth, cancellationToken);
            default:
                return null;
        }
    }

    private enum Kind
    {
        Concat,
        Combine,
        Join,
    }

    private string Id(ISymbol symbol) => _types.SymbolId(symbol).ToString(CultureInfo.InvariantCulture);

    /// <summary>Repeated separators as one (<c>Path.Combine("a/", "b")</c> and <c>"a" + "/b"</c> are <c>a/b</c>).</summary>
    private static string Collapse(string key)
    {
        while (key.IndexOf("//", StringComparison.Ordinal) >= 0)
            key = key.Replace("//", "/");
        return key;
    }

    /// <summary>Rooted: <c>/x</c>, <c>C:/x</c> (a later part that Path.Combine keeps alone).</summary>
    private static bool IsRooted(string part) =>
        part.StartsWith("/", StringComparison.Ordinal) || (part.Length >= 2 && part[1] == ':' && char.IsLetter(part[0]));

    private string? Join(Kind kind, int count, Func<int, IOperation?> part, int depth, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var value = part(i);
            if (value is IArrayCreationOperation { Initializer: { } array })
            {
                foreach (var element in array.ElementValues)
                {
                    if (PathKey(element, depth + 1, cancellationToken) is not { } elementKey)
                        return null;
                    parts.Add(elementKey);
                }

                continue;
            }

            if (PathKey(value, depth + 1, cancellationToken) is not { } key)
                return null;
            parts.Add(key);
        }

        if (kind == Kind.Concat)
            return string.Concat(parts);

        var joined = new StringBuilder();
        foreach (var key in parts)
        {
            if (key.Length == 0)
                continue;
            if (kind == Kind.Combine && IsRooted(key))
                joined.Clear();
            else if (joined.Length > 0)
                joined.Append('/');
            joined.Append(key);
        }

        return joined.ToString();
    }
}
