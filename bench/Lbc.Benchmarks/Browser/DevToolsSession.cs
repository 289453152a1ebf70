using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lbc.Benchmarks.Browser;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket (flattened sessions): enough to open a
/// fresh browser context, navigate and evaluate expressions. No browser-automation package needed.
/// </summary>
internal sealed class DevToolsSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task _receiving = Task.CompletedTask;

    public static async Task<DevToolsSession> ConnectAsync(Uri browserEndpoint)
    {
        var session = new DevToolsSession();
        session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await session._socket.ConnectAsync(browserEndpoint, CancellationToken.None);
        session._receiving = Task.Run(session.ReceiveLoopAsync);
        return session;
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A page in its own fresh browser context (cold cache, no cookies), attached with a session id.</summary>
    public async Task<(string ContextId, string SessionId)> OpenPageAsync()
    {
        var context = (await SendAsync("Target.createBrowserContext")).GetProperty("browserContextId").GetString()!;
        var target = (await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context }))
            .GetProperty("targetId").GetString()!;
        var session = (await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))
            .GetProperty("sessionId").GetString()!;
        await SendAsync("Page.enable", sessionId: session);
        await SendAsync("Runtime.enable", sessionId: session);
        return (context, session);
    }

    public async Task<JsonElement> EvaluateAsync(string sessionId, string expression, bool awaitPromise = false)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = awaitPromise,
        }, sessionId);
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (doc.RootElement.TryGetProperty("id", out var idElement) && _pending.TryRemove(idElement.GetInt32(), out var reply))
                {
                    if (doc.RootElement.TryGetProperty("error", out var error))
                    {
                        reply.TrySetException(new InvalidOperationException(error.ToString()));
                    }
                    else
                    {
                        reply.TrySetResult(doc.RootElement.GetProperty("result").Clone());
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The browser may already be gone.
        }
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
