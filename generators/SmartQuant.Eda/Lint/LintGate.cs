namespace SmartQuant.Eda;

/// <summary>Outcome of one gate on one design.</summary>
public sealed record GateResult(string Gate, bool Passed, string Output);

/// <summary>
/// The two lint gates every emitted design must pass, with no waivers: `verilator --lint-only -Wall --no-timing`
/// and yosys' strict flow (hierarchy check, no latches, `check -assert`, every warning an error). Each catches
/// problems the other misses (docs/eda-tools.md §5).
/// </summary>
public static class LintGate
{
    public static IReadOnlyList<GateResult> Run(string directory, string top)
    {
        var files = VerilogFiles(directory);
        var verilator = ToolRunner.Run("verilator", ["--lint-only", "-Wall", "--no-timing", "--top-module", top, .. files]);
        var yosysScript = $"read_verilog {string.Join(' ', files.Select(Quote))}; hierarchy -check -top {top}; proc; " +
                          "select -assert-none t:$dlatch t:$adlatch t:$dlatchsr; opt; check -assert";
        var yosys = ToolRunner.Run("yosys", ["-q", "-e", ".", "-p", yosysScript]);
        return
        [
            new GateResult("verilator -Wall", verilator.ExitCode == 0 && verilator.Combined.Length == 0, verilator.Combined),
            new GateResult("yosys strict", yosys.ExitCode == 0, yosys.Combined),
        ];
    }

    /// <summary>The .v files of a generated directory in files.f order.</summary>
    public static IReadOnlyList<string> VerilogFiles(string directory)
    {
        var list = Path.Combine(directory, "files.f");
        if (!File.Exists(list)) throw new FileNotFoundException($"{list} not found: generate the design first");
        return [.. File.ReadAllLines(list).Where(l => l.Trim().Length > 0).Select(l => Path.GetFullPath(Path.Combine(directory, l.Trim())))];
    }

    private static string Quote(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
