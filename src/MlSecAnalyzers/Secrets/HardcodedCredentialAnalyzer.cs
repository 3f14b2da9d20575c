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
/// Findings are gathered per type and reported when the type is done, so each secret literal gets one diagnostic,
/// chosen deterministically, however many sinks it reaches.
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
        public const string SchemeLength = "SchemeLength";
        public const string Fixable = "Fixable";
    }

    private const string AStringLiteral = "a string literal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC001_HardcodedCredential);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: a key in generated code (a scaffolded client, a settings designer file) leaks all the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = CredentialSinks.Create(start.Compilation, MlTypes.Create(start.Compilation));
            var parameterNames = new ParameterNames(MlSecOptions.Create(start.Options));
            var reportedAcrossTypes = new ConcurrentDictionary<(SyntaxTree, TextSpan), byte>();

            start.RegisterSymbolStartAction(symbolStart =>
            {
                var findings = new Findings((INamedTypeSymbol)symbolStart.Symbol);
                symbolStart.RegisterSyntaxNodeAction(
                    c => ScanLiteral(c, findings), SyntaxKind.StringLiteralExpression, SyntaxKind.InterpolatedStringText);

                if (sinks is not null)
                {
                    symbolStart.RegisterOperationAction(
                        c => AnalyzeSinks(c, sinks, parameterNames, findings),
                        OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
                }

                symbolStart.RegisterSymbolEndAction(c => findings.Report(c, reportedAcrossTypes));
            }, SymbolKind.NamedType);
        });
    }

    private static void ScanLiteral(SyntaxNodeAnalysisContext context, Findings findings)
    {
        var token = context.Node switch
        {
            LiteralExpressionSyntax literal => literal.Token,
            InterpolatedStringTextSyntax text => text.TextToken,
            _ => default,
        };

        var value = token.ValueText;
        if (value.Length < KeyFormats.MinimumLength)
            return;

        var format = KeyFormats.Match(value, anywhereOnly: true, out var start, out var length);
        if (format is null || SecretHeuristics.IsPlaceholder(value.Substring(start, length)))
            return;

        var schemeLength = SecretHeuristics.AuthSchemeLength(value);
        var whole = context.Node is LiteralExpressionSyntax && start == schemeLength && start + length == value.Length;
        findings.Add(new Finding(context.Node, format.Provider, sink: null, sinkLocation: null, schemeLength, whole, inOtherType: false));
    }

    private static void AnalyzeSinks(OperationAnalysisContext context, CredentialSinks sinks, ParameterNames parameterNames, Findings findings)
    {
        List<CredentialSink>? found = null;
        switch (context.Operation)
        {
            case IObjectCreationOperation creation:
                sinks.FindInCreation(creation, parameterNames.For(creation.Syntax.SyntaxTree), ref found);
                break;
            case IInvocationOperation invocation:
                sinks.FindInInvocation(invocation, parameterNames.For(invocation.Syntax.SyntaxTree), ref found);
                break;
            case ISimpleAssignmentOperation assignment:
                sinks.FindInAssignment(assignment, parameterNames.For(assignment.Syntax.SyntaxTree), ref found);
                break;
        }

        if (found is null)
            return;

        foreach (var sink in found)
        {
            var candidate = ConstantSecretResolver.Resolve(sink.Value, context.Compilation, context.CancellationToken);
            if (candidate is null || !SecretHeuristics.LooksLikeSecret(candidate.Value))
                continue;

            var provider = KeyFormats.Match(candidate.Value, anywhereOnly: false, out _, out _)?.Provider ?? sink.Provider;
            var inOtherType = candidate.DeclaredIn is { } declared
                              && !SymbolEqualityComparer.Default.Equals(declared.ContainingType, findings.Type);
            findings.Add(new Finding(
                candidate.Node, provider, sink.Description, context.Operation.Syntax.GetLocation(),
                candidate.SchemeLength, candidate.IsWholeLiteral, inOtherType));
        }
    }

    /// <summary>The credential parameter names in force for each file, read from the options once per file.</summary>
    private sealed class ParameterNames
    {
        private readonly MlSecOptions _options;
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>> _byTree = new();

        public ParameterNames(MlSecOptions options) => _options = options;

        public ImmutableHashSet<string> For(SyntaxTree tree) =>
            _byTree.GetOrAdd(tree, t => _options.GetNameList(
                t, Descriptors.MLSEC001_HardcodedCredential.Id, CredentialSinks.CredentialParameterNamesOption, CredentialSinks.DefaultCredentialParameterNames));
    }

    private sealed class Finding
    {
        public Finding(SyntaxNode node, KeyProvider provider, string? sink, Location? sinkLocation, int schemeLength, bool fixable, bool inOtherType)
        {
            Node = node;
            Provider = provider;
            Sink = sink;
            SinkLocation = sinkLocation;
            SchemeLength = schemeLength;
            Fixable = fixable;
            InOtherType = inOtherType;
        }

        public SyntaxNode Node { get; }
        public KeyProvider Provider { get; }
        public string? Sink { get; }
        public Location? SinkLocation { get; }
        public int SchemeLength { get; }
        public bool Fixable { get; }
        public bool InOtherType { get; }
    }

    /// <summary>The findings of one type; operation and syntax callbacks of its members may run concurrently.</summary>
    private sealed class Findings
    {
        private readonly List<Finding> _items = new();

        public Findings(INamedTypeSymbol type) => Type = type;

        public INamedTypeSymbol Type { get; }

        public void Add(Finding finding)
        {
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

            // One diagnostic per secret literal: a sink finding beats a format-only one, then the earliest sink wins.
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
                    // The declaring type's own format scan reports keys of a known format; anything else is reported
                    // once across all the types whose sinks reach it.
                    if (KeyFormats.Match(finding.Node is LiteralExpressionSyntax l ? l.Token.ValueText : finding.Node.ToString(), anywhereOnly: true, out _, out _) is not null)
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

        private static Diagnostic Create(Finding finding)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[Properties.Provider] = finding.Provider.Name;
            properties[Properties.EnvironmentVariable] = finding.Provider.EnvironmentVariable;
            properties[Properties.ConfigurationKey] = finding.Provider.ConfigurationKey;
            properties[Properties.SchemeLength] = finding.SchemeLength.ToString(CultureInfo.InvariantCulture);
            properties[Properties.Fixable] = finding.Fixable ? "true" : "false";

            return Diagnostic.Create(
                Descriptors.MLSEC001_HardcodedCredential,
                finding.Node.GetLocation(),
                finding.SinkLocation is null ? null : new[] { finding.SinkLocation },
                properties.ToImmutable(),
                finding.Provider.Name,
                finding.Sink ?? AStringLiteral);
        }
    }
}
