using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lbc.Benchmarks.Browser;

/// <summary>
/// Time from navigation to a page's "ready" condition in headless Chromium, each run in a fresh browser
/// context (cold cache, no cookies). Measured inside the page with performance.now(), which counts from
/// the navigation's start, so the polling interval does not inflate the figure.
/// </summary>
internal static class BrowserLoad
{
    public sealed record Result(string Label, IReadOnlyList<double> RunsMs, IReadOnlyList<double>? ThenMs = null)
    {
        public double MedianMs => RunsMs.Order().ElementAt(RunsMs.Count / 2);
    }

    /// <param name="readyExpression">A JS boolean expression that is true once the page shows what counts.</param>
    /// <param name="prepare">Runs in the fresh context before the measured navigation (e.g. sign in).</param>
    /// <param name="thenExpression">Optional: a second condition timed after the first (e.g. the app became interactive).</param>
    public static async Task<Result> MeasureAsync(string label, Uri page, string readyExpression,
        Func<DevToolsSession, string, Task>? prepare, int runs, string? thenExpression = null)
    {
        await using var chromium = await Chromium.StartAsync();
        await using var devTools = await DevToolsSession.ConnectAsync(chromium.DevTools);
        var times = new List<double>();
        var thenTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var (context, session) = await devTools.OpenPageAsync();
            if (prepare is not null)
            {
                await prepare(devTools, session);
            }
            await devTools.SendAsync("Page.navigate", new JsonObject { ["url"] = page.ToString() }, session);
            var deadline = Stopwatch.StartNew();
            double? readyAt = null;
            while (readyAt is null && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                var value = await devTools.EvaluateAsync(session, $"(() => {{ try {{ return ({readyExpression}) ? performance.now() : -1; }} catch {{ return -1; }} }})()");
                if (value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0)
                {
                    readyAt = value.GetDouble();
                }
                else
                {
                    await Task.Delay(10);
                }
            }
            double? thenAt = null;
            while (readyAt is not null && thenExpression is not null && thenAt is null && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                var value = await devTools.EvaluateAsync(session, $"(() => {{ try {{ return ({thenExpression}) ? performance.now() : -1; }} catch {{ return -1; }} }})()");
                if (value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0)
                {
                    thenAt = value.GetDouble();
                }
                else
                {
                    await Task.Delay(10);
                }
            }
            await devTools.SendAsync("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context });
            times.Add(readyAt ?? throw new TimeoutException($"{label}: the page never became ready ({readyExpression})"));
            if (thenExpression is not null)
            {
                thenTimes.Add(thenAt ?? throw new TimeoutException($"{label}: the page never reached ({thenExpression})"));
            }
        }
        return new Result(label, times, thenExpression is null ? null : thenTimes);
    }

    /// <summary>
    /// Signs in through the page's own origin (a same-origin fetch sets the HttpOnly cookie). The header is the
    /// server's antiforgery check (AuthRoutes.RequestedWithHeader/Value in Lbc.Contracts): any other value is refused.
    /// </summary>
    public static Func<DevToolsSession, string, Task> SignIn(Uri origin, string username, string password) => async (devTools, session) =>
    {
        await devTools.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(origin, "/healthz").ToString() }, session);
        await Task.Delay(300);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        var status = await devTools.EvaluateAsync(session,
            $"fetch('/api/auth/login', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json', 'X-Requested-With': 'lbc-dashboard' }}, body: {JsonSerializer.Serialize(body)} }}).then(r => r.status)",
            awaitPromise: true);
        if (status.ValueKind != JsonValueKind.Number || status.GetInt32() >= 400)
        {
            throw new InvalidOperationException($"Sign-in for the browser benchmark failed: {status}");
        }
    };
}
