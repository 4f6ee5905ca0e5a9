using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// The microscopiq top's ports as the golden model, its driver and its line trace use them, resolved once. Bound
/// through the elaborated top's own signal fields by <c>PortBindings.MicroScopiQ</c> (SmartQuant.Sim), never by
/// rebuilding names like <c>$"act_data_{r}"</c>; the model itself knows no hardware class. <see cref="Map"/> is the
/// layout the slots index (the model's input and output buffers).
/// </summary>
public sealed record MicroScopiQPorts(PortMap Map, PortSlot TwoBitMode,
    PortSlot WValid, PortSlot WReady, PortSlot WRow, PortSlot WBank, PortSlot WWeights, PortSlot WShift, PortSlot WPresent, PortSlot WRecords,
    PortSlot ActValid, PortSlot ActReady, PortSlot ActBank, PortSlot[] ActData,
    PortSlot OutValid, PortSlot OutReady, PortSlot OutBank, PortSlot[] OutData, PortSlot[] Counters);
