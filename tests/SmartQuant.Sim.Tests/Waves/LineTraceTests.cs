using System.Globalization;
using System.Text.RegularExpressions;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>
/// Line traces of the four designs on short known runs (default test and configuration, fixed seed): one line per cycle
/// in the asked range, identical when run again, and every field agreeing with the RTL's ports in that cycle, recorded
/// independently by a wrapping driver (a driver sees each cycle's inputs and the RTL's outputs one cycle later).
/// </summary>
public partial class LineTraceTests
{
    private const int Cycles = 400;

    /// <summary>One cycle as the RTL saw it: packed inputs and outputs.</summary>
    private sealed record Seen(ulong[] In, ulong[] Out);

    private sealed class Recording(ISimTest inner, List<Seen> seen) : ISimTest
    {
        public string Name => inner.Name;
        public string Design => inner.Design;
        public string Description => inner.Description;
        public IReadOnlyList<DontCare> DontCares(PortMap map) => inner.DontCares(map);
        public ICycleModel CreateGolden(DesignConfig config, PortMap map) => inner.CreateGolden(config, map);
        public IStimulusDriver CreateDriver(DesignConfig config, PortMap map, ulong seed) => new Driver(inner.CreateDriver(config, map, seed), seen);

        private sealed class Driver(IStimulusDriver inner, List<Seen> seen) : IStimulusDriver
        {
            public void Drive(long cycle, PortValues inputs, PortValues outputs)
            {
                if (cycle > 0) seen.Add(new Seen((ulong[])inputs.Words.Clone(), (ulong[])outputs.Words.Clone()));
                inner.Drive(cycle, inputs, outputs);
            }
        }
    }

    private static (List<(long Cycle, string Line)> Lines, List<Seen> Seen, PortMap Map) Run(string design, long from = 0, long to = long.MaxValue)
    {
        var seen = new List<Seen>();
        var lines = new List<(long, string)>();
        var r = LockstepEngine.Run(new Recording(SimTestCatalog.Find(design), seen), new SimOptions
        {
            Cycles = Cycles, Seed = 12, WavesOnFailure = false, Config = Diverging.Config(design),
            LineTrace = (c, l) => lines.Add((c, l)), LineTraceFrom = from, LineTraceTo = to,
        });
        Assert.True(r.Passed, r.Divergence?.ToString());
        return (lines, seen, r.Library.Map);
    }

    // Ports are read through each design's typed binding (PortBindings), so a renamed port is a compile error here.
    private static ulong U(ulong[] w, PortSlot p) => w[p.Offset];
    private static long S(ulong[] w, PortSlot p)
    {
        var shift = 64 - p.Width;
        return (long)(w[p.Offset] << shift) >> shift;
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("mac-array")]
    [InlineData("microscopiq")]
    [InlineData("cxl-store")]
    public void Line_trace_is_one_line_per_cycle_deterministic_and_agrees_with_the_rtl(string design)
    {
        var (lines, seen, map) = Run(design);
        Assert.Equal(Enumerable.Range(0, Cycles).Select(c => (long)c), lines.Select(l => l.Cycle));
        Assert.Equal(lines, Run(design).Lines);
        var check = design switch
        {
            "fifo" => (Action<long, string, Seen>)((c, l, s) => Fifo(l, s, map)),
            "mac-array" => MacArray(map, seen),
            "microscopiq" => MicroScopiQ(map, seen),
            "cxl-store" => Cxl(map),
            _ => throw new ArgumentException(design),
        };
        for (var c = 0; c < seen.Count; c++) check(c, lines[c].Line, seen[c]);
    }

    [Fact]
    public void From_and_to_select_the_printed_cycles()
    {
        var (all, _, _) = Run("fifo");
        var (some, _, _) = Run("fifo", 100, 119);
        Assert.Equal(all.Where(l => l.Cycle is >= 100 and <= 119), some);
    }

    private static void Fifo(string line, Seen s, PortMap map)
    {
        var f = PortBindings.Fifo(map);
        var m = FifoLine().Match(line);
        Assert.True(m.Success, line);
        Assert.Equal(m.Groups["bar"].Value.Count(ch => ch == '#'), int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(U(s.Out, f.Count), ulong.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        var push = U(s.In, f.InValid) == 1 && U(s.Out, f.InReady) == 1;
        var pop = U(s.Out, f.OutValid) == 1 && U(s.In, f.OutReady) == 1;
        Assert.Equal(push ? U(s.In, f.InData).ToString("x8") : "--------", m.Groups["in"].Value);
        Assert.Equal(pop ? U(s.Out, f.OutData).ToString("x8") : "--------", m.Groups["out"].Value);
    }

    private static Action<long, string, Seen> MacArray(PortMap map, List<Seen> seen)
    {
        var p = PortBindings.MacArray(map);
        var (rows, cols) = (p.ActIn.Length, p.PsumOut.Length);
        return (c, line, s) =>
        {
            var steps = seen.Take((int)c).LongCount(x => U(x.In, p.Enable) == 1);
            var head = $"k {steps,5} {(U(s.In, p.Enable) == 1 ? "EN" : "--")} {(U(s.In, p.LoadWeight) == 1 ? "LD" : "--")} | act";
            var acts = string.Concat(Enumerable.Range(0, rows).Select(r => " " + S(s.In, p.ActIn[r]).ToString(CultureInfo.InvariantCulture).PadLeft(4)));
            var psums = string.Concat(Enumerable.Range(0, cols).Select(k =>
            {
                var wave = steps - rows - k;
                return (wave < 0 ? " t-:" : $" t{wave}:") + S(s.Out, p.PsumOut[k]).ToString(CultureInfo.InvariantCulture);
            }));
            Assert.Equal(head + acts + " | psum" + psums, line);
        };
    }

    private static Action<long, string, Seen> MicroScopiQ(PortMap map, List<Seen> seen)
    {
        var p = PortBindings.MicroScopiQ(map);
        var rows = p.ActData.Length;
        var events = Hw.MicroScopiQ.MicroScopiQCounters.All.ToList();
        var (conflicts, stalls) = (p.Counters[events.IndexOf(Hw.MicroScopiQ.MicroScopiQCounters.Conflicts)], p.Counters[events.IndexOf(Hw.MicroScopiQ.MicroScopiQCounters.Stalls)]);
        return (c, line, s) =>
        {
            var m = MicroScopiQLine().Match(line);
            Assert.True(m.Success, line);
            bool Acc(Seen x) => U(x.In, p.ActValid) == 1 && U(x.Out, p.ActReady) == 1;
            bool Out(Seen x) => U(x.Out, p.OutValid) == 1 && U(x.In, p.OutReady) == 1;
            Assert.Equal(Acc(s) ? "acc" : "---", m.Groups["acc"].Value);
            Assert.Equal(Out(s) ? "out" : "---", m.Groups["out"].Value);
            if (U(s.Out, p.OutValid) == 1 && U(s.In, p.OutReady) == 0) Assert.Equal("STALL", m.Groups["stall"].Value);
            // Tokens in the pipeline (entry + rows + drain) = accepted − delivered before this cycle, from the RTL's handshakes.
            var before = seen.Take((int)c).ToList();
            var inFlight = before.Count(Acc) - before.Count(Out);
            var cells = m.Groups["rows"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(rows, cells.Length);
            var total = int.Parse(m.Groups["entry"].Value, CultureInfo.InvariantCulture) + cells.Count(x => x != ".")
                + int.Parse(m.Groups["drain"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(inFlight, total);
            Assert.Equal(U(s.Out, conflicts), ulong.Parse(m.Groups["conf"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(U(s.Out, stalls), ulong.Parse(m.Groups["stalls"].Value, CultureInfo.InvariantCulture));
        };
    }

    private static Action<long, string, Seen> Cxl(PortMap map)
    {
        var p = PortBindings.CxlStore(map);
        long hits = 0, misses = 0;
        return (c, line, s) =>
        {
            var m = CxlLine().Match(line);
            Assert.True(m.Success, line);
            var req = U(s.In, p.Req.Valid) == 1;   // credit-based channels: valid is "sent"
            Assert.Equal(req, m.Groups["req"].Value != "--");
            if (req) Assert.EndsWith($" t{U(s.In, p.Req.Tag)} @{U(s.In, p.Req.Addr):x5}", m.Groups["req"].Value);
            var rwd = U(s.In, p.Rwd.Valid) == 1;
            Assert.Equal(rwd, m.Groups["rwd"].Value != "--");
            var ndr = U(s.Out, p.Ndr.Valid) == 1;
            Assert.Equal(ndr ? $"cmp t{U(s.Out, p.Ndr.Tag)}" : "--", m.Groups["ndr"].Value);
            var drs = U(s.Out, p.Drs.Valid) == 1;
            Assert.Equal(drs, m.Groups["drs"].Value != "--");
            if (drs) Assert.EndsWith($"t{U(s.Out, p.Drs.Tag)}", m.Groups["drs"].Value);
            var issue = U(s.Out, p.MemReq.Valid) == 1 && U(s.In, p.MemReq.Ready) == 1;
            var dram = m.Groups["dram"].Value;
            if (issue) Assert.Contains($"{(U(s.Out, p.MemReq.Write) == 1 ? "WR" : "RD")} {U(s.Out, p.MemReq.Addr):x5}#{U(s.Out, p.MemReq.Id)}", dram);
            else Assert.DoesNotContain("RD", dram);
            var rsp = U(s.In, p.MemRsp.Valid) == 1 && U(s.Out, p.MemRsp.Ready) == 1;
            Assert.Equal(rsp, dram.Contains($"<- #{U(s.In, p.MemRsp.Id)}"));
            // Buffer hits and misses are cumulative counters: they never go down.
            var (h, mi) = (long.Parse(m.Groups["hit"].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups["miss"].Value, CultureInfo.InvariantCulture));
            Assert.True(h >= hits && mi >= misses, line);
            (hits, misses) = (h, mi);
        };
    }

    [GeneratedRegex(@"^\[(?<bar>[#.]+)\] +(?<n>\d+)/\d+  in (?<in>\S+)  out (?<out>\S+)$")]
    private static partial Regex FifoLine();

    [GeneratedRegex(@"^(?<acc>acc|---) (?<out>out|---) (?<stall>STALL|RSTALL|------) +\| in (?<entry>\d+) \|(?<rows>.*)\| drain (?<drain>\d+) \| conf (?<conf>\d+) stall (?<stalls>\d+)( rstall \d+)?$")]
    private static partial Regex MicroScopiQLine();

    [GeneratedRegex(@"^req (?<req>.+?) \| rwd (?<rwd>.+?) \| ndr (?<ndr>.+?) \| drs (?<drs>.+?) \| dram(?<dram>.*?) \| hit (?<hit>\d+) miss (?<miss>\d+)$")]
    private static partial Regex CxlLine();
}
