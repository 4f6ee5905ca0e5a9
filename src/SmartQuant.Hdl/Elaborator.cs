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
        var order = PostOrder(top);
        var byModule = new Dictionary<Module, IrModule>(ReferenceEqualityComparer.Instance);
        var combPaths = new Dictionary<string, CombPaths>();
        foreach (var m in order)
        {
            Naming.Resolve(m);
            var ir = new ModuleLowering(m, byModule).Lower();
            DriverCheck.Run(ir, m);
            LatchCheck.Run(ir);
            combPaths[ir.StructureHash] = CombLoopCheck.Run(ir, i => combPaths[i.ModuleName]);
            byModule[m] = ir;
        }
        var defs = NameDefinitions(order.Select(m => (m, byModule[m])).ToList());
        return new IrDesign(defs[byModule[top].StructureHash], [.. defs.Values], configHash, designName);
    }

    private static List<Module> PostOrder(Module top)
    {
        var result = new List<Module>();
        var stack = new Stack<(Module M, bool Expanded)>();
        stack.Push((top, false));
        while (stack.Count > 0)
        {
            var (m, expanded) = stack.Pop();
            if (expanded) { result.Add(m); continue; }
            stack.Push((m, true));
            for (var i = m.Instances.Count - 1; i >= 0; i--) stack.Push((m.Instances[i].Module, false));
        }
        return result;
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
