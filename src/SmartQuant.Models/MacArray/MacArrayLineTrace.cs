using System.Text;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.MacArray;

/// <summary>
/// The MAC array's line: the enabled-step count, the stall / weight-load flags, the activations entering the west edge
/// (signed) and the psum wavefront leaving the south edge: column c shows the sum of the activation wave that entered
/// row 0 at step k − Rows − c (k = steps done so far; the golden model's dataflow), e.g.
/// <c>k    37 EN LD | act   3  -1   0   5 | psum t33:12 t32:-7 t31:0 t30:0</c>; <c>t-</c> before any wave reached it.
/// </summary>
public sealed class MacArrayLineTrace(MacArrayGolden model) : ILineTrace
{
    private readonly PortSlot _enable = model.Ports.Enable, _load = model.Ports.LoadWeight;
    private readonly PortSlot[] _act = model.Ports.ActIn, _psum = model.Ports.PsumOut;

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var k = model.Steps;
        line.Append("k ").Append(k.ToString().PadLeft(5));
        line.Append(inputs[_enable] != 0 ? " EN" : " --").Append(inputs[_load] != 0 ? " LD" : " --");
        line.Append(" | act");
        foreach (var a in _act) line.Append(' ').Append(inputs.GetSigned(a).ToString().PadLeft(4));
        line.Append(" | psum");
        for (var c = 0; c < _psum.Length; c++)
        {
            var wave = k - _act.Length - c;
            line.Append(wave < 0 ? " t-:" : $" t{wave}:").Append(outputs.GetSigned(_psum[c]));
        }
    }
}
