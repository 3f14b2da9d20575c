using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.Endpoints.ModelEndpointExposureAnalyzer>;

namespace MlSecAnalyzers.Tests.Endpoints;

public sealed class MLSEC012RawModelOutputTests
{
    private const string Header = """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        PredictionEngine<Input, Prediction> engine = null!;

        """;

    // RequireRateLimiting keeps MLSEC011 (same analyzer) out of these tests.
    private const string Types = """

        app.Run();

        public class Input { public float X { get; set; } }
        public class Prediction { public string PredictedLabel { get; set; } = ""; public float[] Score { get; set; } = new float[0]; }
        public class Label { public string PredictedLabel { get; set; } = ""; public float Score { get; set; } }
        """;

    private static DiagnosticResult Raw(int location, string endpoint, string type) =>
        Verify.Diagnostic(Descriptors.MLSEC012_RawModelOutput).WithLocation(location).WithArguments(endpoint, type);

    [Fact]
    public Task Flags_PredictionWithScoreVectorReturnedFromLambda() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/predict", (Input input) => {|#0:engine.Predict(input)|}).RequireRateLimiting("ml");
        app.MapPost("/ok", (Input input) =>
        {
            var prediction = engine.Predict(input);
            return {|#1:Results.Ok(prediction)|};
        }).RequireRateLimiting("ml");
        """ + Types, Raw(0, "POST /predict", "Prediction"), Raw(1, "POST /ok", "Prediction"));

    [Fact]
    public Task Flags_RawOnnxOutputs() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/onnx", (InferenceSession session, float[] data) =>
        {
            var results = session.Run(new List<NamedOnnxValue>());
            {|#0:return results;|}
        }).RequireRateLimiting("ml");
        """ + Types, Raw(0, "POST /onnx", "IDisposableReadOnlyCollection<DisposableNamedOnnxValue>"));

    [Fact]
    public Task Flags_ControllerReturningPrediction() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.ML;

        [EnableRateLimiting("ml")]
        public class ScoreController(PredictionEngine<Input, Prediction> engine) : ControllerBase
        {
            public IActionResult Score(Input input) => {|#0:Ok(engine.Predict(input))|};
        }

        public class Input { public float X { get; set; } }
        public class Prediction { public uint PredictedLabel { get; set; } public float[] Probabilities { get; set; } = new float[0]; }
        """, Raw(0, "ScoreController.Score", "Prediction"));

    [Fact]
    public Task Flags_RawPredictionInOneBranchOfAConditionalResult() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/a", (Input i) => i.X < 0 ? Results.BadRequest() : {|#0:Results.Ok(engine.Predict(i))|}).RequireRateLimiting("ml");
        app.MapPost("/b", (Input i) =>
        {
            var p = engine.Predict(i);
            return p.Score.Length == 0 ? Results.NoContent() : {|#1:Results.Ok(p)|};
        }).RequireRateLimiting("ml");
        // Constant patterns only: the fuzz test mutates this source, and a relational pattern with its input deleted
        // crashes the compiler itself (Binder.RelationalOperatorType) before any analyzer runs.
        app.MapPost("/c", (Input i) => i.X switch
        {
            -1 => Results.BadRequest(),
            0 => Results.Ok(engine.Predict(i).PredictedLabel),
            _ => {|#2:Results.Json(engine.Predict(i))|},
        }).RequireRateLimiting("ml");
        app.MapPost("/d", (Input i) => i.X < 0 ? Results.BadRequest() : Results.Ok(engine.Predict(i).PredictedLabel)).RequireRateLimiting("ml");
        """ + Types, Raw(0, "POST /a", "Prediction"), Raw(1, "POST /b", "Prediction"), Raw(2, "POST /c", "Prediction"));

    [Fact]
    public Task Flags_ControllerCreatedAtAndStatusCodeHelpers() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.ML;

        [EnableRateLimiting("ml")]
        public class ScoreController(PredictionEngine<Input, Prediction> engine) : ControllerBase
        {
            public IActionResult Created(Input input) => {|#0:CreatedAtAction(nameof(Created), new { id = 1 }, engine.Predict(input))|};

            public IActionResult Status(Input input) => {|#1:StatusCode(200, engine.Predict(input))|};

            public IActionResult Accepted(Input input) => {|#2:AcceptedAtRoute(routeValues: new { id = 1 }, value: engine.Predict(input), routeName: "r")|};

            public IActionResult Result(Input input) => {|#3:new CreatedAtActionResult("Get", null, null, engine.Predict(input))|};

            public IActionResult Label(Input input) => CreatedAtAction(nameof(Label), new { id = 1 }, engine.Predict(input).PredictedLabel);
        }

        public class Input { public float X { get; set; } }
        public class Prediction { public uint PredictedLabel { get; set; } public float[] Probabilities { get; set; } = new float[0]; }
        """,
        Raw(0, "ScoreController.Created", "Prediction"), Raw(1, "ScoreController.Status", "Prediction"),
        Raw(2, "ScoreController.Accepted", "Prediction"), Raw(3, "ScoreController.Result", "Prediction"));

    [Fact]
    public Task NoDiagnostic_Projection() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/label", (Input input) => engine.Predict(input).PredictedLabel).RequireRateLimiting("ml");
        app.MapPost("/anon", (Input input) =>
        {
            var p = engine.Predict(input);
            return Results.Ok(new { p.PredictedLabel, Confidence = p.Score.Max() });
        }).RequireRateLimiting("ml");
        app.MapPost("/dto", (Input input) =>
        {
            var p = engine.Predict(input);
            return new Label { PredictedLabel = p.PredictedLabel, Score = p.Score.Max() };
        }).RequireRateLimiting("ml");
        """ + Types);

    // A score vector that System.Text.Json never writes ([JsonIgnore], whose default condition is Always) is not output.
    [Fact]
    public Task NoDiagnostic_ScoreVectorIgnoredBySystemTextJson() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/a", (PredictionEngine<Input, Hidden> e, Input input) => e.Predict(input)).RequireRateLimiting("ml");
        app.MapPost("/b", (PredictionEngine<Input, HiddenAlways> e, Input input) => e.Predict(input)).RequireRateLimiting("ml");
        """ + Types + """

        public class Hidden
        {
            public string PredictedLabel { get; set; } = "";
            [System.Text.Json.Serialization.JsonIgnore] public float[] Score { get; set; } = new float[0];
        }

        public class HiddenAlways
        {
            public string PredictedLabel { get; set; } = "";
            [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Always)]
            public float[] Probabilities { get; set; } = new float[0];
        }
        """);

    // Only an unconditional ignore hides the vector: Never, WhenWritingNull or WhenWritingDefault still write it (a vector
    // is rarely null), and System.Text.Json (minimal APIs, MVC's default formatter) does not honour [IgnoreDataMember].
    [Fact]
    public Task Flags_ScoreVectorIgnoredOnlyConditionallyOrByAnotherSerializer() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/never", (PredictionEngine<Input, Never> e, Input input) => {|#0:e.Predict(input)|}).RequireRateLimiting("ml");
        app.MapPost("/null", (PredictionEngine<Input, WhenNull> e, Input input) => {|#1:e.Predict(input)|}).RequireRateLimiting("ml");
        app.MapPost("/datamember", (PredictionEngine<Input, DataMember> e, Input input) => {|#2:e.Predict(input)|}).RequireRateLimiting("ml");
        app.MapPost("/default", (PredictionEngine<Input, WhenDefault> e, Input input) => {|#3:e.Predict(input)|}).RequireRateLimiting("ml");
        """ + Types + """

        public class Never
        {
            [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
            public float[] Score { get; set; } = new float[0];
        }

        public class WhenNull
        {
            [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
            public float[] Score { get; set; } = new float[0];
        }

        public class DataMember
        {
            [System.Runtime.Serialization.IgnoreDataMember] public float[] Score { get; set; } = new float[0];
        }

        public class WhenDefault
        {
            [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
            public float[] Logits { get; set; } = new float[0];
        }
        """,
        Raw(0, "POST /never", "Never"), Raw(1, "POST /null", "WhenNull"), Raw(2, "POST /datamember", "DataMember"),
        Raw(3, "POST /default", "WhenDefault"));

    // System.Text.Json (minimal APIs, MVC's default formatter) writes no field unless [JsonInclude] is on it or the app sets
    // IncludeFields.
    [Fact]
    public Task NoDiagnostic_ScoreVectorFieldNotWrittenBySystemTextJson() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.IncludeFields = false);
        var app = builder.Build();
        app.MapPost("/field", (PredictionEngine<Input, FieldPrediction> e, Input input) => e.Predict(input)).RequireRateLimiting("ml");
        app.MapControllers();
        app.Run();

        [EnableRateLimiting("ml")]
        public class ScoreController(PredictionEngine<Input, FieldPrediction> engine) : ControllerBase
        {
            public IActionResult Score(Input input) => Ok(engine.Predict(input));
        }

        public class Input { public float X { get; set; } }
        public class FieldPrediction { public string PredictedLabel = ""; public float[] Score = new float[0]; }
        """);

    [Theory]
    [InlineData("builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.IncludeFields = true);")]
    [InlineData("builder.Services.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.IncludeFields = true);")]
    [InlineData("var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { IncludeFields = true };")]
    [InlineData("var include = args.Length > 0; builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.IncludeFields = include);")]
    public Task Flags_ScoreVectorFieldWhenTheAppIncludesFields(string configuration) => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        {{configuration}}
        var app = builder.Build();
        app.MapPost("/field", (PredictionEngine<Input, FieldPrediction> e, Input input) => {|#0:e.Predict(input)|}).RequireRateLimiting("ml");
        app.Run();

        public class Input { public float X { get; set; } }
        public class FieldPrediction { public string PredictedLabel = ""; public float[] Score = new float[0]; }
        """, Raw(0, "POST /field", "FieldPrediction"));

    [Fact]
    public Task Flags_ScoreVectorFieldIncludedBySourceGenerationOptionsOrJsonInclude() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapPost("/included", (PredictionEngine<Input, Included> e, Input input) => {|#0:e.Predict(input)|}).RequireRateLimiting("ml");
        app.MapPost("/field", (PredictionEngine<Input, FieldPrediction> e, Input input) => {|#1:e.Predict(input)|}).RequireRateLimiting("ml");
        """ + Types + """

        public class Included { [System.Text.Json.Serialization.JsonInclude] public float[] Probabilities = new float[0]; }
        public class FieldPrediction { public float[] Score = new float[0]; }

        [System.Text.Json.Serialization.JsonSourceGenerationOptions(IncludeFields = true)]
        public abstract class PredictionJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected PredictionJson() : base(null) { }
        }
        """, Raw(0, "POST /included", "Included"), Raw(1, "POST /field", "FieldPrediction"));

    // After AddNewtonsoftJson(), Newtonsoft.Json writes controllers' results (MVC helpers, result objects, plain returns):
    // it reads its own [JsonIgnore], [IgnoreDataMember] and [NonSerialized], not System.Text.Json's [JsonIgnore], and writes
    // public fields. Results/TypedResults and minimal APIs still write with System.Text.Json.
    private const string NewtonsoftApp = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers().AddNewtonsoftJson();
        var app = builder.Build();
        app.MapControllers();

        """;

    private const string NewtonsoftTypes = """

        public class Input { public float X { get; set; } }
        public class Field { public float[] Score = new float[0]; }
        public class SystemTextJsonIgnored { [System.Text.Json.Serialization.JsonIgnore] public float[] Score { get; set; } = new float[0]; }
        public class NewtonsoftIgnored { [Newtonsoft.Json.JsonIgnore] public float[] Score { get; set; } = new float[0]; }
        public class DataMemberIgnored { [System.Runtime.Serialization.IgnoreDataMember] public float[] Probabilities { get; set; } = new float[0]; }
        public class NonSerializedField { [System.NonSerialized] public float[] Score = new float[0]; }
        """;

    [Fact]
    public Task Flags_ControllerResultWrittenByNewtonsoft() => Verify.VerifyAnalyzerAsync(NewtonsoftApp + """
        app.Run();

        [EnableRateLimiting("ml")]
        public class ScoreController(PredictionEngine<Input, Field> fields, PredictionEngine<Input, SystemTextJsonIgnored> ignored) : ControllerBase
        {
            public IActionResult Field(Input input) => {|#0:Ok(fields.Predict(input))|};

            public ActionResult<SystemTextJsonIgnored> Ignored(Input input) => {|#1:ignored.Predict(input)|};

            public IActionResult IgnoredResult(Input input) => {|#2:new OkObjectResult(ignored.Predict(input))|};
        }
        """ + NewtonsoftTypes,
        MlReferences.WithNewtonsoftJson,
        Raw(0, "ScoreController.Field", "Field"), Raw(1, "ScoreController.Ignored", "SystemTextJsonIgnored"),
        Raw(2, "ScoreController.IgnoredResult", "SystemTextJsonIgnored"));

    [Fact]
    public Task NoDiagnostic_ControllerResultIgnoredByNewtonsoft() => Verify.VerifyAnalyzerAsync(NewtonsoftApp + """
        app.Run();

        [EnableRateLimiting("ml")]
        public class ScoreController(
            PredictionEngine<Input, NewtonsoftIgnored> newtonsoft, PredictionEngine<Input, DataMemberIgnored> dataMember,
            PredictionEngine<Input, NonSerializedField> nonSerialized, PredictionEngine<Input, SystemTextJsonIgnored> ignored) : Controller
        {
            public IActionResult Newtonsoft(Input input) => Ok(newtonsoft.Predict(input));

            public IActionResult NewtonsoftJsonResult(Input input) => Json(newtonsoft.Predict(input));

            public DataMemberIgnored DataMember(Input input) => dataMember.Predict(input);

            public IActionResult NonSerialized(Input input) => new OkObjectResult(nonSerialized.Predict(input));

            // An IResult is written with System.Text.Json even in a controller.
            public IResult Http(Input input) => Results.Ok(ignored.Predict(input));
        }
        """ + NewtonsoftTypes, MlReferences.WithNewtonsoftJson);

    [Fact]
    public Task Flags_MinimalApiKeepsSystemTextJsonBesideNewtonsoftControllers() => Verify.VerifyAnalyzerAsync(NewtonsoftApp + """
        app.MapPost("/newtonsoft", (PredictionEngine<Input, NewtonsoftIgnored> e, Input i) => {|#0:e.Predict(i)|}).RequireRateLimiting("ml");
        app.MapPost("/datamember", (PredictionEngine<Input, DataMemberIgnored> e, Input i) => {|#1:Results.Ok(e.Predict(i))|}).RequireRateLimiting("ml");
        app.MapPost("/stj", (PredictionEngine<Input, SystemTextJsonIgnored> e, Input i) => e.Predict(i)).RequireRateLimiting("ml");
        app.MapPost("/field", (PredictionEngine<Input, Field> e, Input i) => e.Predict(i)).RequireRateLimiting("ml");
        app.Run();
        """ + NewtonsoftTypes,
        MlReferences.WithNewtonsoftJson,
        Raw(0, "POST /newtonsoft", "NewtonsoftIgnored"), Raw(1, "POST /datamember", "DataMemberIgnored"));

    // Without AddNewtonsoftJson(), referencing the package changes nothing: System.Text.Json writes the controller's result.
    [Fact]
    public Task Flags_NewtonsoftAttributesWithoutAddNewtonsoftJson() => Verify.VerifyAnalyzerAsync(NewtonsoftApp.Replace(".AddNewtonsoftJson()", "") + """
        app.Run();

        [EnableRateLimiting("ml")]
        public class ScoreController(PredictionEngine<Input, NewtonsoftIgnored> newtonsoft, PredictionEngine<Input, Field> fields) : ControllerBase
        {
            public IActionResult Newtonsoft(Input input) => {|#0:Ok(newtonsoft.Predict(input))|};

            public IActionResult Field(Input input) => Ok(fields.Predict(input));
        }
        """ + NewtonsoftTypes,
        MlReferences.WithNewtonsoftJson,
        Raw(0, "ScoreController.Newtonsoft", "NewtonsoftIgnored"));

    // MVC's XML formatters answer any client that asks for XML, and read no JSON attribute: XmlSerializer skips only
    // [XmlIgnore], DataContractSerializer only [IgnoreDataMember], and both write public fields. Json(x) stays JSON.
    [Theory]
    [InlineData("", false, false)]
    [InlineData(".AddXmlSerializerFormatters()", true, false)]
    [InlineData(".AddXmlDataContractSerializerFormatters()", false, true)]
    [InlineData(".AddXmlSerializerFormatters().AddXmlDataContractSerializerFormatters()", true, true)]
    [InlineData("; builder.Services.AddMvcCore(o => o.OutputFormatters.Add(new Microsoft.AspNetCore.Mvc.Formatters.XmlSerializerOutputFormatter()))", true, false)]
    public Task Flags_ControllerResultWrittenByAnXmlFormatter(string configuration, bool xmlSerializer, bool dataContract)
    {
        var expected = new System.Collections.Generic.List<DiagnosticResult>();
        string Mark(int location, bool reported, string name, string type, string code)
        {
            if (!reported)
                return code;
            expected.Add(Raw(location, "ScoreController." + name, type));
            return "{|#" + location + ":" + code + "|}";
        }

        var any = xmlSerializer || dataContract;
        return Verify.VerifyAnalyzerAsync($$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews(){{configuration}};
            var app = builder.Build();
            app.MapControllers();
            app.Run();

            [EnableRateLimiting("ml")]
            public class ScoreController(
                PredictionEngine<Input, JsonIgnored> json, PredictionEngine<Input, XmlIgnored> xml,
                PredictionEngine<Input, DataMemberIgnored> dataMember, PredictionEngine<Input, Field> fields) : Controller
            {
                public IActionResult Formatted(Input input) => {{Mark(0, any, "Formatted", "JsonIgnored", "Ok(json.Predict(input))")}};

                public JsonIgnored Returned(Input input) => {{Mark(1, any, "Returned", "JsonIgnored", "json.Predict(input)")}};

                public IActionResult Xml(Input input) => {{Mark(2, dataContract, "Xml", "XmlIgnored", "Ok(xml.Predict(input))")}};

                public IActionResult DataMember(Input input) => {{Mark(3, xmlSerializer, "DataMember", "DataMemberIgnored", "new OkObjectResult(dataMember.Predict(input))")}};

                public IActionResult Field(Input input) => {{Mark(4, any, "Field", "Field", "Ok(fields.Predict(input))")}};

                public IActionResult JsonOnly(Input input) => Json(json.Predict(input));
            }

            public class Input { public float X { get; set; } }
            public class JsonIgnored { [System.Text.Json.Serialization.JsonIgnore] public float[] Score { get; set; } = new float[0]; }
            public class XmlIgnored
            {
                [System.Text.Json.Serialization.JsonIgnore, System.Xml.Serialization.XmlIgnore] public float[] Score { get; set; } = new float[0];
            }
            public class DataMemberIgnored
            {
                [System.Text.Json.Serialization.JsonIgnore, System.Runtime.Serialization.IgnoreDataMember] public float[] Score { get; set; } = new float[0];
            }
            public class Field { public float[] Score = new float[0]; }
            """, expected.ToArray());
    }

    [Fact]
    public Task NoDiagnostic_RawTypeOutsideModelEndpoint() => Verify.VerifyAnalyzerAsync(Header + """
        app.MapGet("/example", () => new Prediction()).RequireRateLimiting("ml");
        """ + Types);

    [Fact]
    public Task Option_InferenceTypesMakeEndpointAModelEndpoint()
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.MapPost("/score", (Contoso.Scorer scorer, string text) => {|#0:scorer.Score(text)|}).RequireRateLimiting("ml");
            app.Run();

            namespace Contoso
            {
                public class Scorer { public Result Score(string text) => new(); }
                public class Result { public double[] Scores { get; set; } = new double[0]; }
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*]
            mlsec.inference_types = T:Contoso.Scorer
            """));
        test.ExpectedDiagnostics.Add(Raw(0, "POST /score", "Result"));
        return test.RunAsync();
    }

    // MLSEC012 reads its own rule-specific key (docs/rules/MLSEC012.md), not MLSEC011's.
    [Theory]
    [InlineData("mlsec.MLSEC012.inference_types = T:Contoso.Scorer", true)]
    [InlineData("mlsec.inference_types = T:Contoso.Scorer\nmlsec.MLSEC012.inference_types = T:Contoso.Other", false)]
    [InlineData("mlsec.MLSEC011.inference_types = T:Contoso.Scorer", false)]
    public Task Option_RuleSpecificInferenceTypes(string options, bool reported)
    {
        var test = Verify.CreateTest();
        test.TestState.Sources.Add($$"""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.MapPost("/score", (Contoso.Scorer scorer, string text) => {{(reported ? "{|#0:scorer.Score(text)|}" : "scorer.Score(text)")}}).RequireRateLimiting("ml");
            app.Run();

            namespace Contoso
            {
                public class Scorer { public Result Score(string text) => new(); }
                public class Other { }
                public class Result { public double[] Scores { get; set; } = new double[0]; }
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + options + "\n"));
        if (reported)
            test.ExpectedDiagnostics.Add(Raw(0, "POST /score", "Result"));
        return test.RunAsync();
    }

    // A hub method's return value (or each item it streams) is sent to the caller, like an endpoint's response.
    [Fact]
    public Task Flags_HubMethodReturningPrediction() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapHub<ScoringHub>("/scoring");
        app.Run();

        public class ScoringHub(PredictionEngine<Input, Prediction> engine) : Hub
        {
            public Prediction Score(Input input) => {|#0:engine.Predict(input)|};

            public async IAsyncEnumerable<Prediction> Stream(IAsyncEnumerable<Input> inputs)
            {
                await foreach (var input in inputs)
                    {|#1:yield return engine.Predict(input);|}
            }

            public Label Top(Input input)
            {
                var p = engine.Predict(input);
                return new Label { PredictedLabel = p.PredictedLabel, Score = p.Score[0] };
            }
        }

        // Not mapped: not an endpoint here.
        public class UnmappedHub(PredictionEngine<Input, Prediction> engine) : Hub
        {
            public Prediction Score(Input input) => engine.Predict(input);
        }

        public class Input { public float X { get; set; } }
        public class Prediction { public string PredictedLabel { get; set; } = ""; public float[] Score { get; set; } = new float[0]; }
        public class Label { public string PredictedLabel { get; set; } = ""; public float Score { get; set; } }
        """, Raw(0, "ScoringHub.Score", "Prediction"), Raw(1, "ScoringHub.Stream", "Prediction"));

    // The prediction comes back from the MediatR handler that runs the model (same reach as MLSEC010): the endpoint
    // returns the handler's raw result.
    [Fact]
    public Task Flags_EndpointReturningTheResultOfAMediatRHandler() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using MediatR;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/predict", (PredictCommand cmd, IMediator mediator) => {|#0:mediator.Send(cmd)|}).RequireRateLimiting("ml");
        app.MapPost("/label", async (PredictCommand cmd, IMediator mediator) => Results.Ok((await mediator.Send(cmd)).PredictedLabel)).RequireRateLimiting("ml");
        app.Run();

        public class Input { public float X { get; set; } }
        public class Prediction { public string PredictedLabel { get; set; } = ""; public float[] Score { get; set; } = new float[0]; }
        public sealed class PredictCommand : IRequest<Prediction> { public Input Input { get; set; } = new(); }

        public sealed class PredictHandler(PredictionEngine<Input, Prediction> engine) : IRequestHandler<PredictCommand, Prediction>
        {
            public Task<Prediction> Handle(PredictCommand request, CancellationToken cancellationToken) => Task.FromResult(engine.Predict(request.Input));
        }
        """, MlReferences.WithMediatR, Raw(0, "POST /predict", "Task<Prediction>"));

    // The same with martinothamar's source-generated Mediator: its Send returns a ValueTask.
    [Fact]
    public Task Flags_EndpointReturningTheResultOfAMediatorHandler() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/predict", (PredictQuery query, ISender sender) => {|#0:sender.Send(query)|}).RequireRateLimiting("ml");
        app.MapPost("/label", async (PredictQuery query, ISender sender) => Results.Ok((await sender.Send(query)).PredictedLabel)).RequireRateLimiting("ml");
        app.Run();

        public class Input { public float X { get; set; } }
        public class Prediction { public string PredictedLabel { get; set; } = ""; public float[] Score { get; set; } = new float[0]; }
        public sealed record PredictQuery(Input Input) : IQuery<Prediction>;

        public sealed class PredictHandler(PredictionEngine<Input, Prediction> engine) : IQueryHandler<PredictQuery, Prediction>
        {
            public ValueTask<Prediction> Handle(PredictQuery query, CancellationToken cancellationToken) => new(engine.Predict(query.Input));
        }
        """, MlReferences.WithMediatorSourceGenerated, Raw(0, "POST /predict", "ValueTask<Prediction>"));
}
