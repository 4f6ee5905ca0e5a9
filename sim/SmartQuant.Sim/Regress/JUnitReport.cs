using System.Globalization;
using System.Xml.Linq;
using SmartQuant.Emit;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// JUnit XML in the common shape CI servers read (testsuites/testsuite/testcase with failure or error), one testcase
/// per case ID, in ID order so the file is deterministic apart from times. Merging shard files gives one file equal to
/// an unsharded run's.
/// </summary>
public static class JUnitReport
{
    public static void Write(string path, string suite, IEnumerable<CaseResult> results) =>
        OutputWriter.WriteAtomic(path, ToXml(suite, results).ToString() + Environment.NewLine);

    public static XDocument ToXml(string suite, IEnumerable<CaseResult> results)
    {
        var list = results.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var cases = list.Select(r =>
        {
            var parts = r.Id.Split('.');
            var element = new XElement("testcase",
                new XAttribute("classname", $"{parts[0]}.{(parts.Length > 1 ? parts[1] : "")}"),
                new XAttribute("name", r.Id),
                new XAttribute("time", Seconds(r.Seconds)));
            if (r.Outcome == Outcome.Fail)
                element.Add(new XElement("failure", new XAttribute("message", r.Reason ?? "failed"), new XAttribute("type", "divergence"), Detail(r)));
            else if (r.Outcome != Outcome.Pass)
                element.Add(new XElement("error", new XAttribute("message", r.Reason ?? r.Outcome.ToString()), new XAttribute("type", r.Outcome.ToString().ToLowerInvariant()), Detail(r)));
            element.Add(new XElement("system-out", $"cycles={r.Cycles} replay: smartquant regress --only {r.Id}"));
            return element;
        }).ToList();
        var failures = list.Count(r => r.Outcome == Outcome.Fail);
        var errors = list.Count(r => r.Outcome is not (Outcome.Pass or Outcome.Fail));
        var time = Seconds(list.Sum(r => r.Seconds));
        var testsuite = new XElement("testsuite",
            new XAttribute("name", suite), new XAttribute("tests", list.Count), new XAttribute("failures", failures),
            new XAttribute("errors", errors), new XAttribute("skipped", 0), new XAttribute("time", time), cases);
        return new XDocument(new XElement("testsuites",
            new XAttribute("name", "smartquant-regress"), new XAttribute("tests", list.Count), new XAttribute("failures", failures),
            new XAttribute("errors", errors), new XAttribute("time", time), testsuite));
    }

    /// <summary>Reads the cases of a JUnit file written by <see cref="Write"/> (or any file of the same shape).</summary>
    public static (string Suite, List<CaseResult> Results) Read(string path)
    {
        XDocument doc;
        try { doc = XDocument.Load(path); }
        catch (System.Xml.XmlException e) { throw new InvalidDataException($"{path}: not JUnit XML ({e.Message})"); }
        var suite = doc.Descendants("testsuite").FirstOrDefault()?.Attribute("name")?.Value
                    ?? throw new InvalidDataException($"{path}: no <testsuite> element");
        var results = doc.Descendants("testcase").Select(tc =>
        {
            var failure = tc.Element("failure");
            var error = tc.Element("error");
            var outcome = failure is not null ? Outcome.Fail
                : error is null ? Outcome.Pass
                : Enum.TryParse<Outcome>(error.Attribute("type")?.Value, ignoreCase: true, out var o) ? o : Outcome.Error;
            var cycles = long.TryParse(tc.Element("system-out")?.Value.Split(' ')[0].Replace("cycles=", ""), out var n) ? n : 0;
            return new CaseResult(tc.Attribute("name")?.Value ?? throw new InvalidDataException($"{path}: testcase without a name"),
                outcome, cycles, double.Parse(tc.Attribute("time")?.Value ?? "0", CultureInfo.InvariantCulture),
                (failure ?? error)?.Attribute("message")?.Value);
        }).ToList();
        return (suite, results);
    }

    /// <summary>Combines shard files; a case found in two shards is an error (the shards overlapped).</summary>
    public static List<CaseResult> Merge(IEnumerable<string> paths, out string suite)
    {
        var all = new Dictionary<string, (CaseResult Result, string From)>();
        suite = "";
        foreach (var p in paths)
        {
            var (s, results) = Read(p);
            suite = suite.Length == 0 ? s : suite;
            foreach (var r in results)
            {
                if (all.TryGetValue(r.Id, out var prev))
                    throw new InvalidDataException($"case {r.Id} appears in both {prev.From} and {p}: the shards overlap");
                all[r.Id] = (r, p);
            }
        }
        return [.. all.Values.Select(v => v.Result).OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static string Detail(CaseResult r) =>
        $"{r.Reason}{(r.FailureDirectory is null ? "" : $"\nfailure folder: {r.FailureDirectory}")}\nreplay: smartquant regress --only {r.Id}";

    private static string Seconds(double s) => s.ToString("F3", CultureInfo.InvariantCulture);
}
