using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.ArrayBaseline;

/// <summary>
/// The ports the baseline arrays (mxint-array, olive-array) share with microscopiq's stream interface: activation and
/// output streams, the load port's handshake and bank, the counters. Bound through the elaborated top's own signal
/// fields by <c>PortBindings</c> (SmartQuant.Sim), never by rebuilding names; <see cref="Map"/> is the layout the
/// slots index.
/// </summary>
public sealed record ArrayStreamPorts(PortMap Map, PortSlot ActValid, PortSlot ActReady, PortSlot ActBank, PortSlot[] ActData,
    PortSlot OutValid, PortSlot OutReady, PortSlot OutBank, PortSlot[] OutData, PortSlot WValid, PortSlot WReady, PortSlot WBank, PortSlot[] Counters);
