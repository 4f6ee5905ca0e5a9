using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Checks;

/// <summary>
/// Every output, wire, register and submodule input is driven, and never twice by unconditional assignments
/// in the same block (the first would be dead: a sign of a wiring mistake).
/// </summary>
internal static class DriverCheck
{
    public static void Run(IrModule ir, Module module)
    {
        var assigned = new HashSet<string>();
        foreach (var (stmt, _) in IrWalk.Flatten(ir.Body))
            if (stmt is IrAssign a) assigned.Add(a.Target.Name);

        foreach (var p in ir.Outputs.Where(p => !assigned.Contains(p.Name)))
            throw new ElaborationException(p.Location, $"output '{p.Name}' of module '{ir.Name}' is never driven");
        var instances = module.Instances.ToDictionary(i => i.Name!, i => i.Module);
        var inputs = new Dictionary<Module, HashSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var s in ir.Signals.Where(s => !assigned.Contains(s.Name)))
        {
            if (s.InstancePort is { } ip)
            {
                var child = instances[ip.Instance];
                if (!inputs.TryGetValue(child, out var childInputs))
                    inputs[child] = childInputs = [.. child.Signals.Where(c => c.Kind == SignalKind.Input).Select(c => c.Name!)];
                if (childInputs.Contains(ip.Port))
                    throw new ElaborationException(s.Location, $"input '{ip.Port}' of submodule '{ip.Instance}' ({child.BaseName}) is not connected");
                continue;
            }
            throw new ElaborationException(s.Location, s.Kind == SignalKind.Reg
                ? $"register '{s.Name}' is never assigned (it would hold its reset value forever; use a constant instead)"
                : $"wire '{s.Name}' is never driven");
        }
        CheckBlocks(ir.Body);
    }

    private static void CheckBlocks(IEnumerable<IrStmt> block)
    {
        var first = new Dictionary<string, SourceLocation>();
        foreach (var s in block)
        {
            switch (s)
            {
                case IrAssign a:
                    if (first.TryGetValue(a.Target.Name, out var earlier))
                        throw new ElaborationException(a.Location,
                            $"'{a.Target.Name}' has multiple drivers: it is already assigned at {earlier} in the same block, so that assignment would never take effect; use When/Otherwise for priority");
                    first[a.Target.Name] = a.Location;
                    break;
                case IrIf w:
                    foreach (var (_, b) in w.Branches) CheckBlocks(b);
                    if (w.Else is { } e) CheckBlocks(e);
                    break;
                case IrCase c:
                    foreach (var (_, b) in c.Cases) CheckBlocks(b);
                    if (c.Default is { } d) CheckBlocks(d);
                    break;
            }
        }
    }
}
