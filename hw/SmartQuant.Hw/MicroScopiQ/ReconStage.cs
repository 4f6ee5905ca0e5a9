using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One registered ReCoN stage: all Lanes 2×2 switches of stage <c>stage</c> (each the function of
/// <see cref="ReconSwitch"/>) held as one vector per field. State is in bit planes: bit w of a plane is switch w's
/// bit, so valid bits of input or output slot i of every switch are one Lanes-bit word, tag bit b of those items one
/// word (tags packed plane after plane, plane b at [b·Lanes +: Lanes]), code bit c likewise. The tag compare, the
/// hit, direction and go masks of all switches are then a few word-wide operations against constant planes of the
/// switch ids, and the slot selections are the switch's priority chains applied to whole planes
/// (g ? a : r per bit), so the same function costs a handful of word operations per stage instead of tens per switch.
/// <para>
/// Two things make it cheaper than sixteen switches, neither changing an output bit:
/// <list type="bullet">
/// <item>Slots that can never hold an item are not built: at stage 0 (entry) every switch receives only its lane's own
/// item (input slot 1), so at most one item leaves and no port's slot 1 exists; stage 1 then receives only slot 0 of
/// each port (its input slots 0 and 2).</item>
/// <item>A stage loads only while it or its input may hold something (<c>busy</c>, a flag that follows the stage
/// before, or at entry "a lane injects"). Every register of a stage is zero when it holds no item and no got bit (it is
/// reset to zero and a stage fed nothing loads zeros), so holding instead of loading zeros is the same; in a Verilated
/// model the planes' selections then run only while an item is in flight.</item>
/// </list>
/// </para>
/// </summary>
public sealed class ReconStage : Module
{
    public readonly Signal Enable, BusyIn, BusyOut;
    /// <summary>Entry stage only: lane j's own item (its Lower-half code tagged with its Upper lane), one port per lane.</summary>
    public readonly Signal[] EntryLow = [], EntryTag = [], EntryCode = [];
    /// <summary>Not at entry: the got planes from the stage before (bit w: lane w has its code; code planes packed).</summary>
    public readonly Signal? GotVIn, GotCodeIn;
    /// <summary>Not at entry, stages that receive items: input slot i (Left 0, Left 1, Right 0, Right 1) of every switch as
    /// planes; null where no item can arrive.</summary>
    public readonly Signal?[] ItemV = new Signal?[4], ItemTag = new Signal?[4], ItemCode = new Signal?[4];
    public readonly Signal GotVOut, GotCodeOut;
    /// <summary>Stages that forward items: output slot o (port o / 2, slot o % 2) of every switch as planes; null where no
    /// item can leave.</summary>
    public readonly Signal?[] ResV = new Signal?[4], ResTag = new Signal?[4], ResCode = new Signal?[4];
    private readonly int _stage, _n, _tw;
    private readonly bool _resIn, _resOut;

    public override string? Variant => $"s{_stage}{(_resIn ? "_m" : "")}{(_resOut ? "_r" : "")}_t{_tw}_n{_n}";

    public ReconStage(MicroScopiQConfig cfg, int stage)
    {
        _stage = stage; _n = cfg.Lanes; _tw = cfg.TagBits;
        int n = _n, tw = _tw, cw = ReconSwitch.CodeWidth, last = cfg.LastMergeStage;
        bool entry = stage == 0, resIn = _resIn = stage <= last, resOut = _resOut = stage < last;
        Enable = In(); BusyIn = In(); BusyOut = Out();
        GotVOut = Out(n); GotCodeOut = Out(cw * n);

        // Load only while this stage or its input may hold something (see the summary: exact, as an empty stage is all zero).
        var busy = Reg();
        When(Enable, () => busy.Assign(BusyIn));
        BusyOut.Assign(busy);
        var load = NamedWire(Enable & (BusyIn | busy), "load");

        var gotV = Reg(n); var gotCode = Reg(cw * n);
        GotVOut.Assign(gotV); GotCodeOut.Assign(gotCode);
        Expr gotVIn, gotCodeIn;
        if (entry) (gotVIn, gotCodeIn) = (Logic.Lit(0, n), Logic.Lit(0, cw * n));
        else { GotVIn = In(n); GotCodeIn = In(cw * n); (gotVIn, gotCodeIn) = (GotVIn, GotCodeIn); }
        if (!resIn)
        {
            // Past the last merge stage the stage only carries its lanes' got state.
            When(load, () => { gotV.Assign(gotVIn); gotCode.Assign(gotCodeIn); });
            return;
        }

        // Input items as planes; null: no item can arrive in that slot.
        var v = new Expr?[4]; var tag = new Expr?[4]; var code = new Expr?[4];
        if (entry)
        {
            // A lane's own item enters on slot 1 of its switch's left input (slot 0 is the identity item's place).
            EntryLow = [.. Enumerable.Range(0, n).Select(_ => In())];
            EntryTag = [.. Enumerable.Range(0, n).Select(_ => In(tw))];
            EntryCode = [.. Enumerable.Range(0, n).Select(_ => In(cw))];
            v[1] = Logic.Cat(EntryLow.Reverse().Select(e => (Expr)e));
            tag[1] = Pack(Enumerable.Range(0, tw).Select(b => Logic.Cat(EntryTag.Reverse().Select(t => t[b]))));
            code[1] = Pack(Enumerable.Range(0, cw).Select(c => Logic.Cat(EntryCode.Reverse().Select(x => x[c]))));
        }
        else
        {
            // Stage 1 is fed by the entry stage, which fills only slot 0 of each port.
            foreach (var i in stage == 1 ? new[] { 0, 2 } : [0, 1, 2, 3])
            {
                v[i] = ItemV[i] = In(n); tag[i] = ItemTag[i] = In(tw * n); code[i] = ItemCode[i] = In(cw * n);
            }
        }
        var present = Enumerable.Range(0, 4).Where(i => v[i] is not null).ToArray();

        // Tag compare of every item against its switch's id (w mod 2^TagBits): planes XOR constant id planes, ORed.
        var same = new Expr?[4]; var hit = new Expr?[4];
        foreach (var i in present)
        {
            Expr differs = Logic.Lit(0, n);
            for (var b = 0; b < tw; b++) differs = b == 0 ? Plane(tag[i]!, 0) ^ IdPlane(b) : differs | (Plane(tag[i]!, b) ^ IdPlane(b));
            same[i] = NamedWire(~differs, $"same_{i}");            // item i's tag is its switch's id
            hit[i] = NamedWire(v[i]! & same[i]!, $"hit_{i}");      // ... and it is valid: it has reached its lane
        }
        // Merge: the lowest-numbered hit's code wins (items are met in input order); with none the incoming got passes on.
        var anyHit = present.Select(i => hit[i]!).Aggregate((a, b) => a | b);
        var merged = Pack(Enumerable.Range(0, cw).Select(c =>
            present.Reverse().Aggregate(Plane(gotCodeIn, c), (r, i) => Blend(hit[i]!, Plane(code[i]!, c), r))));
        When(load, () => { gotV.Assign(gotVIn | anyHit); gotCode.Assign(merged); });
        if (!resOut) return;

        // Items that travel on leave through port tag[stage] (Left = 0); each port's two slots take them in input order.
        bool oneItem = present.Length == 1;
        for (var port = 0; port < 2; port++)
        {
            var go = new Expr?[4];
            foreach (var i in present)
            {
                var right = Plane(tag[i]!, stage);
                go[i] = NamedWire(v[i]! & ~same[i]! & (port == 1 ? right : ~right), $"go_{port}_{i}");
            }
            for (var slot = 0; slot < (oneItem ? 1 : 2); slot++)
            {
                // slot 0 takes the first item going this way, slot 1 the first one after it (an earlier one also goes).
                var take = new Expr?[4];
                Expr? earlier = null;
                foreach (var i in present)
                {
                    take[i] = slot == 0 ? go[i] : earlier is null ? null : go[i]! & earlier;
                    earlier = earlier is null ? go[i] : earlier | go[i]!;
                }
                var takers = present.Where(i => take[i] is not null).ToArray();
                int o = 2 * port + slot;
                var rv = Reg(n).Named($"slot_v_{o}"); var rt = Reg(tw * n).Named($"slot_tag_{o}"); var rc = Reg(cw * n).Named($"slot_code_{o}");
                var valid = takers.Select(i => take[i]!).Aggregate((a, b) => a | b);
                var tagOut = Pack(Enumerable.Range(0, tw).Select(b => Chain(takers, take, i => Plane(tag[i]!, b))));
                var codeOut = Pack(Enumerable.Range(0, cw).Select(c => Chain(takers, take, i => Plane(code[i]!, c))));
                When(load, () => { rv.Assign(valid); rt.Assign(tagOut); rc.Assign(codeOut); });
                var (resV, resTag, resCode) = (ResV[o], ResTag[o], ResCode[o]) = (Out(n), Out(tw * n), Out(cw * n));
                resV.Assign(rv); resTag.Assign(rt); resCode.Assign(rc);
            }
        }
    }

    /// <summary>Plane b (Lanes bits) of a packed vector of planes.</summary>
    private Expr Plane(Expr packed, int b) => packed[b * _n + _n - 1, b * _n];

    /// <summary>Planes packed, plane 0 lowest.</summary>
    private static Expr Pack(IEnumerable<Expr> planes) => Logic.Cat(planes.Reverse());

    /// <summary>Constant plane of switch id bit b: bit w is bit b of w mod 2^TagBits.</summary>
    private Expr IdPlane(int b)
    {
        var bits = BigInteger.Zero;
        for (var w = 0; w < _n; w++) if (((w >> b) & 1) != 0) bits |= BigInteger.One << w;
        return Logic.Lit(bits, _n);
    }

    /// <summary>Per bit g ? a : r (a multiplexer per bit, written with word operations).</summary>
    private static Expr Blend(Expr g, Expr a, Expr r) => (g & a) | (~g & r);

    /// <summary>The field of the lowest-numbered item whose take bit is set, per switch (0 when none): the switch's
    /// priority chain of multiplexers, on whole planes.</summary>
    private static Expr Chain(int[] takers, Expr?[] take, Func<int, Expr> field)
    {
        Expr? r = null;
        foreach (var i in takers.Reverse()) r = r is null ? take[i]! & field(i) : Blend(take[i]!, field(i), r);
        return r!;
    }
}
