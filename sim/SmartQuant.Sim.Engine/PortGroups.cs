using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// Groups a top module's ports by interface for waveform views, from their names (our emitters name a bundle's ports
/// <c>&lt;interface&gt;_&lt;field&gt;</c>, indexed ports <c>&lt;name&gt;_&lt;i&gt;</c>): the interface is the first name segment
/// (<c>in_valid</c>, <c>in_ready</c> → <c>in</c>; <c>act_in_3</c> → <c>act</c>), or the first two when every port of that
/// first segment has at least three (<c>m2s_req_tag</c> → <c>m2s_req</c>, beside <c>m2s_rwd</c>). Inputs and outputs of
/// one interface share its group; groups keep the order of their first port; ports that are alone in their group
/// (<c>enable</c>, <c>count</c>) are gathered in one group of single ports at the end.
/// </summary>
public static class PortGroups
{
    public const string Singles = "single ports";

    public static IReadOnlyList<(string Name, IReadOnlyList<PortSlot> Ports)> Of(PortMap map)
    {
        var ports = map.Inputs.Concat(map.Outputs).ToList();
        var segments = ports.ToDictionary(p => p, p => Segments(p.Name));
        var byFirst = ports.GroupBy(p => segments[p][0]).ToDictionary(g => g.Key, g => g.ToList());
        string Key(PortSlot p)
        {
            var s = segments[p];
            return byFirst[s[0]].All(q => segments[q].Length >= 3) ? s[0] + "_" + s[1] : s[0];
        }
        var groups = ports.GroupBy(Key).ToList();
        var result = groups.Where(g => g.Count() > 1).Select(g => (g.Key, (IReadOnlyList<PortSlot>)[.. g])).ToList();
        var singles = groups.Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        if (singles.Count > 0) result.Add((Singles, singles));
        return result;
    }

    /// <summary>Counters are shown in decimal: <c>count</c>, <c>*_count</c>, the counter files' <c>ctr_*</c> outputs.</summary>
    public static bool IsCounter(string name) => name == "count" || name.EndsWith("_count", StringComparison.Ordinal) || name.StartsWith("ctr_", StringComparison.Ordinal);

    /// <summary>Name segments without a trailing index (<c>act_in_3</c> → act, in).</summary>
    private static string[] Segments(string name)
    {
        var s = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length > 1 && s[^1].All(char.IsAsciiDigit)) s = s[..^1];
        return s.Length == 0 ? [name] : s;
    }
}
