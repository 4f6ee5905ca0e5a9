using System.Numerics;
using System.Reflection;

namespace SmartQuant.Hdl;

/// <summary>
/// One definition shared by <see cref="Module.Reuse{T, A}"/>: the module built first for a (build function,
/// arguments) key. The second instance is built in full too and must lower to the same hardware (checked when the
/// design is elaborated); every further instance is a port-only copy (<see cref="NewShell"/>) that the elaborator
/// maps to this definition instead of constructing, lowering, checking and hashing it again.
/// </summary>
internal sealed class Definition
{
    private readonly Signal[] _ports;
    private readonly Dictionary<object, bool> _holdsHardware = new(ReferenceEqualityComparer.Instance);
    private int _uses = 1;

    public Module Prototype { get; }
    /// <summary>The first Reuse call of this key (named in error messages).</summary>
    public SourceLocation At { get; }

    public Definition(Module prototype, SourceLocation at)
    {
        Prototype = prototype;
        At = at;
        _ports = [.. prototype.Signals.Where(s => s.Kind is SignalKind.Input or SignalKind.Output)];
        prototype.PrototypeOf = this;
    }

    /// <summary>Counts one more use; returns how many uses there were before it.</summary>
    public int Use() => Interlocked.Increment(ref _uses) - 1;

    /// <summary>
    /// A new object of the prototype's class whose ports are fresh signals (same names, widths, kinds) and whose
    /// fields are copies of the prototype's with every reference to a prototype port replaced by the copy's port.
    /// It has no body and no submodules: only its parent's connections are new.
    /// </summary>
    public Module NewShell()
    {
        var shell = (Module)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(Prototype.GetType());
        shell.InitShell(this);
        var map = new Dictionary<object, object>(IdentityComparer.Instance) { [Prototype] = shell };
        foreach (var p in _ports) map[p] = shell.AddShellPort(p);
        foreach (var f in ShellFields.Of(Prototype.GetType()))
            f.SetValue(shell, Copy(f.GetValue(Prototype), map, f));
        return shell;
    }

    /// <summary>Gives a shell's ports the prototype's resolved names (the prototype has been lowered).</summary>
    public void NamePorts(Module shell)
    {
        for (var i = 0; i < _ports.Length; i++) shell.Signals[i].Name = _ports[i].Name;
    }

    private object? Copy(object? value, Dictionary<object, object> map, FieldInfo field)
    {
        if (value is null || ShellFields.IsPlain(value.GetType())) return value;
        if (map.TryGetValue(value, out var done)) return done;
        object result;
        switch (value)
        {
            case Signal or Memory or Module or Const:
                // Internal signals, memories and submodules stay the prototype's: a parent that reads them gets the
                // usual "not visible" error, exactly as with the prototype itself.
                return value;
            case OpExpr o:
                var args = new Expr[o.Args.Count];
                for (var i = 0; i < args.Length; i++) args[i] = (Expr)Copy(o.Args[i], map, field)!;
                result = new OpExpr(o.Op, o.Width, o.Signed, args, o.P0, o.P1, o.Memory);
                break;
            case Array a:
                var copy = Array.CreateInstance(a.GetType().GetElementType()!, Enumerable.Range(0, a.Rank).Select(a.GetLength).ToArray());
                map[value] = copy;
                var index = new int[a.Rank];
                for (var k = 0; k < a.Length; k++)
                {
                    for (int d = a.Rank - 1, rest = k; d >= 0; d--) { index[d] = rest % a.GetLength(d); rest /= a.GetLength(d); }
                    copy.SetValue(Copy(a.GetValue(index), map, field), index);
                }
                return copy;
            case System.Collections.IList list when value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(List<>):
                var newList = (System.Collections.IList)Activator.CreateInstance(value.GetType(), list.Count)!;
                map[value] = newList;
                foreach (var item in list) newList.Add(Copy(item, map, field));
                return newList;
            case Bundle:
                var bundle = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(value.GetType());
                map[value] = bundle;
                foreach (var f in ShellFields.Of(value.GetType())) f.SetValue(bundle, Copy(f.GetValue(value), map, field));
                return bundle;
            default:
                // Anything else is shared with the prototype, which is only safe when no hardware hides inside it.
                bool holds;
                lock (_holdsHardware) holds = HoldsHardware(value, 0); // designs may be built on several threads
                if (holds)
                    throw new ElaborationException(At,
                        $"Reuse cannot copy field '{field.Name}' of {Prototype.GetType().Name} for the other instances: its {value.GetType().Name} " +
                        "holds signals, expressions or modules the copies would share; keep those in fields, arrays, List<>s or Bundles, or use Instance(new ...)");
                return value;
        }
        map[value] = result;
        return result;
    }

    private bool HoldsHardware(object value, int depth)
    {
        if (value is Signal or Expr or Memory or Module or Bundle or Delegate) return true;
        var type = value.GetType();
        if (ShellFields.IsPlain(type) || value is Type or MemberInfo) return false;
        if (depth > 16) return true; // too deep to vouch for
        if (_holdsHardware.TryGetValue(value, out var known)) return known;
        _holdsHardware[value] = false; // cycles: assume no while visiting
        var holds = value is Array a
            ? a.Cast<object?>().Any(x => x is not null && HoldsHardware(x, depth + 1))
            : ShellFields.AllOf(type).Any(f => f.GetValue(value) is { } v && HoldsHardware(v, depth + 1));
        return _holdsHardware[value] = holds;
    }
}

/// <summary>The process-wide table of <see cref="Definition"/>s by (build function, arguments).</summary>
internal static class Definitions
{
    private static readonly Dictionary<Key, WeakReference<Definition>> Table = [];
    private static int _pruneAt = 1024;

    /// <summary>Method and argument values; arguments compare by value (they are plain, see <see cref="ShellFields.IsPlain"/>).</summary>
    private sealed class Key(MethodInfo method, object?[] args) : IEquatable<Key>
    {
        private readonly int _hash = args.Aggregate(method.GetHashCode(), (h, a) => HashCode.Combine(h, a));
        public bool Equals(Key? other) => other is not null && other._hash == _hash && other.Method.Equals(Method)
            && other.Args.AsSpan().SequenceEqual(Args, EqualityComparer<object?>.Default);
        public override bool Equals(object? obj) => Equals(obj as Key);
        public override int GetHashCode() => _hash;
        public MethodInfo Method { get; } = method;
        public object?[] Args { get; } = args;
    }

    public static (Definition? Existing, object Key) Find(Delegate build, object?[] args, SourceLocation at)
    {
        if (build.Target is { } target && ShellFields.AllOf(target.GetType()).Any())
            throw new ElaborationException(at,
                $"Reuse needs a build function that depends only on its arguments, but this one captures {Captures(target)}; " +
                "write it as a static lambda (e.g. static c => new Pe(c)) and pass every parameter as an argument");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is { } a && !ShellFields.IsPlain(a.GetType()))
                throw new ElaborationException(at,
                    $"Reuse argument {i + 1} is a {a.GetType().Name}; arguments must be plain values compared by value " +
                    "(numbers, bools, strings, enums, or records/structs made of those, such as a DesignConfig)");
        }
        var key = new Key(build.Method, args);
        lock (Table)
            return (Table.TryGetValue(key, out var weak) && weak.TryGetTarget(out var def) ? def : null, key);
    }

    public static void Add(object key, Definition def)
    {
        lock (Table)
        {
            Table[(Key)key] = new WeakReference<Definition>(def);
            if (Table.Count < _pruneAt) return;
            foreach (var k in Table.Where(e => !e.Value.TryGetTarget(out _)).Select(e => e.Key).ToList()) Table.Remove(k);
            _pruneAt = Math.Max(1024, 2 * Table.Count);
        }
    }

    private static string Captures(object target) => target is Module
        ? "'this'"
        : string.Join(", ", ShellFields.AllOf(target.GetType()).Select(f => f.Name.EndsWith("__this", StringComparison.Ordinal) ? "'this'" : $"'{f.Name}'"));
}

/// <summary>Reflection helpers for copying module objects.</summary>
internal static class ShellFields
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, FieldInfo[]> Declared = new(), All = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> Plain = new();

    /// <summary>Instance fields of a module class below <see cref="Module"/> (or of any class), base classes included.</summary>
    public static FieldInfo[] Of(Type type) => Declared.GetOrAdd(type, t =>
    {
        var fields = new List<FieldInfo>();
        for (var x = t; x is not null && x != typeof(Module) && x != typeof(object); x = x.BaseType)
            fields.AddRange(x.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        return [.. fields];
    });

    public static FieldInfo[] AllOf(Type type) => All.GetOrAdd(type, t =>
    {
        var fields = new List<FieldInfo>();
        for (var x = t; x is not null && x != typeof(object); x = x.BaseType)
            fields.AddRange(x.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        return [.. fields];
    });

    /// <summary>
    /// A value that is equal exactly when its content is: numbers, bools, strings, enums, BigInteger, and records or
    /// structs whose fields are all plain. Arrays, collections and other classes (reference equality, mutable) are not.
    /// </summary>
    public static bool IsPlain(Type type) => Plain.TryGetValue(type, out var p) ? p : Plain[type] = ComputePlain(type, []);

    private static bool ComputePlain(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(BigInteger)) return true;
        if (typeof(Expr).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type) || typeof(Memory).IsAssignableFrom(type)
            || typeof(Bundle).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type) || type.IsArray || type.IsPointer) return false;
        if (Nullable.GetUnderlyingType(type) is { } inner) return ComputePlain(inner, visiting);
        var isRecord = type.GetMethod("<Clone>$") is not null;
        if (!type.IsValueType && !isRecord) return false;
        if (!visiting.Add(type)) return true;
        return AllOf(type).All(f => ComputePlain(f.FieldType, visiting));
    }
}
