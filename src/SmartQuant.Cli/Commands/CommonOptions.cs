using System.CommandLine;

namespace SmartQuant.Cli.Commands;

/// <summary>Options shared by several commands, so they read the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<string?> Design(bool required = true) =>
        new("--design") { Description = "built-in design name (see 'smartquant designs')", Required = required };

    public static Option<FileInfo?> Config() =>
        new("--config") { Description = "JSON configuration; fields left out keep their defaults" };
}
