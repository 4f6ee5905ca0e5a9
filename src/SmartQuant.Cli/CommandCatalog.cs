using System.CommandLine;
using SmartQuant.Cli.Commands;

namespace SmartQuant.Cli;

/// <summary>Every top-level `smartquant` command, in the order `--help` lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DesignsCommand.Create();
        yield return GenCommand.Create();
        yield return LintCommand.Create();
        yield return SynthCommand.Create();
        yield return PnrCommand.Create();
        yield return SimCommand.Create();
        yield return RunCommand.Create();
        yield return BenchCommand.Create();
        yield return RegressCommand.Create();
        yield return ReportCommand.Create();
        yield return MxCommand.Create();
        yield return QuantizeCommand.Create();
        yield return EvalCommand.Create();
    }
}
