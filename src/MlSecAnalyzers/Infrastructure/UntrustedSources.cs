using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlSecAnalyzers.PersonalData;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// A small taint tracker: says whether a value comes from a place outside the application's control, and which. Sources
/// are HTTP downloads (<c>HttpClient</c> reads and responses, <c>HttpContent.ReadAs*</c>, <c>WebClient</c>), Azure Blob
/// Storage downloads (<c>BlobClient</c>, <c>BlockBlobClient</c> and the other <c>BlobBaseClient</c>s), uploaded files
/// (<c>IFormFile</c>), the request (<c>HttpRequest.Body</c>/<c>Query</c>/<c>Form</c>/…, parameters a minimal-API handler
/// or controller action binds from the request), configuration (and the app's options bound from it) and the
/// environment; and files such content was saved
/// to (<c>File.WriteAllBytes</c>, <c>CopyTo</c> a <c>FileStream</c>, <c>WebClient.DownloadFile</c>, a blob's
/// <c>DownloadTo</c>) when the same path is read again.
/// <para>
/// The search follows conversions, <c>await</c>, every assignment of a local, string building, the stream, file, path,
/// LINQ and ML.NET data APIs that pass data through, and, across the compilation, fields and properties (every
/// assignment and every <c>Add</c>/<c>Enqueue</c>/… into them: a store an endpoint fills and training reads), the return
/// values of its methods (parameters bound to the call's arguments), and the callers of a method whose parameter carries
/// the value. Work is bounded by <see cref="MaxDepth"/> steps and <see cref="MaxVisits"/> values per question, and at
/// most <see cref="MaxSites"/> writers or callers per symbol. Anything it cannot see, literal and app-relative paths
/// above all, counts as trusted: precision first.
/// A file a value only names in a trusted directory (<c>Path.Combine("models", Path.GetFileName(name))</c>) is
/// as trusted as that directory (<see cref="FileNamePaths"/>).
/// </para>
/// </summary>
internal sealed class UntrustedSources
{
    public const string HttpDownload = "an HTTP download";
    public const string BlobDownload = "an Azure Blob Storage download";
    public const string UploadedFile = "an uploaded file";
    public const string RequestBody = "the request body";
    public const string Request = "the request";
    public const string Configuration = "configuration";
    public const string Environment = "the environment";

    public const int MaxDepth = 16;
    public const int MaxVisits = 400;
    public const int MaxSites = 32;

    // Lists, not sets: they are walked, and the order decides which source a message names.
    private static readonly ImmutableArray<string> CollectionWriters = ImmutableArray.Create(
        "Add", "AddRange", "Insert", "InsertRange", "Enqueue", "Push", "TryAdd", "AddOrUpdate", "TryWrite", "WriteAsync");

    private static readonly ImmutableArray<string> FileWriters = ImmutableArray.Create(
        "WriteAllBytes", "WriteAllBytesAsync", "WriteAllText", "WriteAllTextAsync", "WriteAllLines",
        "WriteAllLinesAsync", "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "Copy", "Move");

    /// <summary>The <c>System.IO.File</c> methods that read a file named by their first argument (also MLSEC031's checks).</summary>
    internal static readonly ImmutableHashSet<string> FileReaders = ImmutableHashSet.Create(
        StringComparer.Ordinal, "ReadAllBytes", "ReadAllBytesAsync", "ReadAllText", "ReadAllTextAsync", "ReadAllLines",
        "ReadAllLinesAsync", "ReadLines", "OpenRead", "Open", "OpenText");

    private static readonly ImmutableHashSet<string> FileOpeners = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Create", "OpenWrite", "Open");

    private static readonly ImmutableArray<string> StreamCopies = ImmutableArray.Create("CopyTo", "CopyToAsync");

    /// <summary>
    /// Archive extractions, source first and destination second: <c>ZipFile.ExtractToDirectory(archive, directory)</c>
    /// (a path or, since .NET 8, a stream), <c>archive.ExtractToDirectory(directory)</c>, <c>entry.ExtractToFile(path)</c>
    /// (<c>ZipFileExtensions</c>), <c>TarFile.ExtractToDirectory(archive, directory, overwrite)</c>.
    /// </summary>
    private static readonly ImmutableArray<string> Extractions =
        ImmutableArray.Create("ExtractToDirectory", "ExtractToDirectoryAsync", "ExtractToFile", "ExtractToFileAsync");

    /// <summary>Writes into a writer or stream (<c>writer.Write(text)</c>, <c>stream.WriteAsync(bytes)</c>).</summary>
    private static readonly ImmutableArray<string> WriterWrites = ImmutableArray.Create("Write", "WriteAsync", "WriteLine", "WriteLineAsync");

    /// <summary>
    /// The words a file that writes to a file through a writer or stream names (the type it creates or the <c>File</c>
    /// method that opens it): only its calls named <see cref="WriterWrites"/> are read.
    /// </summary>
    private static readonly ImmutableArray<string> WriterOpeners = ImmutableArray.Create("StreamWriter", "BinaryWriter", "FileStream", "File");

    /// <summary><c>WebClient</c>'s methods that save a download to the file named by their second parameter.</summary>

    /// <summary>
    /// The methods of a client that save a download to a file themselves: <c>WebClient</c>'s <c>DownloadFile*</c> (the file
    /// its second parameter names) and a blob client's <c>DownloadTo*</c> (the file or stream its first names).
    /// </summary>
    private static readonly ImmutableArray<string> ClientFileDownloads =
        ImmutableArray.Create("DownloadFile", "DownloadFileTaskAsync", "DownloadFileAsync", "DownloadTo", "DownloadToAsync");

    private readonly MlTypes _types;
    private readonly SemanticModels _models;
    private readonly PathKeys _paths;
    private readonly OptionsTypes _options;
    private readonly Func<IInvocationOperation, bool>? _isSanitizer;
    private readonly Func<IOperation, IOperation, CancellationToken, bool>? _isCheckedAt;

    /// <param name="types">The compilation's well-known types.</param>
    /// <param name="models">Semantic models of the compilation's trees, for values followed into other files.</param>
    /// <param name="isSanitizer">A call whose result counts as trusted (a validator).</param>
    /// <param name="isCheckedAt">Whether a value was checked before a site (a call, a <c>return</c>); a checked value is trusted there.</param>
    public UntrustedSources(
        MlTypes types,
        SemanticModels models,
        Func<IInvocationOperation, bool>? isSanitizer = null,
        Func<IOperation, IOperation, CancellationToken, bool>? isCheckedAt = null)
    {
        _types = types;
        _models = models;
        _paths = new PathKeys(types, models);
        _options = new OptionsTypes(types.Compilation);
        _isSanitizer = isSanitizer;
        _isCheckedAt = isCheckedAt;
    }

    /// <summary>Where <paramref name="value"/> comes from, or null when it is trusted or unknown.</summary>
    public Finding? Find(IOperation? value, CancellationToken cancellationToken) =>
        Describe(value, 0, new Query(cancellationToken));

    /// <summary>
    /// Like <see cref="Find"/> for a value used as the path of a file that is read: also untrusted when untrusted
    /// content was written to the same path (a download saved to disk, an upload copied to a file).
    /// </summary>
    /// <param name="countChecksOfPath">
    /// False for a file that is loaded again whenever it changes (<c>FromFile</c> watching it): a check of the file by a
    /// caller or a helper that returns its path was of the file then, not of later versions. Checks of content before it
    /// is written to the file still count; they hold for every version the code writes.
    /// </param>
    public Finding? FindPath(IOperation? path, CancellationToken cancellationToken, bool countChecksOfPath = true)
    {
        var query = new Query(cancellationToken) { IgnoreChecks = !countChecksOfPath };
        return DescribePath(path, 0, query);
    }

    /// <summary>The answer: the kind of source, and the ML.NET loader the value went through on its way, if any.</summary>
    public sealed class Finding
    {
        public Finding(string source) => Source = source;

        public string Source { get; }

        /// <summary>The ML.NET loader call (<c>LoadFromTextFile</c>, <c>LoadFromEnumerable</c>, …) nearest to the sink.</summary>
        public IInvocationOperation? Loader { get; set; }
    }

    private sealed class Query
    {
        public Query(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

        public CancellationToken CancellationToken { get; }

        public int Visits;

        /// <summary>Checks by callers and returning helpers do not count (set while following a watched file's path).</summary>
        public bool IgnoreChecks;

        /// <summary>Symbols whose writers or callers are being examined: a cycle answers "trusted".</summary>
        public HashSet<ISymbol> Visiting { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Calls being followed into their method, innermost last: binds the method's parameters to the arguments.</summary>
        public List<IInvocationOperation> Calls { get; } = new();
    }

    private Finding? Describe(IOperation? value, int depth, Query query)
    {
        if (value is null || depth > MaxDepth || ++query.Visits > MaxVisits)
            return null;

        query.CancellationToken.ThrowIfCancellationRequested();
        switch (value)
        {
            case IConversionOperation conversion:
                return Describe(conversion.Operand, depth + 1, query);
            case IAwaitOperation awaited:
                return Describe(awaited.Operation, depth + 1, query);
            case ICoalesceOperation coalesce:
                return Describe(coalesce.Value, depth + 1, query) ?? Describe(coalesce.WhenNull, depth + 1, query);
            case IConditionalOperation { IsRef: false, WhenFalse: { } whenFalse } conditional:
                return Describe(conditional.WhenTrue, depth + 1, query) ?? Describe(whenFalse, depth + 1, query);
            case IConditionalAccessOperation conditionalAccess:
                return Describe(conditionalAccess.WhenNotNull, depth + 1, query);
            case IConditionalAccessInstanceOperation instance:
                return instance.Parent is { } parent && FindConditionalAccess(parent) is { } access ? Describe(access.Operation, depth + 1, query) : null;
            case ILocalReferenceOperation local:
                return DescribeLocal(local, depth, query);
            case IParameterReferenceOperation parameter:
                return DescribeParameter(parameter, depth, query);
            case IFieldReferenceOperation field:
                return field.Field.IsConst ? null : DescribeMember(field.Field, field.Instance, depth, query);
            case IPropertyReferenceOperation property:
                return DescribeProperty(property, depth, query);
            case IInvocationOperation invocation:
                return DescribeInvocation(invocation, depth, query);
            case IObjectCreationOperation creation:
                return DescribeCreation(creation, depth, query);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return DescribeAll(initializer.ElementValues, depth, query);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Describe(binary.LeftOperand, depth + 1, query) ?? Describe(binary.RightOperand, depth + 1, query);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation && Describe(interpolation.Expression, depth + 1, query) is { } found)
                        return found;
                }

                return null;
            default:
                return null;
        }
    }

    private static IConditionalAccessOperation? FindConditionalAccess(IOperation operation)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation access)
                return access;
        }

        return null;
    }

    private Finding? DescribeAll(IEnumerable<IOperation> values, int depth, Query query)
    {
        foreach (var value in values)
        {
            if (Describe(value, depth + 1, query) is { } found)
                return found;
        }

        return null;
    }

    private Finding? DescribeArguments(ImmutableArray<IArgumentOperation> arguments, int depth, Query query)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && Describe(argument.Value, depth + 1, query) is { } found)
                return found;
        }

        return null;
    }

    // ------------------------------------------------------------------ locals

    /// <summary>
    /// A local holds the value last assigned to it before the use when the statements between say which
    /// (<see cref="LastValueBefore"/>): <c>data = ml.Data.FilterRowsByMissingValues(data, …)</c> replaces the unvalidated
    /// view. Otherwise it is untrusted when any value it is given in its method is: its initializer, each assignment,
    /// the collection a <c>foreach</c> variable walks, and what is copied or written into it (<c>upload.CopyTo(memory)</c>).
    /// </summary>
    private Finding? DescribeLocal(ILocalReferenceOperation reference, int depth, Query query)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length == 0 || local.IsConst)
            return null;

        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(query.CancellationToken);
        if (_models.Find(declaration.SyntaxTree) is not { } model)
            return null;

        // No cycle guard needed here: the value found lies before the use in the text, so each step moves back.
        if (LastValueBefore(reference, local, declaration, model, query.CancellationToken) is { } last)
            return Describe(last, depth + 1, query);

        if (!query.Visiting.Add(local))
            return null;

        try
        {
            switch (declaration)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } initializer }:
                    if (Describe(LocalValues.OperationOf(model, initializer, query.CancellationToken), depth + 1, query) is { } initial)
                        return initial;
                    break;
                case ForEachStatementSyntax forEach:
                    return Describe(LocalValues.OperationOf(model, forEach.Expression, query.CancellationToken), depth + 1, query);
            }

            if (LocalValues.EnclosingBody(declaration) is not { } body)
                return null;

            // The writes name the local: read them from its occurrences (one index per body, shared with LocalValues).
            foreach (var identifier in LocalValues.IdentifiersNamed(body, local.Name))
            {
                switch (WriteAt(identifier))
                {
                    case AssignmentExpressionSyntax assignment
                        when model.GetOperation(assignment, query.CancellationToken) is IAssignmentOperation { Target: ILocalReferenceOperation target } written
                             && SymbolEqualityComparer.Default.Equals(target.Local, local):
                        if (Describe(written.Value, depth + 1, query) is { } assigned)
                            return assigned;
                        break;
                    case InvocationExpressionSyntax call:
                        if (model.GetOperation(call, query.CancellationToken) is IInvocationOperation invocation
                            && DescribeWriteInto(invocation, local, depth, query) is { } copied)
                        {
                            return copied;
                        }

                        break;
                }
            }

            return null;
        }
        finally
        {
            query.Visiting.Remove(local);
        }
    }

    /// <summary>
    /// The value <paramref name="local"/> surely holds at <paramref name="reference"/>: the nearest earlier statement of
    /// the same block flow (the use's block, then the blocks around it) that is <c>local = value;</c> or declares it with
    /// an initializer. Null, so that every value counts, when that cannot be told: any other write on the way (in an
    /// <c>if</c>, a loop, a <c>ref</c>/<c>out</c> argument, a copy into it), a loop around the use that writes it, a use
    /// inside a lambda or local function, or a <c>goto</c> in the method.
    /// </summary>
    private IOperation? LastValueBefore(ILocalReferenceOperation reference, ILocalSymbol local, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declaration is not VariableDeclaratorSyntax declarator || reference.Syntax is not { } use
            || use.SyntaxTree != declaration.SyntaxTree || LocalValues.EnclosingBody(declaration) is not { } body
            || LocalValues.EnclosingBody(use) != body || HasGoto(body))
        {
            return null;
        }

        // Every occurrence of the name that may write it (by syntax: a same-named member or local elsewhere only makes
        // this give up, which is the old answer).
        var writes = new List<SyntaxNode>();
        foreach (var identifier in LocalValues.IdentifiersNamed(body, local.Name))
        {
            if (MayWrite(identifier) is not { } write)
                continue;

            // A lambda or local function that writes it may run anywhere between the assignment and the use.
            if (LocalValues.EnclosingBody(write) != body)
                return null;
            writes.Add(write);
        }

        var position = use.SpanStart;
        for (SyntaxNode current = use; current.Parent is { } parent; current = parent)
        {
            List<StatementSyntax> earlier;
            switch (parent)
            {
                case CompilationUnitSyntax unit when current is GlobalStatementSyntax:
                    // Top-level statements: the file's global statements are the block.
                    earlier = EarlierGlobalStatements(unit, current.SpanStart);
                    break;
                case GlobalStatementSyntax:
                    continue;
                case BlockSyntax block when current is StatementSyntax statement:
                    earlier = new List<StatementSyntax>();
                    for (var i = block.Statements.IndexOf(statement) - 1; i >= 0; i--)
                        earlier.Add(block.Statements[i]);
                    break;
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    // A write anywhere in a loop around the use may reach it on the next turn.
                    if (AnyWriteIn(writes, parent.Span))
                        return null;
                    continue;
                default:
                    if (parent == body)
                        return null;

                    // Inside an expression or a statement: a write around the use that is done before it (the
                    // condition of its if) decides nothing; the assignment the use is the value of (data = Filter(data)) runs after it.
                    foreach (var write in writes)
                    {
                        if (parent.Span.Contains(write.Span) && !current.Span.Contains(write.Span) && write.Span.End <= position)
                            return null;
                    }

                    continue;
            }

            var value = LastValueIn(earlier, local, declarator, writes, model, cancellationToken, out var decided);
            if (decided || parent is CompilationUnitSyntax)
                return value;
        }

        return null;
    }

    /// <summary>The global statements of <paramref name="unit"/> before <paramref name="position"/>, nearest first.</summary>
    private static List<StatementSyntax> EarlierGlobalStatements(CompilationUnitSyntax unit, int position)
    {
        var statements = new List<StatementSyntax>();
        for (var i = unit.Members.Count - 1; i >= 0; i--)
        {
            if (unit.Members[i] is GlobalStatementSyntax { Statement: { } statement } global && global.SpanStart < position)
                statements.Add(statement);
        }

        return statements;
    }

    /// <summary>
    /// Walks <paramref name="earlier"/> (nearest first): the value of the first <c>local = value;</c> or of its
    /// declaration, decided; null and decided when another write comes first or the declaration has no initializer;
    /// undecided when none of them touches the local.
    /// </summary>
    private static IOperation? LastValueIn(List<StatementSyntax> earlier, ILocalSymbol local, VariableDeclaratorSyntax declarator, List<SyntaxNode> writes, SemanticModel model, CancellationToken cancellationToken, out bool decided)
    {
        decided = true;
        foreach (var statement in earlier)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // local = value; — the outer assignment runs last, whatever its value does to the local on the way.
            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
                && assignment.Left is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name)
            {
                return model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } written
                       && SymbolEqualityComparer.Default.Equals(target.Local, local)
                    ? written.Value
                    : null;
            }

            if (AnyWriteIn(writes, statement.Span))
                return null;

            if (statement.Span.Contains(declarator.Span))
                return statement is LocalDeclarationStatementSyntax && declarator.Initializer?.Value is { } initializer
                    ? LocalValues.OperationOf(model, initializer, cancellationToken)
                    : null;
        }

        decided = false;
        return null;
    }

    private static bool AnyWriteIn(List<SyntaxNode> writes, TextSpan span)
    {
        foreach (var write in writes)
        {
            if (span.Contains(write.Span))
                return true;
        }

        return false;
    }

    /// <summary>
    /// The write an occurrence of a name may take part in, by syntax: <see cref="WriteAt"/>'s, a target inside an
    /// assignment's left side (<c>(x, y) = …</c>), <c>x++</c>, <c>ref x</c>/<c>out x</c>.
    /// </summary>
    private static SyntaxNode? MayWrite(IdentifierNameSyntax identifier)
    {
        if (WriteAt(identifier) is { } write)
            return write;

        for (SyntaxNode node = identifier; node.Parent is { } parent; node = parent)
        {
            switch (parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                    return assignment;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } unary:
                    return unary;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } unary:
                    return unary;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return argument;
                case RefExpressionSyntax reference:
                    return reference;
                case ParenthesizedExpressionSyntax or TupleExpressionSyntax or ArgumentSyntax or DeclarationExpressionSyntax:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether a method body holds a <c>goto</c> (which can jump back over an assignment); one walk per body.</summary>
    /// <remarks>
    /// The walk enters statements only: a <c>goto</c> is a statement, and one inside a lambda in an expression cannot
    /// leave the lambda. Walking every expression node of a body (a whole file's top-level statements) was 4 % of the
    /// package's CPU on the benchmark (issue 7).
    /// </remarks>
    private bool HasGoto(SyntaxNode body) =>
        _bodiesWithGoto.GetOrAdd(body, static b =>
        {
            foreach (var node in b.DescendantNodes(n => n == b || n is not ExpressionSyntax))
            {
                if (node is GotoStatementSyntax)
                    return true;
            }

            return false;
        });

    private readonly ConcurrentDictionary<SyntaxNode, bool> _bodiesWithGoto = new();

    /// <summary>
    /// The write an occurrence of a name takes part in, by syntax (the caller checks the symbol): the assignment whose
    /// target it is (<c>x = …</c>, <c>(x) = …</c>, <c>a.x = …</c>), the copy it is the destination of
    /// (<c>s.CopyTo(x)</c>, <c>blob.DownloadTo(x)</c>) or the write it receives (<c>x.Write(…)</c>).
    /// </summary>
    private static ExpressionSyntax? WriteAt(IdentifierNameSyntax identifier)
    {
        ExpressionSyntax named = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
        while (named.Parent is ParenthesizedExpressionSyntax parenthesized)
            named = parenthesized;

        switch (named.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == named:
                return assignment;
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument
                // Named, it may be any copy's destination (destination:, stream:, IFormFile's target:); the caller checks the parameter.
                when (argument.NameColon is not null || arguments.Arguments[0] == argument)
                     && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CopyTo" or "CopyToAsync" or "DownloadTo" or "DownloadToAsync" }:
                return call;
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Write" or "WriteAsync", Parent: InvocationExpressionSyntax call } member
                when member.Expression == named && call.Expression == member:
                return call;
            default:
                return null;
        }
    }

    private Finding? DescribeWriteInto(IInvocationOperation invocation, ISymbol target, int depth, Query query)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "CopyTo" or "CopyToAsync" when Arguments.ForParameter(invocation.Arguments, 0) is { } destination && RefersTo(destination.Value, target):
                return invocation.Instance is { } source ? Describe(source, depth + 1, query) : null;
            // blob.DownloadTo(memory): the stream holds the blob.
            case "DownloadTo" or "DownloadToAsync" when IsBlobClient(invocation.TargetMethod.ContainingType)
                                                        && Arguments.ForParameter(invocation.Arguments, 0) is { } destination && RefersTo(destination.Value, target):
                return new Finding(BlobDownload);
            case "Write" or "WriteAsync" when invocation.Instance is { } instance && RefersTo(instance, target):
                return DescribeArguments(invocation.Arguments, depth, query);
            default:
                return null;
        }
    }

    private static bool RefersTo(IOperation value, ISymbol symbol)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;

        var referenced = value switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        return referenced is not null && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, symbol.OriginalDefinition);
    }

    private static bool IsName(ExpressionSyntax expression, string name) =>
        expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == name,
            ParenthesizedExpressionSyntax parenthesized => IsName(parenthesized.Expression, name),
            _ => false,
        };

    // ------------------------------------------------------------------ parameters

    private Finding? DescribeParameter(IParameterReferenceOperation reference, int depth, Query query)
    {
        var parameter = reference.Parameter;
        if (RequestBinding(parameter, query.CancellationToken) is { } bound)
            return new Finding(bound);

        if (parameter.ContainingSymbol is not IMethodSymbol method)
            return null;

        // Followed into this method from a call: the parameter is that call's argument.
        for (var i = query.Calls.Count - 1; i >= 0; i--)
        {
            var call = query.Calls[i];
            if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                continue;

            var argument = ArgumentFor(call, parameter);
            if (argument is null)
                return null;

            query.Calls.RemoveAt(i);
            try
            {
                return Describe(argument, depth + 1, query);
            }
            finally
            {
                query.Calls.Insert(i, call);
            }
        }

        // Otherwise, every caller in the compilation (ordinary methods and local functions only).
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.DeclaringSyntaxReferences.Length == 0
            || !query.Visiting.Add(parameter))
        {
            return null;
        }

        try
        {
            var sites = 0;
            foreach (var call in GetIndex().Invocations(method.Name, query.CancellationToken))
            {
                if (++sites > MaxSites)
                    break;

                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is not IInvocationOperation invocation
                    || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition)
                    || ArgumentFor(invocation, parameter) is not { } argument
                    || Describe(argument, depth + 1, query) is not { } found)
                {
                    continue;
                }

                if (!query.IgnoreChecks && _isCheckedAt?.Invoke(invocation, argument, query.CancellationToken) == true)
                    continue;

                return found;
            }

            return null;
        }
        finally
        {
            query.Visiting.Remove(parameter);
        }
    }

    private static IOperation? ArgumentFor(IInvocationOperation call, IParameterSymbol parameter) =>
        Arguments.ForParameter(call.Arguments, parameter.Ordinal) is { ArgumentKind: not ArgumentKind.DefaultValue } argument ? argument.Value : null;

    /// <summary>
    /// What a parameter of a minimal-API handler (a lambda, or a method group of a method or local function, passed to
    /// <c>Map*</c>) or of a public controller action takes from the request; null for services (<c>[FromServices]</c>,
    /// interfaces, framework types, classes built on a disposable framework class or only from framework services
    /// (<see cref="IsBuiltFromServices"/>), and, for a minimal-API handler or an <c>[ApiController]</c> action, types
    /// the app registers in the service collection: an MVC action without <c>[ApiController]</c> model-binds those).
    /// </summary>
    private string? RequestBinding(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method)
            return null;

        string? kind = null;
        var asParameters = false;
        foreach (var attribute in parameter.GetAttributes())
        {
            switch (attribute.AttributeClass?.Name)
            {
                case "FromServicesAttribute" or "FromKeyedServicesAttribute":
                    return null;
                case "AsParametersAttribute":
                    asParameters = true; // its constructor's parameters are bound one by one, services among them
                    break;
                case "FromBodyAttribute":
                    kind = RequestBody;
                    break;
                case "FromFormAttribute" or "FromQueryAttribute" or "FromRouteAttribute" or "FromHeaderAttribute":
                    kind = Request;
                    break;
                case "ModelBinderAttribute":
                    kind ??= Request; // a custom binder builds the value from the request, whatever its type
                    break;
            }
        }

        var typeName = _types.DisplayName(parameter.Type);
        if (typeName is "Microsoft.AspNetCore.Http.IFormFile" or "Microsoft.AspNetCore.Http.IFormFileCollection")
            kind = UploadedFile;
        else if (kind is null && IsRequestDataType(parameter.Type))
        {
            // The handler first (remembered per method group), then the compilation's registrations (read once).
            var handler = HandlerKind(method, cancellationToken);
            if (handler == Handler.None || (!asParameters && IsBuiltFromServices(parameter.Type)))
                return null;

            // Minimal APIs and [ApiController] actions ask the container; an MVC action without it model-binds the type.
            return handler == Handler.MvcAction || !IsRegisteredService(parameter.Type, cancellationToken) ? Request : null;
        }

        return kind is not null && IsHandler(method, cancellationToken) ? kind : null;
    }

    private bool IsRequestDataType(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return true;
            case SpecialType.System_Object or SpecialType.System_Void:
                return false;
        }

        if (type is IArrayTypeSymbol)
            return true;

        var name = _types.DisplayName(type);
        if (name is "System.IO.Stream" or "System.Uri")
            return true;

        // Data transfer objects and collections of them; services are interfaces, abstract classes or framework types.
        if (type.TypeKind == TypeKind.Interface)
            return _types.DisplayName(type.OriginalDefinition) is "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                       or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IReadOnlyCollection<T>"
                   || (!FrameworkTypes.IsFramework(type) && BindsAbstractType((INamedTypeSymbol)type));

        if (Namespaces.Is(type.ContainingNamespace, "System.Collections.Generic"))
            return true;

        // Framework types (HttpContext, CancellationToken, ClaimsPrincipal) are services or special bindings; the app's
        // own types are data, whatever their namespace (eShopOnWeb's are Microsoft.eShopWeb.*).
        return type.TypeKind is TypeKind.Class or TypeKind.Struct
               && !FrameworkTypes.IsFramework(type)
               && !DerivesFromMicrosoftType(type)
               && (!type.IsAbstract || BindsAbstractType((INamedTypeSymbol)type));
    }

    /// <summary>
    /// Whether the request can supply an interface or an abstract class of the app's own. Neither binder can build one
    /// by itself: System.Text.Json (a minimal API's or an <c>[ApiController]</c> action's body) throws
    /// <c>NotSupportedException</c> for an abstract type, and MVC's complex-type binder throws for an abstract or
    /// interface model, so such a parameter without a binding attribute is a service the container supplies (the
    /// <c>abstract class ModelStore</c> with one implementation registered as <c>AddSingleton&lt;ModelStore, BlobModelStore&gt;()</c>).
    /// Unless the type says how to build it: System.Text.Json polymorphism (<c>[JsonPolymorphic]</c>,
    /// <c>[JsonDerivedType]</c>), a <c>[JsonConverter]</c> (System.Text.Json's or Newtonsoft's), an MVC
    /// <c>[ModelBinder]</c>, or a static <c>TryParse</c> or <c>BindAsync</c> (route, query, minimal-API binding).
    /// Converters and binder providers registered in code (<c>JsonOptions.Converters</c>, <c>ModelBinderProviders</c>)
    /// are not seen: trusting such a type only loses a warning.
    /// </summary>
    private static bool BindsAbstractType(INamedTypeSymbol type)
    {
        if (HasStaticMethod(type, "TryParse") || HasStaticMethod(type, "BindAsync"))
            return true;

        for (var declared = type; declared is not null && !FrameworkTypes.IsFramework(declared); declared = declared.BaseType)
        {
            foreach (var attribute in declared.GetAttributes())
            {
                if (attribute.AttributeClass?.Name is "JsonPolymorphicAttribute" or "JsonDerivedTypeAttribute" or "JsonConverterAttribute" or "ModelBinderAttribute")
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>IOptions&lt;T&gt;.Value</c> (and the monitor's and snapshot's reads) of an options class of the app's own that
    /// the app binds from configuration (options only set in code are the code's values).
    /// </summary>
    private bool IsAppOptionsRead(IOperation read, CancellationToken cancellationToken) =>
        read.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } options && !FrameworkTypes.IsFramework(options)
        && _options.IsOptionsRead(read, cancellationToken)
        && _options.IsBoundFromConfiguration(options, cancellationToken);

    /// <summary>
    /// A class of the app whose every constructor a binder could call asks for a framework service
    /// (<see cref="IsFrameworkService"/>) is built by the container, registered in a project the compilation cannot see:
    /// the request cannot supply a service. System.Text.Json, which binds a minimal API's and an <c>[ApiController]</c>
    /// action's body, calls the public parameterless constructor when there is one (so such a class is bindable, and
    /// stays request data), else the single public one or the one marked <c>[JsonConstructor]</c>, binding each
    /// parameter to a property of the same name and type (it throws for a primary constructor's captured
    /// <c>IWebHostEnvironment env</c>); MVC's complex-type binder likewise needs a parameterless or a single public
    /// constructor whose parameters it can bind. So the constructors asked are the public ones and any marked
    /// <c>[JsonConstructor]</c>: a record DTO (<c>record LoadRequest(string ModelPath)</c>) takes none and stays data.
    /// Structs always have a parameterless constructor and stay data; so does a type that binds itself from the
    /// request (a static <c>TryParse</c> or <c>BindAsync</c>).
    /// </summary>
    private static bool IsBuiltFromServices(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } named
            || HasStaticMethod(named, "TryParse") || HasStaticMethod(named, "BindAsync"))
        {
            return false;
        }

        var asked = false;
        foreach (var constructor in named.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public && !HasJsonConstructorAttribute(constructor))
                continue;

            asked = true;
            var takesService = false;
            foreach (var parameter in constructor.Parameters)
            {
                if (IsFrameworkService(parameter.Type))
                {
                    takesService = true;
                    break;
                }
            }

            if (!takesService)
                return false;
        }

        return asked;
    }

    private static bool HasStaticMethod(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: true })
                return true;
        }

        return false;
    }

    private static bool HasJsonConstructorAttribute(IMethodSymbol constructor)
    {
        foreach (var attribute in constructor.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "JsonConstructorAttribute")
                return true;
        }

        return false;
    }

    /// <summary>
    /// A service only the container supplies: an interface declared by a <c>Microsoft.Extensions.*</c> or
    /// <c>Microsoft.AspNetCore.*</c> assembly (<c>IWebHostEnvironment</c>, <c>ILogger&lt;T&gt;</c>, <c>IConfiguration</c>,
    /// <c>IOptions&lt;T&gt;</c>, <c>IHttpClientFactory</c>, whose namespace is <c>System.Net.Http</c>) but the request's
    /// own (<c>IFormFile</c>, <c>IFormCollection</c>, <c>IQueryCollection</c>, <c>IHeaderDictionary</c>, …),
    /// <c>System.IServiceProvider</c>, or the <c>HttpClient</c> a typed client is built with. Collection interfaces
    /// (<c>IReadOnlyList&lt;T&gt;</c>) are System's, and data.
    /// </summary>
    private static bool IsFrameworkService(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || !named.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
            return false;

        if (named.TypeKind == TypeKind.Class)
            return IsNamed(named, "System.Net.Http", "HttpClient");
        if (named.TypeKind != TypeKind.Interface)
            return false;
        if (named.Name == "IServiceProvider")
            return IsNamed(named, "System", "IServiceProvider");

        var assembly = named.ContainingAssembly?.Name;
        if (assembly is null
            || !(assembly.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)))
        {
            return false;
        }

        return !(named.Name is "IFormFile" or "IFormFileCollection" or "IFormCollection" or "IQueryCollection" or "IHeaderDictionary"
                     or "IRequestCookieCollection"
                 && Namespaces.Is(named.ContainingNamespace, "Microsoft.AspNetCore.Http"));
    }

    /// <summary>
    /// A user class built on a disposable Microsoft framework class (<c>DbContext</c>, <c>IdentityDbContext</c>,
    /// <c>BackgroundService</c>) is a service, however it is registered (<c>AddDbContext</c>, often in another project):
    /// no request body binds to it. Microsoft's data classes (<c>ProblemDetails</c>, <c>IdentityUser</c>, <c>TableEntity</c>)
    /// are not disposable, and a DTO derived from one is still bound from the body. A base class of the app's own in a
    /// <c>Microsoft.*</c> namespace is not a framework class (<see cref="FrameworkTypes"/>).
    /// </summary>
    private static bool DerivesFromMicrosoftType(ITypeSymbol type)
    {
        for (var baseType = type.BaseType; baseType is { SpecialType: SpecialType.None }; baseType = baseType.BaseType)
        {
            if (FrameworkTypes.IsDeclaredBy(baseType, "Microsoft"))
            {
                foreach (var implemented in baseType.AllInterfaces)
                {
                    if (implemented.SpecialType == SpecialType.System_IDisposable)
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the compilation registers <paramref name="type"/> as a service type (<c>AddSingleton&lt;T&gt;()</c>,
    /// <c>AddScoped(typeof(T))</c>, <c>TryAddTransient&lt;T&gt;()</c>, <c>AddSingleton(instance)</c>, a typed client
    /// <c>AddHttpClient&lt;T&gt;()</c>, …): a minimal-API handler and an <c>[ApiController]</c> action get a parameter of
    /// that type from the container, not the request. Only the service type counts (<c>AddSingleton&lt;IStore, Store&gt;</c>
    /// makes <c>Store</c> nothing), a closed generic registration only its own construction (<c>Repo&lt;Churn&gt;</c>, not
    /// <c>Repo&lt;Ranker&gt;</c>) and an open one (<c>typeof(Repo&lt;&gt;)</c>) every construction; keyed registrations
    /// need <c>[FromKeyedServices]</c>. Registrations the compilation cannot see are missed.
    /// </summary>
    private bool IsRegisteredService(ITypeSymbol type, CancellationToken cancellationToken)
    {
        if (type is not INamedTypeSymbol { SpecialType: SpecialType.None } named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
            return false;

        // Read once per compilation (MLSEC030's and MLSEC031's trackers share it), when a parameter of a class type
        // first reaches a sink. A cancelled read throws and stores nothing.
        if (!RegisteredByCompilation.TryGetValue(_types.Compilation, out var services))
            services = RegisteredByCompilation.GetValue(_types.Compilation, _ => RegisteredServices(cancellationToken));

        return services.Closed.Contains(named) || (named.IsGenericType && services.Open.Contains(named.OriginalDefinition));
    }

    private sealed class Services
    {
        /// <summary>Service types as registered: <c>Store</c>, <c>Repo&lt;Churn&gt;</c>.</summary>
        public HashSet<ISymbol> Closed { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The definitions of open generic registrations (<c>typeof(Repo&lt;&gt;)</c>).</summary>
        public HashSet<ISymbol> Open { get; } = new(SymbolEqualityComparer.Default);
    }

    private static readonly ConditionalWeakTable<Compilation, Services> RegisteredByCompilation = new();

    private static readonly ImmutableArray<string> ServiceRegistrations = ImmutableArray.Create(
        "AddSingleton", "AddScoped", "AddTransient", "TryAddSingleton", "TryAddScoped", "TryAddTransient", "AddHttpClient",
        // services.Add(ServiceDescriptor.Singleton<TService, TImplementation>()), TryAdd(ServiceDescriptor.Describe(…)).
        "Singleton", "Scoped", "Transient", "Describe");

    private Services RegisteredServices(CancellationToken cancellationToken)
    {
        var services = new Services();
        var index = GetIndex();
        foreach (var name in ServiceRegistrations)
        {
            foreach (var call in index.Invocations(name, cancellationToken))
            {
                if (_models.Get(call.SyntaxTree).GetOperation(call, cancellationToken) is not IInvocationOperation registration
                    || !(Namespaces.Is(registration.TargetMethod.ContainingNamespace, "Microsoft.Extensions.DependencyInjection")
                         || Namespaces.Is(registration.TargetMethod.ContainingNamespace, "Microsoft.Extensions.DependencyInjection.Extensions")))
                {
                    continue;
                }

                // AddSingleton<TService>(…) and AddSingleton<TService, TImplementation>(): the first type argument;
                // AddSingleton(typeof(TService), …): the first Type argument (after the extended collection), as in
                // ServiceDescriptor.Singleton(typeof(TService), …), whose methods are not extensions.
                var method = registration.TargetMethod;
                var isDescriptor = method.ContainingType.Name == "ServiceDescriptor";
                if (isDescriptor != (method.Name is "Singleton" or "Scoped" or "Transient" or "Describe"))
                    continue;
                var service = method.TypeArguments.Length > 0
                    ? method.TypeArguments[0]
                    : Arguments.ForParameter(registration.Arguments, isDescriptor ? 0 : 1)?.Value is ITypeOfOperation { TypeOperand: var operand } ? operand : null;
                if (service is ITypeParameterSymbol { DeclaringMethod: { } helper } parameter)
                    AddHelperArguments(services, index, helper, parameter.Ordinal, cancellationToken);
                else
                    Add(services, service);
            }
        }

        return services;
    }

    private static void Add(Services services, ITypeSymbol? service)
    {
        if (service is INamedTypeSymbol { IsUnboundGenericType: true } open)
            services.Open.Add(open.OriginalDefinition);
        else if (service is INamedTypeSymbol)
            services.Closed.Add(service);
    }

    /// <summary>
    /// The app's own generic registration helper (<c>AddModelService&lt;T&gt;(this IServiceCollection s) =&gt;
    /// s.AddSingleton&lt;T&gt;()</c>) registers the type argument of each of its calls; one level, not helpers of helpers.
    /// </summary>
    private void AddHelperArguments(Services services, SyntaxNameIndex index, IMethodSymbol helper, int ordinal, CancellationToken cancellationToken)
    {
        foreach (var call in index.Invocations(helper.Name, cancellationToken))
        {
            if (_models.Get(call.SyntaxTree).GetOperation(call, cancellationToken) is IInvocationOperation { TargetMethod: var called }
                && SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, helper.OriginalDefinition)
                && ordinal < called.TypeArguments.Length
                && called.TypeArguments[ordinal] is not ITypeParameterSymbol)
            {
                Add(services, called.TypeArguments[ordinal]);
            }
        }
    }

    private enum Handler
    {
        None,

        /// <summary>A minimal-API handler or an <c>[ApiController]</c> action: registered services come from the container.</summary>
        Injecting,

        /// <summary>An MVC controller action without <c>[ApiController]</c>: a complex parameter is model-bound.</summary>
        MvcAction,
    }

    private bool IsHandler(IMethodSymbol method, CancellationToken cancellationToken) => HandlerKind(method, cancellationToken) != Handler.None;

    private Handler HandlerKind(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction or MethodKind.Ordinary
            && method.DeclaringSyntaxReferences.Length > 0
            && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is { } syntax)
        {
            // app.MapPost("/train", (TrainingRow[] rows, …) => …): the handler is an argument of a Map* call.
            if (syntax is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } }
                && IsMapCall(call))
            {
                return Handler.Injecting;
            }

            // var train = (TrainingRow[] rows, …) => …; app.MapPost("/train", train): a lambda held in a local that is the handler.
            if (syntax is AnonymousFunctionExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } }
                && (_methodGroupHandlers.TryGetValue(syntax, out var held) ? held : IsLocalHandler(declarator, syntax, cancellationToken)))
            {
                return Handler.Injecting;
            }

            // app.MapPost("/train", Handlers.Train), or a local function: a method group passed as a Map* call's handler.
            if (method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
                && (_methodGroupHandlers.TryGetValue(syntax, out var known) ? known : IsMethodGroupHandler(method, syntax, cancellationToken)))
            {
                return Handler.Injecting;
            }
        }

        if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic
            && _types.Get(MlTypeNames.MicrosoftAspNetCoreMvcControllerBase) is { } controllerBase)
        {
            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, controllerBase))
                    return IsApiController(method.ContainingType) || InheritedByApiController(method.ContainingType, cancellationToken)
                        ? Handler.Injecting
                        : Handler.MvcAction;
            }
        }

        return Handler.None;
    }

    /// <summary>
    /// <c>[ApiController]</c> (or another <c>IApiBehaviorMetadata</c> attribute) on the controller, a base class or the
    /// assembly: its actions get a parameter of a registered type from the container.
    /// </summary>
    private bool IsApiController(INamedTypeSymbol controller)
    {
        for (var type = controller; type is not null; type = type.BaseType)
        {
            if (HasApiBehavior(type.GetAttributes()))
                return true;
        }

        return HasApiBehavior(controller.ContainingAssembly.GetAttributes());
    }

    /// <summary>
    /// An action declared on an abstract base controller runs as an action of each derived controller; one derived
    /// <c>[ApiController]</c> in the compilation is enough (wrongly trusting the others only loses a warning). Derived
    /// classes are looked for in the files that name the base; asked only when such an action's parameter reaches a sink.
    /// </summary>
    private bool InheritedByApiController(INamedTypeSymbol controller, CancellationToken cancellationToken)
    {
        if (!controller.IsAbstract)
            return false;
        if (_derivedApiControllers.TryGetValue(controller, out var known))
            return known;

        var found = false;
        foreach (var tree in GetIndex().TreesMentioningAny(new[] { controller.Name }, cancellationToken))
        {
            // Type declarations only: namespaces and types are walked, member bodies are not.
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is ClassDeclarationSyntax { BaseList: not null } declaration
                    && _models.Get(tree).GetDeclaredSymbol(declaration, cancellationToken) is { IsAbstract: false } derived
                    && InferenceCalls.IsOrInherits(derived, controller)
                    && IsApiController(derived))
                {
                    found = true;
                    break;
                }
            }

            if (found)
                break;
        }

        _derivedApiControllers.TryAdd(controller, found);
        return found;
    }

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _derivedApiControllers = new(SymbolEqualityComparer.Default);

    private static bool HasApiBehavior(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } attributeClass)
                continue;
            foreach (var implemented in attributeClass.AllInterfaces)
            {
                if (implemented.Name == "IApiBehaviorMetadata" && Namespaces.Is(implemented.ContainingNamespace, "Microsoft.AspNetCore.Mvc.Infrastructure"))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a method group naming <paramref name="method"/> is the handler (the <c>Delegate</c> or
    /// <c>RequestDelegate</c> argument) of an ASP.NET Core <c>Map*</c> call anywhere in the compilation. Asked only when a
    /// parameter reaches a sink; the index lists the few arguments spelled with the method's name, and only those inside a
    /// <c>Map*</c> call are bound. Remembered per method.
    /// </summary>
    private bool IsMethodGroupHandler(IMethodSymbol method, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        var found = false;
        foreach (var argument in GetIndex().NameArguments(method.Name, cancellationToken))
        {
            if (IsMapHandlerArgument(argument, value => MapHandlers.Target(value) is IMethodReferenceOperation { Method: var target } && IsSameMethod(target, method, declaration), cancellationToken))
            {
                found = true;
                break;
            }
        }

        _methodGroupHandlers.TryAdd(declaration, found);
        return found;
    }

    /// <summary>
    /// Whether <paramref name="argument"/> is the handler (<c>Delegate</c>/<c>RequestDelegate</c>) argument of an ASP.NET
    /// Core <c>Map*</c> call, holding what <paramref name="holds"/> accepts. Only a call named <c>Map…</c> is bound.
    /// </summary>
    private bool IsMapHandlerArgument(ArgumentSyntax argument, Func<IOperation, bool> holds, CancellationToken cancellationToken)
    {
        if (argument.Parent?.Parent is not InvocationExpressionSyntax call || !IsMapCall(call)
            || _models.Get(call.SyntaxTree).GetOperation(call, cancellationToken) is not IInvocationOperation map
            || !Namespaces.Is(map.TargetMethod.ContainingNamespace, "Microsoft.AspNetCore.Builder"))
        {
            return false;
        }

        foreach (var bound in map.Arguments)
        {
            if (bound.Syntax == argument && MapHandlers.IsHandlerParameter(bound.Parameter))
                return holds(bound.Value);
        }

        return false;
    }

    /// <summary>
    /// Whether the local <paramref name="declarator"/> declares, holding the lambda <paramref name="lambda"/> and nothing
    /// else, is the handler of an ASP.NET Core <c>Map*</c> call. Asked only when a parameter of such a lambda reaches a
    /// sink; the local's uses come from the body's identifier index, and only a <c>Map*</c> call naming it is bound.
    /// Remembered per lambda.
    /// </summary>
    private bool IsLocalHandler(VariableDeclaratorSyntax declarator, SyntaxNode lambda, CancellationToken cancellationToken)
    {
        var found = false;
        if (LocalValues.EnclosingBody(declarator) is { } body)
        {
            foreach (var identifier in LocalValues.IdentifiersNamed(body, declarator.Identifier.ValueText))
            {
                if (identifier.Parent is ArgumentSyntax argument
                    && IsMapHandlerArgument(argument, value => MapHandlers.Handler(value, cancellationToken) is IAnonymousFunctionOperation held && held.Syntax == lambda, cancellationToken))
                {
                    found = true;
                    break;
                }
            }
        }

        _methodGroupHandlers.TryAdd(lambda, found);
        return found;
    }

    // Method groups and lambdas held in locals, by declaration: whether a Map* call takes them as its handler.
    private readonly ConcurrentDictionary<SyntaxNode, bool> _methodGroupHandlers = new();

    /// <summary>The same method; a local function's symbol from another semantic model is compared by its declaration.</summary>
    private static bool IsSameMethod(IMethodSymbol target, IMethodSymbol method, SyntaxNode declaration)
    {
        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.OriginalDefinition))
            return true;
        foreach (var reference in target.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
                return true;
        }

        return false;
    }

    private static bool IsMapCall(InvocationExpressionSyntax call) =>
        SyntaxNameIndex.NameOf(call.Expression)?.StartsWith("Map", StringComparison.Ordinal) == true;

    // ------------------------------------------------------------------ fields and properties

    private Finding? DescribeProperty(IPropertyReferenceOperation reference, int depth, Query query)
    {
        var property = reference.Property;
        var owner = property.ContainingType;
        if (property.Name is "Body" or "BodyReader" && IsType(owner, MlTypeNames.MicrosoftAspNetCoreHttpHttpRequest))
            return new Finding(RequestBody);

        // config["Model:Path"], section.Value
        if (property.IsIndexer && IsOrInherits(owner, MlTypeNames.MicrosoftExtensionsConfigurationIConfiguration))
            return new Finding(Configuration);
        if (property.Name == "Value" && owner.Name == "IConfigurationSection")
            return new Finding(Configuration);

        // options.Value, snapshot.Value, monitor.CurrentValue of the app's options class: the options system binds it
        // from configuration, and a member read from it (options.Value.ModelPath, a section options.Value.Onnx.Path, a
        // local or field it was copied to) is untrusted as any member of untrusted data is (DescribeMember). Framework
        // options (IOptions<JsonOptions>) are not the app's paths.
        if (property.Name is "Value" or "CurrentValue" && IsAppOptionsRead(reference, query.CancellationToken))
            return new Finding(Configuration);

        // Request.Query["path"], Request.Form["path"], Request.Headers["x"], Request.RouteValues["id"], Request.Form.Files
        if (reference.Instance is IPropertyReferenceOperation { Property.Name: "Query" or "Form" or "Headers" or "RouteValues" or "Cookies" } inner
            && IsType(inner.Property.ContainingType, MlTypeNames.MicrosoftAspNetCoreHttpHttpRequest))
        {
            return new Finding(property.Name == "Files" ? UploadedFile : Request);
        }

        if (!property.IsIndexer && property.DeclaringSyntaxReferences.Length > 0)
            return DescribeMember(property, reference.Instance, depth, query);

        // A property of untrusted data is untrusted (upload.FileName, dto.ModelUrl, response.Content, split.TrainSet).
        return reference.Instance is { } instance ? Describe(instance, depth + 1, query) : null;
    }

    /// <summary>
    /// A field or a property declared in the compilation: untrusted when any value written to it is (initializer,
    /// assignment, <c>Add</c>/<c>Enqueue</c>/… into it, anywhere in the compilation), when a computed property's getter
    /// returns untrusted data, or when it is a member of untrusted data.
    /// </summary>
    private Finding? DescribeMember(ISymbol member, IOperation? instance, int depth, Query query)
    {
        member = member.OriginalDefinition;
        if (member.DeclaringSyntaxReferences.Length == 0)
            return instance is not null and not IInstanceReferenceOperation ? Describe(instance, depth + 1, query) : null; // split.TrainSet

        if (!query.Visiting.Add(member))
            return null;

        try
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(query.CancellationToken);
                // Declared in a project referenced as a project (an IDE host): its writers here are still searched below.
                if (_models.Find(syntax.SyntaxTree) is not { } model)
                    continue;
                switch (syntax)
                {
                    case VariableDeclaratorSyntax { Initializer.Value: { } initializer }:
                        if (Describe(LocalValues.OperationOf(model, initializer, query.CancellationToken), depth + 1, query) is { } initial)
                            return initial;
                        break;
                    case PropertyDeclarationSyntax property:
                        if (property.Initializer?.Value is { } propertyInitializer
                            && Describe(LocalValues.OperationOf(model, propertyInitializer, query.CancellationToken), depth + 1, query) is { } initialProperty)
                        {
                            return initialProperty;
                        }

                        if (Getter(property) is { } getter && DescribeReturns(getter, model, depth, query) is { } returned)
                            return returned;
                        break;
                }
            }

            if (DescribeWrites(member, depth, query) is { } written)
                return written;
        }
        finally
        {
            query.Visiting.Remove(member);
        }

        // dto.ModelUrl where dto came from the request.
        return instance is not null and not IInstanceReferenceOperation ? Describe(instance, depth + 1, query) : null;
    }

    private static SyntaxNode? Getter(PropertyDeclarationSyntax property)
    {
        if (property.ExpressionBody is { } arrow)
            return arrow;
        if (property.AccessorList is null)
            return null;
        foreach (var accessor in property.AccessorList.Accessors)
        {
            if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration) && (accessor.Body is not null || accessor.ExpressionBody is not null))
                return accessor;
        }

        return null;
    }

    private Finding? DescribeWrites(ISymbol member, int depth, Query query)
    {
        var index = GetIndex();
        var sites = 0;
        foreach (var assignment in index.Assignments(member.Name, query.CancellationToken))
        {
            if (++sites > MaxSites)
                return null;
            if (_models.Get(assignment.SyntaxTree).GetOperation(assignment, query.CancellationToken) is IAssignmentOperation written
                && RefersTo(written.Target, member)
                && Describe(written.Value, depth + 1, query) is { } found)
            {
                return found;
            }
        }

        foreach (var name in CollectionWriters)
        {
            // The receiver names the member, so only files that mention it can hold such a call.
            foreach (var call in index.Invocations(name, query.CancellationToken, alsoNamed: member.Name))
            {
                if (call.Expression is not MemberAccessExpressionSyntax access || !IsWriterReceiver(access.Expression, member.Name))
                    continue;
                if (++sites > MaxSites)
                    return null;
                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is IInvocationOperation invocation
                    && invocation.Instance is { } receiver
                    && (RefersTo(receiver, member) || receiver is IPropertyReferenceOperation { Property.Name: "Writer", Instance: { } channel } && RefersTo(channel, member))
                    && DescribeArguments(invocation.Arguments, depth, query) is { } added)
                {
                    return added;
                }
            }
        }

        return null;
    }

    /// <summary><c>_items.Add(x)</c>, <c>store.Items.Add(x)</c>, <c>_channel.Writer.TryWrite(x)</c>.</summary>
    private static bool IsWriterReceiver(ExpressionSyntax receiver, string name) =>
        IsName(receiver, name) || receiver is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Writer" } writer && IsName(writer.Expression, name);

    // ------------------------------------------------------------------ calls and creations

    private Finding? DescribeInvocation(IInvocationOperation invocation, int depth, Query query)
    {
        if (_isSanitizer?.Invoke(invocation) == true)
            return null;

        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        switch (method.Name)
        {
            case "GetStreamAsync" or "GetByteArrayAsync" or "GetStringAsync" or "GetAsync" or "SendAsync" or "PostAsync" or "PutAsync" or "Send"
                when IsType(owner, MlTypeNames.SystemNetHttpHttpClient):
                return new Finding(HttpDownload);
            case "DownloadData" or "DownloadDataTaskAsync" or "DownloadString" or "DownloadStringTaskAsync" or "OpenRead" or "OpenReadTaskAsync"
                when IsOrInherits(owner, MlTypeNames.SystemNetWebClient) && !IsLocalFileAddress(invocation):
                return new Finding(HttpDownload);
            case "ReadAsStreamAsync" or "ReadAsByteArrayAsync" or "ReadAsStringAsync" or "ReadAsStream" when IsOrInherits(owner, MlTypeNames.SystemNetHttpHttpContent):
                return new Finding(HttpDownload);
            // A blob's content: DownloadContent(Async)().Value.Content (BinaryData), DownloadStreaming(Async)().Value.Content
            // and Download(Async)().Value.Content (streams), OpenRead(Async)() (a stream); the values and properties
            // read from the response are the response's.
            case "DownloadContent" or "DownloadContentAsync" or "DownloadStreaming" or "DownloadStreamingAsync" or "Download" or "DownloadAsync"
                or "OpenRead" or "OpenReadAsync" when IsBlobClient(owner):
                return new Finding(BlobDownload);
            case "GetFromJsonAsync" or "GetFromJsonAsAsyncEnumerable" when IsNamed(owner, "System.Net.Http.Json", "HttpClientJsonExtensions"):
                return new Finding(HttpDownload);
            case "ReadFromJsonAsync" or "ReadFromJsonAsAsyncEnumerable" when IsNamed(owner, "System.Net.Http.Json", "HttpContentJsonExtensions"):
                return new Finding(HttpDownload);
            case "ReadFromJsonAsync" when IsNamed(owner, "Microsoft.AspNetCore.Http", "HttpRequestJsonExtensions"):
                return new Finding(RequestBody);
            case "ReadFormAsync" when IsType(owner, MlTypeNames.MicrosoftAspNetCoreHttpHttpRequest):
                return new Finding(Request);
            case "OpenReadStream" when IsOrInherits(owner, MlTypeNames.MicrosoftAspNetCoreHttpIFormFile):
                return new Finding(UploadedFile);
            case "GetEnvironmentVariable" when IsNamed(owner, "System", "Environment"):
                return new Finding(Environment);
            case "GetValue" or "GetConnectionString" or "GetRequiredSection" or "GetSection" or "Get"
                when Namespaces.Is(owner?.ContainingNamespace, "Microsoft.Extensions.Configuration"):
                return new Finding(Configuration);
            case "Get" when IsAppOptionsRead(invocation, query.CancellationToken): // monitor.Get(name), as CurrentValue
                return new Finding(Configuration);
        }

        if (DescribeMlData(invocation, owner, depth, query, out var mlData))
            return mlData;

        // The file, path, encoding and serialization helpers pass data through: File.ReadAllBytes(path) reads the
        // file a path names (which may hold a saved download), Path.Combine(root, untrusted) is untrusted.
        if (IsNamed(owner, "System.IO", "File") && FileReaders.Contains(method.Name) && Arguments.ForParameter(invocation.Arguments, 0) is { } readPath)
            return DescribePath(readPath.Value, depth + 1, query);
        // ZipFile.OpenRead(path), ZipFile.Open(path, mode): the archive is the file's (its entries, what they extract).
        if (method.Name is "OpenRead" or "Open" && IsNamed(owner, "System.IO.Compression", "ZipFile") && Arguments.ForParameter(invocation.Arguments, 0) is { } archivePath)
            return DescribePath(archivePath.Value, depth + 1, query);
        // Their bools and numbers (name.IndexOf('-'), string.IsNullOrEmpty(name)) carry nothing worth following, as for
        // any framework method below.
        if (owner is { ContainingType: null } && CarriesData(method.ReturnType) && owner.Name switch
            {
                "Path" => Namespaces.Is(owner.ContainingNamespace, "System.IO"),
                "Convert" or "String" or "Uri" => Namespaces.Is(owner.ContainingNamespace, "System"),
                "Encoding" => Namespaces.Is(owner.ContainingNamespace, "System.Text"),
                "JsonSerializer" => Namespaces.Is(owner.ContainingNamespace, "System.Text.Json"),
                "Enumerable" or "Queryable" => Namespaces.Is(owner.ContainingNamespace, "System.Linq"),
                "CollectionExtensions" => Namespaces.Is(owner.ContainingNamespace, "System.Collections.Generic"),
                _ => false,
            })
        {
            return method.IsStatic
                ? DescribeArguments(invocation.Arguments, depth, query)
                : invocation.Instance is { } text ? Describe(text, depth + 1, query) : null;
        }

        // A method of the compilation: what it returns, its parameters bound to this call's arguments.
        if (method.DeclaringSyntaxReferences.Length > 0 && !method.IsAbstract && !method.IsExtern)
            return DescribeCall(invocation, depth, query);

        // A framework method called on untrusted data returns untrusted data (stream.ToArray(), text.Trim(),
        // reader.ReadToEnd(), response.EnsureSuccessStatusCode()); a bool or a number carries nothing worth following.
        if (invocation.Instance is { } receiver && CarriesData(method.ReturnType))
            return Describe(receiver, depth + 1, query);

        return null;
    }

    /// <summary>The ML.NET data APIs: loaders (the source is their path or rows), and the row operations that pass a data view through.</summary>
    private bool DescribeMlData(IInvocationOperation invocation, INamedTypeSymbol? owner, int depth, Query query, out Finding? finding)
    {
        finding = null;
        var method = invocation.TargetMethod;
        if (!IsInMicrosoftMl(owner?.ContainingNamespace))
            return false;

        switch (method.Name)
        {
            case "LoadFromEnumerable" when IsNamed(owner, "Microsoft.ML", "DataOperationsCatalog"):
                finding = Loaded(invocation, DescribeArguments(invocation.Arguments, depth, query));
                return true;
            case "LoadFromTextFile" or "LoadFromBinary" or "LoadFromSvmLightFile" or "LoadFromSvmLightFileWithFeatureNames":
                finding = Loaded(invocation, PathArgument(invocation) is { } file ? DescribePath(file, depth + 1, query, oneFile: false) : null);
                return true;
            case "Load" when IsNamed(owner, "Microsoft.ML", "DataLoaderExtensions"):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal > 0 && argument.Value is IArrayCreationOperation { Initializer: { } paths })
                    {
                        foreach (var path in paths.ElementValues)
                        {
                            if (DescribePath(path, depth + 1, query, oneFile: false) is { } found)
                            {
                                finding = Loaded(invocation, found);
                                return true;
                            }
                        }
                    }
                    else if (argument.Parameter?.Ordinal > 0 && DescribePath(argument.Value, depth + 1, query, oneFile: false) is { } found)
                    {
                        finding = Loaded(invocation, found);
                        return true;
                    }
                }

                return true;
            // CreateEnumerable turns a view back into rows (merged with other rows, then LoadFromEnumerable again).
            case "TrainTestSplit" or "ShuffleRows" or "TakeRows" or "SkipRows" or "Cache" or "BootstrapSample" or "CrossValidationSplit" or "CreateEnumerable"
                when IsNamed(owner, "Microsoft.ML", "DataOperationsCatalog"):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.Name == "IDataView")
                    {
                        finding = Describe(argument.Value, depth + 1, query);
                        break;
                    }
                }

                return true;
            case "Transform" when invocation.Arguments.Length == 1 && invocation.Arguments[0].Parameter?.Type.Name == "IDataView":
                finding = Describe(invocation.Arguments[0].Value, depth + 1, query);
                return true;
            default:
                return false;
        }
    }

    private static Finding? Loaded(IInvocationOperation loader, Finding? found)
    {
        if (found is not null)
            found.Loader ??= loader;
        return found;
    }

    private static IOperation? PathArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String, Name: "path" or "filePath" })
                return argument.Value;
        }

        return null;
    }

    private static bool CarriesData(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Void or SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Int16
                or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt16 or SpecialType.System_UInt32
                or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal
                or SpecialType.System_Byte or SpecialType.System_SByte:
                return false;
        }

        // Task (no result) and ValueTask carry nothing; Task<T> carries T.
        return type is not INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 0 };
    }

    /// <summary>Follows a call into a method of the compilation: its return values, with its parameters bound to the arguments.</summary>
    private Finding? DescribeCall(IInvocationOperation invocation, int depth, Query query)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (!CarriesData(method.ReturnType) || query.Calls.Count >= 8)
            return null;

        foreach (var call in query.Calls)
        {
            if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method))
                return null; // recursion
        }

        query.Calls.Add(invocation);
        try
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(query.CancellationToken);
                var body = syntax switch
                {
                    MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.ExpressionBody ?? declaration.Body,
                    LocalFunctionStatementSyntax local => (SyntaxNode?)local.ExpressionBody ?? local.Body,
                    _ => null,
                };
                if (body is not null && _models.Find(syntax.SyntaxTree) is { } model && DescribeReturns(body, model, depth, query) is { } found)
                    return found;
            }

            return null;
        }
        finally
        {
            query.Calls.RemoveAt(query.Calls.Count - 1);
        }
    }

    /// <summary>The values a body returns (an arrow body's expression, each <c>return</c> outside nested functions).</summary>
    private Finding? DescribeReturns(SyntaxNode body, SemanticModel model, int depth, Query query)
    {
        if (body is ArrowExpressionClauseSyntax arrow)
            return Describe(LocalValues.OperationOf(model, arrow.Expression, query.CancellationToken), depth + 1, query);
        if (body is AccessorDeclarationSyntax accessor)
            return accessor.ExpressionBody is { } accessorArrow ? DescribeReturns(accessorArrow, model, depth, query) : accessor.Body is { } block ? DescribeReturns(block, model, depth, query) : null;

        foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is not ReturnStatementSyntax { Expression: { } expression } statement)
                continue;

            var returned = LocalValues.OperationOf(model, expression, query.CancellationToken);
            if (returned is null || Describe(returned, depth + 1, query) is not { } found)
                continue;

            // A helper that checks what it returns (DownloadVerifiedModelAsync) hands out trusted data.
            if (_isCheckedAt is not null && !query.IgnoreChecks && model.GetOperation(statement, query.CancellationToken) is { } site
                && _isCheckedAt(site, returned, query.CancellationToken))
            {
                continue;
            }

            return found;
        }

        return null;
    }

    private Finding? DescribeCreation(IObjectCreationOperation creation, int depth, Query query)
    {
        var typeName = creation.Type is { } created ? _types.DisplayName(created.OriginalDefinition) : null;
        switch (typeName)
        {
            case "System.IO.FileStream" or "System.IO.StreamReader" or "System.IO.FileInfo"
                when Arguments.ForParameter(creation.Arguments, 0) is { Value.Type.SpecialType: SpecialType.System_String } path:
                return DescribePath(path.Value, depth + 1, query);
            case "System.IO.MemoryStream" or "System.IO.BufferedStream" or "System.IO.StreamReader" or "System.IO.BinaryReader"
                or "System.IO.Compression.GZipStream" or "System.IO.Compression.ZipArchive" or "System.Uri"
                or "System.Collections.Generic.List<T>" or "System.Collections.Generic.HashSet<T>" or "System.Collections.Generic.Queue<T>":
                return DescribeArguments(creation.Arguments, depth, query);
        }

        // A type of the compilation built from untrusted data: new TrainingRow(dto.Text, dto.Label), new Feedback { Text = text }.
        if (creation.Type is { } type && type.DeclaringSyntaxReferences.Length > 0)
        {
            if (DescribeArguments(creation.Arguments, depth, query) is { } fromArguments)
                return fromArguments;
            if (creation.Initializer is { } initializer)
            {
                foreach (var initialized in initializer.Initializers)
                {
                    var assigned = initialized switch
                    {
                        IAssignmentOperation assignment => assignment.Value,
                        _ => initialized,
                    };
                    if (Describe(assigned, depth + 1, query) is { } fromInitializer)
                        return fromInitializer;
                }
            }
        }

        return null;
    }

    // ------------------------------------------------------------------ files

    /// <param name="oneFile">
    /// Whether the path names one file, as for <c>File.ReadAllBytes</c> or a model load; false for ML.NET's text and
    /// binary loaders, which read <c>a+b</c> as two paths and <c>dir/...</c> as every file under <c>dir</c>, so a file
    /// name (<c>Path.GetFileName("x+...")</c>) can reach beyond its directory.
    /// </param>
    private Finding? DescribePath(IOperation? path, int depth, Query query, bool oneFile = true)
    {
        var found = Describe(path, depth, query);
        // Only a path already judged untrusted is looked at again: the cost stays where the finding is.
        if (found is not null && oneFile && path is not null)
            found = DescribeFileNameInDirectory(path, found, depth, query);
        return found ?? DescribeSavedFile(path, depth, query);
    }

    /// <summary>
    /// A file name the request (or any source) only picks in a fixed directory, <c>Path.Combine("models",
    /// Path.GetFileName(name))</c> (<see cref="FileNamePaths"/>): the file is the directory's, so the path is as trusted
    /// as the directory, judged like any value, and as the files written to it: a directory the code writes untrusted
    /// content into (an upload, a download, anywhere in the compilation, unchecked) is untrusted. Otherwise
    /// <paramref name="found"/>, as is.
    /// </summary>
    private Finding? DescribeFileNameInDirectory(IOperation path, Finding found, int depth, Query query)
    {
        var directory = new List<IOperation>();
        if (!FileNamePaths.TrySplit(path, directory, query.CancellationToken))
            return found;

        foreach (var part in directory)
        {
            if (Describe(part, depth + 1, query) is { } untrusted)
                return untrusted;
        }

        // Out of steps (an unknown value reads as trusted): keep the finding rather than trust an unread directory.
        if (query.Visits > MaxVisits || depth + 1 > MaxDepth)
            return found;

        return _paths.DirectoryOf(path, query.CancellationToken) is { } key ? DescribeWritesCountingChecks(key, intoDirectory: true, depth, query) : null;
    }

    /// <summary>
    /// A path untrusted content was saved to: <c>File.WriteAllBytes(path, download)</c>,
    /// <c>download.CopyTo(File.Create(path))</c>, <c>File.Copy(untrustedPath, path)</c>, anywhere in the compilation,
    /// unless the content was checked before the write. The same path means the same constant text, or the same local,
    /// field, property or parameter, or the same <c>Path.Combine</c>/concatenation of those.
    /// </summary>
    private Finding? DescribeSavedFile(IOperation? path, int depth, Query query)
    {
        if (path is null || depth > MaxDepth || _paths.Of(path, query.CancellationToken) is not { } key)
            return null;

        return DescribeWritesCountingChecks(key, intoDirectory: false, depth, query);
    }

    /// <summary>
    /// What was written to the file (or into the directory) is followed with every check counting: a check before a
    /// write holds for that version of the file, whenever it is loaded.
    /// </summary>
    private Finding? DescribeWritesCountingChecks(string key, bool intoDirectory, int depth, Query query)
    {
        var ignoreChecks = query.IgnoreChecks;
        query.IgnoreChecks = false;
        try
        {
            return DescribeWrites(key, intoDirectory, depth, query);
        }
        finally
        {
            query.IgnoreChecks = ignoreChecks;
        }
    }

    /// <param name="key">The file's key, or with <paramref name="intoDirectory"/>, its directory's (<see cref="PathKeys.DirectoryOf"/>).</param>
    private Finding? DescribeWrites(string key, bool intoDirectory, int depth, Query query)
    {
        var index = GetIndex();
        var sites = 0;
        foreach (var name in FileWriters)
        {
            // Only System.IO.File's methods count, and a file that calls them names File (File.Copy, using static
            // System.IO.File, an alias declared in it) or reaches it through a global using declared in another file,
            // which the index counts; Copy and Move alone are common names.
            foreach (var call in index.Invocations(name, query.CancellationToken, alsoNamed: "File"))
            {
                if (++sites > MaxSites * 4)
                    return null;
                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is not IInvocationOperation { Arguments.Length: >= 2 } write
                    || !IsNamed(write.TargetMethod.ContainingType, "System.IO", "File"))
                {
                    continue;
                }

                // File.Copy(source, destination) and File.Write*(path, contents), by parameter: named arguments may come in any order.
                var first = Arguments.ForParameter(write.Arguments, 0)?.Value;
                var second = Arguments.ForParameter(write.Arguments, 1)?.Value;
                if (first is null || second is null)
                    continue;

                var isCopy = write.TargetMethod.Name is "Copy" or "Move";
                if (KeyOf(isCopy ? second : first) != key)
                    continue;

                var content = isCopy ? first : second;
                var found = isCopy ? DescribePath(content, depth + 1, query) : Describe(content, depth + 1, query);
                if (found is not null && !IsCheckedAt(write, content, query))
                    return found;
            }
        }

        foreach (var name in StreamCopies)
        {
            foreach (var call in index.Invocations(name, query.CancellationToken))
            {
                if (++sites > MaxSites * 4)
                    return null;
                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is not IInvocationOperation { Instance: { } source } copy
                    || WrittenPath(Arguments.ForParameter(copy.Arguments, 0)?.Value, query.CancellationToken) is not { } written
                    || KeyOf(written) != key)
                {
                    continue;
                }

                if (Describe(source, depth + 1, query) is { } found && !IsCheckedAt(copy, source, query))
                    return found;
            }
        }

        // A download a client saved to a file itself, without the content ever passing through the code (nothing to
        // check before the write): WebClient.DownloadFile(address, fileName) and its Task and event-based variants, a
        // blob's DownloadTo(path) or DownloadTo(stream) on a file (File.Create(path), new FileStream(path, …)).
        foreach (var name in ClientFileDownloads)
        {
            foreach (var call in index.Invocations(name, query.CancellationToken))
            {
                if (++sites > MaxSites * 4)
                    return null;
                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is IInvocationOperation download
                    && ClientSavedFile(download, query.CancellationToken) is { } saved
                    && KeyOf(saved.Path) == key)
                {
                    return new Finding(saved.Source);
                }
            }
        }

        // An archive extracted: ExtractToDirectory makes every file under its directory the archive's, ExtractToFile the
        // one file. A digest of the archive (its path or stream) compared before the extraction checks what it extracts.
        foreach (var name in Extractions)
        {
            foreach (var call in index.Invocations(name, query.CancellationToken))
            {
                if (++sites > MaxSites * 4)
                    return null;
                if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is not IInvocationOperation extract
                    || !IsArchiveExtraction(extract.TargetMethod)
                    || Arguments.ForParameter(extract.Arguments, 0)?.Value is not { } archive
                    || Arguments.ForParameter(extract.Arguments, 1)?.Value is not { } destination)
                {
                    continue;
                }

                var matches = name.StartsWith("ExtractToDirectory", StringComparison.Ordinal)
                    ? IsUnderDirectory(key, _paths.Of(destination, query.CancellationToken), intoDirectory)
                    : KeyOf(destination) == key || IsEntryNamedUnder(key, extract, destination, intoDirectory, query.CancellationToken);
                if (!matches)
                    continue;

                var found = archive.Type?.SpecialType == SpecialType.System_String ? DescribePath(archive, depth + 1, query) : Describe(archive, depth + 1, query);
                if (found is not null && !IsCheckedAt(extract, ArchiveOrigin(archive, query.CancellationToken), query))
                    return found;
            }
        }

        // A writer or stream opened on the file and written to: using var writer = new StreamWriter(path);
        // writer.Write(download). Last: Write is a common name, and its calls must not use up the sites of the rarer writes above.
        var seen = new HashSet<InvocationExpressionSyntax>();
        foreach (var name in WriterWrites)
        {
            foreach (var opener in WriterOpeners)
            {
                foreach (var call in index.Invocations(name, query.CancellationToken, alsoNamed: opener))
                {
                    // Console.Write and its like write no file; a bare Write(…) is a method of the class itself.
                    if (call.Expression is not MemberAccessExpressionSyntax { Expression: var receiver }
                        || IsName(receiver, "Console") || IsName(receiver, "Debug") || IsName(receiver, "Trace")
                        || !seen.Add(call))
                    {
                        continue;
                    }

                    if (++sites > MaxSites * 4)
                        return null;
                    if (_models.Get(call.SyntaxTree).GetOperation(call, query.CancellationToken) is not IInvocationOperation { Instance: { } writer } write
                        || WrittenPath(writer, query.CancellationToken) is not { } written
                        || KeyOf(written) != key)
                    {
                        continue;
                    }

                    foreach (var argument in write.Arguments)
                    {
                        if (argument.ArgumentKind != ArgumentKind.DefaultValue && Describe(argument.Value, depth + 1, query) is { } found
                            && !IsCheckedAt(write, argument.Value, query))
                        {
                            return found;
                        }
                    }
                }
            }
        }

        return null;

        string? KeyOf(IOperation target) => intoDirectory ? _paths.DirectoryOf(target, query.CancellationToken) : _paths.Of(target, query.CancellationToken);
    }

    /// <summary><c>System.IO.Compression</c>'s <c>ZipFile</c> and <c>ZipFileExtensions</c>, <c>System.Formats.Tar</c>'s <c>TarFile</c>.</summary>
    private static bool IsArchiveExtraction(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return IsNamed(type, "System.IO.Compression", "ZipFile") || IsNamed(type, "System.IO.Compression", "ZipFileExtensions")
               || (IsNamed(type, "System.Formats.Tar", "TarFile") && method.Name.StartsWith("ExtractToDirectory", StringComparison.Ordinal));
    }

    /// <summary>
    /// The file <paramref name="download"/> saves a download to, and the download's source: <c>WebClient.DownloadFile*</c>'s
    /// file name (not from a literal <c>file:</c> URI), a blob client's <c>DownloadTo*</c> path or the file its stream
    /// is opened on. Null for any other call.
    /// </summary>
    private (IOperation Path, string Source)? ClientSavedFile(IInvocationOperation download, CancellationToken cancellationToken)
    {
        var owner = download.TargetMethod.ContainingType;
        if (download.TargetMethod.Name.StartsWith("DownloadFile", StringComparison.Ordinal))
        {
            return IsOrInherits(owner, MlTypeNames.SystemNetWebClient) && !IsLocalFileAddress(download)
                   && Arguments.ForParameter(download.Arguments, 1)?.Value is { } path
                ? (path, HttpDownload)
                : null;
        }

        return IsBlobClient(owner)
               && Arguments.ForParameter(download.Arguments, 0)?.Value is { } destination
               && (destination.Type?.SpecialType == SpecialType.System_String ? destination : WrittenPath(destination, cancellationToken)) is { } written
            ? (written, BlobDownload)
            : null;
    }

    /// <summary>
    /// An entry extracted to a path named by the entry itself, <c>entry.ExtractToFile(Path.Combine(dir,
    /// entry.FullName))</c> in a loop over the archive's entries: any file under <c>dir</c> may be one of them
    /// (<c>entry.Name</c>, <c>Path.GetFileName(…)</c>: any file in <c>dir</c> itself). See <see cref="FileNamePaths.EntryNamedPath"/>.
    /// </summary>
    private bool IsEntryNamedUnder(string key, IInvocationOperation extract, IOperation destination, bool intoDirectory, CancellationToken cancellationToken)
    {
        var named = FileNamePaths.EntryNamedPath(destination, cancellationToken);
        return named != EntryNamed.No
               && IsUnderDirectory(key, _paths.DirectoryOf(destination, cancellationToken), intoDirectory, directly: named == EntryNamed.Directly)
               && (intoDirectory || PassesEntryNameGuards(key, extract, cancellationToken));
    }

    /// <summary>
    /// Whether the file keyed <paramref name="key"/> can be one an entry-by-entry extraction writes, given the <c>if</c>s
    /// around it (inside its loop) that test the entry's name: <c>if (entry.Name == "labels.txt")</c> (also
    /// <c>FullName</c>, <c>"…" == entry.Name</c>, <c>entry.Name.Equals("…")</c>, <c>string.Equals(entry.Name, "…", …)</c>)
    /// extracts only that file, <c>if (entry.FullName.EndsWith(".tsv"))</c> only files with that ending; conditions
    /// joined by <c>&amp;&amp;</c> each narrow. Any other condition narrows nothing: the extraction may write any file
    /// of the directory.
    /// </summary>
    private bool PassesEntryNameGuards(string key, IInvocationOperation extract, CancellationToken cancellationToken)
    {
        var model = _models.Get(extract.Syntax.SyntaxTree);
        SyntaxNode child = extract.Syntax;
        for (var node = child.Parent; node is not null && node is not (MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax); child = node, node = node.Parent)
        {
            if (node is IfStatementSyntax { Statement: var then } guard && then == child
                && model.GetOperation(guard.Condition, cancellationToken) is { } condition
                && !PassesNameTest(key, condition))
            {
                return false;
            }

            if (node is CommonForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                break;
        }

        return true;
    }

    /// <summary>False when <paramref name="condition"/> holds only for entries whose name cannot give <paramref name="key"/>.</summary>
    private static bool PassesNameTest(string key, IOperation condition)
    {
        while (condition is IConversionOperation or IParenthesizedOperation)
            condition = condition is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)condition).Operand;

        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                return PassesNameTest(key, both.LeftOperand) && PassesNameTest(key, both.RightOperand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return EntryNameAndText(equals.LeftOperand, equals.RightOperand) is not { } compared || EndsWithEntryName(key, compared.Text, compared.FullName);
            case IInvocationOperation { TargetMethod.Name: "Equals" } call when call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                var (left, right) = call.Instance is { } instance
                    ? (instance, Arguments.ForParameter(call.Arguments, 0)?.Value)
                    : (Arguments.ForParameter(call.Arguments, 0)?.Value, Arguments.ForParameter(call.Arguments, 1)?.Value);
                return left is null || right is null || EntryNameAndText(left, right) is not { } equal
                       || EndsWithEntryName(key, equal.Text, equal.FullName);
            case IInvocationOperation { TargetMethod.Name: "EndsWith", Instance: { } name } call
                when call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
                     && EntryName(name) is not null
                     && Arguments.ForParameter(call.Arguments, 0)?.Value.ConstantValue is { HasValue: true, Value: string ending }:
                return key.EndsWith(ending, StringComparison.OrdinalIgnoreCase);
            default:
                return true;
        }
    }

    /// <summary>An entry's name compared with constant text, either way round; null otherwise.</summary>
    private static (string Text, bool FullName)? EntryNameAndText(IOperation left, IOperation right)
    {
        if (EntryName(left) is { } leftName && right.ConstantValue is { HasValue: true, Value: string rightText })
            return (rightText, leftName);
        if (EntryName(right) is { } rightName && left.ConstantValue is { HasValue: true, Value: string leftText })
            return (leftText, rightName);
        return null;
    }

    /// <summary>True for <c>entry.FullName</c>, false for <c>entry.Name</c>, null for anything else.</summary>
    private static bool? EntryName(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return FileNamePaths.ArchiveEntryName(value);
    }

    /// <summary>The file keyed <paramref name="key"/> is the entry named <paramref name="text"/> in its directory.</summary>
    private static bool EndsWithEntryName(string key, string text, bool fullName)
    {
        text = text.Replace('\\', '/').TrimStart('/');
        if (text.Length == 0 || (!fullName && text.IndexOf('/') >= 0))
            return false;
        // Without regard to case, as a Windows file system opens "Model.onnx" for "model.onnx".
        return key.Equals(text, StringComparison.OrdinalIgnoreCase) || key.EndsWith("/" + text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the file (or with <paramref name="intoDirectory"/>, the directory) keyed <paramref name="key"/> lies in
    /// <paramref name="directory"/> or below it (with <paramref name="directly"/>, in it and not below); a key that
    /// climbs out of it (<c>..</c>) does not. The current directory (<c>"."</c>, <c>Directory.GetCurrentDirectory()</c>,
    /// <c>Environment.CurrentDirectory</c>, keyed <c>"."</c>, or <c>""</c> for the directory of a bare name) holds every
    /// relative path (<see cref="IsRelative"/>).
    /// </summary>
    private static bool IsUnderDirectory(string key, string? directory, bool intoDirectory, bool directly = false)
    {
        if (directory is null)
            return false;
        string rest;
        if (directory is "" or ".")
        {
            if (intoDirectory && key.Length == 0)
                return true;
            if (!IsRelative(key))
                return false;
            rest = key;
        }
        else
        {
            directory = directory.TrimEnd('/');
            if (directory.Length == 0)
                return false; // the root: not a directory the analyzer takes apart
            if (intoDirectory && key == directory)
                return true;
            if (key.Length <= directory.Length + 1 || !key.StartsWith(directory + "/", StringComparison.Ordinal))
                return false;
            rest = key.Substring(directory.Length + 1);
        }

        // Directly: a file of the directory itself (its own directory is no other than the directory).
        if (directly && (intoDirectory || rest.IndexOf('/') >= 0))
            return false;
        return ("/" + rest + "/").IndexOf("/../", StringComparison.Ordinal) < 0;
    }

    /// <summary>
    /// A key that names a path relative to the current directory: it starts with constant text that is not rooted
    /// (<c>/x</c>, <c>C:x</c>), so not with a value the analyzer only names (<c>&lt;member:…&gt;</c>: a field, a
    /// parameter, <c>AppContext.BaseDirectory</c>, any of which may be rooted elsewhere).
    /// </summary>
    private static bool IsRelative(string key) =>
        key.Length > 0 && key[0] != '/' && key[0] != '<' && key[0] != '\0' && !(key.Length >= 2 && key[1] == ':');

    /// <summary>
    /// What an archive or entry was read from, for the check of it: the path of <c>ZipFile.OpenRead(path)</c>, the
    /// stream of <c>new ZipArchive(stream)</c>, through locals, <c>foreach</c>, <c>Entries</c>, <c>GetEntry</c> and LINQ;
    /// the value itself when it goes no further.
    /// </summary>
    private static IOperation ArchiveOrigin(IOperation value, CancellationToken cancellationToken)
    {
        var current = value;
        for (var i = 0; i < 8; i++)
        {
            IOperation? next;
            switch (current)
            {
                case IConversionOperation conversion:
                    next = conversion.Operand;
                    break;
                case IAwaitOperation awaited:
                    next = awaited.Operation;
                    break;
                case ILocalReferenceOperation local:
                    next = LocalValues.SingleValue(local, cancellationToken) ?? ForEachCollection(local, cancellationToken);
                    break;
                case IPropertyReferenceOperation { Property.Name: "Entries", Instance: { } archive }:
                    next = archive;
                    break;
                case IInvocationOperation { TargetMethod.Name: "GetEntry", Instance: { } archive }:
                    next = archive;
                    break;
                case IInvocationOperation { TargetMethod.Name: "OpenRead" or "Open" } open when IsNamed(open.TargetMethod.ContainingType, "System.IO.Compression", "ZipFile"):
                    return Arguments.ForParameter(open.Arguments, 0)?.Value ?? current;
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when IsNamed(created, "System.IO.Compression", "ZipArchive"):
                    return Arguments.ForParameter(creation.Arguments, 0)?.Value ?? current;
                case IInvocationOperation linq when IsNamed(linq.TargetMethod.ContainingType, "System.Linq", "Enumerable"):
                    next = Arguments.ForParameter(linq.Arguments, 0)?.Value;
                    break;
                default:
                    return current;
            }

            if (next is null)
                return current;
            current = next;
        }

        return current;
    }

    /// <summary>The collection a <c>foreach</c> variable walks.</summary>
    private static IOperation? ForEachCollection(ILocalReferenceOperation local, CancellationToken cancellationToken)
    {
        if (local.Local.DeclaringSyntaxReferences.Length == 0 || local.SemanticModel is not { } model
            || local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ForEachStatementSyntax forEach
            || forEach.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return LocalValues.OperationOf(model, forEach.Expression, cancellationToken);
    }

    /// <summary>A <c>WebClient</c> read whose address is a literal <c>file:</c> URI (a local file, not a download).</summary>
    private static bool IsLocalFileAddress(IInvocationOperation call)
    {
        var address = Arguments.ForParameter(call.Arguments, 0)?.Value;
        while (address is IConversionOperation conversion)
            address = conversion.Operand;
        if (address is IObjectCreationOperation { Arguments.Length: >= 1 } uri && IsNamed(uri.Type as INamedTypeSymbol, "System", "Uri"))
            address = Arguments.ForParameter(uri.Arguments, 0)?.Value;
        return address?.ConstantValue is { HasValue: true, Value: string text }
               && text.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Content verified before it was written (a download whose digest was compared, then cached to disk) makes a
    /// trusted file; asked of the check the analyzer passes (MLSEC031's integrity check; MLSEC030 passes none).
    /// </summary>
    private bool IsCheckedAt(IOperation write, IOperation content, Query query) =>
        _isCheckedAt?.Invoke(write, content, query.CancellationToken) == true;

    /// <summary>
    /// The path a stream or writer writes to: <c>File.Create(path)</c>, <c>File.OpenWrite(path)</c>, <c>new FileStream(path, …)</c>,
    /// <c>File.CreateText(path)</c>/<c>AppendText(path)</c>, a <c>StreamWriter</c> or <c>BinaryWriter</c> on a path or on such
    /// a stream; through locals.
    /// </summary>
    private IOperation? WrittenPath(IOperation? stream, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 6 && stream is not null; i++)
        {
            switch (stream)
            {
                case IConversionOperation conversion:
                    stream = conversion.Operand;
                    continue;
                case ILocalReferenceOperation local:
                    stream = LocalValues.SingleValue(local, cancellationToken);
                    continue;
                case IInvocationOperation open when (FileOpeners.Contains(open.TargetMethod.Name) || open.TargetMethod.Name is "CreateText" or "AppendText")
                                                    && IsNamed(open.TargetMethod.ContainingType, "System.IO", "File"):
                    return Arguments.ForParameter(open.Arguments, 0)?.Value;
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when IsNamed(created, "System.IO", "FileStream"):
                    return Arguments.ForParameter(creation.Arguments, 0) is { Value.Type.SpecialType: SpecialType.System_String } path ? path.Value : null;
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when IsNamed(created, "System.IO", "StreamWriter") || IsNamed(created, "System.IO", "BinaryWriter"):
                    // On a path, or on a stream followed as any other.
                    stream = Arguments.ForParameter(creation.Arguments, 0)?.Value;
                    if (stream?.Type?.SpecialType == SpecialType.System_String)
                        return stream;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    // ------------------------------------------------------------------ compilation index

    private SyntaxNameIndex GetIndex() => SyntaxNameIndex.For(_types.Compilation);

    // ------------------------------------------------------------------ types

    /// <summary>
    /// The top-level type <paramref name="ns"/>.<paramref name="name"/>, by its names: the tracker asks this of every call
    /// it visits, and formatting each owner's display name cost more than the rest of the visit (issue 7).
    /// </summary>
    internal static bool IsNamed(INamedTypeSymbol? type, string ns, string name) =>
        type is { ContainingType: null } && type.Name == name && Namespaces.Is(type.ContainingNamespace, ns);

    /// <summary><c>Microsoft.ML</c> or a namespace inside it (<c>Microsoft.ML.Data</c>).</summary>
    private static bool IsInMicrosoftMl(INamespaceSymbol? ns)
    {
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "ML" && ns.ContainingNamespace is { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }

        return false;
    }

    private bool IsType(INamedTypeSymbol? type, string metadataName) =>
        type is not null && _types.Get(metadataName) is { } known && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>
    /// Azure.Storage.Blobs' <c>BlobBaseClient</c> or a client derived from it (<c>BlobClient</c>, <c>BlockBlobClient</c>,
    /// <c>AppendBlobClient</c>, <c>PageBlobClient</c>, an app's subclass overriding them), which declares the download
    /// methods. Asked only of calls with those names; a project without the library has no such type, one cached lookup.
    /// </summary>
    private bool IsBlobClient(INamedTypeSymbol? type) => IsOrInherits(type, MlTypeNames.AzureStorageBlobsSpecializedBlobBaseClient);

    /// <summary>The type, a class it derives from or an interface it implements is <paramref name="metadataName"/>.</summary>
    private bool IsOrInherits(INamedTypeSymbol? type, string metadataName) =>
        type is not null && _types.Get(metadataName) is { } known && InferenceCalls.IsOrInherits(type, known);
}
