namespace SmartQuant.RealModel.Context;

/// <summary>What the context-precision experiment runs (docs/context-precision.md). Defaults are the report's full run.</summary>
public sealed record ContextOptions
{
    public int CalibrationPassages { get; init; } = 256;
    public int EvaluationPassages { get; init; } = 96;
    public ulong Seed { get; init; } = 1;
    /// <summary>Encoder blocks served from the store (the rest stay FP32); null = all.</summary>
    public int? Blocks { get; init; }
    /// <summary>Uniform widths.</summary>
    public IReadOnlyList<int> Uniform { get; init; } = [8, 6, 4, 3, 2];
    /// <summary>(high, low) widths of the static, oracle and predictor policies.</summary>
    public IReadOnlyList<(int High, int Low)> Widths { get; init; } = [(8, 6), (8, 4), (6, 4)];
    /// <summary>Share of heads and of neurons given the high width (the same share for both kinds).</summary>
    public IReadOnlyList<double> Fractions { get; init; } = [0.1, 0.25, 0.5];
    /// <summary>Top fractions of the overlap statistics.</summary>
    public IReadOnlyList<double> OverlapFractions { get; init; } = [0.1, 0.25, 0.5];
    /// <summary>Both store roundings (truncation and the guard plane), or only truncation.</summary>
    public bool BothRoundings { get; init; } = true;
    /// <summary>Independently quantized baselines (QuantMethod names) at 2 and 4 bits; "microscopiq" runs GPTQ on the
    /// calibration passages' FP32 activations, as the real-model eval does.</summary>
    public IReadOnlyList<string> Baselines { get; init; } = ["rtn-g128", "mxint", "microscopiq-nogptq", "microscopiq"];
    public IReadOnlyList<int> BaselineBits { get; init; } = [2, 4];
    /// <summary>Evaluation passages whose per-passage load is run through the store model (the context policies; uniform and static loads are the same for every passage and run once).</summary>
    public int StorePassages { get; init; } = 3;
    public int PredictorRank { get; init; } = 16;
    public string FortuneDirectory { get; init; } = FortunePassages.DefaultDirectory;
    public string? Package { get; init; }
    public int Threads { get; init; } = 2;
}
