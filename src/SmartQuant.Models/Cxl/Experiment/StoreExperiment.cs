using SmartQuant.Models.Cxl.Link;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>One (model, mix, readers, store) row, extrapolated from the sample to the full model.</summary>
public sealed record LoadRow(string Model, string Mix, string Granularity, double AvgBits, int Readers, string Store,
    double DramGB, double LinkGB, double EnergyMj, double BackgroundMj, double LoadMs, double MeanLatencyNs, double P99LatencyNs);

/// <summary>A mix's savings of the bit-plane store over the word-major store, both measured with the same readers.</summary>
public sealed record Saving(string Model, string Mix, double AvgBits, int Readers, double Energy, double Latency, double DramBytes, double LinkBytes);

/// <summary>
/// The paper's experiment (SmartQuant, IEEE CAL 2024, §IV; docs/spec/bitplanes.md): load OPT weights from the CXL store under precision mixes, bit-plane
/// store vs conventional word-major store. Each (mix, readers, store) runs once through the link model into the golden
/// model + DRAM model over a sample of <see cref="PrecisionMix.SampledLayers"/> layers × <see cref="PrecisionMix.BlocksPerLayer"/>
/// blocks; with several readers each walks its own contiguous part of the sample and their requests contend for the
/// link, the block buffer and the DRAM. Load time is the simulated time from the first request to the last response;
/// energy is the DRAM's over that time. The full-size figures scale the sample linearly (every cost is per block in
/// steady state), so the savings are the same for every model shape.
/// </summary>
public static class StoreExperiment
{
    public static (IReadOnlyList<LoadRow> Rows, IReadOnlyList<Saving> Savings) Run(IReadOnlyList<OptShape> models, IReadOnlyList<PrecisionMix> mixes,
        IReadOnlyList<int> readers, LinkConfig? link = null, int seed = 1, Action<string>? progress = null)
    {
        var sampleBlocks = PrecisionMix.SampledLayers * PrecisionMix.BlocksPerLayer;
        var rows = new List<LoadRow>();
        var savings = new List<Saving>();
        foreach (var r in readers)
        {
            progress?.Invoke($"word-major, {r} reader(s)");
            // Word-major reads 8 lines per block whatever the mix: one run serves every mix.
            var wordMajor = ModelLoad.Run(Enumerable.Repeat(8, sampleBlocks).ToArray(), StoreLayout.WordMajor, r, link);
            var measured = mixes.Select(m => (Mix: m, Bits: m.Assign(seed))).Select(x =>
            {
                progress?.Invoke($"{x.Mix.Name}, {r} reader(s)");
                return (x.Mix, x.Bits, Load: ModelLoad.Run(x.Bits, StoreLayout.Packed, r, link));
            }).ToList();
            foreach (var model in models)
            {
                var scale = (double)model.Blocks / sampleBlocks;
                LoadRow Row(string mix, string gran, double bits, string store, LoadMeasurement l) => new(model.Name, mix, gran, bits, r, store,
                    l.DramBytes * scale / 1e9, l.LinkBytes * scale / 1e9, l.Energy.TotalPj * scale / 1e9, l.Energy.BackgroundPj * scale / 1e9,
                    l.LoadNs * scale / 1e6, l.MeanLatency * l.CycleNs, l.P99Latency * l.CycleNs);
                foreach (var (mix, bits, load) in measured)
                {
                    var avg = bits.Average();
                    var w = Row(mix.Name, mix.Granularity, avg, "word-major", wordMajor);
                    var b = Row(mix.Name, mix.Granularity, avg, "bit-plane", load);
                    rows.Add(w);
                    rows.Add(b);
                    savings.Add(new Saving(model.Name, mix.Name, avg, r, 1 - b.EnergyMj / w.EnergyMj, 1 - b.LoadMs / w.LoadMs,
                        1 - b.DramGB / w.DramGB, 1 - b.LinkGB / w.LinkGB));
                }
            }
        }
        return (rows, savings);
    }
}
