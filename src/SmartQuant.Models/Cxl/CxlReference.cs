using System.Runtime.InteropServices;
using SmartQuant.Hw.Cxl;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// What the host must read back, computed from the quantization core rather than the golden model: one INT8 weight
/// tensor (every alias region's physical base is 0), its k-bit views through <see cref="KBitView"/>, and the
/// passthrough lines written so far. Writes apply in issue order; <see cref="Commit"/> ends an epoch, and until then
/// a read may see the value before or after the epoch's writes (the contract allows racing reads to see either).
/// Expected lines are memoized per block content version (a block's k-bit view depends on its 512 weights only), so
/// a streaming run decodes each line once per view until its block is rewritten.
/// </summary>
public sealed class CxlReference
{
    private readonly byte[] _weights, _before;
    private readonly Dictionary<long, byte[]> _pass = [], _passBefore = [];
    // poisoned lines (docs/cxl-store.md, "Poison"): full-precision host lines by index (block·8 + line), passthrough
    // lines by physical line; current and committed image
    private readonly HashSet<long> _poison = [], _poisonBefore = [], _passPoison = [], _passPoisonBefore = [];
    private readonly long[] _version, _versionBefore;   // per block: stamp of its last write (current / committed image)
    private readonly Dictionary<(int K, RegionFormat F, bool R, long Block, long Line, long Version), byte[]> _lines = [];
    private readonly Dictionary<(long Block, long Version), BitPlaneStore> _stores = [];   // one block's planes per version
    private long _stamp;
    private RegionSpec[] _regions = [];

    public CxlReference(byte[] weights)
    {
        if (weights.Length % 512 != 0) throw new ArgumentException("whole 512-weight blocks only");
        _weights = (byte[])weights.Clone();
        _before = (byte[])weights.Clone();
        _version = new long[Blocks];
        _versionBefore = new long[Blocks];
    }

    public int Blocks => _weights.Length / 512;
    public HdmInterleave Hdm { get; private set; }
    public long HdmSizeLines { get; private set; }
    public IReadOnlyList<RegionSpec> Regions => _regions;
    public ReadOnlySpan<byte> Weights => _weights;

    public void Program(HdmInterleave hdm, long sizeLines, IReadOnlyList<RegionSpec> regions)
    {
        foreach (var r in regions)
            if (r.Format != RegionFormat.Passthrough && r.PhysBase != 0) throw new ArgumentException("alias regions must have physical base 0");
        (Hdm, HdmSizeLines, _regions) = (hdm, sizeLines, [.. regions]);
    }

    /// <summary>The region and offset (in lines) a host line decodes to, or null for NXM.</summary>
    public (RegionSpec Region, long Offset)? Decode(long hpaLine)
    {
        if (hpaLine < Hdm.BaseLine || hpaLine - Hdm.BaseLine >= HdmSizeLines) return null;
        var dpa = Hdm.DpaOf(hpaLine);
        foreach (var r in _regions)
            if (dpa >= r.DpaBase && dpa < r.DpaLimit) return (r, dpa - r.DpaBase);
        return null;
    }

    /// <summary>Applies a MemWr as the contract says (full-precision alias and passthrough only); <paramref name="poison"/>:
    /// the RwD Poison bit (the line is poisoned; a clean MemWr clears the mark).</summary>
    public void Write(long hpaLine, byte[] data, bool poison = false) => Store(hpaLine, data, poison, whole: true);

    private void Store(long hpaLine, byte[] data, bool poison, bool whole)
    {
        if (Decode(hpaLine) is not var (r, off)) return;
        // poisoned: set; clean and every byte written: cleared; clean partial: kept (the bytes not written are as before)
        var marks = r.Format == RegionFormat.Passthrough ? _passPoison : r.K == 8 ? _poison : null;
        var key = r.Format == RegionFormat.Passthrough ? r.PhysBase + off : off;
        if (poison) marks?.Add(key);
        else if (whole) marks?.Remove(key);
        if (r.Format == RegionFormat.Passthrough) _pass[r.PhysBase + off] = (byte[])data.Clone();
        else if (r.K == 8)
        {
            data.CopyTo(_weights, off * 64);
            _version[off / 8] = ++_stamp;
        }
    }

    /// <summary>
    /// Applies a MemWrPtl: the bytes <paramref name="be"/> enables (bit i = byte i) replace the stored ones, the others
    /// stay (full-precision alias: those weights; passthrough: those bytes of the line); no byte enabled changes nothing.
    /// </summary>
    public void WritePartial(long hpaLine, byte[] data, ulong be, bool poison = false)
    {
        if (be == 0 || Decode(hpaLine) is not var (r, off)) return;
        byte[] line;
        if (r.Format == RegionFormat.Passthrough) line = _pass.TryGetValue(r.PhysBase + off, out var p) ? (byte[])p.Clone() : new byte[64];
        else if (r.K == 8) line = _weights.AsSpan((int)off * 64, 64).ToArray();
        else return;
        for (var x = 0; x < 64; x++) if (((be >> x) & 1) != 0) line[x] = data[x];
        Store(hpaLine, line, poison, whole: be == ulong.MaxValue);
    }

    /// <summary>Ends an epoch: every write so far is visible to every later read.</summary>
    public void Commit()
    {
        _weights.CopyTo(_before, 0);
        _passBefore.Clear();
        foreach (var (k, v) in _pass) _passBefore[k] = v;
        _version.CopyTo(_versionBefore, 0);
        _poisonBefore.Clear();
        _poisonBefore.UnionWith(_poison);
        _passPoisonBefore.Clear();
        _passPoisonBefore.UnionWith(_passPoison);
    }

    /// <summary>Null when the read is of no memory (poisoned all-ones answer); otherwise whether <paramref name="data"/>
    /// with DRS Poison <paramref name="poison"/> is a legal answer (the image before or after the epoch's writes).</summary>
    public bool? Check(long hpaLine, ReadOnlySpan<byte> data, bool poison = false)
    {
        if (Decode(hpaLine) is not var (r, off)) return null;
        return (data.SequenceEqual(Line(r, off, old: false)) && poison == Poisoned(r, off, old: false))
            || (data.SequenceEqual(Line(r, off, old: true)) && poison == Poisoned(r, off, old: true));
    }

    /// <summary>Whether line <paramref name="off"/> of region <paramref name="r"/> carries a poisoned host line's weights
    /// (<see cref="CxlPoison.Cover"/>): the DRS Poison a read of it must show.</summary>
    public bool Poisoned(RegionSpec r, long off, bool old)
    {
        if (r.Format == RegionFormat.Passthrough) return (old ? _passPoisonBefore : _passPoison).Contains(r.PhysBase + off);
        var marks = old ? _poisonBefore : _poison;
        if (marks.Count == 0) return false;
        var per = r.Format == RegionFormat.Packed ? r.K : 8;
        var (block, line) = (off / per, off % per);
        var cover = CxlPoison.Cover(r.K, r.Format, (int)line);
        for (var l = 0; l < 8; l++) if (((cover >> l) & 1) != 0 && marks.Contains(8 * block + l)) return true;
        return false;
    }

    /// <summary>Expected line (passthrough: the stored line; otherwise memoized per block version).</summary>
    public byte[] Line(RegionSpec r, long off, bool old)
    {
        if (r.Format == RegionFormat.Passthrough)
            return (old ? _passBefore : _pass).TryGetValue(r.PhysBase + off, out var d) ? d : new byte[64];
        var per = r.Format == RegionFormat.Packed ? r.K : 8;
        var (block, line) = (off / per, off % per);
        var version = (old ? _versionBefore : _version)[block];
        var key = (r.K, r.Format, r.Round, block, line, version);
        if (_lines.TryGetValue(key, out var memo)) return memo;
        if (!_stores.TryGetValue((block, version), out var store))
            _stores[(block, version)] = store = BitPlaneStore.FromInt8(MemoryMarshal.Cast<byte, sbyte>((old ? _before : _weights).AsSpan(512 * (int)block, 512)));
        var view = new KBitView(store, r.K, r.Format == RegionFormat.Packed ? AliasFormat.Packed : AliasFormat.Padded,
            r.Round ? ViewRounding.GuardPlane : ViewRounding.Truncate);
        return _lines[key] = view.ReadLine(0, (int)line);
    }
}
