namespace SmartQuant.Models.Dram;

/// <summary>Row buffer and the earliest nCK at which each command may next be issued to one bank.</summary>
internal sealed class Bank
{
    public const int Closed = -1;
    public int OpenRow = Closed;
    public long NextActivate;   // tRC after ACT, tRP after PRE, tRFC after REF
    public long NextPrecharge;  // tRAS after ACT, tRTP after RD, CWL+BL/2+tWR after WR
    public long NextCas;        // tRCD after ACT

    public bool IsOpen => OpenRow != Closed;
}

/// <summary>A request inside the model.</summary>
internal sealed class Transaction
{
    public required int Id;
    public required bool IsWrite;
    public required ulong Address;
    public required DramAddress Where;
    public required int FlatBank;
    public required long Seq;            // acceptance order, the FCFS key and the tie-breaker everywhere
    public required long AcceptCycle;
    public byte[] Data = [];             // read: snapshot at acceptance; write: empty in the response
    public byte Meta;                    // read: the burst's metadata bits at acceptance
    public bool NeededActivate;          // an ACT was issued on its behalf
    public bool NeededPrecharge;         // a PRE was issued on its behalf
    public long DoneNck;                 // end of its data burst
}
