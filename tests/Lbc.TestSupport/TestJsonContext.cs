using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbc.TestSupport;

/// <summary>Lets test hub clients take a message as raw JSON, to assert on exactly what the server sent.</summary>
[JsonSerializable(typeof(JsonElement))]
public sealed partial class TestJsonContext : JsonSerializerContext;
