using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Checks;

/// <summary>Which inputs of a module reach which outputs through combinational logic only.</summary>
internal sealed record CombPaths(IReadOnlyDictionary<string, IReadOnlySet<string>> InputsOfOutput);

/// <summary>
/// Finds combinational loops: a signal that depends on itself without a register in between, including paths that
/// pass through submodules. Returns the module's own input→output combinational paths for its parent's check.
/// </summary>
internal static class CombLoopCheck
{
    public static CombPaths Run(IrModule ir, Func<IrInstance, CombPaths> childPaths)
    {
        // Edges point from a signal to the combinational signals computed from it.
        var deps = new Dictionary<string, HashSet<string>>();
        var where = new Dictionary<string, SourceLocation>();
        void Edge(string from, string to)
        {
            if (!deps.TryGetValue(to, out var set)) deps[to] = set = [];
            set.Add(from);
        }
        foreach (var (stmt, guards) in IrWalk.Flatten(ir.Body))
        {
            if (stmt is not IrAssign a || a.Target.Kind == SignalKind.Reg) continue;
            where.TryAdd(a.Target.Name, a.Location);
            foreach (var s in IrWalk.Reads(a.Value).Concat(guards.SelectMany(IrWalk.Reads)))
                if (s.Kind != SignalKind.Reg) Edge(s.Name, a.Target.Name);
        }
        foreach (var inst in ir.Instances)
        {
            var paths = childPaths(inst);
            var wireOf = inst.Connections.ToDictionary(c => c.Port, c => c.Wire.Name);
            foreach (var (output, feeding) in paths.InputsOfOutput)
                foreach (var input in feeding)
                {
                    Edge(wireOf[input], wireOf[output]);
                    where.TryAdd(wireOf[output], inst.Location);
                }
        }

        // The ordered search below picks which loop to report deterministically; it sorts, so run it only when
        // the cheap unordered search has found that there is a loop at all.
        if (HasCycle(deps)) FindCycle(deps, where, ir.Name);

        var result = new Dictionary<string, IReadOnlySet<string>>();
        var inputs = ir.Inputs.Select(p => p.Name).ToHashSet();
        foreach (var o in ir.Outputs)
            result[o.Name] = Reach(o.Name, deps).Where(inputs.Contains).ToHashSet();
        return new CombPaths(result);
    }

    private static HashSet<string> Reach(string from, Dictionary<string, HashSet<string>> deps)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
            if (deps.TryGetValue(stack.Pop(), out var next))
                foreach (var n in next) if (seen.Add(n)) stack.Push(n);
        return seen;
    }

    private static bool HasCycle(Dictionary<string, HashSet<string>> deps)
    {
        var state = new Dictionary<string, int>(deps.Count); // 1 = on the path, 2 = done
        var stack = new Stack<(string Node, HashSet<string>.Enumerator Next)>();
        foreach (var start in deps.Keys)
        {
            if (state.ContainsKey(start)) continue;
            state[start] = 1;
            stack.Push((start, deps[start].GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next.MoveNext())
                {
                    stack.Push((node, next));
                    var n = next.Current;
                    var s = state.GetValueOrDefault(n);
                    if (s == 1) return true;
                    if (s == 2) continue;
                    if (!deps.TryGetValue(n, out var more)) { state[n] = 2; continue; }
                    state[n] = 1;
                    stack.Push((n, more.GetEnumerator()));
                }
                else state[node] = 2;
            }
        }
        return false;
    }

    private static void FindCycle(Dictionary<string, HashSet<string>> deps, Dictionary<string, SourceLocation> where, string module)
    {
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        foreach (var start in deps.Keys.Order(StringComparer.Ordinal))
        {
            if (state.ContainsKey(start)) continue;
            var path = new List<string>();
            var stack = new Stack<(string Node, IEnumerator<string> Next)>();
            stack.Push((start, deps.GetValueOrDefault(start, []).Order(StringComparer.Ordinal).GetEnumerator()));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (next.MoveNext())
                {
                    var n = next.Current;
                    if (state.GetValueOrDefault(n) == 1)
                    {
                        throw new ElaborationException(where.GetValueOrDefault(n, SourceLocation.Unknown),
                            $"combinational loop in module '{module}': {Describe(path, n)}; put a register in the loop");
                    }
                    if (state.ContainsKey(n)) continue;
                    state[n] = 1;
                    path.Add(n);
                    stack.Push((n, deps.GetValueOrDefault(n, []).Order(StringComparer.Ordinal).GetEnumerator()));
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    stack.Pop();
                }
            }
        }
    }

    /// <summary>"a -> b -> a" in data-flow order (the walk goes against the flow).</summary>
    private static string Describe(List<string> path, string repeated)
    {
        var loop = path.Skip(path.IndexOf(repeated)).ToList();
        loop.Reverse();
        loop.Add(loop[0]);
        return string.Join(" -> ", loop);
    }
}
