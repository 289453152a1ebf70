using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>
/// One plain RESP2 connection for <see cref="RespRangeReader"/>: commands written as arrays of bulk strings (several at once:
/// Redis answers them in order), replies read from a buffer that keeps unread bytes at its front, so a value never wraps and
/// is read as a span of it. Blocking I/O with the configured timeout; not thread-safe (the reader holds a lock). After any
/// exception the connection is out of step with its replies: dispose it.
/// </summary>
internal sealed class RespConnection : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private RespConnection(Socket socket) => _socket = socket;

    /// <summary>Connects, signs in (AUTH) and selects the database as the configuration says.</summary>
    /// <exception cref="IOException">Redis could not be reached in time or refused the setup.</exception>
    public static RespConnection Open(EndPoint endPoint, ConfigurationOptions configuration, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.ReceiveTimeout = socket.SendTimeout = (int)timeout.TotalMilliseconds;
            using (var connecting = new CancellationTokenSource(timeout))
            {
                socket.ConnectAsync(endPoint, connecting.Token).AsTask().GetAwaiter().GetResult();
            }
            var connection = new RespConnection(socket);
            if (!string.IsNullOrEmpty(configuration.Password))
            {
                connection.Send(string.IsNullOrEmpty(configuration.User)
                    ? ["AUTH", configuration.Password]
                    : ["AUTH", configuration.User, configuration.Password]);
                connection.ExpectSimple();
            }
            if (configuration.DefaultDatabase is int database and not 0)
            {
                connection.Send(["SELECT", database.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                connection.ExpectSimple();
            }
            return connection;
        }
        catch (OperationCanceledException ex)
        {
            socket.Dispose();
            throw new IOException($"connecting to {endPoint} timed out", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Commands written at once (a pipeline: Redis answers them in order).</summary>
    public void Send(params string[][] commands)
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
            sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
    }

    /// <summary>A simple-string reply (+OK, +QUEUED); anything else (an error) throws.</summary>
    public void ExpectSimple()
    {
        var line = Line();
        if (line.Length == 0 || line[0] != (byte)'+')
        {
            throw new IOException("Redis answered: " + Encoding.UTF8.GetString(line));
        }
    }

    /// <summary>The next reply element's type byte, without reading it.</summary>
    public byte Peek()
    {
        Ensure(1);
        return _buffer[_start];
    }

    public long Integer()
    {
        var line = Line();
        if (line.Length < 2 || line[0] != (byte)':' || !Utf8Parser.TryParse(line[1..], out long value, out var used) || used != line.Length - 1)
        {
            throw new FormatException("expected an integer");
        }
        return value;
    }

    /// <summary>Reads past one reply element of any type (nested arrays included).</summary>
    public void Skip()
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

    public int ArrayLength()
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
    public ReadOnlySpan<byte> Bulk()
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
    public ReadOnlySpan<byte> Line()
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
        var read = _socket.Receive(into, SocketFlags.None);
        return read > 0 ? read : throw new IOException("Redis closed the connection");
    }
}
