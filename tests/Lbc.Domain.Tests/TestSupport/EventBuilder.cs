using System.Text.Json;
using Lbc.Domain.Events;

namespace Lbc.Domain.Tests.TestSupport;

/// <summary>
/// Builds <see cref="RawEvent"/>s as producers send them (data as JSON text) and parses them through
/// <see cref="EventParser"/>, so every event a test applies has passed the same validation as production.
/// </summary>
internal sealed class EventBuilder(EventParser parser, Func<DateTimeOffset> clock)
{
    private int _next;

    public RawEvent Raw(string type, object data, DateTimeOffset? ts = null, string? id = null) =>
        new(id ?? NextId(), type, EventTypes.CurrentVersion, EventTimestamps.Format(ts ?? clock()), "test",
            data as string ?? JsonSerializer.Serialize(data));

    public string NextId() => $"evt-{++_next:D6}";

    /// <summary>Parses and asserts the event is valid, showing the parser's reasons when it is not.</summary>
    public DomainEvent Parse(RawEvent raw)
    {
        var result = parser.Parse(raw, clock());
        Assert.True(result.IsValid, $"{raw.Type} should parse: {result.Reason}");
        return result.Event!;
    }

    public DomainEvent Build(string type, object data, DateTimeOffset? ts = null, string? id = null) =>
        Parse(Raw(type, data, ts, id));

    /// <summary>Merges fields into one data object (later keys win).</summary>
    public static Dictionary<string, object?> Data(params (string Key, object? Value)[] fields)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            data[key] = value;
        }
        return data;
    }
}
