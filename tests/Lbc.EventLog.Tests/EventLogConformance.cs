using System.Diagnostics;
using System.Text;
using Lbc.Domain.Events;

namespace Lbc.EventLog.Tests;

/// <summary>
/// The contract of <see cref="IEventLog"/>: every implementation runs these same tests, so switching
/// <c>Dashboard:EventLog</c> between Sqlite and Redis changes nothing the dashboard can notice.
/// </summary>
public abstract class EventLogConformance : IAsyncLifetime
{
    private readonly List<IEventLog> _logs = [];

    /// <summary>A fresh, empty log, isolated from every other test.</summary>
    protected abstract Task<IEventLog> CreateEmptyLogAsync();

    /// <summary>A second handle on the same log as <paramref name="log"/>, as another server instance would hold.</summary>
    protected abstract Task<IEventLog?> OpenSecondHandleAsync(IEventLog log);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }
    }

    protected async Task<IEventLog> NewLogAsync()
    {
        var log = await CreateEmptyLogAsync();
        _logs.Add(log);
        return log;
    }

    protected void Track(IEventLog log) => _logs.Add(log);

    [Fact]
    public async Task AppendAsync_Batch_ReturnsIncreasingPositionsInOrder()
    {
        var log = await NewLogAsync();

        var positions = await log.AppendAsync(TestEvents.Range(1, 20));

        Assert.Equal(20, positions.Count);
        Assert.True(positions[0] > LogPosition.Start);
        for (var i = 1; i < positions.Count; i++)
        {
            Assert.True(positions[i] > positions[i - 1], $"position {i} ({positions[i]}) is not after {positions[i - 1]}");
        }
    }

    [Fact]
    public async Task AppendAsync_SeparateBatches_LaterBatchSortsAfterEarlier()
    {
        var log = await NewLogAsync();

        var first = await log.AppendAsync(TestEvents.Range(1, 3));
        var second = await log.AppendAsync(TestEvents.Range(4, 3));

        Assert.True(second[0] > first[^1]);
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_ReturnsNoPositionsAndAddsNothing()
    {
        var log = await NewLogAsync();

        var positions = await log.AppendAsync([]);

        Assert.Empty(positions);
        Assert.Equal(0, await log.CountAsync());
    }

    [Fact]
    public async Task ReadAfterAsync_FromStart_ReturnsAllInAppendOrderAtTheirPositions()
    {
        var log = await NewLogAsync();
        var events = TestEvents.Range(1, 25);
        var positions = await log.AppendAsync(events);

        var read = await log.ReadAfterAsync(LogPosition.Start, 1000);

        Assert.Equal(events, read.Select(e => e.Event));
        Assert.Equal(positions, read.Select(e => e.Position));
    }

    [Fact]
    public async Task ReadAfterAsync_FromMiddlePosition_ReturnsOnlyTheRest()
    {
        var log = await NewLogAsync();
        var events = TestEvents.Range(1, 10);
        var positions = await log.AppendAsync(events);

        var read = await log.ReadAfterAsync(positions[3], 1000);

        Assert.Equal(events.Skip(4), read.Select(e => e.Event));
    }

    [Fact]
    public async Task ReadAfterAsync_WithMax_PagesThroughEveryEventOnce()
    {
        var log = await NewLogAsync();
        var events = TestEvents.Range(1, 23);
        await log.AppendAsync(events);

        var pages = new List<int>();
        var all = new List<RawEvent>();
        var after = LogPosition.Start;
        while (true)
        {
            var page = await log.ReadAfterAsync(after, 5);
            if (page.Count == 0)
            {
                break;
            }
            pages.Add(page.Count);
            all.AddRange(page.Select(e => e.Event));
            after = page[^1].Position;
        }

        Assert.Equal([5, 5, 5, 5, 3], pages);
        Assert.Equal(events, all);
    }

    [Fact]
    public async Task ReadAfterAsync_AtHead_ReturnsNothing()
    {
        var log = await NewLogAsync();
        var positions = await log.AppendAsync(TestEvents.Range(1, 3));

        Assert.Empty(await log.ReadAfterAsync(positions[^1], 100));
    }

    [Fact]
    public async Task ReadAfterAsync_MaxZero_ReturnsNothing()
    {
        var log = await NewLogAsync();
        await log.AppendAsync(TestEvents.Range(1, 3));

        Assert.Empty(await log.ReadAfterAsync(LogPosition.Start, 0));
    }

    [Fact]
    public async Task ReadAfterAsync_EmptyLog_ReturnsNothing()
    {
        var log = await NewLogAsync();

        Assert.Empty(await log.ReadAfterAsync(LogPosition.Start, 100));
    }

    [Fact]
    public async Task AppendAsync_ChineseTextAndLargePayload_RoundTripsExactly()
    {
        var log = await NewLogAsync();
        var chinese = TestEvents.Make(1, src: "辽宁省公安厅", data: """{"note":"留守儿童 张小明（9岁）独自在家，邻居报告 😟","village":"沈阳市和平区"}""");
        var large = TestEvents.Make(2, data: "{\"blob\":\"" + string.Concat(Enumerable.Repeat("数据abc", 60 * 1024 / 9)) + "\"}");
        Assert.True(Encoding.UTF8.GetByteCount(large.Data) > 59 * 1024);
        var odd = new RawEvent("id with spaces \"quotes\" \\ and\nnewline", "child.updated", 1, "2026-11-03T08:15:30+08:00", "", "");

        await log.AppendAsync([chinese, large, odd]);
        var read = await log.ReadAfterAsync(LogPosition.Start, 10);

        Assert.Equal(3, read.Count);
        Assert.Equal(chinese, read[0].Event);
        Assert.Equal(Encoding.UTF8.GetBytes(large.Data), Encoding.UTF8.GetBytes(read[1].Event.Data));
        Assert.Equal(odd, read[2].Event);
    }

    [Fact]
    public async Task GetHeadAsync_EmptyLog_ReturnsStart()
    {
        var log = await NewLogAsync();

        Assert.Equal(LogPosition.Start, await log.GetHeadAsync());
    }

    [Fact]
    public async Task GetHeadAsync_AfterAppends_ReturnsLastAppendedPosition()
    {
        var log = await NewLogAsync();
        await log.AppendAsync(TestEvents.Range(1, 4));
        var last = await log.AppendAsync(TestEvents.Range(5, 2));

        Assert.Equal(last[^1], await log.GetHeadAsync());
    }

    [Fact]
    public async Task CountAsync_AfterAppends_CountsEveryEvent()
    {
        var log = await NewLogAsync();
        await log.AppendAsync(TestEvents.Range(1, 7));
        await log.AppendAsync(TestEvents.Range(8, 5));

        Assert.Equal(12, await log.CountAsync());
    }

    [Fact]
    public async Task DeadLetterAsync_SameEventTwice_KeptOnceWithFirstReason()
    {
        var log = await NewLogAsync();
        var poison = TestEvents.Make(7, data: "{not json");

        await log.DeadLetterAsync(poison, "data: malformed JSON");
        await log.DeadLetterAsync(poison, "data: malformed JSON (redelivered)");
        var dead = await log.ReadDeadLettersAsync(100);

        var letter = Assert.Single(dead);
        Assert.Equal(poison, letter.Event);
        Assert.Equal("data: malformed JSON", letter.Reason);
        Assert.True(letter.At > DateTimeOffset.UtcNow.AddMinutes(-5), $"dead letter time {letter.At} is not recent");
    }

    [Fact]
    public async Task DeadLetterAsync_DoesNotAppendToTheLog()
    {
        var log = await NewLogAsync();

        await log.DeadLetterAsync(TestEvents.Make(1), "unknown type");

        Assert.Equal(0, await log.CountAsync());
        Assert.Empty(await log.ReadAfterAsync(LogPosition.Start, 10));
    }

    [Fact]
    public async Task ReadDeadLettersAsync_MoreThanMax_ReturnsNewestLast()
    {
        var log = await NewLogAsync();
        for (var i = 1; i <= 5; i++)
        {
            await log.DeadLetterAsync(TestEvents.Make(i), $"reason {i}");
        }

        var dead = await log.ReadDeadLettersAsync(3);

        Assert.Equal(["reason 3", "reason 4", "reason 5"], dead.Select(d => d.Reason));
        Assert.Equal(["evt-000003", "evt-000004", "evt-000005"], dead.Select(d => d.Event.Id));
    }

    [Fact]
    public async Task ReadDeadLettersAsync_None_ReturnsNothing()
    {
        var log = await NewLogAsync();

        Assert.Empty(await log.ReadDeadLettersAsync(10));
    }

    [Fact]
    public async Task WaitForAppendAsync_AppendFromAnotherTask_CompletesPromptly()
    {
        var log = await NewLogAsync();
        var head = await log.GetHeadAsync();
        var watch = Stopwatch.StartNew();

        var wait = log.WaitForAppendAsync(head, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(wait.IsCompleted, "the wait ended before anything was appended");
        await log.AppendAsync([TestEvents.Make(1)]);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Single(await log.ReadAfterAsync(head, 10));
    }

    [Fact]
    public async Task WaitForAppendAsync_AppendThroughAnotherInstance_CompletesPromptly()
    {
        var log = await NewLogAsync();
        var other = await OpenSecondHandleAsync(log);
        if (other is null)
        {
            // The embedded log is one process by design; there is no second instance to append from.
            return;
        }
        Track(other);
        var wait = log.WaitForAppendAsync(LogPosition.Start, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(wait.IsCompleted, "the wait ended before anything was appended");
        var watch = Stopwatch.StartNew();

        await other.AppendAsync([TestEvents.Make(1)]);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the other instance's append was noticed after {watch.Elapsed}");
    }

    [Fact]
    public async Task WaitForAppendAsync_NothingAppended_ReturnsAfterTimeout()
    {
        var log = await NewLogAsync();
        var head = (await log.AppendAsync([TestEvents.Make(1)]))[0];
        var watch = Stopwatch.StartNew();

        await log.WaitForAppendAsync(head, TimeSpan.FromMilliseconds(400)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        Assert.Empty(await log.ReadAfterAsync(head, 10));
    }

    [Fact]
    public async Task WaitForAppendAsync_EventsAlreadyAfterPosition_ReturnsImmediately()
    {
        var log = await NewLogAsync();
        await log.AppendAsync([TestEvents.Make(1)]);
        var watch = Stopwatch.StartNew();

        await log.WaitForAppendAsync(LogPosition.Start, TimeSpan.FromSeconds(10)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task GetFirstAsync_EmptyThenAppended_FirstPositionAndNothingLost()
    {
        var log = await NewLogAsync();
        var empty = await log.GetFirstAsync();

        var positions = await log.AppendAsync(TestEvents.Range(1, 5));
        var first = await log.GetFirstAsync();

        Assert.Equal(new LogStart(LogPosition.Start, false), empty);
        Assert.Equal(positions[0], first.First);
        Assert.False(first.Trimmed);
        Assert.False(first.LostEventsAfter(LogPosition.Start));
    }

    [Fact]
    public async Task CheckHealthAsync_Reachable_HealthyWithEventCount()
    {
        var log = await NewLogAsync();
        await log.AppendAsync(TestEvents.Range(1, 3));

        var health = await log.CheckHealthAsync();

        Assert.True(health.Healthy, health.Description);
        Assert.Contains("3 events", health.Description);
    }
}
