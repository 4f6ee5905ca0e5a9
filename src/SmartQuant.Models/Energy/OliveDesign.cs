namespace SmartQuant.Models.Energy;

/// <summary>
/// ANALYTICAL until the olive-array's golden counters are wired in (docs/energy-model.md, "Analytical designs"):
/// OliVe-style outlier–victim pairs (docs/quant-formats.md §6), 4-bit codes with an FP16 scale per 128 inputs. A
/// decoder per weight pair turns two codes into two integers; a decoded outlier reaches 96 (abfloat E2M1 × 2⁴), so the
/// PEs behind it multiply 8-bit signed weights by 8-bit activations. In a weight-stationary array weights are decoded
/// once, as a row is loaded (Cols / 2 decodes per row), not per token. Same load port, host policy and latency
/// (Rows + Cols + 1) as the MX-INT array.
/// </summary>
public sealed class OliveDesign(int rows, int cols) : AcceleratorDesign(rows, cols)
{
    public override string Name => "olive";
    public override string Format => "OliVe-style 4-bit outlier–victim pairs, FP16 scale per 128";
    public override int MacWeightBits => 8;
    public override bool Analytical => true;
    public override AcceleratorDesign Resize(int rows, int cols) => new OliveDesign(rows, cols);
    public override bool Supports(int rows, int cols) => rows is >= 1 and <= 256 && cols is >= 2 and <= 256 && cols % 2 == 0;
    public override double StoredBitsPerWeight(int inputs) => 4 + 16.0 / 128;
    public override long Cycles(long tiles, int tokens) => MicroScopiQ.MicroScopiQSchedule.Cycles(Rows, Rows + Cols + 1, tiles, tokens);

    public override ActionCounts Actions(ScheduleEvents e) => BufferActions(e, (long)Cols * 4)
        .Add(EnergyActions.Mac8x8, e.Macs)
        .Add(EnergyActions.OlivePairDecode, checked(e.RowLoads * (Cols / 2)))
        .Add(EnergyActions.RegisterBit, checked(e.RowLoads * Cols * 8 + e.TokenTiles * Rows * Cols * (ActivationBits + AccumulatorBits)));
}
