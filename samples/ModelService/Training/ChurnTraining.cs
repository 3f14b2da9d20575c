using Microsoft.ML;
using Microsoft.ML.Data;
using OpenAI.Chat;

namespace ModelService.Training;

/// <summary>A row of the CRM export the churn model is trained on.</summary>
public sealed class CustomerRecord
{
    [LoadColumn(0)] public string CustomerEmail { get; set; } = "";
    [LoadColumn(1)] public float TenureMonths { get; set; }
    [LoadColumn(2)] public float MonthlyCharges { get; set; }
    [LoadColumn(3)] public bool Churned { get; set; }
    [LoadColumn(4)] public float EmailCount { get; set; }          // a count, not an address: silent
}

/// <summary>Retrains the churn model from the CRM export and produces the analysts' sample.</summary>
public static class ChurnTraining
{
    public static ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<CustomerRecord>(path, hasHeader: true, separatorChar: ','); // MLSEC020: expected
        var pipeline = ml.Transforms.Concatenate("Features", nameof(CustomerRecord.TenureMonths), nameof(CustomerRecord.MonthlyCharges))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(CustomerRecord.Churned)));
        return pipeline.Fit(data);
    }

    // Safe: the address is dropped before anything else sees it.
    public static ITransformer TrainWithoutEmail(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<CustomerRecord>(path, hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.DropColumns(nameof(CustomerRecord.CustomerEmail))
            .Append(ml.Transforms.Concatenate("Features", nameof(CustomerRecord.TenureMonths), nameof(CustomerRecord.EmailCount)))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(CustomerRecord.Churned)));
        return pipeline.Fit(data);
    }

    public static void ExportSample(MLContext ml, string path, Stream destination)
    {
        var records = ml.Data.LoadFromTextFile<CustomerRecord>(path, hasHeader: true, separatorChar: ',');
        var sample = ml.Data.TakeRows(ml.Data.ShuffleRows(records, seed: 7), 500);
        ml.Data.SaveAsText(sample, destination); // MLSEC022: expected
    }

    // Safe: only the columns the analysts need are kept.
    public static void ExportAggregates(MLContext ml, string path, Stream destination)
    {
        var records = ml.Data.LoadFromTextFile<CustomerRecord>(path, hasHeader: true, separatorChar: ',');
        var columns = ml.Transforms.SelectColumns(nameof(CustomerRecord.TenureMonths), nameof(CustomerRecord.Churned)).Fit(records).Transform(records);
        ml.Data.SaveAsText(columns, destination);
    }

    // Safe: the prompt carries counts and charges, not the customer's address.
    public static UserChatMessage ExplainChurn(CustomerRecord record) =>
        new($"A customer with {record.TenureMonths} months of tenure pays {record.MonthlyCharges:F2} a month and got {record.EmailCount} e-mails. Why might they leave?");
}
