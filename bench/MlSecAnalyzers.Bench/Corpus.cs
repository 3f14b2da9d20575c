using System;
using System.Collections.Generic;
using System.Text;

namespace MlSecAnalyzers.Bench;

/// <summary>One benchmark input: named sources plus which reference set they compile against.</summary>
internal sealed record Corpus(string Name, bool UsesMlLibraries, IReadOnlyList<(string Path, string Source)> Files);

/// <summary>
/// Deterministic generator (seeded <see cref="Random"/>) of the code an ML/AI web app has: minimal APIs and controllers
/// serving models (PredictionEngine, InferenceSession, ChatClient), ML.NET pipelines and row types (some columns that
/// look like personal data), LLM clients with headers, keys read from configuration (mostly safe; a few hardcoded-looking
/// values and placeholders), and plain business code, which is most of any real codebase.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly string[] Nouns =
    {
        "Order", "Invoice", "Customer", "Product", "Shipment", "Ticket", "Review", "Churn", "Price", "Fraud",
        "Sentiment", "Forecast", "Claim", "Lead", "Document", "Image", "Session", "Account", "Basket", "Route",
    };

    private static readonly string[] PersonalColumns = { "Email", "FirstName", "LastName", "DateOfBirth", "PhoneNumber", "HomeAddress", "Ssn" };
    private static readonly string[] PlainColumns = { "Amount", "Quantity", "Score", "Tenure", "Visits", "Discount", "Rating", "Duration" };

    public static Corpus MlWebApp(int files, int seed)
    {
        var random = new Random(seed + files);
        var list = new List<(string, string)>(files) { ("Program.cs", ProgramFile()) };
        for (var i = 1; i < files; i++)
        {
            var noun = Nouns[i % Nouns.Length] + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Mix: ~15% minimal APIs, ~10% controllers, ~15% ML.NET, ~15% LLM clients, ~45% business code.
            var pick = random.Next(100);
            var source = pick switch
            {
                < 15 => MinimalApi(noun, random),
                < 25 => Controller(noun, random),
                < 40 => MlNetPipeline(noun, random),
                < 55 => LlmClient(noun, random),
                _ => Business(noun, random),
            };
            list.Add(($"src/{noun}.cs", source));
        }

        return new Corpus($"ml-{files}", true, list);
    }

    public static Corpus Plain(int files, int seed)
    {
        var random = new Random(seed + files + 1);
        var list = new List<(string, string)>(files) { ("Program.cs", "public static class Program { public static void Main() { } }\n") };
        for (var i = 1; i < files; i++)
            list.Add(($"src/Plain{i}.cs", Business(Nouns[i % Nouns.Length] + i, random)));
        return new Corpus($"plain-{files}", false, list);
    }

    /// <summary>The ML corpus plus the shapes that hurt naive analyzers: a very long literal, a very long
    /// concatenation, and one file with hundreds of endpoints.</summary>
    public static Corpus Pathological(int files, int seed)
    {
        var baseCorpus = MlWebApp(files, seed);
        var list = new List<(string, string)>(baseCorpus.Files);
        var longLiteral = new StringBuilder("public static class LongLiteral { public const string Text = \"");
        for (var i = 0; i < 20_000; i++)
            longLiteral.Append("abcdefghij0123456789"[i % 20]);
        longLiteral.Append("\"; }\n");
        list.Add(("src/Pathological/LongLiteral.cs", longLiteral.ToString()));

        var concat = new StringBuilder("public static class LongConcat { public static string Build(string x) => \"start\"");
        for (var i = 0; i < 2_000; i++)
            concat.Append(i % 3 == 0 ? " + x" : $" + \"part{i}\"");
        concat.Append("; }\n");
        list.Add(("src/Pathological/LongConcat.cs", concat.ToString()));

        var endpoints = new StringBuilder(Usings).Append("public static class ManyEndpoints\n{\n    public static void Map(WebApplication app, IConfiguration configuration)\n    {\n");
        for (var i = 0; i < 500; i++)
        {
            endpoints.Append(i % 2 == 0
                ? $"        app.MapPost(\"/predict/m{i}\", (PredictionEngine<PathInput, PathOutput> engine, PathInput input) => Results.Ok(engine.Predict(input)));\n"
                : $"        app.MapGet(\"/items/{i}\", () => Results.Ok({i})).RequireAuthorization();\n");
        }

        endpoints.Append("    }\n}\npublic sealed class PathInput { public float A { get; set; } }\npublic sealed class PathOutput { public float Score { get; set; } }\n");
        list.Add(("src/Pathological/ManyEndpoints.cs", endpoints.ToString()));
        return new Corpus($"pathological-{files}", true, list);
    }

    private const string Usings =
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\n" +
        "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Http;\nusing Microsoft.AspNetCore.Mvc;\n" +
        "using Microsoft.Extensions.Configuration;\nusing Microsoft.ML;\nusing Microsoft.ML.Data;\n";

    private static string ProgramFile() => Usings + @"using Microsoft.Extensions.DependencyInjection;
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthorization();
        app.MapControllers();
        app.Run();
    }
}
";

    private static string MinimalApi(string noun, Random random)
    {
        var auth = random.Next(3) == 0 ? "" : ".RequireAuthorization()";
        return Usings + $@"
public sealed class {noun}Input
{{
    public float {PlainColumns[random.Next(PlainColumns.Length)]} {{ get; set; }}
    public string Text {{ get; set; }} = string.Empty;
}}

public sealed class {noun}Prediction
{{
    [ColumnName(""Score"")]
    public float Score {{ get; set; }}
}}

public static class {noun}Endpoints
{{
    public static void Map{noun}(this WebApplication app, MLContext ml)
    {{
        ITransformer model = ml.Model.Load(""models/{noun.ToLowerInvariant()}.zip"", out _);
        var engine = ml.Model.CreatePredictionEngine<{noun}Input, {noun}Prediction>(model);
        app.MapPost(""/predict/{noun.ToLowerInvariant()}"", ({noun}Input input) =>
        {{
            lock (engine)
            {{
                var result = engine.Predict(input);
                return Results.Ok(new {{ result.Score, Label = result.Score > 0.5f ? ""high"" : ""low"" }});
            }}
        }}){auth};
        app.MapGet(""/health/{noun.ToLowerInvariant()}"", () => Results.Ok(""ok""));
    }}
}}
";
    }

    private static string Controller(string noun, Random random)
    {
        var attribute = random.Next(3) == 0 ? "" : "[Microsoft.AspNetCore.Authorization.Authorize]\n";
        return Usings + $@"using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

[ApiController]
[Route(""api/[controller]"")]
{attribute}public sealed class {noun}Controller : ControllerBase
{{
    private readonly InferenceSession _session;
    private readonly IConfiguration _configuration;

    public {noun}Controller(IConfiguration configuration)
    {{
        _configuration = configuration;
        _session = new InferenceSession(configuration[""Models:{noun}""] ?? ""models/{noun}.onnx"");
    }}

    [HttpPost(""score"")]
    public IActionResult Score([FromBody] float[] features)
    {{
        if (features is null || features.Length != 16)
            return BadRequest(""expected 16 features"");
        var tensor = new DenseTensor<float>(features, new[] {{ 1, features.Length }});
        var inputs = new List<NamedOnnxValue> {{ NamedOnnxValue.CreateFromTensor(""input"", tensor) }};
        using var results = _session.Run(inputs);
        var scores = results.First().AsEnumerable<float>().ToArray();
        return Ok(new {{ label = Array.IndexOf(scores, scores.Max()), confidence = scores.Max() }});
    }}

    [HttpGet(""{{id:int}}"")]
    public IActionResult Get(int id) => id < 0 ? NotFound() : Ok(new {{ id, name = ""{noun}"" + id }});
}}
";
    }

    private static string MlNetPipeline(string noun, Random random)
    {
        var columns = new StringBuilder();
        var names = new List<string>();
        var count = 3 + random.Next(5);
        for (var c = 0; c < count; c++)
        {
            var personal = random.Next(6) == 0;
            var name = personal ? PersonalColumns[random.Next(PersonalColumns.Length)] : PlainColumns[random.Next(PlainColumns.Length)] + c;
            if (names.Contains(name))
                name += c;
            names.Add(name);
            var type = personal ? "string" : "float";
            columns.Append($"    [LoadColumn({c})] public {type} {name} {{ get; set; }}{(personal ? " = string.Empty;" : "")}\n");
        }

        var numeric = names.FindAll(n => !Array.Exists(PersonalColumns, p => n.StartsWith(p, StringComparison.Ordinal)));
        if (numeric.Count == 0)
        {
            columns.Append("    [LoadColumn(20)] public float Amount99 { get; set; }\n");
            numeric.Add("Amount99");
        }

        var featureList = string.Join(", ", numeric.ConvertAll(n => "\"" + n + "\""));
        return Usings + $@"
public sealed class {noun}Row
{{
{columns}    [LoadColumn(30)] public float Label {{ get; set; }}
}}

public sealed class {noun}Score
{{
    public float Score {{ get; set; }}
}}

public sealed class {noun}Trainer
{{
    private readonly MLContext _ml = new MLContext(seed: {random.Next(1000)});

    public ITransformer Train(string path)
    {{
        IDataView data = _ml.Data.LoadFromTextFile<{noun}Row>(path, hasHeader: true, separatorChar: ',');
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = _ml.Transforms.Concatenate(""Features"", {featureList})
            .Append(_ml.Transforms.NormalizeMinMax(""Features""))
            .Append(_ml.Regression.Trainers.Sdca(labelColumnName: ""Label"", featureColumnName: ""Features""));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($""{noun}: R2={{metrics.RSquared:0.000}} RMSE={{metrics.RootMeanSquaredError:0.00}}"");
        _ml.Model.Save(model, data.Schema, ""models/{noun.ToLowerInvariant()}.zip"");
        return model;
    }}

    public float Predict(ITransformer model, {noun}Row row) =>
        _ml.Model.CreatePredictionEngine<{noun}Row, {noun}Score>(model).Predict(row).Score;
}}
";
    }

    private static string LlmClient(string noun, Random random)
    {
        // Mostly keys from configuration; rarely a hardcoded-looking key or a placeholder, as real codebases have.
        var roll = random.Next(40);
        var keyExpression = roll switch
        {
            0 => "\"sk-proj-" + RandomToken(random, 40) + "\"",
            1 => "\"YOUR_API_KEY\"",
            2 => "Environment.GetEnvironmentVariable(\"OPENAI_API_KEY\") ?? \"\"",
            _ => "configuration[\"OpenAI:ApiKey\"] ?? throw new InvalidOperationException(\"missing key\")",
        };
        var azure = random.Next(3) == 0;
        var client = azure
            ? $@"        var endpoint = new Uri(configuration[""AzureOpenAI:Endpoint""] ?? ""https://example.openai.azure.com/"");
        var azureClient = new Azure.AI.OpenAI.AzureOpenAIClient(endpoint, new Azure.AzureKeyCredential({keyExpression}));
        _chat = azureClient.GetChatClient(""gpt-4o-{noun.ToLowerInvariant()}"");"
            : $@"        _chat = new ChatClient(""gpt-4o-mini"", {keyExpression});";
        return Usings + $@"using System.Net.Http;
using System.Net.Http.Headers;
using OpenAI.Chat;
using Microsoft.Extensions.AI;

public sealed class {noun}Assistant
{{
    private readonly ChatClient _chat;
    private readonly HttpClient _http = new HttpClient();
    private readonly IConfiguration _configuration;

    public {noun}Assistant(IConfiguration configuration)
    {{
        _configuration = configuration;
{client}
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(""Bearer"", configuration[""Search:Token""]);
        _http.DefaultRequestHeaders.Add(""x-request-source"", ""{noun}"");
    }}

    public async Task<string> SummarizeAsync(string text)
    {{
        var messages = new List<OpenAI.Chat.ChatMessage>
        {{
            new SystemChatMessage(""You summarize {noun} records in two sentences.""),
            new UserChatMessage(text),
        }};
        var completion = await _chat.CompleteChatAsync(messages);
        return completion.Value.Content[0].Text;
    }}

    public async Task<string> AskAsync(IChatClient client, string question)
    {{
        var response = await client.GetResponseAsync(""Answer briefly: "" + question);
        return response.Text;
    }}

    public static void Map(WebApplication app, {noun}Assistant assistant) =>
        app.MapPost(""/ask/{noun.ToLowerInvariant()}"", async (string q) => Results.Ok(await assistant.SummarizeAsync(q)));
}}
";
    }

    private static string Business(string noun, Random random)
    {
        var fields = 3 + random.Next(6);
        var props = new StringBuilder();
        for (var f = 0; f < fields; f++)
            props.Append($"    public decimal {PlainColumns[f % PlainColumns.Length]}{f} {{ get; init; }}\n");
        return $@"using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Shop.{noun}s;

public sealed record {noun}Dto(int Id, string Name, DateTime CreatedAt);

public sealed class {noun}
{{
    public int Id {{ get; init; }}
    public string Name {{ get; init; }} = """";
{props}}}

public sealed class {noun}Service
{{
    private readonly Dictionary<int, {noun}> _items = new();

    public void Add({noun} item)
    {{
        if (item is null) throw new ArgumentNullException(nameof(item));
        _items[item.Id] = item;
    }}

    public IReadOnlyList<{noun}Dto> Search(string term, int take = {10 + random.Next(40)})
    {{
        return _items.Values
            .Where(i => i.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => i.Name)
            .Take(take)
            .Select(i => new {noun}Dto(i.Id, i.Name, DateTime.UtcNow))
            .ToList();
    }}

    public string Describe(int id)
    {{
        if (!_items.TryGetValue(id, out var item))
            return ""{noun} "" + id + "" not found"";
        var sb = new StringBuilder();
        sb.Append(""{noun} #"").Append(item.Id).Append("": "").Append(item.Name);
        for (var i = 0; i < {1 + random.Next(4)}; i++)
            sb.Append(i % 2 == 0 ? "" ."" : "" !"");
        return sb.ToString();
    }}

    public decimal Total(IEnumerable<decimal> amounts, decimal taxRate = 0.{random.Next(5, 25)}m)
    {{
        decimal sum = 0;
        foreach (var amount in amounts)
            sum += amount switch {{ < 0 => 0, > 10000 => 10000, _ => amount }};
        return Math.Round(sum * (1 + taxRate), 2);
    }}
}}
";
    }

    private static string RandomToken(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }
}
