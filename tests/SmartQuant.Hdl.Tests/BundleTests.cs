using SmartQuant.Emit;

namespace SmartQuant.Hdl.Tests;

/// <summary>Bundles: flipped forms, bulk connect, pack/unpack; the typed valid/ready channel; <see cref="Packing"/>.</summary>
public class BundleTests
{
    /// <summary>Passes a valid/ready channel through: upstream is the consumer's (flipped) side, downstream the producer's.</summary>
    private sealed class Relay : Module
    {
        public readonly ValidReady Upstream, Downstream;

        public Relay()
        {
            Upstream = new ValidReady(this, 8, flipped: true);
            Downstream = new ValidReady(this, 8);
            Downstream.Valid.Assign(Upstream.Valid);
            Downstream.Data.Assign(Upstream.Data);
            Upstream.Ready.Assign(Downstream.Ready);
        }
    }

    /// <summary>Two relays in a row: parent port to instance, instance to instance, instance to parent port.</summary>
    private sealed class Chain : Module
    {
        public readonly ValidReady Upstream, Downstream;

        public Chain()
        {
            Upstream = new ValidReady(this, 8, flipped: true);
            Downstream = new ValidReady(this, 8);
            var first = Instance(new Relay(), "first");
            var second = Instance(new Relay(), "second");
            Bundle.Connect(Upstream, first.Upstream);
            Bundle.Connect(first.Downstream, second.Upstream);
            Bundle.Connect(Downstream, second.Downstream);   // either argument order
        }
    }

    private static string Verilog(Module top, string file) =>
        VerilogEmitter.Emit(Elaborator.Elaborate(top, "t")).Single(f => f.Name == file).Content;

    private static void Contains(string verilog, params string[] lines)
    {
        foreach (var text in lines) Assert.True(verilog.Contains(text, StringComparison.Ordinal), $"'{text}' not in:\n{verilog}");
    }

    [Fact]
    public void A_flipped_bundle_turns_every_field_around()
    {
        var relay = new Relay();
        Assert.True(relay.Upstream.Flipped);
        Assert.Equal([SignalKind.Input, SignalKind.Output, SignalKind.Input], relay.Upstream.Fields.Select(f => f.Kind));
        Assert.Equal([SignalKind.Output, SignalKind.Input, SignalKind.Output], relay.Downstream.Fields.Select(f => f.Kind));
        Contains(Verilog(new Relay(), "relay.v"), "input wire upstream_valid", "output wire upstream_ready",
            "input wire [7:0] upstream_data", "output wire downstream_valid", "input wire downstream_ready");
    }

    [Fact]
    public void Connect_drives_each_field_from_its_producer_in_every_pairing()
    {
        // The driver check of elaboration fails on any field driven the wrong way, twice or not at all.
        Contains(Verilog(new Chain(), "chain.v"),
            "assign first_upstream_valid = upstream_valid;", "assign upstream_ready = first_upstream_ready;",
            "assign second_upstream_valid = first_downstream_valid;", "assign first_downstream_ready = second_upstream_ready;",
            "assign downstream_data = second_downstream_data;", "assign second_downstream_ready = downstream_ready;");
    }

    [Fact]
    public void Connect_refuses_other_bundle_types_and_unrelated_modules()
    {
        var a = new Relay();
        var b = new Relay();
        Assert.Contains("are not in one module", Assert.Throws<HdlException>(() => Bundle.Connect(a.Downstream, b.Upstream)).Message);
        var probe = new Probe(_ => { });
        var other = new OtherChannel(probe);
        Assert.Contains("cannot connect a ValidReady to a OtherChannel",
            Assert.Throws<HdlException>(() => Bundle.Connect(a.Downstream, other)).Message);
    }

    private sealed class OtherChannel : Bundle
    {
        public readonly Signal Valid;
        public OtherChannel(Module m) : base(m, flipped: false) { Valid = Forward(); }
    }

    [Fact]
    public void Packing_puts_the_first_field_in_the_low_bits_and_gives_each_back_with_its_width_and_sign()
    {
        var v = Verilog(new Probe(p =>
        {
            var token = Packing.Of(p.S8, p.A[0], p.B);   // 8 + 1 + 8 bits
            Assert.Equal(17, token.Width);
            Assert.Equal(17, token.Packed.Width);
            var delayed = p.Reg(17).Named("delayed");
            delayed.Assign(token.Packed);
            var parts = token.Unpack(delayed);
            Assert.Equal([8, 1, 8], parts.Select(e => e.Width));
            Assert.Equal([true, false, false], parts.Select(e => e.Signed));
            p.Y.Assign(parts[2] ^ parts[0].AsUnsigned() ^ parts[1].Extend(8));
            Assert.Throws<HdlException>(() => token.Unpack(p.A));
        }), "probe.v");
        Contains(v, "delayed[16:9]", "delayed[7:0]", "delayed[8]", "delayed <= {b, _delayed_0, s8};");
    }
}
