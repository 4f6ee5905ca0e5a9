using SmartQuant.Models.Dram;

namespace SmartQuant.Cxl.Tests.Dram;

internal static class DramTestHelpers
{
    /// <summary>Clocks the model (nothing offered, consumer ready) until a response is presented; returns it and consumes it.</summary>
    public static DramResponse RunUntilResponse(DramModel m, int maxCycles = 100_000)
    {
        for (int i = 0; i < maxCycles; i++)
        {
            if (m.Response is { } r)
            {
                m.Clock(null, responseReady: true);
                return r;
            }
            m.Clock(null, responseReady: true);
        }
        throw new Xunit.Sdk.XunitException("no response");
    }

    /// <summary>Offers one request in the current cycle (asserting it is accepted).</summary>
    public static void Offer(DramModel m, DramRequest r, bool responseReady = true)
    {
        Assert.True(m.RequestReady);
        Assert.True(m.Clock(r, responseReady));
    }

    public static void Idle(DramModel m, int cycles)
    {
        for (int i = 0; i < cycles; i++) m.Clock(null, true);
    }

    public static byte[] Pattern(int seed)
    {
        var b = new byte[64];
        for (int i = 0; i < 64; i++) b[i] = (byte)(seed * 31 + i * 7 + 1);
        return b;
    }
}
