using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SmartQuant.Hdl.Checks;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl;

/// <summary>
/// Turns a constructed module tree into a checked, immutable <see cref="IrDesign"/>: resolves names, converts
/// statements, runs every elaboration check, and merges identical parameterizations into one definition.
/// </summary>
public static class Elaborator
{
    public static IrDesign Elaborate(Module top, string designName = "design", string configHash = "")
    {
        if (top.Parent is not null) throw new HdlException($"'{top.BaseName}' is instantiated inside '{top.Parent.BaseName}' and cannot be a top module");
        var run = new Run();
        var topIr = run.Lower(top);
        var defs = NameDefinitions(run.Lowered);
        return new IrDesign(defs[topIr.StructureHash], [.. defs.Values], configHash, designName);
    }

    /// <summary>
    /// One elaboration: lowers every constructed module once, children first. A Reuse copy (<see cref="Module.ShellOf"/>)
    /// is not lowered: it stands for its definition's first build, which is lowered (with its subtree) where the first
    /// copy appears, so definitions are listed in the same order as if every instance had been built.
    /// </summary>
    private sealed class Run
    {
        public readonly List<(Module Module, IrModule Ir)> Lowered = [];
        private readonly Dictionary<Module, IrModule> _byModule = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, CombPaths> _combPaths = [];

        public IrModule Lower(Module m)
        {
            if (_byModule.TryGetValue(m, out var done)) return done;
            IrModule ir;
            if (m.ShellOf is { } def)
            {
                ir = Lower(def.Prototype);
                def.NamePorts(m);
            }
            else if (m.PrototypeOf is { } shared)
            {
                // A definition may be shared with a design elaborated on another thread: name and lower it under a lock.
                lock (shared) ir = LowerBuilt(m);
            }
            else ir = LowerBuilt(m);
            _byModule[m] = ir;
            return ir;
        }

        private IrModule LowerBuilt(Module m)
        {
            foreach (var inst in m.Instances) Lower(inst.Module);
            Naming.Resolve(m);
            var ir = new ModuleLowering(m, _byModule).Lower();
            // One pass, every finding: the user fixes all of them in one round instead of one per build.
            var findings = new List<ElaborationException>();
            DriverCheck.Run(ir, m, findings);
            LatchCheck.Run(ir, findings);
            ElaborationException.ThrowIfAny(findings);
            if (!_combPaths.ContainsKey(ir.StructureHash))
                _combPaths[ir.StructureHash] = CombLoopCheck.Run(ir, i => _combPaths[i.ModuleName]);
            Lowered.Add((m, ir));
            if (m.Verifies is var (def, at)) CheckSameAsFirst(ir, Lower(def.Prototype), def, at);
            return ir;
        }

        private static void CheckSameAsFirst(IrModule second, IrModule first, Definition def, SourceLocation at)
        {
            if (second.StructureHash == first.StructureHash) return;
            var a = IrPrinter.Print(first, i => i.ModuleName).Split('\n');
            var b = IrPrinter.Print(second, i => i.ModuleName).Split('\n');
            var k = 0;
            while (k < a.Length && k < b.Length && a[k] == b[k]) k++;
            throw new ElaborationException(at,
                $"Reuse built two {second.ClassName} from equal arguments (first at {def.At}) but they differ: " +
                $"'{(k < a.Length ? a[k] : "")}' vs '{(k < b.Length ? b[k] : "")}'; a Reuse build function must depend only on its arguments " +
                "(no static, shared or random state)");
        }
    }

    /// <summary>
    /// Gives each distinct structure a Verilog module name: the base name when a class has one variant, else
    /// base_variant, else base_hash. Instances are rewritten to the final names. Order: children first.
    /// </summary>
    private static Dictionary<string, IrModule> NameDefinitions(List<(Module Module, IrModule Ir)> lowered)
    {
        var distinct = new Dictionary<string, (Module Module, IrModule Ir)>();
        foreach (var (m, ir) in lowered) distinct.TryAdd(ir.StructureHash, (m, ir));

        var names = new Dictionary<string, string>();
        foreach (var group in distinct.Values.GroupBy(d => d.Module.BaseName))
        {
            var variants = group.ToList();
            var variantNames = variants.Select(v => v.Module.Variant).ToList();
            var useVariant = variants.Count > 1 && variantNames.All(v => v is not null) && variantNames.Distinct().Count() == variants.Count;
            foreach (var (m, ir) in variants)
                names[ir.StructureHash] = variants.Count == 1 ? m.BaseName
                    : useVariant ? $"{m.BaseName}_{m.Variant}"
                    : $"{m.BaseName}_{ir.StructureHash[..8]}";
        }
        var dupe = names.Values.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dupe is not null) throw new HdlException($"two different modules would both be named '{dupe.Key}'; give one a different BaseName");

        var result = new Dictionary<string, IrModule>();
        foreach (var (hash, (_, ir)) in distinct)
        {
            result[hash] = ir with
            {
                Name = names[hash],
                Instances = [.. ir.Instances.Select(i => i with { ModuleName = names[i.ModuleName] })],
            };
        }
        return result;
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
