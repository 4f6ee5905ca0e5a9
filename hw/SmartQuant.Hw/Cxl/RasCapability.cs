using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The CXL RAS Capability Structure (CXL 2.0 §8.2.5.9) at register words <see cref="CxlRas.Base"/>.. (docs/cxl-store.md,
/// "RAS capability"). The store's one uncorrectable error is Receiver_Overflow: an M2S message dropped on a full input
/// buffer. Its status bit is set whether or not it is masked (PCIe AER's rule, which CXL's RAS registers follow); an
/// unmasked one with no logged error pending (the First_Error_Pointer's status bit clear) also captures the pointer and
/// the dropped message's header. Only implemented bits have flip-flops: the other status bits have no event and read 0.
/// </summary>
public sealed class RasCapability : Module
{
    public readonly RegWrite Wr;
    public readonly Signal ReadAddr, ReadData;
    /// <summary>A message overran its channel's credits this cycle (dropped).</summary>
    public readonly Signal ReqOverrun, RwdOverrun;
    /// <summary>The message on each channel this cycle, packed as the header log holds it (<see cref="CxlRas.HeaderLog"/>).</summary>
    public readonly Signal ReqHeader, RwdHeader;

    public RasCapability()
    {
        const int db = CxlStoreConfig.RegDataBits, ue = 17, ce = 7;
        Wr = new RegWrite(this, flipped: true);
        ReadAddr = In(CxlStoreConfig.RegAddrBits);
        ReadData = Out(db);
        ReqOverrun = In();
        RwdOverrun = In();
        ReqHeader = In(CxlRas.LogBits);
        RwdHeader = In(CxlRas.LogBits);

        var overflow = Reg().Named("status_receiver_overflow");
        var mask = Reg(ue, reset: CxlRas.MaskReset);
        var severity = Reg(ue, reset: CxlRas.SeverityReset);
        var ceMask = Reg(ce, reset: CxlRas.CorrectableMaskReset);
        var fep = Reg(CxlRas.FirstErrorPointerBits).Named("first_error_pointer");
        var log = Reg(CxlRas.LogBits).Named("header_log");

        // W1C first, then the event: an error in the cycle software clears the pointed-to bit is logged (the log is
        // re-armed by the clear), and a set in the same cycle as its clear wins (the error is not lost)
        var wrStatus = Wr.To(CxlRas.UncorrectableWord);
        var clearOverflow = wrStatus & Wr.Data[CxlRas.ReceiverOverflow];
        var overrun = ReqOverrun | RwdOverrun;
        // the only status bit that can be set is Receiver_Overflow, so the pointed-to bit is set only when fep = 11
        var pending = fep.Eq(CxlRas.ReceiverOverflow) & overflow & ~clearOverflow;
        // the mask in force is the one before this cycle's write; with both channels dropping, the Req message is logged
        var capture = overrun & ~mask[CxlRas.ReceiverOverflow] & ~pending;
        When(overrun, () => overflow.Assign(1)).ElseWhen(clearOverflow, () => overflow.Assign(0));
        When(capture, () => { fep.Assign(CxlRas.ReceiverOverflow); log.Assign(Logic.Mux(ReqOverrun, ReqHeader, RwdHeader)); });
        When(wrStatus, () => mask.Assign(Defined(Wr.Data[32 + ue - 1, 32], CxlRas.UncorrectableBits)));
        When(Wr.To(CxlRas.SeverityWord), () => severity.Assign(Defined(Wr.Data[ue - 1, 0], CxlRas.UncorrectableBits)));
        When(Wr.To(CxlRas.ControlWord), () => ceMask.Assign(Wr.Data[ce - 1, 0]));

        var status = Logic.Cat(Logic.Lit(0, ue - 1 - CxlRas.ReceiverOverflow), overflow, Logic.Lit(0, CxlRas.ReceiverOverflow));
        var zero32 = Logic.Lit(0, 32);
        var words = new List<Expr?>
        {
            Logic.Cat(mask.Extend(32), status.Extend(32)),
            Logic.Cat(zero32, severity.Extend(32)),                 // no correctable error is modelled: CE status 0
            Logic.Cat(fep.Extend(32), ceMask.Extend(32)),
        };
        for (var j = 0; j < CxlRas.HeaderLogWords; j++)
        {
            var lo = 64 * j;
            var hi = Math.Min(lo + 63, CxlRas.LogBits - 1);
            words.Add(lo < CxlRas.LogBits ? log[hi, lo].Extend(db) : null);
        }
        // the structure's 32-word window 0x60–0x7F, indexed by address bits [4:0]; words past the structure read 0
        ReadData.Assign(Tree(ReadAddr, words, 4, 0, db));
    }

    /// <summary>Word <c>addr[bit:0]</c> of <paramref name="words"/> starting at <paramref name="first"/>, as a balanced
    /// mux tree on the address bits (a mux chain would put every word on the read port's path); null words read 0.</summary>
    private static Expr Tree(Expr addr, IReadOnlyList<Expr?> words, int bit, int first, int width)
    {
        if (bit < 0) return first < words.Count && words[first] is { } w ? w : Logic.Lit(0, width);
        var half = 1 << bit;
        if (first + half >= words.Count || words.Skip(first + half).Take(half).All(w => w is null))
            return Logic.Mux(addr[bit], Logic.Lit(0, width), Tree(addr, words, bit - 1, first, width));
        return Logic.Mux(addr[bit], Tree(addr, words, bit - 1, first + half, width), Tree(addr, words, bit - 1, first, width));
    }

    /// <summary>A written mask or severity field keeps only the defined bits (reserved bits stay 0).</summary>
    private static Expr Defined(Expr written, uint defined) => written & Logic.Lit(defined, written.Width);
}
