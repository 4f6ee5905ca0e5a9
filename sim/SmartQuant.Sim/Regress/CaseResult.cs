using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartQuant.Sim.Regress;

public enum Outcome { Pass, Fail, Crash, Timeout, Error }

/// <summary>What one case did. <see cref="FailureDirectory"/> holds the report, waves and manifest of a failure.</summary>
public sealed record CaseResult(string Id, Outcome Outcome, long Cycles, double Seconds, string? Reason = null, string? FailureDirectory = null)
{
    public bool Passed => Outcome == Outcome.Pass;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CaseResult FromJson(string json) =>
        JsonSerializer.Deserialize<CaseResult>(json, Json) ?? throw new InvalidDataException("empty case result");
}
