using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Hw.OliveArray;

namespace SmartQuant.Hw;

/// <summary>A built-in design: its name on the command line, its configuration type with defaults, and its top.</summary>
public sealed record DesignEntry(string Name, string Description, DesignConfig DefaultConfig, Func<DesignConfig, Module> Build)
{
    public Type ConfigType => DefaultConfig.GetType();

    /// <summary>Constructs and elaborates the design for <paramref name="config"/> (default when null).</summary>
    public IrDesign Elaborate(DesignConfig? config = null)
    {
        config ??= DefaultConfig;   // the top's constructor checks it; Hash() then finds it checked
        return Elaborator.Elaborate(Build(config), Name, config.Hash());
    }

    /// <summary>Elaborates the design and returns its top's port map bound to the top module object, so golden models
    /// run on their own can bind their ports through the top's signal fields (typed port binding).</summary>
    public PortMap BoundPortMap(DesignConfig? config = null)
    {
        config ??= DefaultConfig;
        var top = Build(config);
        return new PortMap(Elaborator.Elaborate(top, Name, config.Hash()).Top).BoundTo(top);
    }
}

/// <summary>Every built-in design. Adding a design is one entry here.</summary>
public static class DesignCatalog
{
    public static IReadOnlyList<DesignEntry> All { get; } =
    [
        new("fifo", "synchronous valid/ready FIFO", new FifoConfig(), c => new Fifo((FifoConfig)c)),
        new("cxl-store", "SmartQuant CXL.mem model store: HDM/alias decode, bit-plane block buffer, write combining", CxlStoreConfig.Compact, c => new CxlStore((CxlStoreConfig)c)),
        new("mac-array", "weight-stationary signed INT multiply-accumulate array", new MacArrayConfig(), c => new MacArrayTop((MacArrayConfig)c)),
        new("microscopiq", "MicroScopiQ: multi-precision outlier-aware PE array with per-row ReCoN", new MicroScopiQConfig(), c => new MicroScopiQTop((MicroScopiQConfig)c)),
        new("mxint-array", "baseline: MX-INT-4/2 weight-stationary array of MicroScopiQ's INT PEs without outlier support", new MxIntArrayConfig(), c => new MxIntArrayTop((MxIntArrayConfig)c)),
        new("olive-array", "baseline: OliVe-style array, 4-bit outlier-victim pairs decoded at the array edge into INT PE operands", new OliveArrayConfig(), c => new OliveArrayTop((OliveArrayConfig)c)),
    ];

    public static DesignEntry Find(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new HdlException($"unknown design '{name}' (built-in designs: {string.Join(", ", All.Select(d => d.Name))})");

    /// <summary>Reads a JSON config file for <paramref name="entry"/>; missing fields keep their defaults.</summary>
    public static DesignConfig LoadConfig(DesignEntry entry, string? path)
    {
        if (path is null) return entry.DefaultConfig;
        if (!File.Exists(path)) throw new HdlException($"config file '{path}' not found");
        return DesignConfig.FromJson(entry.ConfigType, File.ReadAllText(path), path);
    }
}
