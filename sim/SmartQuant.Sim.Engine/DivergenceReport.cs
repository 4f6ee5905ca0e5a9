using System.Numerics;
using System.Text;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>One output that differs at the first divergent cycle.</summary>
public sealed record PortMismatch(PortSlot Port, BigInteger Expected, BigInteger Actual);

/// <summary>
/// The first cycle where RTL and golden model disagree: the cycle, each mismatching port with expected and actual
/// (hex and decimal) and its C# declaration, a table of the last 16 cycles, and the waveform window with its view.
/// </summary>
public sealed record DivergenceReport(
    string Design, string Test, string ConfigJson, ulong Seed, long Cycle,
    IReadOnlyList<PortMismatch> Mismatches,
    IReadOnlyList<string> TableLines,
    string? WavesPath = null, string? ViewPath = null, string? Replay = null)
{
    internal static DivergenceReport Create(ISimTest test, DesignUnderTest dut, ulong seed, long cycle, IReadOnlyList<PortSlot> bad,
        PortMap map, History history, PortValues inputs, PortValues expected, PortValues actual)
    {
        var mismatches = bad.Select(p => new PortMismatch(p, expected.GetBig(p), actual.GetBig(p))).ToList();
        return new DivergenceReport(test.Design, test.Name, dut.Config.ToJson().ReplaceLineEndings(" "), seed, cycle, mismatches,
            Table(map, history, bad), Replay: dut.ReplayLine(test.Name, seed, cycle + 1));
    }

    public static string Hex(BigInteger v, int width) => "0x" + v.ToString("x").TrimStart('0').PadLeft((width + 3) / 4, '0');

    /// <summary>Unsigned decimal, plus the signed reading for signed ports.</summary>
    public static string Dec(BigInteger v, PortSlot p)
    {
        if (!p.Signed || v < BigInteger.One << (p.Width - 1)) return v.ToString();
        return $"{v} = {v - (BigInteger.One << p.Width)} signed";
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        var m0 = Mismatches[0];
        sb.AppendLine($"first divergence: design={Design} test={Test} seed={Seed} cycle={Cycle} port={m0.Port.Name}");
        foreach (var m in Mismatches)
        {
            sb.AppendLine($"  port {m.Port.Name} ({m.Port.Width} bit{(m.Port.Signed ? ", signed" : "")}), declared at {m.Port.Location}");
            sb.AppendLine($"    expected {Hex(m.Expected, m.Port.Width)} ({Dec(m.Expected, m.Port)})");
            sb.AppendLine($"    actual   {Hex(m.Actual, m.Port.Width)} ({Dec(m.Actual, m.Port)})");
        }
        sb.AppendLine($"  config {ConfigJson}");
        sb.AppendLine($"last {TableLines.Count - 1} cycles (outputs: actual, '!expected' where they differ):");
        foreach (var line in TableLines) sb.AppendLine("  " + line);
        if (WavesPath is not null) sb.AppendLine($"waves: {WavesPath}");
        if (ViewPath is not null) sb.AppendLine($"view:  {ViewPath}   (gtkwave {ViewPath})");
        sb.Append($"replay: {Replay ?? $"smartquant sim --design {Design} --test {Test} --seed {Seed} --cycles {Cycle + 1}"}");
        return sb.ToString();
    }

    private static IReadOnlyList<string> Table(PortMap map, History history, IReadOnlyList<PortSlot> bad)
    {
        var rows = history.Rows();
        var header = new List<string> { "cycle" };
        header.AddRange(map.Inputs.Select(p => p.Name));
        header.AddRange(map.Outputs.Select(p => (bad.Contains(p) ? "*" : "") + p.Name));
        var cells = new List<List<string>> { header };
        foreach (var (cycle, ins, exp, act) in rows)
        {
            var row = new List<string> { cycle.ToString() };
            row.AddRange(map.Inputs.Select(p => Hex(Big(ins, p), p.Width)));
            foreach (var p in map.Outputs)
            {
                var (e, a) = (Big(exp, p), Big(act, p));
                // A difference under a don't-care rule is shown too; only starred columns were compared and failed.
                row.Add(e == a ? Hex(a, p.Width) : $"{Hex(a, p.Width)}!{Hex(e, p.Width)}");
            }
            cells.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(i => cells.Max(r => r[i].Length)).ToArray();
        return [.. cells.Select(r => string.Join(" | ", r.Select((c, i) => c.PadLeft(widths[i]))).TrimEnd())];
    }

    private static BigInteger Big(ulong[] words, PortSlot p)
    {
        var v = BigInteger.Zero;
        for (var i = p.Words - 1; i >= 0; i--) v = (v << 64) | words[p.Offset + i];
        return v;
    }
}
