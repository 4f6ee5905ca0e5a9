namespace SmartQuant.RealModel.Context;

public enum PolicyKind { Uniform, Static, Oracle, Predictor }

/// <summary>Served bits per unit for one passage: [block][head] and [block][neuron].</summary>
public sealed record UnitBits(int[][] Heads, int[][] Neurons)
{
    /// <summary>Mean bits per weight of the units (a head holds 4·32·hidden weights, a neuron 2·hidden: weighted by size).</summary>
    public double MeanBits(int hidden)
    {
        double bits = 0, weights = 0;
        foreach (var hs in Heads) foreach (var k in hs) { bits += (double)k * 4 * EncoderBlock.HeadDim * hidden; weights += 4.0 * EncoderBlock.HeadDim * hidden; }
        foreach (var ns in Neurons) foreach (var k in ns) { bits += (double)k * 2 * hidden; weights += 2.0 * hidden; }
        return bits / weights;
    }
}

/// <summary>
/// How each passage's heads and neurons get their precision. Uniform: every unit at <see cref="High"/> bits.
/// Otherwise the top <see cref="HeadFraction"/> of heads and <see cref="NeuronFraction"/> of neurons of every block
/// (exactly <see cref="TopSet.Count"/> units) get <see cref="High"/> bits and the rest <see cref="Low"/>, ranked by:
/// Static — the calibration-mean importance (one assignment for every passage); Oracle — this passage's measured
/// importance; Predictor — <see cref="ImportancePredictor"/>'s guess from the block inputs (a wrong guess serves an
/// important unit at the low width: mispredictions cost fidelity, not bits).
/// </summary>
public sealed record PrecisionPolicy(PolicyKind Kind, int High, int Low, double HeadFraction, double NeuronFraction)
{
    public static PrecisionPolicy Uniform(int k) => new(PolicyKind.Uniform, k, k, 0, 0);

    public string Name => Kind == PolicyKind.Uniform
        ? $"uniform {High}"
        : FormattableString.Invariant($"{Kind.ToString().ToLowerInvariant()} {High}/{Low} h{HeadFraction * 100:0.#}% n{NeuronFraction * 100:0.#}%");

    public void Validate()
    {
        if (High is < 1 or > 8 || Low is < 1 or > 8) throw new ArgumentException($"{Name}: widths must be 1…8 bits");
        if (Low > High) throw new ArgumentException($"{Name}: low width {Low} above high width {High}");
        if (!(HeadFraction is >= 0 and <= 1) || !(NeuronFraction is >= 0 and <= 1)) throw new ArgumentException($"{Name}: fractions must be in 0…1");
    }

    /// <summary>High bits for the top-fraction units by score, Low for the rest.</summary>
    public UnitBits Assign(double[][] headScores, double[][] neuronScores) => new(
        [.. headScores.Select(s => TopSet.Of(s, HeadFraction).Select(top => top ? High : Low).ToArray())],
        [.. neuronScores.Select(s => TopSet.Of(s, NeuronFraction).Select(top => top ? High : Low).ToArray())]);
}

/// <summary>What the non-uniform policies rank by: the calibration-mean importance and the predictor (calibration passages only).</summary>
public sealed class PolicyScores(IReadOnlyList<PassageImportance> calibration, ImportancePredictor predictor)
{
    public double[][] StaticHeads { get; } = ImportanceOverlap.Average(calibration, heads: true);
    public double[][] StaticNeurons { get; } = ImportanceOverlap.Average(calibration, heads: false);
    public ImportancePredictor Predictor => predictor;

    public UnitBits For(PrecisionPolicy policy, PassageImportance passage)
    {
        policy.Validate();
        switch (policy.Kind)
        {
            case PolicyKind.Uniform:
                return new([.. passage.Heads.Select(h => Enumerable.Repeat(policy.High, h.Length).ToArray())],
                           [.. passage.Neurons.Select(n => Enumerable.Repeat(policy.High, n.Length).ToArray())]);
            case PolicyKind.Static: return policy.Assign(StaticHeads, StaticNeurons);
            case PolicyKind.Oracle: return policy.Assign(passage.Heads, passage.Neurons);
            default:
                var (h, n) = predictor.Predict(passage);
                return policy.Assign(h, n);
        }
    }
}
