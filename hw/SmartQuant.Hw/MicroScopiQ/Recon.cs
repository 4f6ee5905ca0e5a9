using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// ReCoN of one PE row: a registered butterfly of 2×2 <see cref="ReconSwitch"/>es over the 2·Cols logical lanes,
/// stages 0…L (topology of SmartQuant.Quant.Recon.ReconTopology: leaving stage t switch x through port p reaches
/// stage t+1 switch x with bit t set to p, on the input port equal to x's old bit t).
/// Entry (combinational, from the deskewed row vector): the µB records of the token's bank are decoded per lane into
/// a role. Without outlier µBs (or for inlier lanes) the lane's acc is psum (+ p when the PE forwarded it raw); a
/// Lower lane keeps its psum and sends its product p_L as a res item tagged with its Upper lane; an Upper lane
/// carries A = ((±x') &lt;&lt; 2h) + (p_U &lt;&lt; h) and ΔO until its res arrives. bb = 2 maps µB slot b, location
/// k to lane 8b + k; bb = 4 to lane 16b + 2k (PE column = lane / 2).
/// </summary>
public sealed class Recon : Module
{
    public readonly Signal Enable, Mode2, ValidIn, BankIn, XIn;
    public readonly Signal[] PsumIn, ProdIn, SignIn;
    public readonly Signal[] Present, Records;   // [bank] present mask, [bank·slots + b] record
    public readonly Signal ValidOut, BankOut;
    public readonly Signal[] AccOut;
    public readonly ReconSwitch[,] Switches;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"c{_cfg.Cols}_x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}";

    public Recon(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, lb = cfg.LaneBits, aw = cfg.AccumulatorWidth, pw = cfg.ProductWidth, xw = cfg.ShiftedActWidth;
        int mt = cfg.MergeTermWidth, dw = cfg.DeltaOWidth, slots = cfg.MicroSlots, last = cfg.LastMergeStage;
        Enable = In(); Mode2 = In(); ValidIn = In(); BankIn = In(); XIn = In(xw, signed: true);
        PsumIn = [.. Enumerable.Range(0, n).Select(_ => In(aw, signed: true))];
        ProdIn = [.. Enumerable.Range(0, n).Select(_ => In(pw, signed: true))];
        SignIn = [.. Enumerable.Range(0, n).Select(_ => In())];
        Present = [In(slots), In(slots)];
        Records = [.. Enumerable.Range(0, 2 * slots).Select(_ => In(MicroScopiQConfig.RecordWidth))];
        ValidOut = Out(); BankOut = Out();
        AccOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];

        // ---- entry: decode the token's bank of µB records into per-lane roles ----
        var present = Logic.Mux(BankIn, Present[1], Present[0]);
        var rec = Enumerable.Range(0, slots).Select(b => Logic.Mux(BankIn, Records[slots + b], Records[b])).ToArray();
        int slots4 = cfg.Cols / 8;   // µB slots usable with bb = 4
        var mask4 = slots4 == 0 ? Logic.Lit(0, slots) : Logic.Lit((System.Numerics.BigInteger.One << slots4) - 1, slots);
        var raw = (present & Logic.Mux(Mode2, Logic.Lit((System.Numerics.BigInteger.One << slots) - 1, slots), mask4)).OrReduce();
        var xpos = XIn.Extend(xw + 1);
        var xneg = (-XIn).Resize(xw + 1);

        Switches = new ReconSwitch[cfg.Stages, n];
        for (var s = 0; s < cfg.Stages; s++)
            for (var w = 0; w < n; w++)
            {
                var sw = Switches[s, w] = Instance(new ReconSwitch(cfg, s, s <= last, s < last), $"sw_{s}_{w}");
                sw.Enable.Assign(Enable); sw.Mode2.Assign(Mode2); sw.SwitchId.Assign(Logic.Lit(w, lb));
            }

        for (var j = 0; j < n; j++)
        {
            var (low2, up2, dest2, d2) = Decode(cfg, present, rec, j / 8, j % 8, bb4: false, j);
            Expr isLow = low2, isUp = up2, dest = dest2, d = d2;
            if (slots4 > 0 && j % 2 == 0)
            {
                var (low4, up4, dest4, d4) = Decode(cfg, present, rec, j / 16, (j / 2) % 8, bb4: true, j);
                isLow = Logic.Mux(Mode2, low2, low4); isUp = Logic.Mux(Mode2, up2, up4);
                dest = Logic.Mux(Mode2, dest2, dest4); d = Logic.Mux(Mode2, d2, d4);
            }
            else if (slots4 > 0)
            {
                isLow = Mode2 & low2; isUp = Mode2 & up2;
            }
            isLow = raw & isLow; isUp = raw & isUp;
            var inlierAdd = raw & ~isLow & ~isUp;
            var acc0 = Logic.Mux(inlierAdd, PsumIn[j].AddWrap(ProdIn[j].Extend(aw)), PsumIn[j]);
            var hx = Logic.Mux(SignIn[j], xneg, xpos);
            var a2 = ((hx << 2).Resize(mt) + (ProdIn[j] << 1).Resize(mt)).Resize(mt);
            var a4 = ((hx << 4).Resize(mt) + (ProdIn[j] << 2).Resize(mt)).Resize(mt);
            var sw = Switches[0, j];
            sw.AccIn.Assign(acc0);
            sw.AIn!.Assign(Logic.Mux(Mode2, a2, a4));
            sw.DIn!.Assign(Logic.Mux(isUp, d, Logic.Lit(0, dw)));
            sw.PendIn!.Assign(isUp);
            for (var i = 0; i < 4; i++)
            {
                sw.ResVIn[i].Assign(i == 1 ? isLow : Logic.Lit(0, 1));
                sw.ResTagIn[i].Assign(i == 1 ? dest : Logic.Lit(0, lb));
                sw.ResValIn[i].Assign(i == 1 ? ProdIn[j] : Logic.Lit(0, pw, signed: true));
            }
        }

        // ---- stages 1…L ----
        for (var s = 1; s < cfg.Stages; s++)
            for (var w = 0; w < n; w++)
            {
                var sw = Switches[s, w];
                var prev = Switches[s - 1, w];
                sw.AccIn.Assign(prev.AccOut);
                if (s > last) continue;
                sw.AIn!.Assign(prev.AOut!); sw.DIn!.Assign(prev.DOut!); sw.PendIn!.Assign(prev.PendOut!);
                int bit = 1 << (s - 1);
                for (var q = 0; q < 2; q++)
                {
                    var src = Switches[s - 1, (w & ~bit) | (q == 1 ? bit : 0)];
                    var outPort = (w & bit) != 0 ? 1 : 0;
                    for (var k = 0; k < 2; k++)
                    {
                        sw.ResVIn[2 * q + k].Assign(src.ResVOut[2 * outPort + k]);
                        sw.ResTagIn[2 * q + k].Assign(src.ResTagOut[2 * outPort + k]);
                        sw.ResValIn[2 * q + k].Assign(src.ResValOut[2 * outPort + k]);
                    }
                }
            }

        var valid = Enumerable.Range(0, cfg.Stages).Select(_ => Reg()).ToArray();
        var bank = Enumerable.Range(0, cfg.Stages).Select(_ => Reg()).ToArray();
        When(Enable, () =>
        {
            valid[0].Assign(ValidIn); bank[0].Assign(BankIn);
            for (var s = 1; s < cfg.Stages; s++) { valid[s].Assign(valid[s - 1]); bank[s].Assign(bank[s - 1]); }
        });
        ValidOut.Assign(valid[^1]); BankOut.Assign(bank[^1]);
        for (var j = 0; j < n; j++) AccOut[j].Assign(Switches[cfg.Stages - 1, j].AccOut);
    }

    /// <summary>Role of the lane at (µB slot, location): Lower (with its Upper's lane as tag), Upper (with ΔO).</summary>
    private static (Expr IsLow, Expr IsUp, Expr Dest, Expr D) Decode(MicroScopiQConfig cfg, Expr present, Expr[] rec, int slot, int loc, bool bb4, int lane)
    {
        var r = rec[slot];
        Expr isLow = Logic.Lit(0, 1), isUp = Logic.Lit(0, 1), destLoc = Logic.Lit(0, 3);
        for (var e = 3; e >= 0; e--)
        {
            var u = r[6 * e + 5, 6 * e + 3];
            var l = r[6 * e + 2, 6 * e];
            var used = u.Ne(l);
            var lowHere = used & l.Eq(loc);
            isLow = isLow | lowHere;
            isUp = isUp | (used & u.Eq(loc));
            destLoc = Logic.Mux(lowHere, u, destLoc);
        }
        var p = present[slot];
        int lb = cfg.LaneBits;
        Expr dest = bb4
            ? (lb > 4 ? Logic.Cat(Logic.Lit(slot, lb - 4), destLoc, Logic.Lit(0, 1)) : Logic.Cat(destLoc, Logic.Lit(0, 1)))
            : (lb > 3 ? Logic.Cat(Logic.Lit(slot, lb - 3), destLoc) : destLoc);
        _ = lane;
        return (p & isLow, p & isUp, dest, r[24 + cfg.DeltaOWidth - 1, 24]);
    }
}
