using SmartQuant.Emit;

namespace SmartQuant.Cli;

/// <summary>
/// Standard output that turns a failed write (disk full behind a redirect, a closed pipe's device error) into a user
/// error — one line on stderr, exit 2 — instead of an unhandled IOException with a stack trace.
/// </summary>
public sealed class StdoutGuard(TextWriter inner) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;
    public override IFormatProvider FormatProvider => inner.FormatProvider;
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine { get => inner.NewLine; set => inner.NewLine = value; }

    public override void Write(char value) => Guard(() => inner.Write(value));
    public override void Write(string? value) => Guard(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));
    public override void WriteLine() => Guard(() => inner.WriteLine());
    public override void Flush() => Guard(inner.Flush);

    private static void Guard(Action write)
    {
        try { write(); }
        catch (IOException e) { throw new OutputPathException($"cannot write to standard output: {e.Message.ReplaceLineEndings(" ").Trim()}", e); }
    }
}
