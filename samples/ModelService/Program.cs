using System.ClientModel;
using Microsoft.ML;
using ModelService.Endpoints;
using ModelService.Models;
using ModelService.Services;
using OpenAI;
using OpenAI.Chat;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(new MLContext(seed: 1));
builder.Services.AddSingleton<ChurnModel>();
builder.Services.AddSingleton<AssistantService>();
builder.Services.AddSingleton<ReportSummarizer>();
builder.Services.AddHttpClient<ScoringClient>();

// Safe: the key comes from configuration (user secrets, environment, Key Vault) at run time.
builder.Services.AddSingleton(_ => new OpenAIClient(new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"] ?? string.Empty)));

// Safe: a local Ollama server ignores the key; "ollama" is a conventional dummy, not a secret.
builder.Services.AddKeyedSingleton("local", (_, _) => new ChatClient(
    "llama3.2",
    new ApiKeyCredential("ollama"),
    new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") }));

var app = builder.Build();

app.MapModelEndpoints();

app.Run();
