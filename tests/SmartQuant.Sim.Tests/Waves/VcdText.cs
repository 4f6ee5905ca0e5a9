using System.Globalization;
using SmartQuant.Eda;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>
/// An FST read back through <c>fst2vcd</c> (ships with GTKWave): signals by full name (<c>TOP.golden.count</c>, no range)
/// and each signal's value at a time (the last change at or before it), as VCD text (<c>b101</c>, <c>1</c>, <c>bx</c>).
/// </summary>
internal sealed class VcdText
{
    private readonly Dictionary<string, string> _ids = [];
    private readonly Dictionary<string, List<(long Time, string Value)>> _changes = [];

    public IReadOnlyCollection<string> Names => _ids.Keys;

    public static VcdText ReadFst(string fst)
    {
        var vcd = fst + ".check.vcd";
        var r = ToolRunner.Run("fst2vcd", [fst, "-o", vcd]);
        Assert.True(r.ExitCode == 0, r.Combined);
        var text = new VcdText(File.ReadLines(vcd));
        File.Delete(vcd);
        return text;
    }

    private VcdText(IEnumerable<string> lines)
    {
        var scopes = new List<string>();
        long time = 0;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0) continue;
            if (t[0] == "$scope") scopes.Add(t[2]);
            else if (t[0] == "$upscope") scopes.RemoveAt(scopes.Count - 1);
            else if (t[0] == "$var") _ids[string.Join('.', scopes.Append(t[4]))] = t[3];
            else if (line[0] == '#') time = long.Parse(line[1..], CultureInfo.InvariantCulture);
            else if (line[0] is 'b' or 'B' && t.Length == 2) Add(t[1], time, t[0].ToLowerInvariant());
            else if (line[0] is '0' or '1' or 'x' or 'X' or 'z' or 'Z' && !line.StartsWith('$')) Add(line[1..], time, line[..1].ToLowerInvariant());
        }
    }

    private void Add(string id, long time, string value)
    {
        if (!_changes.TryGetValue(id, out var list)) _changes[id] = list = [];
        list.Add((time, value));
    }

    /// <summary>The value of <paramref name="name"/> at <paramref name="time"/>, as the VCD writes it.</summary>
    public string At(string name, long time)
    {
        Assert.True(_ids.TryGetValue(name, out var id), $"no signal {name} in the FST (signals: {string.Join(", ", _ids.Keys.Order())})");
        string? value = null;
        foreach (var (t, v) in _changes.GetValueOrDefault(id!) ?? []) if (t <= time) value = v;
        return value ?? throw new Xunit.Sdk.XunitException($"{name} has no value at time {time}");
    }

    /// <summary>A vector or bit value as a number; null when it holds x or z.</summary>
    public System.Numerics.BigInteger? Number(string name, long time)
    {
        var v = At(name, time);
        var bits = v.StartsWith('b') ? v[1..] : v;
        if (bits.Any(c => c is not ('0' or '1'))) return null;
        var n = System.Numerics.BigInteger.Zero;
        foreach (var c in bits) n = (n << 1) | (c == '1' ? 1 : 0);
        return n;
    }
}
