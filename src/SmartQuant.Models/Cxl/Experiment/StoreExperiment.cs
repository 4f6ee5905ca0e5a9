namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>One (model, mix, store) row, extrapolated from the sample to the full model.</summary>
public sealed record LoadRow(string Model, string Mix, string Granularity, double AvgBits, string Store,
    double DramGB, double LinkGB, double EnergyMj, double DeviceMs, double LinkMs)
{
    /// <summary>Model-load latency: the device streams and the link carries concurrently, the slower one bounds it.</summary>
    public double LoadMs => Math.Max(DeviceMs, LinkMs);
}

/// <summary>A mix's savings of the bit-plane store over the word-major store.</summary>
public sealed record Saving(string Model, string Mix, double AvgBits, double Energy, double Latency, double DramBytes, double LinkBytes);

/// <summary>
/// The paper's experiment (SmartQuant, IEEE CAL 2024, evaluation; docs/spec/bitplanes.md): load OPT weights from the CXL store under precision mixes, bit-plane
/// store vs conventional word-major store. Each (mix, store) pair runs once on the golden model + DRAM model over a
/// sample of <see cref="PrecisionMix.SampledLayers"/> layers × <see cref="PrecisionMix.BlocksPerLayer"/> blocks; the
/// full-size figures scale the sample linearly (steady-state streaming: every cost is per block), so the savings
/// are the same for every model shape.
/// </summary>
public static class StoreExperiment
{
    public static (IReadOnlyList<LoadRow> Rows, IReadOnlyList<Saving> Savings) Run(IReadOnlyList<OptShape> models, IReadOnlyList<PrecisionMix> mixes, int seed = 1)
    {
        var sampleBlocks = PrecisionMix.SampledLayers * PrecisionMix.BlocksPerLayer;
        // Word-major reads 8 lines per block whatever the mix: one run serves every mix.
        var wordMajor = ModelLoad.Run(Enumerable.Repeat(8, sampleBlocks).ToArray(), wordMajor: true);
        var measured = mixes.Select(m => (Mix: m, Bits: m.Assign(seed))).Select(x => (x.Mix, x.Bits, Load: ModelLoad.Run(x.Bits, false))).ToList();
        var rows = new List<LoadRow>();
        var savings = new List<Saving>();
        foreach (var model in models)
        {
            var scale = (double)model.Blocks / sampleBlocks;
            LoadRow Row(string mix, string gran, double bits, string store, LoadMeasurement l) => new(model.Name, mix, gran, bits, store,
                l.DramBytes * scale / 1e9, LinkModel.S2MBytes(l.Lines) * scale / 1e9, l.Energy.TotalPj * scale / 1e9,
                l.DeviceNs * scale / 1e6, LinkModel.Seconds(l.Lines) * scale * 1e3);
            foreach (var (mix, bits, load) in measured)
            {
                var avg = bits.Average();
                var w = Row(mix.Name, mix.Granularity, avg, "word-major", wordMajor);
                var b = Row(mix.Name, mix.Granularity, avg, "bit-plane", load);
                rows.Add(w);
                rows.Add(b);
                savings.Add(new Saving(model.Name, mix.Name, avg, 1 - b.EnergyMj / w.EnergyMj, 1 - b.LoadMs / w.LoadMs,
                    1 - b.DramGB / w.DramGB, 1 - b.LinkGB / w.LinkGB));
            }
        }
        return (rows, savings);
    }
}
