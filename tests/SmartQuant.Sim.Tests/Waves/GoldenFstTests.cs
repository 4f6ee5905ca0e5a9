using System.Numerics;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>
/// The FST of a divergence holds the golden model beside the RTL: <c>TOP.golden.&lt;port&gt;</c> (expected value, x under a
/// don't-care rule) and <c>TOP.golden.mismatch_&lt;port&gt;</c>, read back with fst2vcd and checked cycle by cycle.
/// </summary>
public class GoldenFstTests
{
    [Fact]
    public void Fifo_divergence_fst_holds_expected_values_mismatch_bits_and_dont_cares()
    {
        const long at = 300;
        var dir = Diverging.TempDirectory("fst");
        var r = LockstepEngine.Run(Diverging.Test("fifo", at), new SimOptions { Cycles = at + 40, Seed = 6, WavesDirectory = dir });
        var d = r.Divergence!;
        Assert.Equal(at, d.Cycle);
        var vcd = VcdText.ReadFst(d.WavesPath!);
        var map = r.Library.Map;
        var f = PortBindings.Fifo(map);
        var (count, outValid, outData) = (f.Count.Name, f.OutValid.Name, f.OutData.Name);   // names as the waveform files spell them
        string Rtl(string port) => $"TOP.{map.TopName}.{port}";
        string Golden(string port) => $"TOP.{GoldenFst.Scope}.{port}";
        string Mismatch(string port) => $"TOP.{GoldenFst.Scope}.{GoldenFst.MismatchName(port)}";
        foreach (var p in map.Outputs) Assert.Contains(Golden(p.Name), vcd.Names);
        foreach (var p in map.Outputs) Assert.Contains(Mismatch(p.Name), vcd.Names);

        // At the divergence: expected = actual + 1 on count, its mismatch bit set, every other bit clear.
        var t = Diverging.Time(at);
        Assert.Equal(d.Mismatches[0].Expected, vcd.Number(Golden(count), t));
        Assert.Equal(d.Mismatches[0].Actual, vcd.Number(Rtl(count), t));
        Assert.Equal(vcd.Number(Rtl(count), t) + 1, vcd.Number(Golden(count), t));
        Assert.Equal("1", vcd.At(Mismatch(count), t));
        foreach (var p in map.Outputs.Where(p => p.Name != count)) Assert.Equal("0", vcd.At(Mismatch(p.Name), t));

        // Every earlier cycle of the window: no mismatch; compared values equal the RTL's; out_data is x exactly
        // where its don't-care rule applies (out_valid low) and the RTL's value otherwise.
        int dontCares = 0, shown = 0;
        for (var c = at - LockstepEngine.WindowBefore; c < at; c++)
        {
            var tc = Diverging.Time(c);
            foreach (var p in map.Outputs) Assert.Equal("0", vcd.At(Mismatch(p.Name), tc));
            Assert.Equal(vcd.Number(Rtl(count), tc), vcd.Number(Golden(count), tc));
            Assert.Equal(vcd.Number(Rtl(outValid), tc), vcd.Number(Golden(outValid), tc));
            if (vcd.Number(Rtl(outValid), tc) == BigInteger.Zero)
            {
                Assert.Matches("^bx+$", vcd.At(Golden(outData), tc));
                dontCares++;
            }
            else
            {
                Assert.Equal(vcd.Number(Rtl(outData), tc), vcd.Number(Golden(outData), tc));
                shown++;
            }
        }
        Assert.True(dontCares > 0 && shown > 0, $"window should hold both empty and non-empty cycles ({dontCares}/{shown})");
        Directory.Delete(dir, recursive: true);
    }
}
