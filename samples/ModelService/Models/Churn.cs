using Microsoft.ML.Data;

namespace ModelService.Models;

public sealed class ChurnInput
{
    [LoadColumn(0)] public float TenureMonths { get; set; }
    [LoadColumn(1)] public float MonthlyCharges { get; set; }
    [LoadColumn(2)] public float SupportTickets { get; set; }
    [LoadColumn(3)] public bool Churned { get; set; }
}

public sealed class ChurnPrediction
{
    [ColumnName("PredictedLabel")] public bool WillChurn { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}

public sealed record ChurnAnswer(bool WillChurn, float Probability);
