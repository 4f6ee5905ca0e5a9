namespace SmartQuant.Eda;

/// <summary>
/// An iCE40 part that nextpnr-ice40 0.4 (Debian) has a chip database for, with the package we place into.
/// The shell (<see cref="FpgaIoShell"/>) needs five pins, so the smallest package of each part is enough.
/// </summary>
/// <param name="Name">Name on the command line (`--part`).</param>
/// <param name="NextpnrFlag">The device option of nextpnr-ice40.</param>
/// <param name="Package">The package option (nextpnr's name).</param>
/// <param name="SynthOptions">Extra synth_ice40 options: the UltraPlus parts have SB_MAC16 DSPs, the HX parts none.</param>
public sealed record Ice40Part(string Name, string NextpnrFlag, string Package, string SynthOptions, string Description)
{
    public static Ice40Part Up5k { get; } = new("up5k", "--up5k", "sg48", "-dsp", "iCE40 UltraPlus UP5K (5280 LCs, 30 BRAM 4K, 8 DSP), SG48");
    public static Ice40Part Hx8k { get; } = new("hx8k", "--hx8k", "ct256", "", "iCE40 HX8K (7680 LCs, 32 BRAM 4K, no DSP), CT256");

    public static IReadOnlyList<Ice40Part> All { get; } = [Up5k, Hx8k];

    public static Ice40Part Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown iCE40 part '{name}' (parts: {string.Join(", ", All.Select(p => p.Name))})");
}
