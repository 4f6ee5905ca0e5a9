using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// HDM decoder control at the spec's bit positions (CXL 2.0 §8.2.5.12.7) on the golden model: Commit of a legal
/// setting sets Committed and decodes; Commit of an illegal IG/IW sets Error Not Committed and every read is a read of
/// no memory (all ones, poisoned; MemData under the default CXL 2.0 port, see <see cref="NoMemoryReadTests"/>);
/// Commit = 0 de-commits; Lock On Commit freezes base, size and control until reset. (The RTL decoder is checked
/// against the same rules in HdmDecoderRtlTests; the co-simulations read the control register back every few cycles.)
/// </summary>
public class HdmControlTests
{
    private const long Base = 1L << 22;

    private static (CxlHostDriver Host, byte[] Weights) Loaded()
    {
        var (_, host, _) = GoldenBench.Create(GoldenBench.Small);
        var w = GoldenBench.RandomWeights(1, 3);
        host.Program(Base, 1 << 24, GoldenBench.Regions(1, 4));
        for (var l = 0; l < 8; l++) host.Write(l, w.AsSpan(64 * l, 64).ToArray());
        host.Run();
        return (host, w);
    }

    /// <summary>Whether the read got data (MemData, not poisoned) or the answer to a read of no memory (all ones, poisoned).</summary>
    private static bool ReadsData(CxlHostDriver host, long hpa)
    {
        host.Done.Clear();
        host.ReadHpa(hpa);
        host.Run();
        var r = host.Done.Single();
        Assert.Equal(CxlOpcodes.MemData, r.Opcode);        // CXL 2.0 port: no MemData-NXM
        if (!r.Poison) return true;
        Assert.All(r.Data, b => Assert.Equal(0xFF, b));
        return false;
    }

    private static ulong Ctrl(CxlHostDriver host) => host.ReadRegister(CxlRegisters.HdmCtrl);

    [Fact]
    public void Commit_sets_committed_and_decodes()
    {
        var (host, _) = Loaded();
        Assert.Equal(CxlRegisters.HdmControl(0, 0, true) | 1UL << HdmDecoder.CommittedBit, Ctrl(host));
        Assert.True(ReadsData(host, Base + 3));
        host.WriteRegister(CxlRegisters.HdmCtrl, CxlRegisters.HdmControl(0, 0, commit: false));
        Assert.Equal(0UL, Ctrl(host) >> HdmDecoder.CommittedBit);
        Assert.False(ReadsData(host, Base + 3));
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(0, 5)]
    [InlineData(2, 11)]
    public void Illegal_commit_sets_error_not_committed_and_reads_nxm(int ig, int iw)
    {
        var (host, _) = Loaded();
        host.WriteRegister(CxlRegisters.HdmCtrl, CxlRegisters.HdmControl(ig, iw, true));
        Assert.Equal(CxlRegisters.HdmControl(ig, iw, true) | 1UL << HdmDecoder.ErrorNotCommittedBit, Ctrl(host));
        Assert.False(ReadsData(host, Base + 3));
    }

    [Fact]
    public void Lock_on_commit_ignores_writes_to_base_size_and_control()
    {
        var (host, w) = Loaded();
        var locked = CxlRegisters.HdmControl(0, 0, true, lockOnCommit: true);
        host.WriteRegister(CxlRegisters.HdmCtrl, locked);
        host.WriteRegister(CxlRegisters.HdmBase, (ulong)(2 * Base));
        host.WriteRegister(CxlRegisters.HdmSize, 1);
        host.WriteRegister(CxlRegisters.HdmCtrl, CxlRegisters.HdmControl(1, 1, commit: false));
        Assert.Equal((ulong)Base, host.ReadRegister(CxlRegisters.HdmBase));
        Assert.Equal(1UL << 24, host.ReadRegister(CxlRegisters.HdmSize));
        Assert.Equal(locked | 1UL << HdmDecoder.CommittedBit, Ctrl(host));
        host.Done.Clear();
        host.ReadHpa(Base + 5);
        host.Run();
        Assert.Equal(w.AsSpan(5 * 64, 64).ToArray(), host.Done.Single().Data);
    }
}
