using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hdl.Tests;

/// <summary>The stated area model: memory storage leaves the flip-flop count and is charged per bit at its density.</summary>
public class AreaModelTests
{
    [Fact]
    public void Fifo_memory_is_counted_as_memory_bits_not_flip_flops()
    {
        var ir = DesignCatalog.Find("fifo").Elaborate(new FifoConfig(depth: 16, width: 32));
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        var synth = SynthGate.Run(dir.Path, ir.Top.Name);
        var rows = AreaModel.ByClass(ir, synth);

        Assert.Equal(16 * 32, rows.Sum(r => r.MemoryBits));
        Assert.Equal(synth.Total.FlipFlops - 16 * 32, rows.Sum(r => r.FlipFlops));
        Assert.Equal(synth.Total.Cells - synth.Total.FlipFlops, rows.Sum(r => r.LogicCells));
        // With a memory bit priced as a flip-flop the model gives yosys' own total back; at the default density less.
        var asFlops = new AreaModel(MemoryBitFlipFlops: 1.0);
        Assert.Equal(synth.Total.Cells, rows.Sum(r => r.Cells(asFlops)), 6);
        Assert.Equal(synth.Total.Cells - 0.75 * 16 * 32, rows.Sum(r => r.Cells(AreaModel.Default)), 6);
    }
}
