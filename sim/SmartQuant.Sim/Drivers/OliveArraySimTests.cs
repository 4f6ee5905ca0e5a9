using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.OliveArray;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// Co-simulation tests of design "olive-array": random 4-bit pair tensors (<see cref="OliveTiling.Random"/>: normal
/// pairs, outlier–victim pairs in either slot with every abfloat code, and the undecodable pairs) tiled onto the array,
/// streamed by <see cref="ArrayTileStimulus"/>.
/// </summary>
public static class OliveArraySimTests
{
    /// <summary>The ports the stimulus drives, bound through the elaborated top (<see cref="PortBindings.OliveArray"/>).</summary>
    public static ArrayLoadPorts Ports(PortMap map)
    {
        var p = PortBindings.OliveArray(map);
        return new(p.Stream, p.WPair, p.WCodes, null, null);
    }

    public static SimTest Test(string name, string description, ArrayScenario scenario) =>
        new("olive-array", name, description,
            (c, m) => new OliveArrayModel((OliveArrayConfig)c, PortBindings.OliveArray(m)),
            (c, m, s) => new ArrayTileStimulus(Ports(m), s, RandomTiles((OliveArrayConfig)c, s), scenario));

    /// <summary>Tiles of a random 4·Cols × 2·Rows pair tensor.</summary>
    public static List<ArrayTile> RandomTiles(OliveArrayConfig cfg, ulong seed)
    {
        var t = OliveTiling.Random(4 * cfg.Cols, 2 * cfg.Rows, (int)(seed % 100_000) * 7 + 1);
        var tiles = new List<ArrayTile>();
        for (int k0 = 0; k0 < t.K; k0 += cfg.Rows)
            for (int n0 = 0; n0 < t.N; n0 += cfg.Cols)
                tiles.Add(OliveTiling.Plan(cfg, t, k0, n0));
        return tiles;
    }
}
