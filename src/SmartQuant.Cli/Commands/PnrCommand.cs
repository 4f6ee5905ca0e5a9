using System.CommandLine;
using System.Globalization;
using SmartQuant.Emit;
using SmartQuant.Eda;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant pnr --target ice40`: place and route a design (or one of its modules) in an I/O shell with
/// nextpnr-ice40 and report Fmax and utilization.</summary>
public static class PnrCommand
{
    public static Command Create()
    {
        var selection = new DesignSelection();
        var cmd = new Command("pnr", "Place and route with nextpnr-ice40: the design (or --module) is wrapped in a shell that shifts its ports " +
            "in and out through 4 pins, synthesized with synth_ice40 and placed with the clock constrained to --freq; prints Fmax and " +
            "utilization (logic cells, block RAMs, DSPs, IOs) from nextpnr's report (docs/fpga.md).");
        selection.AddTo(cmd);
        var target = new Option<string>("--target") { Description = "place-and-route flow (only ice40)", DefaultValueFactory = _ => "ice40" };
        var part = new Option<string>("--part")
        {
            Description = $"iCE40 part: {string.Join("; ", Ice40Part.All.Select(p => $"{p.Name} = {p.Description}"))}",
            DefaultValueFactory = _ => Ice40Part.Up5k.Name,
        };
        var freq = new Option<double>("--freq") { Description = "clock constraint in MHz (Fmax is reported whether it is met or not)", DefaultValueFactory = _ => 12.0 };
        var seed = new Option<int>("--seed") { Description = "nextpnr placer seed (same seed, same result)", DefaultValueFactory = _ => 1 };
        var module = FpgaOptions.Module();
        cmd.Options.Add(target);
        cmd.Options.Add(part);
        cmd.Options.Add(freq);
        cmd.Options.Add(seed);
        cmd.Options.Add(module);
        cmd.SetAction(r =>
        {
            if (r.GetValue(target) != "ice40") throw new ArgumentException($"pnr supports --target ice40 only (got '{r.GetValue(target)}')");
            var device = Ice40Part.Find(r.GetValue(part)!);
            var mhz = r.GetValue(freq);
            if (!(mhz > 0 && mhz <= 1000)) throw new ArgumentException($"--freq must be in (0, 1000] MHz (got {mhz.ToString(CultureInfo.InvariantCulture)})");
            ToolRunner.Require("nextpnr-ice40");
            var ir = selection.Elaborate(r);
            var top = ir.Module(FpgaOptions.Top(ir, r.GetValue(module)));
            using var dir = new ScratchDirectory("pnr");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            Console.Error.WriteLine($"pnr: synth_ice40 + nextpnr-ice40 {device.NextpnrFlag} --package {device.Package} --freq {mhz.ToString(CultureInfo.InvariantCulture)} for {top.Name} …");
            var report = Ice40PnrGate.Run(dir.Path, top, device, mhz, r.GetValue(seed));
            Print(report);
            return 0;
        });
        return cmd;
    }

    private static void Print(Ice40PnrGate.Report report)
    {
        var met = report.FmaxMHz >= report.ConstraintMHz ? "met" : "NOT met";
        AnsiConsole.MarkupLine($"{Markup.Escape(report.Module)} on {Markup.Escape(report.Part.Description)}, in the I/O shell");
        AnsiConsole.MarkupLine($"Fmax: [bold]{report.FmaxMHz.ToString("F2", CultureInfo.InvariantCulture)} MHz[/] " +
            $"(constraint {report.ConstraintMHz.ToString("F2", CultureInfo.InvariantCulture)} MHz {met})");
        var table = new Table().AddColumns("resource", "used", "available", "%");
        foreach (var c in table.Columns.Skip(1)) c.RightAligned();
        foreach (var u in report.Utilization.Where(u => u.Used > 0 || u.Resource is "ICESTORM_LC" or "ICESTORM_RAM" or "SB_IO" or "ICESTORM_DSP"))
            table.AddRow(u.Resource, u.Used.ToString(), u.Available.ToString(),
                u.Available == 0 ? "-" : (100.0 * u.Used / u.Available).ToString("F1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }
}
