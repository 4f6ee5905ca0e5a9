using System.Text;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.Fifo;

/// <summary>
/// The FIFO's line: occupancy as a bar and a number (from the golden queue), then this cycle's transfers, e.g.
/// <c>[###.............]  3/16  in 0000002a  out 00000013</c> (<c>--------</c> where no transfer happens).
/// </summary>
public sealed class FifoLineTrace(FifoGolden model) : ILineTrace
{
    private readonly PortSlot _inValid = model.Ports.InValid, _inReady = model.Ports.InReady, _inData = model.Ports.InData,
        _outValid = model.Ports.OutValid, _outReady = model.Ports.OutReady, _outData = model.Ports.OutData;
    private readonly int _digits = (model.Ports.InData.Width + 3) / 4;

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var count = model.Count;
        line.Append('[').Append('#', count).Append('.', model.Depth - count).Append("] ");
        line.Append(count.ToString().PadLeft(model.Depth.ToString().Length)).Append('/').Append(model.Depth);
        var push = inputs[_inValid] != 0 && outputs[_inReady] != 0;
        var pop = outputs[_outValid] != 0 && inputs[_outReady] != 0;
        line.Append("  in ").Append(push ? Hex(inputs.GetBig(_inData)) : new string('-', _digits));
        line.Append("  out ").Append(pop ? Hex(outputs.GetBig(_outData)) : new string('-', _digits));
    }

    private string Hex(System.Numerics.BigInteger v) => v.ToString("x").TrimStart('0').PadLeft(_digits, '0');
}
