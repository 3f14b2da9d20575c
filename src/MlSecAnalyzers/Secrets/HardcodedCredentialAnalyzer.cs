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
/// Both share the value tracking, so they share one analyzer. Findings are gathered per type and reported when the
/// type is done, so each secret literal gets one diagnostic, chosen deterministically, however many sinks it reaches.
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

    // Registered once per type: static arrays, not a params array per registration. A UTF-8 literal ("…"u8, a header
    // value written straight to a buffer) reaches no string sink, so only the literal scan can see a key in it.
    private static readonly ImmutableArray<SyntaxKind> LiteralKinds =
        ImmutableArray.Create(SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression, SyntaxKind.InterpolatedStringText);
    private static readonly ImmutableArray<OperationKind> SinkKinds = ImmutableArray.Create(OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: a key in generated code (a scaffolded client, a settings designer file) leaks all the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            // Sinks exist only where an LLM client library is referenced; elsewhere only the literal scan runs.
            var sinks = CredentialSinks.Create(start.Compilation, MlTypes.For(start.Compilation));
            if (sinks is null)
            {
                // No sink can exist, so a literal's own finding has nothing to be weighed against: report it as the
                // literal is seen. A symbol-start analyzer's per-type bookkeeping costs several times the scan itself
                // (bench/results), and projects without the libraries should pay for the scan alone.
                start.RegisterSyntaxNodeAction(
                    static c =>
                    {
                        if (ScanLiteral(c.Node) is { } finding)
                            c.ReportDiagnostic(Findings.Create(finding));
                    },
                    LiteralKinds);
                return;
            }

            var options = MlSecOptions.Create(start.Options);
            var acrossTypes = new AcrossTypes(start.Compilation, sinks, options);

            // `[assembly: …]` and `[module: …]` lists belong to no type, so the per-type scan below never sees their
            // literals (without the libraries, the plain syntax action above does). They can only sit directly in a
            // compilation unit: one callback per file, which returns at once when the file has none.
            start.RegisterSyntaxNodeAction(static c => ScanGlobalAttributes(c), SyntaxKind.CompilationUnit);

            // The literals are read when the type is done, by a walk of its syntax: a syntax-node action nested in the
            // symbol start made the driver run a separate walk with its own bookkeeping for every type (issue 7).
            start.RegisterSymbolStartAction(symbolStart =>
            {
                var findings = new Findings((INamedTypeSymbol)symbolStart.Symbol);
                symbolStart.RegisterOperationAction(c => AnalyzeSinks(c.Operation, c.Compilation, sinks, options, findings.Type, findings.Add, c.CancellationToken), SinkKinds);

                symbolStart.RegisterSymbolEndAction(c =>
                {
                    ScanLiterals(findings.Type, findings.AddLiteral, c.CancellationToken);
                    findings.Report(c, acrossTypes);
                });
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>
    /// The literal scan of a type's declarations, without its nested types' (each scans its own); for the type of
    /// top-level statements, the statements (the file's assembly attributes belong to no type, see
    /// <see cref="ScanGlobalAttributes"/>).
    /// </summary>
    /// <remarks>Internal for the differential test of the scan against a walk of the syntax (MLSEC001LiteralScanTests).</remarks>
    internal static void ScanLiterals(INamedTypeSymbol type, System.Action<SyntaxNode> visit, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var text = reference.SyntaxTree.GetText(cancellationToken);
            // The declaration's own characters, content[i] being the file's character at offset + i. A text read from a
            // string hands it over whole for nothing, so a declaration that is most of its file takes that. Other texts
            // (a file of 40K characters or more read by the compiler, an editor snapshot) copy what they are asked for:
            // copying the whole file for each of its types cost the square of a large generated file.
            var span = declaration.Span;
            // A span past the text's end (no public API makes one) keeps the whole-text copy, which the scan bounds.
            var offset = span.Length * 2 >= text.Length || span.End > text.Length ? 0 : span.Start;
            var content = offset == 0 ? text.ToString() : text.ToString(span);
            if (declaration is CompilationUnitSyntax unit)
            {
                foreach (var member in unit.Members)
                {
                    if (member is GlobalStatementSyntax statement)
                        ScanLiteralsIn(statement, content, offset, visit, cancellationToken);
                }
            }
            else
            {
                ScanLiteralsIn(declaration, content, offset, visit, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The string literals in <paramref name="node"/>, found from the quotes in its text: a walk of every syntax node of
    /// every type cost more than the rules' own work, while a type holds a few literals (issue 7). Each quote is looked up
    /// in the syntax, from the previous literal's parent up, except a plainly short one: a quote reached from code with no
    /// comment, character literal or directive in between opens a regular string (no <c>@</c>, <c>$</c> or raw quotes
    /// before or after it), and when its next quote is unescaped on the same line and closer than a key's shortest length
    /// (<see cref="KeyFormats.MinimumLength"/>), that string holds no key. A quote in a comment or a character literal
    /// belongs to no string token and is passed over; an interpolated string's texts and the literals in its holes are
    /// read from its own nodes.
    /// </summary>
    private static void ScanLiteralsIn(SyntaxNode node, string content, int offset, System.Action<SyntaxNode> visit, System.Threading.CancellationToken cancellationToken)
    {
        List<TextSpan>? nestedTypes = null;
        if (node is TypeDeclarationSyntax type)
        {
            foreach (var member in type.Members)
            {
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                    (nestedTypes ??= new List<TextSpan>()).Add(member.FullSpan);
            }
        }

        // Positions are the file's; content holds the characters from offset on.
        var end = System.Math.Min(node.Span.End, offset + content.Length);
        var position = node.Span.Start;
        // True when position is at code: the node's first token, or just after a token found below.
        var inCode = true;
        var scope = node;
        while (position < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = content.IndexOf('"', position - offset, end - position);
            if (at < 0)
                return;
            at += offset;

            if (inCode && IsShortRegularString(content, position - offset, at - offset, end - offset, out var close))
            {
                position = offset + close + 1;
                continue;
            }

            var resume = at + 1;
            inCode = false;
            if (NestedTypeAt(nestedTypes, at) is { } nested)
            {
                resume = nested.End;
                inCode = true;
            }
            else
            {
                // Searched from the last literal's parent up: the next literal is usually near it, and a search from the
                // declaration each time went down the whole depth of a long concatenation for every one of its literals.
                while (scope != node && !scope.FullSpan.Contains(at))
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

    private static TextSpan? NestedTypeAt(List<TextSpan>? nestedTypes, int position)
    {
        if (nestedTypes is not null)
        {
            foreach (var nested in nestedTypes)
            {
                if (nested.Contains(position))
                    return nested;
            }
        }

        return null;
    }

    /// <summary>The literal scan of the assembly and module attributes of one file; nothing else can reach these literals.</summary>
    private static void ScanGlobalAttributes(SyntaxNodeAnalysisContext context)
    {
        if (context.Node is not CompilationUnitSyntax { AttributeLists: { Count: > 0 } lists })
            return;

        foreach (var list in lists)
        {
            var target = list.Target?.Identifier;
            if (target is null || !(target.Value.IsKind(SyntaxKind.AssemblyKeyword) || target.Value.IsKind(SyntaxKind.ModuleKeyword)))
                continue;

            foreach (var node in list.DescendantNodes())
            {
                if (IsLiteralKind(node) && ScanLiteral(node) is { } finding)
                    context.ReportDiagnostic(Findings.Create(finding));
            }
        }
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
                    sink: null, sinkLocation: null, embedded.Start, embedded.Length, fixable, otherTypeMember: null);
            }
        }

        var format = KeyFormats.Match(value, anywhereOnly: true, out var start, out var length);
        if (format is null || SecretHeuristics.IsPlaceholder(value.Substring(start, length), matchesKeyFormat: true))
            return null;

        var schemeLength = SecretHeuristics.AuthSchemeLength(value);
        var whole = start == schemeLength && start + length == value.Length;
        return new Finding(
            Descriptors.MLSEC001_HardcodedCredential, node, format.Provider, format.Provider.Name,
            sink: null, sinkLocation: null, start, length, fixable && whole, otherTypeMember: null);
    }

    private static void AnalyzeSinks(
        IOperation operation, Compilation compilation, CredentialSinks sinks, MlSecOptions options, INamedTypeSymbol type, System.Action<Finding> add,
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
                AddCredentialFinding(operation, compilation, sink, type, add, cancellationToken);
        }

        List<CredentialSink>? urls = null;
        UrlSinks.Find(operation, ref urls);
        if (urls is not null)
        {
            foreach (var sink in urls)
                AddUrlFinding(operation, compilation, sink, type, add, cancellationToken);
        }
    }

    // Every credential or URL sink passes an explicit string argument (the converted value, so a string parameter always
    // has one) or assigns a string property; most calls and creations pass none, and an assignment is checked by its
    // target's type. They are turned away before any member or assembly check (issue 7).
    private static bool MayBeSink(IOperation operation) =>
        operation switch
        {
            IInvocationOperation invocation => HasExplicitString(invocation.Arguments),
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
        IOperation operation, Compilation compilation, CredentialSink sink, INamedTypeSymbol type, System.Action<Finding> add, System.Threading.CancellationToken cancellationToken)
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
            candidate.SchemeLength, literalLength - candidate.SchemeLength, candidate.IsWholeLiteral, OtherTypeMember(candidate.DeclaredIn, type)));
    }

    // A method named GetApiKey holds the API_KEY, as a property ApiKey does.
    private static string MemberName(ISymbol member) =>
        member is IMethodSymbol && member.Name.Length > 3 && member.Name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(member.Name[3])
            ? member.Name.Substring(3)
            : member.Name;

    private static void AddUrlFinding(
        IOperation operation, Compilation compilation, CredentialSink sink, INamedTypeSymbol type, System.Action<Finding> add, System.Threading.CancellationToken cancellationToken)
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
            node is LiteralExpressionSyntax, OtherTypeMember(part.DeclaredIn, type)));
    }

    /// <summary>The member holding the literal when it belongs to another type than the one whose sink reaches it.</summary>
    private static ISymbol? OtherTypeMember(ISymbol? declaredIn, INamedTypeSymbol type) =>
        declaredIn is not null && !SymbolEqualityComparer.Default.Equals(declaredIn.ContainingType, type) ? declaredIn : null;

    private static bool IsEarlier(Location a, Location b)
    {
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath != 0 ? byPath < 0 : a.SourceSpan.Start < b.SourceSpan.Start;
    }

    /// <summary>
    /// Which type reports a literal that a member of one type holds (<c>Keys.OpenAI</c>) and sinks of other types reach.
    /// </summary>
    /// <remarks>
    /// Each type's findings are reported when the type is done, and types finish in any order, so "the first type to
    /// finish reports it" named a different sink from run to run, and a sink in the holding type and one in another
    /// type gave two diagnostics. Every type that reaches such a literal now asks the same question, answered from the
    /// whole compilation: the holding type reports it when one of its own sinks reaches it (the IDE shows it while that
    /// file is edited); otherwise the type with the earliest sink does. The answer comes from the member's references
    /// (name index, only files that also name its type) and the sinks in the code around them, and from string members
    /// initialised from it in turn; once per literal. Only a literal without a key format that reaches a sink through
    /// another type's member gets here.
    /// </remarks>
    private sealed class AcrossTypes
    {
        private readonly Compilation _compilation;
        private readonly CredentialSinks _sinks;
        private readonly MlSecOptions _options;
        private readonly SemanticModels _models;
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), List<(Location Sink, INamedTypeSymbol? Type)>> _sinksByLiteral = new();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), object> _gates = new();
        // A nested type's sink can reach the chosen type's findings twice (its own and its container's callbacks).
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), byte> _reported = new();

        public AcrossTypes(Compilation compilation, CredentialSinks sinks, MlSecOptions options)
        {
            _compilation = compilation;
            _sinks = sinks;
            _options = options;
            _models = new SemanticModels(compilation);
        }

        public bool Reports(Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            var key = (finding.Node.SyntaxTree, finding.Node.Span);
            var owner = finding.OtherTypeMember!.ContainingType;
            foreach (var (sink, type) in SinksReaching(key, finding, cancellationToken))
            {
                if (SymbolEqualityComparer.Default.Equals(type, owner) || IsEarlier(sink, finding.SinkLocation!))
                    return false;
            }

            return _reported.TryAdd(key, 0);
        }

        // One search per literal, whichever types ask at once; a cancelled search stores nothing.
        private List<(Location, INamedTypeSymbol?)> SinksReaching((SyntaxTree, TextSpan) key, Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            if (_sinksByLiteral.TryGetValue(key, out var found))
                return found;

            lock (_gates.GetOrAdd(key, static _ => new object()))
            {
                if (_sinksByLiteral.TryGetValue(key, out found))
                    return found;

                found = Search(finding, cancellationToken);
                _sinksByLiteral[key] = found;
                return found;
            }
        }

        /// <summary>
        /// Every sink that reaches <paramref name="finding"/>'s literal, with the type it is in: the code around each
        /// reference to the member that holds it, and to the string members whose value reads that member, is checked
        /// for sinks with the same checks the types run.
        /// </summary>
        private List<(Location, INamedTypeSymbol?)> Search(Finding finding, System.Threading.CancellationToken cancellationToken)
        {
            var found = new List<(Location, INamedTypeSymbol?)>();
            var first = finding.OtherTypeMember!.OriginalDefinition;
            var members = new Queue<ISymbol>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { first };
            members.Enqueue(first);
            var scopes = new HashSet<SyntaxNode>();
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
                    if (ScopeOf(reference) is not { } scope || !scopes.Add(scope) || model.GetOperation(scope, cancellationToken) is not { } root)
                        continue;

                    foreach (var operation in root.DescendantsAndSelf())
                    {
                        if (operation.Kind is not (OperationKind.ObjectCreation or OperationKind.Invocation or OperationKind.SimpleAssignment))
                            continue;

                        // The analysing type only decides OtherTypeMember, which the search does not read; the sink's
                        // type is looked up for a hit only.
                        AnalyzeSinks(operation, _compilation, _sinks, _options, first.ContainingType, hit =>
                        {
                            if (hit.Node.SyntaxTree == finding.Node.SyntaxTree && hit.Node.Span == finding.Node.Span && hit.SinkLocation is { } sink)
                                found.Add((sink, TypeAround(model, operation.Syntax.SpanStart, cancellationToken)));
                        }, cancellationToken);
                    }
                }
            }

            return found;
        }

        private IEnumerable<ExpressionSyntax> References(SyntaxNameIndex index, ISymbol member, System.Threading.CancellationToken cancellationToken)
        {
            if (member.ContainingType is not { } owner)
                yield break;

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
        /// The code to check for sinks around a reference: the method, accessor, constructor (with its initializer) or
        /// top-level statements it is in, a primary constructor's base-type arguments, or else the whole expression it
        /// is part of (a field, property, indexer or event initializer or expression body).
        /// </summary>
        private static SyntaxNode? ScopeOf(SyntaxNode reference)
        {
            SyntaxNode? outermostExpression = null;
            for (var node = reference; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PrimaryConstructorBaseTypeSyntax:
                        return node;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                    case MemberDeclarationSyntax:
                        return outermostExpression;
                    case ExpressionSyntax:
                        outermostExpression = node;
                        break;
                }
            }

            return outermostExpression;
        }

        private static INamedTypeSymbol? TypeAround(SemanticModel model, int position, System.Threading.CancellationToken cancellationToken)
        {
            var symbol = model.GetEnclosingSymbol(position, cancellationToken);
            return symbol as INamedTypeSymbol ?? symbol?.ContainingType;
        }
    }

    private sealed class Finding
    {
        public Finding(
            DiagnosticDescriptor descriptor, SyntaxNode node, KeyProvider provider, string subject, string? sink, Location? sinkLocation,
            int secretStart, int secretLength, bool fixable, ISymbol? otherTypeMember)
        {
            Descriptor = descriptor;
            Node = node;
            Provider = provider;
            Subject = subject;
            Sink = sink;
            SinkLocation = sinkLocation;
            SecretStart = secretStart;
            SecretLength = secretLength;
            Fixable = fixable;
            OtherTypeMember = otherTypeMember;
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
        /// <summary>The member of another type that holds the literal (<c>Keys.OpenAI</c>), when a sink reached it from outside.</summary>
        public ISymbol? OtherTypeMember { get; }

        public bool InOtherType => OtherTypeMember is not null;
    }

    /// <summary>The findings of one type; operation and syntax callbacks of its members may run concurrently.</summary>
    private sealed class Findings
    {
        private readonly List<Finding> _items = new();

        public Findings(INamedTypeSymbol type) => Type = type;

        public INamedTypeSymbol Type { get; }

        /// <summary>What a literal of the type says on its own.</summary>
        public void AddLiteral(SyntaxNode literal) => Add(ScanLiteral(literal));

        public void Add(Finding? finding)
        {
            if (finding is null)
                return;

            lock (_items)
                _items.Add(finding);
        }

        public void Report(SymbolAnalysisContext context, AcrossTypes acrossTypes)
        {
            Finding[] items;
            lock (_items)
                items = _items.ToArray();

            if (items.Length == 0)
                return;

            // One diagnostic per secret literal: a sink finding beats a literal-only one, then the earliest sink wins.
            var chosen = new Dictionary<(SyntaxTree, TextSpan), Finding>();
            foreach (var item in items)
            {
                var key = (item.Node.SyntaxTree, item.Node.Span);
                if (!chosen.TryGetValue(key, out var current) || IsBetter(item, current))
                    chosen[key] = item;
            }

            var ordered = new List<KeyValuePair<(SyntaxTree, TextSpan), Finding>>(chosen);
            ordered.Sort(static (a, b) => a.Value.Node.SpanStart.CompareTo(b.Value.Node.SpanStart));
            foreach (var pair in ordered)
            {
                var finding = pair.Value;
                if (finding.InOtherType)
                {
                    // The declaring type's own literal scan reports what a literal says on its own; anything else is
                    // reported once across all the types whose sinks reach it, by the one AcrossTypes chooses.
                    if (ScanLiteral(finding.Node) is not null || !acrossTypes.Reports(finding, context.CancellationToken))
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
