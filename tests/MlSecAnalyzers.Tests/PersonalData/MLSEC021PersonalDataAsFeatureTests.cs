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
}
