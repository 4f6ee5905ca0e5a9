using System.Runtime.CompilerServices;
using SmartQuant.Hdl;

namespace SmartQuant.Hdl.Tests;

/// <summary>Helpers for asserting located elaboration errors.</summary>
internal static class TestSupport
{
    /// <summary>The caller's line: write `var at = Here(); statement;` on one line to know where an error must point.</summary>
    public static int Here([CallerLineNumber] int line = 0) => line;

    public static ElaborationException Elaborating(Func<Module> build)
    {
        var e = Assert.Throws<ElaborationException>(() => Elaborator.Elaborate(build()));
        return e;
    }

    public static void PointsAt(ElaborationException e, int line, [CallerFilePath] string file = "")
    {
        Assert.Equal(Path.GetFileName(file), Path.GetFileName(e.Location.FilePath));
        Assert.Equal(line, e.Location.Line);
        Assert.Contains($"{Path.GetFileName(file)}:{line}: ", e.Message);
    }
}

/// <summary>A module whose body is given by the test.</summary>
internal sealed class Probe : Module
{
    public readonly Signal A, B, Y;
    public readonly Signal S8, S4;

    public Probe(Action<Probe> body)
    {
        A = In(8);
        B = In(8);
        S8 = In(8, signed: true);
        S4 = In(4, signed: true);
        Y = Out(8);
        body(this);
    }
}
