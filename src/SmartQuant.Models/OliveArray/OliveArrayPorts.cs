using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.OliveArray;

/// <summary>The olive-array top's ports (typed binding: <c>PortBindings.OliveArray</c>): the shared stream ports and
/// the load port's pair index and codes.</summary>
public sealed record OliveArrayPorts(ArrayStreamPorts Stream, PortSlot WPair, PortSlot WCodes);
