using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>One step of a cxl-store co-simulation script (a scenario yields an endless sequence of them).</summary>
public abstract record CxlStep;

/// <summary>Program the HDM decoder and regions (one register write per cycle); the host must be idle (drain first).</summary>
public sealed record CxlProgram(HdmInterleave Hdm, long SizeLines, RegionSpec[] Regions) : CxlStep;

/// <summary>Queue a Req-channel message (MemRd by default) to a host line.</summary>
public sealed record CxlRead(long Hpa, int Opcode = CxlOpcodes.MemRd) : CxlStep;

/// <summary>Queue an RwD-channel message (MemWr by default) to a host line; <paramref name="Be"/>: the byte enables a
/// MemWrPtl carries (bit i = byte i; MemWr ignores them); <paramref name="Poison"/>: the RwD Poison bit.</summary>
public sealed record CxlWrite(long Hpa, byte[] Data, int Opcode = CxlOpcodes.MemWr, ulong Be = ulong.MaxValue, bool Poison = false) : CxlStep;

/// <summary>Wait until every queued message has completed, end the reference's epoch, then idle some cycles.</summary>
public sealed record CxlDrain(int IdleCycles) : CxlStep;

/// <summary>Random stall probabilities: host valid gaps, host ready back-pressure, memory-port ready/valid hiding.</summary>
public sealed record CxlStalls(double Gap, double Backpressure, double Memory) : CxlStep;

/// <summary>
/// The host ignores its M2S credits (true) or obeys them again (false). While it misbehaves, the reference applies a
/// write only when its Cmp arrives (a write the device dropped must leave no trace), so the scenario writes each line
/// at most once and reads only lines it does not write.
/// </summary>
public sealed record CxlMisbehave(bool On) : CxlStep;

/// <summary>
/// After a misbehaving burst: wait until every queued message is sent, then <paramref name="WaitCycles"/> more for the
/// device to answer all it took; the messages left unanswered were dropped. The driver checks their number against the
/// device's credit-overrun counters, gives up their tags, ends the reference's epoch and obeys credits again.
/// </summary>
public sealed record CxlAbandon(int WaitCycles) : CxlStep;
