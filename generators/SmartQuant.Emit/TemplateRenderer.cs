using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Runtime;

namespace SmartQuant.Emit;

/// <summary>
/// Renders the embedded Scriban templates strictly: an unknown variable or member throws instead of rendering
/// empty, so a template typo can never produce silently wrong Verilog. Model members are PascalCase in C# and
/// snake_case in templates (Scriban's standard renamer). Templates are embedded resources of the assembly that owns
/// them: the Verilog templates here, the simulation harness templates in the co-simulation engine.
/// </summary>
public static class TemplateRenderer
{
    private static readonly ConcurrentDictionary<(Assembly Owner, string Name), Template> Cache = new();

    /// <summary>Renders one of this assembly's templates (Verilog, files.f).</summary>
    public static string Render(string templateName, object model) => Render(typeof(TemplateRenderer).Assembly, templateName, model);

    /// <summary>Renders a template embedded in <paramref name="owner"/>.</summary>
    public static string Render(Assembly owner, string templateName, object model)
    {
        var template = Cache.GetOrAdd((owner, templateName), Load);
        // No loop or string limits: Scriban's defaults (1000 iterations, 1 MiB per string) would silently cut large modules.
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false, LoopLimit = 0, LimitToString = 0 };
        var globals = new ScriptObject();
        globals.Import(model);
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private static Template Load((Assembly Owner, string Name) key)
    {
        var (assembly, name) = key;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"template '{name}' is not embedded (have: {string.Join(", ", assembly.GetManifestResourceNames())})");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
            throw new InvalidOperationException($"template '{name}' does not parse: {string.Join("; ", template.Messages)}");
        return template;
    }

    /// <summary>The generator version stamped into every emitted file.</summary>
    public static string GeneratorVersion { get; } =
        typeof(TemplateRenderer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
