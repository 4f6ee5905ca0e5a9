using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.RealModel.Context;

/// <summary>Where a stored row of <see cref="StoredBlock.RowLength"/> weights goes in the graph: tensor (0 q, 1 k, 2 v,
/// 3 attention output, 4 FFN up, 5 FFN down; the graph's [In, Out] layout), first element and element stride.</summary>
public readonly record struct RowTarget(int Tensor, int Offset, int Stride);

/// <summary>
/// One encoder block as the model store holds it: INT8 words (the base quantizer below) in an 8-bit
/// <see cref="BitPlaneStore"/> of 512-weight blocks, laid out so that a head and an FFN neuron can each be read at
/// its own precision.
/// <para>Layout (docs/context-precision.md): every stored row holds hidden (384) weights. Head h: its 32 rows of Q,
/// of K, of V, then its 32 columns of the attention output stored transposed (a row each) — 128 rows = 49 152
/// weights = 96 whole blocks, no padding. Then the neurons in pairs: neuron n is the up projection's row n and the
/// down projection's column n (transposed), 768 weights = 1.5 blocks; a pair fills 3 blocks, and the middle block
/// holds the second half of neuron 2m and the first half of 2m+1, so it is served at the higher of their two
/// widths (the layout's only cost: no padding, no extra storage, some bits over-served).</para>
/// <para>Base quantizer: symmetric INT8 per stored row, scale = max|row| / 127 rounded to FP16 (kept beside the
/// store as metadata, 16 bits per 384 weights), codes round-half-away and clamped to ±127.</para>
/// </summary>
public sealed class StoredBlock
{
    public const int RowLength = 384;
    public EncoderBlock Block { get; }
    public BitPlaneStore Store { get; }
    public float[] Scales { get; }
    public RowTarget[] Rows { get; }
    /// <summary>Word range [Start, End) of each head and of each neuron in the store.</summary>
    public (int Start, int End)[] HeadWords { get; }
    public (int Start, int End)[] NeuronWords { get; }
    public int Blocks => Store.Blocks;
    private readonly sbyte[] _words;

    public StoredBlock(EncoderGraph graph, EncoderBlock block)
    {
        if (block.Hidden != RowLength) throw new InvalidDataException($"the store layout assumes hidden {RowLength}, block {block.Index} has {block.Hidden}");
        Block = block;
        int hid = block.Hidden, d = EncoderBlock.HeadDim, nrn = block.Neurons;
        var w = new[] { block.Q, block.K, block.V, block.AttnOut, block.FfnUp, block.FfnDown }.Select(graph.Weight).ToArray();
        var rows = new List<(RowTarget Target, Func<int, float> Value)>();
        HeadWords = new (int, int)[block.Heads];
        for (int h = 0; h < block.Heads; h++)
        {
            int start = rows.Count * RowLength;
            for (int t = 0; t < 3; t++)
                for (int j = 0; j < d; j++)
                {
                    int o = h * d + j, tt = t;   // row o of W[out × in]: graph element (i, o) at i·Out + o
                    rows.Add((new RowTarget(t, o, hid), i => w[tt][o * hid + i]));
                }
            for (int j = 0; j < d; j++)
            {
                int c = h * d + j;               // column c of the attention output: graph element (c, o) at c·Out + o
                rows.Add((new RowTarget(3, c * hid, 1), o => w[3][o * hid + c]));
            }
            HeadWords[h] = (start, rows.Count * RowLength);
        }
        NeuronWords = new (int, int)[nrn];
        for (int n = 0; n < nrn; n++)
        {
            int start = rows.Count * RowLength, nn = n;
            rows.Add((new RowTarget(4, n, nrn), i => w[4][nn * hid + i]));          // up row n: element (i, n) at i·1536 + n
            rows.Add((new RowTarget(5, n * hid, 1), o => w[5][o * nrn + nn]));      // down column n: element (n, o) at n·384 + o
            NeuronWords[n] = (start, rows.Count * RowLength);
        }
        if (rows.Count * RowLength % BitPlaneStore.BlockWeights != 0) throw new InvalidDataException("stored rows do not fill whole blocks");
        Rows = [.. rows.Select(r => r.Target)];
        Scales = new float[rows.Count];
        _words = new sbyte[rows.Count * RowLength];
        for (int r = 0; r < rows.Count; r++)
        {
            double amax = 0;
            for (int i = 0; i < RowLength; i++) amax = Math.Max(amax, Math.Abs(rows[r].Value(i)));
            float s = (float)(Half)(amax / 127);
            Scales[r] = s;
            for (int i = 0; i < RowLength; i++)
                _words[r * RowLength + i] = s == 0 ? (sbyte)0 : (sbyte)Math.Clamp(Math.Round(rows[r].Value(i) / s, MidpointRounding.AwayFromZero), -127, 127);
        }
        Store = BitPlaneStore.FromInt8(_words);
    }

    /// <summary>The stored INT8 word i (what plane reads of the store give back at full precision).</summary>
    public sbyte Word(int i) => _words[i];

    /// <summary>Store blocks each unit touches: [first, last] by word range.</summary>
    public static (int First, int Last) BlocksOf((int Start, int End) words) => (words.Start / BitPlaneStore.BlockWeights, (words.End - 1) / BitPlaneStore.BlockWeights);

    /// <summary>Bits each store block is read at: the highest width among the units it holds.</summary>
    public int[] BlockBits(int[] headBits, int[] neuronBits)
    {
        var bits = new int[Blocks];
        void Mark((int Start, int End) words, int k)
        {
            var (a, b) = BlocksOf(words);
            for (int i = a; i <= b; i++) bits[i] = Math.Max(bits[i], k);
        }
        for (int h = 0; h < HeadWords.Length; h++) Mark(HeadWords[h], headBits[h]);
        for (int n = 0; n < NeuronWords.Length; n++) Mark(NeuronWords[n], neuronBits[n]);
        return bits;
    }

    /// <summary>
    /// Writes the served weights into the six graph tensors ([In, Out] each, in Q, K, V, attention output, FFN up,
    /// FFN down order): every store block dequantized from its INT8 words at its width (<see cref="ServedCode"/>).
    /// </summary>
    public void Serve(int[] blockBits, ViewRounding rounding, float[][] tensors)
    {
        var tables = new float[9][];
        for (int b = 0; b < Blocks; b++)
        {
            int k = blockBits[b];
            var table = tables[k] ??= Enumerable.Range(-128, 256).Select(v => (float)ServedValue((sbyte)v, k, rounding)).ToArray();
            int w0 = b * BitPlaneStore.BlockWeights, r = w0 / RowLength, i = w0 - r * RowLength;
            var t = Rows[r];
            var dest = tensors[t.Tensor];
            float scale = Scales[r];
            for (int wi = w0; wi < w0 + BitPlaneStore.BlockWeights; wi++)
            {
                dest[t.Offset + i * t.Stride] = table[_words[wi] + 128] * scale;
                if (++i == RowLength && wi + 1 < _words.Length)
                {
                    i = 0;
                    t = Rows[++r];
                    dest = tensors[t.Tensor];
                    scale = Scales[r];
                }
            }
        }
    }

    /// <summary>
    /// The signed k-bit code a read at width k returns for INT8 word v: truncation keeps the top k bits (v >> (8 − k));
    /// guard-plane rounding reads one more plane and rounds to nearest, ties up, saturating at 2^(k−1) − 1 (the
    /// store's rule, <see cref="KBitView"/>).
    /// </summary>
    public static int ServedCode(sbyte v, int k, ViewRounding rounding)
    {
        if (k == 8) return v;
        if (rounding == ViewRounding.Truncate) return v >> (8 - k);
        int t = v >> (7 - k);
        return Math.Min((t + 1) >> 1, (1 << (k - 1)) - 1);
    }

    /// <summary>
    /// The INT8-scale value the dequantizer gives a code: c·2^(8−k) for rounded codes; for truncated codes (k &lt; 8) the
    /// middle of the interval the code stands for, c·2^(8−k) + 2^(7−k), since truncation always rounds down.
    /// </summary>
    public static double ServedValue(sbyte v, int k, ViewRounding rounding)
    {
        int c = ServedCode(v, k, rounding);
        double q = c * (double)(1 << (8 - k));
        return rounding == ViewRounding.Truncate && k < 8 ? q + (1 << (7 - k)) : q;
    }
}
