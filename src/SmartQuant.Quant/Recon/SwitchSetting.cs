namespace SmartQuant.Quant.Recon;

/// <summary>What a switch does with the res item arriving in one input slot.</summary>
public enum ResAction : byte
{
    /// <summary>No res item in this slot.</summary>
    None = 0,
    /// <summary>Forward it to the Left output.</summary>
    ToLeft = 1,
    /// <summary>Forward it to the Right output.</summary>
    ToRight = 2,
    /// <summary>Add it into this switch's own acc item (the Upper lane's partial sum), which then continues on its fixed path.</summary>
    Merge = 3,
}

/// <summary>Paper-style names of a switch's res configuration.</summary>
public enum SwitchMode
{
    /// <summary>No res item: only the fixed acc path is active.</summary>
    Idle,
    /// <summary>Every res item leaves on the side it came in (Left→Left, Right→Right).</summary>
    Pass,
    /// <summary>Every res item crosses (Left→Right, Right→Left).</summary>
    Swap,
    /// <summary>Res items forwarded, some passing and some crossing (e.g. both to one output).</summary>
    Route,
    /// <summary>A res item arriving on the Left merges into the acc (Upper) arriving on the Right; other res items may be routed too.</summary>
    MergeLowerLeft,
    /// <summary>A res item arriving on the Right merges into the acc (Upper) arriving on the Left (the paper's orientation).</summary>
    MergeLowerRight,
}

/// <summary>
/// Configuration of one switch: the action for the res item in each of its four input slots
/// (Left slot 0, Left slot 1, Right slot 0, Right slot 1). Encoded in 8 bits for the RTL: the action of
/// input slot i = 2·port + slot sits in bits [2i+1 : 2i] (<see cref="ResAction"/> values).
/// Output slots are filled by a fixed rule (see <see cref="ReconTopology"/>), so they need no configuration.
/// </summary>
public readonly record struct SwitchSetting(ResAction LeftSlot0, ResAction LeftSlot1, ResAction RightSlot0, ResAction RightSlot1)
{
    public static readonly SwitchSetting Idle = default;

    public int Encoding => (int)LeftSlot0 | ((int)LeftSlot1 << 2) | ((int)RightSlot0 << 4) | ((int)RightSlot1 << 6);

    public static SwitchSetting FromEncoding(int code)
    {
        if ((uint)code > 255) throw new ArgumentOutOfRangeException(nameof(code), $"switch code {code} wider than 8 bits");
        return new((ResAction)(code & 3), (ResAction)((code >> 2) & 3), (ResAction)((code >> 4) & 3), (ResAction)(code >> 6));
    }

    /// <summary>Action for the res item in <paramref name="slot"/> (0 or 1) of input <paramref name="port"/>.</summary>
    public ResAction On(Port port, int slot) => (port, slot) switch
    {
        (Port.Left, 0) => LeftSlot0,
        (Port.Left, 1) => LeftSlot1,
        (Port.Right, 0) => RightSlot0,
        (Port.Right, 1) => RightSlot1,
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    public SwitchSetting With(Port port, int slot, ResAction action) => (port, slot) switch
    {
        (Port.Left, 0) => this with { LeftSlot0 = action },
        (Port.Left, 1) => this with { LeftSlot1 = action },
        (Port.Right, 0) => this with { RightSlot0 = action },
        (Port.Right, 1) => this with { RightSlot1 = action },
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    public SwitchMode Mode
    {
        get
        {
            ResAction[] l = [LeftSlot0, LeftSlot1], r = [RightSlot0, RightSlot1];
            if (l.Contains(ResAction.Merge)) return SwitchMode.MergeLowerLeft;
            if (r.Contains(ResAction.Merge)) return SwitchMode.MergeLowerRight;
            bool pass = false, cross = false;
            foreach (var a in l) { pass |= a == ResAction.ToLeft; cross |= a == ResAction.ToRight; }
            foreach (var a in r) { pass |= a == ResAction.ToRight; cross |= a == ResAction.ToLeft; }
            return (pass, cross) switch { (false, false) => SwitchMode.Idle, (true, false) => SwitchMode.Pass, (false, true) => SwitchMode.Swap, _ => SwitchMode.Route };
        }
    }
}
