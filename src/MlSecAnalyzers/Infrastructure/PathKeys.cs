using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Names the file a path value points to, so that two places that compute the path (a download saved to it, a read of
/// it, a load from it) can be told apart or matched: the same constant text, the same local's value, the same field,
/// property or parameter, or the same <c>Path.Combine</c>/concatenation of those. Shared by the untrusted-source
/// tracker's saved-file search and MLSEC031's integrity checks, so both call the same file the same.
/// A part that cannot be named makes the whole key null (an unknown call, a call with arguments), so a key that is not
/// null names its file exactly; only a field or property is named without its instance.
/// </summary>
internal sealed class PathKeys
{
    /// <summary>Calls that return a new name each time: two calls are two files, even with the same text.</summary>
    private static readonly ImmutableHashSet<string> NewNames = ImmutableHashSet.Create(
        StringComparer.Ordinal, "GetTempFileName", "GetRandomFileName", "NewGuid", "CreateVersion7");

    private readonly MlTypes _types;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _newNameHelpers = new(SymbolEqualityComparer.Default);

    public PathKeys(MlTypes types) => _types = types;

    /// <summary>
    /// A text that names the same file wherever it is computed, or null when the path cannot be named. The spellings of one
    /// path give one key: <c>Path.Combine(dir, "x")</c>, <c>Path.Join(dir, "x")</c>, <c>dir + "/x"</c>,
    /// <c>$"{dir}/x"</c> and <c>dir + "\\x"</c> are all <c>&lt;dir&gt;/x</c> (backslashes read as slashes, repeated
    /// separators as one, a rooted later part of <c>Path.Combine</c> replacing what comes before it, as Path.Combine does).
    /// </summary>
    public string? Of(IOperation? path, CancellationToken cancellationToken) => PathKey(path, 0, false, cancellationToken) is { } key ? Collapse(key) : null;

    /// <summary>
    /// The key of the directory <paramref name="path"/> names a file in (the key of the path without its last part),
    /// also when that last part cannot be named: <c>Path.Combine("uploads", upload.FileName)</c> and
    /// <c>"uploads/" + Path.GetFileName(name)</c> are both in <c>uploads</c>. Null when a part before the last
    /// separator cannot be named; "" for a bare name (the current directory).
    /// </summary>
    public string? DirectoryOf(IOperation? path, CancellationToken cancellationToken)
    {
        var key = Collapse(PathKey(path, 0, true, cancellationToken) ?? Unknown);
        var last = key.LastIndexOf('/');
        var directory = last < 0 ? "" : key.Substring(0, last);
        return directory.IndexOf(Unknown, StringComparison.Ordinal) >= 0 ? null : directory;
    }

    /// <summary>What a part that cannot be named reads as in <see cref="DirectoryOf"/>: no path text holds it.</summary>
    private const string Unknown = "\0";

    /// <summary>The key of a part: constant text as itself (with '/' for '\\'), anything else named in angle brackets.</summary>
    /// <param name="partial">Whether a part that cannot be named reads as <see cref="Unknown"/> rather than making the key null.</param>
    private string? PathKey(IOperation? path, int depth, bool partial, CancellationToken cancellationToken)
    {
        if (path is null || depth > 6)
            return null;
        if (path.ConstantValue is { HasValue: true, Value: string text })
            return text.Replace('\\', '/');
        if (path.ConstantValue is { HasValue: true, Value: char character })
            return character == '\\' ? "/" : character.ToString();

        switch (path)
        {
            case IConversionOperation conversion:
                return PathKey(conversion.Operand, depth + 1, partial, cancellationToken);
            case IParenthesizedOperation parenthesized:
                return PathKey(parenthesized.Operand, depth + 1, partial, cancellationToken);
            case ILocalReferenceOperation local:
                // The symbol, not its name and offset: two files can declare a `path` at the same offset.
                return PathKey(LocalValues.SingleValue(local, cancellationToken), depth + 1, partial, cancellationToken) ?? "<local:" + Id(local.Local) + ">";
            case IFieldReferenceOperation { Field.Name: "DirectorySeparatorChar" or "AltDirectorySeparatorChar" } separator
                when UntrustedSources.IsNamed(separator.Field.ContainingType, "System.IO", "Path"):
                return "/"; // '\\' on Windows, read as '/' like a backslash in text
            case IFieldReferenceOperation field:
                return "<member:" + Id(field.Field.OriginalDefinition) + ">";
            case IPropertyReferenceOperation { Property.Name: "CurrentDirectory", Instance: null } current
                when UntrustedSources.IsNamed(current.Property.ContainingType, "System", "Environment"):
                return CurrentDirectory;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return "<member:" + Id(property.Property.OriginalDefinition) + ">";
            case IParameterReferenceOperation parameter:
                return "<parameter:" + Id(parameter.Parameter.ContainingSymbol) + "#" + parameter.Parameter.Ordinal.ToString(CultureInfo.InvariantCulture) + ">";
            case IInvocationOperation { TargetMethod.Name: "Combine" or "Join" } combine when UntrustedSources.IsNamed(combine.TargetMethod.ContainingType, "System.IO", "Path"):
                // By parameter: named arguments may be written in any order (Path.Combine(path2: "m.onnx", path1: dir)).
                return Join(combine.TargetMethod.Name == "Combine" ? Kind.Combine : Kind.Join, combine.TargetMethod.Parameters.Length,
                    i => Arguments.ForParameter(combine.Arguments, i)?.Value, depth, partial, cancellationToken);
            case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance }
                when instance.Type?.SpecialType is SpecialType.System_Char or SpecialType.System_String || UntrustedSources.IsNamed(instance.Type as INamedTypeSymbol, "System", "Guid"):
                return PathKey(instance, depth + 1, partial, cancellationToken); // the text $"{x}" gives
            case IInvocationOperation { Instance: null } call:
                return CallKey(call, cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Join(Kind.Concat, 2, i => i == 0 ? binary.LeftOperand : binary.RightOperand, depth, partial, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                return Join(Kind.Concat, interpolated.Parts.Length, i => interpolated.Parts[i] switch
                {
                    IInterpolationOperation { Alignment: null, FormatString: null } interpolation => interpolation.Expression,
                    IInterpolatedStringTextOperation text => text.Text,
                    _ => null,
                }, depth, partial, cancellationToken);
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

    /// <summary>
    /// A static call: one key across the compilation for a call that names the same place each time (the temp
    /// directory, a special folder, a helper of the compilation without arguments); a key of its own call site for one
    /// that makes a new name (<c>Path.GetTempFileName()</c>, <c>Guid.NewGuid()</c>), which a local holding it shares at
    /// every use; null for any other call, whose result the analyzer cannot name.
    /// </summary>
    private string? CallKey(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if ((NewNames.Contains(method.Name) && (UntrustedSources.IsNamed(type, "System.IO", "Path") || UntrustedSources.IsNamed(type, "System", "Guid")))
            || (call.Arguments.Length == 0 && method.DeclaringSyntaxReferences.Length > 0 && MakesNewNames(method, cancellationToken)))
        {
            var site = call.Syntax;
            return "<new:" + _types.TreeId(site.SyntaxTree).ToString(CultureInfo.InvariantCulture) + "@" + site.SpanStart.ToString(CultureInfo.InvariantCulture) + ">";
        }

        if (call.Arguments.Length == 0 && method.Name == "GetCurrentDirectory" && UntrustedSources.IsNamed(type, "System.IO", "Directory"))
            return CurrentDirectory;

        if (call.Arguments.Length == 0
            && (method.DeclaringSyntaxReferences.Length > 0
                || (method.Name == "GetTempPath" && UntrustedSources.IsNamed(type, "System.IO", "Path"))))
        {
            return "<call:" + Id(method) + ">";
        }

        // Environment.GetFolderPath(SpecialFolder.LocalApplicationData[, option]): the same folder for the same constants.
        if (method.Name == "GetFolderPath" && UntrustedSources.IsNamed(type, "System", "Environment"))
        {
            var key = new StringBuilder("<call:").Append(Id(method));
            foreach (var argument in call.Arguments)
            {
                if (argument.Value.ConstantValue is not { HasValue: true, Value: { } value })
                    return null;
                key.Append(',').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            return key.Append('>').ToString();
        }

        return null;
    }

    /// <summary>A helper of the compilation that calls <see cref="NewNames"/> itself (one level deep), so each call is a new file.</summary>
    private bool MakesNewNames(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_newNameHelpers.TryGetValue(method, out var known))
            return known;

        var makes = false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && SyntaxNameIndex.NameOf(invocation.Expression) is { } name && NewNames.Contains(name))
                {
                    makes = true;
                    break;
                }
            }
        }

        return _newNameHelpers.GetOrAdd(method, makes);
    }

    /// <summary>
    /// Repeated separators as one (<c>Path.Combine("a/", "b")</c> and <c>"a" + "/b"</c> are <c>a/b</c>), and a "."
    /// segment dropped (<c>"./models/m.onnx"</c> is <c>"models/m.onnx"</c>).
    /// </summary>
    private static string Collapse(string key)
    {
        while (key.IndexOf("//", StringComparison.Ordinal) >= 0)
            key = key.Replace("//", "/");
        while (key.IndexOf("/./", StringComparison.Ordinal) >= 0)
            key = key.Replace("/./", "/");
        while (true)
        {
            if (key.StartsWith("./", StringComparison.Ordinal))
                key = key.Substring(2);
            else if (key.StartsWith(CurrentDirectory + "/", StringComparison.Ordinal))
                key = key.Substring(CurrentDirectory.Length + 1);
            else
                break;
        }

        return key == CurrentDirectory ? "." : key;
    }

    /// <summary>
    /// The key of <c>Directory.GetCurrentDirectory()</c> and <c>Environment.CurrentDirectory</c>, which
    /// <see cref="Collapse"/> reads as a relative path does: <c>Path.Combine(Directory.GetCurrentDirectory(), "data")</c>
    /// is <c>data</c>, the directory alone <c>.</c> (the process's directory is taken to stay the same while it runs).
    /// Glued to text without a separator (<c>Directory.GetCurrentDirectory() + "data"</c>, a sibling) it stays as is.
    /// </summary>
    private const string CurrentDirectory = "<cwd>";

    /// <summary>Rooted: <c>/x</c>, <c>C:/x</c> (a later part that Path.Combine keeps alone).</summary>
    private static bool IsRooted(string part) =>
        part.StartsWith("/", StringComparison.Ordinal) || (part.Length >= 2 && part[1] == ':' && char.IsLetter(part[0]));

    private string? Join(Kind kind, int count, Func<int, IOperation?> part, int depth, bool partial, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var value = part(i);
            if (value is IArrayCreationOperation { Initializer: { } array })
            {
                foreach (var element in array.ElementValues)
                {
                    if ((PathKey(element, depth + 1, partial, cancellationToken) ?? (partial ? Unknown : null)) is not { } elementKey)
                        return null;
                    parts.Add(elementKey);
                }

                continue;
            }

            if ((PathKey(value, depth + 1, partial, cancellationToken) ?? (partial ? Unknown : null)) is not { } key)
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
