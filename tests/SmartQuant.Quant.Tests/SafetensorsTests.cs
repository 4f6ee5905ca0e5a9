using System.Buffers.Binary;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

public class SafetensorsTests
{
    [Fact]
    public void ReadsWhatItWrites()
    {
        var data = Enumerable.Range(0, 12).Select(i => i * 0.5f - 3).ToArray();
        var r = SafetensorsReader.Parse(SafetensorsReader.WriteF32([("w", [3, 4], data), ("b", [2], [1f, 2f])]));
        Assert.Equal(data, r.Read("w"));
        Assert.Equal([3L, 4L], r.Tensors["w"].Shape);
        Assert.Equal(new[] { 1f, 2f }, r.Read("b"));
    }

    [Fact]
    public void ConvertsHalfBf16AndI8()
    {
        string header = """{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},"i":{"dtype":"I8","shape":[2],"data_offsets":[6,8]}}""";
        var hb = System.Text.Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + hb.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)hb.Length);
        hb.CopyTo(file, 8);
        var d = file.AsSpan(8 + hb.Length);
        BinaryPrimitives.WriteHalfLittleEndian(d, (Half)1.5); BinaryPrimitives.WriteHalfLittleEndian(d[2..], (Half)(-2));
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], (ushort)(BitConverter.SingleToUInt32Bits(3.25f) >> 16));
        d[6] = 0x85; d[7] = 7;
        var r = SafetensorsReader.Parse(file);
        Assert.Equal(new[] { 1.5f, -2f }, r.Read("h"));
        Assert.Equal(new[] { 3.25f }, r.Read("b"));
        Assert.Equal(new[] { -123f, 7f }, r.Read("i"));
    }

    [Fact]
    public void CorruptOrTruncatedFilesGiveClearErrors()
    {
        var good = SafetensorsReader.WriteF32([("w", [4, 4], new float[16])]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(good[..5])).Message);
        Assert.Contains("outside", Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(good[..^4])).Message);
        var badLen = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(badLen, 1UL << 40);
        Assert.Contains("header length", Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(badLen)).Message);
        var badJson = (byte[])good.Clone();
        badJson[8] = (byte)'[';
        Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(badJson));
        // Every truncation either parses a consistent prefix or fails with InvalidDataException, never anything else.
        for (int len = 0; len < good.Length; len++)
            Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(good[..len]));
    }
}
