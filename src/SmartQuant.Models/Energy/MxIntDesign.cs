namespace SmartQuant.Models.Energy;

/// <summary>
/// ANALYTICAL until the mxint-array's golden counters are wired in (docs/energy-model.md, "Analytical designs"):
/// MicroScopiQ's multi-precision PEs at bb = 4 without outlier support (no ReCoN, no merge, no records), MX-INT-4
/// weights with one E8M0 exponent per 128-weight block, applied as MicroScopiQ's per-row activation pre-shift. Same
/// double-buffered load port and host policy as MicroScopiQ; a token's latency is acceptance + Rows + deskew
/// (Cols − 1) + the output buffer: Rows + Cols + 1 cycles.
/// </summary>
public sealed class MxIntDesign(int rows, int cols) : AcceleratorDesign(rows, cols)
{
    public const int ShiftBits = 3;
    public override string Name => "mxint4";
    public override string Format => "MX-INT-4, 128-blocks (MicroScopiQ PE, no outlier support)";
    public override int MacWeightBits => 4;
    public override bool Analytical => true;
    public override AcceleratorDesign Resize(int rows, int cols) => new MxIntDesign(rows, cols);
    public override bool Supports(int rows, int cols) => rows is >= 1 and <= 256 && cols is >= 4 and <= 256 && (cols & (cols - 1)) == 0;
    public override double StoredBitsPerWeight(int inputs) => 4 + 8.0 / 128;
    public override long Cycles(long tiles, int tokens) => MicroScopiQ.MicroScopiQSchedule.Cycles(Rows, Rows + Cols + 1, tiles, tokens);

    public override ActionCounts Actions(ScheduleEvents e)
    {
        long rowBits = (long)Cols * 4 + ShiftBits;
        return BufferActions(e, rowBits)
            .Add(EnergyActions.Mac4x8, e.Macs)
            .Add(EnergyActions.RegisterBit, checked(e.RowLoads * rowBits + e.TokenTiles * Rows * Cols * (ActivationBits + AccumulatorBits)));
    }
}
