using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>What a checker reports besides divergences: the golden side of a traced window, and a design's line trace.</summary>
internal sealed record CycleObserver(GoldenTrace? Golden, long GoldenFrom, Action<long, string>? LineSink, long LineFrom, long LineTo);

/// <summary>
/// The checking half of a lockstep run: given each cycle's inputs and the RTL's outputs, it evaluates the golden model,
/// keeps the 16-cycle history for reports, compares every output (don't-care rules only on the slow path, when some
/// word differs) and advances the golden model. It never touches the Verilated model, so it may run on another thread
/// than the driver and the model. The per-cycle path allocates nothing.
/// </summary>
internal sealed class LockstepChecker
{
    public const int HistoryDepth = 16;

    private readonly ISimTest _test;
    private readonly DesignUnderTest _dut;
    private readonly ulong _seed;
    private readonly PortMap _map;
    private readonly ICycleModel _golden;
    private readonly DontCarePredicate[][] _rules;
    private readonly PortValues _expected;
    private readonly History _history;
    private readonly int _outWords;
    private readonly CycleObserver? _observer;
    private readonly ILineTrace? _lineTrace;
    private readonly bool[] _dontCare, _mismatch;
    private readonly System.Text.StringBuilder _line = new();

    /// <param name="observer">Golden-trace recording and/or the line trace; null on the plain checking path.</param>
    public LockstepChecker(ISimTest test, DesignUnderTest dut, PortMap map, ulong seed, CycleObserver? observer = null)
    {
        (_test, _dut, _map, _seed) = (test, dut, map, seed);
        var config = dut.Config;
        _golden = test.CreateGolden(config, map);
        _rules = CompileRules(map, test.DontCares(map));
        _expected = map.NewOutputs();
        _outWords = map.OutputWords;
        _history = new History(HistoryDepth, map.InputWords, map.OutputWords);
        _observer = observer;
        _lineTrace = observer?.LineSink is null ? null : dut.LineTrace(_golden, map);
        (_dontCare, _mismatch) = (new bool[map.Outputs.Count], new bool[map.Outputs.Count]);
        _golden.Reset();
    }

    /// <summary>The first divergence seen so far (null while RTL and golden model agree).</summary>
    public DivergenceReport? First { get; private set; }

    /// <summary>Checks one cycle; true when this cycle is the first divergent one.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Check(long cycle, PortValues inputs, PortValues actual)
    {
        var expected = _expected;
        _golden.Evaluate(inputs, expected);
        _history.Record(cycle, inputs.Words, expected.Words, actual.Words);
        var diverged = false;
        if (First is null && !actual.Words.AsSpan(0, _outWords).SequenceEqual(expected.Words.AsSpan(0, _outWords))
            && Mismatches(inputs, actual) is { Count: > 0 } bad)
        {
            First = DivergenceReport.Create(_test, _dut, _seed, cycle, bad, _map, _history, inputs, expected, actual);
            diverged = true;
        }
        if (_observer is not null) Observe(cycle, inputs, actual);
        _golden.Tick(inputs);
        return diverged;
    }

    /// <summary>Traced or line-traced runs only: the golden side of the FST, and this cycle's line.</summary>
    private void Observe(long cycle, PortValues inputs, PortValues actual)
    {
        var o = _observer!;
        if (o.Golden is { } golden && cycle >= o.GoldenFrom)
        {
            for (var i = 0; i < _map.Outputs.Count; i++)
            {
                var p = _map.Outputs[i];
                var ignored = false;
                foreach (var rule in _rules[i]) ignored |= rule(inputs, _expected);
                _dontCare[i] = ignored;
                _mismatch[i] = !ignored && !_expected.GetWide(p).SequenceEqual(actual.GetWide(p));
            }
            golden.Record(cycle, _expected, _dontCare, _mismatch);
        }
        if (_lineTrace is not null && cycle >= o.LineFrom && cycle <= o.LineTo)
        {
            _line.Clear();
            _lineTrace.Append(_line, inputs, _expected);
            o.LineSink!(cycle, _line.ToString());
        }
    }

    private static DontCarePredicate[][] CompileRules(PortMap map, IReadOnlyList<DontCare> rules)
    {
        foreach (var r in rules)
            if (!map.Outputs.Contains(r.Port))
                throw new HdlException($"don't-care rule for '{r.Port.Name}': not one of {map.TopName}'s output slots");
        return [.. map.Outputs.Select(o => rules.Where(r => r.Port == o).Select(r => r.Ignore).ToArray())];
    }

    /// <summary>Slow path, only when some word differs: which ports really mismatch.</summary>
    private List<PortSlot> Mismatches(PortValues inputs, PortValues actual)
    {
        List<PortSlot>? bad = null;
        for (var i = 0; i < _map.Outputs.Count; i++)
        {
            var p = _map.Outputs[i];
            if (_expected.GetWide(p).SequenceEqual(actual.GetWide(p))) continue;
            var ignored = false;
            foreach (var rule in _rules[i]) ignored |= rule(inputs, _expected);
            if (!ignored) (bad ??= []).Add(p);
        }
        return bad ?? [];
    }
}
