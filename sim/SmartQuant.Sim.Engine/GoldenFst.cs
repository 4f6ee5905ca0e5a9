using System.Text;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// Puts the golden model's expected outputs into the RTL's FST, so a waveform shows where RTL and model part: a scope
/// <c>TOP.golden</c> beside <c>TOP.&lt;top&gt;</c> with one signal per output port under the same name (x in cycles where a
/// don't-care rule excuses the port) and one <c>mismatch_&lt;port&gt;</c> bit per output (1 where the port was compared and
/// differed). Verilator owns the FST writer, so the merge goes through text: <c>fst2vcd</c>, the golden scope added to
/// the header and its value changes to the time blocks (cycle c is sampled at the time of its clock-low half,
/// (c + reset) · 10), then <c>vcd2fst</c> over the original file (atomically). Both tools ship with GTKWave.
/// </summary>
public static class GoldenFst
{
    public const string Scope = "golden";

    public static string MismatchName(string port) => "mismatch_" + port;

    /// <summary>
    /// Rewrites <paramref name="fstPath"/> with the golden scope. False (file unchanged) when fst2vcd/vcd2fst are not
    /// installed; the view then shows the RTL alone.
    /// </summary>
    public static bool Merge(string fstPath, GoldenTrace trace, int resetCycles)
    {
        if (ToolRunner.Find("fst2vcd") is null || ToolRunner.Find("vcd2fst") is null) return false;
        var dir = Path.GetDirectoryName(Path.GetFullPath(fstPath))!;
        var tmp = Path.Combine(dir, $".{Path.GetFileName(fstPath)}.{Environment.ProcessId}");
        try
        {
            Run("fst2vcd", [fstPath, "-o", tmp + ".rtl.vcd"]);
            using (var input = new StreamReader(tmp + ".rtl.vcd"))
            using (var output = new StreamWriter(tmp + ".vcd", false, new UTF8Encoding(false)))
                MergeVcd(input, output, trace, resetCycles);
            Run("vcd2fst", [tmp + ".vcd", tmp + ".fst"]);
            File.Move(tmp + ".fst", fstPath, overwrite: true);
            return true;
        }
        finally
        {
            foreach (var f in new[] { tmp + ".rtl.vcd", tmp + ".vcd", tmp + ".fst" }) File.Delete(f);
        }
    }

    private static void Run(string tool, string[] args)
    {
        var r = ToolRunner.Run(tool, args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({r.ExitCode}): {r.Combined}");
    }

    /// <summary>The text merge: header gets the golden scope inside the outermost scope (TOP); time blocks get the changes.</summary>
    internal static void MergeVcd(TextReader input, TextWriter output, GoldenTrace trace, int resetCycles)
    {
        var map = trace.Map;
        var header = new List<string>();
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            header.Add(line);
            if (line.Contains("$enddefinitions")) break;
        }
        var used = new HashSet<string>(header.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length >= 4 && t[0] == "$var").Select(t => t[3]), StringComparer.Ordinal);
        var next = 0;
        string NewId()
        {
            string id;
            do id = "~g" + (next++).ToString(System.Globalization.CultureInfo.InvariantCulture); while (used.Contains(id));
            return id;
        }
        var valueIds = map.Outputs.Select(_ => NewId()).ToArray();
        var mismatchIds = map.Outputs.Select(_ => NewId()).ToArray();

        var scope = new List<string> { $"$scope module {Scope} $end" };
        for (var i = 0; i < map.Outputs.Count; i++)
        {
            var p = map.Outputs[i];
            scope.Add(p.Width == 1 ? $"$var wire 1 {valueIds[i]} {p.Name} $end" : $"$var wire {p.Width} {valueIds[i]} {p.Name} [{p.Width - 1}:0] $end");
            scope.Add($"$var wire 1 {mismatchIds[i]} {MismatchName(p.Name)} $end");
        }
        scope.Add("$upscope $end");
        var lastUpscope = header.FindLastIndex(l => l.TrimStart().StartsWith("$upscope", StringComparison.Ordinal));
        if (lastUpscope < 0) throw new InvalidDataException("fst2vcd output has no scope to put the golden model in");
        header.InsertRange(lastUpscope, scope);
        foreach (var h in header) output.WriteLine(h);

        // Value changes per time, only where a value changes (the first sample sets everything).
        var changes = new SortedDictionary<long, List<string>>();
        var last = new string?[2 * map.Outputs.Count];
        foreach (var s in trace.Samples)
        {
            var time = LockstepExecution.TimeOfCycle(s.Cycle, resetCycles);
            List<string>? list = null;
            for (var i = 0; i < map.Outputs.Count; i++)
            {
                var p = map.Outputs[i];
                var value = s.DontCare[i] ? (p.Width == 1 ? "x" : "bx ") : Value(s.Expected, p);
                var bit = s.Mismatch[i] ? "1" : "0";
                if (last[2 * i] != value) (list ??= []).Add(value + valueIds[i]);
                if (last[2 * i + 1] != bit) (list ??= []).Add(bit + mismatchIds[i]);
                (last[2 * i], last[2 * i + 1]) = (value, bit);
            }
            if (list is not null) changes[time] = list;
        }
        var firstTime = trace.Samples.Count > 0 ? LockstepExecution.TimeOfCycle(trace.Samples[0].Cycle, resetCycles) : long.MaxValue;

        // Body: each RTL time block is followed by the golden changes of its time; golden-only times get their own block.
        long? current = null;
        var initialized = false;
        void Flush(long before)
        {
            if (current is { } t && changes.Remove(t, out var own)) foreach (var c in own) output.WriteLine(c);
            while (changes.Count > 0 && changes.First().Key < before)
            {
                var (time, list) = changes.First();
                changes.Remove(time);
                output.WriteLine("#" + time.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var c in list) output.WriteLine(c);
            }
        }
        while ((line = input.ReadLine()) is not null)
        {
            if (line.StartsWith('#') && long.TryParse(line.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var time))
            {
                Flush(time);
                output.WriteLine(line);
                current = time;
                if (!initialized && time < firstTime)
                {
                    // Before the first checked cycle (reset) the golden model says nothing: unknown.
                    for (var i = 0; i < map.Outputs.Count; i++)
                    {
                        output.WriteLine((map.Outputs[i].Width == 1 ? "x" : "bx ") + valueIds[i]);
                        output.WriteLine("x" + mismatchIds[i]);
                    }
                }
                initialized = true;
                continue;
            }
            output.WriteLine(line);
        }
        Flush(long.MaxValue);
    }

    /// <summary>VCD value of a port: "b&lt;binary&gt; " for vectors (leading zeros dropped), "0"/"1" for single bits.</summary>
    private static string Value(ulong[] words, PortSlot p)
    {
        if (p.Width == 1) return (words[p.Offset] & 1) != 0 ? "1" : "0";
        var sb = new StringBuilder("b");
        var started = false;
        for (var bit = p.Width - 1; bit >= 0; bit--)
        {
            var one = ((words[p.Offset + bit / 64] >> (bit % 64)) & 1) != 0;
            if (!one && !started) continue;
            started = true;
            sb.Append(one ? '1' : '0');
        }
        if (!started) sb.Append('0');
        return sb.Append(' ').ToString();
    }
}
