using SmartQuant.Hdl;

namespace SmartQuant.Hw.Common;

/// <summary>
/// Synchronous FIFO with valid/ready on both sides. A push and a pop may happen in the same cycle; a push into a
/// full FIFO or a pop from an empty one is simply not accepted (ready/valid low). Data is shown while out_valid.
/// </summary>
public sealed class Fifo : Module
{
    public readonly Signal InValid, InReady, InData;
    public readonly Signal OutValid, OutReady, OutData;
    public readonly Signal Count;
    private readonly Memory _entries;
    private readonly Signal _readPtr, _writePtr;

    public override string? Variant => $"d{_cfg.Depth}_w{_cfg.Width}";
    private readonly FifoConfig _cfg;

    public Fifo(FifoConfig cfg)
    {
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        _cfg = cfg;
        var pw = cfg.PointerWidth;
        InValid = In();
        InReady = Out();
        InData = In(cfg.Width);
        OutValid = Out();
        OutReady = In();
        OutData = Out(cfg.Width);
        Count = Out(pw);

        _entries = Mem(cfg.Depth, cfg.Width);
        // Pointers carry one extra wrap bit so that full and empty are told apart without a counter.
        _readPtr = Reg(pw);
        _writePtr = Reg(pw);

        var used = _writePtr.SubWrap(_readPtr);
        var empty = used.Eq(0);
        var full = used.Eq(cfg.Depth);
        var push = InValid & ~full;
        var pop = OutReady & ~empty;

        InReady.Assign(~full);
        OutValid.Assign(~empty);
        OutData.Assign(_entries.Read(_readPtr.Truncate(pw - 1)));
        Count.Assign(used);

        When(push, () =>
        {
            _entries.Write(_writePtr.Truncate(pw - 1), InData);
            _writePtr.Assign(_writePtr.AddWrap(1));
        });
        When(pop, () => _readPtr.Assign(_readPtr.AddWrap(1)));
    }
}
