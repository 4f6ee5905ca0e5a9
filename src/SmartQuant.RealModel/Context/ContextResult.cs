namespace SmartQuant.RealModel.Context;

/// <summary>
/// One policy or baseline: fidelity over the evaluation passages and the store cost of one passage's weight load.
/// </summary>
/// <param name="Kind">uniform, static, oracle, predictor or baseline.</param>
/// <param name="Rounding">truncate, guard or packed (baselines).</param>
/// <param name="UnitBits">Mean width of the heads and neurons (weighted by size), the policy's own choice.</param>
/// <param name="LinkBits">Bits per served weight the host receives: block widths after sharing (over-serve), plus the
/// predictor's parameters, plus the scales (16 per 384 weights); for baselines their packed size with metadata.</param>
/// <param name="EnergyUj">DRAM energy of one passage's load (mean over the simulated passages), µJ, scaled to the whole served model.</param>
/// <param name="LoadUs">Load time of one passage's weights, µs.</param>
/// <param name="Recall">Predictor only: share of the oracle's high-width units the predictor also picked (mean).</param>
public sealed record PolicyRow(string Name, string Kind, string Rounding, double UnitBits, double LinkBits, double MeanCosine, double P5Cosine,
    double Agreement, double EnergyUj, double LoadUs, double LinkMB, double DramMB, double Recall);

public sealed record ContextResult(int Calibration, int Evaluation, int CalibrationTokens, int EvaluationTokens, ulong Seed, int ServedBlocks,
    long ServedWeights, Dictionary<double, List<OverlapRow>> Overlap, List<PolicyRow> Rows,
    int PredictorParameters, double Seconds);
