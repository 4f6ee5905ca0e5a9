using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Stream control: one global pipeline enable (the array freezes while the <see cref="OutputBuffer"/> is full), the
/// activation handshake (act_ready = enable), the in-flight token count and the per-cycle event increments of
/// <see cref="MicroScopiQCounters"/>. With shared ReCoN the array also freezes while a ReCoN request is left ungranted.
/// Both stall sources are flip-flops (the buffer's Full, the pool's registered stall), so the enable that reaches
/// every pipeline flip-flop is one gate from registers and out_ready reaches none of it.
/// </summary>
public sealed class Controller : Module
{
    public readonly Signal TwoBitMode, ActValid, ActBank, OutValid, OutReady, Full;
    /// <summary>Per metadata bank: the rows that need ReCoN for a token on that bank (<see cref="PeArray.RowsNeedingRecon"/>).</summary>
    public readonly Signal[] RowsNeedingRecon;
    public readonly Signal Enable, ActReady;
    public readonly Signal[] Increments;
    /// <summary>Shared ReCoN only: the pool's hold (see <see cref="ReconArbiter"/>); null with a ReCoN in every row.</summary>
    public readonly ReconHold? Recon;

    public Controller(MicroScopiQConfig cfg)
    {
        TwoBitMode = In(); ActValid = In(); ActBank = In(); OutValid = In(); OutReady = In(); Full = In();
        RowsNeedingRecon = [In(cfg.Rows), In(cfg.Rows)];
        if (cfg.SharedRecon) Recon = new ReconHold(this, cfg, flipped: true);
        Enable = Out(); ActReady = Out();
        Increments = [.. MicroScopiQCounters.For(cfg).Select(e => Out(MicroScopiQCounters.IncrementWidth).Named("inc_" + e.Name))];

        var en = Recon is null ? ~Full : ~Full & Recon.AllServed;
        Enable.Assign(en);
        ActReady.Assign(en);
        var accept = ActValid & en;
        var deliver = OutValid & OutReady;
        int fw = Logic.Log2Ceil(cfg.PipelineLatency + 2) + 1;
        var inflight = Reg(fw);
        inflight.Assign(inflight.AddWrap(accept.Extend(fw)).SubWrap(deliver.Extend(fw)));

        int iw = MicroScopiQCounters.IncrementWidth;
        var needRecon = Logic.Mux(ActBank, RowsNeedingRecon[1], RowsNeedingRecon[0]);
        Expr popcount = Logic.Lit(0, iw);
        for (var r = 0; r < cfg.Rows; r++) popcount = popcount.AddWrap(needRecon[r].Extend(iw));
        var macs = Logic.Mux(TwoBitMode, Logic.Lit(cfg.Rows * cfg.Lanes, iw), Logic.Lit(cfg.Rows * cfg.Cols, iw));
        var incs = new Dictionary<CounterEvent, Expr>
        {
            [MicroScopiQCounters.Cycles] = Logic.Lit(1, iw),
            [MicroScopiQCounters.Busy] = inflight.Ne(0).Extend(iw),
            [MicroScopiQCounters.Macs] = Logic.Mux(accept, macs, Logic.Lit(0, iw)),
            [MicroScopiQCounters.Recon] = Logic.Mux(accept, popcount, Logic.Lit(0, iw)),
            [MicroScopiQCounters.Conflicts] = Recon is null ? Logic.Lit(0, iw) : Recon.Lost.Extend(iw),
            [MicroScopiQCounters.Stalls] = Full.Extend(iw),
        };
        if (Recon is not null) incs[MicroScopiQCounters.ReconStalls] = (~Recon.AllServed & ~Full).Extend(iw);   // frozen only by ReCoN
        for (var i = 0; i < Increments.Length; i++) Increments[i].Assign(incs[MicroScopiQCounters.For(cfg)[i]]);
    }
}
