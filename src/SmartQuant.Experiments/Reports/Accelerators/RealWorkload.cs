using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Energy;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Quality;
using SmartQuant.RealModel;

namespace SmartQuant.Experiments.Reports.Accelerators;

/// <summary>
/// The weight-stationary work of all-MiniLM-L6-v2's encoder (src/SmartQuant.RealModel): its linear layers (Q, K, V,
/// attention output, FFN up 384→1536, FFN down 1536→384 in each of 6 encoder layers; the attention score and context
/// products multiply activations by activations and run on no design here). Each layer is quantized by MicroScopiQ at
/// bb = 4 (RTN inliers, no GPTQ: the outlier positions decide ReCoN traffic, the calibration barely moves them) to
/// count the (tile, row) pairs that go through ReCoN at the MicroScopiQ array size, and its stored bits per weight.
/// </summary>
internal sealed record RealWorkload(IReadOnlyList<LayerShape> Layers, int EncoderLayers, double MicroScopiQStoredBits, double Seconds)
{
    public static RealWorkload Load(MicroScopiQConfig cfg, int? encoderLayers, TextWriter console)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var graph = EncoderGraph.FromPackage(ModelPackage.Load(null));
        // Six linear layers per encoder layer, in graph order.
        int all = graph.Layers.Count / 6, take = Math.Min(encoderLayers ?? all, all);
        var layers = new List<LayerShape>();
        double bits = 0, weights = 0;
        foreach (var l in graph.Layers.Take(6 * take))
        {
            var w = graph.Weight(l);
            var r = MicroScopiQQuantizer.Quantize(w, l.Out, l.In, new MicroScopiQOptions(4) { Gptq = false, ActOrder = false });
            var ebw = EffectiveBitWidth.Of(r.Tensor!).Full;
            bits += ebw * w.Length; weights += w.Length;
            layers.Add(new LayerShape(l.Name, l.Out, l.In, MicroScopiQDesign.OutlierTileRows(cfg, r.Tensor!)));
            console.Write($"\r  quantized {layers.Count}/{6 * take} layers of the real model for ReCoN traffic");
        }
        console.WriteLine();
        return new RealWorkload(layers, take, bits / weights, sw.Elapsed.TotalSeconds);
    }
}
