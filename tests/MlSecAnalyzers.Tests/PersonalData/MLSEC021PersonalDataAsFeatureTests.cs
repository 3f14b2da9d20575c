using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.PersonalData.PersonalDataPipelineAnalyzer>;

namespace MlSecAnalyzers.Tests.PersonalData;

public sealed class MLSEC021PersonalDataAsFeatureTests
{
    private const string Row = MLSEC020PersonalDataLoadedTests.Row;

    private static DiagnosticResult Expect(int location, string columns) =>
        Verify.Diagnostic(Descriptors.MLSEC021_PersonalDataAsFeature).WithLocation(location).WithArguments(columns);

    private static DiagnosticResult Loaded(int location, string columns) =>
        Verify.Diagnostic(Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard).WithLocation(location).WithArguments(columns);

    [Fact]
    public Task Flags_ConcatenateAndFeaturizeText() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}<Customer>("customers.csv");
        var pipeline = ml.Transforms.Text.{|#1:FeaturizeText|}("EmailFeatures", "CustomerEmail")
            .Append(ml.Transforms.{|#2:Concatenate|}("Features", "Age", "CustomerEmail", "EmailFeatures"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        pipeline.Fit(data);

        {{Row}}
        """,
        Loaded(0, "'CustomerEmail'"), Expect(1, "'CustomerEmail'"), Expect(2, "'CustomerEmail'"));

    [Fact]
    public Task Flags_TrainerFeatureColumnAndInPlaceOneHot() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new Patient() });
        var pipeline = ml.Transforms.Categorical.{|#0:OneHotEncoding|}("ZipCode")
            .Append(ml.Transforms.DropColumns("ZipCode"))
            .Append(ml.BinaryClassification.Trainers.{|#1:SdcaLogisticRegression|}(featureColumnName: "Diagnosis"));
        pipeline.Fit(data);

        public class Patient
        {
            public string ZipCode { get; set; }
            [Microsoft.ML.Data.NoColumn] public string Email { get; set; }
            public float[] Diagnosis { get; set; }
            public bool Label { get; set; }
        }
        """,
        Expect(0, "'ZipCode'"));

    [Fact]
    public Task Flags_ColumnPairWithNamedArgumentsOutOfOrder() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new Patient() });
        var pipeline = ml.Transforms.Categorical.{|#0:OneHotEncoding|}(new[] { new InputOutputColumnPair(inputColumnName: "ZipCode", outputColumnName: "ZipFeatures") })
            .Append(ml.Transforms.DropColumns("ZipCode"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(featureColumnName: "ZipFeatures"));
        pipeline.Fit(data);

        public class Patient
        {
            public string ZipCode { get; set; }
            public bool Label { get; set; }
        }
        """,
        Expect(0, "'ZipCode'"));

    [Fact]
    public Task NoDiagnostic_HashedOrDroppedBeforeUse() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        ml.Transforms.Conversion.Hash("CustomerEmail")
            .Append(ml.Transforms.Concatenate("Features", "Age", "CustomerEmail"))
            .Fit(data);
        ml.Transforms.Conversion.Hash("EmailHash", "CustomerEmail")
            .Append(ml.Transforms.DropColumns("CustomerEmail"))
            .Append(ml.Transforms.Concatenate("Features", "Age", "EmailHash"))
            .Fit(data);

        {{Row}}
        """);

    // A pipeline built in a helper serves every caller, and each caller fits it on its own data: here one hashes Email
    // in place first, the other does not. Reported at each caller's call of the helper, naming that caller's columns
    // (at the helper's Concatenate they were two reports of different columns at one place, 'Phone' and 'Email',
    // 'Phone', one per method, in whatever order the methods were analysed). Two feature steps of one helper, and a
    // helper reached through another, give one report at the outermost call; two calls in one method, one each.
    [Fact]
    public Task Flags_PipelineFromAHelper_AtEachCallersCall_NamingItsColumns() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        static class Training
        {
            static IEstimator<ITransformer> Features(MLContext ml) =>
                ml.Transforms.Text.FeaturizeText("EmailText", "Email")
                    .Append(ml.Transforms.Concatenate("Features", "Age", "Email", "Phone"));

            static IEstimator<ITransformer> Model(MLContext ml) =>
                Features(ml).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());

            public static ITransformer Hashed(MLContext ml, string path)
            {
                var data = ml.Data.{|#0:LoadFromTextFile|}<Person>(path, separatorChar: ',');
                var hashed = ml.Transforms.Conversion.Hash("Email").Fit(data).Transform(data);
                return {|#1:Features|}(ml).Fit(hashed);
            }

            public static ITransformer Raw(MLContext ml, string path) =>
                {|#2:Model|}(ml).Fit(ml.Data.{|#3:LoadFromTextFile|}<Person>(path, separatorChar: ','));

            public static void Twice(MLContext ml, IDataView unknown)
            {
                var data = ml.Data.{|#4:LoadFromTextFile|}<Person>("people.csv", separatorChar: ',');
                {|#5:Features|}(ml).Fit(data);
                {|#6:Features|}(ml).Fit(data);
                Features(ml).Fit(unknown);
            }
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
            [LoadColumn(3)] public bool Label { get; set; }
        }
        """,
        Loaded(0, "'Phone'"), Expect(1, "'Phone'"), Expect(2, "'Email', 'Phone'"), Loaded(3, "'Email', 'Phone'"),
        Loaded(4, "'Email', 'Phone'"), Expect(5, "'Email', 'Phone'"), Expect(6, "'Email', 'Phone'"));

    // One pipeline fitted on two data views with different personal columns: one report at its Concatenate naming the
    // columns of both, in the order first met (Fits in text order); they were two reports of different columns there.
    [Fact]
    public Task Flags_OnePipelineFittedTwice_OneReportNamingBothFitsColumns() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}<Person>("people.csv", separatorChar: ',');
        var hashed = ml.Transforms.Conversion.Hash("Email").Fit(data).Transform(data);
        var pipeline = ml.Transforms.{|#1:Concatenate|}("Features", "Age", "Email", "Phone");
        pipeline.Fit(hashed);
        pipeline.Fit(data);

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
        }
        """,
        Loaded(0, "'Phone', 'Email'"), Expect(1, "'Phone', 'Email'"));
}
