namespace SmartQuant.Quant.Recon;

/// <summary>A full switch configuration of one ReCoN: one <see cref="SwitchSetting"/> per (stage, switch).</summary>
public sealed class ReconConfig
{
    private readonly SwitchSetting[] _settings;
    public ReconTopology Topology { get; }

    public ReconConfig(ReconTopology topology)
    {
        Topology = topology;
        _settings = new SwitchSetting[topology.SwitchCount];
    }

    public SwitchSetting this[int stage, int sw]
    {
        get { Topology.CheckSwitch(stage, sw); return _settings[stage * Topology.Lanes + sw]; }
        set { Topology.CheckSwitch(stage, sw); _settings[stage * Topology.Lanes + sw] = value; }
    }

    /// <summary>Raw configuration word: 4 bits per switch, switch (stage, sw) at bit 4·(stage·Lanes + sw).</summary>
    public System.Numerics.BigInteger ToRawWord()
    {
        System.Numerics.BigInteger word = 0;
        for (int i = _settings.Length - 1; i >= 0; i--) word = (word << 4) | _settings[i].Encoding;
        return word;
    }

    /// <summary>Number of switches that are not idle.</summary>
    public int ActiveSwitches => _settings.Count(s => s != SwitchSetting.Idle);
}
