namespace SmartQuant.Quant.Recon;

/// <summary>Port of a 2×2 switch.</summary>
public enum Port { Left = 0, Right = 1 }

/// <summary>
/// The ReCoN butterfly over <see cref="Lanes"/> = N lanes (power of two), shared by the golden model and the
/// RTL generator. Stages 0…L (L = log2 N), N switches per stage, every switch 2-in/2-out.
/// <list type="bullet">
/// <item>Stage 0: switch i gets lane i on its Left input; its Right input is tied to "empty".</item>
/// <item>Wiring: leaving stage t−1 switch x through port p reaches stage t switch (x with bit t−1 set to p),
/// arriving on the port equal to x's old bit t−1. So stage t (1 ≤ t ≤ L) joins switches a and a ^ 2^(t−1).</item>
/// <item>Stage L: the Left output of switch a is output lane a; Right outputs are unused.</item>
/// </list>
/// Items. Lane c's partial sum (the <em>acc</em> item) always follows the fixed identity path: it stays on switch c
/// at every stage, entering on port c[t−1] (Left at stage 0) and leaving on port c[t] (Left at stage L), so every
/// switch carries exactly one acc item. A pruned lane's Lower-half product (a <em>res</em> item) travels to the
/// Upper lane it belongs to and is added into that lane's acc item (Merge).
/// <para>Wires have two slots (the payload is already {Res, iAcc} wide). Slot 0 of the wire carrying an acc item
/// holds that acc; every other slot can hold one res item. Output slot rule (fixed, not configured): at each
/// output port the acc (if it leaves there) takes slot 0, then the res items sent to that port take the free
/// slots in increasing order, visiting inputs in the order Left slot 0, Left slot 1, Right slot 0, Right slot 1.
/// Stage-0 input: lane c's acc in Left slot 0, its res (if any) in Left slot 1.</para>
/// </summary>
public sealed class ReconTopology
{
    public int Lanes { get; }
    /// <summary>L = log2(Lanes); stages are numbered 0…L.</summary>
    public int Log2Lanes { get; }
    public int StageCount => Log2Lanes + 1;
    public int SwitchCount => Lanes * StageCount;

    public ReconTopology(int lanes)
    {
        if (lanes < 2 || (lanes & (lanes - 1)) != 0) throw new ArgumentException($"ReCoN lane count must be a power of two ≥ 2, got {lanes}");
        Lanes = lanes;
        Log2Lanes = System.Numerics.BitOperations.Log2((uint)lanes);
    }

    /// <summary>Where leaving (stage, sw) through <paramref name="port"/> lands: (switch, input port) at stage+1.</summary>
    public (int Switch, Port InPort) Next(int stage, int sw, Port port)
    {
        CheckSwitch(stage, sw);
        if (stage >= Log2Lanes) throw new ArgumentException($"stage {stage} is the output stage; its Left output is lane {sw}");
        int bit = 1 << stage;
        int target = (sw & ~bit) | (port == Port.Right ? bit : 0);
        return (target, (sw & bit) != 0 ? Port.Right : Port.Left);
    }

    /// <summary>The stage-(stage−1) switch and output port feeding input <paramref name="inPort"/> of (stage, sw), stage ≥ 1.</summary>
    public (int Switch, Port OutPort) Previous(int stage, int sw, Port inPort)
    {
        CheckSwitch(stage, sw);
        if (stage == 0) throw new ArgumentException("stage 0 inputs are lanes (Left) and a tied-off Right input");
        int bit = 1 << (stage - 1);
        int src = (sw & ~bit) | (inPort == Port.Right ? bit : 0);
        return (src, (sw & bit) != 0 ? Port.Right : Port.Left);
    }

    /// <summary>The switch that stage t (≥ 1) pairs with <paramref name="sw"/>: sw ^ 2^(t−1).</summary>
    public int Partner(int stage, int sw) => stage == 0 ? sw : sw ^ (1 << (stage - 1));

    /// <summary>Port on which the acc field of lane <paramref name="sw"/> enters its own switch at <paramref name="stage"/>.</summary>
    public Port AccInPort(int stage, int sw) => stage == 0 ? Port.Left : BitPort(sw, stage - 1);

    /// <summary>Port on which lane <paramref name="sw"/>'s acc field leaves its switch at <paramref name="stage"/>.</summary>
    public Port AccOutPort(int stage, int sw) => stage == Log2Lanes ? Port.Left : BitPort(sw, stage);

    /// <summary>Whether the fixed acc path crosses (Left↔Right) at this switch.</summary>
    public bool AccCrosses(int stage, int sw) => AccInPort(stage, sw) != AccOutPort(stage, sw);

    /// <summary>First stage at which a res item from lane <paramref name="lower"/> can meet lane <paramref name="upper"/>: msb(u ^ l) + 1.</summary>
    public int MergeStage(int upper, int lower)
    {
        int d = upper ^ lower;
        if (d == 0) throw new ArgumentException("upper and lower lanes must differ");
        return System.Numerics.BitOperations.Log2((uint)d) + 1;
    }

    internal static Port BitPort(int value, int bit) => ((value >> bit) & 1) != 0 ? Port.Right : Port.Left;

    internal void CheckSwitch(int stage, int sw)
    {
        if ((uint)stage > (uint)Log2Lanes) throw new ArgumentOutOfRangeException(nameof(stage), $"stage {stage} outside 0…{Log2Lanes}");
        if ((uint)sw >= (uint)Lanes) throw new ArgumentOutOfRangeException(nameof(sw), $"switch {sw} outside 0…{Lanes - 1}");
    }
}
