namespace SmartQuant.Cli;

/// <summary>
/// A one-line progress bar for long work on stderr ("stage [#####.....] 12/36"). On a terminal the line is redrawn
/// in place; when stderr is redirected (logs, CI) a line is written only when a stage starts and when it ends.
/// </summary>
public sealed class ProgressLine(TextWriter err)
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private string? _stage;
    private bool _dirty;

    public void Report(string stage, int done, int total)
    {
        if (_interactive)
        {
            int filled = total <= 0 ? 0 : (int)(20L * done / total);
            err.Write($"\r{stage} [{new string('#', filled)}{new string('.', 20 - filled)}] {done}/{total}   ");
            _dirty = true;
            if (done >= total) Clear();
            return;
        }
        if (stage != _stage) { err.WriteLine($"{stage}: 0/{total}"); _stage = stage; }
        if (done >= total) err.WriteLine($"{stage}: {done}/{total} done");
    }

    /// <summary>Ends the in-place line so ordinary output starts on a fresh line.</summary>
    public void Clear()
    {
        if (_dirty) err.WriteLine();
        _dirty = false;
    }
}
