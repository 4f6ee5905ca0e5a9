using System.Diagnostics;
using System.Reflection;

namespace SmartQuant.Hdl;

/// <summary>
/// Finds the user's line for errors raised inside C# operators, which cannot take caller-info attributes.
/// Only used on the error path: a stack walk is far too slow for every signal.
/// </summary>
internal static class CallerLocator
{
    private static readonly Assembly Kit = typeof(CallerLocator).Assembly;

    public static SourceLocation FirstUserFrame()
    {
        var trace = new StackTrace(1, fNeedFileInfo: true);
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType?.Assembly == Kit) continue;
            var file = frame.GetFileName();
            if (!string.IsNullOrEmpty(file)) return new SourceLocation(file, frame.GetFileLineNumber());
        }
        return SourceLocation.Unknown;
    }
}
