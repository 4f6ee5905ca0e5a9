using System.Globalization;
using SmartQuant.Cli;
using SmartQuant.Cli.Commands;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.Hdl.Tests;

/// <summary>Numbers the CLI prints as exact values parse back to the same double (powers of two included).</summary>
public class ExactNumberTests
{
    [Fact]
    public void EveryPowerOfTwoAndItsNeighboursRoundTrip()
    {
        for (int k = -1074; k <= 1023; k++)
        {
            double p = Math.ScaleB(1.0, k);
            foreach (double v in new[] { p, -p, Math.BitIncrement(p), Math.BitDecrement(p) })
                Assert.Equal(v, double.Parse(ExactDecimal.Format(v), CultureInfo.InvariantCulture));
        }
        Assert.Equal("2.9802322387695312E-08", ExactDecimal.Format(Math.ScaleB(1.0, -25)));   // "R" gives ...531E-08
        Assert.Equal("0.25", ExactDecimal.Format(0.25));   // the short form stays when it is exact
    }

    [Fact]
    public void MxQuantizePrintsExactValues()
    {
        // One value per block: each decodes to exactly itself (a power of two is representable in every format).
        var input = string.Join("\n", Enumerable.Range(-120, 240).Select(k => Math.ScaleB(1.0, k).ToString("G17", CultureInfo.InvariantCulture)));
        var output = new StringWriter();
        MxCommand.Run(new StringReader(input), output, MxElementFormat.E4M3, 1, MxRounding.HalfAwayFromZero);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(240, lines.Length);
        for (int i = 0; i < lines.Length; i++)
            Assert.Equal(Math.ScaleB(1.0, i - 120), double.Parse(lines[i].Split(' ')[1], CultureInfo.InvariantCulture));
    }
}
