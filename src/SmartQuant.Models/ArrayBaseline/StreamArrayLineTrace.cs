using System.Text;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.ArrayBaseline;

/// <summary>
/// The baseline arrays' line (mxint-array, olive-array), from the golden model's token pipeline: the handshakes this
/// cycle (<c>acc</c> a token accepted with its bank, <c>out</c> a result delivered, <c>LD</c> a load beat, <c>STALL</c>
/// output back-pressure), tokens in flight, results waiting in the output buffer, then the token and MAC counters, e.g.
/// <c>acc b1 out -- ------ | inflight  9 buf 1 | tokens 412 macs 6592</c>.
/// </summary>
public sealed class StreamArrayLineTrace(StreamArrayModel model) : ILineTrace
{
    private readonly PortSlot _actValid = model.StreamPorts.ActValid, _actReady = model.StreamPorts.ActReady, _actBank = model.StreamPorts.ActBank,
        _outValid = model.StreamPorts.OutValid, _outReady = model.StreamPorts.OutReady, _wValid = model.StreamPorts.WValid;

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var accept = inputs[_actValid] != 0 && outputs[_actReady] != 0;
        var deliver = outputs[_outValid] != 0 && inputs[_outReady] != 0;
        var stall = outputs[_outValid] != 0 && inputs[_outReady] == 0;
        line.Append(accept ? $"acc b{inputs[_actBank]}" : "------").Append(deliver ? " out" : " ---")
            .Append(inputs[_wValid] != 0 ? " LD" : " --").Append(stall ? " STALL" : " -----");
        line.Append(" | inflight ").Append(model.InFlight.ToString().PadLeft(2)).Append(" buf ").Append(model.BufferedOutputs);
        var counts = model.ActionCounts;
        line.Append(" | tokens ").Append(counts.Tokens).Append(" macs ").Append(counts.Macs4 + counts.Macs2);
    }
}
