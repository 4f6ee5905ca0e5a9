using System.Text.Json;
using SmartQuant.Hdl;

namespace SmartQuant.Eda;

/// <summary>One end of a path: a flat Verilog name (instance path, dots) and what it is, e.g. "register, enable".</summary>
public sealed record PathPoint(string Name, string Kind)
{
    public override string ToString() => $"{Name} ({Kind})";
}

/// <summary>
/// The longest combinational path of a synthesized design in gate levels: every cell of yosys's generic library
/// ($_AND_, $_MUX_, $_NOT_, …) counts one level, flip-flops break paths. <see cref="Through"/> lists the named nets
/// on the way (closest-to-top name of each), start excluded.
/// </summary>
public sealed record CriticalPath(int Levels, PathPoint Start, PathPoint End, IReadOnlyList<string> Through);

/// <summary>
/// Longest combinational path of a hierarchical `yosys synth` netlist (write_json). The hierarchy is expanded in
/// memory instead of by yosys' `flatten` + `ltp -noff` (same count, but flatten alone doubles the synth time of
/// microscopiq 8×8 and needs gigabytes at 16×16). Module boundaries stay as synthesized, like the cell counts.
/// </summary>
public static class LogicDepth
{
    private const int Const0 = 0, Const1 = 1, ConstX = 2, ConstZ = 3, FirstNet = 4;

    private static readonly HashSet<string> CombinationalCells =
    [
        "$_BUF_", "$_NOT_", "$_AND_", "$_NAND_", "$_OR_", "$_NOR_", "$_XOR_", "$_XNOR_", "$_ANDNOT_", "$_ORNOT_",
        "$_MUX_", "$_NMUX_", "$_AOI3_", "$_OAI3_", "$_AOI4_", "$_OAI4_", "$_MUX4_", "$_MUX8_", "$_MUX16_",
    ];

    private static readonly string[] StateCellPrefixes = ["$_DFF", "$_SDFF", "$_ALDFF", "$_DLATCH", "$_SR_", "$_FF_"];

    private sealed record Port(string Name, bool Input, bool Output, int[] Bits);
    private sealed record Prim(bool State, string[] InPins, int[][] In, int[] Out);
    private sealed record Child(string Instance, string Module, Dictionary<string, int[]> Connections);
    private sealed record NetName(string Name, int[] Bits, int Offset, bool Upto, bool Port, bool Hidden);

    private sealed class Template
    {
        public required string Name;
        public int Bits;
        public List<Port> Ports = [];
        public List<Prim> Prims = [];
        public List<Child> Children = [];
        public List<NetName> Names = [];
    }

    private sealed record Instance(string Path, int Depth, Template Module, int[] Map);

    /// <summary>The longest path of the design and, if <paramref name="from"/> names a net (flat Verilog name, e.g. a
    /// port "out_ready" or "array.row_0.valid[3]"; a vector means all its bits), the longest path starting there.</summary>
    public static (CriticalPath Longest, CriticalPath? From) FromJsonFile(string path, string top, string? from = null)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var graph = Build(doc.RootElement, top);
        return (graph.Longest(null), from is null ? null : graph.Longest(graph.Resolve(from, top)));
    }

    private static Graph Build(JsonElement root, string top)
    {
        var modules = new Dictionary<string, Template>(StringComparer.Ordinal);
        var names = root.GetProperty("modules").EnumerateObject().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var m in root.GetProperty("modules").EnumerateObject()) modules[m.Name] = ReadTemplate(m.Name, m.Value, names);
        if (!modules.TryGetValue(top, out var topModule)) throw new InvalidOperationException($"netlist has no module {top}");
        return new Graph(modules, topModule);
    }

    private static Template ReadTemplate(string name, JsonElement m, HashSet<string> moduleNames)
    {
        var t = new Template { Name = name };
        int maxBit = 0;
        int[] Bits(JsonElement a)
        {
            var bits = new int[a.GetArrayLength()];
            var i = 0;
            foreach (var b in a.EnumerateArray())
            {
                bits[i++] = b.ValueKind == JsonValueKind.Number ? b.GetInt32() : b.GetString() switch
                {
                    "0" => -1 - Const0, "1" => -1 - Const1, "z" => -1 - ConstZ, _ => -1 - ConstX,
                };
                maxBit = Math.Max(maxBit, bits[i - 1]);
            }
            return bits;
        }

        foreach (var p in m.GetProperty("ports").EnumerateObject())
        {
            var dir = p.Value.GetProperty("direction").GetString();
            t.Ports.Add(new Port(p.Name, dir is "input" or "inout", dir is "output" or "inout", Bits(p.Value.GetProperty("bits"))));
        }
        foreach (var c in m.GetProperty("cells").EnumerateObject())
        {
            var type = c.Value.GetProperty("type").GetString()!;
            var conns = c.Value.GetProperty("connections").EnumerateObject().ToDictionary(x => x.Name, x => Bits(x.Value), StringComparer.Ordinal);
            if (moduleNames.Contains(type))
            {
                t.Children.Add(new Child(c.Name, type, conns));
                continue;
            }
            var state = StateCellPrefixes.Any(p => type.StartsWith(p, StringComparison.Ordinal));
            if (!state && !CombinationalCells.Contains(type))
                throw new InvalidOperationException($"{name}: cell type {type} is not in yosys's generic gate library (run `synth` first)");
            var dirs = c.Value.GetProperty("port_directions");
            var ins = conns.Where(x => dirs.GetProperty(x.Key).GetString() == "input").ToArray();
            var outs = conns.Where(x => dirs.GetProperty(x.Key).GetString() == "output").SelectMany(x => x.Value).ToArray();
            t.Prims.Add(new Prim(state, [.. ins.Select(x => x.Key)], [.. ins.Select(x => x.Value)], outs));
        }
        foreach (var n in m.GetProperty("netnames").EnumerateObject())
        {
            var hidden = n.Value.GetProperty("hide_name").GetInt32() != 0;
            if (hidden && n.Name.StartsWith("$abc$", StringComparison.Ordinal)) { Bits(n.Value.GetProperty("bits")); continue; } // gate-internal
            var offset = n.Value.TryGetProperty("offset", out var o) ? o.GetInt32() : 0;
            var upto = n.Value.TryGetProperty("upto", out var u) && u.GetInt32() != 0;
            var port = t.Ports.Any(p => p.Name == n.Name);
            t.Names.Add(new NetName(n.Name, Bits(n.Value.GetProperty("bits")), offset, upto, port, hidden));
        }
        t.Bits = maxBit + 1;
        return t;
    }

    /// <summary>The expanded design: nets are union-find ids (child port bits merge with the parent's nets).</summary>
    private sealed class Graph
    {
        private readonly Dictionary<string, Template> _modules;
        private readonly List<Instance> _instances = [];
        private int[] _parent = new int[1 << 16];
        private int _nets = FirstNet;

        // Flat primitive cells: inputs (and the pin each input is on) in a pool, one output list per cell.
        private readonly List<int> _inStart = [], _outStart = [];
        private readonly List<int> _inPool = [], _outPool = [];
        private readonly List<string> _inPin = [];
        private readonly List<bool> _state = [];
        private readonly List<int> _cellInstance = [];
        private readonly List<int> _topIn = [], _topOut = [];

        public Graph(Dictionary<string, Template> modules, Template top)
        {
            _modules = modules;
            for (var i = 0; i < FirstNet; i++) _parent[i] = i;
            var map = new int[top.Bits];
            for (var b = 0; b < map.Length; b++) map[b] = -1;
            Expand(top, "", 0, map, []);
            foreach (var p in top.Ports)
                foreach (var b in p.Bits)
                {
                    if (p.Input) _topIn.Add(Net(map, b));
                    if (p.Output) _topOut.Add(Net(map, b));
                }
        }

        private int NewNet()
        {
            if (_nets == _parent.Length) Array.Resize(ref _parent, _parent.Length * 2);
            _parent[_nets] = _nets;
            return _nets++;
        }

        private int Net(int[] map, int bit) => bit < 0 ? -1 - bit : map[bit] >= 0 ? map[bit] : map[bit] = NewNet();

        private int Find(int x)
        {
            while (_parent[x] != x) x = _parent[x] = _parent[_parent[x]];
            return x;
        }

        private void Union(int a, int b)
        {
            a = Find(a); b = Find(b);
            if (a == b) return;
            if (a < FirstNet) _parent[b] = a; // constants stay roots
            else if (b < FirstNet) _parent[a] = b;
            else _parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        private void Expand(Template t, string path, int depth, int[] map, HashSet<string> stack)
        {
            if (!stack.Add(t.Name)) throw new InvalidOperationException($"module {t.Name} instantiates itself");
            _instances.Add(new Instance(path, depth, t, map));
            foreach (var p in t.Prims)
            {
                _inStart.Add(_inPool.Count);
                for (var k = 0; k < p.In.Length; k++)
                    foreach (var b in p.In[k]) { _inPool.Add(Net(map, b)); _inPin.Add(p.InPins[k]); }
                _outStart.Add(_outPool.Count);
                foreach (var b in p.Out) _outPool.Add(Net(map, b));
                _state.Add(p.State);
                _cellInstance.Add(_instances.Count - 1);
            }
            foreach (var c in t.Children)
            {
                var child = _modules[c.Module];
                var childMap = new int[child.Bits];
                for (var b = 0; b < childMap.Length; b++) childMap[b] = -1;
                foreach (var p in child.Ports)
                {
                    if (!c.Connections.TryGetValue(p.Name, out var outer)) continue;
                    for (var i = 0; i < Math.Min(outer.Length, p.Bits.Length); i++)
                    {
                        var net = Net(map, outer[i]);
                        var inner = p.Bits[i];
                        if (inner < 0) Union(net, -1 - inner);
                        else if (childMap[inner] < 0) childMap[inner] = net;
                        else Union(childMap[inner], net);
                    }
                }
                Expand(child, path.Length == 0 ? c.Instance : $"{path}.{c.Instance}", depth + 1, childMap, stack);
            }
            stack.Remove(t.Name);
        }

        /// <summary>The nets named <paramref name="name"/> (all bits of a vector, or one bit "v[3]").</summary>
        public HashSet<int> Resolve(string name, string top)
        {
            var nets = new HashSet<int>();
            foreach (var inst in _instances)
                foreach (var nn in inst.Module.Names)
                {
                    var full = (inst.Path.Length == 0 ? "" : inst.Path + ".") + nn.Name;
                    if (!name.StartsWith(full, StringComparison.Ordinal)) continue;
                    for (var i = 0; i < nn.Bits.Length; i++)
                    {
                        var index = nn.Upto ? nn.Offset + nn.Bits.Length - 1 - i : nn.Offset + i;
                        if (name.Length != full.Length && name != $"{full}[{index}]") continue;
                        var b = nn.Bits[i];
                        var net = b < 0 ? -1 - b : inst.Map[b];
                        if (net >= 0) nets.Add(Find(net));
                    }
                }
            if (nets.Count == 0) throw new HdlException($"no net named {name} in {top} (use a port or wire name, instances joined by dots)");
            return nets;
        }

        /// <summary>Longest path overall, or (<paramref name="sources"/>) the longest one that starts at one of these nets.</summary>
        public CriticalPath Longest(HashSet<int>? sources)
        {
            var n = _nets;
            var cells = _state.Count;
            if (_inStart.Count == cells) { _inStart.Add(_inPool.Count); _outStart.Add(_outPool.Count); }
            var driver = new int[n];
            var feedsState = new int[n];
            var feedsPin = new string?[n];
            var stateCell = new int[n];
            Array.Fill(driver, -1);
            Array.Fill(feedsState, -1);
            Array.Fill(stateCell, -1);
            for (var c = 0; c < cells; c++)
            {
                for (var k = _outStart[c]; k < _outStart[c + 1]; k++)
                {
                    var o = Find(_outPool[k]);
                    if (_state[c]) { stateCell[o] = c; continue; }
                    if (driver[o] >= 0) throw new InvalidOperationException($"net {Describe([o])[o]} has two drivers");
                    driver[o] = c;
                }
                if (!_state[c]) continue;
                for (var k = _inStart[c]; k < _inStart[c + 1]; k++)
                {
                    var i = Find(_inPool[k]);
                    if (feedsState[i] < 0) { feedsState[i] = c; feedsPin[i] = _inPin[k]; }
                }
            }

            // Depth-first longest path over the drivers (iterative: paths are hundreds of levels deep).
            var level = new int[n];
            var from = new int[n];
            var mark = new byte[n]; // 0 unseen, 1 on the current path, 2 done
            var stack = new Stack<int>();
            int best = -1, end = -1;
            for (var c = 0; c < cells; c++)
            {
                if (_state[c]) continue;
                for (var k = _outStart[c]; k < _outStart[c + 1]; k++)
                {
                    stack.Push(Find(_outPool[k]));
                    while (stack.Count > 0)
                    {
                        var x = stack.Peek();
                        if (mark[x] == 2) { stack.Pop(); continue; }
                        var d = sources is not null && sources.Contains(x) ? -1 : driver[x];
                        if (mark[x] == 0)
                        {
                            mark[x] = 1;
                            if (d < 0) continue;
                            for (var j = _inStart[d]; j < _inStart[d + 1]; j++)
                            {
                                var y = Find(_inPool[j]);
                                if (mark[y] == 1) throw new InvalidOperationException($"combinational loop through {Describe([y])[y]}");
                                if (mark[y] == 0) stack.Push(y);
                            }
                            continue;
                        }
                        stack.Pop();
                        mark[x] = 2;
                        from[x] = -1;
                        // A start (no driver, or a chosen source) is level 0; with sources, other undriven nets are unreachable (-1).
                        level[x] = d < 0 && (sources is null || sources.Contains(x)) ? 0 : -1;
                        if (d < 0) continue;
                        for (var j = _inStart[d]; j < _inStart[d + 1]; j++)
                        {
                            var y = Find(_inPool[j]);
                            if (level[y] >= 0 && level[y] + 1 > level[x]) { level[x] = level[y] + 1; from[x] = y; }
                        }
                        if (level[x] > best) { best = level[x]; end = x; }
                    }
                }
            }
            if (end < 0) return new CriticalPath(0, new PathPoint("-", "no combinational cells"), new PathPoint("-", "no combinational cells"), []);

            var path = new List<int>();
            for (var x = end; x >= 0; x = from[x]) path.Add(x);
            path.Reverse();
            var start = path[0];
            var endRegister = feedsState[end] >= 0 ? Find(_outPool[_outStart[feedsState[end]]]) : -1;
            var home = new Dictionary<int, int>();
            foreach (var x in new[] { start, endRegister })
                if (x >= 0 && stateCell[x] >= 0) home[x] = _cellInstance[stateCell[x]];
            var names = Describe([.. path, .. endRegister >= 0 ? new[] { endRegister } : []], home);

            var topIn = _topIn.Select(Find).ToHashSet();
            var topOut = _topOut.Select(Find).ToHashSet();
            var startKind = start < FirstNet ? "constant" : stateCell[start] >= 0 ? "register" : topIn.Contains(start) ? "input port"
                : driver[start] >= 0 ? "net" : "undriven";
            var endPoint = endRegister >= 0
                ? new PathPoint(names[endRegister], $"register, {PinRole(feedsPin[end]!)}")
                : new PathPoint(names[end], topOut.Contains(end) ? "output port" : "unloaded net");
            var through = path.Skip(1).Where(x => !names[x].Contains('$')).Select(x => names[x]).ToList();
            return new CriticalPath(best, new PathPoint(names[start], startKind), endPoint, through);
        }

        private static string PinRole(string pin) => pin switch
        {
            "D" => "data input",
            "E" => "enable",
            "R" => "reset",
            "S" => "set",
            "C" => "clock",
            "AD" => "async load data",
            "L" => "async load",
            _ => $"pin {pin}",
        };

        /// <summary>
        /// Verilog name of each net: a register by its own name in the instance holding its flip-flops (<paramref name="home"/>),
        /// any other net by the name closest to the top. Declared names before the emitter's temporaries ("_owner_k")
        /// before yosys' private names (a memory read register: "$\mem$rdreg[0]$q"); in the home instance not a port if
        /// possible, in the top a port if possible (out_ready, not the wire it feeds); ties by ordinal order; nets with no
        /// name at all as $netID.
        /// </summary>
        private Dictionary<int, string> Describe(IEnumerable<int> nets, IReadOnlyDictionary<int, int>? home = null)
        {
            var best = new Dictionary<int, ((int, int, int, int, int) Rank, string Name)>();
            var wanted = nets.ToHashSet();
            for (var k = 0; k < _instances.Count; k++)
                foreach (var nn in _instances[k].Module.Names)
                    for (var i = 0; i < nn.Bits.Length; i++)
                    {
                        var inst = _instances[k];
                        var b = nn.Bits[i];
                        var net = b < 0 ? -1 - b : inst.Map[b];
                        if (net < 0) continue;
                        net = Find(net);
                        if (!wanted.Contains(net)) continue;
                        var index = nn.Upto ? nn.Offset + nn.Bits.Length - 1 - i : nn.Offset + i;
                        var name = (inst.Path.Length == 0 ? "" : inst.Path + ".") + nn.Name + (nn.Bits.Length > 1 || nn.Offset != 0 ? $"[{index}]" : "");
                        var atHome = home is not null && home.TryGetValue(net, out var h) && h == k;
                        var rank = (nn.Hidden ? 1 : 0, home is not null && home.ContainsKey(net) && !atHome ? 1 : 0,
                            nn.Name.StartsWith('_') ? 1 : 0, inst.Depth, (atHome ? nn.Port : inst.Depth == 0 && !nn.Port) ? 1 : 0);
                        if (!best.TryGetValue(net, out var cur) || rank.CompareTo(cur.Rank) < 0 ||
                            (rank == cur.Rank && string.CompareOrdinal(name, cur.Name) < 0))
                            best[net] = (rank, name);
                    }
            return wanted.ToDictionary(x => x, x => best.TryGetValue(x, out var v) ? v.Name : x < FirstNet ? $"1'b{"01xz"[x]}" : $"$net{x}");
        }
    }
}
