using System.CommandLine;
using SmartQuant.Eda;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Cli.Commands;

/// <summary>Options shared by `synth` and `pnr`: the FPGA target and a definition of the design to take on its own.</summary>
public static class FpgaOptions
{
    public static Option<string> Target() => new("--target")
    {
        Description = $"generic (yosys synth) or an FPGA flow: {string.Join(", ", FpgaTarget.All.Select(t => t.Name))}",
        DefaultValueFactory = _ => "generic",
    };

    public static Option<string?> Module() => new("--module")
    {
        Description = "synthesize one module definition of the design on its own (e.g. multi_precision_pe, recon_stage_s0_m_r_t4_n16; `smartquant gen` lists the files) instead of the top",
    };

    /// <summary>The module to use as top: the design's own, or the definition asked for (which must exist).</summary>
    public static string Top(IrDesign ir, string? module)
    {
        if (module is null) return ir.Top.Name;
        if (ir.Modules.Any(m => m.Name == module)) return module;
        throw new ArgumentException($"design '{ir.DesignName}' has no module '{module}' (modules: {string.Join(", ", ir.Modules.Select(m => m.Name))})");
    }
}
