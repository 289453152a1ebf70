using System.Net;
using System.Net.Sockets;
using System.Text;
using Lbc.Domain.Events;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>
/// Reads pages of the stream (XRANGE) over a connection of its own, parsing the reply straight into events: ids, types,
/// timestamps and sources decoded from the reply's bytes, the payloads copied into a few shared blocks per page. The
/// general client builds a <see cref="NameValueEntry"/> array and a byte array per field (twelve per event) before any of
/// our code sees an entry; a replay of a million events spent more time there than in parsing the events themselves
/// (docs/benchmarks.md, issue 17 target 1). Only the bulk reads of a replay or a catch-up come here
/// (<see cref="RedisEventLog.ReadAfterAsync"/>); every other command stays on the multiplexer.
/// RESP2 over plain TCP to one endpoint (AUTH and SELECT as configured). A TLS, Sentinel or multi-endpoint
/// configuration is not supported: <see cref="TryCreate"/> answers null and the multiplexer reads as before. Blocking I/O,
/// one command at a time, under a lock: the consumer reads one page at a time from its own loop.
/// </summary>
internal sealed class RespRangeReader : IDisposable
{
    private const int BlockSize = 1 << 18;

    private readonly EndPoint _endPoint;
    private readonly ConfigurationOptions _configuration;
    private readonly TimeSpan _timeout;
    private readonly Lock _gate = new();
    private RespConnection? _connection;

    private RespRangeReader(EndPoint endPoint, ConfigurationOptions configuration, TimeSpan timeout)
    {
        _endPoint = endPoint;
        _configuration = configuration;
        _timeout = timeout;
    }

    /// <summary>A reader for this configuration, or null when it needs more than plain RESP2 to one endpoint.</summary>
    public static RespRangeReader? TryCreate(ConfigurationOptions configuration, TimeSpan timeout) =>
        configuration.Ssl || configuration.EndPoints.Count != 1 || !string.IsNullOrEmpty(configuration.ServiceName)
            || configuration.Protocol is RedisProtocol.Resp3
            ? null
            : new RespRangeReader(WithPort(configuration.EndPoints[0]), configuration, timeout);

    /// <summary>An endpoint given without a port is Redis' default one, as the multiplexer takes it.</summary>
    private static EndPoint WithPort(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint { Port: 0 } dns => new DnsEndPoint(dns.Host, 6379),
        IPEndPoint { Port: 0 } ip => new IPEndPoint(ip.Address, 6379),
        _ => endPoint,
    };

    /// <summary>
    /// Up to <paramref name="max"/> entries of <paramref name="key"/> after <paramref name="after"/>, as the multiplexer's
    /// read would give them (<see cref="StreamEntryDecoder"/>'s rules for missing or reordered fields).
    /// </summary>
    /// <exception cref="IOException">The connection failed or the reply was not what XRANGE answers; the connection is
    /// dropped (the next call opens a new one).</exception>
    public IReadOnlyList<LoggedEvent> Read(string key, LogPosition after, int max) => Exchange("XRANGE", connection =>
    {
        connection.Send(["XRANGE", key, "(" + after, "+", "COUNT", Count(max)]);
        return ReadEntries(connection);
    });

    /// <summary>
    /// Where the stream starts (as <see cref="RedisEventLog.GetFirstAsync"/> tells it) and, unless events after
    /// <paramref name="after"/> were trimmed before being read, the page after it: MULTI, XINFO STREAM, XRANGE, EXEC in one
    /// write, so the check and the read are one round trip and nothing is trimmed between them.
    /// </summary>
    /// <exception cref="IOException">As <see cref="Read"/>.</exception>
    public (LogStart Start, IReadOnlyList<LoggedEvent> Events) ReadChecked(string key, LogPosition after, int max) =>
        Exchange("XINFO + XRANGE", connection =>
        {
            connection.Send(["MULTI"], ["XINFO", "STREAM", key], ["XRANGE", key, "(" + after, "+", "COUNT", Count(max)], ["EXEC"]);
            connection.ExpectSimple(); // +OK
            connection.ExpectSimple(); // +QUEUED
            connection.ExpectSimple(); // +QUEUED
            if (connection.ArrayLength() != 2)
            {
                throw new FormatException("EXEC did not answer both commands");
            }
            var start = StreamStart(connection);
            var events = ReadEntries(connection);
            return start.LostEventsAfter(after) ? (start, (IReadOnlyList<LoggedEvent>)[]) : (start, events);
        });

    public void Dispose()
    {
        lock (_gate)
        {
            Drop();
        }
    }

    /// <summary>One command and its reply on the connection (opened when there is none); any failure drops it.</summary>
    private T Exchange<T>(string what, Func<RespConnection, T> exchange)
    {
        lock (_gate)
        {
            try
            {
                return exchange(_connection ??= RespConnection.Open(_endPoint, _configuration, _timeout));
            }
            catch (Exception ex) when (ex is SocketException or IOException or FormatException or ObjectDisposedException)
            {
                // The connection is out of step with its replies (or gone): the next call opens a new one.
                Drop();
                throw ex as IOException ?? new IOException($"{what} over RESP: {ex.Message}", ex);
            }
        }
    }

    private void Drop()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private static string Count(int max) => max.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The reply to XINFO STREAM inside EXEC, read as <see cref="RedisEventLog.GetFirstAsync"/> reads it: no stream (an error
    /// reply) is an untrimmed empty log; trimmed when more entries were ever added than it holds; an empty stream starts after
    /// the last id it generated.
    /// </summary>
    private static LogStart StreamStart(RespConnection connection)
    {
        var head = connection.Peek();
        if (head == (byte)'-')
        {
            connection.Line(); // "ERR no such key"
            return new LogStart(LogPosition.Start, false);
        }
        var pairs = connection.ArrayLength() / 2;
        long length = 0, added = 0;
        LogPosition? first = null, lastGenerated = null;
        for (var i = 0; i < pairs; i++)
        {
            var name = Encoding.ASCII.GetString(connection.Bulk());
            switch (name)
            {
                case "length":
                    length = connection.Integer();
                    break;
                case "entries-added":
                    added = connection.Integer();
                    break;
                case "last-generated-id":
                    lastGenerated = StreamEntryDecoder.Position(connection.Bulk());
                    break;
                case "first-entry" when connection.Peek() == (byte)'*' && connection.ArrayLength() is var parts && parts > 0:
                    first = StreamEntryDecoder.Position(connection.Bulk());
                    for (var p = 1; p < parts; p++)
                    {
                        connection.Skip();
                    }
                    break;
                default:
                    connection.Skip();
                    break;
            }
        }
        var trimmed = added > length;
        if (length == 0 || first is null)
        {
            var last = lastGenerated ?? LogPosition.Start;
            return new LogStart(last with { Minor = last.Minor + 1 }, trimmed);
        }
        return new LogStart(first.Value, trimmed);
    }

    /// <summary>The reply to XRANGE: an array of [id, [field, value, ...]].</summary>
    private static List<LoggedEvent> ReadEntries(RespConnection connection)
    {
        var count = connection.ArrayLength();
        var events = new List<LoggedEvent>(Math.Max(count, 0));
        var blocks = new PayloadBlocks();
        for (var i = 0; i < count; i++)
        {
            if (connection.ArrayLength() != 2)
            {
                throw new FormatException("an XRANGE entry is not [id, fields]");
            }
            var position = StreamEntryDecoder.Position(connection.Bulk());
            var fields = connection.ArrayLength();
            // As StreamEntryDecoder: a missing field reads as empty, the first of a repeated name wins.
            string? id = null, type = null, ts = null, src = null;
            int? version = null;
            ReadOnlyMemory<byte>? data = null;
            for (var f = 0; f + 1 < fields; f += 2)
            {
                var which = StreamEntryDecoder.FieldIndex(connection.Bulk());
                var value = connection.Bulk();
                switch (which)
                {
                    case 0: id ??= StreamEntryDecoder.Text(value); break;
                    case 1: type ??= StreamEntryDecoder.TypeName(value); break;
                    case 2: version ??= StreamEntryDecoder.Version(value); break;
                    case 3: ts ??= StreamEntryDecoder.Text(value); break;
                    case 4: src ??= StreamEntryDecoder.Source(value); break;
                    case 5: data ??= blocks.Copy(value); break;
                }
            }
            if (fields % 2 == 1)
            {
                connection.Bulk(); // a name without a value: nothing a writer produces, read past it
            }
            events.Add(new LoggedEvent(position, new RawEvent(id ?? "", type ?? "", version ?? 0, ts ?? "", src ?? "", data ?? ReadOnlyMemory<byte>.Empty)));
        }
        return events;
    }

    /// <summary>Payloads of one page copied into a few large blocks instead of an array each.</summary>
    private sealed class PayloadBlocks
    {
        private byte[] _block = [];
        private int _used;

        public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> value)
        {
            if (value.Length > _block.Length - _used)
            {
                _block = new byte[Math.Max(BlockSize, value.Length)];
                _used = 0;
            }
            value.CopyTo(_block.AsSpan(_used));
            var memory = new ReadOnlyMemory<byte>(_block, _used, value.Length);
            _used += value.Length;
            return memory;
        }
    }
}
