using Microsoft.ML;

namespace ModelService.Models;

/// <summary>Retrains the churn model nightly from the export the data team drops into shared storage.</summary>
public sealed class ChurnTrainer(MLContext ml, IConfiguration configuration)
{
    public ITransformer Retrain()
    {
        var exportPath = configuration["Training:ChurnExportPath"] ?? "data/churn.csv";
        var data = ml.Data.LoadFromTextFile<ChurnInput>(exportPath, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(ChurnInput.TenureMonths), nameof(ChurnInput.MonthlyCharges), nameof(ChurnInput.SupportTickets))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(ChurnInput.Churned)));
        return pipeline.Fit(data); // MLSEC030: expected
    }

    public ITransformer RetrainFromSnapshot()
    {
        // Safe: the snapshot is shipped with the service (a literal, app-relative path).
        var data = ml.Data.LoadFromTextFile<ChurnInput>("data/churn-snapshot.csv", separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(ChurnInput.TenureMonths), nameof(ChurnInput.MonthlyCharges))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(ChurnInput.Churned)));
        return pipeline.Fit(data);
    }
}
