using System.Globalization;
using System.Text;
using SmartQuant.RealModel;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// `smartquant report realmodel`: the real-model evaluation (all-MiniLM-L6-v2, docs/real-model.md) as tables and a
/// plot of end-to-end embedding cosine against effective bits per weight, one point per method and width.
/// --quick runs fewer passages (64 calibration, 256 held-out) on the same 36 layers.
/// </summary>
public sealed class RealModelReport : IReport
{
    public string Name => "realmodel";
    public string Title => "Real model: all-MiniLM-L6-v2 quantized end to end";

    public ReportSection Run(ReportContext context)
    {
        var options = context.Quick
            ? new EvalOptions { CalibrationPassages = 64, EvaluationPassages = 256, ErrorPassages = 64 }
            : new EvalOptions();
        var r = new RealModelEval(options, line => context.Console.WriteLine($"  {line}")).Run();
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(string.Create(inv, $"{r.QuantizedLayers} of {r.LayerCount} encoder linear layers quantized; GPTQ calibrated on {r.CalibrationPassages} fortune passages ({r.CalibrationTokens} tokens); "));
        md.AppendLine(string.Create(inv, $"per-layer errors on the activations of {r.ErrorPassages} held-out passages ({r.ErrorTokens} tokens); end-to-end figures over {r.EvaluationPassages} held-out passages (seed {r.Seed}). "));
        md.AppendLine("EBW +meta counts every stored bit (scales, exponents, outlier records); `microscopiq-synthcal` is MicroScopiQ with GPTQ calibrated on synthetic activations.\n");
        md.AppendLine(EvalTables.Summary(r, markdown: true));
        md.AppendLine("Mean relative output error ‖(W − Ŵ)X‖/‖WX‖ per layer kind:\n");
        md.AppendLine(EvalTables.ByKind(r, markdown: true));
        md.AppendLine(string.Create(inv, $"Measured in {r.Seconds:F0} s.\n"));
        var figure = new Figure("realmodel-cosine-vs-ebw", "Mean embedding cosine to FP32 against effective bits per weight (with metadata), per method; bb = 2 and 4", plot =>
        {
            var palette = new ScottPlot.Palettes.Category10();
            int i = 0;
            foreach (var g in r.Methods.GroupBy(m => m.Method))
            {
                var pts = g.OrderBy(m => m.EbwMetadata).ToArray();
                var sc = plot.Add.Scatter(pts.Select(m => m.EbwMetadata).ToArray(), pts.Select(m => m.MeanCosine).ToArray());
                sc.LegendText = g.Key;
                sc.Color = palette.GetColor(i++);
                sc.MarkerSize = 8;
            }
            plot.Axes.Bottom.Label.Text = "effective bits per weight (codes + metadata)";
            plot.Axes.Left.Label.Text = "mean embedding cosine to FP32";
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        });
        context.Console.Write(EvalTables.Summary(r, markdown: false));
        return new ReportSection(md.ToString(), [figure]);
    }
}
