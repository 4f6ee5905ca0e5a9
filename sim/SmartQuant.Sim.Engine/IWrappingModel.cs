using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>A golden model wrapped by a test (e.g. one that injects a fault); line traces read the model inside.</summary>
public interface IWrappingModel
{
    ICycleModel Inner { get; }
}
