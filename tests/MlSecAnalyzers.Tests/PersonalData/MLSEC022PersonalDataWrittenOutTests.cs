using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.PersonalData.PersonalDataPipelineAnalyzer>;

namespace MlSecAnalyzers.Tests.PersonalData;

public sealed class MLSEC022PersonalDataWrittenOutTests
{
    private const string Row = MLSEC020PersonalDataLoadedTests.Row;

    private static DiagnosticResult Expect(int location, string columns) =>
        Verify.Diagnostic(Descriptors.MLSEC022_PersonalDataWrittenOut).WithLocation(location).WithArguments(columns);

    [Fact]
    public Task Flags_SaveAsTextAndBinary() => Verify.VerifyAnalyzerAsync($$"""
        using System.IO;
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
        using var text = File.Create("export.tsv");
        ml.Data.{|#0:SaveAsText|}(data, text);
        var sample = ml.Data.TakeRows(ml.Data.ShuffleRows(data), 100);
        using var binary = File.Create("export.idv");
        ml.Data.{|#1:SaveAsBinary|}(sample, binary);

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'CustomerEmail'"));

    // Data from a generic helper's loader has the columns of the row type the call gives it.
    [Fact]
    public Task Flags_SaveOfDataFromAGenericHelperLoader() => Verify.VerifyAnalyzerAsync($$"""
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        using var stream = File.Create("export.tsv");
        ml.Data.{|#0:SaveAsText|}(DataFiles.Load<Customer>(ml, "customers.csv"), stream);
        ml.Data.SaveAsText(DataFiles.Load<Measurement>(ml, "measurements.csv"), stream);

        static class DataFiles
        {
            public static IDataView Load<T>(MLContext ml, string path) where T : class => ml.Data.LoadFromTextFile<T>(path, separatorChar: ',');
        }

        public class Measurement { [LoadColumn(0)] public float Age { get; set; } }

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"));

    [Fact]
    public Task NoDiagnostic_DroppedBeforeSaving_OrUnknown() => Verify.VerifyAnalyzerAsync($$"""
        using System.IO;
        using Microsoft.ML;

        class Export
        {
            void Run(MLContext ml, IDataView unknown)
            {
                var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");
                var clean = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
                using var stream = File.Create("export.tsv");
                ml.Data.SaveAsText(clean, stream);
                ml.Data.SaveAsText(unknown, stream);
                var model = ml.Model.Load("model.zip", out _);
                ml.Data.SaveAsText(model.Transform(data), stream);
            }
        }

        {{Row}}
        """);
}
