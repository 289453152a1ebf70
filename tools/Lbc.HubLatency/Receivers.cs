using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace Lbc.HubLatency;

/// <summary>
/// The measuring clients, run in a child process of their own so that they do not compete with the server for
/// its threads, and kept light so that 500 of them on a 2-core machine do not saturate it: each is a raw
/// WebSocket speaking the SignalR JSON protocol (handshake, pings), and instead of deserialising every message
/// it scans the bytes for the measured report ids (<c>{marker}{number}</c>), taking the time the moment the
/// WebSocket message that carries one is complete. Both hubs are measured with this same client.
/// </summary>
/// <remarks>
/// Protocol with the parent: the parent starts <c>receive &lt;ws-url&gt; &lt;clients&gt; &lt;cookie&gt; &lt;marker&gt; &lt;max-id&gt; [stages]</c>,
/// where the cookie is <c>-</c> (then it is in LBC_LATENCY_COOKIE, or none) or <c>stdin</c> (then the parent writes one
/// cookie per line on standard input, ended by an empty line, and client i uses cookie i mod their number: one
/// signed-in user per client). With <c>stages</c> (comma-separated words, e.g. <c>acknowledged,dispatched</c>) an id
/// counts only when the first <c>"stage":"…"</c> after it in the message (a case's own stage: CaseDto writes its id
/// first and its stage before its clocks) is one of them, and the receipt is recorded per id and stage under the key
/// <c>id × stages + stage index</c>. The child prints <c>connected N</c> once every client is past the handshake, runs
/// until a line arrives on its standard input, then prints one <c>R client key timestamp</c> line per first receipt
/// and one <c>B client messages bytes</c> line per client, and exits. Timestamps are <see cref="Stopwatch"/> ticks,
/// which on Linux come from the system-wide monotonic clock, so the parent can compare them with its own.
/// </remarks>
internal static class Receivers
{
    public const string CookieVariable = "LBC_LATENCY_COOKIE";

    private static readonly byte[] s_handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] s_ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    public static async Task<int> RunAsync(string[] args)
    {
        var uri = new Uri(args[0]);
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var cookies = new List<string?>();
        if (args[2] == "stdin")
        {
            while (await Console.In.ReadLineAsync() is { Length: > 0 } line)
            {
                cookies.Add(line);
            }
        }
        else
        {
            cookies.Add(Environment.GetEnvironmentVariable(CookieVariable) is { Length: > 0 } fromParent ? fromParent : args[2] == "-" ? null : args[2]);
        }
        if (cookies.Count == 0)
        {
            cookies.Add(null);
        }
        var marker = Encoding.UTF8.GetBytes(args[3]);
        var maxId = int.Parse(args[4], CultureInfo.InvariantCulture);
        var stages = args.Length > 5 && args[5].Length > 0 ? args[5].Split(',').Select(Encoding.UTF8.GetBytes).ToArray() : null;

        using var stop = new CancellationTokenSource();
        var receivers = new Receiver[count];
        for (var i = 0; i < count; i++)
        {
            receivers[i] = new Receiver(marker, maxId, stages);
        }
        // Connect a few at a time: all at once only measures how the server copes with a connection storm.
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(receivers.Select(async (r, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    await r.ConnectAsync(uri, cookies[i % cookies.Count], stop.Token);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var loops = receivers.Select(r => r.ReceiveAsync(stop.Token)).ToArray();
        Console.Out.WriteLine($"connected {count}");
        Console.Out.Flush();

        await Console.In.ReadLineAsync();
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        var output = new StringBuilder();
        for (var c = 0; c < count; c++)
        {
            var r = receivers[c];
            for (var id = 0; id < r.ReceivedAt.Length; id++)
            {
                if (r.ReceivedAt[id] != 0)
                {
                    output.Append(CultureInfo.InvariantCulture, $"R {c} {id} {r.ReceivedAt[id]}\n");
                }
            }
            output.Append(CultureInfo.InvariantCulture, $"B {c} {r.Messages} {r.Bytes}\n");
            if (r.Failure is { } failure)
            {
                output.Append(CultureInfo.InvariantCulture, $"E {c} {failure}\n");
            }
        }
        await Console.Out.WriteAsync(output.ToString());
        await Console.Out.FlushAsync();
        foreach (var r in receivers)
        {
            r.Dispose();
        }
        return 0;
    }

    private static readonly byte[] s_stageField = Encoding.UTF8.GetBytes("\"stage\":\"");
    private static readonly byte[] s_caseIdField = Encoding.UTF8.GetBytes("\"caseId\":");

    private sealed class Receiver(byte[] marker, int maxId, byte[][]? stages) : IDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

        /// <summary>
        /// When the message carrying each id (with stages: each id and stage, key id × stages + stage) was complete
        /// (Stopwatch ticks); 0 = not (yet) received.
        /// </summary>
        public long[] ReceivedAt { get; } = new long[(maxId + 1) * (stages?.Length ?? 1)];

        public long Messages { get; private set; }
        public long Bytes { get; private set; }
        public string? Failure { get; private set; }

        public async Task ConnectAsync(Uri uri, string? cookie, CancellationToken cancellationToken)
        {
            if (cookie is not null)
            {
                _socket.Options.SetRequestHeader("Cookie", cookie);
            }
            // Straight to the WebSocket (no negotiate request): the server accepts that for the WebSockets transport.
            await _socket.ConnectAsync(uri, cancellationToken);
            await _socket.SendAsync(s_handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            // The handshake answer is "{}" followed by the record separator; anything else is an error message.
            var length = await ReceiveMessageAsync(cancellationToken);
            var answer = Encoding.UTF8.GetString(_buffer, 0, length);
            if (!answer.StartsWith("{}\u001e", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"SignalR handshake failed: {answer}");
            }
        }

        public async Task ReceiveAsync(CancellationToken cancellationToken)
        {
            // The server closes a connection it has not heard from for 30 s: ping like a SignalR client does.
            var pings = PingAsync(cancellationToken);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var length = await ReceiveMessageAsync(cancellationToken);
                    var now = Stopwatch.GetTimestamp();
                    if (length < 0)
                    {
                        Failure ??= "closed by the server";
                        return;
                    }
                    Messages++;
                    Bytes += length;
                    Scan(_buffer.AsSpan(0, length), now);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
            {
                Failure ??= ex.Message;
            }
            await pings;
        }

        /// <summary>Finds every <c>{marker}{digits}</c> in a message and records the first receipt of each id.</summary>
        private void Scan(ReadOnlySpan<byte> message, long now)
        {
            while (true)
            {
                var at = message.IndexOf(marker);
                if (at < 0)
                {
                    return;
                }
                message = message[(at + marker.Length)..];
                var id = 0;
                var digits = 0;
                while (digits < message.Length && message[digits] is >= (byte)'0' and <= (byte)'9' && digits < 9)
                {
                    id = id * 10 + (message[digits] - '0');
                    digits++;
                }
                if (digits == 0 || id > maxId)
                {
                    continue;
                }
                var key = id;
                if (stages is not null)
                {
                    if (StageAfter(message[digits..]) is not int stage)
                    {
                        continue;
                    }
                    key = id * stages.Length + stage;
                }
                if (ReceivedAt[key] == 0)
                {
                    ReceivedAt[key] = now;
                }
            }
        }

        /// <summary>
        /// The index of the stage word in the first <c>"stage":"…"</c> after an id, before the next id; null when there
        /// is none or it is not one of the stages measured.
        /// </summary>
        private int? StageAfter(ReadOnlySpan<byte> rest)
        {
            // Within the id's own object: before the next case ("caseId" comes first in a CaseDto), the next measured id,
            // or the end of this SignalR message (the record separator).
            var limit = rest.Length;
            foreach (var bound in (ReadOnlySpan<int>)[rest.IndexOf(s_caseIdField), rest.IndexOf(marker), rest.IndexOf((byte)0x1e)])
            {
                if (bound >= 0 && bound < limit)
                {
                    limit = bound;
                }
            }
            rest = rest[..limit];
            var at = rest.IndexOf(s_stageField);
            if (at < 0)
            {
                return null;
            }
            rest = rest[(at + s_stageField.Length)..];
            var end = rest.IndexOf((byte)'"');
            if (end < 0)
            {
                return null;
            }
            var word = rest[..end];
            for (var s = 0; s < stages!.Length; s++)
            {
                if (word.SequenceEqual(stages[s]))
                {
                    return s;
                }
            }
            return null;
        }

        /// <summary>Reads one whole WebSocket message into the buffer (grown as needed); -1 when the socket closed.</summary>
        private async Task<int> ReceiveMessageAsync(CancellationToken cancellationToken)
        {
            var length = 0;
            while (true)
            {
                if (length == _buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                    _buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return -1;
                }
                length += result.Count;
                if (result.EndOfMessage)
                {
                    return length;
                }
            }
        }

        private async Task PingAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                    await _socket.SendAsync(s_ping, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _socket.Abort();
            _socket.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
