using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.CodeFixes;
using Xunit;
using DropVerify = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.PersonalData.PersonalDataPipelineAnalyzer,
    MlSecAnalyzers.CodeFixes.PersonalData.DropPersonalColumnsFixer>;
using RemoveVerify = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.PersonalData.PersonalDataPipelineAnalyzer,
    MlSecAnalyzers.CodeFixes.PersonalData.RemoveFeatureColumnFixer>;

namespace MlSecAnalyzers.Tests.PersonalData;

/// <summary>Every case also runs Fix All in document, project and solution scope, and the fixed code must compile.</summary>
public sealed class MLSEC020To022PersonalDataCodeFixTests
{
    private const string Row = MLSEC020PersonalDataLoadedTests.Row;

    // A pipeline helper whose Concatenate has a personal input (Phone), and the row type of the MLSEC021 helper tests.
    private const string HelperPipeline = """
        static class Pipelines
        {
            public static IEstimator<ITransformer> Features(MLContext ml) => ml.Transforms.Concatenate("Features", "Age", "Phone");
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
        }
        """;

    /// <summary>Like VerifyCodeFixAsync, for a fixed state that keeps the diagnostics without a fix (marked in it).</summary>
    private static Task VerifyFixLeavingUnfixedAsync(string source, string fixedSource, string equivalenceKey)
    {
        var test = DropVerify.CreateTest();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = equivalenceKey;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Fix_MLSEC020_DropsColumnsAfterLoad_FixAll() => DropVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var more = ml.Data.{|MLSEC020:LoadFromEnumerable|}(new[] { new Customer() });
        var pipeline = ml.Transforms.Concatenate("Features", "Age", "Income");
        pipeline.Fit(data);
        pipeline.Fit(more);

        {{Row}}
        """, $$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
        var more = ml.Data.LoadFromEnumerable(new[] { new Customer() });
        more = ml.Transforms.DropColumns("CustomerEmail").Fit(more).Transform(more);
        var pipeline = ml.Transforms.Concatenate("Features", "Age", "Income");
        pipeline.Fit(data);
        pipeline.Fit(more);

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    [Fact]
    // No MLContext the fix can name: the loader was made earlier and is loaded from a path. Reported, not fixed.
    public Task NoFix_MLSEC020_LoaderLoadedFromAPath() => DropVerify.VerifyNoCodeFixAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var loader = ml.Data.CreateTextLoader(new[]
        {
            new TextLoader.Column("Email", DataKind.String, 0),
            new TextLoader.Column("Age", DataKind.Single, 1),
        }, separatorChar: ',');
        var data = loader.{|MLSEC020:Load|}("people.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(data);
        """);

    // A generic helper's loader serves every row type it is called with: a drop of Customer's columns in the helper
    // would break the other callers (DropColumns throws on a missing column). Reported at the call that gives the row
    // type, and fixed there: the drop goes after that call, through the MLContext in scope.
    [Fact]
    public Task Fix_MLSEC020_GenericHelper_DropsAfterTheCall() => DropVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var customers = {|MLSEC020:Load|}<Customer>("customers.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(customers);
        ml.Transforms.Concatenate("Features", "Age").Fit(Load<Measurement>("measurements.csv"));

        IDataView Load<T>(string path) where T : class
        {
            var data = ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');
            return data;
        }

        public class Measurement { [LoadColumn(0)] public float Age { get; set; } }

        {{Row}}
        """, $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var customers = Load<Customer>("customers.csv");
        customers = ml.Transforms.DropColumns("CustomerEmail").Fit(customers).Transform(customers);
        ml.Transforms.Concatenate("Features", "Age").Fit(customers);
        ml.Transforms.Concatenate("Features", "Age").Fit(Load<Measurement>("measurements.csv"));

        IDataView Load<T>(string path) where T : class
        {
            var data = ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');
            return data;
        }

        public class Measurement { [LoadColumn(0)] public float Age { get; set; } }

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    // Fix All over a block with its own loader and a generic helper called with two personal row types: each gets its
    // drop, of its own columns, after its own load, and the code compiles.
    [Fact]
    public Task Fix_MLSEC020_FixAll_GenericHelperCalls() => DropVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        ml.Transforms.Concatenate("Features", "Age", "Income").Fit(data);
        var customers = {|MLSEC020:Load|}<Customer>("more.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(customers);
        var patients = {|MLSEC020:Load|}<Patient>("patients.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(patients);

        IDataView Load<T>(string path) where T : class => ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');

        public class Patient { [LoadColumn(0)] public string Diagnosis { get; set; } [LoadColumn(1)] public float Age { get; set; } }

        {{Row}}
        """, $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
        ml.Transforms.Concatenate("Features", "Age", "Income").Fit(data);
        var customers = Load<Customer>("more.csv");
        customers = ml.Transforms.DropColumns("CustomerEmail").Fit(customers).Transform(customers);
        ml.Transforms.Concatenate("Features", "Age").Fit(customers);
        var patients = Load<Patient>("patients.csv");
        patients = ml.Transforms.DropColumns("Diagnosis").Fit(patients).Transform(patients);
        ml.Transforms.Concatenate("Features", "Age").Fit(patients);

        IDataView Load<T>(string path) where T : class => ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');

        public class Patient { [LoadColumn(0)] public string Diagnosis { get; set; } [LoadColumn(1)] public float Age { get; set; } }

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    // Fix All over two callers of a non-generic helper that leave different columns: each caller's drop names its own
    // columns, after its own call (the MLContext passed to the helper, or the only one in scope, a field here); none in
    // the helper, which would break the caller that drops Diagnosis itself. A caller whose pipeline reads a column
    // (here as the label) gets no fix.
    [Fact]
    public Task Fix_MLSEC020_FixAll_NonGenericHelperCallers() => VerifyFixLeavingUnfixedAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Training
        {
            private readonly MLContext _ml = new();

            static IDataView LoadPeople(MLContext ml, string path) => ml.Data.LoadFromTextFile<Person>(path, separatorChar: ',');

            IDataView People() => _ml.Data.LoadFromTextFile<Person>("people.csv", separatorChar: ',');

            public static ITransformer WithoutDiagnosis(MLContext ml, string path)
            {
                var data = {|MLSEC020:LoadPeople|}(ml, path);
                return ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);
            }

            public static ITransformer Everything(MLContext ml, string path)
            {
                IDataView data = {|MLSEC020:LoadPeople|}(ml, path);
                return ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public ITransformer FromTheField()
            {
                var data = {|MLSEC020:People|}();
                return _ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public ITransformer DiagnosisAsLabel()
            {
                var data = {|MLSEC020:People|}();
                return _ml.Transforms.Conversion.MapValueToKey("Label", "Diagnosis").Fit(data);
            }
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public string Diagnosis { get; set; }
            [LoadColumn(3)] public float Age { get; set; }
        }
        """, """
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Training
        {
            private readonly MLContext _ml = new();

            static IDataView LoadPeople(MLContext ml, string path) => ml.Data.LoadFromTextFile<Person>(path, separatorChar: ',');

            IDataView People() => _ml.Data.LoadFromTextFile<Person>("people.csv", separatorChar: ',');

            public static ITransformer WithoutDiagnosis(MLContext ml, string path)
            {
                var data = LoadPeople(ml, path);
                data = ml.Transforms.DropColumns("Email", "Phone").Fit(data).Transform(data);
                return ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);
            }

            public static ITransformer Everything(MLContext ml, string path)
            {
                IDataView data = LoadPeople(ml, path);
                data = ml.Transforms.DropColumns("Email", "Phone", "Diagnosis").Fit(data).Transform(data);
                return ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public ITransformer FromTheField()
            {
                var data = People();
                data = _ml.Transforms.DropColumns("Email", "Phone", "Diagnosis").Fit(data).Transform(data);
                return _ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public ITransformer DiagnosisAsLabel()
            {
                var data = {|MLSEC020:People|}();
                return _ml.Transforms.Conversion.MapValueToKey("Label", "Diagnosis").Fit(data);
            }
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public string Diagnosis { get; set; }
            [LoadColumn(3)] public float Age { get; set; }
        }
        """,
        EquivalenceKeys.DropPersonalColumns);

    // The drop after a helper's call covers a save of the same data: Fix All must not drop the columns twice
    // (DropColumns throws on a column that is gone). Two MLContexts in scope and none passed, or the only one not assigned
    // on every path: no fix for that call.
    [Fact]
    public Task Fix_MLSEC020_HelperCall_And_MLSEC022_OnSameData_DropOnce_FixAll() => VerifyFixLeavingUnfixedAsync($$"""
        using System.IO;
        using Microsoft.ML;

        static class Export
        {
            static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Customer>(path);

            public static void Run(MLContext ml, Stream stream)
            {
                var data = {|MLSEC020:Load|}(ml, "customers.csv");
                var model = ml.Transforms.Concatenate("Features", "Age").Fit(data);
                ml.Data.{|MLSEC022:SaveAsText|}(data, stream);
            }

            public static void Ambiguous(MLContext ml, MLContext other)
            {
                var data = {|MLSEC020:Customers|}();
                ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public static void NotAssigned(bool fresh)
            {
                MLContext ml;
                if (fresh)
                    ml = new MLContext();
                var data = {|MLSEC020:Customers|}();
                new MLContext().Transforms.Concatenate("Features", "Age").Fit(data);
            }

            static IDataView Customers() => new MLContext().Data.LoadFromTextFile<Customer>("customers.csv");
        }

        {{Row}}
        """, $$"""
        using System.IO;
        using Microsoft.ML;

        static class Export
        {
            static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Customer>(path);

            public static void Run(MLContext ml, Stream stream)
            {
                var data = Load(ml, "customers.csv");
                data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
                var model = ml.Transforms.Concatenate("Features", "Age").Fit(data);
                ml.Data.SaveAsText(data, stream);
            }

            public static void Ambiguous(MLContext ml, MLContext other)
            {
                var data = {|MLSEC020:Customers|}();
                ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }

            public static void NotAssigned(bool fresh)
            {
                MLContext ml;
                if (fresh)
                    ml = new MLContext();
                var data = {|MLSEC020:Customers|}();
                new MLContext().Transforms.Concatenate("Features", "Age").Fit(data);
            }

            static IDataView Customers() => new MLContext().Data.LoadFromTextFile<Customer>("customers.csv");
        }

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    [Fact]
    public Task Fix_MLSEC020_InsideMethod() => DropVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;

        class Training
        {
            ITransformer Train(MLContext ml)
            {
                IDataView data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv"); // the CRM export
                return ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }
        }

        {{Row}}
        """, $$"""
        using Microsoft.ML;

        class Training
        {
            ITransformer Train(MLContext ml)
            {
                IDataView data = ml.Data.LoadFromTextFile<Customer>("customers.csv"); // the CRM export
                data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
                return ml.Transforms.Concatenate("Features", "Age").Fit(data);
            }
        }

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    [Fact]
    public Task NoFix_MLSEC020_WhenColumnIsAFeature() => DropVerify.VerifyNoCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        ml.Transforms.{|MLSEC021:Concatenate|}("Features", "Age", "CustomerEmail").Fit(data);

        {{Row}}
        """);

    // DropColumns after the load would make Fit throw: the pipeline reads the column to hash it into a new one.
    [Fact]
    public Task NoFix_MLSEC020_WhenPipelineHashesColumnIntoNewOne() => DropVerify.VerifyNoCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var pipeline = ml.Transforms.Conversion.Hash("EmailHash", "CustomerEmail")
            .Append(ml.Transforms.Concatenate("Features", "Age", "EmailHash"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        pipeline.Fit(data);

        {{Row}}
        """);

    [Fact]
    public Task NoFix_MLSEC020_WhenColumnIsTheLabel() => DropVerify.VerifyNoCodeFixAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Patient>("patients.csv");
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Diagnosis")
            .Append(ml.Transforms.Concatenate("Features", "Age", "BloodPressure"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        pipeline.Fit(data);

        public class Patient
        {
            [LoadColumn(0)] public float Age { get; set; }
            [LoadColumn(1)] public float BloodPressure { get; set; }
            [LoadColumn(2)] public string Diagnosis { get; set; } = "";
        }
        """);

    // The first Fit leaves the column unused, the second uses it as a feature: the load is reported once, with no fix.
    [Fact]
    public Task NoFix_MLSEC020_WhenALaterFitUsesColumnAsFeature() => DropVerify.VerifyNoCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var baseline = ml.Transforms.Concatenate("Features", "Age").Fit(data);
        var full = ml.Transforms.{|MLSEC021:Concatenate|}("Features", "Age", "CustomerEmail").Fit(data);

        {{Row}}
        """);

    // Neighbour of the three above: steps that read other columns (a key mapping, the label, a trainer) keep the fix.
    [Fact]
    public Task Fix_MLSEC020_WhenPipelineReadsOnlyOtherColumns() => DropVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var pipeline = ml.Transforms.Conversion.Hash("IncomeHash", "Income")
            .Append(ml.Transforms.Concatenate("Features", "Age", "IncomeHash"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label"));
        pipeline.Fit(data);
        ml.Transforms.Concatenate("Features", "Age").Fit(data);

        {{Row}}
        """, $$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
        var pipeline = ml.Transforms.Conversion.Hash("IncomeHash", "Income")
            .Append(ml.Transforms.Concatenate("Features", "Age", "IncomeHash"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label"));
        pipeline.Fit(data);
        ml.Transforms.Concatenate("Features", "Age").Fit(data);

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    // One rule's drop after the load already covers the other's save: Fix All must not drop the column twice
    // (DropColumns throws on a column that is gone). The save of another load keeps its own drop.
    [Fact]
    public Task Fix_MLSEC020_And_MLSEC022_OnSameData_DropOnce_FixAll() => DropVerify.VerifyCodeFixAsync($$"""
        using System.IO;
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var other = ml.Data.LoadFromTextFile<Customer>("others.csv");
        var model = ml.Transforms.Concatenate("Features", "Age").Fit(data);
        using var stream = File.Create("export.tsv");
        ml.Data.{|MLSEC022:SaveAsText|}(data, stream);
        ml.Data.{|MLSEC022:SaveAsText|}(other, stream);

        {{Row}}
        """, $$"""
        using System.IO;
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        data = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
        var other = ml.Data.LoadFromTextFile<Customer>("others.csv");
        var model = ml.Transforms.Concatenate("Features", "Age").Fit(data);
        using var stream = File.Create("export.tsv");
        ml.Data.SaveAsText(data, stream);
        ml.Data.SaveAsText(ml.Transforms.DropColumns("CustomerEmail").Fit(other).Transform(other), stream);

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    [Fact]
    public Task Fix_MLSEC022_DropsColumnsBeforeSaving_FixAll() => DropVerify.VerifyCodeFixAsync($$"""
        using System.IO;
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        using var stream = File.Create("export.tsv");
        ml.Data.{|MLSEC022:SaveAsText|}(data, stream);
        ml.Data.{|MLSEC022:SaveAsBinary|}(data, stream);

        {{Row}}
        """, $$"""
        using System.IO;
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        using var stream = File.Create("export.tsv");
        ml.Data.SaveAsText(ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data), stream);
        ml.Data.SaveAsBinary(ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data), stream);

        {{Row}}
        """,
        EquivalenceKeys.DropPersonalColumns);

    [Fact]
    public Task Fix_MLSEC021_RemovesColumnFromConcatenate_FixAll() => RemoveVerify.VerifyCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var a = ml.Transforms.{|MLSEC021:Concatenate|}("Features", "Age", "CustomerEmail", "Income");
        var b = ml.Transforms.{|MLSEC021:Concatenate|}("Features", "CustomerEmail", "Age");
        a.Fit(data);
        b.Fit(data);

        {{Row}}
        """, $$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        var a = ml.Transforms.Concatenate("Features", "Age", "Income");
        var b = ml.Transforms.Concatenate("Features", "Age");
        a.Fit(data);
        b.Fit(data);

        {{Row}}
        """,
        EquivalenceKeys.RemoveFeatureColumn);

    [Fact]
    public Task NoFix_MLSEC021_WhenOnlyPersonalInputs() => RemoveVerify.VerifyNoCodeFixAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Customer>("customers.csv");
        ml.Transforms.{|MLSEC021:Concatenate|}("Features", "CustomerEmail").Fit(data);

        {{Row}}
        """);

    // A pipeline built in a helper is reported at the helper's call, which is not a Concatenate to edit: no fix is offered
    // there (the helper serves other callers, whose data may differ).
    [Fact]
    public Task NoFix_MLSEC021_AtAHelperCall() => RemoveVerify.VerifyNoCodeFixAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Person>("people.csv", separatorChar: ',');
        Pipelines.{|MLSEC021:Features|}(ml).Fit(data);

        {{HelperPipeline}}
        """);

    // Fix All over a block with one pipeline fitted on two data views with different personal columns (one report at
    // its Concatenate naming both, both removed) and a pipeline from a helper (reported at the helper's call, which is
    // not a Concatenate to edit: left reported and unfixed, the helper untouched); the code compiles.
    [Fact]
    public Task Fix_MLSEC021_FixAll_PipelineFittedTwice_And_HelperPipeline()
    {
        var test = RemoveVerify.CreateTest();
        test.TestCode = $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Person>("people.csv", separatorChar: ',');
        var hashed = ml.Transforms.Conversion.Hash("Email").Fit(data).Transform(data);
        var pipeline = ml.Transforms.{|MLSEC021:Concatenate|}("Features", "Age", "Email", "Phone");
        pipeline.Fit(hashed);
        pipeline.Fit(data);
        Pipelines.{|MLSEC021:Features|}(ml).Fit(data);

        {{HelperPipeline}}
        """;
        test.FixedCode = $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|MLSEC020:LoadFromTextFile|}<Person>("people.csv", separatorChar: ',');
        var hashed = ml.Transforms.Conversion.Hash("Email").Fit(data).Transform(data);
        var pipeline = ml.Transforms.Concatenate("Features", "Age");
        pipeline.Fit(hashed);
        pipeline.Fit(data);
        Pipelines.{|MLSEC021:Features|}(ml).Fit(data);

        {{HelperPipeline}}
        """;
        test.CodeActionEquivalenceKey = EquivalenceKeys.RemoveFeatureColumn;
        // The helper's call is still reported after the fix (fixable diagnostics' markup is ignored there by default).
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync(CancellationToken.None);
    }
}
