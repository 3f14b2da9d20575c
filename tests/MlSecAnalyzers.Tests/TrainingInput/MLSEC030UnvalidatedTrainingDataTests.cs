using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
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

    // A retraining endpoint given an abstract feedback store (the container's, registered as an implementation in
    // another project): the request cannot build an abstract class, so its rows are not the request's. A polymorphic
    // DTO the body binds ([JsonDerivedType]) still is.
    [Fact]
    public Task AbstractClassHandlerParameter_IsAServiceUnlessPolymorphic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (FeedbackStore store, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(store.Approved());
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            return Results.Ok();
        });
        app.MapPost("/retrain/batch", (TrainingBatch batch, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(batch.Rows);
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        });

        public abstract class FeedbackStore
        {
            public abstract IReadOnlyList<HouseRow> Approved();
        }

        [JsonDerivedType(typeof(CsvBatch), "csv")]
        public abstract class TrainingBatch { public List<HouseRow> Rows { get; set; } = new(); }
        public sealed class CsvBatch : TrainingBatch { }
        """ + Types,
        Expect(0, "the request"));

    // A method group or a local function passed to Map* is a handler: its parameters come from the request.
    [Fact]
    public Task Flags_RowsPostedToMethodGroupOrLocalFunctionHandlers() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", Retraining.Retrain);
        app.MapPost("/retrain/list", RetrainList);
        app.Run();

        IResult RetrainList(List<HouseRow> rows, MLContext ml)
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = {|#1:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        }

        static class Retraining
        {
            public static IResult Retrain(HouseRow[] rows, MLContext ml)
            {
                var data = ml.Data.LoadFromEnumerable(rows);
                var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
                return Results.Ok();
            }
        }
        """ + Types,
        Expect(0, "the request"),
        Expect(1, "the request"));

    // A lambda held in a local and passed to Map* is the handler; the same shape never mapped is an ordinary lambda.
    [Fact]
    public Task Flags_RowsPostedToHandlerHeldInLocal() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        var retrain = (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        };
        app.MapPost("/retrain", retrain);
        var offline = (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            return Results.Ok();
        };
        offline(new HouseRow[0], new MLContext());
        app.Run();
        """ + Types,
        Expect(0, "the request"));

    [Theory]
    [InlineData("DataFile")]                          // the same constant
    [InlineData("Path.Combine(_root, \"houses.csv\")")] // the same combination of the same field and text
    public Task Flags_DownloadSavedToDiskThenLoaded(string path) => Verify.VerifyAnalyzerAsync(
        SavedThenLoaded(path, path, "{|#0:ml.Regression.Trainers.Sdca(featureColumnName: \"Size\").Fit(data)|}"),
        Expect(0, "an HTTP download"));

    // The same shape is not the same file: another field, property or framework call names another path.
    [Theory]
    [InlineData("Path.Combine(_cache, \"houses.csv\")", "Path.Combine(_root, \"houses.csv\")")]
    [InlineData("Path.Combine(CacheDir, \"houses.csv\")", "Path.Combine(RootDir, \"houses.csv\")")]
    [InlineData("Path.Combine(Path.GetTempPath(), \"houses.csv\")", "Path.Combine(Directory.GetCurrentDirectory(), \"houses.csv\")")]
    public Task NoDiagnostic_DownloadSavedToAnotherPath(string saved, string loaded) => Verify.VerifyAnalyzerAsync(
        SavedThenLoaded(saved, loaded, "ml.Regression.Trainers.Sdca(featureColumnName: \"Size\").Fit(data)"));

    /// <summary>A download written to <paramref name="saved"/>, and a training run that loads <paramref name="loaded"/>.</summary>
    private static string SavedThenLoaded(string saved, string loaded, string fit) => """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataFile = "data/houses.csv";
            private readonly string _root = "data";
            private readonly string _cache = "cache";
            private string RootDir { get; } = "data";
            private string CacheDir { get; } = "cache";

            async Task RefreshAsync(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://data.contoso.com/houses.csv");
                await File.WriteAllBytesAsync(SAVED, bytes);
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(LOADED, separatorChar: ',');
                return FIT;
            }
        }
        """.Replace("SAVED", saved).Replace("LOADED", loaded).Replace("FIT", fit) + Types;

    // The download is written by a file that reaches System.IO.File only through a global using declared in another file
    // (an SDK's <Using Include="System.IO.File" Static="true" /> writes one): its text never names File, and the
    // search for File's writers still reads it.
    [Theory]
    [InlineData("global using static System.IO.File;", "WriteAllBytesAsync")]
    [InlineData("global using static global::System.IO.File;", "WriteAllBytesAsync")]
    [InlineData("global using IOFile = System.IO.File;", "IOFile.WriteAllBytesAsync")]
    public async Task Flags_DownloadSavedThroughAGlobalUsingOfFileThenLoaded(string global, string write)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add(("/0/Usings.cs", global + "\n"));
        test.TestState.Sources.Add(("/0/Refresh.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Refresh
            {
                async Task RunAsync(HttpClient http) =>
                    await WRITE(Paths.Data, await http.GetByteArrayAsync("https://data.contoso.com/houses.csv"));
            }
            """.Replace("WRITE", write)));
        test.TestState.Sources.Add(("/0/Trainer.cs", """
            using Microsoft.ML;

            static class Paths { public const string Data = "data/houses.csv"; }

            class Trainer
            {
                ITransformer Train(MLContext ml)
                {
                    var data = ml.Data.LoadFromTextFile<HouseRow>(Paths.Data, separatorChar: ',');
                    return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
                }
            }
            """ + Types));
        test.ExpectedDiagnostics.Add(Expect(0, "an HTTP download"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_UploadCopiedToATempFile() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/datasets", async (IFormFile upload, MLContext ml) =>
        {
            var path = Path.Combine(Path.GetTempPath(), "upload.csv");
            using (var file = File.Create(path))
                await upload.CopyToAsync(file);

            var data = ml.Data.LoadFromTextFile<HouseRow>(path, separatorChar: ',');
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        });
        """ + Types,
        Expect(0, "an uploaded file"));

    [Theory]
    [InlineData("Path.Combine(\"/data\", name)", "the request")]
    [InlineData("string.Concat(\"/data/\", name)", "the request")]
    [InlineData("new[] { name }.First()", "the request")]
    [InlineData("File.ReadAllText(name).Trim()", "the request")]
    [InlineData("Path.GetFullPath(Environment.GetEnvironmentVariable(\"DATA_FILE\")!)", "the environment")]
    public Task Flags_UntrustedPathThroughFrameworkHelpers(string path, string source) =>
        Verify.VerifyAnalyzerAsync(RetrainingFrom(path), Expect(0, source));

    [Theory]
    [InlineData("$\"data/shard{name.IndexOf('-')}.csv\"")]
    [InlineData("string.IsNullOrEmpty(name) ? \"data/a.csv\" : \"data/b.csv\"")]
    [InlineData("$\"data/shard{string.Compare(name, \"m\", StringComparison.Ordinal)}.csv\"")]
    public Task NoDiagnostic_NumbersAndFlagsComputedFromTheRequest(string path) =>
        Verify.VerifyAnalyzerAsync(RetrainingFrom(path));

    /// <summary>A retraining endpoint whose training file is <paramref name="path"/>, an expression of the request's <c>name</c>.</summary>
    private static string RetrainingFrom(string path) => """
        using System;
        using System.IO;
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (string name, MLContext ml) =>
        {
            var data = ml.Data.LoadFromTextFile<HouseRow>(PATH, separatorChar: ',');
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        });
        """.Replace("PATH", path) + Types;

    [Fact]
    public Task Flags_FeedbackStoreFilledByAnEndpoint() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/feedback", (HouseRow correction, FeedbackStore store) =>
        {
            store.Add(correction);
            return Results.Accepted();
        });

        public sealed class FeedbackStore
        {
            private readonly ConcurrentQueue<HouseRow> _rows = new();
            public void Add(HouseRow row) => _rows.Enqueue(row);
            public IReadOnlyCollection<HouseRow> Rows => _rows;
        }

        public sealed class NightlyRetraining(MLContext ml, FeedbackStore store)
        {
            public ITransformer Run()
            {
                var data = ml.Data.LoadFromEnumerable(store.Rows);
                var pipeline = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca());
                return {|#0:pipeline.Fit(data)|};
            }
        }
        """ + Types,
        Expect(0, "the request"));

    // A DbContext in a handler's parameters comes from the container (AddDbContext, or a registration in another
    // project the compilation cannot see): the app's own database is not the request. A class of the app's own that
    // derives from nothing, or from a Microsoft data class (ProblemDetails), is still bound from the body.
    [Fact]
    public Task HandlerDbContextIsNotTheRequest_ItsOwnDtoIs() => Verify.VerifyAnalyzerAsync("""
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDbContext<HousingDb>();
        var app = builder.Build();
        app.MapPost("/retrain", (HousingDb db, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(db.Houses.Where(h => h.Size > 0).ToList());
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            return Results.Ok();
        });
        app.MapPost("/retrain/archive", (ArchiveDb archive, MLContext ml) =>
        {
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(archive.Houses));
            return Results.Ok();
        });
        app.MapPost("/retrain/upload", (HouseBatch batch, MLContext ml) =>
        {
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(batch.Houses))|};
            return Results.Ok();
        });
        app.MapPost("/retrain/report", (HouseReport report, MLContext ml) =>
        {
            var model = {|#1:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(report.Houses))|};
            return Results.Ok();
        });
        app.Run();

        [ApiController]
        public sealed class RetrainController(MLContext ml) : ControllerBase
        {
            [HttpPost("retrain/controller")]
            public IActionResult Retrain(HousingDb db)
            {
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(db.Houses.ToList()));
                return Ok();
            }
        }

        public sealed class HousingDb(DbContextOptions<HousingDb> options) : DbContext(options)
        {
            public DbSet<HouseRow> Houses => Set<HouseRow>();
        }

        // Registered by a data-access project this compilation does not see.
        public sealed class ArchiveDb(DbContextOptions<ArchiveDb> options) : DbContext(options)
        {
            public DbSet<HouseRow> Houses => Set<HouseRow>();
        }

        public sealed class HouseBatch
        {
            public HouseRow[] Houses { get; set; } = [];
        }

        // Built on a Microsoft data class, not a service: still the request body.
        public sealed class HouseReport : ProblemDetails
        {
            public HouseRow[] Houses { get; set; } = [];
        }
        """ + Types, MlReferences.WithEntityFrameworkCore, Expect(0, "the request"), Expect(1, "the request"));

    // A BackgroundService of the app's is a service the handler gets from the container (AddHostedService registers
    // the IHostedService, often in another project), not request data: what it stages is the app's own.
    [Fact]
    public Task HandlerBackgroundServiceIsNotTheRequest() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Hosting;
        using Microsoft.ML;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/retrain-now", (EtlWorker worker, MLContext ml) =>
        {
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(worker.Staged));
            return Results.Ok();
        });
        app.Run();

        public sealed class EtlWorker : BackgroundService
        {
            public HouseRow[] Staged { get; private set; } = [];
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
        }
        """ + Types);

    // Training files named by the app's options are configured paths, as configuration["Training:DataPath"] is (see
    // Flags_TrainingFileFromConfiguration): the options system binds them from configuration.
    [Fact]
    public Task Flags_TrainingFileFromOptions() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Options;
        using Microsoft.ML;

        public sealed class TrainingOptions { public string DataFile { get; set; } = ""; }

        public static class Setup
        {
            public static void Add(IServiceCollection services) => services.AddOptions<TrainingOptions>().BindConfiguration("Training");
        }

        public sealed class Trainer(MLContext ml, IOptions<TrainingOptions> options, IHostEnvironment env)
        {
            public ITransformer Train()
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(Path.Combine(env.ContentRootPath, options.Value.DataFile), separatorChar: ',');
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }

            public ITransformer Seeded() =>
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromTextFile<HouseRow>(Path.Combine(env.ContentRootPath, "data", "seed.csv"), separatorChar: ','));
        }
        """ + Types,
        Expect(0, "configuration"));

    // An app may name its own code Microsoft.* (eShopOnWeb is Microsoft.eShopWeb.*): a framework type is one a framework
    // assembly declares, so the app's DTOs stay request data, in this project and in a project it references
    // (ApplicationCore.dll, namespace Microsoft.eShopWeb.ApplicationCore). Its DbContext built on its own base class in
    // that namespace is still a service (the base derives from EF Core's DbContext), and a BackgroundService the
    // handler gets from the container is one too. The other project is seen as a build sees it (a built assembly) and
    // as an IDE does (a project reference).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppInMicrosoftNamespace_ItsDtosAreRequestData(bool builtAssembly)
    {
        var test = Verify.CreateTest(MlReferences.WithEntityFrameworkCore);
        test.TestCode = """
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Hosting;
            using Microsoft.ML;
            using Microsoft.eShopWeb.ApplicationCore;

            namespace Microsoft.eShopWeb.PublicApi
            {
                public static class RetrainEndpoints
                {
                    public static void Map(WebApplication app)
                    {
                        app.MapPost("/api/retrain", (RetrainRequest request, MLContext ml) =>
                        {
                            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(request.Rows))|};
                            return Results.Ok();
                        });
                        app.MapPost("/api/retrain/batch", (RowBatch batch, MLContext ml) =>
                        {
                            var model = {|#1:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(batch.Rows))|};
                            return Results.Ok();
                        });
                        app.MapPost("/api/retrain/catalog", (CatalogContext db, MLContext ml) =>
                        {
                            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(db.Rows.ToList()));
                            return Results.Ok();
                        });
                        app.MapPost("/api/retrain/staged", (EtlWorker worker, MLContext ml) =>
                        {
                            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(worker.Staged));
                            return Results.Ok();
                        });
                    }
                }

                public sealed class RetrainRequest { public Row[] Rows { get; set; } = []; }

                public abstract class EShopDbContext(DbContextOptions options) : DbContext(options) { }

                public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : EShopDbContext(options)
                {
                    public DbSet<Row> Rows => Set<Row>();
                }

                public sealed class EtlWorker : BackgroundService
                {
                    public Row[] Staged { get; private set; } = [];
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
                }
            }
            """;
        const string ApplicationCore = """
            namespace Microsoft.eShopWeb.ApplicationCore
            {
                public sealed class Row { public float Size { get; set; } public float Label { get; set; } }
                public sealed class RowBatch { public Row[] Rows { get; set; } = []; }
            }
            """;
        if (builtAssembly)
        {
            test.TestState.AdditionalReferences.Add(await BuiltProject.ReferenceAsync("ApplicationCore", ApplicationCore));
        }
        else
        {
            test.TestState.AdditionalProjects["ApplicationCore"].Sources.Add(("/ApplicationCore/Rows.cs", ApplicationCore));
            test.TestState.AdditionalProjectReferences.Add("ApplicationCore");
        }

        test.ExpectedDiagnostics.Add(Expect(0, "the request"));
        test.ExpectedDiagnostics.Add(Expect(1, "the request"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_DataThroughHelperMethods() => Verify.VerifyAnalyzerAsync("""
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;

        public sealed class RetrainController(MLContext ml) : ControllerBase
        {
            [HttpPost("retrain")]
            public IActionResult Retrain([FromBody] HouseRow[] rows)
            {
                Train(ml.Data.LoadFromEnumerable(rows));
                return Ok();
            }

            private ITransformer Train(IDataView data) => {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};

            public async Task<ITransformer> Mirror(HttpClient http)
            {
                var data = ml.Data.LoadFromEnumerable(await DownloadAsync(http));
                return {|#1:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }

            private static async Task<HouseRow[]> DownloadAsync(HttpClient http) =>
                await http.GetFromJsonAsync<HouseRow[]>("https://data.contoso.com/houses.json") ?? [];
        }
        """ + Types,
        Expect(0, "the request body"),
        Expect(1, "an HTTP download"));

    [Fact]
    public Task NoDiagnostic_TrustedStoresFilesAndHelpers() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/feedback", (HouseRow correction, FeedbackStore store, MLContext ml) =>
        {
            store.Add(correction);
            // Validated on the way: rows with a missing size or price are dropped, prices out of range too.
            var data = ml.Data.FilterRowsByColumn(ml.Data.FilterRowsByMissingValues(ml.Data.LoadFromEnumerable(store.Rows), "Size", "Label"), "Label", 1_000, 10_000_000);
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            return Results.Accepted();
        });

        public sealed class FeedbackStore
        {
            private readonly List<HouseRow> _rows = new();
            public void Add(HouseRow row) => _rows.Add(row);
            public IReadOnlyList<HouseRow> Rows => _rows;
        }

        // Filled by the application itself, and a file it writes itself.
        public sealed class Seeds(MLContext ml)
        {
            private readonly List<HouseRow> _rows = new() { new HouseRow { Size = 70, Price = 250_000 } };

            public ITransformer FromSeeds() => ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(_rows));

            public ITransformer FromLocalFile()
            {
                File.WriteAllText("data/seed.csv", "70,250000,Paris");
                return Train(ml.Data.LoadFromTextFile<HouseRow>("data/seed.csv", separatorChar: ','));
            }

            private ITransformer Train(IDataView data) => ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
        }

        // Look-alikes of HttpClient and IFormFile in another namespace are not sources.
        public sealed class Mirror(MLContext ml)
        {
            public ITransformer Train(Decoy.HttpClient http, Decoy.IFormFile upload)
            {
                File.WriteAllBytes("data/mirror.csv", http.GetByteArrayAsync("https://example.com").Result);
                var data = ml.Data.LoadFromTextFile<HouseRow>("data/mirror.csv", separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }

        namespace Decoy
        {
            public sealed class HttpClient { public System.Threading.Tasks.Task<byte[]> GetByteArrayAsync(string url) => System.Threading.Tasks.Task.FromResult(new byte[0]); }
            public interface IFormFile { System.IO.Stream OpenReadStream(); }
        }
        """ + Types);

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

    // Validation by reassigning the same local: the unvalidated view is overwritten before Fit.
    [Fact]
    public Task NoDiagnostic_ValidatedByReassigningTheLocal() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            data = ml.Data.FilterRowsByMissingValues(data, "Size", "Label");
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            return Results.Ok();
        });

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                data = ml.Data.FilterRowsByMissingValues(data, "Size", "Label");
                data = ml.Data.ShuffleRows(data);
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }

            ITransformer Nested(MLContext ml, IConfiguration configuration, bool shuffle)
            {
                IDataView data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                data = ml.Data.FilterRowsByColumn(data, "Size", 10, 10_000);
                if (shuffle)
                {
                    return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
                }

                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.ShuffleRows(data));
            }
        }
        """ + Types);

    // Reassigning is not validating unless the last value before Fit is surely validated.
    [Theory]
    [InlineData("data = ml.Data.ShuffleRows(data);")]
    [InlineData("if (validate) data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\");")]
    [InlineData("if (validate) { data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); }")]
    [InlineData("try { data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); } catch { }")]
    [InlineData("Swap(ref data);")]
    // A lambda or local function that writes it may run between the validation and Fit.
    [InlineData("System.Action reload = () => data = ml.Data.LoadFromTextFile<HouseRow>(configuration[\"Other\"]!); data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); reload();")]
    [InlineData("data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); Reload(); void Reload() => data = ml.Data.LoadFromTextFile<HouseRow>(configuration[\"Other\"]!);")]
    // A goto can jump over the validation, from any statement of the method (nested blocks, switch sections, loops).
    [InlineData("goto fit; data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); fit:")]
    [InlineData("if (!validate) { goto fit; } data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); fit:")]
    [InlineData("switch (validate) { case false: goto fit; } data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); fit:")]
    [InlineData("try { if (!validate) goto fit; } finally { } data = ml.Data.FilterRowsByMissingValues(data, \"Size\", \"Label\"); fit:")]
    public Task Flags_ReassignedWithoutSureValidation(string statement) => Verify.VerifyAnalyzerAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration, bool validate)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                STATEMENT
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }

            static void Swap(ref IDataView data) { }
        }
        """.Replace("STATEMENT", statement) + Types,
        Expect(0, "configuration"));

    // A goto inside a lambda cannot leave it: the method's own validation still decides.
    [Fact]
    public Task NoDiagnostic_GotoOnlyInsideALambda() => Verify.VerifyAnalyzerAsync("""
        using System;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml, IConfiguration configuration)
            {
                Func<int, int> retry = attempts => { again: if (--attempts > 0) goto again; return attempts; };
                var data = ml.Data.LoadFromTextFile<HouseRow>(configuration["Training:DataPath"]!, separatorChar: ',');
                data = ml.Data.FilterRowsByMissingValues(data, "Size", "Label");
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }
        """ + Types);

    // A loop: validation written after Fit in the loop body reaches Fit only from the second turn on.
    [Fact]
    public Task Flags_ValidatedAfterFitInALoop() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain", (HouseRow[] rows, MLContext ml) =>
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            for (var round = 0; round < 3; round++)
            {
                var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
                data = ml.Data.FilterRowsByMissingValues(data, "Size", "Label");
            }

            return Results.Ok();
        });
        """ + Types,
        Expect(0, "the request"));

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

    // A file name the request picks in a fixed directory (Path.GetFileName strips any directory part) is the app's
    // file, read with File.ReadLines as for MLSEC031's loads. ML.NET's LoadFromTextFile is not one file: it reads
    // "a+b" as two paths and "dir/..." as every file under dir, so Path.GetFileName("x+...") reaches beyond "data".
    [Fact]
    public Task RequestChoosesAFileNameInATrustedDirectory_IsTrustedWhereOneFileIsRead() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/retrain/{name}", (string name, MLContext ml) =>
        {
            var rows = File.ReadLines(Path.Combine("data", Path.GetFileName(name))).Select(line => new HouseRow { City = line });
            var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(rows));
            return Results.Ok();
        });
        app.MapPost("/retrain/text/{name}", (string name, MLContext ml) =>
        {
            var data = ml.Data.LoadFromTextFile<HouseRow>(Path.Combine("data", Path.GetFileName(name)), separatorChar: ',');
            var model = {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            return Results.Ok();
        });
        """ + Types,
        Expect(0, "the request"));

    // System.Net.WebClient (obsolete, still common in training scripts) downloads too: DownloadFile saves the response to
    // a file without the content passing through the code, and DownloadData/DownloadString return it.
    [Theory]
    [InlineData("web.DownloadFile(DataUrl, DataFile);")]
    [InlineData("web.DownloadFile(new Uri(DataUrl), DataFile);")]
    [InlineData("await web.DownloadFileTaskAsync(DataUrl, fileName: DataFile);")]
    [InlineData("File.WriteAllBytes(DataFile, web.DownloadData(DataUrl));")]
    [InlineData("File.WriteAllText(DataFile, await web.DownloadStringTaskAsync(DataUrl));")]
    [InlineData("using (var body = web.OpenRead(DataUrl)) body.CopyTo(File.Create(DataFile));")]
    [InlineData("new Mirror().DownloadFile(DataUrl, DataFile);")]
    public Task Flags_TrainingOnAFileAWebClientDownloaded(string download) => Verify.VerifyAnalyzerAsync(
        TrainerOnDataFile("using System; using System.Net;", "WebClient web", download, """

            #pragma warning disable SYSLIB0014 // WebClient is obsolete
            class Mirror : WebClient { }
            """),
        Expect(0, "an HTTP download"));

    // Not downloads: a WebClient that saved another file, one that reads a literal local file: URI, and a look-alike
    // WebClient of another namespace.
    [Fact]
    public Task NoDiagnostic_WebClientLookAlikesAndOtherFiles() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net;
        using Microsoft.ML;

        #pragma warning disable SYSLIB0014 // WebClient is obsolete
        class Trainer
        {
            private const string DataFile = "data/houses.csv";

            void Refresh(WebClient web, Decoy.WebClient decoy)
            {
                web.DownloadFile("https://data.contoso.com/readme.txt", "data/readme.txt");
                web.DownloadFile("file:///srv/seed/houses.csv", DataFile);
                web.DownloadFile(new Uri("file:///srv/seed/houses.csv"), DataFile);
                File.WriteAllBytes(DataFile, web.DownloadData("FILE:///srv/seed/houses.csv"));
                decoy.DownloadFile("https://data.contoso.com/houses.csv", DataFile);
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(DataFile, separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }

        namespace Decoy
        {
            public sealed class WebClient { public void DownloadFile(string address, string fileName) { } }
        }
        """ + Types);

    // A view turned back into rows (CreateEnumerable), merged with other rows and loaded again still carries the
    // download; a view filtered before the round trip is validated.
    [Fact]
    public Task Flags_DownloadedRowsThroughCreateEnumerableUnlessFiltered() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            async Task<ITransformer> TrainAsync(MLContext ml, HttpClient http, HouseRow[] seed)
            {
                await File.WriteAllBytesAsync("data/extra.csv", await http.GetByteArrayAsync("https://data.contoso.com/houses.csv"));
                var extra = ml.Data.LoadFromTextFile<HouseRow>("data/extra.csv", separatorChar: ',');
                var rows = seed.Concat(ml.Data.CreateEnumerable<HouseRow>(extra, reuseRowObject: false));
                var merged = ml.Data.LoadFromEnumerable(rows);
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(merged)|};
            }

            async Task<ITransformer> TrainFilteredAsync(MLContext ml, HttpClient http, HouseRow[] seed)
            {
                await File.WriteAllBytesAsync("data/extra2.csv", await http.GetByteArrayAsync("https://data.contoso.com/houses.csv"));
                var extra = ml.Data.FilterRowsByMissingValues(ml.Data.LoadFromTextFile<HouseRow>("data/extra2.csv", separatorChar: ','), "Size");
                var rows = seed.Concat(ml.Data.CreateEnumerable<HouseRow>(extra, reuseRowObject: false));
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.LoadFromEnumerable(rows));
            }
        }
        """ + Types,
        Expect(0, "an HTTP download"));

    // A download written through a writer or stream opened on the file is a saved download as File.WriteAll* is:
    // StreamWriter (on a path, on a file stream), File.CreateText/AppendText, BinaryWriter, a FileStream's own Write.
    [Theory]
    [InlineData("using (var writer = new StreamWriter(DataFile)) writer.Write(await http.GetStringAsync(DataUrl));")]
    [InlineData("using var writer = File.CreateText(DataFile); await writer.WriteAsync(await http.GetStringAsync(DataUrl));")]
    [InlineData("using (var writer = File.AppendText(DataFile)) writer.WriteLine(await http.GetStringAsync(DataUrl));")]
    [InlineData("var text = await http.GetStringAsync(DataUrl); using var writer = new StreamWriter(path: DataFile, append: false); await writer.WriteLineAsync(text);")]
    [InlineData("using (var writer = new StreamWriter(File.Create(DataFile))) writer.Write(await http.GetStringAsync(DataUrl));")]
    [InlineData("using (var writer = new BinaryWriter(File.OpenWrite(DataFile))) writer.Write(await http.GetByteArrayAsync(DataUrl));")]
    [InlineData("using (var file = new FileStream(DataFile, FileMode.Create)) await file.WriteAsync(await http.GetByteArrayAsync(DataUrl));")]
    public Task Flags_DownloadWrittenThroughAWriterThenLoaded(string write) => Verify.VerifyAnalyzerAsync(
        TrainerOnDataFile("using System.Net.Http;", "HttpClient http", write),
        Expect(0, "an HTTP download"));

    /// <summary>
    /// A trainer that fits on the rows of <c>DataFile</c> (data/houses.csv), and a <c>RefreshAsync(refreshParameter)</c>
    /// whose body is <paramref name="refresh"/> (which may write <c>DataUrl</c>'s download to it), then <paramref name="declarations"/>.
    /// </summary>
    private static string TrainerOnDataFile(string usings, string refreshParameter, string refresh, string declarations = "") => usings + """

        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.csv";
            private static readonly string DataFile = Path.Combine("data", "houses.csv");

            async Task RefreshAsync(PARAMETER)
            {
                REFRESH
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(DataFile, separatorChar: ',');
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }
        }
        """.Replace("PARAMETER", refreshParameter).Replace("REFRESH", refresh) + declarations + Types;

    // Not the loaded file's download: a writer on another file, on memory, a StringWriter, Console, a constant written.
    [Fact]
    public Task NoDiagnostic_WritersOfOtherFilesOrOfNoDownload() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.csv";
            private const string DataFile = "data/houses.csv";

            async Task RefreshAsync(HttpClient http)
            {
                var text = await http.GetStringAsync(DataUrl);
                using (var other = new StreamWriter("data/readme.txt")) other.Write(text);
                using (var memory = new StreamWriter(new MemoryStream())) memory.Write(text);
                using (var strings = new StringWriter()) strings.Write(text);
                Console.Write(text);
                using (var header = File.CreateText(DataFile)) header.WriteLine("Size,Price,City");
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(DataFile, separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }
        """ + Types);

    // A downloaded archive extracted: every file under ExtractToDirectory's directory (in a folder of the archive too)
    // is the archive's; ExtractToFile writes the one file. The archive a path saved from a download, a WebClient file,
    // a download stream (ZipFile's .NET 8 overload, new ZipArchive, TarFile), opened by ZipFile.OpenRead.
    [Theory]
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); ZipFile.ExtractToDirectory(ZipPath, DataDir);", "Path.Combine(DataDir, \"houses.csv\")")]
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); ZipFile.ExtractToDirectory(ZipPath, DataDir);", "Path.Combine(DataDir, \"csv\", \"houses.csv\")")]
    [InlineData("new WebClient().DownloadFile(DataUrl, ZipPath); ZipFile.ExtractToDirectory(ZipPath, DataDir + \"/\", overwriteFiles: true);", "DataDir + \"/houses.csv\"")]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), DataDir);", "$\"{DataDir}/houses.csv\"")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); archive.ExtractToDirectory(DataDir);", "Path.Combine(DataDir, \"houses.csv\")")]
    [InlineData("await TarFile.ExtractToDirectoryAsync(await http.GetStreamAsync(DataUrl), DataDir, overwriteFiles: true);", "Path.Combine(DataDir, \"houses.csv\")")]
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); using var archive = ZipFile.OpenRead(ZipPath); archive.GetEntry(\"houses.csv\")!.ExtractToFile(Path.Combine(DataDir, \"houses.csv\"), true);", "Path.Combine(DataDir, \"houses.csv\")")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); foreach (var entry in archive.Entries) if (entry.Name == \"houses.csv\") entry.ExtractToFile(\"data/houses.csv\");", "Path.Combine(DataDir, \"houses.csv\")")]
    // Entry by entry, each to a path named by the entry in a directory: every file under it (entry.FullName: in folders
    // of the archive too; entry.Name or Path.GetFileName of it: in the directory itself).
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); using var archive = ZipFile.OpenRead(ZipPath); foreach (var entry in archive.Entries) entry.ExtractToFile(Path.Combine(DataDir, entry.FullName), overwrite: true);", "Path.Combine(DataDir, \"houses.csv\")")]
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); using var archive = ZipFile.OpenRead(ZipPath); foreach (var entry in archive.Entries) entry.ExtractToFile(Path.Combine(DataDir, entry.FullName), overwrite: true);", "Path.Combine(DataDir, \"csv\", \"houses.csv\")")]
    [InlineData("new WebClient().DownloadFile(DataUrl, ZipPath); foreach (var entry in ZipFile.OpenRead(ZipPath).Entries) entry.ExtractToFile(Path.Join(DataDir, entry.Name));", "\"data/houses.csv\"")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); foreach (var entry in archive.Entries) { var target = Path.Combine(DataDir, Path.GetFileName(entry.FullName)); entry.ExtractToFile(target, true); }", "$\"{DataDir}/houses.csv\"")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); var dir = DataDir + \"/\"; foreach (var entry in archive.Entries.Where(e => e.Name.EndsWith(\".csv\"))) entry.ExtractToFile($\"{dir}{entry.FullName}\");", "DataDir + \"/houses.csv\"")]
    // Into the current directory ("."/"./", Directory.GetCurrentDirectory(), Environment.CurrentDirectory): every
    // relative path, and the same directory spelled either way.
    [InlineData("File.WriteAllBytes(ZipPath, await http.GetByteArrayAsync(DataUrl)); ZipFile.ExtractToDirectory(ZipPath, \".\");", "\"houses.csv\"")]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), Directory.GetCurrentDirectory());", "\"data/houses.csv\"")]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), Environment.CurrentDirectory);", "Path.Combine(Directory.GetCurrentDirectory(), \"houses.csv\")")]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), \"./\", overwriteFiles: true);", "\"./csv/houses.csv\"")]
    [InlineData("ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), DataDir);", "Path.Combine(Environment.CurrentDirectory, DataDir, \"houses.csv\")")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); foreach (var entry in archive.Entries) entry.ExtractToFile(entry.FullName, true);", "\"csv/houses.csv\"")]
    [InlineData("using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl)); foreach (var entry in archive.Entries) entry.ExtractToFile(Path.Combine(Directory.GetCurrentDirectory(), entry.Name));", "\"houses.csv\"")]
    public Task Flags_TrainingOnAFileOfAnExtractedDownload(string extract, string loaded) => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Formats.Tar;
        using System.IO;
        using System.IO.Compression;
        using System.Linq;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        #pragma warning disable SYSLIB0014 // WebClient is obsolete
        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.zip";
            private const string ZipPath = "downloads/houses.zip";
            private const string DataDir = "data";

            async Task RefreshAsync(HttpClient http)
            {
                EXTRACT
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(LOADED, separatorChar: ',');
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }
        }
        """.Replace("EXTRACT", extract).Replace("LOADED", loaded) + Types,
        Expect(0, "an HTTP download"));

    // Not the loaded file's archive: a shipped archive extracted there, a download extracted into another directory
    // (or one whose name the loaded directory only starts with), a path that climbs out of the directory, another
    // entry's file, a look-alike ZipFile.
    [Fact]
    public Task NoDiagnostic_ExtractionsOfOtherArchivesOrIntoOtherDirectories() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.zip";

            async Task RefreshAsync(HttpClient http)
            {
                ZipFile.ExtractToDirectory("seed/houses.zip", "data");
                ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), "downloads");
                ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), "dat");
                ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), "data/cache");
                using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl));
                archive.GetEntry("readme.txt")!.ExtractToFile("data/readme.txt");
                Decoy.ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), "data");
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>("data/houses.csv", separatorChar: ',');
                var more = ml.Data.LoadFromTextFile<HouseRow>("data/cache/../houses.csv", separatorChar: ',');
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(more);
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }

        namespace Decoy
        {
            public static class ZipFile { public static void ExtractToDirectory(System.IO.Stream source, string directory) { } }
        }
        """ + Types);

    // Entry by entry, not the loaded file's: a shipped archive's entries, entries into another directory (or a folder
    // below the loaded one), entry.Name (a file of the directory itself) for a file in a folder below it, a name with
    // text around the entry's (only some files of the directory), a name that is not the entry's.
    [Fact]
    public Task NoDiagnostic_EntriesExtractedElsewhereOrUnderOtherNames() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.zip";

            async Task RefreshAsync(HttpClient http, string label)
            {
                foreach (var entry in ZipFile.OpenRead("seed/houses.zip").Entries)
                    entry.ExtractToFile(Path.Combine("data", entry.FullName));
                using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl));
                foreach (var entry in archive.Entries)
                {
                    entry.ExtractToFile(Path.Combine("downloads", entry.FullName));
                    entry.ExtractToFile(Path.Combine("data/cache", entry.FullName));
                    entry.ExtractToFile(Path.Combine("flat", entry.Name));
                    entry.ExtractToFile(Path.Combine("data", "old_" + entry.Name));
                    entry.ExtractToFile(Path.Combine("data", entry.Name + ".bak"));
                    entry.ExtractToFile("dat" + entry.FullName);
                    entry.ExtractToFile(Path.Combine("data", label));
                }
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>("data/houses.csv", separatorChar: ',');
                var flat = ml.Data.LoadFromTextFile<HouseRow>("flat/csv/houses.csv", separatorChar: ',');
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(flat);
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }
        """ + Types);

    // A download extracted into the current directory holds only relative paths: not a rooted path, one under a
    // directory the analyzer only names (AppContext.BaseDirectory, a field), one that climbs out with .., nor a
    // sibling glued to the directory without a separator. A shipped archive extracted there is the app's.
    [Fact]
    public Task NoDiagnostic_ExtractedIntoTheCurrentDirectory_OtherPaths() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.zip";
            private readonly string _root = "/srv/app";

            async Task RefreshAsync(HttpClient http)
            {
                ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), ".");
                ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), Directory.GetCurrentDirectory() + "data");
                using var archive = new ZipArchive(await http.GetStreamAsync(DataUrl));
                foreach (var entry in archive.Entries)
                    entry.ExtractToFile(entry.Name + ".bak");
            }

            ITransformer Train(MLContext ml)
            {
                var rooted = ml.Data.LoadFromTextFile<HouseRow>("/srv/data/houses.csv", separatorChar: ',');
                var based = ml.Data.LoadFromTextFile<HouseRow>(Path.Combine(AppContext.BaseDirectory, "houses.csv"), separatorChar: ',');
                var field = ml.Data.LoadFromTextFile<HouseRow>(Path.Combine(_root, "houses.csv"), separatorChar: ',');
                var parent = ml.Data.LoadFromTextFile<HouseRow>("../houses.csv", separatorChar: ',');
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(rooted);
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(based);
                ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(field);
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(parent);
            }
        }
        """ + Types);

    [Fact]
    public Task NoDiagnostic_ShippedArchiveExtractedIntoTheCurrentDirectory() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;
        using Microsoft.ML;

        class Trainer
        {
            ITransformer Train(MLContext ml)
            {
                ZipFile.ExtractToDirectory("seed/houses.zip", ".", overwriteFiles: true);
                foreach (var entry in ZipFile.OpenRead("seed/more.zip").Entries)
                    entry.ExtractToFile(Path.Combine(Directory.GetCurrentDirectory(), entry.FullName), true);
                var data = ml.Data.LoadFromTextFile<HouseRow>("houses.csv", separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }
        """ + Types);

    // Azure Blob Storage (MlReferences.WithBlobStorage, the real Azure.Storage.Blobs): DownloadTo(Async) saves a blob to
    // the file (by path, or through a file stream; from a BlobClient or a BlockBlobClient), and the blob's content or
    // stream written to it is the blob's.
    [Theory]
    [InlineData("await blob.DownloadToAsync(DataFile);")]
    [InlineData("blob.DownloadTo(DataFile);")]
    [InlineData("using (var file = File.Create(DataFile)) await blob.DownloadToAsync(file);")]
    [InlineData("await container.GetBlobClient(\"houses.csv\").DownloadToAsync(DataFile);")]
    [InlineData("await container.GetBlockBlobClient(\"houses.csv\").DownloadToAsync(DataFile);")]
    [InlineData("File.WriteAllBytes(DataFile, (await blob.DownloadContentAsync()).Value.Content.ToArray());")]
    [InlineData("using (var body = await blob.OpenReadAsync()) body.CopyTo(File.Create(DataFile));")]
    public Task Flags_TrainingOnAFileABlobWasDownloadedTo(string download) => Verify.VerifyAnalyzerAsync(
        TrainerOnDataFile("using Azure.Storage.Blobs; using Azure.Storage.Blobs.Specialized;", "BlobClient blob, BlobContainerClient container", download),
        MlReferences.WithBlobStorage,
        Expect(0, "an Azure Blob Storage download"));

    // Not the trained file's download: a blob client that only uploads it, a blob saved to another file, and a look-alike
    // BlobClient of the app.
    [Fact]
    public Task NoDiagnostic_BlobUploadsOtherFilesAndLookAlikes() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using Azure.Storage.Blobs;
        using Microsoft.ML;

        class Trainer
        {
            private const string DataFile = "data/houses.csv";

            async Task SyncAsync(BlobClient blob, Decoy.BlobClient decoy)
            {
                await blob.UploadAsync(DataFile, overwrite: true);
                await blob.DownloadToAsync("data/readme.txt");
                await decoy.DownloadToAsync(DataFile);
                File.WriteAllBytes(DataFile, decoy.DownloadContent());
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(DataFile, separatorChar: ',');
                return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);
            }
        }

        namespace Decoy
        {
            public sealed class BlobClient
            {
                public Task DownloadToAsync(string path) => Task.CompletedTask;
                public byte[] DownloadContent() => new byte[0];
            }
        }
        """ + Types,
        MlReferences.WithBlobStorage);

    // An app helper that puts its argument under a fixed directory (the samples' GetAbsolutePath: Path.Combine of the
    // assembly's folder and the argument; Path.Join, "/" concatenation, interpolation; an instance method): the same
    // argument is the same file, GetAbsolutePath("../Data") the directory of GetAbsolutePath("../Data/train.csv").
    internal const string SampleHelper = """
        public static string GetAbsolutePath(string relativePath)
            {
                FileInfo _dataRoot = new FileInfo(typeof(Trainer).Assembly.Location);
                string assemblyFolderPath = _dataRoot.Directory!.FullName;
                string fullPath = Path.Combine(assemblyFolderPath, relativePath);
                return fullPath;
            }
        """;

    private const string DownloadAndExtract = "new WebClient().DownloadFile(DataUrl, GetAbsolutePath(\"../Data/data.zip\")); ZipFile.ExtractToDirectory(GetAbsolutePath(\"../Data/data.zip\"), GetAbsolutePath(\"../Data\"));";

    [Theory]
    [InlineData(SampleHelper, DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", true)]
    [InlineData(SampleHelper, DownloadAndExtract, "GetAbsolutePath(\"../Data/csv/train.csv\")", true)]
    [InlineData(SampleHelper, "File.WriteAllBytes(GetAbsolutePath(\"data.zip\"), await http.GetByteArrayAsync(DataUrl)); ZipFile.ExtractToDirectory(GetAbsolutePath(\"data.zip\"), GetAbsolutePath(\"Data/\"));", "Path.Combine(GetAbsolutePath(\"Data\"), \"train.csv\")", true)]
    [InlineData(SampleHelper, "File.WriteAllBytes(GetAbsolutePath(\"../Data/train.csv\"), await http.GetByteArrayAsync(DataUrl));", "GetAbsolutePath(\"../Data/train.csv\")", true)]
    [InlineData(SampleHelper, "ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), GetAbsolutePath(\"/srv/data\"));", "\"/srv/data/train.csv\"", true)]
    [InlineData("static string GetAbsolutePath(string path) => Path.Join(AppContext.BaseDirectory, path);", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", true)]
    [InlineData("static string GetAbsolutePath(string path) => AppContext.BaseDirectory + \"/\" + path;", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", true)]
    [InlineData("string GetAbsolutePath(string path) { var root = _root; return $\"{root}/{path}\"; }", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", true)]
    // Not the same file: a helper that names its parameter twice, transforms it, may be overridden, or makes a new
    // directory each call; another directory; a path that climbs out of the extracted one; the helper's directory
    // against the current one (either way round, also "." holding every relative path).
    [InlineData("static string GetAbsolutePath(string path) { var dir = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(path)); return Path.Combine(dir, path); }", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData("static string GetAbsolutePath(string path) => Path.Combine(AppContext.BaseDirectory, Path.GetFileName(path));", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData("static string GetAbsolutePath(string path) => Path.Combine(AppContext.BaseDirectory, path + \".bak\");", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData("protected virtual string GetAbsolutePath(string path) => Path.Combine(_root, path);", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData("static string GetAbsolutePath(string path) => Path.Combine(Path.GetTempPath(), DateTime.Now.ToString(\"yyyyMMdd\"), path);", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData("static string GetAbsolutePath(string path) { var dir = Path.Combine(Path.GetTempPath(), DateTime.Now.Ticks.ToString()); return Path.Combine(dir, path); }", DownloadAndExtract, "GetAbsolutePath(\"../Data/train.csv\")", false)]
    [InlineData(SampleHelper, DownloadAndExtract, "GetAbsolutePath(\"../Other/train.csv\")", false)]
    [InlineData(SampleHelper, "ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), GetAbsolutePath(\"../Data/cache\"));", "GetAbsolutePath(\"../Data/cache/../train.csv\")", false)]
    [InlineData(SampleHelper, "ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), GetAbsolutePath(\"Data\"));", "\"Data/train.csv\"", false)]
    [InlineData(SampleHelper, "ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), \"Data\");", "GetAbsolutePath(\"Data/train.csv\")", false)]
    [InlineData(SampleHelper, "ZipFile.ExtractToDirectory(await http.GetStreamAsync(DataUrl), \".\");", "GetAbsolutePath(\"train.csv\")", false)]
    [InlineData(SampleHelper, "File.WriteAllBytes(GetAbsolutePath(\"data/../train.csv\"), await http.GetByteArrayAsync(DataUrl));", "GetAbsolutePath(\"data/train.csv\")", false)]
    public Task TrainingOnAFileNamedThroughAPathHelper(string helper, string extract, string loaded, bool flagged) => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;

        #pragma warning disable SYSLIB0014 // WebClient is obsolete
        class Trainer
        {
            private const string DataUrl = "https://data.contoso.com/houses.zip";
            private readonly string _root = "/srv/app";

            HELPER

            async Task RefreshAsync(HttpClient http)
            {
                EXTRACT
            }

            ITransformer Train(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<HouseRow>(LOADED, separatorChar: ',');
                return {|#0:ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data)|};
            }
        }
        """.Replace("HELPER", helper).Replace("EXTRACT", extract).Replace("LOADED", loaded)
            .Replace("{|#0:", flagged ? "{|#0:" : "").Replace("(data)|}", flagged ? "(data)|}" : "(data)") + Types,
        flagged ? new[] { Expect(0, "an HTTP download") } : []);
}
