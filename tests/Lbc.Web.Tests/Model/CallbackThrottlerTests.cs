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
}
