using System.Runtime.InteropServices;
using SmartQuant.Hw.Cxl;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// What the host must read back, computed from the quantization core rather than the golden model: one INT8 weight
/// tensor (every alias region's physical base is 0), its k-bit views through <see cref="KBitView"/>, and the
/// passthrough lines written so far. Writes apply in issue order; <see cref="Commit"/> ends an epoch, and until then
/// a read may see the value before or after the epoch's writes (the contract allows racing reads to see either).
/// </summary>
public sealed class CxlReference
{
    private readonly byte[] _weights, _before;
    private readonly Dictionary<long, byte[]> _pass = [], _passBefore = [];
    private readonly Dictionary<(int K, RegionFormat F, bool R, bool Old), KBitView> _views = [];
    private readonly Dictionary<(RegionSpec R, long Off, bool Old), byte[]> _lines = [];
    private RegionSpec[] _regions = [];

    public CxlReference(byte[] weights)
    {
        if (weights.Length % 512 != 0) throw new ArgumentException("whole 512-weight blocks only");
        _weights = (byte[])weights.Clone();
        _before = (byte[])weights.Clone();
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

    /// <summary>Applies a MemWr as the contract says (full-precision alias and passthrough only).</summary>
    public void Write(long hpaLine, byte[] data)
    {
        if (Decode(hpaLine) is not var (r, off)) return;
        if (r.Format == RegionFormat.Passthrough) _pass[r.PhysBase + off] = (byte[])data.Clone();
        else if (r.K == 8)
        {
            data.CopyTo(_weights, off * 64);
            foreach (var key in _views.Keys.Where(k => !k.Old).ToList()) _views.Remove(key);
        }
        else return;
        foreach (var key in _lines.Keys.Where(k => !k.Old).ToList()) _lines.Remove(key);
    }

    /// <summary>Ends an epoch: every write so far is visible to every later read.</summary>
    public void Commit()
    {
        _weights.CopyTo(_before, 0);
        _passBefore.Clear();
        foreach (var (k, v) in _pass) _passBefore[k] = v;
        _views.Clear();
        _lines.Clear();
    }

    /// <summary>Null when the read must answer MemData-NXM; otherwise whether <paramref name="data"/> is a legal answer.</summary>
    public bool? Check(long hpaLine, ReadOnlySpan<byte> data)
    {
        if (Decode(hpaLine) is not var (r, off)) return null;
        return data.SequenceEqual(Line(r, off, old: false)) || data.SequenceEqual(Line(r, off, old: true));
    }

    /// <summary>Expected line (memoized: streaming tests read the same lines epoch after epoch).</summary>
    public byte[] Line(RegionSpec r, long off, bool old)
    {
        if (_lines.TryGetValue((r, off, old), out var line)) return line;
        return _lines[(r, off, old)] = Compute(r, off, old);
    }

    private byte[] Compute(RegionSpec r, long off, bool old)
    {
        if (r.Format == RegionFormat.Passthrough)
            return (old ? _passBefore : _pass).TryGetValue(r.PhysBase + off, out var d) ? d : new byte[64];
        var per = r.Format == RegionFormat.Packed ? r.K : 8;
        return View(r, old).ReadLine((int)(off / per), (int)(off % per));
    }

    private KBitView View(RegionSpec r, bool old)
    {
        var key = (r.K, r.Format, r.Round, old);
        if (_views.TryGetValue(key, out var v)) return v;
        var image = old ? _before : _weights;
        var store = BitPlaneStore.FromInt8(MemoryMarshal.Cast<byte, sbyte>(image));
        v = new KBitView(store, r.K, r.Format == RegionFormat.Packed ? AliasFormat.Packed : AliasFormat.Padded,
            r.Round ? ViewRounding.GuardPlane : ViewRounding.Truncate);
        _views[key] = v;
        return v;
    }
}
