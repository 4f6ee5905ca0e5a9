namespace SmartQuant.RealModel.Context;

/// <summary>
/// One transformer block of the encoder as the context experiment sees it: its six linear layers, its attention
/// heads (<see cref="HeadDim"/> rows of Q, K and V and as many columns of the attention output each) and its FFN
/// neurons (one row of the up projection and one column of the down projection each).
/// </summary>
public sealed record EncoderBlock(int Index, LinearLayer Q, LinearLayer K, LinearLayer V, LinearLayer AttnOut, LinearLayer FfnUp, LinearLayer FfnDown)
{
    /// <summary>all-MiniLM-L6-v2 (BERT) attention heads are 32 wide (hidden 384 = 12 heads × 32).</summary>
    public const int HeadDim = 32;

    public int Hidden => Q.In;
    public int Heads => Q.Out / HeadDim;
    public int Neurons => FfnUp.Out;
    public IEnumerable<LinearLayer> Layers => [Q, K, V, AttnOut, FfnUp, FfnDown];

    /// <summary>The blocks of a graph, in order: its linear layers grouped by "encoder.layer.N.", checked for BERT's shapes.</summary>
    public static IReadOnlyList<EncoderBlock> Of(EncoderGraph graph)
    {
        var blocks = new List<EncoderBlock>();
        foreach (var g in graph.Layers.GroupBy(l => BlockIndex(l.Name)).OrderBy(g => g.Key))
        {
            LinearLayer Find(string kind) => g.SingleOrDefault(l => l.Kind == kind)
                ?? throw new InvalidDataException($"encoder block {g.Key} has no {kind} layer");
            var b = new EncoderBlock(g.Key, Find("q"), Find("k"), Find("v"), Find("attn-out"), Find("ffn-up"), Find("ffn-down"));
            int h = b.Hidden;
            bool ok = b.Q.Out == h && b.K.Out == h && b.K.In == h && b.V.Out == h && b.V.In == h && b.AttnOut.In == h && b.AttnOut.Out == h
                && b.FfnUp.In == h && b.FfnDown.In == b.Neurons && b.FfnDown.Out == h && h % HeadDim == 0;
            if (!ok) throw new InvalidDataException($"encoder block {g.Key} does not have BERT's shapes (hidden {h}, heads of {HeadDim})");
            blocks.Add(b);
        }
        return blocks;
    }

    private static int BlockIndex(string name)
    {
        var parts = name.Split('.');
        if (parts.Length < 3 || parts[0] != "encoder" || parts[1] != "layer" || !int.TryParse(parts[2], out var i))
            throw new InvalidDataException($"layer {name} is not inside an encoder.layer.N block");
        return i;
    }
}
