using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Eda;

/// <summary>Used and available count of one nextpnr resource (ICESTORM_LC, ICESTORM_RAM, SB_IO, ICESTORM_DSP …).</summary>
public sealed record PnrUse(string Resource, long Used, long Available);

/// <summary>
/// Place and route on iCE40: the module inside <see cref="FpgaIoShell"/>, `synth_ice40` to JSON, then nextpnr-ice40
/// with the clock constrained by `--freq` (it applies to every clock, and the shell has one). Fmax and utilization
/// come from nextpnr's own JSON report (`--report`), not from its log text.
/// </summary>
public static partial class Ice40PnrGate
{
    /// <param name="FmaxMHz">Post-route maximum frequency of the clock (nextpnr's "achieved").</param>
    /// <param name="ConstraintMHz">The requested frequency; <paramref name="FmaxMHz"/> below it is reported, not an error.</param>
    public sealed record Report(Ice40Part Part, string Module, double FmaxMHz, double ConstraintMHz, IReadOnlyList<PnrUse> Utilization, string Log)
    {
        public PnrUse Use(string resource) => Utilization.FirstOrDefault(u => u.Resource == resource) ?? new PnrUse(resource, 0, 0);
        public PnrUse LogicCells => Use("ICESTORM_LC");
        public PnrUse BlockRams => Use("ICESTORM_RAM");
        public PnrUse Ios => Use("SB_IO");
        public PnrUse Dsps => Use("ICESTORM_DSP");
    }

    /// <param name="directory">An emitted design (files.f); the shell, netlist and report are written next to it.</param>
    /// <param name="module">The definition to place (the top or one of its modules).</param>
    public static Report Run(string directory, IrModule module, Ice40Part part, double freqMHz, int seed = 1)
    {
        ToolRunner.Require("nextpnr-ice40");
        var shell = Path.Combine(directory, "fpga_shell.v");
        File.WriteAllText(shell, FpgaIoShell.Emit(module));
        var netlist = Path.Combine(directory, "fpga_shell.json");
        var report = Path.Combine(directory, "nextpnr-report.json");
        var files = LintGate.VerilogFiles(directory).Append(shell);
        var synth = ToolRunner.Run("yosys", ["-q", "-p",
            $"read_verilog {string.Join(' ', files)}; synth_ice40 {part.SynthOptions} -top {FpgaIoShell.ModuleName} -json {netlist}"]);
        if (synth.ExitCode != 0) throw new InvalidOperationException($"yosys synth_ice40 failed for {module.Name}:\n{synth.Combined}");
        var pnr = ToolRunner.Run("nextpnr-ice40",
        [
            part.NextpnrFlag, "--package", part.Package, "--json", netlist, "--freq", freqMHz.ToString(CultureInfo.InvariantCulture),
            "--pcf-allow-unconstrained", "--timing-allow-fail", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--report", report,
        ]);
        if (pnr.ExitCode != 0 || !File.Exists(report))
        {
            if (TooBig(pnr.Combined) is { } why)
                throw new HdlException($"{module.Name} does not fit the {part.Name}: {why} ({(part == Ice40Part.Hx8k ? "" : "try --part hx8k or ")}a smaller --config or --module)");
            throw new InvalidOperationException($"nextpnr-ice40 failed for {module.Name} on {part.Name} (exit {pnr.ExitCode}):\n{Tail(pnr.Combined, 40)}");
        }
        var (fmax, constraint, use) = ParseReport(File.ReadAllText(report));
        return new Report(part, module.Name, fmax, constraint, use, pnr.Combined);
    }

    /// <summary>Reads nextpnr's `--report` JSON: {"utilization": {RES: {"used", "available"}}, "fmax": {CLOCK: {"achieved", "constraint"}}}.
    /// The shell has one clock; with several the slowest is the design's Fmax.</summary>
    public static (double FmaxMHz, double ConstraintMHz, IReadOnlyList<PnrUse> Utilization) ParseReport(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("fmax", out var fmax) || !fmax.EnumerateObject().Any())
            throw new InvalidDataException("nextpnr report has no fmax entry (no clocked path was timed)");
        var slowest = fmax.EnumerateObject().Select(c => (Achieved: c.Value.GetProperty("achieved").GetDouble(), Constraint: c.Value.GetProperty("constraint").GetDouble()))
            .MinBy(c => c.Achieved);
        var use = root.GetProperty("utilization").EnumerateObject()
            .Select(r => new PnrUse(r.Name, r.Value.GetProperty("used").GetInt64(), r.Value.GetProperty("available").GetInt64()))
            .OrderBy(u => u.Resource, StringComparer.Ordinal).ToList();
        return (slowest.Achieved, slowest.Constraint, use);
    }

    /// <summary>Why a failed nextpnr run did not fit the part, or null when it failed for another reason: a resource
    /// used beyond what the device has (the utilisation table is printed after packing, before placement gives up),
    /// or the placer finding no site left for a cell (e.g. more IO cells than the package has pins).</summary>
    public static string? TooBig(string log)
    {
        if (ParseUtilizationLog(log).FirstOrDefault(u => u.Used > u.Available) is { } over)
            return $"needs {over.Used} {over.Resource}, the device has {over.Available}";
        var m = NoPlacementRegex().Match(log);
        return m.Success ? $"no placement site left for cell '{m.Groups[1].Value}'" : null;
    }

    /// <summary>The "Device utilisation" lines of nextpnr's log ("ICESTORM_LC:  86/ 5280   1%"); the first table only,
    /// which is the one printed after packing.</summary>
    public static IReadOnlyList<PnrUse> ParseUtilizationLog(string log)
    {
        var start = log.IndexOf("Device utilisation:", StringComparison.Ordinal);
        if (start < 0) return [];
        var list = new List<PnrUse>();
        foreach (var line in log[(start + "Device utilisation:".Length)..].Split('\n').Skip(1))
        {
            var m = UtilLineRegex().Match(line);
            if (!m.Success) break;
            list.Add(new PnrUse(m.Groups[1].Value, long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)));
        }
        return list;
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    [GeneratedRegex(@"Unable to find a placement location for cell '([^']+)'")]
    private static partial Regex NoPlacementRegex();

    [GeneratedRegex(@"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%\s*$")]
    private static partial Regex UtilLineRegex();
}
