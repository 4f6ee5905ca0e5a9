using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>One alias region as the host programs it (addresses in 64-B lines).</summary>
public sealed record RegionSpec(long DpaBase, long DpaLimit, long PhysBase, int K, RegionFormat Format, bool Round = false);

/// <summary>
/// Host side of the CXL.mem link for golden-model tests and experiments: programs the HDM decoder and alias
/// regions, loads weights through the full-precision alias, and runs queued MemRd/MemWr on a <see cref="CxlBench"/>
/// through a <see cref="CxlHostPort"/> until they complete.
/// </summary>
public sealed class CxlHostDriver
{
    private readonly CxlBench _b;
    private readonly CxlHostPort _port;

    public CxlHostDriver(CxlBench bench, int seed = 1, int tags = 1 << 16)
    {
        _b = bench;
        _port = new CxlHostPort(bench.P, seed, tags);
    }

    public CxlBench Bench => _b;
    public List<HostResponse> Done => _port.Done;
    public double Gap { get => _port.Gap; set => _port.Gap = value; }
    public double Backpressure { get => _port.Backpressure; set => _port.Backpressure = value; }
    public HdmInterleave Hdm { get; private set; }
    public (int Ig, int Iw, int Pos) Interleave => (Hdm.Ig, Hdm.Iw, Hdm.Pos);
    public long HdmBaseLine => Hdm.BaseLine;

    public void WriteRegister(int addr, ulong data)
    {
        var p = _b.P;
        _b.Step(i => { i[p.Regs.WrValid] = 1; i[p.Regs.WrAddr] = (ulong)addr; i[p.Regs.WrData] = data; }, (_, _) => { });
        _b.In[p.Regs.WrValid] = 0;
    }

    /// <summary>Reads a counter through the register read port (combinational, no clock needed).</summary>
    public long ReadCounter(CxlStoreConfig cfg, string name) => (long)ReadRegister(CxlRegisters.CounterBase + CxlCounters.IndexOf(cfg, name));

    /// <summary>Reads any register of the read port (HDM registers below the counters; combinational).</summary>
    public ulong ReadRegister(int addr)
    {
        var p = _b.P;
        _b.In[p.Regs.RdAddr] = (ulong)addr;
        _b.Dut.Evaluate(_b.In, _b.Out);
        return _b.Out[p.Regs.RdData];
    }

    /// <summary>The register writes that program one HDM decoder and the alias regions, in order.</summary>
    public static IEnumerable<(int Addr, ulong Data)> ProgramWrites(long hdmBaseLine, long hdmSizeLines, IReadOnlyList<RegionSpec> regions, int ig = 0, int iw = 0)
    {
        yield return (CxlRegisters.HdmBase, (ulong)hdmBaseLine);
        yield return (CxlRegisters.HdmSize, (ulong)hdmSizeLines);
        yield return (CxlRegisters.HdmCtrl, CxlRegisters.HdmControl(ig, iw, true));
        for (var r = 0; r < regions.Count; r++)
            foreach (var w in RegionWrites(r, regions[r])) yield return w;
    }

    public static IEnumerable<(int Addr, ulong Data)> RegionWrites(int r, RegionSpec s)
    {
        yield return (CxlRegisters.Region(r, 0), (ulong)s.DpaBase);
        yield return (CxlRegisters.Region(r, 1), (ulong)s.DpaLimit);
        yield return (CxlRegisters.Region(r, 2), (ulong)s.PhysBase);
        yield return (CxlRegisters.Region(r, 3), CxlRegisters.RegionCtrl(true, s.Format, s.Round, s.K));
    }

    /// <summary>Programs one HDM decoder (256 MiB-aligned base in lines) and the alias regions.</summary>
    public void Program(long hdmBaseLine, long hdmSizeLines, IReadOnlyList<RegionSpec> regions, int ig = 0, int iw = 0, int pos = 0)
    {
        Hdm = new HdmInterleave(hdmBaseLine, ig, iw, pos);
        foreach (var (addr, data) in ProgramWrites(hdmBaseLine, hdmSizeLines, regions, ig, iw)) WriteRegister(addr, data);
    }

    /// <summary>Host physical line for a device DPA line (inverse HDM decode).</summary>
    public long HpaOf(long dpaLine) => Hdm.HpaOf(dpaLine);

    public void Read(long dpaLine, int opcode = CxlOpcodes.MemRd) => _port.Enqueue(false, HpaOf(dpaLine), opcode, null);
    public void ReadHpa(long hpaLine, int opcode = CxlOpcodes.MemRd) => _port.Enqueue(false, hpaLine, opcode, null);
    public void Write(long dpaLine, byte[] data, int opcode = CxlOpcodes.MemWr, bool poison = false) => _port.Enqueue(true, HpaOf(dpaLine), opcode, data, poison: poison);
    /// <summary>A MemWrPtl of the bytes <paramref name="be"/> enables (bit i = byte i).</summary>
    public void WritePartial(long dpaLine, byte[] data, ulong be, bool poison = false) => _port.Enqueue(true, HpaOf(dpaLine), CxlOpcodes.MemWrPtl, data, be, poison);
    /// <summary>A write to a host line as given (no HDM encode): for host lines that decode to no memory.</summary>
    public void WriteHpa(long hpaLine, byte[] data, int opcode = CxlOpcodes.MemWr) => _port.Enqueue(true, hpaLine, opcode, data);

    public bool Idle => _port.Idle;

    /// <summary>Runs until every queued transaction has completed (or <paramref name="maxCycles"/> pass).</summary>
    public void Run(long maxCycles = 10_000_000)
    {
        var start = _b.Cycle;
        while (!Idle)
        {
            if (_b.Cycle - start > maxCycles) throw new TimeoutException($"host transactions did not complete in {maxCycles} cycles ({_port.Outstanding} outstanding)");
            StepOnce();
        }
    }

    /// <summary>Idles the host until the DRAM model holds no request (every accepted write burst done and acknowledged).</summary>
    public void RunUntilDramIdle(long maxCycles = 1_000_000)
    {
        var start = _b.Cycle;
        while (!_b.Dram.Idle)
        {
            if (_b.Cycle - start > maxCycles) throw new TimeoutException($"the DRAM did not drain in {maxCycles} cycles ({_b.Dram.Outstanding} requests inside)");
            StepOnce();
        }
    }

    /// <summary>Idles the host for some cycles (lets flush timers expire).</summary>
    public void Idle_(int cycles) { for (var c = 0; c < cycles; c++) StepOnce(); }

    /// <summary>Called with the store's outputs every cycle (e.g. to watch DevLoad).</summary>
    public Action<PortValues>? Watch { get; set; }

    private void StepOnce() => _b.Step(_port.Drive, (i, o) => { _port.Observe(i, o, _b.Cycle); Watch?.Invoke(o); });
}
