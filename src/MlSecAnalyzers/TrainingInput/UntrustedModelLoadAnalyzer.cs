using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC031: <c>MLContext.Model.Load</c>, <c>new InferenceSession</c>, <c>SessionOptions.RegisterCustomOpLibrary(V2)</c>
/// on a path, stream or bytes from the network, a request, configuration or the environment, with no hash check of
/// the same value first; and <c>PredictionEnginePool</c>'s <c>FromUri</c>, which downloads and loads with no hook for one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntrustedModelLoadAnalyzer : DiagnosticAnalyzer
{
    internal const string LoadedArgumentProperty = "LoadedArgument";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC031_UntrustedModelLoad);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!MlLibraries.ReferencesMlLibrary(start.Compilation))
                return;

            var types = MlTypes.Create(start.Compilation);
            var modelCatalog = types.Get(MlTypeNames.MicrosoftMLModelOperationsCatalog);
            var session = types.Get(MlTypeNames.MicrosoftMLOnnxRuntimeInferenceSession);
            var sessionOptions = types.Get(MlTypeNames.MicrosoftMLOnnxRuntimeSessionOptions);
            var poolBuilder = types.Get(MlTypeNames.MicrosoftExtensionsMLBuilderExtensions);
            if (modelCatalog is null && session is null && poolBuilder is null)
                return;

            var sources = new UntrustedSources(types);
            var options = MlSecOptions.Create(start.Options);
            var verifiers = new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>>();

            start.RegisterOperationAction(c =>
            {
                IOperation? loaded = null;
                string? what = null;
                switch (c.Operation)
                {
                    case IObjectCreationOperation creation when session is not null && creation.Arguments.Length > 0
                        && SymbolEqualityComparer.Default.Equals(creation.Type, session):
                        (loaded, what) = (creation.Arguments[0].Value, "new InferenceSession");
                        break;

                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        switch (method.Name)
                        {
                            case "Load" or "LoadWithDataLoader" when Is(method.ContainingType, modelCatalog) && invocation.Arguments.Length > 0:
                                (loaded, what) = (invocation.Arguments[0].Value, "Model." + method.Name);
                                break;
                            case "RegisterCustomOpLibraryV2" or "RegisterCustomOpLibrary" when Is(method.ContainingType, sessionOptions) && invocation.Arguments.Length > 0:
                                (loaded, what) = (invocation.Arguments[0].Value, method.Name);
                                break;
                            case "FromUri" when Is(method.ContainingType, poolBuilder):
                                // The pool downloads the model itself and reloads it on a timer: there is nowhere to check it.
                                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC031_UntrustedModelLoad, invocation.Syntax.GetLocation(), "FromUri", "a URL, downloaded by the pool"));
                                return;
                        }

                        break;
                }

                if (loaded is null || what is null || sources.Describe(loaded, c.CancellationToken) is not { } source)
                    return;

                var names = verifiers.GetOrAdd(c.Operation.Syntax.SyntaxTree, t => options.GetNameList(
                    t, Descriptors.MLSEC031_UntrustedModelLoad.Id, IntegrityChecks.VerifiersOption, ImmutableHashSet<string>.Empty));
                if (IntegrityChecks.IsVerifiedBefore(c.Operation, loaded, names, c.CancellationToken))
                    return;

                var properties = ImmutableDictionary<string, string?>.Empty.Add(LoadedArgumentProperty, loaded.Type?.SpecialType == SpecialType.System_String ? "path" : loaded.Type is IArrayTypeSymbol ? "bytes" : "stream");
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC031_UntrustedModelLoad, c.Operation.Syntax.GetLocation(), properties, what, source));
            }, OperationKind.ObjectCreation, OperationKind.Invocation);
        });
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
