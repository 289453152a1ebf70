using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbc.Server.Feed;

/// <summary>
/// A hub argument already serialised to JSON: a scope's delta is serialised once and the same bytes are
/// written for every connection of the scope, instead of once per connection (the wire is unchanged).
/// </summary>
[JsonConverter(typeof(PreSerializedConverter))]
public sealed class PreSerialized(byte[] utf8Json)
{
    public ReadOnlyMemory<byte> Utf8Json { get; } = utf8Json;
}

internal sealed class PreSerializedConverter : JsonConverter<PreSerialized>
{
    public override PreSerialized Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Pre-serialised hub arguments are only written.");

    public override void Write(Utf8JsonWriter writer, PreSerialized value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8Json.Span, skipInputValidation: true);
}

/// <summary>The hub's own argument types beside the contracts.</summary>
[JsonSerializable(typeof(PreSerialized))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
