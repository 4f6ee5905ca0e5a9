using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// The golden model's side of a traced window, recorded cycle by cycle while the checker runs: every output's expected
/// value, whether a don't-care rule excused it that cycle, and whether it really mismatched (compared and different).
/// <see cref="GoldenFst"/> writes it into the RTL's FST as the <c>golden</c> scope. Only traced runs record, so the
/// untraced per-cycle path never pays for it.
/// </summary>
public sealed class GoldenTrace(PortMap map)
{
    /// <summary>One cycle: expected output words, and per output port (declaration order) don't-care and mismatch flags.</summary>
    public sealed record Sample(long Cycle, ulong[] Expected, bool[] DontCare, bool[] Mismatch);

    private readonly List<Sample> _samples = [];

    public PortMap Map => map;
    public IReadOnlyList<Sample> Samples => _samples;

    internal void Record(long cycle, PortValues expected, bool[] dontCare, bool[] mismatch)
    {
        _samples.Add(new Sample(cycle, expected.Words.AsSpan(0, map.OutputWords).ToArray(), (bool[])dontCare.Clone(), (bool[])mismatch.Clone()));
    }
}
