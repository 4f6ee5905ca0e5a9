using System.Numerics;
using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The alias-region table ("logical space bloating"): registers {dpa_base, dpa_limit, phys_base, ctrl} per region
/// and the combinational DPA decode of the first enabled region that contains the address:
/// PACKED line j → block j / k, line j mod k; PADDED → block j / 8, line j mod 8; passthrough → physical line
/// phys_base + j. Division by k ∈ {3,5,6,7} is a multiply by a reciprocal (exact for every j below 2^DpaLineBits).
/// Three registered stages (docs/cxl-store.md, "Logic depth"): on <see cref="LoadMatch"/> the first matching region, its
/// control and physical base and j = DPA − its base (one subtractor per region, in parallel with the compares) are
/// registered; on <see cref="LoadQuotient"/> the reciprocal multiplies j / k; on <see cref="LoadResult"/> the block and
/// line selected by k and the physical line, so every output is a register. A region write after the first stage
/// does not change a message already past it.
/// </summary>
public sealed class AliasTable : Module
{
    /// <summary>Region register writes (the store's register port).</summary>
    public readonly RegWrite Wr;
    public readonly Signal Dpa, LoadMatch, LoadQuotient, LoadResult;
    public readonly Signal Hit, Region, FullPrecision;
    /// <summary>The decoded line of the block view (the read path's lookup takes it whole).</summary>
    public readonly BlockView Decoded;
    // the view's fields by name, for the accept stage's other consumers (write combining, passthrough)
    public Signal Format => Decoded.Format;
    public Signal K => Decoded.K;
    public Signal Round => Decoded.Round;
    public Signal PhysLine => Decoded.PhysLine;
    public Signal Line => Decoded.Line;
    public Signal Planes => Decoded.Planes;
    private readonly Signal[] _base, _limit, _phys, _ctrl;

    /// <summary>Reciprocal shift: j·ceil(2^s/k) &gt;&gt; s = floor(j/k) whenever j·(k−1) &lt; 2^s.</summary>
    public static int ReciprocalShift(CxlStoreConfig cfg) => cfg.DpaLineBits + 3;
    public static BigInteger Reciprocal(CxlStoreConfig cfg, int k) => ((BigInteger.One << ReciprocalShift(cfg)) + k - 1) / k;

    public AliasTable(CxlStoreConfig cfg)
    {
        var dw = cfg.DpaLineBits;
        var pw = cfg.PhysLineBits;
        Wr = new RegWrite(this, flipped: true);
        Dpa = In(dw);
        LoadMatch = In();
        LoadQuotient = In();
        LoadResult = In();
        Hit = Out();
        Region = Out(cfg.RegionBits);
        Decoded = new BlockView(this, cfg);
        FullPrecision = Out();

        _base = new Signal[cfg.Regions];
        _limit = new Signal[cfg.Regions];
        _phys = new Signal[cfg.Regions];
        _ctrl = new Signal[cfg.Regions];
        var match = new Expr[cfg.Regions];
        var offsets = new Expr[cfg.Regions];
        for (var r = 0; r < cfg.Regions; r++)
        {
            var (b, l, p, c) = (_base[r] = Reg(dw), _limit[r] = Reg(dw), _phys[r] = Reg(pw), _ctrl[r] = Reg(8));
            Signal[] words = [b, l, p, c];   // the region's registers in address order
            for (var i = 0; i < words.Length; i++)
            {
                var reg = words[i];
                When(Wr.To(CxlRegisters.Region(r, i)), () => reg.Assign(Wr.Data[reg.Width - 1, 0]));
            }
            var fmt = c[2, 1];
            var k = c[7, 4];
            var legal = fmt.Eq((int)RegionFormat.Passthrough) | (fmt.Ne(3) & (k >= 1) & (k <= cfg.Planes));
            match[r] = c[0] & legal & (Dpa >= b) & (Dpa < l);
            offsets[r] = Dpa.SubWrap(b);
        }

        // ---- stage 1: first matching region wins; its settings and the line offset j in it are registered ----
        var first = PriorityIndex.LowestSet(match, cfg.RegionBits);
        var anyQ = Reg();
        var idxQ = Reg(cfg.RegionBits).Named("region_q");
        var ctrlQ = Reg(8);
        var jQ = Reg(dw);
        var physQ = Reg(pw).Named("phys_base_q");
        When(LoadMatch, () =>
        {
            anyQ.Assign(match.Aggregate((a, b) => a | b));
            idxQ.Assign(first);
            ctrlQ.Assign(Logic.Select(first, _ctrl));
            jQ.Assign(Logic.Select(first, offsets));
            physQ.Assign(Logic.Select(first, _phys));
        });

        // ---- stage 2: j / k by reciprocal multiply for k ∈ {3, 5, 6, 7}, the stage-1 values carried along ----
        var any = Reg().Named("any_d");
        var idx = Reg(cfg.RegionBits).Named("region_d");
        var ctrl = Reg(8).Named("ctrl_d");
        var j = Reg(dw).Named("j_d");
        var phys = Reg(pw).Named("phys_base_d");
        var quotients = new Signal?[cfg.Planes + 1];
        for (var k = 3; k <= cfg.Planes; k++)
        {
            if (BitOperations.IsPow2(k)) continue;
            var s = ReciprocalShift(cfg);
            var m = Logic.Lit(Reciprocal(cfg, k), s);
            var q = NamedWire(jQ * m, $"recip_{k}")[s + dw - 1, s];
            var qr = quotients[k] = Reg(dw).Named($"quotient_{k}");
            When(LoadQuotient, () => qr.Assign(q));
        }
        When(LoadQuotient, () => { any.Assign(anyQ); idx.Assign(idxQ); ctrl.Assign(ctrlQ); j.Assign(jQ); phys.Assign(physQ); });
        var kSel = ctrl[7, 4];
        var fmtSel = ctrl[2, 1];
        var roundSel = ctrl[3];

        // ---- stage 3: block and line selected by k, physical line; registered as the outputs ----
        // Block and line index per k (PACKED); index 0 is unused (k = 0 is not legal).
        var blocks = new Expr[cfg.Planes + 1];
        var lines = new Expr[cfg.Planes + 1];
        blocks[0] = j;
        lines[0] = Logic.Lit(0, 3);
        for (var k = 1; k <= cfg.Planes; k++)
        {
            if (BitOperations.IsPow2(k))
            {
                var sh = BitOperations.Log2((uint)k);
                blocks[k] = sh == 0 ? j : (j >> sh).Extend(dw);
                lines[k] = sh == 0 ? Logic.Lit(0, 3) : j[sh - 1, 0].Extend(3);
            }
            else
            {
                var q = quotients[k]!;
                blocks[k] = q;
                lines[k] = j[2, 0].SubWrap(NamedWire(q[2, 0] * Logic.Lit(k, 3), $"rem_{k}")[2, 0]);
            }
        }
        var packed = fmtSel.Eq((int)RegionFormat.Packed);
        var pass = fmtSel.Eq((int)RegionFormat.Passthrough);
        var blk = Logic.Mux(packed, Logic.Select(kSel, blocks), (j >> 3).Extend(dw));
        var line = Logic.Mux(packed, Logic.Select(kSel, lines), j[2, 0]);
        var blockLine = NamedWire(blk, "block")[pw - 4, 0] << 3;
        var guard = roundSel & (kSel < cfg.Planes);
        var outs = new (Signal Q, string Name, Expr D)[]
        {
            (Hit, "hit_r", any), (Region, "region_r", idx), (Format, "format_r", fmtSel), (K, "k_r", kSel),
            (Round, "round_r", roundSel & ~pass),
            (PhysLine, "phys_line_r", phys.AddWrap(Logic.Mux(pass, j.Truncate(pw), blockLine))),
            (Line, "line_r", Logic.Mux(pass, Logic.Lit(0, 3), line)),
            (Planes, "planes_r", Logic.Mux(pass, Logic.Lit(1, 4), Logic.Mux(guard, kSel.AddWrap(1), kSel))),
            (FullPrecision, "full_precision_r", ~pass & kSel.Eq(cfg.Planes)),
        };
        foreach (var (q, name, d) in outs)
        {
            var r = Reg(q.Width).Named(name);
            When(LoadResult, () => r.Assign(d));
            q.Assign(r);
        }
    }

}
