using System.Reflection;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using Xunit;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Typed port binding (docs/sim.md, "Typed port binding"): golden models, drivers, line traces and tests find a port
/// through the top module's own signal (<c>map[top.ActIn[r]]</c>) or a specification's <see cref="PortDecl"/>, so a
/// renamed C# field is a compile error. The string-keyed lookup is internal to the kit, for the engine's own binding
/// code; these tests fail if a public one comes back.
/// </summary>
public class PortBindingApiTests
{
    private sealed class Pass : Module
    {
        public readonly Signal A, B;
        public Pass() { A = In(3); B = Out(3); B.Assign(A); }
    }

    [Fact]
    public void NoPublicMemberOfThePortBufferTypesTakesAPortName()
    {
        var offenders = new[] { typeof(PortMap), typeof(PortValues), typeof(PortSlot) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(string)))
            .Where(m => !(m.DeclaringType == typeof(PortSlot) && m.Name == "set_Name"))   // the record's own init accessor
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheNameLookupIsInternal()
    {
        var byName = typeof(PortMap).GetMethod("ByName", BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.NotNull(byName);
        Assert.True(byName!.IsAssembly, "PortMap.ByName must stay internal (engine binding code only)");
    }

    [Fact]
    public void SignalAndDeclarationBindToTheSameSlot()
    {
        var top = new Pass();
        var map = new PortMap(Elaborator.Elaborate(top).Top).BoundTo(top);
        var spec = new PortMap("pass", [new PortDecl("a", 3, IsInput: true), new PortDecl("b", 3, IsInput: false)]);
        static (string, int, bool, int) Layout(PortSlot p) => (p.Name, p.Width, p.Signed, p.Offset);   // not the location: a spec has none
        Assert.Equal(Layout(map[top.A]), Layout(spec[new PortDecl("a", 3, IsInput: true)]));
        Assert.Equal(Layout(map[top.B]), Layout(spec[new PortDecl("b", 3, IsInput: false)]));
        Assert.True(spec.IsInput(spec[new PortDecl("a", 3, IsInput: true)]));
    }

    [Fact]
    public void ADeclarationThatDisagreesWithTheLayoutIsRejected()
    {
        var spec = new PortMap("pass", [new PortDecl("a", 3, IsInput: true), new PortDecl("b", 3, IsInput: false)]);
        var wide = Assert.Throws<HdlException>(() => spec[new PortDecl("a", 4, IsInput: true)]);
        Assert.Contains("declared a 4-bit input but laid out a 3-bit input", wide.Message);
        var dir = Assert.Throws<HdlException>(() => spec[new PortDecl("b", 3, IsInput: true)]);
        Assert.Contains("laid out a 3-bit output", dir.Message);
        var missing = Assert.Throws<HdlException>(() => spec[new PortDecl("c", 3, IsInput: true)]);
        Assert.Contains("has no port 'c'", missing.Message);
    }
}
