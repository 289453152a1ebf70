using System.Buffers.Text;
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
    private const int BufferSize = 1 << 16;
    private const int BlockSize = 1 << 18;

    private readonly EndPoint _endPoint;
    private readonly ConfigurationOptions _configuration;
    private readonly TimeSpan _timeout;
    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[BufferSize];
    private Socket? _socket;
    private int _start;
    private int _end;

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
    public IReadOnlyList<LoggedEvent> Read(string key, LogPosition after, int max)
    {
        lock (_gate)
        {
            try
            {
                var socket = _socket ??= Connect();
                Send(socket, "XRANGE", key, "(" + after, "+", "COUNT", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return ReadEntries();
            }
            catch (Exception ex) when (ex is SocketException or IOException or FormatException or ObjectDisposedException)
            {
                Drop();
                throw ex as IOException ?? new IOException($"XRANGE over RESP: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Where the stream starts (as <see cref="RedisEventLog.GetFirstAsync"/> tells it) and, unless events after
    /// <paramref name="after"/> were trimmed before being read, the page after it: MULTI, XINFO STREAM, XRANGE, EXEC in one
    /// write, so the check and the read are one round trip and nothing is trimmed between them.
    /// </summary>
    /// <exception cref="IOException">As <see cref="Read"/>.</exception>
    public (LogStart Start, IReadOnlyList<LoggedEvent> Events) ReadChecked(string key, LogPosition after, int max)
    {
        lock (_gate)
        {
            try
            {
                var socket = _socket ??= Connect();
                Send(socket, ["MULTI"], ["XINFO", "STREAM", key],
                    ["XRANGE", key, "(" + after, "+", "COUNT", max.ToString(System.Globalization.CultureInfo.InvariantCulture)], ["EXEC"]);
                ExpectOk();
                ExpectOk(); // +QUEUED
                ExpectOk(); // +QUEUED
                if (ArrayLength() != 2)
                {
                    throw new FormatException("EXEC did not answer both commands");
                }
                var start = StreamStart();
                var events = ReadEntries();
                return start.LostEventsAfter(after) ? (start, []) : (start, events);
            }
            catch (Exception ex) when (ex is SocketException or IOException or FormatException or ObjectDisposedException)
            {
                Drop();
                throw ex as IOException ?? new IOException($"XINFO + XRANGE over RESP: {ex.Message}", ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Drop();
        }
    }

    private Socket Connect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.ReceiveTimeout = socket.SendTimeout = (int)_timeout.TotalMilliseconds;
            using (var connecting = new CancellationTokenSource(_timeout))
            {
                socket.ConnectAsync(_endPoint, connecting.Token).AsTask().GetAwaiter().GetResult();
            }
            _start = _end = 0;
            _socket = socket;
            if (!string.IsNullOrEmpty(_configuration.Password))
            {
                if (string.IsNullOrEmpty(_configuration.User))
                {
                    Send(socket, "AUTH", _configuration.Password);
                }
                else
                {
                    Send(socket, "AUTH", _configuration.User, _configuration.Password);
                }
                ExpectOk();
            }
            if (_configuration.DefaultDatabase is int database and not 0)
            {
                Send(socket, "SELECT", database.ToString(System.Globalization.CultureInfo.InvariantCulture));
                ExpectOk();
            }
            return socket;
        }
        catch (OperationCanceledException ex)
        {
            socket.Dispose();
            _socket = null;
            throw new IOException($"connecting to {_endPoint} timed out", ex);
        }
        catch
        {
            socket.Dispose();
            _socket = null;
            throw;
        }
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private static void Send(Socket socket, params string[] parts) => Send(socket, [parts]);

    /// <summary>Commands written at once (a pipeline: Redis answers them in order).</summary>
    private static void Send(Socket socket, params string[][] commands)
    {
        var text = new StringBuilder();
        foreach (var parts in commands)
        {
            text.Append('*').Append(parts.Length).Append("\r\n");
            foreach (var part in parts)
            {
                text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
            }
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        for (var sent = 0; sent < bytes.Length;)
        {
            sent += socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
    }

    private void ExpectOk()
    {
        var line = Line();
        if (line.Length == 0 || line[0] != (byte)'+')
        {
            throw new IOException("Redis refused the connection's setup: " + Encoding.UTF8.GetString(line));
        }
    }

    /// <summary>
    /// The reply to XINFO STREAM inside EXEC, read as <see cref="RedisEventLog.GetFirstAsync"/> reads it: no stream (an error
    /// reply) is an untrimmed empty log; trimmed when more entries were ever added than it holds; an empty stream starts after
    /// the last id it generated.
    /// </summary>
    private LogStart StreamStart()
    {
        var head = Peek();
        if (head == (byte)'-')
        {
            Line(); // "ERR no such key"
            return new LogStart(LogPosition.Start, false);
        }
        var pairs = ArrayLength() / 2;
        long length = 0, added = 0;
        LogPosition? first = null, lastGenerated = null;
        for (var i = 0; i < pairs; i++)
        {
            var name = Encoding.ASCII.GetString(Bulk());
            switch (name)
            {
                case "length":
                    length = Integer();
                    break;
                case "entries-added":
                    added = Integer();
                    break;
                case "last-generated-id":
                    lastGenerated = StreamEntryDecoder.Position(Bulk());
                    break;
                case "first-entry" when Peek() == (byte)'*' && ArrayLength() is var parts && parts > 0:
                    first = StreamEntryDecoder.Position(Bulk());
                    for (var p = 1; p < parts; p++)
                    {
                        Skip();
                    }
                    break;
                default:
                    Skip();
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

    /// <summary>The next reply element's type byte, without reading it.</summary>
    private byte Peek()
    {
        Ensure(1);
        return _buffer[_start];
    }

    private long Integer()
    {
        var line = Line();
        if (line.Length < 2 || line[0] != (byte)':' || !Utf8Parser.TryParse(line[1..], out long value, out var used) || used != line.Length - 1)
        {
            throw new FormatException("expected an integer");
        }
        return value;
    }

    /// <summary>Reads past one reply element of any type (nested arrays included).</summary>
    private void Skip()
    {
        switch (Peek())
        {
            case (byte)'$':
                var header = Line();
                if (!Utf8Parser.TryParse(header[1..], out int length, out _) || length < 0)
                {
                    return; // $-1: nil
                }
                SkipBytes(length + 2);
                return;
            case (byte)'*':
                var count = ArrayLength();
                for (var i = 0; i < count; i++)
                {
                    Skip();
                }
                return;
            default:
                Line(); // +simple, :integer, -error
                return;
        }
    }

    private void SkipBytes(int count)
    {
        while (count > 0)
        {
            if (_end == _start)
            {
                Fill();
            }
            var take = Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    /// <summary>The reply to XRANGE: an array of [id, [field, value, ...]].</summary>
    private List<LoggedEvent> ReadEntries()
    {
        var count = ArrayLength();
        var events = new List<LoggedEvent>(Math.Max(count, 0));
        var blocks = new PayloadBlocks();
        for (var i = 0; i < count; i++)
        {
            if (ArrayLength() != 2)
            {
                throw new FormatException("an XRANGE entry is not [id, fields]");
            }
            var position = StreamEntryDecoder.Position(Bulk());
            var fields = ArrayLength();
            // As StreamEntryDecoder: a missing field reads as empty, the first of a repeated name wins.
            string? id = null, type = null, ts = null, src = null;
            int? version = null;
            ReadOnlyMemory<byte>? data = null;
            for (var f = 0; f + 1 < fields; f += 2)
            {
                var which = StreamEntryDecoder.FieldIndex(Bulk());
                var value = Bulk();
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
                Bulk(); // a name without a value: nothing a writer produces, read past it
            }
            events.Add(new LoggedEvent(position, new RawEvent(id ?? "", type ?? "", version ?? 0, ts ?? "", src ?? "", data ?? ReadOnlyMemory<byte>.Empty)));
        }
        return events;
    }

    private int ArrayLength()
    {
        var line = Line();
        if (line.Length > 0 && line[0] == (byte)'-')
        {
            throw new IOException("Redis answered: " + Encoding.UTF8.GetString(line[1..]));
        }
        if (line.Length < 2 || line[0] != (byte)'*' || !Utf8Parser.TryParse(line[1..], out int length, out var used) || used != line.Length - 1)
        {
            throw new FormatException("expected an array");
        }
        return length;
    }

    /// <summary>A bulk string's bytes, valid until the next read from the connection.</summary>
    private ReadOnlySpan<byte> Bulk()
    {
        var line = Line();
        if (line.Length < 2 || line[0] != (byte)'$' || !Utf8Parser.TryParse(line[1..], out int length, out var used) || used != line.Length - 1
            || length < 0)
        {
            throw new FormatException("expected a bulk string");
        }
        if (length + 2 > _buffer.Length)
        {
            // Larger than the buffer (a payload the parser will refuse as too large): its own array.
            var large = new byte[length + 2];
            var have = Math.Min(_end - _start, large.Length);
            _buffer.AsSpan(_start, have).CopyTo(large);
            _start += have;
            for (var at = have; at < large.Length;)
            {
                at += Receive(large.AsSpan(at));
            }
            return large.AsSpan(0, length);
        }
        Ensure(length + 2);
        var bytes = _buffer.AsSpan(_start, length);
        _start += length + 2;
        return bytes;
    }

    /// <summary>One reply line without its CRLF (at most the buffer's size), valid until the next read.</summary>
    private ReadOnlySpan<byte> Line()
    {
        var searched = 0;
        while (true)
        {
            var crlf = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n"u8);
            if (crlf >= 0)
            {
                var line = _buffer.AsSpan(_start, searched + crlf);
                _start += searched + crlf + 2;
                return line;
            }
            searched = Math.Max(0, _end - _start - 1);
            if (_end - _start == _buffer.Length)
            {
                throw new FormatException("a reply line longer than the buffer");
            }
            Fill();
        }
    }

    /// <summary>At least <paramref name="count"/> unread bytes in the buffer (count ≤ its size).</summary>
    private void Ensure(int count)
    {
        while (_end - _start < count)
        {
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            // Keep the unread bytes at the front, so a value never wraps.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        _end += Receive(_buffer.AsSpan(_end));
    }

    private int Receive(Span<byte> into)
    {
        var read = (_socket ?? throw new ObjectDisposedException(nameof(RespRangeReader))).Receive(into, SocketFlags.None);
        return read > 0 ? read : throw new IOException("Redis closed the connection");
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
