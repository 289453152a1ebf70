using System.Text;

namespace Lbc.Domain.Events;

/// <summary>
/// An event exactly as it travels on the log (the stream entry fields <c>id, type, v, ts, src, data</c>).
/// Nothing here is trusted: <see cref="EventParser"/> turns it into a <see cref="DomainEvent"/> or a reason.
/// </summary>
public sealed record RawEvent(string Id, string Type, int V, string Ts, string Src, string Data)
{
    /// <summary>Largest accepted <see cref="Data"/> payload, in UTF-8 bytes (ARCHITECTURE.md: 64 KB).</summary>
    public const int MaxDataBytes = 64 * 1024;

    private string? _data = Data;
    private readonly ReadOnlyMemory<byte> _dataUtf8;
    private readonly bool _fromBytes;

    /// <summary>
    /// An event read from the log with <c>data</c> as the UTF-8 bytes it came in: the parser reads them as they are
    /// (no decoding to a .NET string and encoding back for the JSON reader, the largest per-event copy of a replay);
    /// <see cref="Data"/> is decoded only when something asks for the text (a dead letter, personal-data intake).
    /// </summary>
    public RawEvent(string id, string type, int v, string ts, string src, ReadOnlyMemory<byte> dataUtf8)
        : this(id, type, v, ts, src, (string)null!)
    {
        _dataUtf8 = dataUtf8;
        _fromBytes = true;
    }

    /// <summary>The payload as text (decoded from <see cref="DataUtf8"/> on first use when the event came as bytes).</summary>
    public string Data
    {
        get => _fromBytes ? _data ??= Encoding.UTF8.GetString(_dataUtf8.Span) : _data!;
        init
        {
            _data = value;
            _dataUtf8 = default;
            _fromBytes = false;
        }
    }

    /// <summary>The payload's UTF-8 bytes as read from the log; empty when the event was built from text.</summary>
    public ReadOnlyMemory<byte> DataUtf8 => _dataUtf8;

    /// <summary>Whether the event came as bytes (<see cref="DataUtf8"/> is the payload) rather than text.</summary>
    public bool HasDataUtf8 => _fromBytes;

    // By value, as a record: the payload compared as text, however each side holds it.
    public bool Equals(RawEvent? other) =>
        other is not null && Id == other.Id && Type == other.Type && V == other.V && Ts == other.Ts && Src == other.Src
        && (HasDataUtf8 && other.HasDataUtf8 ? _dataUtf8.Span.SequenceEqual(other._dataUtf8.Span) : Data == other.Data);

    public override int GetHashCode() => HashCode.Combine(Id, Type, V, Ts, Src, Data);
}
