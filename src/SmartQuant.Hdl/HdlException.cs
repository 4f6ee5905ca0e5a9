namespace SmartQuant.Hdl;

/// <summary>Base of every error the kit reports to a user: bad design, bad configuration, missing tool.</summary>
public class HdlException : Exception
{
    public HdlException(string message) : base(message) { }
    public HdlException(string message, Exception inner) : base(message, inner) { }
}
