using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
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
    public Task MLSEC031_Fix_VerifiesNamedArgumentWrittenOutOfOrder() => VerifyHash.VerifyCodeFixAsync("""
        using System;
        using Microsoft.ML;

        class Models
        {
            ITransformer FromEnvironment(MLContext ml)
            {
                var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                return {|MLSEC031:ml.Model.Load(inputSchema: out _, filePath: path)|};
            }
        }
        """, """
        using System;
        using Microsoft.ML;

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
                return ml.Model.Load(inputSchema: out _, filePath: path);
            }
        }
        """,
        EquivalenceKeys.VerifyModelSha256);

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

    [Fact]
    public Task MLSEC030_Fix_NamesThePipelineColumnsAndFindsTheCatalog() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var pipeline = ml.Transforms.Concatenate("Features", nameof(Listing.Size))
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Listing.Price)));
                return {|MLSEC030:pipeline.Fit(Load(ml, configuration))|};
            }

            private static IDataView Load(MLContext context, IConfiguration configuration) =>
                context.Data.LoadFromTextFile<Listing>(configuration["Training:DataPath"]!, separatorChar: ',');
        }

        public sealed class Listing
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Price { get; set; }
            [LoadColumn(2)] public float Rating { get; set; }
        }
        """, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var pipeline = ml.Transforms.Concatenate("Features", nameof(Listing.Size))
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Listing.Price)));
                return pipeline.Fit(ml.Data.FilterRowsByMissingValues(Load(ml, configuration), "Size", "Price"));
            }

            private static IDataView Load(MLContext context, IConfiguration configuration) =>
                context.Data.LoadFromTextFile<Listing>(configuration["Training:DataPath"]!, separatorChar: ',');
        }

        public sealed class Listing
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Price { get; set; }
            [LoadColumn(2)] public float Rating { get; set; }
        }
        """,
        EquivalenceKeys.FilterRowsByMissingValues);

    // The fix filters the columns the loader makes of the row type, by ML.NET's rules for that loader (the ones MLSEC020
    // uses): TextLoader reads [LoadColumn] members, inherited ones included, and ignores [NoColumn].
    [Fact]
    public Task MLSEC030_Fix_FiltersNoColumnAndInheritedMembersTheTextLoaderLoads() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<Listing>(configuration["Training:DataPath"]!, separatorChar: ',');
                var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rating")
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
                return {|MLSEC030:pipeline.Fit(data)|};
            }
        }

        public class ListingBase
        {
            [LoadColumn(2)] public float Rating { get; set; }
        }

        public sealed class Listing : ListingBase
        {
            [LoadColumn(0), NoColumn] public float Size { get; set; }
            [LoadColumn(1)] public float Price { get; set; }
        }
        """, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<Listing>(configuration["Training:DataPath"]!, separatorChar: ',');
                var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rating")
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
                return pipeline.Fit(ml.Data.FilterRowsByMissingValues(data, "Size", "Price", "Rating"));
            }
        }

        public class ListingBase
        {
            [LoadColumn(2)] public float Rating { get; set; }
        }

        public sealed class Listing : ListingBase
        {
            [LoadColumn(0), NoColumn] public float Size { get; set; }
            [LoadColumn(1)] public float Price { get; set; }
        }
        """,
        EquivalenceKeys.FilterRowsByMissingValues);

    // LoadFromEnumerable (SchemaDefinition) leaves out [NoColumn] members, and no loader reads a property without a
    // public getter: naming them in FilterRowsByMissingValues would throw (no such column).
    [Fact]
    public Task MLSEC030_Fix_LeavesOutMembersTheLoaderDoesNotRead() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = {|MLSEC030:ml.Transforms.Concatenate("Features", "Size", "Score", "Weight").Append(ml.Regression.Trainers.Sdca()).Fit(data)|};
            return Results.Ok();
        });

        public sealed class HouseRow
        {
            public float Size { get; set; }
            public float Label { get; set; }
            [NoColumn] public float Score { get; set; }
            public float Weight { private get; set; }
        }
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = ml.Transforms.Concatenate("Features", "Size", "Score", "Weight").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.FilterRowsByMissingValues(data, "Size", "Label"));
            return Results.Ok();
        });

        public sealed class HouseRow
        {
            public float Size { get; set; }
            public float Label { get; set; }
            [NoColumn] public float Score { get; set; }
            public float Weight { private get; set; }
        }
        """,
        EquivalenceKeys.FilterRowsByMissingValues);

    // ML.NET's own samples load through a TextLoader made from the row type; the fix reads that row type's columns.
    [Fact]
    public Task MLSEC030_Fix_NamesTheColumnsOfATextLoaderMadeFromTheRowType() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var loader = ml.Data.CreateTextLoader<HouseRow>(separatorChar: ',', hasHeader: true);
                var data = loader.Load(configuration["Training:DataPath"]!);
                var pipeline = ml.Regression.Trainers.Sdca(featureColumnName: "Size");
                var first = {|MLSEC030:pipeline.Fit(data)|};
                return {|MLSEC030:pipeline.Fit(ml.Data.CreateTextLoader<HouseRow>().Load(configuration["Training:Other"]!))|};
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var loader = ml.Data.CreateTextLoader<HouseRow>(separatorChar: ',', hasHeader: true);
                var data = loader.Load(configuration["Training:DataPath"]!);
                var pipeline = ml.Regression.Trainers.Sdca(featureColumnName: "Size");
                var first = pipeline.Fit(ml.Data.FilterRowsByMissingValues(data, "Size", "Label"));
                return pipeline.Fit(ml.Data.FilterRowsByMissingValues(ml.Data.CreateTextLoader<HouseRow>().Load(configuration["Training:Other"]!), "Size", "Label"));
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types,
        EquivalenceKeys.FilterRowsByMissingValues);

    [Fact]
    public Task MLSEC030_NoFix_WhenNoCatalogOrNoNumericColumn() => VerifyFilter.VerifyNoCodeFixAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/labels", (TextRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = {|MLSEC030:ml.Transforms.Text.FeaturizeText("Features", nameof(TextRow.Text)).Fit(data)|};
            return Results.Ok();
        });

        public sealed class TextRow { public string Text { get; set; } = ""; public bool Label { get; set; } }
        """);

    // The MLContext local is declared in the try block, out of scope at the Fit: naming it there would not compile.
    [Fact]
    public Task MLSEC030_NoFix_WhenTheLoadersCatalogIsOutOfScopeAtFit() => VerifyFilter.VerifyNoCodeFixAsync("""
        using System.IO;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer? Train(IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                IDataView data;
                try
                {
                    var ml = new MLContext(seed: 1);
                    data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                }
                catch (IOException)
                {
                    return null;
                }

                return {|MLSEC030:pipeline.Fit(data)|};
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types);

    // Neighbour: the same shape with the MLContext declared before the try keeps the fix.
    [Fact]
    public Task MLSEC030_Fix_WhenTheLoadersCatalogIsInScopeAtFit() => VerifyFilter.VerifyCodeFixAsync("""
        using System.IO;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer? Train(IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                IDataView data;
                var ml = new MLContext(seed: 1);
                try
                {
                    data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                }
                catch (IOException)
                {
                    return null;
                }

                return {|MLSEC030:pipeline.Fit(data)|};
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types, """
        using System.IO;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer? Train(IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                IDataView data;
                var ml = new MLContext(seed: 1);
                try
                {
                    data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                }
                catch (IOException)
                {
                    return null;
                }

                return pipeline.Fit(ml.Data.FilterRowsByMissingValues(data, "Size", "Label"));
            }
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types,
        EquivalenceKeys.FilterRowsByMissingValues);

    [Fact]
    public Task MLSEC031_Fix_PutsTheArgumentInALocalWithItsOwnDigest() => VerifyHash.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            void Load(MLContext ml, IConfiguration configuration)
            {
                var churn = {|MLSEC031:ml.Model.Load(configuration["Models:ChurnPath"]!, out _)|};
                using var session = {|MLSEC031:new InferenceSession(configuration["Models:Ranker"]!)|};
            }
        }
        """, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            void Load(MLContext ml, IConfiguration configuration)
            {
                var churnPath = configuration["Models:ChurnPath"]!;
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(churnPath)),
                        System.Convert.FromHexString(System.Environment.GetEnvironmentVariable("CHURN_MODEL_SHA256") ?? throw new System.InvalidOperationException("Set CHURN_MODEL_SHA256 to the model's expected SHA-256 digest."))))
                {
                    throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
                }
                var churn = ml.Model.Load(churnPath, out _);
                var rankerPath = configuration["Models:Ranker"]!;
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(rankerPath)),
                        System.Convert.FromHexString(System.Environment.GetEnvironmentVariable("RANKER_MODEL_SHA256") ?? throw new System.InvalidOperationException("Set RANKER_MODEL_SHA256 to the model's expected SHA-256 digest."))))
                {
                    throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
                }
                using var session = new InferenceSession(rankerPath);
            }
        }
        """,
        EquivalenceKeys.VerifyModelSha256);

    // FromFile with watchForChanges: false loads the file once: the check goes before the registration, as before
    // Model.Load (here in top-level statements, the configuration value put in a local first); Fix All fixes both.
    [Fact]
    public Task MLSEC031_Fix_VerifiesAnUnwatchedFromFilesFileBeforeTheRegistration()
    {
        var test = VerifyHash.CreateTest();
        test.CodeActionEquivalenceKey = EquivalenceKeys.VerifyModelSha256;
        test.TestState.Sources.Add(MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Source);
        test.TestState.Sources.Add("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var sentimentPath = Environment.GetEnvironmentVariable("SENTIMENT_MODEL_PATH")!;
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(builder.Configuration["Models:RankerPath"]!, watchForChanges: false)|};
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", sentimentPath, false)|};

            public sealed class Input { public string Text { get; set; } = ""; }
            public sealed class Output { public bool Positive { get; set; } }
            """);
        test.FixedState.Sources.Add(MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Source);
        test.FixedState.Sources.Add("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var sentimentPath = Environment.GetEnvironmentVariable("SENTIMENT_MODEL_PATH")!;
            var rankerPath = builder.Configuration["Models:RankerPath"]!;

            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(rankerPath)),
                    Convert.FromHexString(Environment.GetEnvironmentVariable("RANKER_MODEL_SHA256") ?? throw new InvalidOperationException("Set RANKER_MODEL_SHA256 to the model's expected SHA-256 digest."))))
            {
                throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
            }
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(rankerPath, watchForChanges: false);
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(sentimentPath)),
                    Convert.FromHexString(Environment.GetEnvironmentVariable("SENTIMENT_MODEL_SHA256") ?? throw new InvalidOperationException("Set SENTIMENT_MODEL_SHA256 to the model's expected SHA-256 digest."))))
            {
                throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
            }
            builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", sentimentPath, false);

            public sealed class Input { public string Text { get; set; } = ""; }
            public sealed class Output { public bool Positive { get; set; } }
            """);
        return test.RunAsync();
    }

    // A watched FromFile reloads the file whenever it changes: a check before the registration would see only the
    // first version, and the rule would still report it. No fix, whichever overload watches.
    [Fact]
    public Task MLSEC031_NoFix_ForAWatchedFromFile()
    {
        var test = VerifyHash.CreateTest();
        var source = """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.ML;

            var builder = WebApplication.CreateBuilder(args);
            var path = Environment.GetEnvironmentVariable("MODEL_PATH")!;
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(path)|};
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", path)|};
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile(path, watchForChanges: true)|};
            {|MLSEC031:builder.Services.AddPredictionEnginePool<Input, Output>().FromFile("sentiment", path, builder.Configuration.GetValue<bool>("Model:Watch"))|};

            public sealed class Input { public string Text { get; set; } = ""; }
            public sealed class Output { public bool Positive { get; set; } }
            """;
        test.TestState.Sources.Add(MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Source);
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(MlSecAnalyzers.Tests.Verifiers.MicrosoftExtensionsMLStub.Source);
        test.FixedState.Sources.Add(source);
        return test.RunAsync();
    }

    [Fact]
    public Task MLSEC031_NoFix_ForStreamsAndExpressionBodies() => VerifyHash.VerifyNoCodeFixAsync("""
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/models", (IFormFile upload, MLContext ml) =>
        {
            using var stream = upload.OpenReadStream();
            var model = {|MLSEC031:ml.Model.Load(stream, out _)|};
            return Results.Ok();
        });

        static class Loader
        {
            public static ITransformer Load(MLContext ml) => {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
        }
        """);

    [Fact]
    public Task MLSEC031_NoFix_ForAnExpressionLambdasParameter() => VerifyHash.VerifyNoCodeFixAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/sessions", (string modelPath) => {|MLSEC031:new InferenceSession(modelPath)|}.InputNames.Count);
        app.Run();
        """);

    [Fact]
    public Task MLSEC031_Fix_InsideABlockLambda() => VerifyHash.VerifyCodeFixAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/sessions", (string modelPath) =>
        {
            using var session = {|MLSEC031:new InferenceSession(modelPath)|};
            return session.InputNames.Count;
        });
        app.Run();
        """, """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/sessions", (string modelPath) =>
        {
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(modelPath)),
                    System.Convert.FromHexString(System.Environment.GetEnvironmentVariable("MODEL_SHA256") ?? throw new System.InvalidOperationException("Set MODEL_SHA256 to the model's expected SHA-256 digest."))))
            {
                throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
            }
            using var session = new InferenceSession(modelPath);
            return session.InputNames.Count;
        });
        app.Run();
        """,
        EquivalenceKeys.VerifyModelSha256);

    [Fact]
    public Task MLSEC031_NoFix_InABranchThatMayNotRun() => VerifyHash.VerifyNoCodeFixAsync("""
        using System;
        using System.Linq;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            int Ternary()
            {
                var remote = Environment.GetEnvironmentVariable("MODEL_PATH");
                using var session = remote is null ? new InferenceSession("model.onnx") : {|MLSEC031:new InferenceSession(remote)|};
                return session.InputNames.Count;
            }

            int SwitchArm(IConfiguration configuration, string kind)
            {
                using var session = kind switch
                {
                    "remote" => {|MLSEC031:new InferenceSession(configuration["Models:Remote"]!)|},
                    _ => new InferenceSession("model.onnx"),
                };
                return session.InputNames.Count;
            }

            int Query(string[] paths)
            {
                var sessions = (from path in paths where path.Length > 0 select {|MLSEC031:new InferenceSession(Environment.GetEnvironmentVariable(path)!)|}).ToList();
                return sessions.Count;
            }
        }
        """);

    // The check before the statement would read the path before the statement assigns it (CS0165), or hash the old file.
    [Fact]
    public Task MLSEC031_NoFix_WhenTheStatementAssignsWhatTheArgumentReads() => VerifyHash.VerifyNoCodeFixAsync("""
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;

        class Models
        {
            static InferenceSession Keep(string _, InferenceSession session) => session;

            InferenceSession Open()
            {
                string path;
                return Keep(path = Environment.GetEnvironmentVariable("MODEL_PATH")!, {|MLSEC031:new InferenceSession(path)|});
            }

            InferenceSession Combined()
            {
                string directory;
                return Keep(directory = Environment.GetEnvironmentVariable("MODEL_DIR")!, {|MLSEC031:new InferenceSession(Path.Combine(directory, "model.onnx"))|});
            }
        }
        """);

    // An out parameter the method has not assigned yet cannot be read at the Fit (CS0269).
    [Fact]
    public Task MLSEC030_NoFix_WhenTheCatalogIsAnUnassignedOutParameter() => VerifyFilter.VerifyNoCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(out MLContext ml, IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                var context = new MLContext();
                var model = {|MLSEC030:pipeline.Fit(Load(context, configuration))|};
                ml = context;
                return model;
            }

            private static IDataView Load(MLContext context, IConfiguration configuration) =>
                context.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types);

    // Neighbour: once the out parameter is assigned, the fix reads it.
    [Fact]
    public Task MLSEC030_Fix_WhenTheOutParameterIsAssignedBeforeFit() => VerifyFilter.VerifyCodeFixAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(out MLContext ml, IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                ml = new MLContext();
                return {|MLSEC030:pipeline.Fit(Load(ml, configuration))|};
            }

            private static IDataView Load(MLContext context, IConfiguration configuration) =>
                context.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types, """
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(out MLContext ml, IConfiguration configuration, IEstimator<ITransformer> pipeline)
            {
                ml = new MLContext();
                return pipeline.Fit(ml.Data.FilterRowsByMissingValues(Load(ml, configuration), "Size", "Label"));
            }

            private static IDataView Load(MLContext context, IConfiguration configuration) =>
                context.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
        }
        """ + MLSEC030UnvalidatedTrainingDataTests.Types,
        EquivalenceKeys.FilterRowsByMissingValues);

    private const string Check = """
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(modelPath2)),
                        Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_PATH2_SHA256") ?? throw new InvalidOperationException("Set MODEL_PATH2_SHA256 to the model's expected SHA-256 digest."))))
                {
                    throw new InvalidDataException("The model does not match its expected SHA-256 digest.");
                }
        """;

    [Fact]
    public Task MLSEC031_FixAll_TopLevelLoadsGetDistinctLocals() => VerifyHash.VerifyCodeFixAsync("""
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;

        var http = new HttpClient();
        using var ranker = {|MLSEC031:new InferenceSession(await http.GetByteArrayAsync("https://models.contoso.com/ranker.onnx"))|};
        using var churn = {|MLSEC031:new InferenceSession(await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx"))|};
        """, """
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;

        var http = new HttpClient();
        var modelBytes = await http.GetByteArrayAsync("https://models.contoso.com/ranker.onnx");

        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Security.Cryptography.SHA256.HashData(modelBytes),
                System.Convert.FromHexString(System.Environment.GetEnvironmentVariable("MODEL_SHA256") ?? throw new System.InvalidOperationException("Set MODEL_SHA256 to the model's expected SHA-256 digest."))))
        {
            throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
        }
        using var ranker = new InferenceSession(modelBytes);
        var modelBytes2 = await http.GetByteArrayAsync("https://models.contoso.com/churn.onnx");

        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Security.Cryptography.SHA256.HashData(modelBytes2),
                System.Convert.FromHexString(System.Environment.GetEnvironmentVariable("MODEL_BYTES2_SHA256") ?? throw new System.InvalidOperationException("Set MODEL_BYTES2_SHA256 to the model's expected SHA-256 digest."))))
        {
            throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
        }
        using var churn = new InferenceSession(modelBytes2);
        """,
        EquivalenceKeys.VerifyModelSha256);

    [Fact]
    public Task MLSEC031_Fix_LocalNameAvoidsNamesDeclaredLaterInTheBody() => VerifyHash.VerifyCodeFixAsync("""
        using System;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;

        class Models
        {
            void Foreach(MLContext ml)
            {
                var model = {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
                foreach (var modelPath in Directory.GetFiles("models"))
                    Console.WriteLine(modelPath);
            }

            void Pattern(MLContext ml, object setting)
            {
                var model = {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
                if (setting is string modelPath)
                    Console.WriteLine(modelPath);
            }

            void OutAndCatch(MLContext ml)
            {
                var model = {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
                {
                    int.TryParse("1", out var modelPath);
                }
                try { }
                catch (IOException modelPath2) { Console.WriteLine(modelPath2); }
            }

            void Lambda(MLContext ml)
            {
                var model = {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
                Console.WriteLine(Directory.GetFiles("models").Count(modelPath => modelPath.EndsWith(".zip")));
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;

        class Models
        {
            void Foreach(MLContext ml)
            {
                var modelPath2 = Environment.GetEnvironmentVariable("MODEL_PATH")!;
        {{Check}}
                var model = ml.Model.Load(modelPath2, out _);
                foreach (var modelPath in Directory.GetFiles("models"))
                    Console.WriteLine(modelPath);
            }

            void Pattern(MLContext ml, object setting)
            {
                var modelPath2 = Environment.GetEnvironmentVariable("MODEL_PATH")!;
        {{Check}}
                var model = ml.Model.Load(modelPath2, out _);
                if (setting is string modelPath)
                    Console.WriteLine(modelPath);
            }

            void OutAndCatch(MLContext ml)
            {
                var modelPath3 = Environment.GetEnvironmentVariable("MODEL_PATH")!;
        {{Check.Replace("modelPath2", "modelPath3").Replace("PATH2", "PATH3")}}
                var model = ml.Model.Load(modelPath3, out _);
                {
                    int.TryParse("1", out var modelPath);
                }
                try { }
                catch (IOException modelPath2) { Console.WriteLine(modelPath2); }
            }

            void Lambda(MLContext ml)
            {
                var modelPath2 = Environment.GetEnvironmentVariable("MODEL_PATH")!;
        {{Check}}
                var model = ml.Model.Load(modelPath2, out _);
                Console.WriteLine(Directory.GetFiles("models").Count(modelPath => modelPath.EndsWith(".zip")));
            }
        }
        """,
        EquivalenceKeys.VerifyModelSha256);

    [Fact]
    public Task MLSEC031_Fix_StaysUnderTheLoadsIfDebug()
    {
        var test = VerifyHash.CreateTest();
        test.TestCode = """
            using System;
            using Microsoft.ML;

            class Models
            {
                void Load(MLContext ml)
                {
                    // Only debug builds load the model.
            #if DEBUG
                    var model = {|MLSEC031:ml.Model.Load(Environment.GetEnvironmentVariable("MODEL_PATH")!, out _)|};
            #endif
                }
            }
            """;
        test.FixedCode = """
            using System;
            using Microsoft.ML;

            class Models
            {
                void Load(MLContext ml)
                {
                    // Only debug builds load the model.
            #if DEBUG
                    var modelPath = Environment.GetEnvironmentVariable("MODEL_PATH")!;
                    if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                            System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(modelPath)),
                            Convert.FromHexString(Environment.GetEnvironmentVariable("MODEL_SHA256") ?? throw new InvalidOperationException("Set MODEL_SHA256 to the model's expected SHA-256 digest."))))
                    {
                        throw new System.IO.InvalidDataException("The model does not match its expected SHA-256 digest.");
                    }
                    var model = ml.Model.Load(modelPath, out _);
            #endif
                }
            }
            """;
        test.CodeActionEquivalenceKey = EquivalenceKeys.VerifyModelSha256;
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectParseOptions(
            projectId, ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithPreprocessorSymbols("DEBUG")));
        return test.RunAsync(CancellationToken.None);
    }
}
