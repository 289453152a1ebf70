using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// Everything a browser context received: each HTTP response body (fetches, the app's files, the hub's negotiation)
/// and each WebSocket frame (the hub). Privacy tests search it for what must never reach a role's browser; searching
/// what the browser got, not what the server meant to send, also catches a leak through an endpoint nobody thought of.
/// </summary>
public sealed class TrafficRecorder
{
    private readonly ConcurrentQueue<RecordedResponse> _responses = new();
    private readonly ConcurrentQueue<RecordedFrame> _frames = new();
    private readonly ConcurrentQueue<(string Url, Task Read)> _pending = new();
    private readonly ConcurrentDictionary<IPage, bool> _pages = new();

    public IReadOnlyCollection<RecordedResponse> Responses => _responses;

    public IReadOnlyCollection<RecordedFrame> Frames => _frames;

    /// <summary>Records the context's responses, and the WebSocket frames of every page it opens from now on.</summary>
    internal void Attach(IBrowserContext context)
    {
        context.Response += (_, response) => _pending.Enqueue((response.Url, CaptureAsync(response)));
        context.Page += (_, page) => Attach(page);
    }

    internal void Attach(IPage page)
    {
        if (!_pages.TryAdd(page, true))
        {
            return;
        }
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            _frames.Enqueue(new RecordedFrame(socket.Url, frame.Text ?? Encoding.UTF8.GetString(frame.Binary ?? [])));
    }

    /// <summary>
    /// Responses whose body the browser would not give back: only the sign-in's own answers may be among them (see
    /// <see cref="SettleAsync"/>).
    /// </summary>
    public IReadOnlyCollection<string> Unread => _unread;

    private readonly ConcurrentQueue<string> _unread = new();

    /// <summary>Waits for the bodies still being read: call before searching.</summary>
    public async Task SettleAsync()
    {
        while (_pending.TryDequeue(out var pending))
        {
            // A body that never ends (a long-polling or streaming response) must not hang the test silently; the wait is
            // generous because a loaded 2-core machine can take many seconds for a history query.
            var path = new Uri(pending.Url).AbsolutePath;
            var signIn = path.StartsWith("/api/auth/", StringComparison.Ordinal);
            try
            {
                await pending.Read.WaitAsync(TimeSpan.FromSeconds(signIn ? 5 : 45));
            }
            catch (TimeoutException) when (signIn)
            {
                // Chromium sometimes never hands back the body of the sign-in's fetch once the page has navigated to the
                // app (Playwright's body read then waits forever). That answer is the user's own account, which the
                // sign-in form sent itself: nothing of anyone else can be in it.
                _unread.Enqueue(path);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the body of {path} did not end within 45 s");
            }
        }
    }

    /// <summary>Every place the exact text occurs, in any body (text or binary) or frame.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(string needle)
    {
        await SettleAsync();
        var found = new List<string>();
        foreach (var (where, text) in Texts(includeStaticFiles: true))
        {
            for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal))
            {
                found.Add($"{where}: …{Excerpt(text, i, needle.Length)}…");
            }
        }
        return found;
    }

    /// <summary>
    /// Every match of <paramref name="pattern"/> in what the server produced for this user: API bodies and hub frames.
    /// The app's own files (.wasm, .dll, scripts, styles, fonts) are left out: compiled code holds digit runs that
    /// mean nothing, and the same files go to every user alike.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindAsync(Regex pattern)
    {
        await SettleAsync();
        var found = new List<string>();
        foreach (var (where, text) in Texts(includeStaticFiles: false))
        {
            foreach (Match m in pattern.Matches(text))
            {
                found.Add($"{where}: …{Excerpt(text, m.Index, m.Length)}…");
            }
        }
        return found;
    }

    private IEnumerable<(string Where, string Text)> Texts(bool includeStaticFiles)
    {
        foreach (var r in _responses)
        {
            if (includeStaticFiles || !r.IsStaticFile)
            {
                yield return ($"HTTP {r.Status} {r.Url}", Encoding.UTF8.GetString(r.Body));
            }
        }
        foreach (var f in _frames)
        {
            yield return ($"WebSocket {f.Url}", f.Text);
        }
    }

    private async Task CaptureAsync(IResponse response)
    {
        byte[] body = [];
        string? contentType = null;
        try
        {
            contentType = (await response.AllHeadersAsync()).GetValueOrDefault("content-type");
            body = await response.BodyAsync();
        }
        catch (PlaywrightException)
        {
            // Redirects, aborted requests and pages closed meanwhile have no body: nothing reached the page through them.
        }
        _responses.Enqueue(new RecordedResponse(response.Url, response.Status, contentType, body));
    }

    private static string Excerpt(string text, int index, int length)
    {
        var start = Math.Max(0, index - 40);
        var end = Math.Min(text.Length, index + length + 40);
        return text[start..end].ReplaceLineEndings(" ");
    }
}

public sealed record RecordedResponse(string Url, int Status, string? ContentType, byte[] Body)
{
    /// <summary>The app's files: the same for every user, compiled or styling, not data.</summary>
    public bool IsStaticFile =>
        new Uri(Url).AbsolutePath is var path
        && (path.Contains("/_framework/", StringComparison.Ordinal) || path.Contains("/lib/", StringComparison.Ordinal)
            || path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal)
            || path.EndsWith(".png", StringComparison.Ordinal) || path.EndsWith(".woff2", StringComparison.Ordinal));
}

public sealed record RecordedFrame(string Url, string Text);
