using SmartQuant.Models.Cxl.Experiment;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>The report's precision mixes (the loads themselves: Experiment/LinkedLoadTests).</summary>
public class ModelLoadTests
{
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
