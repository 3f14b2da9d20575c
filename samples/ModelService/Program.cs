using System.ClientModel;
using Microsoft.ML;
using ModelService.Endpoints;
using ModelService.Models;
using ModelService.Services;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(new MLContext(seed: 1));
builder.Services.AddSingleton<ChurnModel>();
builder.Services.AddSingleton<ChurnTrainer>();
builder.Services.AddSingleton<AssistantService>();
builder.Services.AddSingleton<ReportSummarizer>();
builder.Services.AddHttpClient<ScoringClient>();
builder.Services.AddHttpClient<FeedbackClassifier>();
builder.Services.AddHttpClient<KnowledgeBaseSearch>();

// Safe: the key comes from configuration (user secrets, environment, Key Vault) at run time; the fallback is a
// placeholder that fails loudly at the first call, not a secret.
builder.Services.AddSingleton(_ => new OpenAIClient(new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"] ?? "<your-api-key>")));
builder.Services.AddSingleton(services => services.GetRequiredService<OpenAIClient>().GetModerationClient("omni-moderation-latest"));

// Safe: the environment variable the OpenAI SDKs themselves read.
builder.Services.AddSingleton(_ => new EmbeddingClient(
    "text-embedding-3-small",
    Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.")));

// Safe: a local Ollama server ignores the key; "ollama" is a conventional dummy, not a secret.
builder.Services.AddKeyedSingleton("local", (_, _) => new ChatClient(
    "llama3.2",
    new ApiKeyCredential("ollama"),
    new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") }));

var app = builder.Build();

app.MapModelEndpoints();

app.Run();
