using System.Runtime.CompilerServices;

namespace SmartQuant.Sim;

/// <summary>
/// Small deterministic generator (xorshift64*, seeded through SplitMix64) for stimulus: the same seed gives the same
/// sequence on every platform and .NET version, so a printed seed replays a run exactly. A struct-free class with
/// no allocation per draw.
/// </summary>
public sealed class SimRandom
{
    private ulong _state;

    public SimRandom(ulong seed) => _state = Mix(seed) | 1;

    /// <summary>SplitMix64 finalizer: spreads nearby seeds far apart.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // drivers draw several times per cycle
    public ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>Uniform in [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Below(int n) => (int)(((Next() >> 32) * (ulong)n) >> 32); // multiply-shift: no division

    /// <summary>True with probability <paramref name="percent"/>/100.</summary>
    public bool Chance(int percent) => Below(100) < percent;

    /// <summary>Random bits of a <paramref name="width"/>-bit value (width ≤ 64).</summary>
    public ulong Bits(int width) => width >= 64 ? Next() : Next() & ((1UL << width) - 1);

    /// <summary>Hands out random bits a few at a time from 64-bit draws (operands of a few bits each are cheap).</summary>
    public sealed class BitReservoir(SimRandom rng)
    {
        private ulong _bits;
        private int _left;

        /// <summary>Random bits of a <paramref name="width"/>-bit value (width ≤ 64).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Take(int width)
        {
            if (width > 32) return rng.Bits(width);
            if (_left < width) { _bits = rng.Next(); _left = 64; }
            var v = _bits & ((1UL << width) - 1);
            _bits >>= width;
            _left -= width;
            return v;
        }
    }
}
