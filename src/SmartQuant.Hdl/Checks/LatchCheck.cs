using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Checks;

/// <summary>
/// A combinational signal (wire, output, submodule input) must be assigned on every path through When/Switch;
/// otherwise it would keep its old value, which synthesizes to a latch. Every such signal is a finding, with the
/// latched bits as a mask (the whole width: assignments in this kit always cover the whole signal).
/// </summary>
internal static class LatchCheck
{
    public static void Run(IrModule ir, List<ElaborationException> findings)
    {
        var combTargets = new Dictionary<string, (IrSignal Signal, SourceLocation First)>();
        foreach (var (stmt, _) in IrWalk.Flatten(ir.Body))
            if (stmt is IrAssign a && a.Target.Kind != SignalKind.Reg)
                combTargets.TryAdd(a.Target.Name, (a.Target, a.Location));

        var covered = IrWalk.AssignedOnEveryPath(ir.Body);
        foreach (var (name, (signal, first)) in combTargets)
        {
            if (!covered.Contains(name))
                findings.Add(new ElaborationException(first,
                    $"'{name}' is not assigned on every path of a combinational When/Switch (it would infer a latch); assign a default before the When, or add Otherwise/Default (latched bits {BitMask.Describe(BitMask.All(signal.Width), signal.Width)})"));
        }
    }
}
