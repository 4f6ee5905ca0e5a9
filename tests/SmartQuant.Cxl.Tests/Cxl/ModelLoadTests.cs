using SmartQuant.Models.Cxl.Experiment;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>The report's load experiment: a k-bit block costs k bursts in the bit-plane store and 8 in the word-major store.</summary>
public class ModelLoadTests
{
    [Fact]
    public void Bit_plane_load_fetches_k_planes_word_major_fetches_eight()
    {
        var bits = Enumerable.Range(0, 96).Select(b => b % 3 == 0 ? 8 : b % 3 == 1 ? 4 : 2).ToArray();
        var plane = ModelLoad.Run(bits, wordMajor: false);
        var word = ModelLoad.Run(bits, wordMajor: true);
        Assert.Equal(bits.Sum(), plane.Dram.ReadBursts);
        Assert.Equal(8L * bits.Length, word.Dram.ReadBursts);
        Assert.Equal(plane.Dram.ReadBursts, plane.Lines);
        Assert.True(plane.Energy.TotalPj < word.Energy.TotalPj * 0.7, $"{plane.Energy.TotalPj} vs {word.Energy.TotalPj}");
        Assert.True(plane.Cycles < word.Cycles * 0.75, $"{plane.Cycles} vs {word.Cycles} cycles");
    }

    [Fact]
    public void Mixes_assign_whole_heads_and_neurons()
    {
        var bits = PrecisionMix.All.Single(m => m.Name == "head/neuron 8-4").Assign(1);
        Assert.Equal(PrecisionMix.SampledLayers * PrecisionMix.BlocksPerLayer, bits.Length);
        Assert.All(bits.Chunk(PrecisionMix.BlocksPerUnit), u => Assert.Single(u.Distinct()));
        Assert.Contains(8, bits);
        Assert.Contains(4, bits);
    }
}
