using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Golden model of one multi-precision PE, from the specification (docs/spec/microscopiq-format.md: sign-magnitude
/// weight codes; docs/spec/recon.md "Exact merge arithmetic": an inlier lane adds p = ±mag·x'). A 4-bit weight word
/// is one 4-bit code {sign [3], magnitude [2:0]} on lane 0 at bb = 4, or two 2-bit codes {sign, 1-bit magnitude}
/// (lane 0 in [1:0], lane 1 in [3:2]) at bb = 2. Two weight banks: a load writes the bank it names, a token uses the
/// bank it carries. On an enabled cycle the activation, valid and bank move one PE on and each lane's partial sum
/// becomes psum_in + p (two's complement, wrapping at the accumulator width); everything holds otherwise.
/// </summary>
public sealed class PeGolden : ICycleModel
{
    private readonly PortSlot _enable, _twoBitMode, _loadEn, _loadBank, _loadWeight, _actIn, _validIn, _bankIn;
    private readonly PortSlot _actOut, _validOut, _bankOut;
    private readonly PortSlot[] _psumIn, _psumOut, _weights;
    private readonly int _accWidth;
    private readonly ulong[] _bankWeight = new ulong[2];
    private readonly long[] _psum = new long[2];
    private long _act;
    private bool _valid, _bank;

    public PeGolden(MultiPrecisionPe pe, MicroScopiQConfig cfg, PortMap map)
    {
        _accWidth = cfg.AccumulatorWidth;
        (_enable, _twoBitMode, _loadEn, _loadBank, _loadWeight) = (map[pe.Enable], map[pe.TwoBitMode], map[pe.LoadEn], map[pe.LoadBank], map[pe.LoadWeight]);
        (_actIn, _validIn, _bankIn) = (map[pe.ActIn], map[pe.ValidIn], map[pe.BankIn]);
        (_actOut, _validOut, _bankOut) = (map[pe.ActOut], map[pe.ValidOut], map[pe.BankOut]);
        (_psumIn, _psumOut, _weights) = (map.Slots(pe.PsumIn), map.Slots(pe.PsumOut), map.Slots(pe.Weights));
    }

    public void Reset()
    {
        Array.Clear(_bankWeight);
        Array.Clear(_psum);
        (_act, _valid, _bank) = (0, false, false);
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        outputs.SetSigned(_actOut, _act);
        outputs[_validOut] = _valid ? 1UL : 0UL;
        outputs[_bankOut] = _bank ? 1UL : 0UL;
        for (var j = 0; j < 2; j++)
        {
            outputs.SetSigned(_psumOut[j], _psum[j]);
            outputs[_weights[j]] = _bankWeight[j];
        }
    }

    public void Tick(PortValues inputs)
    {
        if (inputs[_enable] != 0)
        {
            var word = _bankWeight[inputs[_bankIn]];
            var bb2 = inputs[_twoBitMode] != 0;
            var x = inputs.GetSigned(_actIn);
            for (var j = 0; j < 2; j++)
            {
                var (negative, magnitude) = Code(word, bb2, j);
                var p = (negative ? -magnitude : magnitude) * x;
                _psum[j] = Wrap(inputs.GetSigned(_psumIn[j]) + p);
            }
            (_act, _valid, _bank) = (x, inputs[_validIn] != 0, inputs[_bankIn] != 0);
        }
        // The load uses the bank registers after this cycle's products read them (a register write at the edge).
        if (inputs[_loadEn] != 0) _bankWeight[inputs[_loadBank]] = inputs[_loadWeight];
    }

    /// <summary>Lane <paramref name="lane"/>'s sign-magnitude code in a weight word (a 4-bit code uses lane 0 only).</summary>
    public static (bool Negative, long Magnitude) Code(ulong word, bool bb2, int lane) => (bb2, lane) switch
    {
        (false, 0) => ((word & 8) != 0, (long)(word & 7)),
        (false, _) => (false, 0),
        (true, 0) => ((word & 2) != 0, (long)(word & 1)),
        (true, _) => ((word & 8) != 0, (long)((word >> 2) & 1)),
    };

    private long Wrap(long v) => (v << (64 - _accWidth)) >> (64 - _accWidth);
}
