using System.Text;

namespace SmartQuant.Hdl.Simulation;

/// <summary>
/// A design's line trace: one compact text line per cycle with its key state, read from the golden model (each design
/// defines it in one place, beside its model). The engine calls it only when a line trace was asked for, after the
/// golden model's <see cref="ICycleModel.Evaluate"/> and before its <see cref="ICycleModel.Tick"/>, so it sees the
/// state the cycle starts from, this cycle's inputs and the expected outputs; it must not change the model.
/// </summary>
public interface ILineTrace
{
    void Append(StringBuilder line, PortValues inputs, PortValues outputs);
}
