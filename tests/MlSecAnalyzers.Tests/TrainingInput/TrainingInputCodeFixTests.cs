using System.Threading.Tasks;
using MlSecAnalyzers.CodeFixes;
using Xunit;
using VerifyFilter = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.TrainingInput.UnvalidatedTrainingDataAnalyzer,
    MlSecAnalyzers.CodeFixes.TrainingInput.FilterTrainingRowsFixer>;
using VerifyHash = MlSecAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MlSecAnalyzers.TrainingInput.UntrustedModelLoadAnalyzer,
    MlSecAnalyzers.CodeFixes.TrainingInput.VerifyModelHashFixer>;

namespace MlSecAnalyzers.Tests.TrainingInput;

public sealed class TrainingInputCodeFixTests
{
    [Fact]
    public Task MLSEC030_Fix_FiltersRowsWithMissingValuesBeforeFit() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                var trainer = ml.Regression.Trainers.Sdca(featureColumnName: "Size");
                var first = {|MLSEC030:trainer.Fit(data)|};
                return {|MLSEC030:trainer.Fit(ml.Data.ShuffleRows(data))|};
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                var trainer = ml.Regression.Trainers.Sdca(featureColumnName: "Size");
                var first = trainer.Fit(ml.Data.FilterRowsByMissingValues(data, "Size", "Label"));
                return trainer.Fit(ml.Data.FilterRowsByMissingValues(ml.Data.ShuffleRows(data), "Size", "Label"));
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types,
        EquivalenceKeys.FilterRowsByMissingValues);

    [Fact]
    public Task MLSEC031_Fix_VerifiesPathAndBytesBeforeLoading() => VerifyHash.VerifyCodeFixAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            ITransformer FromEnvironment(MLContext ml)
            {
                var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                return {|MLSEC031:ml.Model.Load(path, out _)|};
            }

            async Task<InferenceSession> Download(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                var session = {|MLSEC031:new InferenceSession(bytes)|};
                return session;
            }
        }
        """, """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            ITransformer FromEnvironment(MLContext ml)
            {
                var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path)),
                        Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256") ?? throw new InvalidOperationException("Set MODEL_SHA256 to the model's expected SHA-256 digest."))))
                {
                    throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
                }
                return ml.Model.Load(path, out _);
            }

            async Task<InferenceSession> Download(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Security.Cryptography.SHA256.HashData(bytes),
                        Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256") ?? throw new InvalidOperationException("Set MODEL_SHA256 to the model's expected SHA-256 digest."))))
                {
                    throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
                }
                var session = new InferenceSession(bytes);
                return session;
            }
        }
        """,
        EquivalenceKeys.VerifyModelSha256);
}
