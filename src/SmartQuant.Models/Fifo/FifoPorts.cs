using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.Fifo;

/// <summary>
/// The FIFO's ports as the golden model, its line trace and the driver use them, resolved once. Bound through the
/// elaborated module's own signals by the testbench (<c>PortBindings.Fifo</c> in SmartQuant.Sim), never by name strings.
/// </summary>
public sealed record FifoPorts(PortSlot InValid, PortSlot InData, PortSlot InReady, PortSlot OutValid, PortSlot OutReady, PortSlot OutData, PortSlot Count);
