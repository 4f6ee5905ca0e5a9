using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Models.MxIntArray;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// Co-simulation tests of design "mxint-array": random MX-INT layers (random sign-magnitude codes, block exponents spread
/// over MaxShift + 1 binades so every pre-shift occurs, no outliers) tiled onto the array, streamed by <see cref="ArrayTileStimulus"/>.
/// </summary>
public static class MxIntArraySimTests
{
    /// <summary>The ports the stimulus drives, bound through the elaborated top (<see cref="PortBindings.MxIntArray"/>).</summary>
    public static ArrayLoadPorts Ports(PortMap map)
    {
        var p = PortBindings.MxIntArray(map);
        return new(p.Stream, p.WRow, p.WWeights, p.WShift, p.TwoBitMode);
    }

    public static SimTest Test(string name, string description, int[] bits, ArrayScenario scenario) =>
        new("mxint-array", name, description,
            (c, m) => new MxIntArrayModel((MxIntArrayConfig)c, PortBindings.MxIntArray(m)),
            (c, m, s) => new ArrayTileStimulus(Ports(m), s, RandomTiles((MxIntArrayConfig)c, bits, s), scenario));

    /// <summary>Tiles of one random layer per bb in <paramref name="bits"/> (2·Lanes outputs × 2·Rows inputs each).</summary>
    public static List<ArrayTile> RandomTiles(MxIntArrayConfig cfg, int[] bits, ulong seed)
    {
        var tiles = new List<ArrayTile>();
        for (var i = 0; i < bits.Length; i++)
        {
            var q = MicroScopiQLayers.Random(2 * cfg.Lanes, 2 * cfg.Rows, bits[i], seed: (int)(seed % 100_000) * 7 + i, outlierRate: 0, expSpread: cfg.MaxShift);
            int lanes = MxIntTiling.TileLanes(cfg, bits[i] == 2);
            for (int k0 = 0; k0 < q.Cols; k0 += cfg.Rows)
                for (int n0 = 0; n0 < q.Rows; n0 += lanes)
                    tiles.Add(MxIntTiling.Plan(cfg, q, k0, n0));
        }
        return tiles;
    }
}
