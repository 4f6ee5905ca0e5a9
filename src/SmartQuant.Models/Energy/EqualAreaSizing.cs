namespace SmartQuant.Models.Energy;

/// <summary>One design sized to an area budget.</summary>
public sealed record SizedDesign(AcceleratorDesign Design, DesignArea Area, double SquareMicrons, double BudgetSquareMicrons)
{
    public double BudgetShare => SquareMicrons / BudgetSquareMicrons;
}

/// <summary>
/// Equal-area sizing (docs/energy-model.md, "Equal area"): every design gets the largest array whose area fits the
/// budget. For each column count the design supports, rows = the most that fit (at most 256 and at most twice the
/// columns: a long thin array would win on PEs but spend its time loading tiles); the winner has the most peak MACs
/// per cycle (Rows × Lanes), ties going to the squarer array, then to fewer columns.
/// </summary>
public static class EqualAreaSizing
{
    public const int MaxDim = 256;
    /// <summary>Neither side more than this many times the other.</summary>
    public const int MaxAspect = 2;

    public static SizedDesign Size(AcceleratorDesign design, DesignArea area, double budgetUm2)
    {
        SizedDesign? best = null;
        for (int cols = 1; cols <= MaxDim; cols++)
        {
            int rows = MaxRows(design, area, cols, budgetUm2);
            if (rows == 0) continue;
            var d = design.Resize(rows, cols);
            var candidate = new SizedDesign(d, area, area.SquareMicrons(rows, cols), budgetUm2);
            if (best is null || Better(candidate.Design, best.Design)) best = candidate;
        }
        return best ?? throw new ArgumentException($"{design.Name}: no array fits an area of {budgetUm2:0} µm²");
    }

    /// <summary>The most rows (≤ 256, within the aspect limit) of <paramref name="cols"/> columns the design supports within the budget; 0 if none.</summary>
    public static int MaxRows(AcceleratorDesign design, DesignArea area, int cols, double budgetUm2)
    {
        int rows = 0;
        for (int r = 1; r <= MaxDim; r++)
        {
            if (area.SquareMicrons(r, cols) > budgetUm2) break;   // area grows with rows
            if (r > MaxAspect * cols) break;
            if (design.Supports(r, cols) && MaxAspect * r >= cols) rows = r;
        }
        return rows;
    }

    private static bool Better(AcceleratorDesign a, AcceleratorDesign b)
    {
        long pa = (long)a.Rows * a.Lanes, pb = (long)b.Rows * b.Lanes;
        if (pa != pb) return pa > pb;
        int sa = Math.Abs(a.Rows - a.Cols), sb = Math.Abs(b.Rows - b.Cols);
        return sa != sb ? sa < sb : a.Cols < b.Cols;
    }
}
