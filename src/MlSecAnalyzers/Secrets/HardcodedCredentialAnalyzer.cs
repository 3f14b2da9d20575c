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
            var reportedAcrossTypes = new ConcurrentDictionary<(SyntaxTree, TextSpan), byte>();

            // `[assembly: …]` and `[module: …]` lists belong to no type, so the per-type scan below never sees their
            // literals (without the libraries, the plain syntax action above does). They can only sit directly in a
            // compilation unit: one callback per file, which returns at once when the file has none.
            start.RegisterSyntaxNodeAction(static c => ScanGlobalAttributes(c), SyntaxKind.CompilationUnit);

            start.RegisterSymbolStartAction(symbolStart =>
            {
                var findings = new Findings((INamedTypeSymbol)symbolStart.Symbol);
                symbolStart.RegisterSyntaxNodeAction(c => findings.Add(ScanLiteral(c.Node)), LiteralKinds);
                symbolStart.RegisterOperationAction(c => AnalyzeSinks(c, sinks, options, findings), SinkKinds);

                symbolStart.RegisterSymbolEndAction(c => findings.Report(c, reportedAcrossTypes));
            }, SymbolKind.NamedType);
        });
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
                    sink: null, sinkLocation: null, embedded.Start, embedded.Length, fixable, inOtherType: false);
            }
        }

        var format = KeyFormats.Match(value, anywhereOnly: true, out var start, out var length);
        if (format is null || SecretHeuristics.IsPlaceholder(value.Substring(start, length), matchesKeyFormat: true))
            return null;

        var schemeLength = SecretHeuristics.AuthSchemeLength(value);
        var whole = start == schemeLength && start + length == value.Length;
        return new Finding(
            Descriptors.MLSEC001_HardcodedCredential, node, format.Provider, format.Provider.Name,
            sink: null, sinkLocation: null, start, length, fixable && whole, inOtherType: false);
    }

    private static void AnalyzeSinks(OperationAnalysisContext context, CredentialSinks sinks, MlSecOptions options, Findings findings)
    {
        var operation = context.Operation;
        if (!MayBeSink(operation))
            return;

        var parameterNames = options.GetNameList(
            operation.Syntax.SyntaxTree, Descriptors.MLSEC001_HardcodedCredential.Id, CredentialSinks.CredentialParameterNamesOption, CredentialSinks.DefaultCredentialParameterNames);
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
                AddCredentialFinding(context, sink, findings);
        }

        List<CredentialSink>? urls = null;
        UrlSinks.Find(operation, ref urls);
        if (urls is not null)
        {
            foreach (var sink in urls)
                AddUrlFinding(context, sink, findings);
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

    private static void AddCredentialFinding(OperationAnalysisContext context, CredentialSink sink, Findings findings)
    {
        var candidate = ConstantSecretResolver.Resolve(sink.Value, context.Compilation, context.CancellationToken);
        if (candidate is null || !SecretHeuristics.LooksLikeSecret(candidate.Value))
            return;

        var provider = KeyFormats.Match(candidate.Value, anywhereOnly: false, out _, out _)?.Provider ?? sink.Provider;
        if (provider == KeyProvider.ModelEndpoint && candidate.DeclaredIn is IFieldSymbol or IPropertySymbol or ILocalSymbol)
            provider = KeyProvider.NamedAfter(candidate.DeclaredIn.Name);
        var literalLength = candidate.Node is LiteralExpressionSyntax literal ? literal.Token.ValueText.Length : 0;
        findings.Add(new Finding(
            Descriptors.MLSEC001_HardcodedCredential, candidate.Node, provider, provider.Name, sink.Description, context.Operation.Syntax.GetLocation(),
            candidate.SchemeLength, literalLength - candidate.SchemeLength, candidate.IsWholeLiteral, IsInOtherType(candidate.DeclaredIn, findings.Type)));
    }

    private static void AddUrlFinding(OperationAnalysisContext context, CredentialSink sink, Findings findings)
    {
        var constant = ConstantSecretResolver.Collect(sink.Value, context.Compilation, allowHoles: true, context.CancellationToken);
        if (constant is null || !EmbeddedSecrets.TryFind(constant.Text, out var embedded))
            return;

        var part = constant.PartContaining(embedded.Start, embedded.Length);
        if (part?.Node is not { } node)
            return;

        var format = KeyFormats.Match(EmbeddedSecretProviders.Decode(constant.Text.Substring(embedded.Start, embedded.Length)), anywhereOnly: false, out _, out _);
        findings.Add(new Finding(
            Descriptors.MLSEC003_CredentialInUrl, node, EmbeddedSecretProviders.For(embedded, format), embedded.Describe(),
            sink.Description, context.Operation.Syntax.GetLocation(), embedded.Start - part.Offset, embedded.Length,
            node is LiteralExpressionSyntax, IsInOtherType(part.DeclaredIn, findings.Type)));
    }

    private static bool IsInOtherType(ISymbol? declaredIn, INamedTypeSymbol type) =>
        declaredIn is not null && !SymbolEqualityComparer.Default.Equals(declaredIn.ContainingType, type);

    private sealed class Finding
    {
        public Finding(
            DiagnosticDescriptor descriptor, SyntaxNode node, KeyProvider provider, string subject, string? sink, Location? sinkLocation,
            int secretStart, int secretLength, bool fixable, bool inOtherType)
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
            InOtherType = inOtherType;
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
        public bool InOtherType { get; }
    }

    /// <summary>The findings of one type; operation and syntax callbacks of its members may run concurrently.</summary>
    private sealed class Findings
    {
        private readonly List<Finding> _items = new();

        public Findings(INamedTypeSymbol type) => Type = type;

        public INamedTypeSymbol Type { get; }

        public void Add(Finding? finding)
        {
            if (finding is null)
                return;

            lock (_items)
                _items.Add(finding);
        }

        public void Report(SymbolAnalysisContext context, ConcurrentDictionary<(SyntaxTree, TextSpan), byte> reportedAcrossTypes)
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
                    // reported once across all the types whose sinks reach it.
                    if (ScanLiteral(finding.Node) is not null)
                        continue;
                    if (!reportedAcrossTypes.TryAdd(pair.Key, 0))
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

            var a = candidate.SinkLocation!;
            var b = current.SinkLocation!;
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath != 0 ? byPath < 0 : a.SourceSpan.Start < b.SourceSpan.Start;
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
