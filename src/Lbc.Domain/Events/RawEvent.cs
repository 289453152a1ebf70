namespace Lbc.Domain.Events;

/// <summary>
/// An event exactly as it travels on the log (the stream entry fields <c>id, type, v, ts, src, data</c>).
/// Nothing here is trusted: <see cref="EventParser"/> turns it into a <see cref="DomainEvent"/> or a reason.
/// </summary>
public sealed record RawEvent(string Id, string Type, int V, string Ts, string Src, string Data)
{
    /// <summary>Largest accepted <see cref="Data"/> payload, in UTF-8 bytes (ARCHITECTURE.md: 64 KB).</summary>
    public const int MaxDataBytes = 64 * 1024;
}
