using CliWrap;
using CliWrap.Buffered;
using SmartQuant.Emit;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Output paths that cannot be written: a file where a directory is wanted (and the reverse), a directory that cannot be
/// created or written (under /sys, which refuses new entries even to root), a device, and a write that fails half way
/// (disk full). Every command reports them as one line, exit 2, with nothing (half-)written.
/// </summary>
public class OutputPathTests
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "smartquant.dll");

    private static BufferedCommandResult Cli(params string[] args) =>
        CliWrap.Cli.Wrap("dotnet").WithArguments([Dll, .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    private static BufferedCommandResult Shell(string script) =>
        CliWrap.Cli.Wrap("bash").WithArguments(["-c", script])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    private static void OneLineError(BufferedCommandResult r, string expected)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}; stderr: {r.StandardError}");
        var lines = r.StandardError.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    private static string[] Entries(string dir) => Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void GenToAnExistingFileIsOneLineAndTouchesNothing()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "taken");
        File.WriteAllText(file, "mine");
        OneLineError(Cli("gen", "--design", "fifo", "--out", file), $"output directory '{file}' is an existing file, not a directory");
        Assert.Equal("mine", File.ReadAllText(file));
        OneLineError(Cli("gen", "--design", "fifo", "--out", Path.Combine(file, "sub")), $"'{file}' is a file, not a directory");
        Assert.Equal(["taken"], Entries(dir.Path));
    }

    [Fact]
    public void GenToADirectoryThatCannotBeCreatedIsOneLine()
        => OneLineError(Cli("gen", "--design", "fifo", "--out", "/sys/smartquant-no-such-dir/out"), "cannot create output directory '/sys/smartquant-no-such-dir/out'");

    [Fact]
    public void LongCommandsCheckTheirOutputPathsBeforeWorking()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "taken");
        File.WriteAllText(file, "mine");
        // quantize would take seconds and report after minutes of a suite: the path is checked first.
        OneLineError(Cli("quantize", "--synthetic", "256x256", "--out", file), $"'{file}' is an existing file");
        OneLineError(Cli("report", "cosim", "--quick", "--out", file), $"report folder '{file}' is an existing file");
        OneLineError(Cli("regress", "--suite", "smoke", "--out", Path.Combine(dir.Path, "r"), "--junit", dir.Path), $"JUnit file '{dir.Path}' is an existing directory");
        OneLineError(Cli("sim", "--design", "fifo", "--cycles", "10", "--waves", file), $"waves directory '{file}' is an existing file");
        OneLineError(Cli("eval", "--method", "rtn", "--bits", "4", "--out", file), $"output directory '{file}' is an existing file");
        OneLineError(Cli("eval", "--method", "rtn", "--bits", "4", "--export", file), $"export directory '{file}' is an existing file");
        var run = Cli("run", "--out", file);   // run: checked before the first design is elaborated
        OneLineError(run, $"output directory '{file}' is an existing file");
        Assert.DoesNotContain("elaborate", run.StandardOutput);
        Assert.Equal("mine", File.ReadAllText(file));
        Assert.Equal(["taken"], Entries(dir.Path));   // nothing was created, not even an empty folder
    }

    [Fact]
    public void StandardOutputOnAFullDiskIsOneLine()
    {
        // The shell points the command's own stdout at /dev/full: every write fails with ENOSPC.
        OneLineError(Shell($"echo 1.5 | dotnet '{Dll}' mx quantize --format mxint8 --block 4 > /dev/full"), "cannot write to standard output: No space left on device");
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "out.bin");
        File.WriteAllText(target, "old");
        var e = Assert.Throws<OutputPathException>(() => OutputWriter.WriteAtomic(target, s =>
        {
            s.Write(new byte[4096]);
            throw new IOException("No space left on device");   // what the OS reports when the disk fills mid-write
        }));
        Assert.Equal($"cannot write '{target}': No space left on device", e.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["out.bin"], Entries(dir.Path));
    }

    [Fact]
    public void UnwritableTargetsAreNamedWithTheReason()
    {
        using var dir = new TempDir();
        Assert.Equal("output file '/dev/full' is not a regular file", Assert.Throws<OutputPathException>(() => OutputWriter.PrepareFile("/dev/full")).Message);
        Assert.StartsWith("output directory '/sys/kernel' is not writable: ",
            Assert.Throws<OutputPathException>(() => OutputWriter.PrepareDirectory("/sys/kernel")).Message);
        Assert.Equal($"output file '{dir.Path}' is an existing directory", Assert.Throws<OutputPathException>(() => OutputWriter.PrepareFile(dir.Path)).Message);
        Assert.StartsWith("cannot create output directory '/sys/sq-x/y': '/sys' is not writable (",
            Assert.Throws<OutputPathException>(() => OutputWriter.CheckDirectory("/sys/sq-x/y")).Message);
        // A good path passes and leaves no probe behind; the check alone creates nothing.
        Assert.Equal(Path.Combine(dir.Path, "c"), OutputWriter.CheckDirectory(Path.Combine(dir.Path, "c")));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        Assert.Equal(Path.Combine(dir.Path, "a", "b"), OutputWriter.PrepareDirectory(Path.Combine(dir.Path, "a", "b")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "a", "b")));
    }
}
