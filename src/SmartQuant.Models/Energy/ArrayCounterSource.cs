using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.Energy;

/// <summary>
/// What a golden run of one layer on a baseline array (mxint-array, olive-array) reports: the design's counter file at
/// the cycle the last result was delivered, and the host-side count the array cannot see — token-tiles whose partial
/// sums add to an earlier K-tile's (every tile after a layer's first K-tile).
/// </summary>
public sealed record ArrayLayerCounts(ArrayActionCounts Counters, long Tiles, long PsumReadTokenTiles);

/// <summary>
/// Runs a layer's weight tiles and tokens through a baseline array's golden model (the model the RTL is co-simulated
/// against, counters included) and returns its counters. Lives outside this assembly (it needs the co-simulation
/// stimulus); <see cref="StreamArrayDesign"/> takes its action counts from it.
/// </summary>
public interface IArrayCounterSource
{
    ArrayLayerCounts Count(StreamArrayDesign design, LayerShape layer, int tokens);
}
