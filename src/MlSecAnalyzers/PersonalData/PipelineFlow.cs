using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.PersonalData;

/// <summary>A personal column an <c>IDataView</c> carries, and the loader call that brought it in.</summary>
internal readonly struct PersonalColumn
{
    public PersonalColumn(string name, IInvocationOperation loader, IInvocationOperation? via = null, bool fromTypeArgument = false)
    {
        Name = name;
        Loader = loader;
        Via = via;
        FromTypeArgument = fromTypeArgument;
    }

    public string Name { get; }

    public IInvocationOperation Loader { get; }

    /// <summary>
    /// When the loader was reached through a helper method (<c>LoadCustomers(ml, path)</c>, <c>Load&lt;Customer&gt;(…)</c>,
    /// <c>new Repository&lt;Customer&gt;(…).All(…)</c>): the outermost helper call, the one written in the code the
    /// analysis started from (the block of the use). Null when the loader is reached directly.
    /// </summary>
    public IInvocationOperation? Via { get; }

    /// <summary>
    /// The loader's row type is a type parameter of a generic helper (<c>LoadFromTextFile&lt;T&gt;</c> in
    /// <c>Load&lt;T&gt;</c>), known from a caller's type argument: the loader serves other row types too.
    /// </summary>
    public bool FromTypeArgument { get; }
}

/// <summary>What one ML.NET estimator does to the personal columns flowing through it.</summary>
internal sealed class PipelineStep
{
    public enum StepKind { Other, Drop, Select, Hash, Copy, Feature, Trainer }

    public PipelineStep(StepKind kind, IInvocationOperation call, ImmutableArray<(string Output, string Input)> columns, IInvocationOperation? via = null)
    {
        Kind = kind;
        Call = call;
        Columns = columns;
        Via = via;
    }

    public StepKind Kind { get; }

    public IInvocationOperation Call { get; }

    /// <summary>Drop/Select: (name, name). Hash/Copy/Feature: (output, input). Trainer: ("", featureColumnName).</summary>
    public ImmutableArray<(string Output, string Input)> Columns { get; }

    /// <summary>
    /// When the step was read through a helper method that builds the pipeline (<c>Features(ml).Fit(data)</c>): the
    /// outermost helper call, the one written in the code the analysis started from. Null when read directly.
    /// </summary>
    public IInvocationOperation? Via { get; }

    /// <summary>This step, read through the helper call <paramref name="via"/>.</summary>
    public PipelineStep Through(IInvocationOperation via) => new(Kind, Call, Columns, via);
}

/// <summary>
/// Follows ML.NET data views and estimator chains backwards from a use (<c>Fit</c>, <c>SaveAsText</c>) to the loaders
/// and transforms that built them: through locals (the last assignment before the use), <c>Append</c> chains,
/// <c>Fit(…).Transform(…)</c>, row filters and splits, and helper methods of the same compilation up to
/// <see cref="MaxHelperDepth"/> calls deep. Anything else (a parameter, a field, a model loaded from disk) makes the
/// answer unknown (<c>null</c>), and unknown means silent: a false alarm in a <c>-warnaserror</c> build costs more than
/// a missed one.
/// </summary>
internal sealed class PipelineFlow
{
    public const int MaxHelperDepth = 3;

    private const string Ml = "ML";

    private readonly Compilation _compilation;
    private readonly PersonalDataRecognizer _recognizer;

    // Inside a generic helper: its type parameters (and its generic containing types') mapped to the caller's type
    // arguments, so that LoadFromTextFile<T> in Load<T> reads the row type of Load<Customer>(…). Null at the use.
    private ImmutableDictionary<ITypeParameterSymbol, ITypeSymbol>? _typeArguments;

    // The outermost helper call entered (LoadCustomers(ml, path) in the block of the use): where a finding whose loader
    // is in a helper is reported (PersonalColumn.Via). Null at the use.
    private IInvocationOperation? _helperCall;

    public PipelineFlow(Compilation compilation, PersonalDataRecognizer recognizer)
    {
        _compilation = compilation;
        _recognizer = recognizer;
    }

    /// <summary>The personal columns <paramref name="dataView"/> carries, or null when its origin is unknown.</summary>
    public ImmutableArray<PersonalColumn>? DataColumns(IOperation? dataView, int depth = 0)
    {
        dataView = Unwrap(dataView);
        switch (dataView)
        {
            case ILocalReferenceOperation local:
                return DataColumns(LastAssignedValue(local), depth);

            // TrainTestSplit(data).TrainSet / .TestSet (fields of the TrainTestData struct) carry data's columns.
            case IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } instance }
                when IsMlType(instance.Type, "TrainTestData"):
                var split = Unwrap(instance);
                if (split is ILocalReferenceOperation splitLocal)
                    split = Unwrap(LastAssignedValue(splitLocal));
                return split is IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } splitCall
                    ? DataColumns(ArgumentValue(splitCall, 0), depth)
                    : null;

            case IInvocationOperation invocation:
                return InvocationColumns(invocation, depth);

            default:
                return null;
        }
    }

    private ImmutableArray<PersonalColumn>? InvocationColumns(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "LoadFromTextFile" or "LoadFromEnumerable" when IsDataCatalogMethod(method):
                if (method.IsGenericMethod && method.TypeArguments.Length == 1)
                    return RowTypePersonalColumns(method.TypeArguments[0], invocation, method.Name == "LoadFromEnumerable" ? RowLoaderKind.Enumerable : RowLoaderKind.Text);
                if (method.Name == "LoadFromTextFile")
                    return TextLoaderColumns(ArgumentByName(invocation, "columns"), invocation);
                return null;

            case "Load" when method.ContainingType is { Name: "DatabaseLoader" or "TextLoader" } loaderType && IsInMl(loaderType):
                return LoaderColumns(invocation.Instance, invocation);

            // loader.Load("data.csv"): an ML.NET extension on IDataLoader<IMultiStreamSource>, whose receiver is the
            // loader (LoaderColumns reads it only when it was made by CreateTextLoader/CreateDatabaseLoader).
            case "Load" when method.IsExtensionMethod && IsInMl(method.ContainingType):
                return LoaderColumns(ReceiverArgument(invocation), invocation);

            case "Transform" when invocation.Instance is { } transformer && IsTransformer(transformer.Type):
                var input = DataColumns(ArgumentValue(invocation, 0), depth);
                if (input is null)
                    return null;
                if (input.Value.IsEmpty)
                    return input;
                var steps = TransformerSteps(transformer, depth);
                return steps is null ? null : Apply(input.Value, steps, findings: null);

            case "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction" or "ShuffleRows"
                or "TakeRows" or "SkipRows" or "Cache" or "BootstrapSample" when IsDataCatalogMethod(method):
                return DataColumns(ArgumentValue(invocation, 0), depth);
        }

        return HelperColumns(invocation, depth);
    }

    private ImmutableArray<PersonalColumn>? LoaderColumns(IOperation? loader, IInvocationOperation load)
    {
        loader = Unwrap(loader);
        if (loader is ILocalReferenceOperation local)
            loader = Unwrap(LastAssignedValue(local));

        if (loader is not IInvocationOperation create || !IsDataCatalogMethod(create.TargetMethod))
            return null;

        if (create.TargetMethod.Name is "CreateDatabaseLoader" or "CreateTextLoader"
            && create.TargetMethod.IsGenericMethod && create.TargetMethod.TypeArguments.Length == 1)
        {
            return RowTypePersonalColumns(create.TargetMethod.TypeArguments[0], load, create.TargetMethod.Name == "CreateDatabaseLoader" ? RowLoaderKind.Database : RowLoaderKind.Text);
        }

        if (create.TargetMethod.Name == "CreateTextLoader")
            return TextLoaderColumns(ArgumentByName(create, "columns"), load);

        return null;
    }

    /// <summary>
    /// The personal columns a load of <paramref name="rowType"/> by a loader of <paramref name="kind"/> brings in: the
    /// columns ML.NET makes of the row type's members for that loader (<see cref="RowTypeColumns"/>).
    /// </summary>
    private ImmutableArray<PersonalColumn> RowTypePersonalColumns(ITypeSymbol rowType, IInvocationOperation loader, RowLoaderKind kind)
    {
        var builder = ImmutableArray.CreateBuilder<PersonalColumn>();
        var substituted = Substitute(rowType, _typeArguments);
        var fromTypeArgument = !SymbolEqualityComparer.Default.Equals(substituted, rowType);
        foreach (var column in RowTypeColumns.Read(substituted, kind))
        {
            if (_recognizer.IsPersonalMember(column.Member, column.Name))
                builder.Add(new PersonalColumn(column.Name, loader, _helperCall, fromTypeArgument));
        }

        return builder.ToImmutable();
    }

    private ImmutableArray<PersonalColumn>? TextLoaderColumns(IOperation? columns, IInvocationOperation loader)
    {
        columns = Unwrap(columns);
        if (columns is ILocalReferenceOperation local)
            columns = Unwrap(LastAssignedValue(local));

        if (columns is not IArrayCreationOperation { Initializer: { } initializer })
            return null;

        var builder = ImmutableArray.CreateBuilder<PersonalColumn>();
        foreach (var element in initializer.ElementValues)
        {
            if (Unwrap(element) is not IObjectCreationOperation { Type.Name: "Column" } creation
                || Arguments.ForParameter(creation.Arguments, 0)?.Value.ConstantValue is not { HasValue: true, Value: string name })
            {
                return null;
            }

            if (_recognizer.IsPersonalName(name))
                builder.Add(new PersonalColumn(name, loader, _helperCall));
        }

        return builder.ToImmutable();
    }

    /// <summary>The steps of the estimator chain <paramref name="estimator"/>, in order, or null when unknown.</summary>
    public List<PipelineStep>? EstimatorSteps(IOperation? estimator, int depth = 0)
    {
        estimator = Unwrap(estimator);
        switch (estimator)
        {
            case ILocalReferenceOperation local:
                return EstimatorSteps(LastAssignedValue(local), depth);

            case IObjectCreationOperation { Type.Name: "EstimatorChain", Arguments.Length: 0 } creation when IsInMl(creation.Type):
                return new List<PipelineStep>();

            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.Name == "Append" && IsInMl(method.ContainingType))
                {
                    var source = invocation.Instance ?? ReceiverArgument(invocation);
                    var next = ArgumentValue(invocation, 0);
                    var head = EstimatorSteps(source, depth);
                    var tail = head is null ? null : EstimatorSteps(next, depth);
                    if (head is null || tail is null)
                        return null;
                    head.AddRange(tail);
                    return head;
                }

                if (method.Name == "AppendCacheCheckpoint" && IsInMl(method.ContainingType))
                    return EstimatorSteps(invocation.Instance ?? ReceiverArgument(invocation), depth);

                if (IsInMl(method.ContainingType) && IsEstimator(method.ReturnType))
                {
                    var step = ClassifyStep(invocation);
                    return step is null ? null : new List<PipelineStep> { step };
                }

                return HelperSteps(invocation, depth, transformer: false);

            default:
                return null;
        }
    }

    private List<PipelineStep>? TransformerSteps(IOperation? transformer, int depth)
    {
        transformer = Unwrap(transformer);
        if (transformer is ILocalReferenceOperation local)
            transformer = Unwrap(LastAssignedValue(local));

        if (transformer is IInvocationOperation { TargetMethod.Name: "Fit" } fit && fit.Instance is { } estimator && IsEstimator(estimator.Type))
            return EstimatorSteps(estimator, depth);

        return transformer is IInvocationOperation helper
            ? HelperSteps(helper, depth, transformer: true)
            : null;
    }

    /// <summary>
    /// Applies <paramref name="steps"/> to <paramref name="columns"/>; feature uses of a personal column still present
    /// (MLSEC021) are added to <paramref name="findings"/> when given. Returns the personal columns left at the end.
    /// </summary>
    public static ImmutableArray<PersonalColumn> Apply(
        ImmutableArray<PersonalColumn> columns, List<PipelineStep> steps, List<(PipelineStep Step, List<string> Columns)>? findings)
    {
        var current = columns.ToList();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case PipelineStep.StepKind.Drop:
                    current.RemoveAll(c => step.Columns.Any(n => n.Input == c.Name));
                    break;
                case PipelineStep.StepKind.Select:
                    current.RemoveAll(c => !step.Columns.Any(n => n.Input == c.Name));
                    break;
                case PipelineStep.StepKind.Hash:
                    // In place (output == input) the raw value is gone; into a new column the raw one stays.
                    current.RemoveAll(c => step.Columns.Any(n => n.Input == c.Name && n.Output == c.Name));
                    break;
                case PipelineStep.StepKind.Copy:
                    foreach (var (output, input) in step.Columns)
                    {
                        var source = current.FirstOrDefault(c => c.Name == input);
                        if (source.Loader is not null && !current.Any(c => c.Name == output))
                            current.Add(new PersonalColumn(output, source.Loader, source.Via, source.FromTypeArgument));
                    }

                    break;
                case PipelineStep.StepKind.Feature:
                case PipelineStep.StepKind.Trainer:
                    if (findings is not null)
                    {
                        var used = new List<string>();
                        foreach (var (_, input) in step.Columns)
                        {
                            if (current.Any(c => c.Name == input) && !used.Contains(input))
                                used.Add(input);
                        }

                        if (used.Count > 0)
                            findings.Add((step, used));
                    }

                    break;
            }
        }

        return current.ToImmutableArray();
    }

    private static PipelineStep? ClassifyStep(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "DropColumns":
                return NamesStep(PipelineStep.StepKind.Drop, call, "columnNames");
            case "SelectColumns":
                return NamesStep(PipelineStep.StepKind.Select, call, "columnNames");
            case "Hash":
                return PairStep(PipelineStep.StepKind.Hash, call);
            case "CopyColumns":
                return PairStep(PipelineStep.StepKind.Copy, call);
            case "Concatenate":
            {
                var names = ConstantStrings(ArgumentByName(call, "inputColumnNames"));
                return names is null
                    ? null
                    : new PipelineStep(PipelineStep.StepKind.Feature, call, names.Select(n => ("", n)).ToImmutableArray());
            }
        }

        if (IsFeatureTransform(method.Name))
        {
            if (ArgumentByName(call, "inputColumnNames") is { } many)
            {
                var names = ConstantStrings(many);
                return names is null ? null : new PipelineStep(PipelineStep.StepKind.Feature, call, names.Select(n => ("", n)).ToImmutableArray());
            }

            return PairStep(PipelineStep.StepKind.Feature, call);
        }

        var featureParameter = method.Parameters.FirstOrDefault(p => p.Name == "featureColumnName");
        if (featureParameter is not null)
        {
            var argument = call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, featureParameter));
            if (argument?.Value.ConstantValue is { HasValue: true, Value: string feature })
                return new PipelineStep(PipelineStep.StepKind.Trainer, call, ImmutableArray.Create(("", feature)));
            return new PipelineStep(PipelineStep.StepKind.Other, call, ImmutableArray<(string, string)>.Empty);
        }

        // Any other ML.NET estimator neither removes nor uses a column we track. An overload whose columns we cannot
        // read (options objects) is fine for the same reason; only the guards above need their names.
        return new PipelineStep(PipelineStep.StepKind.Other, call, ImmutableArray<(string, string)>.Empty);
    }

    /// <summary>
    /// The columns an ML.NET estimator call reads from its input: every string or string-array argument (given or
    /// defaulted) whose parameter names a column and is not an output (<c>inputColumnName</c>, <c>columnNames</c>,
    /// <c>labelColumnName</c>, <c>featureColumnName</c>, …), the inputs of <c>InputOutputColumnPair</c>s, and the column
    /// members set in an options object (plus its defaults, <c>Label</c> and <c>Features</c>). Null when that cannot be
    /// read: a generic method (<c>CustomMapping&lt;TSrc, TDst&gt;</c> reads its row type), a column name that is not a
    /// constant, or an options value that is not an object creation with constant column members.
    /// </summary>
    public static HashSet<string>? ColumnsRead(IInvocationOperation call)
    {
        if (call.TargetMethod.IsGenericMethod)
            return null;

        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { } parameter)
                return null;
            var value = Unwrap(argument.Value);
            var type = parameter.Type;
            var names = IsColumnParameter(parameter.Name);

            if (type.SpecialType == SpecialType.System_String)
            {
                if (!names)
                    continue;
                if (value?.ConstantValue is not { HasValue: true } constant)
                    return null;
                if (constant.Value is string name)
                    read.Add(name);
                else if (parameter.Name == "inputColumnName" && ArgumentByName(call, "outputColumnName")?.ConstantValue is { HasValue: true, Value: string output })
                    read.Add(output); // in place: the output column is read
                else if (parameter.Name == "inputColumnName")
                    return null;
            }
            else if (type is IArrayTypeSymbol { ElementType: var element })
            {
                if (element.SpecialType == SpecialType.System_String)
                {
                    if (!names || value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } })
                        continue;
                    if (ConstantStrings(value) is not { } many)
                        return null;
                    read.UnionWith(many);
                }
                else if (IsInMl(element))
                {
                    if (element.Name != "InputOutputColumnPair" || PairStep(PipelineStep.StepKind.Copy, call) is not { } pairs)
                        return null;
                    read.UnionWith(pairs.Columns.Select(c => c.Input));
                }
            }
            else if (type.TypeKind == TypeKind.Class && IsInMl(type) && type.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                if (value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } })
                    continue;
                if (!OptionsColumns(value, read))
                    return null;
            }
        }

        return read;
    }

    private static bool IsColumnParameter(string name) =>
        name.IndexOf("Column", StringComparison.OrdinalIgnoreCase) >= 0 && !name.StartsWith("output", StringComparison.Ordinal);

    private static bool OptionsColumns(IOperation? options, HashSet<string> read)
    {
        if (options is not IObjectCreationOperation creation)
            return false;

        // Trainer options default their label and feature columns.
        read.Add("Label");
        read.Add("Features");
        if (creation.Initializer is null)
            return true;
        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var member } } assignment)
                return false;
            if (!IsColumnParameter(member.Name))
                continue;
            var value = Unwrap(assignment.Value);
            if (value?.ConstantValue is { HasValue: true, Value: null })
                continue;
            if (ConstantStrings(value) is not { } names)
                return false;
            read.UnionWith(names);
        }

        return true;
    }

    private static bool IsFeatureTransform(string name) => name switch
    {
        "FeaturizeText" or "OneHotEncoding" or "OneHotHashEncoding" or "NormalizeMinMax" or "NormalizeMeanVariance"
            or "NormalizeLogMeanVariance" or "NormalizeBinning" or "NormalizeSupervisedBinning" or "NormalizeRobustScaling"
            or "NormalizeLpNorm" or "NormalizeGlobalContrast" or "ProduceWordBags" or "ProduceHashedWordBags"
            or "ProduceNgrams" or "ProduceHashedNgrams" or "TokenizeIntoWords" or "TokenizeIntoCharactersAsKeys"
            or "NormalizeText" or "ApplyWordEmbedding" or "LatentDirichletAllocation" or "IndicateMissingValues"
            or "ReplaceMissingValues" or "ConvertType" => true,
        _ => false,
    };

    private static PipelineStep? NamesStep(PipelineStep.StepKind kind, IInvocationOperation call, string parameter)
    {
        var names = ConstantStrings(ArgumentByName(call, parameter));
        return names is null ? null : new PipelineStep(kind, call, names.Select(n => (n, n)).ToImmutableArray());
    }

    // (outputColumnName, inputColumnName = null) overloads, where a missing input means "the output column, in place",
    // and InputOutputColumnPair[] overloads. Anything else (options objects) is unknown: null.
    private static PipelineStep? PairStep(PipelineStep.StepKind kind, IInvocationOperation call)
    {
        if (ArgumentByName(call, "outputColumnName") is { } outputArgument)
        {
            if (outputArgument.ConstantValue is not { HasValue: true, Value: string output })
                return null;
            var inputArgument = ArgumentByName(call, "inputColumnName");
            string? input = output;
            if (inputArgument is not null && inputArgument.ConstantValue is { HasValue: true } constant)
                input = constant.Value as string ?? output;
            else if (inputArgument is not null)
                return null;
            return new PipelineStep(kind, call, ImmutableArray.Create((output, input)));
        }

        if (Unwrap(ArgumentByName(call, "columns")) is IArrayCreationOperation { Initializer: { } pairs })
        {
            var builder = ImmutableArray.CreateBuilder<(string, string)>();
            foreach (var element in pairs.ElementValues)
            {
                if (Unwrap(element) is not IObjectCreationOperation { Type.Name: "InputOutputColumnPair" } pair
                    || Arguments.ForParameter(pair.Arguments, 0)?.Value.ConstantValue is not { HasValue: true, Value: string output })
                {
                    return null;
                }

                var input = Arguments.ForParameter(pair.Arguments, 1)?.Value.ConstantValue is { HasValue: true, Value: string i } ? i : output;
                builder.Add((output, input));
            }

            return new PipelineStep(kind, call, builder.ToImmutable());
        }

        return null;
    }

    private static List<string>? ConstantStrings(IOperation? value)
    {
        value = Unwrap(value);
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            var names = new List<string>();
            foreach (var element in initializer.ElementValues)
            {
                if (element.ConstantValue is not { HasValue: true, Value: string name })
                    return null;
                names.Add(name);
            }

            return names;
        }

        return value?.ConstantValue is { HasValue: true, Value: string single } ? new List<string> { single } : null;
    }

    /// <summary>The values a helper method of this compilation returns, or null when it is not one we can read.</summary>
    private List<IOperation>? ReturnedValues(IInvocationOperation invocation, int depth)
    {
        if (depth >= MaxHelperDepth)
            return null;

        var method = invocation.TargetMethod;
        if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            return null;
        }

        var body = GetBodyOperation(method.DeclaringSyntaxReferences[0]);
        if (body is null)
            return null;

        var values = new List<IOperation>();
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && IsOwnReturn(operation, body))
                values.Add(returned);
        }

        return values.Count == 0 ? null : values;
    }

    private ImmutableArray<PersonalColumn>? HelperColumns(IInvocationOperation invocation, int depth)
    {
        var values = ReturnedValues(invocation, depth);
        if (values is null)
            return null;
        var outer = _typeArguments;
        var outerCall = _helperCall;
        _typeArguments = WithTypeArguments(invocation.TargetMethod, outer);
        _helperCall ??= invocation;
        try
        {
            var result = ImmutableArray<PersonalColumn>.Empty;
            foreach (var value in values)
            {
                var columns = DataColumns(value, depth + 1);
                if (columns is null)
                    return null;
                result = result.AddRange(columns.Value.Where(c => !result.Any(x => x.Name == c.Name && x.Loader == c.Loader)));
            }

            return result;
        }
        finally
        {
            _typeArguments = outer;
            _helperCall = outerCall;
        }
    }

    /// <summary>
    /// <paramref name="outer"/> plus the type parameters of <paramref name="method"/> and of its generic containing types
    /// mapped to the type arguments of this call (themselves read through <paramref name="outer"/>).
    /// </summary>
    private static ImmutableDictionary<ITypeParameterSymbol, ITypeSymbol>? WithTypeArguments(
        IMethodSymbol method, ImmutableDictionary<ITypeParameterSymbol, ITypeSymbol>? outer)
    {
        var map = outer;
        if (method.IsGenericMethod)
            Add(method.OriginalDefinition.TypeParameters, method.TypeArguments);
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType && !type.IsUnboundGenericType)
                Add(type.OriginalDefinition.TypeParameters, type.TypeArguments);
        }

        return map;

        void Add(ImmutableArray<ITypeParameterSymbol> parameters, ImmutableArray<ITypeSymbol> arguments)
        {
            for (var i = 0; i < parameters.Length && i < arguments.Length; i++)
            {
                var argument = Substitute(arguments[i], outer);
                if (!SymbolEqualityComparer.Default.Equals(argument, parameters[i]))
                    map = (map ?? ImmutableDictionary.Create<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default)).SetItem(parameters[i], argument);
            }
        }
    }

    /// <summary><paramref name="type"/> with the type parameters <paramref name="map"/> knows replaced by their arguments.</summary>
    private static ITypeSymbol Substitute(ITypeSymbol type, ImmutableDictionary<ITypeParameterSymbol, ITypeSymbol>? map)
    {
        if (map is null)
            return type;
        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return map.TryGetValue(parameter, out var argument) ? argument : type;

            // A generic row type (Row<T>), not nested in a generic type.
            case INamedTypeSymbol { IsGenericType: true, IsUnboundGenericType: false, TypeKind: not TypeKind.Error, ContainingType: null or { IsGenericType: false } } named:
                var arguments = named.TypeArguments.Select(a => Substitute(a, map)).ToArray();
                if (arguments.SequenceEqual(named.TypeArguments, SymbolEqualityComparer.Default))
                    return type;
                try
                {
                    return named.OriginalDefinition.Construct(arguments);
                }
                catch (ArgumentException)
                {
                    // Half-typed code (a pointer or an erroneous type argument): the row type stays unknown.
                    return type;
                }

            default:
                return type;
        }
    }

    // A helper that builds a pipeline must build one pipeline: several different returns are unknown. Its steps are
    // marked as read through this call (PipelineStep.Via); an outer helper's call, marking them last, wins.
    private List<PipelineStep>? HelperSteps(IInvocationOperation invocation, int depth, bool transformer)
    {
        var values = ReturnedValues(invocation, depth);
        var steps = values is { Count: 1 }
            ? (transformer ? TransformerSteps(values[0], depth + 1) : EstimatorSteps(values[0], depth + 1))
            : null;
        if (steps is not null)
        {
            for (var i = 0; i < steps.Count; i++)
                steps[i] = steps[i].Through(invocation);
        }

        return steps;
    }

    private static bool IsOwnReturn(IOperation returnOperation, IOperation body)
    {
        for (var parent = returnOperation.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                return false;
        }

        return true;
    }

    private IOperation? GetBodyOperation(SyntaxReference reference)
    {
        var syntax = reference.GetSyntax();
        if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            return null;
#pragma warning disable RS1030 // Bounded (MaxHelperDepth) walk into a helper method of this compilation; the model is cached by the compiler.
        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax);
    }

    /// <summary>The value assigned to the local most recently before <paramref name="use"/> (in text order), or null.</summary>
    public static IOperation? LastAssignedValue(ILocalReferenceOperation use) => LastWrite(use, use.Syntax.SpanStart, stringAppends: false);

    /// <summary>
    /// The last write to <paramref name="use"/>'s local that ends before <paramref name="position"/>, in text order: the
    /// value assigned, or, with <paramref name="stringAppends"/>, a string <c>+=</c> or a <c>??=</c> itself (its caller
    /// reads the part and asks again from there). Null when the value is not known: passed by ref/out or
    /// compound-assigned (other than a string <c>+=</c> when allowed) anywhere in the method. Without
    /// <paramref name="stringAppends"/> a <c>??=</c> is not seen, as before.
    /// </summary>
    public static IOperation? LastWrite(ILocalReferenceOperation use, int position, bool stringAppends)
    {
        if (LocalValues.UsesOf(use, use.Local) is not { } uses)
            return null;

        IOperation? best = null;
        var bestEnd = -1;
        foreach (var declarator in uses.Declarators)
            Consider(declarator.Syntax.Span.End, declarator.Initializer?.Value);

        foreach (var reference in uses.References)
        {
            switch (reference.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    Consider(assignment.Syntax.Span.End, assignment.Value);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when argument.Value == reference:
                    return null;
                case ICompoundAssignmentOperation compound when compound.Target == reference:
                    if (!stringAppends || compound.OperatorKind != BinaryOperatorKind.Add || use.Local.Type?.SpecialType != SpecialType.System_String)
                        return null;
                    Consider(compound.Syntax.Span.End, compound);
                    break;
                case ICoalesceAssignmentOperation coalesce when stringAppends && coalesce.Target == reference:
                    Consider(coalesce.Syntax.Span.End, coalesce);
                    break;
            }
        }

        return best;

        void Consider(int end, IOperation? value)
        {
            if (end <= position && end > bestEnd)
            {
                best = value;
                bestEnd = end;
            }
        }
    }

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => operation,
            };
        }

        return operation;
    }

    public static IOperation? ArgumentValue(IInvocationOperation invocation, int ordinal)
    {
        // For an extension method the receiver is argument 0; count from the first non-receiver parameter.
        var offset = invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null ? 1 : 0;
        return Arguments.ForParameter(invocation.Arguments, ordinal + offset)?.Value;
    }

    private static IOperation? ReceiverArgument(IInvocationOperation invocation)
    {
        if (!invocation.TargetMethod.IsExtensionMethod)
            return null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
                return argument.Value;
        }

        return null;
    }

    public static IOperation? ArgumentByName(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
                return argument.Value;
        }

        return null;
    }

    private static bool IsDataCatalogMethod(IMethodSymbol method)
    {
        var receiver = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;
        if (method.ReducedFrom is { } reduced && reduced.Parameters.Length > 0)
            receiver = reduced.Parameters[0].Type;
        return receiver is { Name: "DataOperationsCatalog" } && IsInMl(receiver);
    }

    public static bool IsInMl(ITypeSymbol? type)
    {
        // Cheap name walk first: the outermost namespace must be Microsoft and the next one ML.
        var ns = type?.ContainingNamespace;
        if (ns is null || ns.IsGlobalNamespace)
            return false;
        INamespaceSymbol? second = null;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            second = ns;
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "Microsoft" } && second is { Name: Ml };
    }

    private static bool IsMlType(ITypeSymbol? type, string name) => type?.Name == name && IsInMl(type);

    public static bool IsEstimator(ITypeSymbol? type) => Implements(type, "IEstimator");

    public static bool IsTransformer(ITypeSymbol? type) => Implements(type, "ITransformer");

    private static bool Implements(ITypeSymbol? type, string interfaceName)
    {
        if (type is null)
            return false;
        if (type.Name == interfaceName && IsInMl(type))
            return true;
        // Names and namespaces are the same on the definition, whose interface set is computed once per compilation; a
        // constructed type (EstimatorChain<NormalizingTransformer>) substitutes its whole set on first use (issue 7).
        foreach (var candidate in type.OriginalDefinition.AllInterfaces)
        {
            if (candidate.Name == interfaceName && IsInMl(candidate))
                return true;
        }

        return false;
    }
}
