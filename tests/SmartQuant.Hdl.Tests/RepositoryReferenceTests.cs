using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// The repository is self-contained: no code or doc cites a file that is not in it (a design note, a research digest,
/// a machine path), and every relative link in the markdown docs resolves. Facts from outside belong in docs/spec/
/// in our own words, naming their source (paper or spec section), so a newcomer needs nothing but the clone.
/// </summary>
public class RepositoryReferenceTests
{
    [Fact]
    public void NoTrackedFileCitesSomethingOutsideTheRepository()
    {
        string root = RepoRoot();
        var findings = RepositoryReferences.Scan(root, RepositoryReferences.TextFiles(root));
        Assert.True(findings.Count == 0, "references that leave the repository:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void ScannerCatchesEachKindOfOutsideReference()
    {
        // The scanner itself must be able to fail: a scratch tree with one fault per kind, plus lines that are fine.
        string root = Directory.CreateTempSubdirectory("sq-refs-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs", "spec"));
            Directory.CreateDirectory(Path.Combine(root, "src"));
            File.WriteAllText(Path.Combine(root, "docs", "spec", "a.md"), "# A\n[ok](../b.md) [ok too](a.md#x) [web](https://example.org/x.md)\n");
            // The faulty lines are assembled at run time: written out literally, this test file would itself cite what
            // it plants (the project's own reference check reads test sources too).
            string shared = "sha" + "red/", research = "rese" + "arch/", decisions = "deci" + "sions.md", machine = "/wo" + "rk/";
            File.WriteAllText(Path.Combine(root, "docs", "b.md"),
                $"see [gone](spec/missing.md)\nContract: `{shared}design/notes.md`\nas in {research}topic.md\n");
            File.WriteAllText(Path.Combine(root, "src", "C.cs"),
                $"// rule from {decisions}\n// built at {machine}main/build\n// layout: docs/spec/a.md and docs/nothere.md\n// output: build/report/index.md\n");
            var findings = RepositoryReferences.Scan(root, ["docs/spec/a.md", "docs/b.md", "src/C.cs"]);
            string all = string.Join("\n", findings);
            Assert.Contains("docs/b.md:1: markdown link 'spec/missing.md'", all);
            Assert.Contains($"docs/b.md:2: '{shared}'", all);
            Assert.Contains($"docs/b.md:3: '{research}'", all);
            Assert.Contains($"src/C.cs:1: '{decisions}'", all);
            Assert.Contains($"src/C.cs:2: absolute machine path '{machine}'", all);
            Assert.Contains("src/C.cs:3: 'docs/nothere.md'", all);
            Assert.Equal(6, findings.Count);   // one finding per fault; the fine references add none
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static string RepoRoot()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SmartQuant.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}

/// <summary>Finds references in text files that point outside the repository (used by the test above).</summary>
internal static class RepositoryReferences
{
    // Top-level folders of the repository: a path starting with one of them must exist.
    private static readonly Regex RepoPath = new(@"(?<![\w./-])((?:docs|src|hw|tests|tools|examples|generators|sim)/[\w./+-]*[\w/])");
    // A bare markdown file name ("notes.md"); names inside a path are checked as paths.
    private static readonly Regex MarkdownFile = new(@"(?<![\w./-])[\w-]+\.md\b");
    private static readonly Regex MarkdownLink = new(@"\]\(([^)\s]+)\)");
    private static readonly Regex AbsolutePath = new(@"(?<![\w.])/(?:work|home|root|Users|mnt|srv)/");
    private static readonly Regex OutsideFolder = new(@"(?<![\w.-])(shared|research)/");
    // Markdown files the tools write (report pages, merged coverage, eval tables), not sources a reader is sent to.
    private static readonly HashSet<string> GeneratedMarkdown = ["index.md", "merged.md", "eval.md"];

    /// <summary>Tracked and untracked-but-not-ignored files (git), else every file outside bin/obj/build/.git.</summary>
    public static IReadOnlyList<string> TextFiles(string root)
    {
        try
        {
            var psi = new ProcessStartInfo("git", "ls-files --cached --others --exclude-standard")
            { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0)
                return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(root, f))).ToList();
        }
        catch (System.ComponentModel.Win32Exception) { /* no git: fall back to walking the tree */ }
        string[] skip = ["bin", "obj", "build", ".git"];
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(skip.Contains))
            .ToList();
    }

    /// <summary>One line per finding: "file:line: what".</summary>
    public static List<string> Scan(string root, IReadOnlyList<string> files)
    {
        var known = new HashSet<string>(files);
        var dirs = new HashSet<string>();
        foreach (var f in files)
            for (string? d = Path.GetDirectoryName(f)?.Replace('\\', '/'); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d)?.Replace('\\', '/'))
                dirs.Add(d);
        var names = new HashSet<string>(files.Select(Path.GetFileName)!);
        var findings = new List<string>();
        foreach (var file in files.Where(f => f != "tests/SmartQuant.Hdl.Tests/RepositoryReferenceTests.cs"))
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(root, file)); }
            catch (IOException) { continue; }
            if (text.Contains('\0')) continue;   // binary
            bool markdown = file.EndsWith(".md", StringComparison.Ordinal);
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i], at = $"{file}:{i + 1}: ";
                foreach (Match m in OutsideFolder.Matches(line)) findings.Add(at + $"'{m.Groups[1].Value}/' (a folder outside the repository)");
                foreach (Match m in AbsolutePath.Matches(line)) findings.Add(at + $"absolute machine path '{m.Value}'");
                foreach (Match m in RepoPath.Matches(line))
                {
                    string p = m.Groups[1].Value.TrimEnd('/', '.');
                    string around = line.Substring(m.Index, Math.Min(line.Length - m.Index, m.Length + 1));
                    if (around.IndexOfAny(['*', '<', '{', '$']) >= 0 || p.Contains("/bin/") || p.Contains("/obj/")) continue;
                    if (!known.Contains(p) && !dirs.Contains(p)) findings.Add(at + $"'{p}' does not exist in the repository");
                }
                foreach (Match m in MarkdownFile.Matches(line))
                    if (!names.Contains(m.Value) && !GeneratedMarkdown.Contains(m.Value) && !(markdown && m.Index >= 2 && line[(m.Index - 2)..m.Index] == "]("))
                        findings.Add(at + $"'{m.Value}' is not a file of the repository");
                if (!markdown) continue;
                foreach (Match m in MarkdownLink.Matches(line))
                {
                    string target = m.Groups[1].Value;
                    if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:") || target.StartsWith('#')) continue;   // URL or in-page anchor
                    string path = target.Split('#')[0];
                    string full = Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(file) ?? "", path));
                    if (!File.Exists(full) && !Directory.Exists(full)) findings.Add(at + $"markdown link '{target}' does not resolve");
                }
            }
        }
        return findings;
    }
}
