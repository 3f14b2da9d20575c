using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC030: the <c>IDataView</c> passed to <c>Fit</c> (a pipeline's or a trainer's) carries data from an untrusted source
/// (<see cref="UntrustedSources"/>: a download, an upload, the request, a store an endpoint fills, configured or
/// environment paths), and no validation step (<c>FilterRowsByColumn</c>, <c>FilterRowsByMissingValues</c>,
/// <c>FilterRowsByKeyColumnFraction</c>, or a method named in <c>mlsec.training_data_validators</c>) is on the way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnvalidatedTrainingDataAnalyzer : DiagnosticAnalyzer
{
    public const string ValidatorsOption = "training_data_validators";

    internal static class Properties
    {
        /// <summary>An <c>ml.Data</c> expression valid at the Fit call, for the fix to call FilterRowsByMissingValues on.</summary>
        public const string Catalog = "Catalog";

        /// <summary>Comma-separated float/double columns of the loaded row type (those the pipeline names, when it names any).</summary>
        public const string Columns = "Columns";
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC030_UnvalidatedTrainingData);

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
            if (types.Get(MlTypeNames.MicrosoftMLIEstimator1) is not { } estimator
                || types.Get(MlTypeNames.MicrosoftMLDataOperationsCatalog) is not { } dataCatalog
                || types.Get(MlTypeNames.MicrosoftMLMLContext) is not { } mlContext)
            {
                return;
            }

            var options = MlSecOptions.Create(start.Options);
            bool IsValidation(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (method.Name is "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction"
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType, dataCatalog))
                {
                    return true;
                }

                var names = options.GetNameList(invocation.Syntax.SyntaxTree, Descriptors.MLSEC030_UnvalidatedTrainingData.Id, ValidatorsOption, ImmutableHashSet<string>.Empty);

                return names.Count > 0 && (names.Contains(method.Name) || names.Contains(method.OriginalDefinition.GetDocumentationCommentId() ?? ""));
            }

            var sources = new UntrustedSources(types, new SemanticModels(start.Compilation), IsValidation);

            start.RegisterOperationAction(c =>
            {
                var fit = (IInvocationOperation)c.Operation;
                if (fit.TargetMethod.Name != "Fit" || fit.Arguments.Length == 0 || fit.Arguments[0].Parameter?.Type.Name != "IDataView"
                    || !InferenceCalls.IsOrInherits(fit.TargetMethod.ContainingType, estimator))
                {
                    return;
                }

                if (sources.Find(fit.Arguments[0].Value, c.CancellationToken) is not { } finding)
                    return;

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (CatalogAt(fit, finding.Loader, mlContext, c.CancellationToken) is { } catalog)
                    properties[Properties.Catalog] = catalog;
                if (finding.Loader is { } loader && FloatColumns(loader, PipelineNames(fit, c.CancellationToken), c.CancellationToken) is { Length: > 0 } columns)
                    properties[Properties.Columns] = columns;

                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MLSEC030_UnvalidatedTrainingData, fit.Syntax.GetLocation(), properties.ToImmutable(), finding.Source));
            }, OperationKind.Invocation);
        });
    }

    /// <summary>
    /// An <c>x.Data</c> expression the fix can write at the Fit call: the loader's own catalog when the loader is in the
    /// same method and reads it from a local, parameter, field or <c>this</c>; else an <c>MLContext</c> parameter of the
    /// method around Fit; else null (no fix).
    /// </summary>
    private static string? CatalogAt(IInvocationOperation fit, IInvocationOperation? loader, INamedTypeSymbol mlContext, CancellationToken cancellationToken)
    {
        if (loader is not null && loader.Syntax.SyntaxTree == fit.Syntax.SyntaxTree
            && LocalValues.EnclosingBody(loader.Syntax) == LocalValues.EnclosingBody(fit.Syntax))
        {
            var catalog = loader.Instance ?? (loader.TargetMethod.IsExtensionMethod && loader.Arguments.Length > 0 ? loader.Arguments[0].Value : null);
            while (catalog is IConversionOperation conversion)
                catalog = conversion.Operand;

            if (catalog is IPropertyReferenceOperation { Property.Name: "Data", Instance: ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IInstanceReferenceOperation })
                return catalog.Syntax.ToString();
        }

        if (fit.SemanticModel?.GetEnclosingSymbol(fit.Syntax.SpanStart, cancellationToken) is IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, mlContext))
                    return parameter.Name + ".Data";
            }
        }

        return null;
    }

    /// <summary>The column names the estimator that is fitted names (string constants and <c>nameof</c>s in its construction, through locals).</summary>
    private static HashSet<string> PipelineNames(IInvocationOperation fit, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(IOperation Operation, int Depth)>();
        if (fit.Instance is { } instance)
            pending.Push((instance, 0));
        while (pending.Count > 0)
        {
            var (operation, depth) = pending.Pop();
            foreach (var part in operation.DescendantsAndSelf())
            {
                if (part.ConstantValue is { HasValue: true, Value: string text })
                    names.Add(text);
                else if (part is ILocalReferenceOperation local && depth < 4 && LocalValues.SingleValue(local, cancellationToken) is { } value)
                    pending.Push((value, depth + 1));
            }
        }

        return names;
    }

    /// <summary>
    /// The loaded row type's float and double columns (scalars or arrays): the ones FilterRowsByMissingValues accepts,
    /// among the columns the loader makes of the row type (<see cref="RowTypeColumns"/>, the rules MLSEC020 uses);
    /// narrowed to those the fitted pipeline names when it names any.
    /// </summary>
    private static string? FloatColumns(IInvocationOperation loader, HashSet<string> pipelineNames, CancellationToken cancellationToken)
    {
        // loader.Load(path), ML.NET's DataLoaderExtensions: the row type is the one the TextLoader was made from.
        if (loader.TargetMethod.Name == "Load" && loader.TargetMethod.IsExtensionMethod && loader.Arguments.Length > 0)
        {
            var receiver = loader.Arguments[0].Value;
            while (receiver is IConversionOperation conversion)
                receiver = conversion.Operand;
            if (receiver is ILocalReferenceOperation local)
                receiver = LocalValues.SingleValue(local, cancellationToken);
            if (receiver is not IInvocationOperation { TargetMethod.Name: "CreateTextLoader" } create)
                return null;
            loader = create;
        }

        if (loader.TargetMethod.TypeArguments.Length != 1 || loader.TargetMethod.TypeArguments[0] is not INamedTypeSymbol rowType)
            return null;

        RowLoaderKind kind;
        switch (loader.TargetMethod.Name)
        {
            case "LoadFromTextFile" or "CreateTextLoader":
                kind = RowLoaderKind.Text;
                break;
            case "LoadFromEnumerable":
                kind = RowLoaderKind.Enumerable;
                break;
            default:
                return null;
        }

        var columns = new List<string>();
        foreach (var column in RowTypeColumns.Read(rowType, kind))
        {
            var element = column.Type is IArrayTypeSymbol array ? array.ElementType : column.Type;
            if (element.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
                columns.Add(column.Name);
        }

        // The columns the pipeline names (its features and label), when it names any of them; else every candidate.
        var named = columns.FindAll(pipelineNames.Contains);
        var chosen = named.Count > 0 ? named : columns;
        return chosen.Count == 0 ? null : string.Join(",", chosen);
    }
}
