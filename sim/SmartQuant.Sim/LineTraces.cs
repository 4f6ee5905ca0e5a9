using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.Cxl;
using SmartQuant.Models.Fifo;
using SmartQuant.Models.MacArray;
using SmartQuant.Models.MicroScopiQ;

namespace SmartQuant.Sim;

/// <summary>The line trace of each built-in design, found from its golden model (every test of a design shares it).</summary>
public static class LineTraces
{
    public static ILineTrace For(ICycleModel golden, PortMap map)
    {
        while (golden is IWrappingModel w) golden = w.Inner;
        return golden switch
        {
            FifoGolden f => new FifoLineTrace(f),
            MacArrayGolden m => new MacArrayLineTrace(m),
            MicroScopiQModel q => new MicroScopiQLineTrace(q),
            CxlStoreModel c => new CxlStoreLineTrace(c),
            StreamArrayModel a => new StreamArrayLineTrace(a),
            _ => throw new SmartQuant.Hdl.HdlException($"no line trace for golden model {golden.GetType().Name} (line traces: fifo, mac-array, microscopiq, cxl-store, mxint-array, olive-array)"),
        };
    }
}
