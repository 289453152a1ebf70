using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>Builds catalog-v1 events the way a real producer would: snake_case data, UTC timestamps, unique ids.</summary>
internal sealed class EventFactory(string source)
{
    // Unique per process start, so ids never repeat across restarts of the simulator.
    private readonly string _run = DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture);
    private long _next;

    /// <summary>The producer id every event carries as <c>src</c>.</summary>
    public string Source => source;

    public RawEvent Make(string type, DateTimeOffset ts, Action<Utf8JsonWriter> writeData) =>
        Make(string.Create(CultureInfo.InvariantCulture, $"{source}-{_run}-{Interlocked.Increment(ref _next)}"), type, ts, writeData);

    /// <summary>
    /// An event that comes with another one, as a dashboard command's placement comes with its escort: its id is the
    /// first event's id and a part name, so a producer retrying the pair writes the same two ids.
    /// </summary>
    public RawEvent Companion(RawEvent main, string part, string type, DateTimeOffset ts, Action<Utf8JsonWriter> writeData) =>
        Make(main.Id + "-" + part, type, ts, writeData);

    private RawEvent Make(string id, string type, DateTimeOffset ts, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeData(writer);
            writer.WriteEndObject();
        }
        return new RawEvent(id, type, EventTypes.CurrentVersion, EventTimestamps.Format(ts), source,
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
