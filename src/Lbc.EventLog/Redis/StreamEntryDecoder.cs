using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text;
using Lbc.Domain.Events;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>
/// Turns stream entries into <see cref="LoggedEvent"/>s. This runs for every event a consumer reads, so it works
/// on the entries' UTF-8 bytes: comparing a field name given as a string with one read from Redis, or parsing
/// the entry id through a string, decodes text each time, which made this conversion cost as much as the read
/// itself (docs/benchmarks.md, ingest).
/// </summary>
internal static class StreamEntryDecoder
{
    private static readonly byte[][] s_fieldOrder =
    [
        Encoding.UTF8.GetBytes(RedisEventLog.IdField), Encoding.UTF8.GetBytes(RedisEventLog.TypeField),
        Encoding.UTF8.GetBytes(RedisEventLog.VersionField), Encoding.UTF8.GetBytes(RedisEventLog.TimestampField),
        Encoding.UTF8.GetBytes(RedisEventLog.SourceField), Encoding.UTF8.GetBytes(RedisEventLog.DataField),
    ];

    // The catalog's type names as one shared string each, so a million events do not hold a million copies.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_knownTypes =
        EventTypes.All.ToFrozenDictionary(t => t, t => t, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public static LoggedEvent ToLogged(StreamEntry entry) => new(Position(entry.Id), ToRawEvent(entry));

    /// <summary>
    /// Never throws on a malformed entry (a producer XADDing by hand may leave fields out or reorder them):
    /// missing fields read as empty and a non-numeric <c>v</c> as 0, so the parser rejects the event with a
    /// reason and the consumer goes on.
    /// </summary>
    public static RawEvent ToRawEvent(StreamEntry entry)
    {
        var values = entry.Values;
        if (InWriterOrder(values))
        {
            // Every producer that writes through RedisEventLog (the ingest API, the simulator) lands here.
            return new RawEvent(Text(values[0].Value), TypeName(values[1].Value), Version(values[2].Value),
                Text(values[3].Value), Source(values[4].Value), Bytes(values[5].Value));
        }
        return new RawEvent(
            Find(values, 0), TypeName(FindValue(values, 1)), Version(FindValue(values, 2)),
            Find(values, 3), Source(FindValue(values, 4)), Bytes(FindValue(values, 5)));
    }

    /// <summary>The entry id <c>ms-seq</c>, parsed from its bytes.</summary>
    public static LogPosition Position(RedisValue id) => Position(((ReadOnlyMemory<byte>)id).Span);

    /// <summary>The entry id <c>ms-seq</c> from its UTF-8 bytes (also <see cref="RespRangeReader"/>'s).</summary>
    public static LogPosition Position(ReadOnlySpan<byte> bytes)
    {
        var dash = bytes.IndexOf((byte)'-');
        if (dash > 0
            && Utf8Parser.TryParse(bytes[..dash], out long major, out var majorLength) && majorLength == dash
            && Utf8Parser.TryParse(bytes[(dash + 1)..], out long minor, out var minorLength) && minorLength == bytes.Length - dash - 1)
        {
            return new LogPosition(major, minor);
        }
        return LogPosition.Parse(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Which of the six event fields (in writer order: id, type, v, ts, src, data) a field name is, or -1.</summary>
    public static int FieldIndex(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < s_fieldOrder.Length; i++)
        {
            if (name.SequenceEqual(s_fieldOrder[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A field outside the event's own six (the dead-letter store's <c>reason</c>, <c>at</c>) by name; empty when missing.</summary>
    public static string Field(StreamEntry entry, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        foreach (var value in entry.Values)
        {
            if (((ReadOnlyMemory<byte>)value.Name).Span.SequenceEqual(bytes))
            {
                return Text(value.Value);
            }
        }
        return "";
    }

    private static bool InWriterOrder(NameValueEntry[] values)
    {
        if (values.Length != s_fieldOrder.Length)
        {
            return false;
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (!NameIs(values[i].Name, i))
            {
                return false;
            }
        }
        return true;
    }

    private static bool NameIs(RedisValue name, int field) =>
        ((ReadOnlyMemory<byte>)name).Span.SequenceEqual(s_fieldOrder[field]);

    private static string Find(NameValueEntry[] values, int field) => Text(FindValue(values, field));

    private static RedisValue FindValue(NameValueEntry[] values, int field)
    {
        foreach (var value in values)
        {
            if (NameIs(value.Name, field))
            {
                return value.Value;
            }
        }
        return RedisValue.EmptyString;
    }

    /// <summary>
    /// <c>data</c> as the entry's own UTF-8 bytes (each value read is its own array, so holding it is safe): the parser
    /// reads JSON from them directly, where decoding to a string cost a copy, and the JSON reader another back to UTF-8.
    /// </summary>
    private static ReadOnlyMemory<byte> Bytes(RedisValue value) => value.IsNull ? default : (ReadOnlyMemory<byte>)value;

    /// <summary>
    /// <c>src</c> through a small cache: a log has few producers, so a replay of a million events shares a handful of
    /// strings instead of allocating one per event. A racing miss only means an extra string.
    /// </summary>
    private static string Source(RedisValue value) => Source(((ReadOnlyMemory<byte>)value).Span);

    internal static string Source(ReadOnlySpan<byte> bytes)
    {
        var cache = s_sources;
        var slot = (int)(System.IO.Hashing.XxHash32.HashToUInt32(bytes) & (uint)(cache.Length - 1));
        var known = cache[slot];
        if (known is not null && known.Length == bytes.Length && Ascii.Equals(bytes, known))
        {
            return known;
        }
        var text = Text(bytes);
        if (text.Length <= 64 && Ascii.IsValid(text))
        {
            cache[slot] = text;
        }
        return text;
    }

    private static readonly string?[] s_sources = new string?[64];

    private static string Text(RedisValue value) =>
        value.IsNull ? "" : Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)value).Span);

    internal static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private static string TypeName(RedisValue value) => TypeName(((ReadOnlyMemory<byte>)value).Span);

    internal static string TypeName(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[64];
        if (bytes.Length <= chars.Length && Encoding.UTF8.TryGetChars(bytes, chars, out var length)
            && s_knownTypes.TryGetValue(chars[..length], out var known))
        {
            return known;
        }
        return Text(bytes);
    }

    private static int Version(RedisValue value) => Version(((ReadOnlyMemory<byte>)value).Span);

    internal static int Version(ReadOnlySpan<byte> bytes)
    {
        return Utf8Parser.TryParse(bytes, out int version, out var length) && length == bytes.Length ? version : 0;
    }
}
