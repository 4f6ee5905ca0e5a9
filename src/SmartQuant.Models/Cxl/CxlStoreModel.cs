using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// Cycle-exact behavioural model of the cxl-store controller, written from docs/cxl-store.md (cycle contract)
/// over the same ports as the RTL top (<see cref="CxlStorePorts"/>). <see cref="Evaluate"/> computes this cycle's outputs from
/// the registered state and the inputs; <see cref="Tick"/> applies the clock edge.
/// </summary>
public sealed partial class CxlStoreModel : ICycleModel
{
    private readonly CxlStoreConfig _cfg;
    private readonly IReadOnlyList<CounterDef> _counterDefs;
    private readonly CxlStorePorts _p;
    private readonly Ev[] _counterEvents;
    private readonly int[] _counterRegion;
    private Cycle? _decided;
    private readonly ulong[] _decidedInputs;

    // registers
    private long _hdmBase, _hdmSize, _hdmCtrl;     // control as written: IG, IW, Lock On Commit, Commit
    private bool _hdmCommitted, _hdmError;
    private readonly long[] _rBase, _rLimit, _rPhys, _rCtrl;
    private readonly long[] _counters;
    private BufferEntry[] _entries = [];           // sub-entries (two per entry)
    private int _lastAlloc;
    private Ring<int> _fetchQueue = null!, _ndrQueue = null!;
    private Ring<M2SMessage> _reqIn = null!, _rwdIn = null!;
    // front-end pipeline: HDM decoder (2 stages), alias table (3 stages), accept stage = the last (CxlStoreFrontEnd.cs)
    private readonly FrontMsg[] _fe = new FrontMsg[FrontStages];
    private int _issueSlot, _gatherWait;
    // serve pipeline (ReadPath's sv1 / sv2 registers): the chosen line, then the line gathered from its rounded planes
    private ServeStage _sv1 = ServeStage.Empty, _sv2 = ServeStage.Empty;
    // write combining: the combiners and the one flush engine (which combiner, plane slot, read/wait/write phase)
    private WriteCombiner[] _combiners = [];
    private int _flIdx, _flSlot, _flPhase;
    private bool _prioRwd, _nxmValid, _drsValid, _drsNxm, _drsPoison, _passValid, _passIssued;
    // credits (docs/cxl-store.md, "Credits"): M2S credit returns (registered pops), S2M credits the device holds
    private bool _reqCredit, _rwdCredit;
    private int _ndrCredits, _drsCredits;
    private int _now, _nxmTag, _nxmTs, _drsOpcode, _drsTag, _drsTs, _passTag;
    // passthrough write register: byte enables and the phase of a partial write's merge (read its line, wait for it,
    // write the merged line; a whole line starts at the write)
    private const int PassRead = 0, PassWait = 1, PassWrite = 2;
    private ulong _passBe;
    private int _passPhase;
    // poison marks as they will be written: the passthrough line's, and the flushed block's as its last plane read brought it
    private int _passMeta, _flMeta;
    private ulong[] _drsData = Line.New(), _passData = Line.New();
    private long _passLine;

    public CxlStoreModel(CxlStoreConfig cfg, CxlStorePorts ports)
    {
        _cfg = cfg;
        _p = ports;
        _counterDefs = CxlCounters.Events(cfg);
        _rBase = new long[cfg.Regions];
        _rLimit = new long[cfg.Regions];
        _rPhys = new long[cfg.Regions];
        _rCtrl = new long[cfg.Regions];
        _counters = new long[_counterDefs.Count];
        _counterEvents = [.. _counterDefs.Select(c => EventOf(c).Event)];
        _counterRegion = [.. _counterDefs.Select(c => EventOf(c).Region)];
        _decidedInputs = new ulong[ports.Map.InputWords];
        Reset();
    }

    public CxlStoreConfig Config => _cfg;
    /// <summary>The ports this model drives and reads (bound by the caller: <see cref="CxlStorePorts"/>).</summary>
    public CxlStorePorts Ports => _p;
    /// <summary>Counter values by event-list index (the same as the RTL's counter registers).</summary>
    public long Counter(string name) => _counters[CxlCounters.IndexOf(_cfg, name)];

    public void Reset()
    {
        _hdmBase = _hdmSize = _hdmCtrl = 0;
        _hdmCommitted = _hdmError = false;
        Array.Clear(_rBase); Array.Clear(_rLimit); Array.Clear(_rPhys); Array.Clear(_rCtrl); Array.Clear(_counters);
        // Plane memories: word e of memory p; sub-entry 2e+h reads memory p + 4h for its planes p < 4.
        var mem = Enumerable.Range(0, _cfg.BufferEntries).Select(_ => Enumerable.Range(0, _cfg.Planes).Select(_ => Line.New()).ToArray()).ToArray();
        const int half = CxlStoreConfig.HalfPlanes;
        _entries = [.. Enumerable.Range(0, _cfg.SubEntries).Select(s => new BufferEntry([.. Enumerable.Range(0, _cfg.Planes)
            .Select(p => mem[s >> 1][p < half && (s & 1) == 1 ? p + half : p])]))];
        _lastAlloc = 0;
        _fetchQueue = new Ring<int>(_cfg.SubEntries);
        _ndrQueue = new Ring<int>(_cfg.NdrQueueDepth);
        _reqIn = new Ring<M2SMessage>(_cfg.M2sCredits);
        _rwdIn = new Ring<M2SMessage>(_cfg.M2sCredits);
        _reqCredit = _rwdCredit = false;
        _ndrCredits = _drsCredits = _cfg.S2mCredits;
        Array.Fill(_fe, Bubble);
        _issueSlot = _gatherWait = 0;
        _sv1 = _sv2 = ServeStage.Empty;
        _combiners = [.. Enumerable.Range(0, _cfg.WriteCombiners).Select(_ => new WriteCombiner())];
        _flIdx = _flSlot = _flPhase = 0;
        _prioRwd = _nxmValid = _drsValid = _drsNxm = _drsPoison = _passValid = _passIssued = false;
        _now = _nxmTag = _nxmTs = _drsOpcode = _drsTag = _drsTs = _passTag = 0;
        _passBe = 0;
        _passPhase = PassRead;
        _passMeta = _flMeta = 0;
        _drsData = Line.New();
        _passData = Line.New();
        _passLine = 0;
        ResetRas();
        _decided = null;
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        var d = Decide(inputs);
        _decided = d;
        inputs.Words.AsSpan(0, _decidedInputs.Length).CopyTo(_decidedInputs);
        var o = outputs;
        o[_p.Req.CreditReturn] = _reqCredit ? 1UL : 0;
        o[_p.Rwd.CreditReturn] = _rwdCredit ? 1UL : 0;
        o[_p.Ndr.Valid] = NdrFire ? 1UL : 0;
        o[_p.Ndr.Opcode] = CxlOpcodes.Cmp;
        o[_p.Ndr.MetaField] = CxlOpcodes.MetaFieldNoOp;
        o[_p.Ndr.MetaValue] = 0;
        o[_p.Ndr.Tag] = (ulong)_ndrQueue.Head;
        o[_p.Ndr.LdId] = 0;
        var busy = 0;
        foreach (var e in _entries) if (e.Busy) busy++;
        var devLoad = (ulong)CxlOpcodes.DevLoadOf(busy, _entries.Length);
        o[_p.Ndr.DevLoad] = devLoad;
        o[_p.Drs.Valid] = DrsFire ? 1UL : 0;
        o[_p.Drs.Opcode] = (ulong)_drsOpcode;
        o[_p.Drs.MetaField] = CxlOpcodes.MetaFieldNoOp;
        o[_p.Drs.MetaValue] = 0;
        o[_p.Drs.Tag] = (ulong)_drsTag;
        o[_p.Drs.Poison] = _drsPoison ? 1UL : 0;
        o[_p.Drs.LdId] = 0;
        o[_p.Drs.DevLoad] = devLoad;
        o.SetWide(_p.Drs.Data, _drsData);
        o[_p.MemReq.Valid] = d.MemValid ? 1UL : 0;
        o[_p.MemReq.Addr] = (ulong)d.MemAddr;
        o[_p.MemReq.Id] = (ulong)d.MemId;
        o[_p.MemReq.Write] = d.MemWrite ? 1UL : 0;
        o.SetWide(_p.MemReq.Wdata, d.MemWdata);
        o[_p.MemReq.Meta] = (ulong)d.MemMeta;
        o[_p.MemRsp.Ready] = 1;
        o[_p.Regs.RdData] = (ulong)ReadCounter((int)inputs[_p.Regs.RdAddr]);
    }

    private long ReadCounter(int addr)
    {
        if (addr < CxlRegisters.CounterBase) return addr >> 5 == CxlRas.Base >> 5 ? ReadRas(addr) : ReadHdm(addr);
        var i = (addr - CxlRegisters.CounterBase) & 127;
        return i < _counters.Length ? _counters[i] : 0;
    }

    /// <summary>A response leaves on its channel this cycle: one is waiting and the device holds a credit for it.</summary>
    private bool NdrFire => _ndrQueue.Count > 0 && _ndrCredits > 0;
    private bool DrsFire => _drsValid && _drsCredits > 0;

    /// <summary>S2M credit counters at the edge: one spent per message sent, one taken per host credit return, never
    /// past the advertised count (RTL: ndr_credits, drs_credits).</summary>
    private int NextCredits(int credits, bool fire, bool ret)
    {
        var take = ret && credits != _cfg.S2mCredits;
        return credits - (fire ? 1 : 0) + (take ? 1 : 0);
    }

    private static long Mask(int bits) => bits >= 64 ? -1L : (1L << bits) - 1;
    private static long Shr(long x, int n) => n >= 64 ? 0 : (long)((ulong)x >> n);
    private static long Shl(long x, int n) => n >= 64 ? 0 : x << n;
}
