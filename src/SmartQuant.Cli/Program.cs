using System.CommandLine;
using SmartQuant.Cli;

// Entry point of `smartquant`. Each command lives in its own file under Commands/ and is listed here.
// The real-layer co-simulation's data comes from the real model, which only the CLI references.
RealLayerSource.Register();
var root = new RootCommand("SmartQuant: describe accelerator datapaths in C#, emit Verilog, co-simulate against golden models.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CliRunner.Run(root, args);
