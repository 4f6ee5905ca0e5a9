namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>
/// How many bits each block of a sampled model gets. The sample is <see cref="SampledLayers"/> layers, each with the
/// OPT attention : MLP weight ratio of 1 : 2 — <see cref="Heads"/> heads of <see cref="BlocksPerUnit"/> blocks and
/// <see cref="Neurons"/> MLP neurons (an FC1 row plus the FC2 column, stored transposed) of as many blocks — in
/// storage order. A mix assigns bits per layer, per head and per neuron.
/// </summary>
public sealed record PrecisionMix(string Name, string Granularity, Func<int, bool, double, int> Bits)
{
    public const int SampledLayers = 4, Heads = 32, Neurons = 64, BlocksPerUnit = 16;
    public const int BlocksPerLayer = (Heads + Neurons) * BlocksPerUnit;
    /// <summary>Contextual-sparsity style importance (Deja Vu): share of heads and of neurons that matter for the current token.</summary>
    public const double ImportantHeads = 0.25, ImportantNeurons = 0.10;

    /// <summary>Bits per block of the whole sample; <paramref name="seed"/> draws which heads/neurons are important.</summary>
    public int[] Assign(int seed)
    {
        var rng = new Random(seed);
        var bits = new int[SampledLayers * BlocksPerLayer];
        var i = 0;
        for (var layer = 0; layer < SampledLayers; layer++)
            for (var unit = 0; unit < Heads + Neurons; unit++)
            {
                var k = Bits(layer, unit < Heads, rng.NextDouble());
                for (var b = 0; b < BlocksPerUnit; b++) bits[i++] = k;
            }
        return bits;
    }

    /// <summary>Importance tier of a unit from its uniform draw: 0 = important, 1 = next (same share again), 2 = the rest.</summary>
    private static int Tier(bool head, double u)
    {
        var share = head ? ImportantHeads : ImportantNeurons;
        return u < share ? 0 : u < 2 * share ? 1 : 2;
    }

    public static IReadOnlyList<PrecisionMix> All { get; } =
    [
        new("all 8-bit", "none", (_, _, _) => 8),
        new("per-layer 8-6-4-4", "layer", (l, _, _) => new[] { 8, 6, 4, 4 }[l]),
        new("head/neuron 8-4", "head, neuron", (_, h, u) => Tier(h, u) == 0 ? 8 : 4),
        new("head/neuron 8-4-2", "head, neuron", (_, h, u) => Tier(h, u) switch { 0 => 8, 1 => 4, _ => 2 }),
        new("head/neuron 8-2", "head, neuron", (_, h, u) => Tier(h, u) == 0 ? 8 : 2),
    ];
}
