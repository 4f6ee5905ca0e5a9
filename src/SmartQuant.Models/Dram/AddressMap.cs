using System.Numerics;

namespace SmartQuant.Models.Dram;

/// <summary>Decoded DRAM coordinates of one 64-byte line.</summary>
public readonly record struct DramAddress(int SubChannel, int BankGroup, int Bank, int Row, int Column)
{
    /// <summary>Bank index within the sub-channel (bank group major).</summary>
    public int FlatBank(int banksPerGroup) => BankGroup * banksPerGroup + Bank;
}

/// <summary>
/// Byte address → (sub-channel, bank group, bank, row, column). Line address bits, LSB first:
/// <c>[column low | sub-channel | bank group | column high | bank | row]</c>.
/// The column-low field keeps one interleave chunk (default 512 B = one INT8 bit-plane block)
/// in a single row, so a block's planes are row hits; consecutive chunks rotate over sub-channels
/// first and bank groups second, so a sequential stream keeps all data buses busy and alternates
/// bank groups (tCCD_S rather than tCCD_L). Column high above the bank group keeps the row open
/// across 8·4 chunks before the bank field changes.
/// </summary>
public sealed class AddressMap
{
    private readonly int _colLowBits, _scBits, _bgBits, _colHighBits, _bankBits, _rowBits;

    public AddressMap(DramConfig config)
    {
        config.Validate();
        _colLowBits = BitOperations.Log2((uint)(config.InterleaveBytes / DramConfig.LineBytes));
        _scBits = BitOperations.Log2((uint)config.SubChannels);
        _bgBits = BitOperations.Log2((uint)config.BankGroups);
        _colHighBits = BitOperations.Log2((uint)config.LinesPerRow) - _colLowBits;
        _bankBits = BitOperations.Log2((uint)config.BanksPerGroup);
        _rowBits = BitOperations.Log2((uint)config.RowsPerBank);
        CapacityBytes = config.CapacityBytes;
    }

    public long CapacityBytes { get; }

    public DramAddress Decode(ulong byteAddress)
    {
        if ((byteAddress & (DramConfig.LineBytes - 1)) != 0)
            throw new ArgumentException($"DRAM address 0x{byteAddress:X} is not 64-byte aligned.", nameof(byteAddress));
        if (byteAddress >= (ulong)CapacityBytes)
            throw new ArgumentException($"DRAM address 0x{byteAddress:X} is beyond the modeled capacity 0x{CapacityBytes:X}.", nameof(byteAddress));
        ulong a = byteAddress >> 6;
        int Take(int bits)
        {
            int v = (int)(a & ((1UL << bits) - 1));
            a >>= bits;
            return v;
        }
        int colLow = Take(_colLowBits);
        int sc = Take(_scBits);
        int bg = Take(_bgBits);
        int colHigh = Take(_colHighBits);
        int bank = Take(_bankBits);
        int row = Take(_rowBits);
        return new DramAddress(sc, bg, bank, row, (colHigh << _colLowBits) | colLow);
    }

    /// <summary>Inverse of <see cref="Decode"/> (used by tests to aim at a bank/row).</summary>
    public ulong Encode(DramAddress d)
    {
        int colLow = d.Column & ((1 << _colLowBits) - 1);
        int colHigh = d.Column >> _colLowBits;
        ulong a = (ulong)(uint)d.Row;
        a = (a << _bankBits) | (uint)d.Bank;
        a = (a << _colHighBits) | (uint)colHigh;
        a = (a << _bgBits) | (uint)d.BankGroup;
        a = (a << _scBits) | (uint)d.SubChannel;
        a = (a << _colLowBits) | (uint)colLow;
        return a << 6;
    }
}
