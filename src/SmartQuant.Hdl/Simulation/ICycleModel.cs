namespace SmartQuant.Hdl.Simulation;

/// <summary>
/// A golden model that co-simulates against the RTL cycle by cycle, through the same <see cref="PortMap"/>.
/// Per cycle the engine: sets the inputs, calls <see cref="Evaluate"/> (outputs of this cycle, which may depend
/// combinationally on this cycle's inputs), compares them with the RTL's, then calls <see cref="Tick"/> (the
/// rising clock edge: state advances using the same inputs). <see cref="Reset"/> is the state after the synchronous
/// reset has been held for at least one cycle. Write it from the specification, not from the generated RTL.
/// </summary>
public interface ICycleModel
{
    void Reset();
    void Evaluate(PortValues inputs, PortValues outputs);
    void Tick(PortValues inputs);
}
