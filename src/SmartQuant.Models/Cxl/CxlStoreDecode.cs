using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    /// <summary>HPA line → (in range, DPA line) for one HDM decoder: power-of-two ways delete the way bits above the
    /// granule, 3/6/12 ways (IW 8..10) divide the granule index, shifted by IW − 8, by 3.</summary>
    private (bool InRange, long Dpa) Hdm(long hpa)
    {
        const int w = CxlStoreConfig.HpaLineBits;
        var ig = (int)(_hdmCtrl & 15);
        var iw = (int)((_hdmCtrl >> 4) & 15);
        var off = (hpa - _hdmBase) & Mask(w);
        var lowMask = (1L << (2 + Math.Min(ig, 6))) - 1;
        var high = (iw & 8) != 0
            ? Shl((Shr(off, 2 + ig + (iw & 3)) & Mask(w - 2)) / 3, (ig + 2) & 15) & Mask(w)
            : Shl(Shr(off, 2 + ig + iw), (ig + 2) & 15) & Mask(w);
        var dpa = high | (off & lowMask);
        var fits = Shr(dpa, _cfg.DpaLineBits) == 0;
        // Committed implies a legal IG and IW (checked when Commit was written).
        var inRange = _hdmCommitted && hpa >= _hdmBase && off < _hdmSize && fits;
        return (inRange, dpa & Mask(_cfg.DpaLineBits));
    }

    /// <summary>HDM control legality (CXL 2.0 §8.2.5.12.7): IG 0..6, IW 0..4 or 8..10.</summary>
    private static bool HdmLegal(long ctrl)
    {
        var ig = ctrl & 15;
        var iw = (ctrl >> 4) & 15;
        return ig <= 6 && (iw <= 4 || iw is >= 8 and <= 10);
    }

    /// <summary>The read port below the counters: HDM base, size, control with Committed and Error Not Committed.</summary>
    private long ReadHdm(int addr) => addr switch
    {
        CxlRegisters.HdmBase => _hdmBase,
        CxlRegisters.HdmSize => _hdmSize,
        CxlRegisters.HdmCtrl => _hdmCtrl | (_hdmCommitted ? 1L << CxlRegisters.HdmCommittedBit : 0) | (_hdmError ? 1L << CxlRegisters.HdmErrorNotCommittedBit : 0),
        _ => 0,
    };

    private readonly record struct AliasHit(bool Hit, int Region, int Format, int K, bool Round, long PhysLine, int Line, int Planes, bool FullPrecision);

    /// <summary>First enabled region containing the DPA line, and the block/line it names (contract: docs/spec/bitplanes.md).</summary>
    private AliasHit Alias(long dpa)
    {
        var idx = -1;
        for (var r = 0; r < _cfg.Regions && idx < 0; r++)
        {
            var c = _rCtrl[r];
            var fmt = (int)((c >> 1) & 3);
            var k = (int)((c >> 4) & 15);
            var legal = fmt == (int)RegionFormat.Passthrough || (fmt != 3 && k >= 1 && k <= _cfg.Planes);
            if ((c & 1) != 0 && legal && dpa >= _rBase[r] && dpa < _rLimit[r]) idx = r;
        }
        var hit = idx >= 0;
        if (!hit) idx = _cfg.Regions - 1;
        var ctrl = _rCtrl[idx];
        var kk = (int)((ctrl >> 4) & 15);
        var format = (int)((ctrl >> 1) & 3);
        var round = ((ctrl >> 3) & 1) != 0;
        var j = (dpa - _rBase[idx]) & Mask(_cfg.DpaLineBits);
        var packed = format == (int)RegionFormat.Packed;
        var pass = format == (int)RegionFormat.Passthrough;
        var kSel = kk > _cfg.Planes ? _cfg.Planes : kk;
        long blk = packed ? (kSel == 0 ? j : j / kSel) : j >> 3;
        var line = packed ? (kSel == 0 ? 0 : (int)(j % kSel)) : (int)(j & 7);
        var pw = _cfg.PhysLineBits;
        var phys = pass ? (_rPhys[idx] + j) & Mask(pw) : (_rPhys[idx] + ((blk & Mask(pw - 3)) << 3)) & Mask(pw);
        var planes = pass ? 1 : round && kk < _cfg.Planes ? (kk + 1) & 15 : kk;
        return new AliasHit(hit, idx, format, kk, round && !pass, phys, pass ? 0 : line, planes, !pass && kk == _cfg.Planes);
    }

    /// <summary>
    /// One host line from an entry's planes, from the contract: code c = top k bits of the two's-complement weight,
    /// optionally min(c + guard, 2^(k−1)−1); PACKED = LSB-first k-bit stream, PADDED = code in the top k bits.
    /// Only the weights the line carries are decoded (64 for PADDED, about 512/k for PACKED): the golden model
    /// serves a line most cycles of a streaming run.
    /// </summary>
    internal static ulong[] Gather(BufferEntry e, int lineIndex)
    {
        var outLine = Line.New();
        if (e.Format == (int)RegionFormat.Passthrough) { e.Slots[0].CopyTo(outLine, 0); return outLine; }
        var k = e.K;
        if (e.Format == (int)RegionFormat.Padded)
        {
            for (var i = 0; i < 64; i++)
            {
                var b = (Code(e, k, 64 * lineIndex + i) << (8 - k)) & 0xFF;
                outLine[i >> 3] |= (ulong)b << (8 * (i & 7));
            }
            return outLine;
        }
        // PACKED: weight w owns stream bits [w·k, w·k + k); the line is stream bits [512·L, 512·L + 512).
        var first = 512 * lineIndex;
        for (var w = first / k; w * k < first + 512; w++)
        {
            var code = (ulong)Code(e, k, w);
            var pos = w * k - first;                 // may be negative for the weight straddling the line start
            if (pos < 0) { code >>= -pos; pos = 0; }
            outLine[pos >> 6] |= code << (pos & 63);
            if ((pos & 63) + k > 64 && (pos >> 6) < 7) outLine[(pos >> 6) + 1] |= code >> (64 - (pos & 63)); // bits past 511 are dropped
        }
        return outLine;
    }

    /// <summary>The k-bit code of weight <paramref name="w"/> (0..511) of an entry: planes 0..k−1 are its top bits, plane k the guard.</summary>
    private static int Code(BufferEntry e, int k, int w)
    {
        int word = w >> 6, bit = w & 63, q = 0;
        for (var s = 0; s < k; s++) q |= (int)((e.Slots[s][word] >> bit) & 1) << (7 - s);
        var c = (sbyte)q >> (8 - k);
        if (e.Round && k < 8)
        {
            var g = (int)((e.Slots[k][word] >> bit) & 1);
            c = Math.Min(c + g, (1 << (k - 1)) - 1);
        }
        return c & ((1 << k) - 1);
    }
}
