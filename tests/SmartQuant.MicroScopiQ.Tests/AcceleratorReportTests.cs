using System.Globalization;
using SmartQuant.Experiments.Reports;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>
/// `smartquant report accelerators --quick` end to end (8×8 budget, one encoder layer of the real model): every design
/// appears, and in the GEMM and GEMV tables each row's energy categories add up to its total. Extended tier: it
/// synthesizes the 8×8 budget design with yosys (≈ 45 s the first time, cached in build/accelerators/ afterwards).
/// </summary>
[Trait("Tier", "extended")]
public class AcceleratorReportTests
{
    [Fact]
    public void Quick_report_lists_every_design_and_its_energy_breakdown_adds_up()
    {
        var dir = Directory.CreateTempSubdirectory("accel-report-").FullName;
        try
        {
            var section = new AcceleratorReport().Run(new ReportContext(dir, TextWriter.Null, Quick: true));
            Assert.Equal(3, section.Figures.Count);
            var lines = section.Markdown.Split('\n');
            foreach (var title in new[] { "### GEMM", "### GEMV" })
            {
                int at = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
                Assert.True(at >= 0, title);
                var rows = lines.Skip(at + 4).TakeWhile(l => l.StartsWith('|')).Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToList();
                Assert.Equal(["int8", "mxint4", "olive", "microscopiq"], rows.Select(r => r[1]));
                foreach (var r in rows)
                {
                    double P(int i) => double.Parse(r[i].Replace(",", ""), CultureInfo.InvariantCulture);
                    // columns: design, cycles, time, DRAM-bound, rate, speed-up, total, PE array, buffers, ReCoN/decoders, DRAM
                    Assert.Equal(P(7), P(8) + P(9) + P(10) + P(11), 0.02);
                    Assert.True(P(2) > 0 && P(7) > 0);
                }
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
