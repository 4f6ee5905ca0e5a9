using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.MxIntArray;

/// <summary>The mxint-array top's ports (typed binding: <c>PortBindings.MxIntArray</c>): the shared stream ports, the
/// precision select and the load port's row, weights and pre-shift.</summary>
public sealed record MxIntArrayPorts(ArrayStreamPorts Stream, PortSlot TwoBitMode, PortSlot WRow, PortSlot WWeights, PortSlot WShift);
