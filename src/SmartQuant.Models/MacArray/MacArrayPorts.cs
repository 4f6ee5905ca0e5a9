using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.MacArray;

/// <summary>
/// The MAC array's ports as the golden model, its line trace and the driver use them, resolved once. Bound through
/// the elaborated module's own signals by the testbench (<c>PortBindings.MacArray</c> in SmartQuant.Sim), never by
/// rebuilding names like <c>$"act_in_{r}"</c>; the model itself knows no hardware class.
/// </summary>
/// <param name="Counters">the action counters (<c>ArrayCounters.MacArray</c> order) when the configuration has them, else empty.</param>
public sealed record MacArrayPorts(PortSlot Enable, PortSlot LoadWeight, PortSlot[] ActIn, PortSlot[] WeightIn, PortSlot[] PsumOut, PortSlot[] Counters);
