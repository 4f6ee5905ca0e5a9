using System.Buffers.Binary;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Recon;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>Pack / unpack / validate the MicroScopiQ packed format (docs/spec/microscopiq-format.md; layout in <see cref="PackedTensor"/>).</summary>
public static class MicroScopiQPacker
{
    private static readonly ReconTopology MicroRecon = new(8);

    public static PackedTensor Pack(QuantizedTensor q)
    {
        var weights = PackCodes(q.Codes, q.Layout.Bits);
        int macros = q.MacroBlocksPerCol * q.Cols;
        int present = 0;
        foreach (byte c in q.PairCount) if (c != 0) present++;
        var meta = new byte[3 * macros + 4 * present];
        int pos = 0, upm = q.Layout.MicroBlocksPerMacro;
        for (int mac = 0; mac < macros; mac++)
        {
            meta[pos++] = E8M0.Encode(q.InlierExponent[mac]);
            int mask = 0;
            for (int j = 0; j < upm; j++) if (q.PairCount[mac * upm + j] != 0) mask |= 1 << j;
            BinaryPrimitives.WriteUInt16LittleEndian(meta.AsSpan(pos), (ushort)mask);
            pos += 2;
            for (int j = 0; j < upm; j++)
            {
                int mi = mac * upm + j;
                if (q.PairCount[mi] == 0) continue;
                uint rec = (uint)q.DeltaO[mi] << 24;
                for (int e = 0; e < q.PairCount[mi]; e++) rec |= (uint)q.Pairs[mi * 4 + e] << (6 * e);
                BinaryPrimitives.WriteUInt32LittleEndian(meta.AsSpan(pos), rec);
                pos += 4;
            }
        }
        return new PackedTensor(q.Rows, q.Cols, q.Layout, weights, meta);
    }

    /// <summary>Decodes and validates; every inconsistency is an <see cref="InvalidDataException"/> naming the place.</summary>
    public static QuantizedTensor Unpack(PackedTensor p)
    {
        try { p.Layout.Validate(p.Rows); } catch (ArgumentException e) { throw new InvalidDataException($"packed tensor: {e.Message}"); }
        int bb = p.Layout.Bits;
        long count = (long)p.Rows * p.Cols;
        if (p.Cols <= 0 || count > int.MaxValue) throw new InvalidDataException($"packed tensor: bad shape {p.Rows}×{p.Cols}");
        long wantWeights = (count * bb + 7) / 8;
        if (p.Weights.Length != wantWeights) throw new InvalidDataException($"weight section is {p.Weights.Length} bytes, expected {wantWeights} for {p.Rows}×{p.Cols} at {bb} bits");
        var q = new QuantizedTensor(p.Rows, p.Cols, p.Layout);
        UnpackCodes(p.Weights, bb, q.Codes);
        var meta = p.Metadata;
        int pos = 0, upm = p.Layout.MicroBlocksPerMacro, macros = q.MacroBlocksPerCol * q.Cols;
        int mpc = q.MacroBlocksPerCol;
        // Error locations are formatted only when an error is raised (no per-block string on the fast path).
        string Where(int mac) => $"column {mac / mpc} macro-block {mac % mpc}";
        for (int mac = 0; mac < macros; mac++)
        {
            if (pos + 3 > meta.Length) throw new InvalidDataException($"metadata truncated at {Where(mac)}");
            byte isf = meta[pos++];
            if (isf == E8M0.NaN) throw new InvalidDataException($"{Where(mac)}: inlier exponent is the E8M0 NaN code");
            q.InlierExponent[mac] = isf - E8M0.Bias;
            int mask = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(pos));
            pos += 2;
            if ((mask >> upm) != 0) throw new InvalidDataException($"{Where(mac)}: presence mask 0x{mask:X4} marks micro-blocks beyond {upm}");
            for (int j = 0; j < upm; j++)
            {
                if ((mask & (1 << j)) == 0) continue;
                if (pos + 4 > meta.Length) throw new InvalidDataException($"metadata truncated in the record of {Where(mac)} micro-block {j}");
                uint rec = BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(pos));
                pos += 4;
                if (!TryDecodeRecord(q, mac * upm + j, rec)) ThrowBadRecord(rec, $"{Where(mac)} micro-block {j}");
            }
        }
        if (pos != meta.Length) throw new InvalidDataException($"metadata has {meta.Length - pos} trailing bytes");
        ValidateCodes(q);
        return q;
    }

    /// <summary>Every canonical routable 24-bit permutation list → its pair count (built once; ≤ 5936 candidates).</summary>
    private static readonly Lazy<Dictionary<uint, byte>> RoutableLists = new(() =>
    {
        var table = new Dictionary<uint, byte>();
        for (int mask = 1; mask < 256; mask++)
        {
            int n = System.Numerics.BitOperations.PopCount((uint)mask);
            if (n > 4) continue;
            var ups = Enumerable.Range(0, 8).Where(i => (mask >> i & 1) != 0).ToArray();
            var rest = Enumerable.Range(0, 8).Where(i => (mask >> i & 1) == 0).ToArray();
            foreach (var lows in Choose(rest, n))
                foreach (var perm in ReconPairing.Permutations(n))
                {
                    var pairs = ups.Select((u, i) => new LanePair(u, lows[perm[i]])).ToArray();
                    if (!ReconRouter.TryRoute(MicroRecon, pairs).Success) continue;
                    uint list = 0;
                    for (int e = 0; e < n; e++) list |= (uint)(pairs[e].Upper << 3 | pairs[e].Lower) << (6 * e);
                    table[list] = (byte)n;
                }
        }
        return table;
    });

    private static IEnumerable<int[]> Choose(int[] items, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = 0; i <= items.Length - k; i++)
            foreach (var rest in Choose(items[(i + 1)..], k - 1)) yield return [items[i], .. rest];
    }

    private static bool TryDecodeRecord(QuantizedTensor q, int mi, uint rec)
    {
        q.DeltaO[mi] = (byte)(rec >> 24);
        uint list = rec & 0xFFFFFF;
        if (!RoutableLists.Value.TryGetValue(list, out byte count)) return false;
        for (int e = 0; e < count; e++) q.Pairs[mi * 4 + e] = (byte)(list >> (6 * e) & 63);
        q.PairCount[mi] = count;
        return true;
    }

    /// <summary>A record that is not a canonical routable list: report its first violation.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBadRecord(uint rec, string where)
    {
        uint list = rec & 0xFFFFFF;
        bool ended = false;
        int prevUpper = -1;
        var pairs = new List<LanePair>();
        for (int e = 0; e < 4; e++)
        {
            int entry = (int)(list >> (6 * e)) & 63;
            int u = entry >> 3, l = entry & 7;
            if (u == l)
            {
                if (entry != 0) throw new InvalidDataException($"{where}: unused permutation entry {e} is ({u},{l}), expected canonical (0,0)");
                ended = true;
                continue;
            }
            if (ended) throw new InvalidDataException($"{where}: permutation entry {e} follows an unused entry");
            if (u <= prevUpper) throw new InvalidDataException($"{where}: permutation entries not sorted by Upper_loc");
            prevUpper = u;
            pairs.Add(new LanePair(u, l));
        }
        if (pairs.Count == 0) throw new InvalidDataException($"{where}: marked present but its permutation list is empty");
        if (ReconRouter.ValidatePairs(MicroRecon, pairs) is string bad) throw new InvalidDataException($"{where}: {bad}");
        throw new InvalidDataException($"{where}: permutation list not routable on ReCoN: {ReconRouter.TryRoute(MicroRecon, pairs).Error}");
    }

    private static void ValidateCodes(QuantizedTensor q)
    {
        int bb = q.Layout.Bits, h = q.Layout.HalfBits, ub = q.Layout.MicroBlock;
        int signBit = 1 << (bb - 1), magMask = signBit - 1;
        // Outlier halves: only the micro-blocks with records.
        for (int mi = 0; mi < q.PairCount.Length; mi++)
        {
            if (q.PairCount[mi] == 0) continue;
            int k = mi / q.MicroBlocksPerCol, n0 = (mi % q.MicroBlocksPerCol) * ub;
            int baseIdx = k * q.Rows + n0;
            for (int e = 0; e < q.PairCount[mi]; e++)
            {
                int u = q.Pairs[mi * 4 + e] >> 3, l = q.Pairs[mi * 4 + e] & 7;
                int cu = q.Codes[baseIdx + u], cl = q.Codes[baseIdx + l];
                if ((cu & signBit) != (cl & signBit)) throw new InvalidDataException($"column {k} channel {n0 + u}: outlier halves carry different signs");
                if ((cu & magMask) >> h != 0 || (cl & magMask) >> h != 0) throw new InvalidDataException($"column {k} channel {n0 + u}: outlier half magnitude exceeds {h} bits");
            }
        }
        // Inlier −0: find every code equal to the bare sign bit (vectorized search) and accept it only in an outlier half.
        var codes = q.Codes.AsSpan();
        for (int i = codes.IndexOf((byte)signBit); i >= 0;)
        {
            int k = i / q.Rows, n = i % q.Rows, mi = k * q.MicroBlocksPerCol + n / ub, j = n % ub;
            bool paired = false;
            for (int e = 0; e < q.PairCount[mi]; e++)
                if (q.Pairs[mi * 4 + e] >> 3 == j || (q.Pairs[mi * 4 + e] & 7) == j) paired = true;
            if (!paired) throw new InvalidDataException($"column {k} channel {n}: inlier code −0 is never produced");
            int next = codes[(i + 1)..].IndexOf((byte)signBit);
            i = next < 0 ? -1 : i + 1 + next;
        }
    }

    /// <summary>Bit-packs bb-bit codes LSB-first (bb ∈ {2, 4}).</summary>
    public static byte[] PackCodes(ReadOnlySpan<byte> codes, int bb)
    {
        var outp = new byte[((long)codes.Length * bb + 7) / 8];
        if (bb == 4)
        {
            int i = 0, o = 0;
            for (; i + 1 < codes.Length; i += 2) outp[o++] = (byte)(codes[i] | (codes[i + 1] << 4));
            if (i < codes.Length) outp[o] = codes[i];
        }
        else
        {
            int i = 0, o = 0;
            for (; i + 3 < codes.Length; i += 4)
                outp[o++] = (byte)(codes[i] | (codes[i + 1] << 2) | (codes[i + 2] << 4) | (codes[i + 3] << 6));
            for (int s = 0; i < codes.Length; i++, s += 2) outp[o] |= (byte)(codes[i] << s);
        }
        return outp;
    }

    /// <summary>Byte → its four 2-bit codes as one little-endian word (byte j = code j).</summary>
    private static readonly Lazy<uint[]> Spread2 = new(() =>
    {
        var t = new uint[256];
        for (int b = 0; b < 256; b++) t[b] = (uint)(b & 3) | (uint)(b >> 2 & 3) << 8 | (uint)(b >> 4 & 3) << 16 | (uint)(b >> 6) << 24;
        return t;
    });

    public static void UnpackCodes(ReadOnlySpan<byte> packed, int bb, Span<byte> codes)
    {
        if (bb == 4)
        {
            for (int i = 0; i < codes.Length; i++) codes[i] = (byte)((packed[i >> 1] >> ((i & 1) << 2)) & 15);
        }
        else
        {
            int full = BitConverter.IsLittleEndian ? codes.Length & ~3 : 0;
            var table = Spread2.Value;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(codes[..full]);
            for (int i = 0; i < words.Length; i++) words[i] = table[packed[i]];
            for (int i = full; i < codes.Length; i++) codes[i] = (byte)((packed[i >> 2] >> ((i & 3) << 1)) & 3);
        }
    }
}
