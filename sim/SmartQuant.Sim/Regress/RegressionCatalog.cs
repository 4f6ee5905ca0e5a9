using SmartQuant.Hdl;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Hw.OliveArray;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// Which configurations each design is regressed on. Its tests come from <see cref="SimTestCatalog"/>; a design with
/// tests but no line here is regressed on its default configuration only. Adding a design is one line.
/// </summary>
public static class RegressionCatalog
{
    public static IReadOnlyList<DesignSpace> Spaces { get; } =
    [
        new("fifo", new Dictionary<string, DesignConfig>
            {
                ["d2w1"] = new FifoConfig(depth: 2, width: 1),
                ["d64w70"] = new FifoConfig(depth: 64, width: 70),
            },
            Random: r => new FifoConfig(depth: 1 << (1 + r.Below(7)), width: 1 + r.Below(96))),
        new("mac-array", new Dictionary<string, DesignConfig>
            {
                ["r8c8"] = new MacArrayConfig(rows: 8, cols: 8),
                ["r3c5a16"] = new MacArrayConfig(rows: 3, cols: 5, accumulatorWidth: 16),
            },
            Random: r =>
            {
                var operand = 2 + r.Below(11);
                return new MacArrayConfig(rows: 1 + r.Below(8), cols: 1 + r.Below(8), operandWidth: operand, accumulatorWidth: 2 * operand + r.Below(64 - 2 * operand + 1));
            }),
        new("microscopiq", new Dictionary<string, DesignConfig>
            {
                // Shared ReCoN: 2 units for 8 rows (round-robin, global stall), and the smallest shared case (2 for 4).
                ["r8c8g2"] = new MicroScopiQConfig(rows: 8, cols: 8, reconUnits: 2),
                ["r4c8g2"] = new MicroScopiQConfig(rows: 4, cols: 8, reconUnits: 2),
            },
            // Random: 2–8 rows, 8 or 16 columns, half of them with shared ReCoN (any G < Rows; row groups when G divides
            // the rows, half the time), so the chain's stage targets and the arbiters meet many shapes.
            Random: r =>
            {
                int rows = 2 + r.Below(7), cols = 8 << r.Below(2);
                int units = r.Below(2) == 0 ? 0 : 1 + r.Below(rows - 1);
                bool groups = units > 0 && rows % units == 0 && r.Below(2) == 0;
                return new MicroScopiQConfig(rows: rows, cols: cols, reconUnits: units, reconRowGroups: groups);
            }),
        new("mxint-array", new Dictionary<string, DesignConfig>
            {
                ["r8c8"] = new MxIntArrayConfig(rows: 8, cols: 8),
                ["r3c8a24"] = new MxIntArrayConfig(rows: 3, cols: 8, accumulatorWidth: 24),
            },
            // Random: 1–8 rows, 4/8/16 columns, 2–4 pre-shift bits, accumulators from the narrowest that holds a product.
            Random: r =>
            {
                int shift = 2 + r.Below(3);
                return new MxIntArrayConfig(rows: 1 + r.Below(8), cols: 4 << r.Below(3), shiftWidth: shift, accumulatorWidth: 8 + (1 << shift) - 1 + 6 + r.Below(12));
            }),
        new("olive-array", new Dictionary<string, DesignConfig>
            {
                ["r8c8"] = new OliveArrayConfig(rows: 8, cols: 8),
                ["r6c3a20"] = new OliveArrayConfig(rows: 6, cols: 3, accumulatorWidth: 20),
            },
            Random: r => new OliveArrayConfig(rows: 2 * (1 + r.Below(5)), cols: 2 + r.Below(11), accumulatorWidth: OliveArrayConfig.ProductWidth + 1 + r.Below(14))),
        // Smoke (make test) runs the compact store, which the xunit co-simulation already builds: the default's own
        // Verilator build costs minutes of a 2-core CI machine. Nightly runs both.
        new("cxl-store", new Dictionary<string, DesignConfig> { ["compact"] = CxlStoreConfig.Compact }, SmokeTag: "compact"),
    ];

    /// <summary>The regression space of <paramref name="design"/> (default-only when none is registered).</summary>
    public static DesignSpace Space(string design) =>
        Spaces.FirstOrDefault(s => s.Design == design) ?? new DesignSpace(design, new Dictionary<string, DesignConfig>());
}
