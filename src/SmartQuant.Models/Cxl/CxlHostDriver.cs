using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>One alias region as the host programs it (addresses in 64-B lines).</summary>
public sealed record RegionSpec(long DpaBase, long DpaLimit, long PhysBase, int K, RegionFormat Format, bool Round = false);

/// <summary>A completed host transaction.</summary>
public sealed record HostResponse(int Tag, bool IsRead, int Opcode, byte[] Data, long IssueCycle, long DoneCycle, long Hpa);

/// <summary>
/// Host side of the CXL.mem link for tests and experiments: programs the HDM decoder and alias regions, loads
/// weights through the full-precision alias, issues MemRd/MemWr with 16-bit tags (reused once completed) and
/// random valid gaps / ready back-pressure, and collects DRS/NDR responses by tag.
/// </summary>
public sealed class CxlHostDriver
{
    private readonly CxlBench _b;
    private readonly Random _rng;
    private readonly Queue<(bool Write, long Hpa, int Opcode, byte[]? Data)> _pending = new();
    private readonly Dictionary<int, (bool Write, long Issue, long Hpa)> _outstanding = [];
    private readonly Queue<int> _freeTags = new();
    private (int Tag, long Hpa, int Opcode, byte[]? Data)? _req, _rwd;
    public List<HostResponse> Done { get; } = [];
    public Dictionary<int, long> HpaOfTag { get; } = [];
    /// <summary>Probability that the host leaves a channel idle / not ready in a cycle.</summary>
    public double Gap { get; set; }
    public double Backpressure { get; set; }
    /// <summary>HDM interleave: granularity code, ways code, this device's position.</summary>
    public (int Ig, int Iw, int Pos) Interleave { get; private set; }
    public long HdmBaseLine { get; private set; }

    public CxlHostDriver(CxlBench bench, int seed = 1, int tags = 1 << 16)
    {
        _b = bench;
        _rng = new Random(seed);
        for (var t = 0; t < tags; t++) _freeTags.Enqueue(t);
    }

    public CxlBench Bench => _b;

    public void WriteRegister(int addr, ulong data)
    {
        var p = _b.P;
        _b.Step(i => { i[p.RegWrValid] = 1; i[p.RegWrAddr] = (ulong)addr; i[p.RegWrData] = data; }, (_, _) => { });
        _b.In[p.RegWrValid] = 0;
    }

    /// <summary>Reads a counter through the register read port (combinational, no clock needed).</summary>
    public long ReadCounter(CxlStoreConfig cfg, string name)
    {
        var p = _b.P;
        _b.In[p.RegRdAddr] = (ulong)(CxlRegisters.CounterBase + CxlCounters.IndexOf(cfg, name));
        _b.Dut.Evaluate(_b.In, _b.Out);
        return (long)_b.Out[p.RegRdData];
    }

    /// <summary>Programs one HDM decoder (256 MiB-aligned base in lines) and the alias regions.</summary>
    public void Program(long hdmBaseLine, long hdmSizeLines, IReadOnlyList<RegionSpec> regions, int ig = 0, int iw = 0, int pos = 0)
    {
        HdmBaseLine = hdmBaseLine;
        Interleave = (ig, iw, pos);
        WriteRegister(CxlRegisters.HdmBase, (ulong)hdmBaseLine);
        WriteRegister(CxlRegisters.HdmSize, (ulong)hdmSizeLines);
        WriteRegister(CxlRegisters.HdmCtrl, CxlRegisters.HdmControl(ig, iw, true));
        for (var r = 0; r < regions.Count; r++)
        {
            var s = regions[r];
            WriteRegister(CxlRegisters.Region(r, 0), (ulong)s.DpaBase);
            WriteRegister(CxlRegisters.Region(r, 1), (ulong)s.DpaLimit);
            WriteRegister(CxlRegisters.Region(r, 2), (ulong)s.PhysBase);
            WriteRegister(CxlRegisters.Region(r, 3), CxlRegisters.RegionCtrl(true, s.Format, s.Round, s.K));
        }
    }

    /// <summary>Host physical line for a device DPA line (inverse HDM decode, power-of-two ways).</summary>
    public long HpaOf(long dpaLine)
    {
        var (ig, iw, pos) = Interleave;
        var g = 2 + ig;
        var low = dpaLine & ((1L << g) - 1);
        var high = dpaLine >> g;
        return HdmBaseLine + ((high << (g + iw)) | ((long)pos << g) | low);
    }

    public void Read(long dpaLine, int opcode = CxlOpcodes.MemRd) => _pending.Enqueue((false, HpaOf(dpaLine), opcode, null));
    public void ReadHpa(long hpaLine, int opcode = CxlOpcodes.MemRd) => _pending.Enqueue((false, hpaLine, opcode, null));
    public void Write(long dpaLine, byte[] data, int opcode = CxlOpcodes.MemWr) => _pending.Enqueue((true, HpaOf(dpaLine), opcode, data));

    public bool Idle => _pending.Count == 0 && _outstanding.Count == 0 && _req is null && _rwd is null;

    /// <summary>Runs until every queued transaction has completed (or <paramref name="maxCycles"/> pass).</summary>
    public void Run(long maxCycles = 10_000_000)
    {
        var start = _b.Cycle;
        while (!Idle)
        {
            if (_b.Cycle - start > maxCycles) throw new TimeoutException($"host transactions did not complete in {maxCycles} cycles ({_outstanding.Count} outstanding)");
            StepOnce();
        }
    }

    /// <summary>Idles the host for some cycles (lets flush timers expire).</summary>
    public void Idle_(int cycles) { for (var c = 0; c < cycles; c++) StepOnce(); }

    private void StepOnce()
    {
        var p = _b.P;
        // Fill the two channel slots in program order per channel (reads and writes are independent channels).
        while ((_req is null || _rwd is null) && _pending.Count > 0 && _freeTags.Count > 0)
        {
            var next = _pending.Peek();
            if (next.Write ? _rwd is not null : _req is not null) break;
            _pending.Dequeue();
            var tag = _freeTags.Dequeue();
            if (next.Write) _rwd = (tag, next.Hpa, next.Opcode, next.Data);
            else _req = (tag, next.Hpa, next.Opcode, null);
        }
        var showReq = _req is not null && !(Gap > 0 && _rng.NextDouble() < Gap);
        var showRwd = _rwd is not null && !(Gap > 0 && _rng.NextDouble() < Gap);
        var drsReady = !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        var ndrReady = !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        _b.Step(i =>
        {
            i[p.ReqValid] = showReq ? 1UL : 0;
            i[p.ReqOpcode] = showReq ? (ulong)_req!.Value.Opcode : 0;
            i[p.ReqTag] = showReq ? (ulong)_req!.Value.Tag : 0;
            i[p.ReqAddr] = showReq ? (ulong)_req!.Value.Hpa << 1 : 0;
            i[p.ReqSnpType] = 0;
            i[p.ReqMetaField] = showReq ? (ulong)CxlOpcodes.MetaFieldNoOp : 0;
            i[p.RwdValid] = showRwd ? 1UL : 0;
            i[p.RwdOpcode] = showRwd ? (ulong)_rwd!.Value.Opcode : 0;
            i[p.RwdTag] = showRwd ? (ulong)_rwd!.Value.Tag : 0;
            i[p.RwdAddr] = showRwd ? (ulong)_rwd!.Value.Hpa : 0;
            i[p.RwdMetaField] = showRwd ? (ulong)CxlOpcodes.MetaFieldNoOp : 0;
            i.SetWide(p.RwdData, showRwd ? Line.FromBytes(_rwd!.Value.Data) : Line.New());
            i[p.DrsReady] = drsReady ? 1UL : 0;
            i[p.NdrReady] = ndrReady ? 1UL : 0;
        }, (i, o) =>
        {
            var now = _b.Cycle;
            if (showReq && o[p.ReqReady] != 0)
            {
                var r = _req!.Value;
                if (r.Opcode == CxlOpcodes.MemSpecRd) _freeTags.Enqueue(r.Tag);
                else _outstanding[r.Tag] = (r.Opcode is CxlOpcodes.MemRd or CxlOpcodes.MemRdData ? false : true, now, r.Hpa);
                _req = null;
            }
            if (showRwd && o[p.RwdReady] != 0)
            {
                var r = _rwd!.Value;
                _outstanding[r.Tag] = (true, now, r.Hpa);
                _rwd = null;
            }
            if (o[p.DrsValid] != 0 && drsReady) Complete((int)o[p.DrsTag], true, (int)o[p.DrsOpcode], Line.ToBytes(o.GetWide(p.DrsData)), now);
            if (o[p.NdrValid] != 0 && ndrReady) Complete((int)o[p.NdrTag], false, (int)o[p.NdrOpcode], [], now);
        });
    }

    private void Complete(int tag, bool drs, int opcode, byte[] data, long now)
    {
        if (!_outstanding.Remove(tag, out var o)) throw new InvalidOperationException($"response for tag {tag} that is not outstanding");
        if (drs == o.Write) throw new InvalidOperationException($"tag {tag}: {(drs ? "DRS" : "NDR")} for a {(o.Write ? "write" : "read")}");
        HpaOfTag[tag] = o.Hpa;
        Done.Add(new HostResponse(tag, drs, opcode, data, o.Issue, now, o.Hpa));
        _freeTags.Enqueue(tag);
    }
}
