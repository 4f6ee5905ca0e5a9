using System.Numerics;
using System.Runtime.CompilerServices;

namespace SmartQuant.Hdl;

/// <summary>
/// Base class of every hardware block. A subclass declares ports, wires, registers and submodules as fields or
/// properties (their C# names become the Verilog names) and describes behaviour in its constructor. Generator
/// parameters are constructor arguments or a validated config record.
/// All registers of a module share one clock <c>clk</c> and one synchronous, active-high reset <c>rst</c>.
/// </summary>
public abstract class Module
{
    // Not readonly: a Reuse copy is created without running a constructor and sets them in InitShell.
    private List<Signal> _signals = [];
    private List<Memory> _memories = [];
    private List<Instance> _instances = [];
    private List<Stmt> _body = [];
    private Stack<List<Stmt>> _blocks = new();
    private int _seq;

    /// <summary>Base module name; defaults to the class name in snake_case.</summary>
    public virtual string BaseName => Naming.SnakeCase(GetType().Name);

    /// <summary>
    /// Optional suffix that tells apart two different parameterizations of this class (e.g. "w8_a32"). When two
    /// variants of one class would share a name, the emitter appends a content hash instead.
    /// </summary>
    public virtual string? Variant => null;

    /// <summary>The module that instantiated this one (null for the top).</summary>
    public Module? Parent { get; internal set; }
    internal Instance? AsInstance { get; set; }

    internal IReadOnlyList<Signal> Signals => _signals;
    internal IReadOnlyList<Memory> Memories => _memories;
    internal IReadOnlyList<Instance> Instances => _instances;
    internal IReadOnlyList<Stmt> Body => _body;
    internal int NextSeq() => _seq++;

    /// <summary>Set on a port-only copy made by <see cref="Reuse{T, A}"/>: the definition it stands for.</summary>
    internal Definition? ShellOf { get; private set; }
    /// <summary>Set on the first build of a Reuse definition.</summary>
    internal Definition? PrototypeOf { get; set; }
    /// <summary>Set on the second build of a Reuse definition: elaboration checks it equals the first.</summary>
    internal (Definition Definition, SourceLocation At)? Verifies { get; private set; }

    /// <summary>Names resolved after the module was sealed by instantiation (see <see cref="Naming.Resolve"/>).</summary>
    internal bool NamesFinal { get; set; }

    internal void InitShell(Definition definition)
    {
        _signals = [];
        _memories = [];
        _instances = [];
        _body = [];
        _blocks = new();
        ShellOf = definition;
    }

    internal Signal AddShellPort(Signal prototypePort) => Add(prototypePort.CopyTo(this));

    // ---- declarations ----
    public Signal In(int width = 1, bool signed = false, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Add(new Signal(this, SignalKind.Input, width, signed, null, new(file, line)));

    public Signal Out(int width = 1, bool signed = false, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Add(new Signal(this, SignalKind.Output, width, signed, null, new(file, line)));

    public Signal Wire(int width = 1, bool signed = false, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Add(new Signal(this, SignalKind.Wire, width, signed, null, new(file, line)));

    /// <summary>
    /// A wire named <paramref name="name"/> driven by <paramref name="value"/>: keeps an intermediate visible by its name
    /// in the Verilog and the waveforms instead of inlined, e.g. one whose bits are used only in part (the emitter then
    /// lists the unused bits rather than warning about a partly read expression). Its source comment is the caller's line.
    /// </summary>
    public Signal NamedWire(Expr value, string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var w = Wire(value.Width, value.Signed, file, line).Named(name);
        w.Assign(value);
        return w;
    }

    /// <summary>A register; <paramref name="reset"/> is its value while <c>rst</c> is high (null: no reset).</summary>
    public Signal Reg(int width = 1, bool signed = false, long? reset = 0, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        BigInteger? bits = null;
        if (reset is { } r)
        {
            try { bits = Const.Fitting(r, width, signed).Bits; }
            catch (ElaborationException e) { throw new ElaborationException(at, $"reset value: {e.Problem}"); }
        }
        return Add(new Signal(this, SignalKind.Reg, width, signed, bits, at));
    }

    /// <summary>A register file of <paramref name="depth"/> words (power of two).</summary>
    public Memory Mem(int depth, int width, bool signed = false, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var m = new Memory(this, depth, width, signed, new(file, line));
        RequireUnsealed(m.Location);
        _memories.Add(m);
        return m;
    }

    /// <summary>Instantiates <paramref name="child"/> inside this module; connect its inputs with <c>child.Port.Assign(...)</c>.</summary>
    public T Instance<T>(T child, string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : Module
    {
        var at = new SourceLocation(file, line);
        if (ReferenceEquals(child, this)) throw new ElaborationException(at, "a module cannot instantiate itself");
        if (child.Parent is not null)
            throw new ElaborationException(at, $"module '{child.BaseName}' is already instantiated in '{child.Parent.BaseName}' (at {child.AsInstance!.Location}); construct a new one");
        if (name is not null) Naming.RequireIdentifier(name, at);
        child.Parent = this;
        var inst = new Instance(child, name, at, NextSeq());
        child.AsInstance = inst;
        _instances.Add(inst);
        return child;
    }

    /// <summary>
    /// Instantiates <c>build(a)</c> like <c>Instance(build(a), name)</c>, for blocks repeated many times: every
    /// instance made by the same <paramref name="build"/> function from equal arguments shares one definition. The
    /// kit runs <paramref name="build"/> for the first two (and checks at elaboration that both give the same
    /// hardware); the others are copies of the first with fresh ports, so they cost neither construction nor
    /// lowering. <paramref name="build"/> must be a static lambda (it may not capture anything) and the arguments
    /// must be plain values (numbers, bools, strings, enums, records such as a DesignConfig), so that they are all
    /// the definition depends on. Connect and read the instance's ports as usual; its internals are not reachable.
    /// </summary>
    public T Reuse<T, A>(Func<A, T> build, A a, string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : Module
        => ReuseCore(build, [a], () => build(a), name, new SourceLocation(file, line));

    /// <inheritdoc cref="Reuse{T, A}"/>
    public T Reuse<T, A, B>(Func<A, B, T> build, A a, B b, string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : Module
        => ReuseCore(build, [a, b], () => build(a, b), name, new SourceLocation(file, line));

    /// <inheritdoc cref="Reuse{T, A}"/>
    public T Reuse<T, A, B, C>(Func<A, B, C, T> build, A a, B b, C c, string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : Module
        => ReuseCore(build, [a, b, c], () => build(a, b, c), name, new SourceLocation(file, line));

    /// <inheritdoc cref="Reuse{T, A}"/>
    public T Reuse<T, A, B, C, D>(Func<A, B, C, D, T> build, A a, B b, C c, D d, string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : Module
        => ReuseCore(build, [a, b, c, d], () => build(a, b, c, d), name, new SourceLocation(file, line));

    private T ReuseCore<T>(Delegate build, object?[] args, Func<T> make, string? name, SourceLocation at) where T : Module
    {
        var (def, key) = Definitions.Find(build, args, at);
        T child;
        if (def is null)
        {
            child = make();
            Definitions.Add(key, new Definition(child, at));
        }
        else if (def.Use() == 1)
        {
            child = make();
            child.Verifies = (def, at);
        }
        else child = (T)def.NewShell();
        return Instance(child, name, at.FilePath, at.Line);
    }

    // ---- behaviour ----
    /// <summary>Statements in <paramref name="body"/> take effect only when <paramref name="condition"/> (1 bit) is high.</summary>
    public WhenChain When(Expr condition, Action body, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        RequireCondition(condition, at);
        var stmt = new WhenStmt([], at);
        Record(stmt);
        stmt.Branches.Add((condition, Capture(body), at));
        return new WhenChain(this, stmt);
    }

    /// <summary>A case statement over <paramref name="selector"/>.</summary>
    public SwitchChain Switch(Expr selector, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var stmt = new SwitchStmt(selector, [], new(file, line));
        Record(stmt);
        return new SwitchChain(this, stmt);
    }

    internal void Record(Stmt stmt)
    {
        // After instantiation a module is sealed: only its parent may connect its ports, and only as its own statements.
        if (Parent is not null)
            throw new ElaborationException(stmt.Location,
                $"module '{BaseName}' is already instantiated in '{Parent.BaseName}', so it cannot take more statements; connect a submodule's ports only from its direct parent");
        (_blocks.Count > 0 ? _blocks.Peek() : _body).Add(stmt);
    }

    internal List<Stmt> Capture(Action body)
    {
        var block = new List<Stmt>();
        _blocks.Push(block);
        try { body(); }
        finally { _blocks.Pop(); }
        return block;
    }

    internal static void RequireCondition(Expr condition, SourceLocation at)
    {
        if (condition.Width != 1)
            throw new ElaborationException(at, $"a condition must be 1 bit, got {Expr.Describe(condition)}; compare it first (e.g. x.Ne(0))");
    }

    private Signal Add(Signal s)
    {
        RequireUnsealed(s.Location);
        _signals.Add(s);
        return s;
    }

    /// <summary>An instantiated module is complete (Reuse copies rely on it): nothing more may be declared in it.</summary>
    private void RequireUnsealed(SourceLocation at)
    {
        if (Parent is not null)
            throw new ElaborationException(at, $"module '{BaseName}' is already instantiated in '{Parent.BaseName}', so nothing more can be declared in it");
    }
}

/// <summary>A submodule placed in a parent.</summary>
public sealed class Instance(Module module, string? explicitName, SourceLocation location, int seq)
{
    public Module Module { get; } = module;
    public SourceLocation Location { get; } = location;
    internal string? ExplicitName { get; } = explicitName;
    internal string? Name { get; set; }
    internal int Seq { get; } = seq;
}

/// <summary>Continues a When with ElseWhen / Otherwise.</summary>
public sealed class WhenChain
{
    private readonly Module _module;
    private readonly WhenStmt _stmt;

    internal WhenChain(Module module, WhenStmt stmt)
    {
        _module = module;
        _stmt = stmt;
    }

    public WhenChain ElseWhen(Expr condition, Action body, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        if (_stmt.Else is not null) throw new ElaborationException(at, "ElseWhen after Otherwise");
        Module.RequireCondition(condition, at);
        _stmt.Branches.Add((condition, _module.Capture(body), at));
        return this;
    }

    public void Otherwise(Action body, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (_stmt.Else is not null) throw new ElaborationException(new(file, line), "a When has only one Otherwise");
        _stmt.Else = _module.Capture(body);
    }
}

/// <summary>Adds cases to a Switch.</summary>
public sealed class SwitchChain
{
    private readonly Module _module;
    private readonly SwitchStmt _stmt;

    internal SwitchChain(Module module, SwitchStmt stmt)
    {
        _module = module;
        _stmt = stmt;
    }

    public SwitchChain Is(long value, Action body, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        if (_stmt.Default is not null) throw new ElaborationException(at, "Is(...) after Default");
        Const c;
        try { c = Const.Fitting(value, _stmt.Selector.Width, _stmt.Selector.Signed); }
        catch (ElaborationException e) { throw new ElaborationException(at, $"case value: {e.Problem}"); }
        if (_stmt.Cases.Any(k => k.Value.Bits == c.Bits))
            throw new ElaborationException(at, $"case {value} appears twice in this Switch");
        _stmt.Cases.Add((c, _module.Capture(body), at));
        return this;
    }

    public void Default(Action body, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (_stmt.Default is not null) throw new ElaborationException(new(file, line), "a Switch has only one Default");
        _stmt.Default = _module.Capture(body);
    }
}
