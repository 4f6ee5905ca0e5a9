namespace SmartQuant.Sim;

/// <summary>The last N cycles of inputs, expected and actual outputs, kept in preallocated rings for reports.</summary>
public sealed class History(int depth, int inputWords, int outputWords)
{
    private readonly long[] _cycles = Enumerable.Repeat(-1L, depth).ToArray();
    private readonly ulong[] _in = new ulong[depth * Math.Max(inputWords, 1)];
    private readonly ulong[] _exp = new ulong[depth * Math.Max(outputWords, 1)];
    private readonly ulong[] _act = new ulong[depth * Math.Max(outputWords, 1)];
    private long _count;

    public int Depth => depth;

    public void Record(long cycle, ulong[] inputs, ulong[] expected, ulong[] actual)
    {
        var slot = (int)(_count++ % depth);
        _cycles[slot] = cycle;
        Array.Copy(inputs, 0, _in, slot * inputWords, inputWords);
        Array.Copy(expected, 0, _exp, slot * outputWords, outputWords);
        Array.Copy(actual, 0, _act, slot * outputWords, outputWords);
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
