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

    /// <summary>
    /// Names that may give another value at each call (a clock, a random source, a new name): a helper whose body names
    /// one is not keyed as a fixed directory (<see cref="PrefixOf"/>).
    /// </summary>
    private static readonly ImmutableHashSet<string> Varying = NewNames.Union(new[]
    {
        "Now", "UtcNow", "Today", "TickCount", "TickCount64", "GetTimestamp", "Next", "NextDouble", "NextInt64", "NextSingle",
        "NextBytes", "GetRandomBytes", "GetInt32", "GetBytes", "Fill", "Shared", "Random", "RandomNumberGenerator",
    });

    private readonly MlTypes _types;
    private readonly SemanticModels? _models;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _newNameHelpers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Kind?> _prefixHelpers = new(SymbolEqualityComparer.Default);

    /// <param name="types">The compilation's well-known types and symbol ids.</param>
    /// <param name="models">Semantic models of the compilation's trees, to read a path helper's body (<see cref="PrefixOf"/>); without them no helper is keyed.</param>
    public PathKeys(MlTypes types, SemanticModels? models = null)
    {
        _types = types;
        _models = models;
    }

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
            case IInvocationOperation { Arguments.Length: 1 } helper when PrefixOf(helper.TargetMethod, cancellationToken) is { } kind:
                return HelperKey(helper, kind, depth, partial, cancellationToken);
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
    /// A call of a helper of the compilation that puts its one argument under a fixed directory
    /// (<c>GetAbsolutePath("../Data/train.csv")</c>, see <see cref="PrefixOf"/>): <c>&lt;helper:id&gt;/</c> and the
    /// argument's key, so that the same argument names the same file and <c>GetAbsolutePath("../Data")</c> is the
    /// directory of <c>GetAbsolutePath("../Data/train.csv")</c>. The helper's directory is not the current one: the
    /// key never equals the argument's own. A rooted argument (or the current directory) is what
    /// <c>Path.Combine</c> returns alone.
    /// </summary>
    private string? HelperKey(IInvocationOperation call, Kind kind, int depth, bool partial, CancellationToken cancellationToken)
    {
        if (PathKey(call.Arguments[0].Value, depth + 1, partial, cancellationToken) is not { } argument)
            return null;
        if (kind == Kind.Combine && (IsRooted(argument) || argument.StartsWith(CurrentDirectory, StringComparison.Ordinal)))
            return argument;
        return "<helper:" + Id(call.TargetMethod.OriginalDefinition) + ">/" + argument;
    }

    /// <summary>
    /// How a method of the compilation puts its one string parameter under a fixed directory, or null when it does not:
    /// an ordinary method (not virtual, abstract, override, partial, extern, nor an interface's) whose body is one
    /// <c>return</c> (or an expression body), after local declarations only, of <c>Path.Combine(dir, p)</c>,
    /// <c>Path.Join(dir, p)</c>, <c>dir + "/" + p</c> or <c>$"{dir}/{p}"</c> (also through a local given it once),
    /// where the parameter is named nowhere else (so <c>dir</c> does not depend on it) and the body names no clock,
    /// random source or new name, nor calls a helper that makes one: <c>dir</c> is taken to be the same at each call,
    /// as a field or property is. Decided once per method.
    /// </summary>
    private Kind? PrefixOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_models is null || method.MethodKind != MethodKind.Ordinary || method.Parameters.Length != 1
            || method.ReturnType.SpecialType != SpecialType.System_String || method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        method = method.OriginalDefinition;
        if (_prefixHelpers.TryGetValue(method, out var known))
            return known;
        return _prefixHelpers.GetOrAdd(method, ReadPrefix(method, cancellationToken));
    }

    private Kind? ReadPrefix(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var parameter = method.Parameters[0];
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.ReturnsByRef || method.ReturnsByRefReadonly
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
            || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Type.SpecialType != SpecialType.System_String
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
            || _models!.Find(declaration.SyntaxTree) is not { } model)
        {
            return null;
        }

        ExpressionSyntax? returned = declaration.ExpressionBody?.Expression;
        if (declaration.Body is { } body)
        {
            var statements = body.Statements;
            if (statements.Count == 0 || statements[statements.Count - 1] is not ReturnStatementSyntax { Expression: { } value })
                return null;
            for (var i = 0; i < statements.Count - 1; i++)
            {
                if (statements[i] is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 })
                    return null;
            }

            returned = value;
        }

        if (returned is null)
            return null;

        // The parameter named once (in the returned path's last part), no varying name, no helper that makes new names.
        var uses = 0;
        foreach (var node in declaration.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier)
            {
                var name = identifier.Identifier.ValueText;
                if (name == parameter.Name && ++uses > 1)
                    return null;
                if (Varying.Contains(name))
                    return null;
            }
            else if (node is InvocationExpressionSyntax invocation
                     && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } called
                     && (SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, method) || MakesNewNames(called, cancellationToken)))
            {
                return null;
            }
        }

        var path = model.GetOperation(returned, cancellationToken);
        for (var i = 0; i < 4 && path is ILocalReferenceOperation or IConversionOperation { IsImplicit: true } or IParenthesizedOperation; i++)
        {
            path = path switch
            {
                ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local.ContainingSymbol, method) => LocalValues.SingleValue(local, cancellationToken),
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => null,
            };
        }

        switch (path)
        {
            case IInvocationOperation { TargetMethod.Name: "Combine" or "Join", TargetMethod.Parameters.Length: 2, Arguments.Length: 2 } combine
                when UntrustedSources.IsNamed(combine.TargetMethod.ContainingType, "System.IO", "Path")
                     && combine.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_String
                     && combine.TargetMethod.Parameters[1].Type.SpecialType == SpecialType.System_String
                     && IsParameter(Arguments.ForParameter(combine.Arguments, 1)?.Value, parameter):
                return combine.TargetMethod.Name == "Combine" ? Kind.Combine : Kind.Join;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand: var left } concat
                when IsParameter(concat.RightOperand, parameter) && EndsWithSeparator(left is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } inner ? inner.RightOperand : left):
                return Kind.Concat;
            case IInterpolatedStringOperation { Parts: var parts } when parts.Length >= 2
                && parts[parts.Length - 1] is IInterpolationOperation { Alignment: null, FormatString: null } last && IsParameter(last.Expression, parameter)
                && parts[parts.Length - 2] is IInterpolatedStringTextOperation { Text: var text } && EndsWithSeparator(text):
                return Kind.Concat;
            default:
                return null;
        }

        static bool IsParameter(IOperation? value, IParameterSymbol parameter) =>
            value is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        static bool EndsWithSeparator(IOperation part) =>
            part.ConstantValue is { HasValue: true, Value: var constant }
            && (constant is string text ? text.EndsWith("/", StringComparison.Ordinal) || text.EndsWith("\\", StringComparison.Ordinal) : constant is '/' or '\\');
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
