using System.Diagnostics;
using System.Reflection;
using SmartQuant.DesignFile;
using SmartQuant.Emit;
using SmartQuant.Hdl;

namespace SmartQuant.Sim;

/// <summary>
/// <c>smartquant sim --design-file F.cs</c>: compiles a user's file (module, golden model, driver and a
/// <see cref="Testbench{TModule}"/> subclass tying them together) with the design-file front end
/// (<see cref="DesignFileCompiler"/>) and hands its testbench to the engine. Every user mistake is one line naming the
/// file and line: compile errors (CSxxxx), elaboration errors, and exceptions the user's code throws while it runs.
/// </summary>
public static class DesignFileTestbench
{
    /// <summary>The testbench class of <paramref name="path"/> (the only one, or <paramref name="benchClass"/>).</summary>
    public static ITestbench Load(string path, string? benchClass = null)
    {
        var full = Path.GetFullPath(path);
        var assembly = DesignFileCompiler.Compile(path);
        var benches = assembly.GetTypes()
            .Where(t => typeof(ITestbench).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null).ToList();
        var type = benchClass is not null
            ? benches.FirstOrDefault(t => t.Name == benchClass || t.FullName == benchClass)
              ?? throw new HdlException($"{path}: no testbench class named '{benchClass}' (found: {Names(benches)})")
            : benches.Count switch
            {
                1 => benches[0],
                0 => throw new HdlException($"{path}: no testbench: add a class deriving from Testbench<YourModule> with a public parameterless constructor (docs/sim.md)"),
                _ => throw new HdlException($"{path}: several testbench classes ({Names(benches)}); choose one with --bench"),
            };
        var bench = UserCode(full, path, () => (ITestbench)Activator.CreateInstance(type)!);
        var replay = $"smartquant sim --design-file {path}{(benchClass is null ? "" : $" --bench {benchClass}")}";
        return new FileBench(bench, full, path, replay);
    }

    /// <summary>Runs the user's code; an exception it throws becomes one line at the user's file and line.</summary>
    public static T UserCode<T>(string fullPath, string shownPath, Func<T> run)
    {
        try { return run(); }
        catch (Exception e) when (Unwrap(e) is not HdlException and var inner && FrameIn(inner, fullPath) is { } line)
        {
            throw new HdlException($"{shownPath}:{line}: {inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ").Trim()}");
        }
        catch (TargetInvocationException e) when (e.InnerException is HdlException inner) { throw inner; }
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    /// <summary>The line of the innermost stack frame in the user's file (the design assembly carries its PDB).</summary>
    private static int? FrameIn(Exception e, string fullPath) =>
        new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => string.Equals(f.GetFileName(), fullPath, StringComparison.Ordinal) && f.GetFileLineNumber() > 0)
            ?.GetFileLineNumber();

    private static string Names(IEnumerable<Type> types) => string.Join(", ", types.Select(t => t.Name));

    /// <summary>The user's testbench with the file's replay line, and its code's exceptions mapped to the file's lines.</summary>
    private sealed class FileBench(ITestbench inner, string fullPath, string shownPath, string replay) : ITestbench
    {
        public string Name => inner.Name;

        public BenchRun Elaborate()
        {
            var (dut, test) = UserCode(fullPath, shownPath, inner.Elaborate);
            return new BenchRun(dut with { Replay = (_, seed, cycles) => $"{replay} --seed {seed} --cycles {cycles}" }, test);
        }

        /// <summary>Runs the engine; the user's golden model or driver throwing is reported at its line.</summary>
        public SimResult Run(SimOptions options) => UserCode(fullPath, shownPath, () => Lockstep.Run(this, options));
    }

    /// <summary>Runs a testbench from <see cref="Load"/> (user exceptions at their line), or any other through <see cref="Lockstep"/>.</summary>
    public static SimResult Run(ITestbench bench, SimOptions options) =>
        bench is FileBench file ? file.Run(options) : Lockstep.Run(bench, options);
}
