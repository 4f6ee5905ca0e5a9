using System.Collections.Immutable;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl;

/// <summary>
/// Converts one constructed module into IR, checking on the way that every assignment has a legal target,
/// matching width and signedness, and reads only signals visible in this module.
/// </summary>
internal sealed class ModuleLowering(Module module, IReadOnlyDictionary<Module, IrModule> children)
{
    // Signal and Expr compare by reference already (Expr.Equals/GetHashCode), with a cheap hash.
    private readonly Dictionary<Signal, IrSignal> _own = [];
    private readonly Dictionary<Signal, IrSignal> _childPorts = [];
    private readonly Dictionary<Memory, IrMemory> _memories = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, IrExpr> _exprs = [];
    private readonly Dictionary<string, SourceLocation> _names = new();

    public IrModule Lower()
    {
        var classLocation = module.Signals.FirstOrDefault()?.Location ?? SourceLocation.Unknown;
        var hasClock = module.Signals.Any(s => s.Kind == SignalKind.Reg) || module.Memories.Count > 0
                       || module.Instances.Any(i => children[i.Module].HasClock);
        var ports = ImmutableArray.CreateBuilder<IrSignal>();
        if (hasClock)
        {
            ports.Add(new IrSignal("clk", SignalKind.Input, 1, false, null, classLocation) { IsClockOrReset = true });
            ports.Add(new IrSignal("rst", SignalKind.Input, 1, false, null, classLocation) { IsClockOrReset = true });
        }
        var signals = ImmutableArray.CreateBuilder<IrSignal>();
        foreach (var s in module.Signals)
        {
            Claim(s.Name!, s.Location);
            var ir = new IrSignal(s.Name!, s.Kind, s.Width, s.Signed, s.Reset, s.Location);
            _own[s] = ir;
            (s.Kind is SignalKind.Input or SignalKind.Output ? ports : signals).Add(ir);
        }
        foreach (var m in module.Memories)
        {
            Claim(m.Name!, m.Location);
            _memories[m] = new IrMemory(m.Name!, m.Depth, m.Width, m.Signed, m.Location);
        }
        var instances = ImmutableArray.CreateBuilder<IrInstance>();
        foreach (var inst in module.Instances)
        {
            Claim(inst.Name!, inst.Location);
            var def = children[inst.Module];
            var connections = ImmutableArray.CreateBuilder<(string, IrSignal)>();
            var childPorts = inst.Module.Signals.Where(s => s.Kind is SignalKind.Input or SignalKind.Output).ToDictionary(s => s.Name!);
            foreach (var port in def.Ports)
            {
                if (port.IsClockOrReset)
                {
                    connections.Add((port.Name, ports.First(p => p.Name == port.Name)));
                    continue;
                }
                var wireName = $"{inst.Name}_{port.Name}";
                Claim(wireName, inst.Location);
                var wire = new IrSignal(wireName, SignalKind.Wire, port.Width, port.Signed, null, inst.Location) { InstancePort = (inst.Name!, port.Name) };
                signals.Add(wire);
                connections.Add((port.Name, wire));
                _childPorts[childPorts[port.Name]] = wire;
            }
            instances.Add(new IrInstance(inst.Name!, def.StructureHash, inst.Location, connections.ToImmutable()));
        }
        var body = LowerBlock(module.Body);
        var draft = new IrModule(module.BaseName, module.GetType().Name, classLocation, hasClock, ports.ToImmutable(),
            signals.ToImmutable(), [.. _memories.Values], instances.ToImmutable(), body, "");
        var hash = Elaborator.Hash(IrPrinter.Print(draft, i => i.ModuleName));
        return draft with { StructureHash = hash };
    }

    private void Claim(string name, SourceLocation at)
    {
        if (Naming.Reserved.Contains(name))
            throw new ElaborationException(at, $"'{name}' in module '{module.BaseName}' is a reserved name (Verilog keyword or kit signal); rename the member or use Named(...)");
        if (!_names.TryAdd(name, at))
            throw new ElaborationException(at, $"duplicate name '{name}' in module '{module.BaseName}': also declared at {_names[name]}; use Named(...) to tell them apart");
    }

    private ImmutableArray<IrStmt> LowerBlock(IEnumerable<Stmt> block) => [.. block.Select(LowerStmt)];

    private IrStmt LowerStmt(Stmt stmt) => stmt switch
    {
        AssignStmt a => LowerAssign(a),
        MemWriteStmt w => LowerMemWrite(w),
        WhenStmt w => new IrIf(
            [.. w.Branches.Select(b => (LowerExpr(b.Condition, b.At), LowerBlock(b.Body)))],
            w.Else is null ? null : LowerBlock(w.Else), w.Location),
        SwitchStmt s => new IrCase(
            LowerExpr(s.Selector, s.Location),
            [.. s.Cases.Select(c => ((IrConst)LowerExpr(c.Value, c.At), LowerBlock(c.Body)))],
            s.Default is null ? null : LowerBlock(s.Default), s.Location),
        _ => throw new InvalidOperationException(stmt.GetType().Name),
    };

    private IrAssign LowerAssign(AssignStmt a)
    {
        var t = a.Target;
        IrSignal target;
        if (ReferenceEquals(t.Owner, module))
        {
            if (t.Kind == SignalKind.Input)
                throw new ElaborationException(a.Location, $"cannot assign input port '{t.Name}' of module '{module.BaseName}': inputs are driven from outside");
            target = _own[t];
        }
        else if (ReferenceEquals(t.Owner.Parent, module) && _childPorts.TryGetValue(t, out var wire))
        {
            if (t.Kind == SignalKind.Output)
                throw new ElaborationException(a.Location, $"cannot assign output '{t.Name}' of submodule '{t.Owner.AsInstance!.Name}': the submodule drives it");
            target = wire;
        }
        else
            throw NotVisible(t, a.Location);

        var value = LowerExpr(a.Value, a.Location);
        if (value.Width != target.Width || value.Signed != target.Signed)
            throw new ElaborationException(a.Location,
                $"width mismatch assigning '{target.Name}': it is {Sign(target.Signed)} {target.Width} bits but the value is {Sign(value.Signed)} {value.Width} bits; " +
                (value.Signed != target.Signed ? "convert with AsSigned()/AsUnsigned()" : value.Width > target.Width ? $"say Truncate({target.Width}) if dropping the top bits is intended" : $"say Extend({target.Width})"));
        return new IrAssign(target, value, a.Location);
    }

    private IrMemWrite LowerMemWrite(MemWriteStmt w)
    {
        if (!ReferenceEquals(w.Memory.Owner, module)) throw new ElaborationException(w.Location, $"memory '{w.Memory.DisplayName}' belongs to another module");
        var mem = _memories[w.Memory];
        var data = LowerExpr(w.Data, w.Location);
        if (data.Width != mem.Width || data.Signed != mem.Signed)
            throw new ElaborationException(w.Location, $"width mismatch writing memory '{mem.Name}': words are {Sign(mem.Signed)} {mem.Width} bits but the data is {Sign(data.Signed)} {data.Width} bits");
        return new IrMemWrite(mem, LowerExpr(w.Address, w.Location), data, w.Location);
    }

    private IrExpr LowerExpr(Expr e, SourceLocation at)
    {
        if (_exprs.TryGetValue(e, out var done)) return done;
        IrExpr result = e switch
        {
            Signal s when ReferenceEquals(s.Owner, module) => new IrRef(_own[s]),
            Signal s when _childPorts.TryGetValue(s, out var w) => new IrRef(w),
            Signal s => throw NotVisible(s, at),
            Const c => new IrConst(c.Bits, c.Width, c.Signed),
            OpExpr o => new IrOp(o.Op, [.. o.Args.Select(x => LowerExpr(x, at))], o.Width, o.Signed, o.P0, o.P1,
                o.Memory is null ? null : ReferenceEquals(o.Memory.Owner, module) ? _memories[o.Memory]
                    : throw new ElaborationException(at, $"memory '{o.Memory.DisplayName}' belongs to module '{o.Memory.Owner.BaseName}' and is not visible in '{module.BaseName}'")),
            _ => throw new InvalidOperationException(e.GetType().Name),
        };
        _exprs[e] = result;
        return result;
    }

    private ElaborationException NotVisible(Signal s, SourceLocation at) =>
        new(at, $"'{s.DisplayName}' belongs to module '{s.Owner.BaseName}' and is not visible in '{module.BaseName}' (a module sees its own signals and the ports of its direct submodules)");

    private static string Sign(bool signed) => signed ? "signed" : "unsigned";
}
