using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC030: the <c>IDataView</c> passed to <c>Fit</c> was loaded from an untrusted source (a download, an upload, the
/// request, configuration or environment paths) and no validation step (<c>FilterRowsByColumn</c>,
/// <c>FilterRowsByMissingValues</c>, <c>FilterRowsByKeyColumnFraction</c>, or a configured validator) is on the way.
/// The data view is followed within the method through locals, <c>TrainTestSplit</c>, row operations and transforms.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnvalidatedTrainingDataAnalyzer : DiagnosticAnalyzer
{
    public const string ValidatorsOption = "training_data_validators";

    internal static class Properties
    {
        /// <summary>The loader's catalog expression (<c>mlContext.Data</c>) when it is a simple name the fix can repeat.</summary>
        public const string Catalog = "Catalog";

        /// <summary>Comma-separated float/double columns of the loaded row type, for FilterRowsByMissingValues.</summary>
        public const string Columns = "Columns";
    }

    private const int MaxDepth = 12;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC030_UnvalidatedTrainingData);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = MlTypes.Create(start.Compilation);
            if (types.Get(MlTypeNames.MicrosoftMLIEstimator1) is not { } estimator || types.Get(MlTypeNames.MicrosoftMLDataOperationsCatalog) is not { } dataCatalog)
                return;

            var sources = new UntrustedSources(types);
            var options = MlSecOptions.Create(start.Options);
            var validators = new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>>();

            start.RegisterOperationAction(c =>
            {
                var fit = (IInvocationOperation)c.Operation;
                if (fit.TargetMethod.Name != "Fit" || fit.Arguments.Length != 1 || !IsEstimator(fit.TargetMethod.ContainingType, estimator))
                    return;

                var names = validators.GetOrAdd(fit.Syntax.SyntaxTree, t => options.GetNameList(
                    t, Descriptors.MLSEC030_UnvalidatedTrainingData.Id, ValidatorsOption, ImmutableHashSet<string>.Empty));
                var trace = new Trace(sources, dataCatalog, names, c.CancellationToken);
                var loader = trace.FindUnvalidatedLoader(fit.Arguments[0].Value, 0, out var source);
                if (loader is null || source is null)
                    return;

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (CatalogText(loader) is { } catalog)
                    properties[Properties.Catalog] = catalog;
                if (FloatColumns(loader) is { Length: > 0 } columns)
                    properties[Properties.Columns] = columns;

                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC030_UnvalidatedTrainingData, fit.Syntax.GetLocation(), properties.ToImmutable(), source));
            }, OperationKind.Invocation);
        });
    }

    private static bool IsEstimator(INamedTypeSymbol? type, INamedTypeSymbol estimator)
    {
        if (type is null)
            return false;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, estimator))
            return true;
        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, estimator))
                return true;
        }

        return false;
    }

    private sealed class Trace
    {
        private readonly UntrustedSources _sources;
        private readonly INamedTypeSymbol _dataCatalog;
        private readonly ImmutableHashSet<string> _validators;
        private readonly CancellationToken _cancellationToken;

        public Trace(UntrustedSources sources, INamedTypeSymbol dataCatalog, ImmutableHashSet<string> validators, CancellationToken cancellationToken)
        {
            _sources = sources;
            _dataCatalog = dataCatalog;
            _validators = validators;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The loader call the data comes from when it is untrusted and unvalidated; null otherwise.</summary>
        public IInvocationOperation? FindUnvalidatedLoader(IOperation? data, int depth, out string? source)
        {
            source = null;
            if (data is null || depth > MaxDepth)
                return null;

            switch (data)
            {
                case IConversionOperation conversion:
                    return FindUnvalidatedLoader(conversion.Operand, depth + 1, out source);
                case ILocalReferenceOperation local:
                    return FindUnvalidatedLoader(LocalValues.SingleValue(local, _cancellationToken), depth + 1, out source);
                case IPropertyReferenceOperation { Property.Name: "TrainSet" or "TestSet", Instance: { } split }:
                    return FindUnvalidatedLoader(split, depth + 1, out source);
                case IFieldReferenceOperation { Field.Name: "TrainSet" or "TestSet", Instance: { } split }:
                    return FindUnvalidatedLoader(split, depth + 1, out source);
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    var name = method.Name;
                    if (_validators.Contains(name) || _validators.Contains(method.GetDocumentationCommentId() ?? ""))
                        return null;

                    var onDataCatalog = SymbolEqualityComparer.Default.Equals(method.ContainingType, _dataCatalog);
                    switch (name)
                    {
                        case "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction" when onDataCatalog:
                            return null; // validated

                        case "TrainTestSplit" or "ShuffleRows" or "TakeRows" or "SkipRows" or "Cache" or "BootstrapSample" when onDataCatalog:
                            return FindUnvalidatedLoader(FirstDataView(invocation), depth + 1, out source);

                        case "Transform" when invocation.Arguments.Length == 1:
                            return FindUnvalidatedLoader(invocation.Arguments[0].Value, depth + 1, out source);

                        case "LoadFromEnumerable" when onDataCatalog:
                            source = _sources.Describe(invocation.Arguments[0].Value, _cancellationToken);
                            return invocation;

                        case "LoadFromTextFile" or "LoadFromBinary" when method.ContainingNamespace?.ToDisplayString() == "Microsoft.ML":
                            source = _sources.Describe(PathArgument(invocation), _cancellationToken);
                            return invocation;
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static IOperation? FirstDataView(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.Name == "IDataView")
                    return argument.Value;
            }

            return null;
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
    }

    /// <summary><c>mlContext.Data</c>: the catalog the fix calls FilterRowsByMissingValues on, when repeating it has no side effects.</summary>
    private static string? CatalogText(IInvocationOperation loader)
    {
        var catalog = loader.Instance ?? (loader.TargetMethod.IsExtensionMethod && loader.Arguments.Length > 0 ? loader.Arguments[0].Value : null);
        while (catalog is IConversionOperation conversion)
            catalog = conversion.Operand;

        return catalog is IPropertyReferenceOperation { Property.Name: "Data", Instance: ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IInstanceReferenceOperation }
            ? catalog.Syntax.ToString()
            : null;
    }

    /// <summary>The loaded row type's float and double columns (scalars or arrays): the ones FilterRowsByMissingValues accepts.</summary>
    private static string? FloatColumns(IInvocationOperation loader)
    {
        if (loader.TargetMethod.TypeArguments.Length != 1 || loader.TargetMethod.TypeArguments[0] is not INamedTypeSymbol rowType)
            return null;

        var requireLoadColumn = loader.TargetMethod.Name == "LoadFromTextFile";
        var columns = new List<string>();
        foreach (var member in rowType.GetMembers())
        {
            if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                continue;

            var type = member switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            var element = type is IArrayTypeSymbol array ? array.ElementType : type;
            if (element?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
                continue;

            string? name = member.Name;
            var loaded = !requireLoadColumn;
            foreach (var attribute in member.GetAttributes())
            {
                switch (attribute.AttributeClass?.Name)
                {
                    case "NoColumnAttribute":
                        name = null;
                        break;
                    case "LoadColumnAttribute":
                        loaded = true;
                        break;
                    case "ColumnNameAttribute" when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string renamed:
                        if (name is not null)
                            name = renamed;
                        break;
                }
            }

            if (name is not null && loaded)
                columns.Add(name);
        }

        return columns.Count == 0 ? null : string.Join(",", columns);
    }
}
