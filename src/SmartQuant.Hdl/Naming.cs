using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartQuant.Hdl;

/// <summary>
/// Turns C# member names into Verilog names: fields and auto-properties holding signals, memories, submodules,
/// bundles and arrays/lists of them. Explicit names win; a declaration held only in a C# local takes the local's
/// name (recorded at build time by LocalNamesGenerator); anything else gets a name from its kind and source line.
/// The same design always gets the same names.
/// </summary>
internal static partial class Naming
{
    public static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "clk", "rst", "unused_bits",
        // Verilog-2005 and SystemVerilog keywords (tools read our files as either).
        "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex", "casez", "cell",
        "cmos", "config", "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase",
        "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask",
        "event", "for", "force", "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "if",
        "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist",
        "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor", "noshowcancelled",
        "not", "notif0", "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1",
        "pulldown", "pullup", "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "real", "realtime", "reg",
        "release", "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed",
        "small", "specify", "specparam", "strong0", "strong1", "supply0", "supply1", "table", "task", "time", "tran",
        "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use", "uwire", "vectored",
        "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor", "xor", "logic", "bit", "byte", "int",
        "shortint", "longint", "string", "class", "interface", "package", "program", "property", "sequence",
        "type", "void", "return", "break", "continue", "const", "enum", "struct", "union", "typedef", "final",
        "import", "export", "extern", "static", "virtual", "local", "protected", "rand", "do", "foreach", "unique",
        "priority", "bind", "chandle", "context", "cover", "assert", "assume", "expect", "with", "this", "super", "new",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();

    public static void RequireIdentifier(string name, SourceLocation at)
    {
        if (!IdentifierRegex().IsMatch(name))
            throw new ElaborationException(at, $"'{name}' is not a valid Verilog identifier (letters, digits, '_', not starting with a digit)");
        if (name.StartsWith('_'))
            throw new ElaborationException(at, $"'{name}' starts with '_', which the emitter keeps for its temporaries; choose another");
        if (Reserved.Contains(name))
            throw new ElaborationException(at, $"'{name}' is a reserved name (Verilog keyword or kit signal); choose another");
    }

    /// <summary>"AccOut" → "acc_out", "_state" → "state", "ALUOp" → "alu_op".</summary>
    public static string SnakeCase(string name) => NameRule.SnakeCase(name);

    /// <summary>
    /// Resolves names of everything in <paramref name="module"/> (not its children). Idempotent; once the module is
    /// instantiated (so it can no longer change) its names are final and later calls return at once, which keeps a
    /// Reuse definition shared by several designs from being renamed while another design reads its port names.
    /// </summary>
    public static void Resolve(Module module)
    {
        if (module.NamesFinal) return;
        var found = new Dictionary<object, string>(IdentityComparer.Instance);
        foreach (var (member, value) in Members(module))
            Visit(value, SnakeCase(member), found, depth: 0);

        foreach (var s in module.Signals)
            s.Name = s.ExplicitName ?? (found.TryGetValue(s, out var n) ? n : null);
        foreach (var m in module.Memories)
            m.Name = m.ExplicitName ?? (found.TryGetValue(m, out var n) ? n : null);
        foreach (var i in module.Instances)
            i.Name = i.ExplicitName ?? (found.TryGetValue(i.Module, out var n) ? n : null);

        NameTemporaries(module);
        if (module.Parent is not null) module.NamesFinal = true;
    }

    /// <summary>Best-effort name of a signal whose module is still being constructed (for early error messages).</summary>
    public static string? EarlyName(Signal signal)
    {
        try
        {
            var found = new Dictionary<object, string>(IdentityComparer.Instance);
            foreach (var (member, value) in Members(signal.Owner))
                Visit(value, SnakeCase(member), found, 0);
            return found.TryGetValue(signal, out var n) ? n : null;
        }
        catch (Exception)
        {
            return null; // naming for an error message must never mask the error itself
        }
    }

    /// <summary>
    /// Names what no field or Named(...) names. A declaration held only in a C# local takes the local's name, from
    /// the table the source generator records per source line (see <see cref="LocalNameAttribute"/>): the
    /// declarations of one location, in creation order, take the line's names in turn (a loop repeats them).
    /// Anything else, or a location whose count of declarations does not fit its table, gets "kind_l&lt;line&gt;".
    /// Each name is taken once: a name already used in the module (port, field, explicit, earlier temporary), a
    /// reserved word or an invalid identifier gets the first free "_1", "_2", … suffix, in creation order.
    /// </summary>
    private static void NameTemporaries(Module module)
    {
        var items = new List<(int Seq, SourceLocation At, string Kind, Action<string>? Set)>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in module.Signals)
            items.Add((s.Seq, s.Location, s.Kind switch { SignalKind.Reg => "reg", SignalKind.Input => "in", SignalKind.Output => "out", _ => "wire" },
                Named(s.Name, n => s.Name = n)));
        foreach (var m in module.Memories) items.Add((m.Seq, m.Location, "mem", Named(m.Name, n => m.Name = n)));
        foreach (var i in module.Instances) items.Add((i.Seq, i.Location, i.Module.BaseName, Named(i.Name, n => i.Name = n)));
        if (items.All(x => x.Set is null)) return;
        items.Sort((a, b) => a.Seq.CompareTo(b.Seq));

        Action<string>? Named(string? name, Action<string> set)
        {
            if (name is null) return set;
            taken.Add(name);
            return null;
        }

        // Position of each declaration among those of its location, counted over named ones too: the generator's
        // table lists every declaration on the line.
        var seen = new Dictionary<SourceLocation, int>();
        var index = new int[items.Count];
        for (var k = 0; k < items.Count; k++)
        {
            var c = seen.GetValueOrDefault(items[k].At);
            index[k] = c;
            seen[items[k].At] = c + 1;
        }
        var lookup = LocalNames.For(module);
        var tables = new Dictionary<SourceLocation, string[]?>();
        foreach (var (_, at, _, set) in items)
            if (set is not null && !tables.ContainsKey(at))
                tables[at] = lookup(at) is { } names && seen[at] % names.Length == 0 ? names : null;

        var nextSuffix = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < items.Count; k++)
        {
            var (_, at, kind, set) = items[k];
            if (set is null) continue;
            var stem = tables[at] is { } names ? SnakeCase(names[index[k] % names.Length]) : "";
            if (!IdentifierRegex().IsMatch(stem)) stem = $"{kind}_l{at.Line}"; // e.g. a non-ASCII C# name
            var n = nextSuffix.GetValueOrDefault(stem);
            var name = n == 0 ? stem : $"{stem}_{n}";
            while (taken.Contains(name) || Reserved.Contains(name)) name = $"{stem}_{++n}";
            nextSuffix[stem] = n + 1;
            taken.Add(name);
            set(name);
        }
    }

    private static IEnumerable<(string Member, object Value)> Members(Module module)
    {
        for (var t = module.GetType(); t is not null && t != typeof(Module); t = t.BaseType)
        {
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var value = f.GetValue(module);
                if (value is null) continue;
                yield return (MemberName(f.Name), value);
            }
        }
    }

    /// <summary>Auto-property backing fields are named "&lt;Name&gt;k__BackingField"; primary-constructor captures "&lt;name&gt;P".</summary>
    private static string MemberName(string fieldName)
    {
        if (fieldName.StartsWith('<'))
        {
            var end = fieldName.IndexOf('>');
            if (end > 1) return fieldName[1..end];
        }
        return fieldName;
    }

    private static void Visit(object value, string name, Dictionary<object, string> found, int depth)
    {
        if (depth > 6) return;
        switch (value)
        {
            case Signal or Memory or Module:
                found.TryAdd(value, name);
                break;
            case Bundle bundle:
                foreach (var f in bundle.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                    if (f.GetValue(bundle) is { } v) Visit(v, $"{name}_{SnakeCase(MemberName(f.Name))}", found, depth + 1);
                break;
            case string:
                break;
            case IEnumerable items when value is Array || value.GetType().IsGenericType:
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null) Visit(item, $"{name}_{i}", found, depth + 1);
                    i++;
                }
                break;
        }
    }
}
