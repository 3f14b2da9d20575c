using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC031: <c>MLContext.Model.Load</c>, <c>new InferenceSession</c>, ML.NET's <c>ApplyOnnxModel</c> and
/// <c>SessionOptions.RegisterCustomOpLibrary(V2)</c> on a path, stream or bytes from the network, a request, configuration
/// or the environment (<see cref="UntrustedSources"/>), with no hash or signature check of the same value first
/// (<see cref="IntegrityChecks"/>); <c>PredictionEnginePool</c>'s <c>FromFile</c> likewise, where only checks of what
/// the code writes to the file count when the pool watches it (it reloads the file on each change); and its
/// <c>FromUri</c> on any remote URI, which downloads and loads with no hook for one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntrustedModelLoadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>What the load takes: "path", "bytes" or "stream" (the fix verifies paths and bytes); absent for FromUri.</summary>
    internal const string LoadedArgumentProperty = "LoadedArgument";

    /// <summary>The ordinal of the argument the load takes the model from, for the fix.</summary>
    internal const string ArgumentOrdinalProperty = "ArgumentOrdinal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC031_UntrustedModelLoad);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Reported only at the operation analyzed, which the driver never hands over from generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Skip);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!MlLibraries.ReferencesMlLibrary(start.Compilation))
                return;

            var types = MlTypes.For(start.Compilation);
            var modelCatalog = types.Get(MlTypeNames.MicrosoftMLModelOperationsCatalog);
            var session = types.Get(MlTypeNames.MicrosoftMLOnnxRuntimeInferenceSession);
            var sessionOptions = types.Get(MlTypeNames.MicrosoftMLOnnxRuntimeSessionOptions);
            var onnxCatalog = types.Get(MlTypeNames.MicrosoftMLOnnxCatalog);
            var poolBuilder = types.Get(MlTypeNames.MicrosoftExtensionsMLBuilderExtensions);
            if (modelCatalog is null && session is null && onnxCatalog is null && poolBuilder is null)
                return;

            var models = new SemanticModels(start.Compilation);
            var checks = new IntegrityChecks(models, new PathKeys(types, models));
            var options = MlSecOptions.Create(start.Options);
            ImmutableHashSet<string> VerifiersFor(SyntaxTree tree) =>
                options.GetNameList(tree, Descriptors.MLSEC031_UntrustedModelLoad.Id, IntegrityChecks.VerifiersOption, ImmutableHashSet<string>.Empty);

            var sources = new UntrustedSources(types, models, isCheckedAt: (site, value, cancellationToken) =>
                checks.IsVerifiedBefore(site, value, VerifiersFor(site.Syntax.SyntaxTree), cancellationToken));

            start.RegisterOperationAction(c =>
            {
                IArgumentOperation? loaded = null;
                string? what = null;
                var watched = false;
                switch (c.Operation)
                {
                    // The name first: every creation of the compilation gets here.
                    case IObjectCreationOperation creation when session is not null && creation.Type?.Name == "InferenceSession" && SymbolEqualityComparer.Default.Equals(creation.Type, session):
                        (loaded, what) = (Arguments.ForParameter(creation.Arguments, 0), "new InferenceSession");
                        break;

                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        switch (method.Name)
                        {
                            case "Load" or "LoadWithDataLoader" when Is(method.ContainingType, modelCatalog):
                                (loaded, what) = (Arguments.ForParameter(invocation.Arguments, 0), "Model." + method.Name);
                                break;
                            case "RegisterCustomOpLibraryV2" or "RegisterCustomOpLibrary" when Is(method.ContainingType, sessionOptions):
                                (loaded, what) = (Arguments.ForParameter(invocation.Arguments, 0), method.Name);
                                break;
                            case "ApplyOnnxModel" when Is(method.ContainingType, onnxCatalog):
                                (loaded, what) = (OnnxModelArgument(invocation), method.Name);
                                break;
                            // The pool loads the file when it is first asked for, and again on each change when it watches it.
                            case "FromFile" when Is(method.ContainingType, poolBuilder):
                                (loaded, what, watched) = (Arguments.Named(invocation.Arguments, "filePath"), method.Name, WatchesForChanges(invocation));
                                break;
                            case "FromUri" when Is(method.ContainingType, poolBuilder):
                                ReportFromUri(c, invocation, sources);
                                return;
                        }

                        break;
                }

                if (loaded is null || what is null)
                    return;

                var value = loaded.Value;
                var isPath = value.Type?.SpecialType == SpecialType.System_String;
                // A watched file is loaded again whenever it changes: a check of the file before FromFile saw one
                // version of it, so only checks of content before the code writes it to the file count.
                var source = isPath ? sources.FindPath(value, c.CancellationToken, countChecksOfPath: !watched) : sources.Find(value, c.CancellationToken);
                if (source is null)
                    return;

                if (watched)
                {
                    // No fix: a check before FromFile would not cover the reloads.
                    c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC031_UntrustedModelLoad, c.Operation.Syntax.GetLocation(), what,
                        source.Source + ", reloaded whenever the file changes"));
                    return;
                }

                if (checks.IsVerifiedBefore(c.Operation, value, VerifiersFor(c.Operation.Syntax.SyntaxTree), c.CancellationToken))
                    return;

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(LoadedArgumentProperty, isPath ? "path" : value.Type is IArrayTypeSymbol ? "bytes" : "stream")
                    .Add(ArgumentOrdinalProperty, SyntaxIndex(loaded).ToString(System.Globalization.CultureInfo.InvariantCulture));
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC031_UntrustedModelLoad, c.Operation.Syntax.GetLocation(), properties, what, source.Source));
            }, OperationKind.ObjectCreation, OperationKind.Invocation);
        });
    }

    /// <summary>
    /// The pool downloads the model itself and reloads it on a timer: nowhere to check it. Reported for any URI but a
    /// local <c>file:</c> one; the message names where the URI comes from when that is itself untrusted.
    /// </summary>
    private static void ReportFromUri(OperationAnalysisContext context, IInvocationOperation invocation, UntrustedSources sources)
    {
        var uri = Arguments.Named(invocation.Arguments, "uri")?.Value;
        if (uri is null || IsLocalFileUri(uri))
            return;

        var source = sources.Find(uri, context.CancellationToken)?.Source ?? "a URL, downloaded by the pool";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC031_UntrustedModelLoad, invocation.Syntax.GetLocation(), "FromUri", source));
    }

    /// <summary>
    /// Whether FromFile watches the file: the overloads without <c>watchForChanges</c> do (Microsoft.Extensions.ML passes
    /// true), and so does any argument but a constant <c>false</c>.
    /// </summary>
    private static bool WatchesForChanges(IInvocationOperation invocation) =>
        Arguments.Named(invocation.Arguments, "watchForChanges") is not { Value.ConstantValue: { HasValue: true, Value: false } };

    private static bool IsLocalFileUri(IOperation uri)
    {
        while (uri is IConversionOperation conversion)
            uri = conversion.Operand;
        if (uri is IObjectCreationOperation { Type.Name: "Uri" } creation && Arguments.ForParameter(creation.Arguments, 0) is { } uriString)
            uri = uriString.Value;
        return uri.ConstantValue is { HasValue: true, Value: string text }
               && text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>ApplyOnnxModel's <c>modelFile</c> or <c>modelBytes</c> argument; the <c>OnnxOptions</c> overload is not followed.</summary>
    private static IArgumentOperation? OnnxModelArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "modelFile" or "modelBytes")
                return argument;
        }

        return null;
    }

    /// <summary>The position of <paramref name="argument"/> in the source argument list; -1 when it has none of its own.</summary>
    private static int SyntaxIndex(IArgumentOperation argument)
    {
        // The argument operation's syntax is the ArgumentSyntax, or (for `x!` and some conversions) the expression in it.
        for (var node = argument.Syntax; node is not null; node = node.Parent)
        {
            if (node is ArgumentSyntax { Parent: ArgumentListSyntax list } syntax)
                return list.Arguments.IndexOf(syntax);
            if (node is not ExpressionSyntax)
                return -1;
        }

        return -1;
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
