using SmartQuant.Hdl.Simulation;
using SmartQuant.Emit;

namespace SmartQuant.Sim;

/// <summary>
/// Renders the Verilog-2005 replay test bench (<c>replay_tb.v.scriban</c>) that plays recorded input vectors into a
/// top module and checks its outputs against recorded vectors, for a second simulator (iverilog). Vectors are one
/// hex line per cycle: all inputs (or outputs) concatenated in declaration order, the first port most significant.
/// </summary>
public static class ReplayBenchEmitter
{
    public sealed record BenchPort(string Name, int Width, int Hi, int Lo);

    public const string InputsFile = "inputs.hex", ExpectedFile = "expected.hex", MaskFile = "mask.hex", TopModule = "sq_replay_tb";

    public static int Bits(IEnumerable<PortSlot> ports) => Math.Max(1, ports.Sum(p => p.Width));

    public static string Render(PortMap map, long cycles, int resetCycles) =>
        TemplateRenderer.Render(typeof(ReplayBenchEmitter).Assembly, "replay_tb.v.scriban", new
        {
            GeneratorVersion = TemplateRenderer.GeneratorVersion,
            TopName = map.TopName,
            Cycles = cycles,
            ResetCycles = resetCycles,
            HasClock = map.HasClock,
            InputBits = Bits(map.Inputs),
            OutputBits = Bits(map.Outputs),
            InputsFile, ExpectedFile, MaskFile,
            Inputs = Slices(map.Inputs),
            Outputs = Slices(map.Outputs),
            OutputConcat = map.Outputs.Count == 0 ? "1'b0" : string.Join(", ", map.Outputs.Select(p => p.Name)),
            Ports = map.Inputs.Concat(map.Outputs).Select(p => p.Name).ToList(),
        });

    /// <summary>Bit ranges of each port in the concatenated vector (first port most significant).</summary>
    private static List<BenchPort> Slices(IReadOnlyList<PortSlot> ports)
    {
        var list = new List<BenchPort>();
        var hi = ports.Sum(p => p.Width) - 1;
        foreach (var p in ports)
        {
            list.Add(new BenchPort(p.Name, p.Width, hi, hi - p.Width + 1));
            hi -= p.Width;
        }
        return list;
    }
}
