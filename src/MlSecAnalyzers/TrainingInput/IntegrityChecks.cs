using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC031's "was this checked?": earlier in the method that loads (or hands out) the model, the same bytes, stream or
/// path went through
/// <list type="bullet">
/// <item>a <c>System.Security.Cryptography</c> hash (<c>SHA256.HashData</c>, <c>ComputeHash</c>, <c>HashDataAsync</c>,
/// <c>IncrementalHash.AppendData</c> + <c>GetHashAndReset</c>; not MD5 or SHA-1) whose result is compared with something
/// (<c>==</c>, <c>!=</c>, <c>FixedTimeEquals</c>, <c>SequenceEqual</c>, <c>Equals</c>, directly or through
/// <c>Convert.ToHexString</c> and a local), or a signature check (<c>VerifyData</c>/<c>VerifyHash</c>) whose result is used;</item>
/// <item>a method of the compilation that does either (or returns such a hash, compared by the caller), one level deep;</item>
/// <item>a method named in <c>mlsec.model_integrity_verifiers</c>.</item>
/// </list>
/// "The same" means the values share a local, parameter, field or property, looking through locals' initializers
/// (<c>using var s = File.OpenRead(path)</c> hashes <c>path</c>); for a file, that the check reads the file the model is
/// loaded from (the same <see cref="PathKeys">path key</see>: a download saved to <c>"models/latest.onnx"</c> and read
/// back from it, or the same path spelled another way), and when the check reads a file it must be that one, whatever the
/// two paths share (<c>Path.Combine(_dir, "previous.onnx")</c>); a path string (a directory) or a configured verifier's
/// argument counts when it shares a root with the model.
/// </summary>
internal sealed class IntegrityChecks
{
    public const string VerifiersOption = "model_integrity_verifiers";

    private const int MaxHelperDepth = 2;

    /// <summary>
    /// How deep a digest is followed into the helpers it is handed to (<see cref="ParameterUse"/>); each local it passes
    /// through also counts one, so a checking helper (depth 1) can store the digest in a local and hand it to a comparer.
    /// </summary>
    private const int MaxDigestDepth = 4;

    private static readonly ImmutableHashSet<string> HashMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "HashData", "HashDataAsync", "TryHashData", "ComputeHash", "ComputeHashAsync", "AppendData");

    private static readonly ImmutableHashSet<string> SignatureMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "VerifyData", "VerifyHash");

    private static readonly ImmutableHashSet<string> Comparers = ImmutableHashSet.Create(
        StringComparer.Ordinal, "FixedTimeEquals", "SequenceEqual", "Equals", "CompareOrdinal", "Compare", "SequenceCompareTo", "StartsWith",
        // A set or map of pinned digests: Pinned.Contains(hex), KnownModels.ContainsKey(hex).
        "Contains", "ContainsKey");

    private static readonly ImmutableHashSet<string> Reshapers = ImmutableHashSet.Create(
        StringComparer.Ordinal, "ToHexString", "ToHexStringLower", "ToBase64String", "ToString", "AsSpan", "AsMemory", "ToArray",
        "ToLowerInvariant", "ToUpperInvariant", "ToLower", "ToUpper", "Replace", "Trim");

    private readonly SemanticModels _models;
    private readonly PathKeys _paths;

    public IntegrityChecks(SemanticModels models, PathKeys paths)
    {
        _models = models;
        _paths = paths;
    }

    private enum Use
    {
        None,
        Compared,
        Returned,
    }

    /// <summary>Whether <paramref name="value"/> was verified before <paramref name="site"/>, in the method around the site.</summary>
    public bool IsVerifiedBefore(IOperation site, IOperation value, ImmutableHashSet<string> verifiers, CancellationToken cancellationToken)
    {
        var roots = RootSymbols(value, cancellationToken);
        var file = FileKey(value, cancellationToken).Key;
        if ((roots.Count == 0 && file is null) || site.SemanticModel is not { } model)
            return false;

        // A load in a lambda (a Lazy<T> or DI factory, Task.Run) is checked by a check of the value it captures made
        // before the lambda in the method around it: builder.Services.AddSingleton(_ => new InferenceSession(modelPath))
        // after modelPath was hashed and compared. Not a local function's: it may be declared after its calls.
        var body = LocalValues.EnclosingBody(site.Syntax);
        for (var level = 0; body is not null && level < 4; level++)
        {
            if (CheckedIn(body, level > 0, site, model, roots, file, verifiers, cancellationToken))
                return true;
            body = body is AnonymousFunctionExpressionSyntax ? LocalValues.EnclosingBody(body) : null;
        }

        return false;
    }

    /// <param name="outer">
    /// A method around the lambda that loads: a check in another lambda or local function of it (another handler) runs at
    /// another time, and is not looked at.
    /// </param>
    private bool CheckedIn(SyntaxNode body, bool outer, IOperation site, SemanticModel model, HashSet<ISymbol> roots, string? file, ImmutableHashSet<string> verifiers, CancellationToken cancellationToken)
    {
        var span = site.Syntax.Span;
        foreach (var node in body.DescendantNodes(n => !outer || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) || n.Span.Contains(span)))
        {
            if (node.SpanStart >= site.Syntax.SpanStart)
                break;
            if (node is not InvocationExpressionSyntax call || SyntaxNameIndex.NameOf(call.Expression) is not { } name)
                continue;
            var known = HashMethods.Contains(name) || SignatureMethods.Contains(name) || verifiers.Contains(name);
            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || (!known && !IsDeclaredInSource(invocation.TargetMethod)))
            {
                continue;
            }

            var verifier = verifiers.Contains(name) || verifiers.Contains(invocation.TargetMethod.GetDocumentationCommentId() ?? "");
            if (!TakesModel(invocation, roots, file, verifier, cancellationToken))
                continue;
            if (verifier)
                return true;

            switch (Checks(invocation, body, model, 0, cancellationToken))
            {
                case Use.Compared:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="invocation"/>, applied to the model's data, is a check (Compared) or yields a digest the caller must compare (Returned).</summary>
    private Use Checks(IInvocationOperation invocation, SyntaxNode body, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (IsCryptography(method))
        {
            if (SignatureMethods.Contains(method.Name))
                return invocation.Parent is IExpressionStatementOperation ? Use.None : Use.Compared;
            if (!HashMethods.Contains(method.Name) || IsWeak(invocation))
                return Use.None;
            if (method.Name == "AppendData")
                return IncrementalHashUse(body, model, depth, cancellationToken);
            return HowUsed(invocation, body, model, depth, cancellationToken);
        }

        if (depth >= MaxHelperDepth || method.DeclaringSyntaxReferences.Length == 0)
            return Use.None;

        // A helper of the compilation: it checks (its own hash is compared), or returns a digest for this caller to compare.
        var helper = HelperUse(method, depth + 1, cancellationToken);
        return helper switch
        {
            Use.Compared => Use.Compared,
            Use.Returned => HowUsed(invocation, body, model, depth, cancellationToken),
            _ => Use.None,
        };
    }

    private Use HelperUse(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        var result = Use.None;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
                continue;

            // A method of a project referenced as a project (an IDE host) is not read, as if it came from an assembly.
            if (_models.Find(syntax.SyntaxTree) is not { } model)
                continue;
            foreach (var node in syntax.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax call || SyntaxNameIndex.NameOf(call.Expression) is not { } name)
                    continue;
                if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || (!HashMethods.Contains(name) && !SignatureMethods.Contains(name) && !IsDeclaredInSource(invocation.TargetMethod)))
                {
                    continue;
                }

                switch (Checks(invocation, syntax, model, depth, cancellationToken))
                {
                    case Use.Compared:
                        return Use.Compared;
                    case Use.Returned:
                        result = Use.Returned;
                        break;
                }
            }
        }

        return result;
    }

    /// <summary>IncrementalHash: the digest comes from GetHashAndReset/GetCurrentHash, which must be compared.</summary>
    private Use IncrementalHashUse(SyntaxNode body, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var result = Use.None;
        foreach (var node in body.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax call && SyntaxNameIndex.NameOf(call.Expression) is "GetHashAndReset" or "GetCurrentHash"
                && model.GetOperation(call, cancellationToken) is IInvocationOperation digest && IsCryptography(digest.TargetMethod))
            {
                var use = HowUsed(digest, body, model, depth, cancellationToken);
                if (use == Use.Compared)
                    return use;
                if (use == Use.Returned)
                    result = use;
            }
        }

        return result;
    }

    /// <summary>Follows a digest up through conversions, hex/base64 formatting and locals to a comparison or a <c>return</c>.</summary>
    private Use HowUsed(IOperation digest, SyntaxNode body, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var current = digest;
        for (var steps = 0; steps < 12; steps++)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case IConversionOperation or IAwaitOperation or IParenthesizedOperation:
                    current = parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    if (Comparers.Contains(call.TargetMethod.Name))
                        return Use.Compared;
                    if (Reshapers.Contains(call.TargetMethod.Name))
                    {
                        current = call;
                        continue;
                    }

                    // A helper of the compilation given the digest (ThrowIfMismatch(SHA256.HashData(bytes), expected)):
                    // it compares its parameter, or hands it back reshaped (Hex(digest)) for this method to compare.
                    switch (ParameterUse(call.TargetMethod, argument.Parameter, depth, cancellationToken))
                    {
                        case Use.Compared:
                            return Use.Compared;
                        case Use.Returned:
                            current = call;
                            continue;
                    }

                    return Use.None;
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    return Use.None;
                case IInvocationOperation call when call.Instance == current:
                    if (Comparers.Contains(call.TargetMethod.Name))
                        return Use.Compared;
                    if (Reshapers.Contains(call.TargetMethod.Name))
                    {
                        current = call;
                        continue;
                    }

                    return Use.None;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                    return Use.Compared;
                case IIsPatternOperation:
                    return Use.Compared;
                case IReturnOperation:
                    return Use.Returned;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return SymbolUse(declarator.Symbol, body, model, depth, cancellationToken);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current:
                    return SymbolUse(local.Local, body, model, depth, cancellationToken);
                default:
                    return Use.None;
            }
        }

        return Use.None;
    }

    /// <summary>How a helper of the compilation uses the digest it is given as <paramref name="parameter"/> (up to <see cref="MaxDigestDepth"/>).</summary>
    private Use ParameterUse(IMethodSymbol method, IParameterSymbol? parameter, int depth, CancellationToken cancellationToken)
    {
        if (parameter is null || depth >= MaxDigestDepth || method.DeclaringSyntaxReferences.Length == 0)
            return Use.None;

        var result = Use.None;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) || _models.Find(syntax.SyntaxTree) is not { } model)
                continue;

            var use = SymbolUse(parameter.OriginalDefinition, syntax, model, depth, cancellationToken);
            if (use == Use.Compared)
                return use;
            if (use == Use.Returned)
                result = use;
        }

        return result;
    }

    /// <summary>How the reads of a local or parameter in <paramref name="body"/> use the digest it holds (its first 16 names).</summary>
    private Use SymbolUse(ISymbol symbol, SyntaxNode body, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var result = Use.None;
        var uses = 0;
        foreach (var node in body.DescendantNodes())
        {
            if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != symbol.Name || ++uses > 16)
                continue;

            var read = model.GetOperation(identifier, cancellationToken);
            var readSymbol = read switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter.OriginalDefinition,
                _ => null,
            };
            if (read is null || !SymbolEqualityComparer.Default.Equals(readSymbol, symbol))
                continue;

            var use = HowUsed(read, body, model, depth + 1, cancellationToken);
            if (use == Use.Compared)
                return use;
            if (use == Use.Returned)
                result = use;
        }

        return result;
    }

    private static bool IsCryptography(IMethodSymbol method) =>
        Namespaces.Is(method.ContainingNamespace, "System.Security.Cryptography");

    /// <summary>MD5 and SHA-1 collide on purpose-built inputs: they prove nothing against someone who crafts the file.</summary>
    private static bool IsWeak(IInvocationOperation invocation)
    {
        var type = invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType;
        return type?.Name is "MD5" or "SHA1" or "MD5CryptoServiceProvider" or "SHA1CryptoServiceProvider" or "SHA1Managed";
    }

    /// <summary>A method declared in source (a helper worth looking into).</summary>
    private static bool IsDeclaredInSource(IMethodSymbol method) => method.DeclaringSyntaxReferences.Length > 0;

    /// <summary>Whether a call is given the model's data: an argument or its receiver is the same value (<see cref="IsModel"/>).</summary>
    private bool TakesModel(IInvocationOperation invocation, HashSet<ISymbol> roots, string? file, bool verifier, CancellationToken cancellationToken)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (IsModel(argument.Value, roots, file, verifier, cancellationToken))
                return true;
        }

        return invocation.Instance is { } instance && IsModel(instance, roots, file, verifier, cancellationToken);
    }

    /// <summary>
    /// Whether an operand of a check is the model. A read of a file (<c>File.ReadAllBytes</c>, <c>OpenRead</c>,
    /// <c>Open</c>, <c>new FileStream</c>) when both paths are known must read the model's file, whatever the two paths
    /// share (<c>Path.Combine(_dir, "previous.onnx")</c> is not <c>Path.Combine(_dir, "latest.onnx")</c>). Anything else
    /// (a path string that may be the model's directory or URL, and whatever a configured verifier is given) is the model
    /// when it names the same file or shares a root with it.
    /// </summary>
    private bool IsModel(IOperation operand, HashSet<ISymbol> roots, string? file, bool verifier, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            var (key, read) = FileKey(operand, cancellationToken);
            if (key == file)
                return true;
            // A key names its file exactly (a part the analyzer cannot name, an unknown call, makes it null and falls
            // through to the shared-root rule below), so a read of a file with another key reads another file.
            if (read && key is not null && !verifier)
                return false;
        }

        return roots.Count > 0 && RootSymbols(operand, cancellationToken).Overlaps(roots);
    }

    /// <summary>
    /// The path key of the file a value names (a string; Read false) or holds the content of (<c>File.ReadAllBytes(path)</c>,
    /// <c>File.OpenRead(path)</c>, <c>new FileStream(path, …)</c>, through locals and <c>await</c>; Read true); a null key
    /// for anything else, or a path that cannot be named.
    /// </summary>
    private (string? Key, bool Read) FileKey(IOperation? value, CancellationToken cancellationToken)
    {
        for (var steps = 0; steps < 6 && value is not null; steps++)
        {
            if (value.Type?.SpecialType == SpecialType.System_String)
                return (_paths.Of(value, cancellationToken), false);

            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    continue;
                case ILocalReferenceOperation local:
                    value = LocalValues.SingleValue(local, cancellationToken);
                    continue;
                case IInvocationOperation read
                    when UntrustedSources.FileReaders.Contains(read.TargetMethod.Name) && UntrustedSources.IsNamed(read.TargetMethod.ContainingType, "System.IO", "File"):
                    return (Arguments.ForParameter(read.Arguments, 0) is { } path ? _paths.Of(path.Value, cancellationToken) : null, true);
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when UntrustedSources.IsNamed(created, "System.IO", "FileStream"):
                    return (Arguments.ForParameter(creation.Arguments, 0) is { Value.Type.SpecialType: SpecialType.System_String } opened ? _paths.Of(opened.Value, cancellationToken) : null, true);
                default:
                    return (null, false);
            }
        }

        return (null, false);
    }

    /// <summary>
    /// The locals, parameters, fields and properties of data types (strings, arrays, streams, memory, <c>FileInfo</c>,
    /// <c>Uri</c>) a value is built from, through locals' single values. Services it is read through
    /// (<c>configuration["A"]</c>, <c>http.GetByteArrayAsync(…)</c>) are not roots: two values read from one
    /// <c>IConfiguration</c> are not the same value.
    /// </summary>
    private static HashSet<ISymbol> RootSymbols(IOperation value, CancellationToken cancellationToken)
    {
        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<(IOperation Operation, int Depth)>();
        pending.Push((value, 0));
        while (pending.Count > 0)
        {
            var (operation, depth) = pending.Pop();
            foreach (var part in operation.DescendantsAndSelf())
            {
                switch (part)
                {
                    case ILocalReferenceOperation local when IsData(local.Local.Type):
                        if (symbols.Add(local.Local) && depth < 3 && LocalValues.SingleValue(local, cancellationToken) is { } initial)
                            pending.Push((initial, depth + 1));
                        break;
                    case IParameterReferenceOperation parameter when IsData(parameter.Parameter.Type):
                        symbols.Add(parameter.Parameter);
                        break;
                    case IFieldReferenceOperation field when IsData(field.Field.Type):
                        symbols.Add(field.Field);
                        break;
                    case IPropertyReferenceOperation { Property.IsIndexer: false } property when IsData(property.Property.Type):
                        symbols.Add(property.Property);
                        break;
                }
            }
        }

        return symbols;
    }

    private static bool IsData(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol)
            return true;

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            // The name first: the namespaces are compared only for the few types that can match.
            if (current.Name is "Stream" or "FileInfo" or "Uri" or "Memory" or "ReadOnlyMemory" && (Namespaces.Is(current.ContainingNamespace, "System.IO") || Namespaces.Is(current.ContainingNamespace, "System")))
                return true;
        }

        return false;
    }
}
