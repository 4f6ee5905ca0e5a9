using System.Text;
using SmartQuant.Quant.Sources;

namespace SmartQuant.RealModel;

/// <summary>A fixed split of the passages: calibration (GPTQ Hessians) and held-out evaluation; no text in both.</summary>
public sealed record PassageSplit(IReadOnlyList<string> Calibration, IReadOnlyList<string> Evaluation, int Available, ulong Seed);

/// <summary>
/// Real English passages: the records of Debian's `fortunes` package (text files in /usr/share/games/fortunes,
/// records separated by a line holding only "%"). Files are read in ordinal name order, records in file order;
/// whitespace runs are folded to one space; records outside 40–400 characters or with control or non-ASCII
/// characters are dropped, and so is the ascii-art file; duplicate texts are kept once. The passages
/// are then shuffled with a seeded SplitMix64 Fisher–Yates and cut: the first <c>calibration</c> go to calibration,
/// the next <c>evaluation</c> to held-out evaluation, so no passage (and no duplicate of it) is in both.
/// </summary>
public static class FortunePassages
{
    public const string DefaultDirectory = "/usr/share/games/fortunes";
    public const int MinChars = 40, MaxChars = 400;

    /// <summary>Files of pictures made of characters, not prose.</summary>
    private static readonly HashSet<string> ExcludedFiles = new(StringComparer.Ordinal) { "ascii-art" };

    /// <summary>All usable passages in their deterministic file order.</summary>
    public static List<string> ReadAll(string directory = DefaultDirectory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"no fortunes at {directory}: install the Debian package 'fortunes' (make setup)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        // Fortune text files have no extension; the .dat/.u8 companions are indexes and links.
        foreach (var f in Directory.GetFiles(directory)
                     .Where(f => Path.GetExtension(f).Length == 0 && !ExcludedFiles.Contains(Path.GetFileName(f)))
                     .Order(StringComparer.Ordinal))
        {
            string text;
            try { text = File.ReadAllText(f, Encoding.UTF8); } catch (IOException) { continue; }
            foreach (var rec in Records(text))
                if (Usable(rec) && seen.Add(rec)) list.Add(rec);
        }
        if (list.Count == 0) throw new InvalidDataException($"no usable passages in {directory}: install the Debian package 'fortunes' (make setup)");
        return list;
    }

    /// <summary>The '%'-separated records of one file, whitespace folded.</summary>
    public static IEnumerable<string> Records(string text)
    {
        var sb = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line == "%")
            {
                if (Fold(sb.ToString()) is { Length: > 0 } rec) yield return rec;
                sb.Clear();
            }
            else sb.Append(line).Append(' ');
        }
        if (Fold(sb.ToString()) is { Length: > 0 } last) yield return last;
    }

    private static string Fold(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool Usable(string s) => s.Length is >= MinChars and <= MaxChars && s.All(c => c is >= ' ' and <= '~');

    /// <summary>The seeded split (see the class remarks); too few passages → InvalidDataException.</summary>
    public static PassageSplit Split(IReadOnlyList<string> all, int calibration, int evaluation, ulong seed)
    {
        if (calibration < 0 || evaluation <= 0) throw new ArgumentException($"need calibration >= 0 and evaluation > 0 passages, got {calibration} and {evaluation}");
        if (calibration + evaluation > all.Count)
            throw new InvalidDataException($"only {all.Count} usable passages, {calibration} calibration + {evaluation} evaluation asked");
        var order = all.ToArray();
        var rng = new SplitMix64(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new PassageSplit(order[..calibration], order[calibration..(calibration + evaluation)], all.Count, seed);
    }
}
