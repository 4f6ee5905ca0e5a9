using System.Numerics;

namespace SmartQuant.Models.ArrayBaseline;

/// <summary>One write of a baseline array's load port: the row (mxint-array) or row pair (olive-array) it addresses,
/// the weight bits of every column, and the row's pre-shift (mxint-array only).</summary>
public sealed record LoadBeat(int Index, BigInteger Weights, int Shift = 0);

/// <summary>
/// A weight tile of a baseline array: rows = input features K0…, lanes = output channels N0…; TwoBitMode = bb 2 (mxint-array);
/// XAcc = exponent of the result's unit (mxint-array; olive-array results are in units of the columns' group scales).
/// </summary>
public sealed record ArrayTile(int K0, int N0, bool TwoBitMode, int XAcc, LoadBeat[] Beats);
