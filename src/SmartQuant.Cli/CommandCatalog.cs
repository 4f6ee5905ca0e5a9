using System.CommandLine;

namespace SmartQuant.Cli;

/// <summary>Every top-level `smartquant` command, in the order `--help` lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.MxCommand.Create();
        yield return Commands.QuantizeCommand.Create();
    }
}
