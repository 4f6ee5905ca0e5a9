using System.Collections.Immutable;

namespace SmartQuant.Hdl.Ir;

/// <summary>Traversals over IR statements and expressions shared by the checks and the emitter.</summary>
public static class IrWalk
{
    /// <summary>Every signal an expression reads.</summary>
    public static IEnumerable<IrSignal> Reads(IrExpr e)
    {
        switch (e)
        {
            case IrRef r: yield return r.Signal; break;
            case IrOp o:
                foreach (var a in o.Args)
                foreach (var s in Reads(a)) yield return s;
                break;
        }
    }

    /// <summary>Every assignment in a statement list, with the conditions that guard it (outermost first).</summary>
    public static IEnumerable<(IrStmt Stmt, ImmutableList<IrExpr> Guards)> Flatten(IEnumerable<IrStmt> body, ImmutableList<IrExpr>? guards = null)
    {
        guards ??= ImmutableList<IrExpr>.Empty;
        foreach (var s in body)
        {
            switch (s)
            {
                case IrIf w:
                    var prior = guards;
                    foreach (var (cond, b) in w.Branches)
                    {
                        foreach (var x in Flatten(b, prior.Add(cond))) yield return x;
                        prior = prior.Add(cond);
                    }
                    if (w.Else is { } e) foreach (var x in Flatten(e, prior)) yield return x;
                    break;
                case IrCase c:
                    var withSel = guards.Add(c.Selector);
                    foreach (var (_, b) in c.Cases) foreach (var x in Flatten(b, withSel)) yield return x;
                    if (c.Default is { } d) foreach (var x in Flatten(d, withSel)) yield return x;
                    break;
                default:
                    yield return (s, guards);
                    break;
            }
        }
    }

    /// <summary>The statements of <paramref name="body"/> that concern <paramref name="keep"/>, with empty branches dropped.</summary>
    public static ImmutableArray<IrStmt> Project(ImmutableArray<IrStmt> body, Func<IrStmt, bool> keep)
    {
        var result = ImmutableArray.CreateBuilder<IrStmt>();
        foreach (var s in body)
        {
            switch (s)
            {
                case IrIf w:
                {
                    var branches = w.Branches.Select(b => (b.Condition, Body: Project(b.Body, keep))).ToImmutableArray();
                    var els = w.Else is { } e ? Project(e, keep) : (ImmutableArray<IrStmt>?)null;
                    if (branches.All(b => b.Body.IsEmpty) && (els is null || els.Value.IsEmpty)) break;
                    result.Add(w with { Branches = branches, Else = els is { IsEmpty: true } ? null : els });
                    break;
                }
                case IrCase c:
                {
                    var cases = c.Cases.Select(k => (k.Value, Body: Project(k.Body, keep))).ToImmutableArray();
                    var def = c.Default is { } d ? Project(d, keep) : (ImmutableArray<IrStmt>?)null;
                    if (cases.All(k => k.Body.IsEmpty) && (def is null || def.Value.IsEmpty)) break;
                    result.Add(c with { Cases = cases, Default = def is { IsEmpty: true } ? null : def });
                    break;
                }
                default:
                    if (keep(s)) result.Add(s);
                    break;
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Names of the signals (and memories) a statement assigns anywhere inside it.</summary>
    public static IEnumerable<string> Targets(IrStmt stmt) => Flatten([stmt]).Select(x => x.Stmt switch
    {
        IrAssign a => a.Target.Name,
        IrMemWrite w => w.Memory.Name,
        _ => throw new InvalidOperationException(x.Stmt.GetType().Name),
    }).Distinct();

    /// <summary>
    /// For each assigned signal or memory, the top-level statements that touch it, in order — so a per-target
    /// projection scans only its own statements (linear in the design, not quadratic).
    /// </summary>
    public static Dictionary<string, ImmutableArray<IrStmt>> ByTarget(ImmutableArray<IrStmt> body)
    {
        var lists = new Dictionary<string, ImmutableArray<IrStmt>.Builder>();
        foreach (var s in body)
            foreach (var t in Targets(s))
            {
                if (!lists.TryGetValue(t, out var l)) lists[t] = l = ImmutableArray.CreateBuilder<IrStmt>();
                l.Add(s);
            }
        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToImmutable());
    }

    /// <summary>Names of the signals assigned on every path through <paramref name="body"/>.</summary>
    public static HashSet<string> AssignedOnEveryPath(IEnumerable<IrStmt> body)
    {
        var covered = new HashSet<string>();
        foreach (var s in body)
        {
            switch (s)
            {
                case IrAssign a:
                    covered.Add(a.Target.Name);
                    break;
                case IrIf w when w.Else is { } e:
                {
                    var both = AssignedOnEveryPath(e);
                    foreach (var (_, b) in w.Branches) both.IntersectWith(AssignedOnEveryPath(b));
                    covered.UnionWith(both);
                    break;
                }
                case IrCase c when c.Default is not null || c.Cases.Length >= (1L << Math.Min(c.Selector.Width, 62)):
                {
                    HashSet<string>? all = c.Default is { } d ? AssignedOnEveryPath(d) : null;
                    foreach (var (_, b) in c.Cases)
                    {
                        var k = AssignedOnEveryPath(b);
                        if (all is null) all = k; else all.IntersectWith(k);
                    }
                    if (all is not null) covered.UnionWith(all);
                    break;
                }
            }
        }
        return covered;
    }

    /// <summary>True when every path through <paramref name="body"/> assigns <paramref name="target"/>.</summary>
    public static bool AssignsOnEveryPath(IEnumerable<IrStmt> body, IrSignal target)
    {
        foreach (var s in body)
        {
            switch (s)
            {
                case IrAssign a when a.Target == target:
                    return true;
                case IrIf w when w.Else is { } e:
                    if (w.Branches.All(b => AssignsOnEveryPath(b.Body, target)) && AssignsOnEveryPath(e, target)) return true;
                    break;
                case IrCase c:
                    var full = c.Default is not null || c.Cases.Length >= (1L << Math.Min(c.Selector.Width, 62));
                    if (full && c.Cases.All(k => AssignsOnEveryPath(k.Body, target)) && (c.Default is null || AssignsOnEveryPath(c.Default, target)))
                        return true;
                    break;
            }
        }
        return false;
    }
}
