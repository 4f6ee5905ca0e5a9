using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SmartQuant.Hdl;

namespace SmartQuant.Sim.Regress;

public enum Outcome { Pass, Fail, Crash, Timeout, Error }

/// <summary>What one case did. <see cref="FailureDirectory"/> holds the report, waves and manifest of a failure.</summary>
public sealed record CaseResult(string Id, Outcome Outcome, long Cycles, double Seconds, string? Reason = null, string? FailureDirectory = null)
{
    public bool Passed => Outcome == Outcome.Pass;

    /// <summary>The case's configuration as a config file would hold it, decoded from the ID (random `rnd-` tags
    /// included), so a results file says what was simulated; null when the ID does not name a known case.</summary>
    public JsonNode? Config
    {
        get
        {
            try { return JsonNode.Parse(RegressCase.Parse(Id).Config.ToJson()); }
            catch (HdlException) { return null; }
        }
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CaseResult FromJson(string json) =>
        JsonSerializer.Deserialize<CaseResult>(json, Json) ?? throw new InvalidDataException("empty case result");
}
