using System.Text.Json;
using System.Text.Json.Serialization;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.Cli;

/// <summary>
/// Writes JSON numbers with <see cref="ExactDecimal"/>: System.Text.Json's own shortest form misprints the same few
/// powers of two as double.ToString("R") on this .NET, so a value read back from our JSON could differ in the last bit.
/// Non-finite values have no JSON form and are refused (inputs are validated before anything is written).
/// </summary>
public sealed class ExactDoubleJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (!double.IsFinite(value)) throw new InvalidOperationException($"{value} cannot be written as a JSON number");
        writer.WriteRawValue(ExactDecimal.Format(value), skipInputValidation: true);
    }
}
