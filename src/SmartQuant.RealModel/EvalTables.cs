using System.Globalization;
using System.Text;

namespace SmartQuant.RealModel;

/// <summary>The evaluation's tables: the method summary and per-layer-kind errors, as text or markdown.</summary>
public static class EvalTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One row per method and width: mean layer error, EBW, outliers, end-to-end cosine and neighbours.</summary>
    public static string Summary(EvalResult r, bool markdown)
    {
        var sb = new StringBuilder();
        string[] head = ["method", "bb", "layer err", "EBW codes", "EBW +meta", "outliers %", "cos mean", "cos p5", "top-10 agree"];
        Row(sb, head, markdown, header: true);
        foreach (var m in r.Methods.OrderBy(m => m.Bits).ThenBy(m => QuantMethod.TableOrder(m.Method)))
            Row(sb, [m.Method, m.Bits.ToString(Inv), F(m.MeanRelativeError, 4), F(m.EbwWeights, 2), F(m.EbwMetadata, 3),
                F(100 * m.OutlierShare, 2), F(m.MeanCosine, 4), F(m.P5Cosine, 4), F(m.NeighbourAgreement, 3)], markdown);
        return sb.ToString();
    }

    /// <summary>Mean relative output error per layer kind (q, k, v, attn-out, ffn-up, ffn-down) for each method and width.</summary>
    public static string ByKind(EvalResult r, bool markdown)
    {
        var kinds = r.Layers.Select(l => l.Kind).Distinct().ToList();
        var sb = new StringBuilder();
        Row(sb, ["method", "bb", .. kinds], markdown, header: true);
        foreach (var g in r.Layers.GroupBy(l => (l.Method, l.Bits)).OrderBy(g => g.Key.Bits).ThenBy(g => QuantMethod.TableOrder(g.Key.Method)))
            Row(sb, [g.Key.Method, g.Key.Bits.ToString(Inv), .. kinds.Select(k => F(g.Where(l => l.Kind == k).Average(l => l.RelativeError), 4))], markdown);
        return sb.ToString();
    }

    private static string F(double v, int digits) => double.IsNaN(v) ? "-" : v.ToString("F" + digits, Inv);

    private static void Row(StringBuilder sb, IReadOnlyList<string> cells, bool markdown, bool header = false)
    {
        if (markdown)
        {
            sb.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");
            if (header) sb.Append('|').AppendJoin("", cells.Select(_ => "---|")).AppendLine();
        }
        else
        {
            sb.Append(cells[0].PadRight(22));
            foreach (var c in cells.Skip(1)) sb.Append(c.PadLeft(c.Length > 10 ? c.Length + 1 : 11));
            sb.AppendLine();
        }
    }
}
