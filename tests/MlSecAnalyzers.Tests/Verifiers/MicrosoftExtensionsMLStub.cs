namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>
/// THE ONE STUB. Microsoft.Extensions.ML (PredictionEnginePool) is not served by this machine's NuGet mirror, so tests
/// that need it add this source file: the public shape of Microsoft.Extensions.ML 4.0 that the rules look at
/// (pool, builder, FromFile/FromUri with their overloads as in 4.0.2, Predict), with bodies that do nothing. Everything else in the tests is real.
/// Needs <see cref="MlReferences.WithAspNetCore"/> (Microsoft.ML and IServiceCollection).
/// </summary>
internal static class MicrosoftExtensionsMLStub
{
    public const string Path = "/0/MicrosoftExtensionsMLStub.cs";

    public const string Source = """
        namespace Microsoft.Extensions.ML
        {
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public class PredictionEnginePool<TData, TPrediction>
                where TData : class
                where TPrediction : class, new()
            {
                public PredictionEngine<TData, TPrediction> GetPredictionEngine() => throw null!;
                public PredictionEngine<TData, TPrediction> GetPredictionEngine(string modelName) => throw null!;
                public void ReturnPredictionEngine(PredictionEngine<TData, TPrediction> engine) { }
                public void ReturnPredictionEngine(string modelName, PredictionEngine<TData, TPrediction> engine) { }
                public ITransformer GetModel() => throw null!;
                public ITransformer GetModel(string modelName) => throw null!;
            }

            public static class PredictionEnginePoolExtensions
            {
                public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> pool, TData example)
                    where TData : class where TPrediction : class, new() => throw null!;
                public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> pool, string modelName, TData example)
                    where TData : class where TPrediction : class, new() => throw null!;
            }

            public class PredictionEnginePoolBuilder<TData, TPrediction>
                where TData : class
                where TPrediction : class, new()
            {
                public PredictionEnginePoolBuilder(IServiceCollection services) => Services = services;
                public IServiceCollection Services { get; }
            }

            public static class BuilderExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string filePath)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string filePath, bool watchForChanges)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string filePath)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string filePath, bool watchForChanges)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string uri)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string uri)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, Uri uri)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string uri, TimeSpan period)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string uri, TimeSpan period)
                    where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, Uri uri, TimeSpan period)
                    where TData : class where TPrediction : class, new() => builder;
            }

            public static class ServiceCollectionExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(this IServiceCollection services)
                    where TData : class where TPrediction : class, new() => new(services);
            }
        }
        """;
}
