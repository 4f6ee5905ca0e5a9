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
