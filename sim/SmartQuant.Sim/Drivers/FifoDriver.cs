using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.Fifo;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// Random valid/ready traffic for the FIFO: the producer keeps valid and data stable until accepted (the protocol),
/// the consumer applies random back-pressure. Push/pop rates change every 256 cycles so runs hit full and empty often.
/// </summary>
public sealed class FifoDriver(FifoPorts ports, ulong seed) : IStimulusDriver
{
    private static readonly int[] Rates = [0, 10, 50, 90, 100];
    private readonly SimRandom _rng = new(seed);
    private readonly PortSlot _inValid = ports.InValid, _inData = ports.InData, _outReady = ports.OutReady, _inReady = ports.InReady;
    private int _pushRate = 50, _popRate = 50;

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        if (cycle % 256 == 0) (_pushRate, _popRate) = (Rates[_rng.Below(Rates.Length)], Rates[_rng.Below(Rates.Length)]);
        var held = cycle > 0 && inputs[_inValid] != 0 && outputs[_inReady] == 0;
        if (!held)
        {
            var valid = _rng.Chance(_pushRate);
            inputs[_inValid] = valid ? 1UL : 0UL;
            var words = inputs.Words.AsSpan(_inData.Offset, _inData.Words);
            // Data is random even while invalid: the FIFO must ignore it.
            for (var i = 0; i < words.Length; i++) words[i] = _rng.Next();
            words[^1] &= _inData.TopMask;
        }
        inputs[_outReady] = _rng.Chance(_popRate) ? 1UL : 0UL;
    }
}
