using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// One Verilated model instance inside a loaded shim library (its own VerilatedContext). Calls go through a
/// function-pointer table per library, not a process-wide DllImport resolver, so several designs (each built with
/// its own <c>--prefix</c>) can be loaded at once. Not thread-safe: one model per thread.
/// </summary>
public sealed unsafe class NativeModel : IDisposable
{
    /// <summary>The <c>sim_*</c> exports of one shared library.</summary>
    private sealed class Api
    {
        public delegate* unmanaged[Cdecl]<uint, nint> Create;
        public delegate* unmanaged[Cdecl]<nint, void> Destroy;
        public delegate* unmanaged[Cdecl]<nint, uint, void> Reset;
        public delegate* unmanaged[Cdecl]<nint, ulong*, ulong*, void> Step;
        public delegate* unmanaged[Cdecl]<nint, ulong, ulong*, ulong*, void> Run;
        public delegate* unmanaged[Cdecl]<nint, ulong> Cycle;
        public delegate* unmanaged[Cdecl]<nint, byte*, ulong, int> TraceOpen;
        public delegate* unmanaged[Cdecl]<nint, void> TraceClose;
        public delegate* unmanaged[Cdecl]<nint, byte*, int> CoverageWrite;

        public Api(string path)
        {
            // Loaded once per path and never unloaded: models may still live on other threads.
            var lib = NativeLibrary.Load(path);
            nint F(string name) => NativeLibrary.TryGetExport(lib, name, out var p) ? p
                : throw new HdlException($"{path} does not export {name}: rebuild it (delete {Path.GetDirectoryName(path)})");
            Create = (delegate* unmanaged[Cdecl]<uint, nint>)F("sim_create");
            Destroy = (delegate* unmanaged[Cdecl]<nint, void>)F("sim_destroy");
            Reset = (delegate* unmanaged[Cdecl]<nint, uint, void>)F("sim_reset");
            Step = (delegate* unmanaged[Cdecl]<nint, ulong*, ulong*, void>)F("sim_step");
            Run = (delegate* unmanaged[Cdecl]<nint, ulong, ulong*, ulong*, void>)F("sim_run");
            Cycle = (delegate* unmanaged[Cdecl]<nint, ulong>)F("sim_cycle");
            TraceOpen = (delegate* unmanaged[Cdecl]<nint, byte*, ulong, int>)F("sim_trace_open");
            TraceClose = (delegate* unmanaged[Cdecl]<nint, void>)F("sim_trace_close");
            CoverageWrite = (delegate* unmanaged[Cdecl]<nint, byte*, int>)F("sim_coverage_write");
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<Api>> Libraries = new();
    private readonly Api _api;
    private nint _handle;

    public SimLibrary Library { get; }
    public PortMap Map => Library.Map;

    /// <param name="verilatorSeed">Seed of Verilator's random initial state and X values (<c>+verilator+seed</c>).</param>
    public NativeModel(SimLibrary library, uint verilatorSeed)
    {
        Library = library;
        _api = Libraries.GetOrAdd(library.Path, p => new Lazy<Api>(() => new Api(p))).Value;
        _handle = _api.Create(verilatorSeed);
        if (_handle == 0) throw new InvalidOperationException($"sim_create failed in {library.Path}");
    }

    /// <summary>Holds reset for <paramref name="cycles"/> rising edges (inputs zero), then releases it; cycle count restarts at 0.</summary>
    public void Reset(int cycles = 2) => _api.Reset(Live, (uint)Math.Max(cycles, 1));

    /// <summary>One cycle: drives <paramref name="inputs"/>, returns this cycle's outputs, then the rising edge.</summary>
    public void Step(ulong[] inputs, ulong[] outputs)
    {
        fixed (ulong* i = inputs)
        fixed (ulong* o = outputs)
            _api.Step(_handle, i, o);
    }

    /// <summary>Batch: <paramref name="cycles"/> cycles of packed inputs in, packed outputs out.</summary>
    public void Run(long cycles, ReadOnlySpan<ulong> inputs, Span<ulong> outputs)
    {
        if (inputs.Length < cycles * Map.InputWords || outputs.Length < cycles * Map.OutputWords)
            throw new ArgumentException("buffers too small for the cycle count");
        fixed (ulong* i = inputs)
        fixed (ulong* o = outputs)
            _api.Run(Live, (ulong)cycles, i, o);
    }

    /// <summary>Cycles stepped since the last reset.</summary>
    public long Cycle => (long)_api.Cycle(Live);

    /// <summary>Opens an FST trace; samples are written from <paramref name="startCycle"/> on. Needs a traced build.</summary>
    public void OpenTrace(string path, long startCycle = 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        fixed (byte* p = bytes)
            if (_api.TraceOpen(Live, p, (ulong)Math.Max(startCycle, 0)) == 0)
                throw new InvalidOperationException($"{Library.Path} was built without tracing; build with trace: true");
    }

    public void CloseTrace() => _api.TraceClose(Live);

    /// <summary>Writes the coverage counters so far to <paramref name="path"/> (Verilator coverage.dat). Needs a coverage build.</summary>
    public void WriteCoverage(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        fixed (byte* p = bytes)
            if (_api.CoverageWrite(Live, p) == 0)
                throw new InvalidOperationException($"{Library.Path} was built without coverage; build with coverage: true");
    }

    private nint Live => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(NativeModel));

    public void Dispose()
    {
        if (_handle == 0) return;
        _api.Destroy(_handle);
        _handle = 0;
        GC.SuppressFinalize(this);
    }

    ~NativeModel()
    {
        if (_handle != 0) _api.Destroy(_handle);
    }
}
