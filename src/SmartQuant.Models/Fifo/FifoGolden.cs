using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;

namespace SmartQuant.Models.Fifo;

/// <summary>
/// Golden cycle model of the valid/ready FIFO, from its specification: a bounded queue. A push is accepted while
/// not full, a pop while not empty; both may happen in one cycle. The head entry is shown while out_valid
/// (out_data is a don't-care while empty; this model shows zero there).
/// </summary>
public sealed class FifoGolden : ICycleModel
{
    private readonly int _depth, _words;
    private readonly ulong[] _ring; // _depth entries of _words words each
    private int _head, _count;
    private readonly PortSlot _inValid, _inData, _outReady, _inReady, _outValid, _outData, _countOut;

    public FifoGolden(FifoConfig config, FifoPorts ports)
    {
        Ports = ports;
        _depth = config.Depth;
        _words = (config.Width + 63) / 64;
        _ring = new ulong[_depth * _words];
        (_inValid, _inData, _outReady) = (ports.InValid, ports.InData, ports.OutReady);
        (_inReady, _outValid, _outData, _countOut) = (ports.InReady, ports.OutValid, ports.OutData, ports.Count);
    }

    /// <summary>The ports this model reads and writes (its line trace shows the same ones).</summary>
    public FifoPorts Ports { get; }

    public int Count => _count;
    public int Depth => _depth;

    public void Reset() => (_head, _count) = (0, 0);

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        outputs[_inReady] = _count < _depth ? 1UL : 0UL;
        outputs[_outValid] = _count > 0 ? 1UL : 0UL;
        outputs[_countOut] = (ulong)_count;
        if (_count > 0) outputs.SetWide(_outData, Entry(_head));
        else outputs.Words.AsSpan(_outData.Offset, _outData.Words).Clear();
    }

    public void Tick(PortValues inputs)
    {
        var push = inputs[_inValid] != 0 && _count < _depth;
        var pop = inputs[_outReady] != 0 && _count > 0;
        if (pop) { _head = (_head + 1) % _depth; _count--; }
        if (push)
        {
            inputs.GetWide(_inData).CopyTo(Entry((_head + _count) % _depth));
            _count++;
        }
    }

    private Span<ulong> Entry(int index) => _ring.AsSpan(index * _words, _words);
}
