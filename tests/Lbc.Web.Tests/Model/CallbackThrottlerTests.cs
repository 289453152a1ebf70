using Lbc.Web.Model;

namespace Lbc.Web.Tests.Model;

public sealed class CallbackThrottlerTests
{
    [Fact]
    public async Task Invoke_BurstOfCalls_CoalescedIntoFewCallbacks()
    {
        var calls = 0;
        var throttler = new CallbackThrottler(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; },
            TimeSpan.FromMilliseconds(50), TimeProvider.System);

        var first = throttler.Invoke();
        await first;
        var tasks = Enumerable.Range(0, 100).Select(_ => throttler.Invoke()).ToArray();
        await Task.WhenAll(tasks);

        // The first call runs at once; the burst that follows becomes one more call, not a hundred.
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Invoke_AfterCallback_RunsAgainNoSoonerThanInterval()
    {
        var times = new List<long>();
        var interval = TimeSpan.FromMilliseconds(80);
        var throttler = new CallbackThrottler(() => { lock (times) { times.Add(Environment.TickCount64); } return Task.CompletedTask; },
            interval, TimeProvider.System);

        await throttler.Invoke();
        await throttler.Invoke();

        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= interval.TotalMilliseconds - 15, $"second call after {times[1] - times[0]} ms");
    }

    [Fact]
    public async Task Invoke_CallbackThrows_LaterCallsStillRun()
    {
        var calls = 0;
        var throttler = new CallbackThrottler(() => { calls++; throw new InvalidOperationException("gone"); }, TimeSpan.FromMilliseconds(1), TimeProvider.System);

        await throttler.Invoke();
        await throttler.Invoke();

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Invoke_JustAfterAFullLoadMarkedAsACall_WaitsItsInterval()
    {
        // A chart that has just read its new region's history must not read it all again when the region's figures
        // arrive a moment later.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var calls = 0;
        var throttler = new CallbackThrottler(() => { calls++; return Task.CompletedTask; }, TimeSpan.FromSeconds(5), time);

        throttler.MarkInvoked();
        var refresh = throttler.Invoke();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, calls);
        time.Advance(TimeSpan.FromSeconds(1));
        await refresh;

        Assert.Equal(1, calls);
    }
}
