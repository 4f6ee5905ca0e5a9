using System.Runtime.InteropServices;
using System.Text.Json;
using SmartQuant.Emit;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// Everything needed to reproduce a failing case, written next to its report: configuration and its hash, seed,
/// tool versions and the command that replays it.
/// </summary>
public static class Manifest
{
    public static void Write(string directory, RegressCase c, CaseResult result)
    {
        Directory.CreateDirectory(directory);
        string Try(Func<string> f) { try { return f(); } catch (Exception e) { return $"unavailable ({e.Message})"; } }
        var manifest = new Dictionary<string, object?>
        {
            ["id"] = c.Id,
            ["outcome"] = result.Outcome.ToString(),
            ["reason"] = result.Reason,
            ["design"] = c.Design,
            ["test"] = c.Test,
            ["configTag"] = c.ConfigTag,
            ["config"] = Try(() => c.Config.ToJson()),
            ["configHash"] = Try(() => c.Config.Hash()),
            ["seed"] = c.Seed,
            ["cycles"] = c.Cycles,
            ["generator"] = TemplateRenderer.GeneratorVersion,
            ["verilator"] = Try(() => VerilatorBuild.VerilatorVersion),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["replay"] = $"smartquant regress --only {c.Id}",
        };
        OutputWriter.WriteAtomic(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }
}
