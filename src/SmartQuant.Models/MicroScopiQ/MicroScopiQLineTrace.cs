using System.Text;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// MicroScopiQ's line, from the golden model's token pipeline: the handshakes this cycle (<c>acc</c> a token accepted,
/// <c>out</c> a result delivered, <c>STALL</c> output back-pressure, <c>RSTALL</c> frozen for a ReCoN unit), tokens at the
/// entry, then one cell per PE row holding the token at that row's ReCoN tap: <c>.</c> none, <c>0</c>/<c>1</c> its weight
/// bank, followed by <c>*</c> when the row needs ReCoN for it and, with shared ReCoN units, <c>G</c> granted this cycle or
/// <c>w</c> waiting; then the tokens draining to the output (the array's tail and the output buffer), and the arbitration-conflict and stall counters, e.g.
/// <c>acc --- ------ | in 1 | 0* 0G 1w .  | drain 2 | conf 3 stall 0 rstall 5</c>.
/// </summary>
public sealed class MicroScopiQLineTrace(MicroScopiQModel model) : ILineTrace
{
    private readonly PortSlot _actValid = model.Ports.ActValid, _actReady = model.Ports.ActReady, _outValid = model.Ports.OutValid,
        _outReady = model.Ports.OutReady, _twoBitMode = model.Ports.TwoBitMode;
    private readonly int _conflicts = Index(model, MicroScopiQCounters.Conflicts), _stalls = Index(model, MicroScopiQCounters.Stalls),
        _reconStalls = Index(model, MicroScopiQCounters.ReconStalls);

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var cfg = model.Config;
        var twoBitMode = inputs[_twoBitMode] != 0;
        var accept = inputs[_actValid] != 0 && outputs[_actReady] != 0;
        var deliver = outputs[_outValid] != 0 && inputs[_outReady] != 0;
        var outStall = outputs[_outValid] != 0 && inputs[_outReady] == 0;
        var granted = model.Granted;
        var waiting = model.Waiting;
        var reconStall = false;
        for (var r = 0; r < cfg.Rows; r++) reconStall |= waiting[r] && !granted[r];
        line.Append(accept ? "acc" : "---").Append(deliver ? " out" : " ---").Append(outStall ? " STALL " : reconStall ? " RSTALL" : " ------");

        var rowBank = new int[cfg.Rows];
        Array.Fill(rowBank, -1);
        int entry = 0, drain = 0;
        foreach (var (bank, age) in model.TokensInFlight)
        {
            var row = age - 2 - cfg.ReconTap;
            if (row < 0) entry++;
            else if (row >= cfg.Rows) drain++;
            else rowBank[row] = bank;
        }
        line.Append(" | in ").Append(entry).Append(" |");
        for (var r = 0; r < cfg.Rows; r++)
        {
            var b = rowBank[r];
            var cell = b < 0 ? "." : b.ToString()
                + (model.RowNeedsRecon(b, r, twoBitMode) ? "*" : "")
                + (granted[r] ? "G" : waiting[r] ? "w" : "");
            line.Append(' ').Append(cell.PadRight(3));
        }
        // Past the last row: tokens still in the array's tail plus results held in the output buffer.
        drain += model.BufferedOutputs;
        line.Append("| drain ").Append(drain);
        var c = model.Counters;
        line.Append(" | conf ").Append(c[_conflicts]).Append(" stall ").Append(c[_stalls]);
        if (_reconStalls >= 0) line.Append(" rstall ").Append(c[_reconStalls]);
    }

    /// <summary>The event's index in the model's counter list, −1 when this configuration has no such counter.</summary>
    private static int Index(MicroScopiQModel model, CounterEvent counter) => MicroScopiQCounters.For(model.Config).ToList().IndexOf(counter);
}
