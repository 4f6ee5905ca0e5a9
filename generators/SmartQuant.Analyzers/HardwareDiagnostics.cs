using Microsoft.CodeAnalysis;

namespace SmartQuant.Analyzers
{
    /// <summary>The diagnostics our analyzers report in hardware-description code.</summary>
    public static class HardwareDiagnostics
    {
        public static readonly DiagnosticDescriptor UnnamedSignalInLoop = new DiagnosticDescriptor(
            "SQ001",
            "Signal built in a loop without a distinct name",
            "'{0}' is created in a loop and kept only in a local variable, so the iterations' copies are told apart only by creation order ('{0}', '{0}_1', …), not by the loop index; store it in an array or call .Named($\"...{{i}}\")",
            "Hardware",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Signals get their Verilog names from the members that hold them. A signal created in a loop and held only by a local variable has no member, so the emitted names are the local's name numbered by creation order (acc, acc_1, ...; reg_l42, reg_l42_1, ... where the local cannot be told from its line), which are hard to match to loop iterations in waveforms.");

        public static readonly DiagnosticDescriptor ModuleNeverInstantiated = new DiagnosticDescriptor(
            "SQ002",
            "Submodule constructed but never instantiated",
            "'{0}' is constructed here but never passed to Instance(...), so it is not part of the design and its logic is silently dropped",
            "Hardware",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Constructing a Module only builds its description; Instance(child) places it in the parent. A module that is built but not instantiated produces no hardware.");

        public static readonly DiagnosticDescriptor NamedRepeatsLocal = new DiagnosticDescriptor(
            "SQ003",
            "Named(...) repeats the local's name",
            "'{0}' already takes this name from its local variable; drop the .Named(...) call, so a rename of the local cannot leave a stale Verilog name behind",
            "Hardware",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A declaration held only in a local variable outside a loop is named after the local (snake case) by the local-names table the source generator writes. An explicit .Named(\"...\") with that same name is a second copy of it that must be kept in step by hand.");
    }
}
