using Microsoft.ML;

namespace ModelService.Models;

/// <summary>Serves the churn model trained offline and shipped with the service.</summary>
public sealed class ChurnModel
{
    // PredictionEngine is not thread-safe; requests share this one, so they take turns.
    private readonly PredictionEngine<ChurnInput, ChurnPrediction>? _engine;
    private readonly Lock _gate = new();

    public ChurnModel(MLContext ml, IConfiguration configuration, IWebHostEnvironment environment)
    {
        // Operations can point the service at a newer model without a redeploy; nothing checks the file they point at.
        var path = configuration["Models:ChurnPath"] ?? Path.Combine(environment.ContentRootPath, "Models", "churn.zip");
        if (File.Exists(path))
        {
            var model = ml.Model.Load(path, out _); // MLSEC031: expected
            _engine = ml.Model.CreatePredictionEngine<ChurnInput, ChurnPrediction>(model);
        }
    }

    public ChurnAnswer Predict(ChurnInput input)
    {
        if (_engine is null)
            return new ChurnAnswer(false, 0);

        ChurnPrediction prediction;
        lock (_gate)
            prediction = _engine.Predict(input);
        return new ChurnAnswer(prediction.WillChurn, prediction.Probability);
    }
}
