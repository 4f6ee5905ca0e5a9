namespace SmartQuant.Hdl;

/// <summary>
/// A valid/ready channel carrying <c>Data</c>: a transfer happens in a cycle where both <see cref="Valid"/> and
/// <see cref="Ready"/> are high (<see cref="Fire"/>). The producer's side has Valid and Data as outputs and Ready as
/// an input; the consumer declares the same channel with <c>flipped: true</c>. Join two with <see cref="Bundle.Connect"/>.
/// </summary>
public sealed class ValidReady : Bundle
{
    public readonly Signal Valid, Ready, Data;

    public ValidReady(Module owner, int width, bool flipped = false, bool signed = false) : base(owner, flipped)
    {
        Valid = Forward();
        Ready = Backward();
        Data = Forward(width, signed);
    }

    /// <summary>A transfer this cycle.</summary>
    public Expr Fire => Valid & Ready;
}
