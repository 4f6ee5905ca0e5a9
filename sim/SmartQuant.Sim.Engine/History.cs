namespace SmartQuant.Sim;

/// <summary>The last N cycles of inputs, expected and actual outputs, kept in preallocated rings for reports.</summary>
public sealed class History(int depth, int inputWords, int outputWords)
{
    private readonly long[] _cycles = Enumerable.Repeat(-1L, depth).ToArray();
    private readonly ulong[] _in = new ulong[depth * Math.Max(inputWords, 1)];
    private readonly ulong[] _exp = new ulong[depth * Math.Max(outputWords, 1)];
    private readonly ulong[] _act = new ulong[depth * Math.Max(outputWords, 1)];
    private long _count;
    private int _next; // slot of the next record (a wrapping index: no division on the per-cycle path)

    public int Depth => depth;

    public void Record(long cycle, ulong[] inputs, ulong[] expected, ulong[] actual)
    {
        var slot = _next;
        _next = _next + 1 == depth ? 0 : _next + 1;
        _count++;
        _cycles[slot] = cycle;
        inputs.AsSpan(0, inputWords).CopyTo(_in.AsSpan(slot * inputWords));
        expected.AsSpan(0, outputWords).CopyTo(_exp.AsSpan(slot * outputWords));
        actual.AsSpan(0, outputWords).CopyTo(_act.AsSpan(slot * outputWords));
    }

    /// <summary>Recorded cycles, oldest first: (cycle, inputs, expected, actual) copies.</summary>
    public IReadOnlyList<(long Cycle, ulong[] Inputs, ulong[] Expected, ulong[] Actual)> Rows()
    {
        var rows = new List<(long, ulong[], ulong[], ulong[])>();
        var n = (int)Math.Min(_count, depth);
        for (var k = 0; k < n; k++)
        {
            var slot = (int)((_count - n + k) % depth);
            rows.Add((_cycles[slot], _in.AsSpan(slot * inputWords, inputWords).ToArray(),
                _exp.AsSpan(slot * outputWords, outputWords).ToArray(), _act.AsSpan(slot * outputWords, outputWords).ToArray()));
        }
        return rows;
    }
}
