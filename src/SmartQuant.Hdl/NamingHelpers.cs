namespace SmartQuant.Hdl;

/// <summary>Public name conversions (C# member names to Verilog and CLI names).</summary>
public static class NamingHelpers
{
    /// <summary>"AccOut" → "acc_out".</summary>
    public static string Snake(string name) => Naming.SnakeCase(name);

    /// <summary>"MacArray" → "mac-array".</summary>
    public static string Kebab(string name) => Naming.SnakeCase(name).Replace('_', '-');
}
