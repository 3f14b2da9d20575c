using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Secrets;

/// <summary>
/// MLSEC002: in an app that runs on users' devices, any model client or credential built with a key is reported,
/// wherever the key comes from: configuration, resources and environment all ship with the app.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientAppCredentialAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC002_CredentialInClientApp);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = CredentialSinks.Create(start.Compilation, MlTypes.For(start.Compilation));
            if (sinks is null)
                return;

            var provider = start.Options.AnalyzerConfigOptionsProvider;
            var buildKind = ClientApp.DetectFromBuild(provider.GlobalOptions);
            if (buildKind is null && !AnyFileOptsIn(start.Compilation, provider))
                return; // a server or library: nothing to do, nothing registered

            var options = MlSecOptions.Create(start.Options);
            var perFile = new ConcurrentDictionary<SyntaxTree, (string? Kind, ImmutableHashSet<string> Names)>();
            start.RegisterOperationAction(
                c =>
                {
                    var (kind, names) = perFile.GetOrAdd(c.Operation.Syntax.SyntaxTree, t => (
                        ClientApp.ExplicitSetting(provider.GetOptions(t)) switch
                        {
                            true => buildKind ?? "client",
                            false => null,
                            null => buildKind,
                        },
                        options.GetNameList(t, Descriptors.MLSEC002_CredentialInClientApp.Id, CredentialSinks.CredentialParameterNamesOption, CredentialSinks.DefaultCredentialParameterNames)));
                    if (kind is not null)
                        Analyze(c, sinks, names, kind);
                },
                OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
        });
    }

    private static bool AnyFileOptsIn(Compilation compilation, AnalyzerConfigOptionsProvider provider)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (ClientApp.ExplicitSetting(provider.GetOptions(tree)) == true)
                return true;
        }

        return false;
    }

    private static void Analyze(OperationAnalysisContext context, CredentialSinks sinks, ImmutableHashSet<string> parameterNames, string kind)
    {
        List<CredentialSink>? found = null;
        var names = new CredentialParameterNames(parameterNames);
        switch (context.Operation)
        {
            case IObjectCreationOperation creation:
                sinks.FindInCreation(creation, names, ref found);
                break;
            case IInvocationOperation invocation:
                sinks.FindInInvocation(invocation, names, ref found);
                break;
            case ISimpleAssignmentOperation assignment:
                sinks.FindInAssignment(assignment, names, ref found);
                break;
        }

        if (found is null)
            return;

        foreach (var sink in found)
        {
            if (sink.IsAuthorizationHeader || IsNoKey(sink.Value))
                continue;

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MLSEC002_CredentialInClientApp, AsWritten(sink.Value.Syntax).GetLocation(), Capitalize(sink.Description), kind));
        }
    }

    /// <summary>
    /// <c>null</c>, <c>default</c>, <c>string.Empty</c>, or a constant that is no key: blank, a placeholder (MLSEC001's
    /// rules), or a word without a digit, such as the dummy a local model server is given because the client library
    /// requires a key (<c>"ollama"</c>, <c>"lm-studio"</c>, <c>"not-needed"</c>, <c>"sk-no-key-required"</c>). Issued keys
    /// hold digits; a constant that may be one (<c>"token-abc123"</c>, a 32-hex key) is still reported.
    /// </summary>
    private static bool IsNoKey(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;

        return value switch
        {
            IInvalidOperation => true,
            IDefaultValueOperation => true,
            // A static readonly field, so it has no constant value.
            IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } } => true,
            { ConstantValue: { HasValue: true, Value: null } } => true,
            { ConstantValue: { HasValue: true, Value: string text } } => IsNoKeyConstant(text),
            _ => false,
        };
    }

    private static bool IsNoKeyConstant(string text)
    {
        // A provider's key format is a key with or without digits (a random 48-character body has none about once in
        // five thousand keys).
        if (KeyFormats.Match(text, anywhereOnly: true, out _, out _) is not null)
            return SecretHeuristics.IsPlaceholder(text, matchesKeyFormat: true);

        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
                return SecretHeuristics.IsPlaceholder(text);
        }

        return true;
    }

    /// <summary>The expression as the user wrote it, with a trailing <c>!</c> the operation tree leaves out.</summary>
    private static SyntaxNode AsWritten(SyntaxNode syntax)
    {
        while (syntax.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppression)
            syntax = suppression;
        return syntax;
    }

    private static string Capitalize(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text.Substring(1) : text;
}
