using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Checks;

/// <summary>
/// Every output, wire, register and submodule input is driven, and never twice by unconditional assignments
/// in the same block (the first would be dead: a sign of a wiring mistake). Every finding is added to
/// <c>findings</c>, so the user sees all of them at once. Undriven bits are named as a mask; assignments in this kit
/// always cover the whole signal, so the mask is the signal's full width.
/// </summary>
internal static class DriverCheck
{
    public static void Run(IrModule ir, Module module, List<ElaborationException> findings)
    {
        var assigned = new HashSet<string>();
        foreach (var (stmt, _) in IrWalk.Flatten(ir.Body))
            if (stmt is IrAssign a) assigned.Add(a.Target.Name);

        foreach (var p in ir.Outputs.Where(p => !assigned.Contains(p.Name)))
            findings.Add(new ElaborationException(p.Location, $"output '{p.Name}' of module '{ir.Name}' is never driven (undriven bits {Undriven(p)})"));
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
                    findings.Add(new ElaborationException(s.Location, $"input '{ip.Port}' of submodule '{ip.Instance}' ({child.BaseName}) is not connected (undriven bits {Undriven(s)})"));
                continue;
            }
            findings.Add(new ElaborationException(s.Location, s.Kind == SignalKind.Reg
                ? $"register '{s.Name}' is never assigned (it would hold its reset value forever; use a constant instead)"
                : $"wire '{s.Name}' is never driven (undriven bits {Undriven(s)})"));
        }
        CheckBlocks(ir.Body, findings);
    }

    private static string Undriven(IrSignal s) => BitMask.Describe(BitMask.All(s.Width), s.Width);

    private static void CheckBlocks(IEnumerable<IrStmt> block, List<ElaborationException> findings)
    {
        var first = new Dictionary<string, SourceLocation>();
        foreach (var s in block)
        {
            switch (s)
            {
                case IrAssign a:
                    if (first.TryGetValue(a.Target.Name, out var earlier))
                        findings.Add(new ElaborationException(a.Location,
                            $"'{a.Target.Name}' has multiple drivers: it is already assigned at {earlier} in the same block, so that assignment would never take effect; use When/Otherwise for priority"));
                    else first[a.Target.Name] = a.Location;
                    break;
                case IrIf w:
                    foreach (var (_, b) in w.Branches) CheckBlocks(b, findings);
                    if (w.Else is { } e) CheckBlocks(e, findings);
                    break;
                case IrCase c:
                    foreach (var (_, b) in c.Cases) CheckBlocks(b, findings);
                    if (c.Default is { } d) CheckBlocks(d, findings);
                    break;
            }
        }
    }
}
