using SmartQuant.RealModel;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Cli;

/// <summary>
/// Feeds the simulation side's real-layer cache (<see cref="RealLayerSet"/>) from the real model: the CLI references
/// both the RealModel project (ONNX Runtime) and the Sim project, which stays free of ONNX. Registered at start-up, so
/// `smartquant sim --test real-layer`, `regress` and `report` extract the layers on first use (about a minute; then cached).
/// </summary>
public static class RealLayerSource
{
    public static void Register() => RealLayerSet.Generator = Generate;

    public static IReadOnlyList<RealLayerData> Generate()
    {
        Console.Error.WriteLine($"real-layer: extracting {string.Join(", ", new RealLayerOptions().Layers)} from the real model into {RealLayerSet.CacheRoot} (once)");
        return [.. RealLayerSlice.Extract(new RealLayerOptions(), line => Console.Error.WriteLine("  " + line))
            .Select(l => new RealLayerData(l.Layer.Name, l.Bits, l.Weights, l.Activations, l.Tokens, l.Scale))];
    }
}
