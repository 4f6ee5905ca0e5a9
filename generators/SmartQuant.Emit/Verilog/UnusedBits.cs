using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit.Verilog;

/// <summary>
/// Finds bits that no logic reads (e.g. the east output of an edge PE, the low bits dropped by a shift). Verilator
/// -Wall reports those as UNUSED; instead of a waiver the emitter lists them in one `unused_bits` reduction wire,
/// the idiom Verilator documents (names matching *unused* are exempt). Each listed bit is visible in the output.
/// </summary>
internal static class UnusedBits
{
    public static List<string> Find(IrModule m, IEnumerable<IrExpr> allReads, bool resetUsed, Func<IrInstance, string, bool> isChildInput)
    {
        var read = new Dictionary<string, bool[]>();
        bool[] Mask(IrSignal s) => read.TryGetValue(s.Name, out var b) ? b : read[s.Name] = new bool[s.Width];
        void MarkAll(IrSignal s) => Array.Fill(Mask(s), true);
        void MarkRange(IrSignal s, int hi, int lo) { var b = Mask(s); for (var i = lo; i <= hi; i++) b[i] = true; }

        void Visit(IrExpr e)
        {
            switch (e)
            {
                case IrRef r: MarkAll(r.Signal); break;
                case IrOp { Op: Op.Slice, Args: [IrRef r] } o: MarkRange(r.Signal, o.P0, o.P1); break;
                case IrOp { Op: Op.ShrConst, Args: [IrRef r] } o: MarkRange(r.Signal, r.Width - 1, o.P0); break;
                case IrOp { Op: Op.Truncate, Args: [IrRef r] } o: MarkRange(r.Signal, o.W - 1, 0); break;
                case IrOp o: foreach (var a in o.Args) Visit(a); break;
            }
        }
        foreach (var e in allReads) Visit(e);
        foreach (var inst in m.Instances)
            foreach (var (_, wire) in inst.Connections)
                if (wire.InstancePort is { } ip && isChildInput(inst, ip.Port)) MarkAll(wire);

        var result = new List<string>();
        var candidates = m.Ports.Where(p => p.Kind == SignalKind.Input && !(p.IsClockOrReset && p.Name == "clk"))
            .Concat(m.Signals);
        foreach (var s in candidates)
        {
            if (s.IsClockOrReset) { if (!resetUsed) result.Add(s.Name); continue; }
            var mask = read.TryGetValue(s.Name, out var b) ? b : new bool[s.Width];
            for (var hi = s.Width - 1; hi >= 0; hi--)
            {
                if (mask[hi]) continue;
                var lo = hi;
                while (lo > 0 && !mask[lo - 1]) lo--;
                result.Add(s.Width == 1 ? s.Name : lo == hi ? $"{s.Name}[{hi}]" : lo == 0 && hi == s.Width - 1 ? s.Name : $"{s.Name}[{hi}:{lo}]");
                hi = lo;
            }
        }
        return result;
    }
}
