using System.Collections.Immutable;
using System.Text;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit.Verilog;

/// <summary>
/// Builds the template model of one module: ports, declarations, instances, assigns and always blocks. The three
/// sections that grow with the number of instances (a 64×64 array has tens of thousands of their lines) are written
/// here as text, one line per item as the comments below show; interpreting them item by item in the template took
/// longer than the whole elaboration.
/// </summary>
internal sealed class ModuleEmitter(IrDesign design, IrModule module)
{
    public sealed record PortLine(string Decl, string Comment);
    public sealed record AlwaysBlock(string Head, string Comment, List<string> Lines);
    public sealed record Model(string GeneratorVersion, string DesignName, string ConfigHash, string ModuleName, string ClassName,
        string ClassLocation, List<PortLine> Ports, string Declarations, string UnusedBits, string Instances,
        string Assigns, List<AlwaysBlock> AlwaysBlocks);

    private readonly record struct AssignLine(string Text, string Comment);

    private readonly ExprRenderer _exprs = new();
    private readonly HashSet<string> _procedural = [];
    private readonly List<AssignLine> _assigns = [];
    private readonly List<AlwaysBlock> _always = [];
    private readonly Dictionary<string, SourceLocation> _tempOwnerLocation = new();

    private Dictionary<string, ImmutableArray<IrStmt>> _byTarget = [];

    public string Render()
    {
        _byTarget = IrWalk.ByTarget(module.Body);
        foreach (var s in module.Ports.Concat(module.Signals))
            if (s.Kind != SignalKind.Input) EmitDriver(s);
        foreach (var mem in module.Memories) EmitMemory(mem);

        var resetUsed = module.Signals.Any(s => s.Kind == SignalKind.Reg && s.Reset is not null);
        var unused = UnusedBits.Find(module, AllReads(), resetUsed, IsChildInput).Concat(_exprs.UnreadTempBits()).ToList();
        var model = new Model(TemplateRenderer.GeneratorVersion, design.DesignName, ShortHash(design.ConfigHash), module.Name,
            module.ClassName, module.Location.IsKnown ? module.Location.Short : "",
            [.. module.Ports.Select(p => new PortLine(PortDecl(p), Comment(p)))],
            Declarations(), string.Join(", ", unused), Instances(), Assigns(), _always);
        var text = TemplateRenderer.Render("module.v.scriban", model);
        // A cut-off file must never reach the disk looking like Verilog (the template always ends with endmodule).
        if (!text.EndsWith("endmodule\n", StringComparison.Ordinal))
            throw new InvalidOperationException($"emitting module {module.Name}: rendered text is incomplete ({text.Length} characters, no final endmodule)");
        return text;
    }

    private void EmitDriver(IrSignal s)
    {
        if (!_byTarget.TryGetValue(s.Name, out var touching)) return; // instance outputs are driven by their instance
        var stmts = IrWalk.Project(touching, st => st is IrAssign a && a.Target.Name == s.Name);
        if (s.Kind == SignalKind.Reg)
        {
            var lines = new List<string>();
            var body = new StatementRenderer(_exprs, s.Name, sequential: true);
            if (s.Reset is { } reset)
            {
                lines.Add("if (rst) begin");
                lines.Add($"    {s.Name} <= {ExprRenderer.Literal(reset, s.Width, s.Signed)};");
                lines.Add("end else begin");
                body.Render(stmts, lines, 1);
                lines.Add("end");
            }
            else body.Render(stmts, lines, 0);
            _procedural.Add(s.Name);
            _always.Add(new AlwaysBlock("always @(posedge clk) begin", $"register {s.Name} ({s.Location.Short})", lines));
            return;
        }
        if (stmts is [IrAssign only])
        {
            _assigns.Add(new AssignLine($"assign {s.Name} = {_exprs.Top(only.Value, s.Name)};", only.Location.Short));
            return;
        }
        var comb = new List<string>();
        new StatementRenderer(_exprs, s.Name, sequential: false).Render(stmts, comb, 0);
        _procedural.Add(s.Name);
        _always.Add(new AlwaysBlock("always @(*) begin", $"combinational {s.Name} ({stmts[0].Location.Short})", comb));
    }

    private void EmitMemory(IrMemory mem)
    {
        if (!_byTarget.TryGetValue(mem.Name, out var touching)) return;
        var stmts = IrWalk.Project(touching, st => st is IrMemWrite w && w.Memory.Name == mem.Name);
        var lines = new List<string>();
        new StatementRenderer(_exprs, mem.Name, sequential: true).Render(stmts, lines, 0);
        _always.Add(new AlwaysBlock("always @(posedge clk) begin", $"writes of memory {mem.Name} ({mem.Location.Short})", lines));
    }

    /// <summary>"    wire [7:0] x; // wire (File.cs:12)" per signal, memory and temporary.</summary>
    private string Declarations()
    {
        var sb = new StringBuilder();
        void Line(string decl, string comment) => sb.Append("    ").Append(decl).Append(" // ").Append(comment).Append('\n');
        foreach (var s in module.Signals)
        {
            var kind = s.Kind == SignalKind.Reg || _procedural.Contains(s.Name) ? "reg" : "wire";
            var what = s.InstancePort is { } ip ? $"port {ip.Port} of instance {ip.Instance}" : s.Kind.ToString().ToLowerInvariant();
            Line($"{kind} {Range(s.Width, s.Signed)}{s.Name};", $"{what} ({s.Location.Short})");
        }
        foreach (var m in module.Memories)
            Line($"reg {Range(m.Width, m.Signed)}{m.Name} [0:{m.Depth - 1}];", $"memory {m.Depth}x{m.Width} ({m.Location.Short})");
        foreach (var (name, expr, def) in _exprs.Temps)
            Line($"wire {Range(expr.Width, expr.Signed)}{name} = {def};", "temporary");
        return sb.ToString();
    }

    /// <summary>Per instance: a blank line, "    // instance x (File.cs:3)", "    child x (", ".port(wire)," lines, "    );".</summary>
    private string Instances()
    {
        var sb = new StringBuilder();
        foreach (var i in module.Instances)
        {
            sb.Append("\n    // instance ").Append(i.Name).Append(" (").Append(i.Location.Short).Append(")\n");
            sb.Append("    ").Append(i.ModuleName).Append(' ').Append(i.Name).Append(" (\n");
            for (var k = 0; k < i.Connections.Length; k++)
            {
                var (port, wire) = i.Connections[k];
                sb.Append("        .").Append(port).Append('(').Append(wire.Name).Append(')').Append(k < i.Connections.Length - 1 ? ",\n" : "\n");
            }
            sb.Append("    );\n");
        }
        return sb.ToString();
    }

    /// <summary>A blank line, then "    assign x = ...; // File.cs:7" per continuous assignment.</summary>
    private string Assigns()
    {
        if (_assigns.Count == 0) return "";
        var sb = new StringBuilder("\n");
        foreach (var a in _assigns) sb.Append("    ").Append(a.Text).Append(" // ").Append(a.Comment).Append('\n');
        return sb.ToString();
    }

    private IEnumerable<IrExpr> AllReads()
    {
        foreach (var (stmt, guards) in IrWalk.Flatten(module.Body))
        {
            foreach (var g in guards) yield return g;
            switch (stmt)
            {
                case IrAssign a: yield return a.Value; break;
                case IrMemWrite w: yield return w.Address; yield return w.Data; break;
            }
        }
    }

    private readonly Dictionary<string, HashSet<string>> _childInputs = [];

    private bool IsChildInput(IrInstance inst, string port)
    {
        if (!_childInputs.TryGetValue(inst.ModuleName, out var inputs))
            _childInputs[inst.ModuleName] = inputs = [.. design.Module(inst.ModuleName).Inputs.Select(p => p.Name)];
        return inputs.Contains(port);
    }

    private string PortDecl(IrSignal p)
    {
        var dir = p.Kind == SignalKind.Input ? "input" : "output";
        var kind = _procedural.Contains(p.Name) ? "reg" : "wire";
        return $"{dir} {kind} {Range(p.Width, p.Signed)}{p.Name}";
    }

    private static string Comment(IrSignal p) => p.IsClockOrReset
        ? (p.Name == "clk" ? "clock" : "synchronous reset, active high")
        : p.Location.Short;

    private static string Range(int width, bool signed) => (signed ? "signed " : "") + (width > 1 ? $"[{width - 1}:0] " : "");

    private static string ShortHash(string hash) => hash.Length > 12 ? hash[..12] : hash.Length == 0 ? "default" : hash;
}
