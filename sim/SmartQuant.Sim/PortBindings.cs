using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Models.Fifo;
using SmartQuant.Models.MacArray;

namespace SmartQuant.Sim;

/// <summary>
/// Typed port binding of the built-in designs: each design's port set (a record in its golden model's namespace) is
/// filled from the elaborated top module's own signal fields (<c>map[top.ActIn[r]]</c>), so renaming a field in hw/
/// is a compile error here instead of a "no port 'act_in_0'" at run time. The map must be bound to the top, which
/// <see cref="LockstepEngine"/> and <see cref="Lockstep"/> always do.
/// </summary>
public static class PortBindings
{
    public static MacArrayPorts MacArray(PortMap map)
    {
        var top = Top<Hw.MacArray.MacArray>(map);
        return new(map[top.Enable], map[top.LoadWeight], map.Slots(top.ActIn), map.Slots(top.WeightIn), map.Slots(top.PsumOut));
    }

    public static FifoPorts Fifo(PortMap map)
    {
        var top = Top<Fifo>(map);
        return new(map[top.InValid], map[top.InData], map[top.InReady], map[top.OutValid], map[top.OutReady], map[top.OutData], map[top.Count]);
    }

    private static T Top<T>(PortMap map) where T : Module => map.Top as T
        ?? throw new HdlException($"the port map of '{map.TopName}' is not bound to an elaborated {typeof(T).Name} (run the test through LockstepEngine or Lockstep)");
}
