using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.TrainingInput.UnvalidatedTrainingDataAnalyzer>;

namespace MlSecAnalyzers.Tests.TrainingInput;

public sealed class MLSEC030UnvalidatedTrainingDataTests
{
    internal const string Types = """

        public sealed class HouseRow
        {
            [Microsoft.ML.Data.LoadColumn(0)] public float Size { get; set; }
            [Microsoft.ML.Data.LoadColumn(1), Microsoft.ML.Data.ColumnName("Label")] public float Price { get; set; }
            [Microsoft.ML.Data.LoadColumn(2)] public string City { get; set; } = "";
        }
        """;

    private static DiagnosticResult Expect(int location, string source) =>
        Verify.Diagnostic(Descriptors.MLSEC030_UnvalidatedTrainingData).WithLocation(location).WithArguments(source);

    [Fact]
    public Task Flags_TrainingFileFromConfiguration() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var path = configuration["Training:DataPath"]!;
                var data = ml.Data.LoadFromTextFile<HouseRow>(path, separatorChar: ',');
                var pipeline = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca());
                return {|#0:pipeline.Fit(data)|};
            }
        }
        """ + Types,
        Expect(0, "configuration"));

    [Fact]
    public Task Flags_RowsPostedToAnEndpointThroughASplit() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var split = ml.Data.TrainTestSplit(ml.Data.ShuffleRows(data), testFraction: 0.2);
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(split.TrainSet)|};
            return Results.Ok();
        });
        """ + Types,
        Expect(0, "the request"));

    [Fact]
    public Task NoDiagnostic_ValidatedOrTrusted() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Filtered(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                var clean = ml.Data.FilterRowsByColumn(ml.Data.FilterRowsByMissingValues(data, "Size", "Label"), "Size", 10, 10_000);
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(clean);
            }

            ITransformer Local(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>("data/houses.csv", separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }
        """ + Types);

    [Fact]
    public async Task Option_TrainingDataValidators()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using Microsoft.Extensions.Configuration;
            using Microsoft.ML;

            class Trainer
            {
                ITransformer Train(MLContext ml, IConfiguration configuration)
                {
                    var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                    return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(Validation.RejectOutliers(ml, data));
                }
            }

            static class Validation
            {
                public static IDataView RejectOutliers(MLContext ml, IDataView data) => data;
            }
            """ + Types;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nmlsec.training_data_validators = RejectOutliers\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_LookAlikeFit() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Trainer
        {
            void Train() => new Decoy.Estimator().Fit(Environment.GetEnvironmentVariable("DATA")!);
        }

        namespace Decoy
        {
            public sealed class Estimator { public void Fit(string data) { } }
        }
        """);
}
