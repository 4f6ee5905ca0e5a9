using System.CommandLine;
using System.Globalization;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant mx quantize`: the OCP MX oracle on stdin/stdout (a stable contract for other teams' scripts).</summary>
public static class MxCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Element format: mxint8, mxfp8-e4m3, mxfp8-e5m2, mxfp6-e3m2, mxfp6-e2m3, mxfp4-e2m1", Required = true };
        var block = new Option<int>("--block") { Description = "Block size (each input line is one block of at most this many values)", Required = true };
        var rounding = new Option<string>("--rounding") { Description = "Tie rule: nearest (half away from zero, default) or even", DefaultValueFactory = _ => "nearest" };
        var quantize = new Command("quantize", "Read one block per line (whitespace-separated decimals) from stdin; print per block the unbiased shared exponent (NaN for a NaN scale) and the dequantized values as decimals that parse back to the identical double (shortest form when it round-trips).");
        quantize.Options.Add(format);
        quantize.Options.Add(block);
        quantize.Options.Add(rounding);
        quantize.SetAction(parse =>
        {
            var f = MxElementFormat.Parse(parse.GetValue(format)!);
            int n = parse.GetValue(block);
            if (n <= 0) throw new ArgumentException($"--block must be positive, got {n}");
            var mode = parse.GetValue(rounding) switch
            {
                "nearest" => MxRounding.HalfAwayFromZero,
                "even" => MxRounding.HalfEven,
                var r => throw new ArgumentException($"--rounding must be 'nearest' or 'even', got '{r}'"),
            };
            Run(Console.In, Console.Out, f, n, mode);
            return 0;
        });
        var mx = new Command("mx", "OCP Microscaling (MX) formats.");
        mx.Subcommands.Add(quantize);
        return mx;
    }

    public static void Run(TextReader input, TextWriter output, MxElementFormat format, int blockSize, MxRounding rounding)
    {
        int lineNo = 0;
        var sb = new System.Text.StringBuilder();
        while (input.ReadLine() is string line)
        {
            lineNo++;
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            if (tokens.Length > blockSize) throw new FormatException($"line {lineNo}: {tokens.Length} values exceed --block {blockSize}");
            var xs = new double[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
                if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out xs[i]))
                    throw new FormatException($"line {lineNo}: '{tokens[i]}' is not a decimal number");
            var blk = MxQuantizer.Quantize(xs, format, rounding);
            sb.Clear();
            sb.Append(blk.SharedExponent is int e ? e.ToString(CultureInfo.InvariantCulture) : "NaN");
            foreach (double v in blk.Decode()) sb.Append(' ').Append(ExactDecimal.Format(v));
            output.WriteLine(sb.ToString());
        }
    }
}
