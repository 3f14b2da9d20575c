using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Secrets;

/// <summary>
/// MLSEC001: a compile-time constant secret reaches a credential sink, or a literal anywhere has a provider's key format.
/// MLSEC003: a URL or connection string with a secret in it (query key, <c>user:password@</c>, <c>AccountKey=</c>)
/// reaches a URL or connection-string parameter, or has a provider's key format anywhere.
/// Both share the value tracking, so they share one analyzer. Findings are gathered per file and reported together, so
/// each secret literal gets one diagnostic, chosen deterministically, however many sinks it reaches.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedCredentialAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property names the code fix reads.</summary>
    internal static class Properties
    {
        public const string Provider = "Provider";
        public const string EnvironmentVariable = "EnvironmentVariable";
        public const string ConfigurationKey = "ConfigurationKey";

        /// <summary>Where the secret starts in the reported literal's value; the text before it stays in code.</summary>
        public const string SecretStart = "SecretStart";

        /// <summary>The secret's length in the reported literal's value; the text after it stays in code.</summary>
        public const string SecretLength = "SecretLength";

        /// <summary>"true" when the reported node is a string literal the fix may rewrite.</summary>
        public const string Fixable = "Fixable";
    }

    private const string AStringLiteral = "a string literal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC001_HardcodedCredential, Descriptors.MLSEC003_CredentialInUrl);

    // A UTF-8 literal ("…"u8, a header value written straight to a buffer) reaches no string sink, so only the literal
    // scan can see a key in it.
    private static readonly ImmutableArray<SyntaxKind> LiteralKinds =
        ImmutableArray.Create(SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression, SyntaxKind.InterpolatedStringText);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: a key in generated code (a scaffolded client, a settings designer file) leaks all the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            // Sinks exist only where an LLM client library is referenced; elsewhere only the literal scan runs, and a
            // literal's own finding has nothing to be weighed against.
            var sinks = CredentialSinks.Create(start.Compilation, MlTypes.For(start.Compilation));
            if (sinks is null)
            {
                start.RegisterSyntaxTreeAction(static c =>
                    ScanLiterals(c.Tree, node =>
                    {
                        if (ScanLiteral(node) is { } finding)
                            c.ReportDiagnostic(Findings.Create(finding));
                    }, c.CancellationToken));
                return;
            }

            var options = MlSecOptions.Create(start.Options);
            var acrossFiles = new AcrossFiles(start.Compilation, sinks, options);

            // One callback per file, which sees all of the file's sinks and literals at once, so each literal gets one
            // diagnostic, chosen deterministically. A symbol start per type with nested operation actions and a symbol
            // end did the same per type, and the driver's bookkeeping for it allocated about 15 MiB per 400 files
            // beside NetAnalyzers (bench --pair 400 3 shape SymbolStart), more than the package's own work (issue 7).
            start.RegisterSemanticModelAction(c => AnalyzeFile(c, sinks, options, acrossFiles));
        });
    }

    private static void AnalyzeFile(SemanticModelAnalysisContext context, CredentialSinks sinks, MlSecOptions options, AcrossFiles acrossFiles)
    {
        var model = context.SemanticModel;
        var tree = model.SyntaxTree;
        var cancellationToken = context.CancellationToken;
        var findings = new Findings();
        ScanLiterals(tree, findings.AddLiteral, cancellationToken);

        // The operation trees are the ones the driver builds for every analyzer's operation actions (the semantic model
        // caches them), so this walk binds nothing new. One stack for the file: DescendantsAndSelf allocates an
        // enumerator per operation with children, and the walk now runs in the package's counted time (issue 7).
        if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
        {
            var pending = new Stack<IOperation>();
            foreach (var root in ExecutableRoots(unit))
            {
                if (model.GetOperation(root, cancellationToken) is { } block)
                    AnalyzeSinksIn(block, pending, model.Compilation, sinks, options, tree, findings.Add, cancellationToken);
            }
        }

        findings.Report(context, acrossFiles);
    }

    /// <summary>The sink checks on every object creation, invocation and assignment in <paramref name="block"/>.</summary>
    private static void AnalyzeSinksIn(
        IOperation block, Stack<IOperation> pending, Compilation compilation, CredentialSinks sinks, MlSecOptions options, SyntaxTree tree,
        System.Action<Finding> add, System.Threading.CancellationToken cancellationToken)
    {
        pending.Push(block);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation.Kind is OperationKind.ObjectCreation or OperationKind.Invocation or OperationKind.SimpleAssignment)
                AnalyzeSinks(operation, compilation, sinks, options, tree, add, cancellationToken);
            foreach (var child in operation.ChildOperations)
                pending.Push(child);
        }
    }

    /// <summary>
    /// The syntax whose operations hold all the code of a file: member bodies (a constructor's with its initializer),
    /// accessors with a body, expression-bodied properties and indexers, field, property and event initializers, a
    /// primary constructor's base-type arguments, the file's top-level statements (the compilation unit), and the
    /// attributes with arguments of the file, its members, their parameters, type parameters and accessors (an attribute
    /// constructor's <c>url</c> parameter is a sink; not those of local functions and lambdas, on which the driver ran no
    /// operation action either). Lambdas and local functions are inside them. <see cref="AcrossFiles"/> searches the
    /// same roots, so that the files and the search agree on the sinks. Read from the member lists: a walk of every declaration node cost more than the sinks'
    /// own checks (issue 7).
    /// </summary>
    internal static List<SyntaxNode> ExecutableRoots(CompilationUnitSyntax unit)
    {
        var roots = new List<SyntaxNode>();
        AddAttributes(unit.AttributeLists, roots);
        var topLevel = false;
        foreach (var member in unit.Members)
        {
            if (member is GlobalStatementSyntax)
                topLevel = true;
            else
                AddExecutableRoots(member, roots);
        }

        if (topLevel)
            roots.Add(unit);
        return roots;
    }

    private static void AddExecutableRoots(MemberDeclarationSyntax member, List<SyntaxNode> roots)
    {
        AddAttributes(member.AttributeLists, roots);
        switch (member)
        {
            case BaseNamespaceDeclarationSyntax ns:
                foreach (var inner in ns.Members)
                    AddExecutableRoots(inner, roots);
                break;
            case TypeDeclarationSyntax type:
                AddAttributes(type.TypeParameterList, roots);
                AddAttributes(type.ParameterList, roots);
                if (type.BaseList is { Types: { Count: > 0 } bases } && bases[0] is PrimaryConstructorBaseTypeSyntax primaryBase)
                    roots.Add(primaryBase);
                foreach (var inner in type.Members)
                    AddExecutableRoots(inner, roots);
                break;
            case EnumDeclarationSyntax enumeration:
                foreach (var inner in enumeration.Members)
                    AddAttributes(inner.AttributeLists, roots);
                break;
            case DelegateDeclarationSyntax @delegate:
                AddAttributes(@delegate.TypeParameterList, roots);
                AddAttributes(@delegate.ParameterList, roots);
                break;
            case BaseMethodDeclarationSyntax method:
                AddAttributes(method.ParameterList, roots);
                if (method is MethodDeclarationSyntax { TypeParameterList: { } typeParameters })
                    AddAttributes(typeParameters, roots);
                if (method.Body is not null || method.ExpressionBody is not null)
                    roots.Add(method);
                break;
            case BasePropertyDeclarationSyntax property:
                if (property is IndexerDeclarationSyntax indexer)
                    AddAttributes(indexer.ParameterList, roots);
                if (property is PropertyDeclarationSyntax { ExpressionBody: { } propertyBody })
                    roots.Add(propertyBody);
                else if (property is IndexerDeclarationSyntax { ExpressionBody: { } indexerBody })
                    roots.Add(indexerBody);
                if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
                    roots.Add(propertyInitializer);
                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        AddAttributes(accessor.AttributeLists, roots);
                        if (accessor.Body is not null || accessor.ExpressionBody is not null)
                            roots.Add(accessor);
                    }
                }

                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } initializer)
                        roots.Add(initializer);
                }

                break;
        }
    }

    private static void AddAttributes(BaseParameterListSyntax? parameters, List<SyntaxNode> roots)
    {
        if (parameters is null)
            return;

        foreach (var parameter in parameters.Parameters)
            AddAttributes(parameter.AttributeLists, roots);
    }

    private static void AddAttributes(TypeParameterListSyntax? typeParameters, List<SyntaxNode> roots)
    {
        if (typeParameters is null)
            return;

        foreach (var typeParameter in typeParameters.Parameters)
            AddAttributes(typeParameter.AttributeLists, roots);
    }

    // Only an attribute with arguments can pass a string to its constructor or a property; most have none.
    private static void AddAttributes(SyntaxList<AttributeListSyntax> lists, List<SyntaxNode> roots)
    {
        foreach (var list in lists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (attribute.ArgumentList is { Arguments.Count: > 0 })
                    roots.Add(attribute);
            }
        }
    }

    /// <summary>
    /// The literal scan of a file: every string literal and interpolated-string text that can hold a key (a shorter
    /// regular string may be passed over from its text alone).
    /// </summary>
    /// <remarks>Internal for the differential test of the scan against a walk of the syntax (MLSEC001LiteralScanTests).</remarks>
    internal static void ScanLiterals(SyntaxTree tree, System.Action<SyntaxNode> visit, System.Threading.CancellationToken cancellationToken) =>
        ScanLiteralsIn(tree.GetRoot(cancellationToken), tree.GetText(cancellationToken).ToString(), visit, cancellationToken);

    /// <summary>
    /// The string literals of a file, found from the quotes in its text: a walk of every syntax node cost more than the
    /// rules' own work, while a file holds a few literals (issue 7). Each quote is looked up in the syntax, from the
    /// previous literal's parent up, except a plainly short one: a quote reached from code with no comment, character
    /// literal or directive in between opens a regular string (no <c>@</c>, <c>$</c> or raw quotes before or after it),
    /// and when its next quote is unescaped on the same line and closer than a key's shortest length
    /// (<see cref="KeyFormats.MinimumLength"/>), that string holds no key. A quote in a comment or a character literal
    /// belongs to no string token and is passed over; an interpolated string's texts and the literals in its holes are
    /// read from its own nodes.
    /// </summary>
    private static void ScanLiteralsIn(SyntaxNode root, string content, System.Action<SyntaxNode> visit, System.Threading.CancellationToken cancellationToken)
    {
        var end = System.Math.Min(root.Span.End, content.Length);
        var position = root.Span.Start;
        // True when position is at code: the file's first token, or just after a token found below.
        var inCode = true;
        var scope = root;
        while (position < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = content.IndexOf('"', position, end - position);
            if (at < 0)
                return;

            if (inCode && IsShortRegularString(content, position, at, end, out var close))
            {
                position = close + 1;
                continue;
            }

            var resume = at + 1;
            inCode = false;
            // Searched from the last literal's parent up: the next literal is usually near it, and a search from the
            // root each time went down the whole depth of a long concatenation for every one of its literals.
            while (scope != root && !scope.FullSpan.Contains(at))
                scope = scope.Parent!;
            var token = scope.FindToken(at);
            if (token.Span.Contains(at) && token.Parent is { } parent)
            {
                scope = parent;
                if (IsLiteralKind(parent))
                {
                    visit(parent);
                    resume = System.Math.Max(resume, token.Span.End);
                    inCode = true;
                }
                else if (parent is InterpolatedStringExpressionSyntax interpolation && token == interpolation.StringStartToken)
                {
                    foreach (var descendant in interpolation.DescendantNodes())
                    {
                        if (IsLiteralKind(descendant))
                            visit(descendant);
                    }

                    resume = System.Math.Max(resume, interpolation.Span.End);
                    inCode = true;
                }
            }

            position = resume;
        }
    }

    /// <summary>
    /// True when the quote at <paramref name="at"/>, reached from code at <paramref name="from"/>, opens a regular string
    /// that closes at <paramref name="close"/> with fewer characters than a key has.
    /// </summary>
    private static bool IsShortRegularString(string content, int from, int at, int end, out int close)
    {
        close = -1;
        // A comment, a character literal or a directive between them can hide or hold quotes. Three vectorized searches
        // of what is mostly code between two strings.
        if (content.IndexOf('/', from, at - from) >= 0 || content.IndexOf('\'', from, at - from) >= 0 || content.IndexOf('#', from, at - from) >= 0)
            return false;

        if (at > 0 && content[at - 1] is '@' or '$')
            return false;
        if (at + 1 >= end || content[at + 1] == '"')
            return false;

        var limit = System.Math.Min(end, at + 1 + KeyFormats.MinimumLength);
        close = content.IndexOf('"', at + 1, limit - (at + 1));
        if (close < 0 || content[close - 1] == '\\' || (close + 1 < end && content[close + 1] == '"'))
            return false;

        // A regular string ends at a line break, and the lexer also breaks lines at U+0085, U+2028 and U+2029: a quote
        // after one opens the next line's string.
        for (var i = at + 1; i < close; i++)
        {
            if (SyntaxFacts.IsNewLine(content[i]))
                return false;
        }

        return true;
    }

    private static bool IsLiteralKind(SyntaxNode node)
    {
        foreach (var kind in LiteralKinds)
        {
            if (node.IsKind(kind))
                return true;
        }

        return false;
    }

    /// <summary>What a literal says on its own: a provider key format (001), or a URL/connection string holding one (003).</summary>
    private static Finding? ScanLiteral(SyntaxNode node)
    {
        var token = node switch
        {
            LiteralExpressionSyntax literal => literal.Token,
            InterpolatedStringTextSyntax text => text.TextToken,
            _ => default,
        };

        var value = token.ValueText;
        if (value.Length < KeyFormats.MinimumLength)
            return null;

        // The fix writes a string expression in place of the literal: a "…"u8 literal (a ReadOnlySpan<byte>) cannot take one.
        var fixable = node.IsKind(SyntaxKind.StringLiteralExpression);
        if (EmbeddedSecrets.TryFind(value, out var embedded))
        {
            var embeddedFormat = KeyFormats.Match(EmbeddedSecretProviders.Decode(value.Substring(embedded.Start, embedded.Length)), anywhereOnly: true, out _, out _);
            if (embeddedFormat is not null)
            {
                return new Finding(
                    Descriptors.MLSEC003_CredentialInUrl, node, EmbeddedSecretProviders.For(embedded, embeddedFormat), embedded.Describe(),
                    sink: null, sinkLocation: null, embedded.Start, embedded.Length, fixable, otherFileMember: null);
            }
        }

        var format = KeyFormats.Match(value, anywhereOnly: true, out var start, out var length);
        if (format is null || SecretHeuristics.IsPlaceholder(value.Substring(start, length), matchesKeyFormat: true))
            return null;

        var schemeLength = SecretHeuristics.AuthSchemeLength(value);
        var whole = start == schemeLength && start + length == value.Length;
        return new Finding(
            Descriptors.MLSEC001_HardcodedCredential, node, format.Provider, format.Provider.Name,
            sink: null, sinkLocation: null, start, length, fixable && whole, otherFileMember: null);
    }

    private static void AnalyzeSinks(
        IOperation operation, Compilation compilation, CredentialSinks sinks, MlSecOptions options, SyntaxTree tree, System.Action<Finding> add,
        System.Threading.CancellationToken cancellationToken)
    {
        if (!MayBeSink(operation))
            return;

        var parameterNames = new CredentialParameterNames(options, operation.Syntax.SyntaxTree);
        List<CredentialSink>? credentials = null;
        switch (operation)
        {
            case IObjectCreationOperation creation:
                sinks.FindInCreation(creation, parameterNames, ref credentials);
                break;
            case IInvocationOperation invocation:
                sinks.FindInInvocation(invocation, parameterNames, ref credentials);
                break;
            case ISimpleAssignmentOperation assignment:
                sinks.FindInAssignment(assignment, parameterNames, ref credentials);
                break;
        }

        if (credentials is not null)
        {
            foreach (var sink in credentials)
                AddCredentialFinding(operation, compilation, sink, tree, add, cancellationToken);
        }

        List<CredentialSink>? urls = null;
        UrlSinks.Find(operation, ref urls);
        if (urls is not null)
        {
            foreach (var sink in urls)
                AddUrlFinding(operation, compilation, sink, tree, add, cancellationToken);
        }
    }

    // Every credential or URL sink passes an explicit string argument (the converted value, so a string parameter always
    // has one) or assigns a string property; most calls and creations pass none, and an assignment is checked by its
    // target's type. They are turned away before any member or assembly check (issue 7).
    private static bool MayBeSink(IOperation operation) =>
        operation switch
        {
            // AddInMemoryCollection takes its key-value pairs as a collection.
            IInvocationOperation invocation => HasExplicitString(invocation.Arguments) || invocation.TargetMethod.Name == "AddInMemoryCollection",
            IObjectCreationOperation creation => HasExplicitString(creation.Arguments),
            ISimpleAssignmentOperation assignment => assignment.Target.Type?.SpecialType == SpecialType.System_String,
            _ => false,
        };

    private static bool HasExplicitString(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (CredentialSinks.IsExplicitString(argument))
                return true;
        }

        return false;
    }

    private static void AddCredentialFinding(
        IOperation operation, Compilation compilation, CredentialSink sink, SyntaxTree tree, System.Action<Finding> add, System.Threading.CancellationToken cancellationToken)
    {
        var candidate = ConstantSecretResolver.Resolve(sink.Value, compilation, cancellationToken);
        if (candidate is null || !SecretHeuristics.LooksLikeSecret(candidate.Value))
            return;

        var provider = KeyFormats.Match(candidate.Value, anywhereOnly: false, out _, out _)?.Provider ?? sink.Provider;
        if (provider == KeyProvider.ModelEndpoint && candidate.DeclaredIn is IFieldSymbol or IPropertySymbol or ILocalSymbol or IMethodSymbol)
            provider = KeyProvider.NamedAfter(MemberName(candidate.DeclaredIn));
        var literalLength = candidate.Node is LiteralExpressionSyntax literal ? literal.Token.ValueText.Length : 0;
        add(new Finding(
            Descriptors.MLSEC001_HardcodedCredential, candidate.Node, provider, provider.Name, sink.Description, operation.Syntax.GetLocation(),
            candidate.SchemeLength, literalLength - candidate.SchemeLength, candidate.IsWholeLiteral && !sink.StoresKey, OtherFileMember(candidate.Node, candidate.DeclaredIn, tree),
            storesKey: sink.StoresKey));
    }

    // A method named GetApiKey holds the API_KEY, as a property ApiKey does.
    private static string MemberName(ISymbol member) =>
        member is IMethodSymbol && member.Name.Length > 3 && member.Name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(member.Name[3])
            ? member.Name.Substring(3)
            : member.Name;

    private static void AddUrlFinding(
        IOperation operation, Compilation compilation, CredentialSink sink, SyntaxTree tree, System.Action<Finding> add, System.Threading.CancellationToken cancellationToken)
    {
        var constant = ConstantSecretResolver.Collect(sink.Value, compilation, allowHoles: true, cancellationToken);
        if (constant is null || !EmbeddedSecrets.TryFind(constant.Text, out var embedded))
            return;

        var part = constant.PartContaining(embedded.Start, embedded.Length);
        if (part?.Node is not { } node)
            return;

        var format = KeyFormats.Match(EmbeddedSecretProviders.Decode(constant.Text.Substring(embedded.Start, embedded.Length)), anywhereOnly: false, out _, out _);
        add(new Finding(
            Descriptors.MLSEC003_CredentialInUrl, node, EmbeddedSecretProviders.For(embedded, format), embedded.Describe(),
            sink.Description, operation.Syntax.GetLocation(), embedded.Start - part.Offset, embedded.Length,
            node is LiteralExpressionSyntax, OtherFileMember(node, part.DeclaredIn, tree)));
    }

    /// <summary>The member holding the literal when the literal is in another file than the sink that reaches it.</summary>
    private static ISymbol? OtherFileMember(SyntaxNode literal, ISymbol? declaredIn, SyntaxTree tree) =>
        literal.SyntaxTree != tree ? declaredIn : null;

    private static bool IsEarlier(Location a, Location b)
    {
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath != 0 ? byPath < 0 : a.SourceSpan.Start < b.SourceSpan.Start;
    }

    /// <summary>
    /// Which file reports a literal that a member declared in one file holds (<c>Keys.OpenAI</c>) and sinks of other files
    /// reach.
    /// </summary>
    /// <remarks>
    /// Each file's findings are reported when the file is analysed, and files are analysed in any order, so "the first
    /// file to be analysed reports it" would name a different sink from run to run, and a sink in the holding file and
    /// one in another file would give two diagnostics. Every file that reaches such a literal asks the same question,
    /// answered from the whole compilation: the holding file reports it when one of its own sinks reaches it (the IDE
    /// shows it while that file is edited); otherwise the file with the earliest sink does. The answer comes from the
    /// member's references (name index, only files that also name its type) and the sinks in the code around them, and
    /// from string members initialised from it in turn; once per literal. Only a literal without a key format that
    /// reaches a sink through a member of another file gets here.
    /// </remarks>
    private sealed class AcrossFiles
    {
        private readonly Compilation _compilation;
        private readonly CredentialSinks _sinks;
        private readonly MlSecOptions _options;
        private readonly SemanticModels _models;
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), List<Location>> _sinksByLiteral = new();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), object> _gates = new();

        public AcrossFiles(Compilation compilation, CredentialSinks sinks, MlSecOptions options)
        {
            _compilation = compilation;
            _sinks = sinks;
            _options = options;
            _models = new SemanticModels(compilation);
        }

        // No "reported once" set: the answer depends only on the compilation, and the IDE may analyse a file twice (a
        // span, then the whole document), each time needing the diagnostic.
        public bool Reports(Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            var key = (finding.Node.SyntaxTree, finding.Node.Span);
            foreach (var sink in SinksReaching(key, finding, cancellationToken))
            {
                if (sink.SourceTree == finding.Node.SyntaxTree || IsEarlier(sink, finding.SinkLocation!))
                    return false;
            }

            return true;
        }

        // One search per literal, whichever files ask at once; a cancelled search stores nothing.
        private List<Location> SinksReaching((SyntaxTree, TextSpan) key, Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            if (_sinksByLiteral.TryGetValue(key, out var found))
                return found;

            var gate = _gates.GetOrAdd(key, static _ => new object());
            Gates.Enter(gate, cancellationToken);
            try
            {
                if (_sinksByLiteral.TryGetValue(key, out found))
                    return found;

                found = Search(finding, cancellationToken);
                _sinksByLiteral[key] = found;
                return found;
            }
            finally
            {
                System.Threading.Monitor.Exit(gate);
            }
        }

        /// <summary>
        /// Every sink that reaches <paramref name="finding"/>'s literal: the code around each reference to the member that
        /// holds it, and to the string members whose value reads that member, is checked for sinks with the same checks
        /// the files run.
        /// </summary>
        private List<Location> Search(Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            var found = new List<Location>();
            var first = finding.OtherFileMember!.OriginalDefinition;
            var members = new Queue<ISymbol>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { first };
            members.Enqueue(first);
            var scopes = new HashSet<SyntaxNode>();
            var rootsByFile = new Dictionary<SyntaxTree, List<SyntaxNode>>();
            var pending = new Stack<IOperation>();
            var index = SyntaxNameIndex.For(_compilation);
            while (members.Count > 0)
            {
                var member = members.Dequeue();
                // A reference from outside names the member's type or a type derived from it (Keys.OpenAI, Mid.OpenAI,
                // a base list, using static, an alias); its own type's file names it too. Files that only use the
                // member's name otherwise (kv.Key) are not read.
                foreach (var reference in References(index, member, cancellationToken))
                {
                    var model = _models.Get(reference.SyntaxTree);
                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol?.OriginalDefinition, member))
                        continue;

                    if (HolderOf(model, reference, cancellationToken) is { } holder && seen.Add(holder.OriginalDefinition))
                        members.Enqueue(holder.OriginalDefinition);
                    if (ScopeOf(reference, rootsByFile, cancellationToken) is not { } scope || !scopes.Add(scope)
                        || model.GetOperation(scope, cancellationToken) is not { } root)
                    {
                        continue;
                    }

                    // The analysing file only decides OtherFileMember, which the search does not read.
                    AnalyzeSinksIn(root, pending, _compilation, _sinks, _options, reference.SyntaxTree, hit =>
                    {
                        if (hit.Node.SyntaxTree == finding.Node.SyntaxTree && hit.Node.Span == finding.Node.Span && hit.SinkLocation is { } sink)
                            found.Add(sink);
                    }, cancellationToken);
                }
            }

            return found;
        }

        private IEnumerable<ExpressionSyntax> References(SyntaxNameIndex index, ISymbol member, System.Threading.CancellationToken cancellationToken)
        {
            if (member.ContainingType is not { } owner)
                yield break;

            // A file may reach the member without naming its type, through a global using in another file: the index
            // counts those (a global using static: every file; a global alias: the files that name it). A reference the
            // search missed would be a sink that every file but its own leaves out, and both would report the literal.
            var seen = new HashSet<ExpressionSyntax>();
            foreach (var typeName in TypeNamesReaching(owner, cancellationToken))
            {
                foreach (var reference in index.Names(member.Name, cancellationToken, alsoNamed: typeName))
                {
                    if (seen.Add(reference))
                        yield return reference;
                }
            }
        }

        /// <summary>The names of <paramref name="owner"/> and of the compilation's types derived from it, directly or not.</summary>
        private HashSet<string> TypeNamesReaching(INamedTypeSymbol owner, System.Threading.CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal) { owner.Name };
            if (owner.IsStatic || owner.IsSealed || owner.TypeKind != TypeKind.Class)
                return names;

            var derived = new List<INamedTypeSymbol>();
            foreach (var symbol in _compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken))
            {
                if (symbol is INamedTypeSymbol { TypeKind: TypeKind.Class } type)
                    derived.Add(type);
            }

            var owners = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { owner.OriginalDefinition };
            for (var added = true; added;)
            {
                added = false;
                foreach (var type in derived)
                {
                    if (type.BaseType is { } baseType && owners.Contains(baseType.OriginalDefinition) && owners.Add(type.OriginalDefinition))
                    {
                        names.Add(type.Name);
                        added = true;
                    }
                }
            }

            return names;
        }

        /// <summary>The string field, property or parameterless method whose value the reference is part of (its initializer, expression body, getter or body).</summary>
        private static ISymbol? HolderOf(SemanticModel model, SyntaxNode reference, System.Threading.CancellationToken cancellationToken)
        {
            var symbol = model.GetEnclosingSymbol(reference.SpanStart, cancellationToken);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
                symbol = symbol.ContainingSymbol;

            ISymbol? holder = symbol switch
            {
                // An auto-property's initializer belongs to its backing field; the property is what code reads.
                IFieldSymbol { AssociatedSymbol: IPropertySymbol property } => property,
                IFieldSymbol field => field,
                IPropertySymbol property => property,
                IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property } => property,
                IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: 0 } method => method,
                _ => null,
            };
            var type = holder switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                IMethodSymbol method => method.ReturnType,
                _ => null,
            };
            return type?.SpecialType == SpecialType.System_String ? holder : null;
        }

        /// <summary>
        /// The code to check for sinks around a reference: the smallest of its file's <see cref="ExecutableRoots"/> that
        /// holds it (the method, accessor, initializer or attribute it is in, or the top-level statements), the code the
        /// file's own analysis reads.
        /// </summary>
        private static SyntaxNode? ScopeOf(SyntaxNode reference, Dictionary<SyntaxTree, List<SyntaxNode>> rootsByFile, System.Threading.CancellationToken cancellationToken)
        {
            var tree = reference.SyntaxTree;
            if (!rootsByFile.TryGetValue(tree, out var roots))
            {
                roots = tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit ? ExecutableRoots(unit) : new List<SyntaxNode>();
                rootsByFile[tree] = roots;
            }

            SyntaxNode? scope = null;
            foreach (var root in roots)
            {
                // Roots nest only inside the compilation unit (top-level statements) and a member's attributes inside it.
                if (root.Span.Contains(reference.Span) && (scope is null || root.Span.Length < scope.Span.Length))
                    scope = root;
            }

            return scope;
        }
    }

    private sealed class Finding
    {
        public Finding(
            DiagnosticDescriptor descriptor, SyntaxNode node, KeyProvider provider, string subject, string? sink, Location? sinkLocation,
            int secretStart, int secretLength, bool fixable, ISymbol? otherFileMember, bool storesKey = false)
        {
            StoresKey = storesKey;
            Descriptor = descriptor;
            Node = node;
            Provider = provider;
            Subject = subject;
            Sink = sink;
            SinkLocation = sinkLocation;
            SecretStart = secretStart;
            SecretLength = secretLength;
            Fixable = fixable;
            OtherFileMember = otherFileMember;
        }

        public DiagnosticDescriptor Descriptor { get; }
        public SyntaxNode Node { get; }
        public KeyProvider Provider { get; }

        /// <summary>The message's first argument: the provider (001) or the part of the URL (003).</summary>
        public string Subject { get; }
        public string? Sink { get; }
        public Location? SinkLocation { get; }
        public int SecretStart { get; }
        public int SecretLength { get; }
        public bool Fixable { get; }
        /// <summary>The member declared in another file that holds the literal (<c>Keys.OpenAI</c>), when a sink reached it from outside.</summary>
        public ISymbol? OtherFileMember { get; }

        /// <summary>The sink stores the key for the app to read back (<see cref="CredentialSink.StoresKey"/>): no fix.</summary>
        public bool StoresKey { get; }

        public Finding WithoutFix() =>
            new(Descriptor, Node, Provider, Subject, Sink, SinkLocation, SecretStart, SecretLength, fixable: false, OtherFileMember, StoresKey);
    }

    /// <summary>The findings of one file, gathered by one callback.</summary>
    private sealed class Findings
    {
        private readonly List<Finding> _items = new();

        /// <summary>What a literal of the file says on its own.</summary>
        public void AddLiteral(SyntaxNode literal) => Add(ScanLiteral(literal));

        public void Add(Finding? finding)
        {
            if (finding is not null)
                _items.Add(finding);
        }

        public void Report(SemanticModelAnalysisContext context, AcrossFiles acrossFiles)
        {
            var items = _items;
            if (items.Count == 0)
                return;

            // One diagnostic per secret literal: a sink finding beats a literal-only one, then the earliest sink wins.
            var chosen = new Dictionary<(SyntaxTree, TextSpan), Finding>();
            HashSet<(SyntaxTree, TextSpan)>? stored = null;
            foreach (var item in items)
            {
                var key = (item.Node.SyntaxTree, item.Node.Span);
                if (!chosen.TryGetValue(key, out var current) || IsBetter(item, current))
                    chosen[key] = item;
                if (item.StoresKey)
                    (stored ??= new HashSet<(SyntaxTree, TextSpan)>()).Add(key);
            }

            // A key the file also stores in an environment variable or in-memory configuration gets no fix, whichever
            // sink comes first: moved to that variable, it would be read back to be stored.
            if (stored is not null)
            {
                foreach (var key in stored)
                    chosen[key] = chosen[key].WithoutFix();
            }

            var ordered = new List<KeyValuePair<(SyntaxTree, TextSpan), Finding>>(chosen);
            ordered.Sort(static (a, b) => a.Value.Node.SpanStart.CompareTo(b.Value.Node.SpanStart));
            foreach (var pair in ordered)
            {
                var finding = pair.Value;
                if (finding.OtherFileMember is not null)
                {
                    // The declaring file's own literal scan reports what a literal says on its own; anything else is
                    // reported once across all the files whose sinks reach it, by the one AcrossFiles chooses.
                    if (ScanLiteral(finding.Node) is not null || !acrossFiles.Reports(finding, context.CancellationToken))
                        continue;
                }

                context.ReportDiagnostic(Create(finding));
            }
        }

        private static bool IsBetter(Finding candidate, Finding current)
        {
            if (current.Sink is null)
                return candidate.Sink is not null;
            if (candidate.Sink is null)
                return false;

            return IsEarlier(candidate.SinkLocation!, current.SinkLocation!);
        }

        public static Diagnostic Create(Finding finding)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[Properties.Provider] = finding.Provider.Name;
            properties[Properties.EnvironmentVariable] = finding.Provider.EnvironmentVariable;
            properties[Properties.ConfigurationKey] = finding.Provider.ConfigurationKey;
            properties[Properties.SecretStart] = finding.SecretStart.ToString(CultureInfo.InvariantCulture);
            properties[Properties.SecretLength] = finding.SecretLength.ToString(CultureInfo.InvariantCulture);
            properties[Properties.Fixable] = finding.Fixable ? "true" : "false";

            return Diagnostic.Create(
                finding.Descriptor,
                finding.Node.GetLocation(),
                finding.SinkLocation is null ? null : new[] { finding.SinkLocation },
                properties.ToImmutable(),
                finding.Subject,
                finding.Sink ?? AStringLiteral);
        }
    }
}
