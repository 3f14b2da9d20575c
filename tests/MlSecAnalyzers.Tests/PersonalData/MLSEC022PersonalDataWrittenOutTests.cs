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
