using Lbc.Domain.Events;
using Lbc.EventLog.Redis;
using StackExchange.Redis;

namespace Lbc.EventLog.Tests;

public sealed class RedisConsumerGroupTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisEventLog _log = null!;

    // A separate client, as an operator or a foreign producer would use: it bypasses the log on purpose.
    private ConnectionMultiplexer _operator = null!;

    private IDatabase Redis => _operator.GetDatabase();

    public async Task InitializeAsync()
    {
        _log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        _operator = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _operator.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_TwoConsumers_EachEntryGoesToExactlyOne()
    {
        var a = new RedisConsumerGroup(_log, "influx", "a");
        var b = new RedisConsumerGroup(_log, "influx", "b");
        await a.EnsureCreatedAsync();
        await _log.AppendAsync(TestEvents.Range(1, 10));

        var first = await a.ReadAsync(4);
        var second = await b.ReadAsync(100);
        var nothingLeft = await a.ReadAsync(100);

        Assert.Equal(TestEvents.Range(1, 10), first.Concat(second).Select(e => e.Event));
        Assert.Equal(4, first.Count);
        Assert.Empty(nothingLeft);
        Assert.All(first.Concat(second), e => Assert.Equal(1, e.DeliveryCount));
    }

    [Fact]
    public async Task ReadAsync_GroupCreatedAfterAppends_DeliversTheBacklog()
    {
        await _log.AppendAsync(TestEvents.Range(1, 3));
        var consumer = new RedisConsumerGroup(_log, "archive", "a");

        var read = await consumer.ReadAsync(100);

        Assert.Equal(TestEvents.Range(1, 3), read.Select(e => e.Event));
    }

    [Fact]
    public async Task ClaimStaleAsync_ConsumerDiedWithoutAck_OtherReclaimsAfterMinIdleAndAcks()
    {
        var dying = new RedisConsumerGroup(_log, "influx", "dying");
        var survivor = new RedisConsumerGroup(_log, "influx", "survivor");
        await dying.EnsureCreatedAsync();
        var positions = await _log.AppendAsync(TestEvents.Range(1, 3));
        Assert.Equal(3, (await dying.ReadAsync(100)).Count);
        // "dying" stops here: no ack, no more reads.

        var tooEarly = await survivor.ClaimStaleAsync(TimeSpan.FromSeconds(30), 100);
        await Task.Delay(300);
        var reclaimed = await survivor.ClaimStaleAsync(TimeSpan.FromMilliseconds(200), 100);
        await survivor.AckAsync(reclaimed.Select(e => e.Position));

        Assert.Empty(tooEarly);
        Assert.Equal(TestEvents.Range(1, 3), reclaimed.Select(e => e.Event));
        Assert.Equal(positions, reclaimed.Select(e => e.Position));
        Assert.All(reclaimed, e => Assert.Equal(2, e.DeliveryCount));
        Assert.Equal(0, await survivor.GetPendingCountAsync());
        Assert.Empty(await survivor.ClaimStaleAsync(TimeSpan.Zero, 100));
    }

    [Fact]
    public async Task AckAsync_AckedEntries_AreNeverReclaimed()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a");
        await consumer.EnsureCreatedAsync();
        await _log.AppendAsync(TestEvents.Range(1, 4));
        var read = await consumer.ReadAsync(100);

        await consumer.AckAsync(read.Take(3).Select(e => e.Position));
        var reclaimed = await consumer.ClaimStaleAsync(TimeSpan.Zero, 100);

        Assert.Equal(["evt-000004"], reclaimed.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task ClaimStaleAsync_EntryFailsMaxDeliveries_DeadLetteredWithReasonWhileOthersFlow()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a", new RedisConsumerGroupOptions { MaxDeliveries = 3 });
        await consumer.EnsureCreatedAsync();
        await _log.AppendAsync([TestEvents.Make(1, data: "{\"poison\":true}"), TestEvents.Make(2)]);
        var delivered = await consumer.ReadAsync(100);
        // The handler succeeds for the good event and keeps failing (never acks) the poison one.
        await consumer.AckAsync([delivered[1].Position]);

        var deliveries = new List<long> { delivered[0].DeliveryCount };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var again = await consumer.ClaimStaleAsync(TimeSpan.Zero, 100);
            deliveries.AddRange(again.Select(e => e.DeliveryCount));
        }
        await _log.AppendAsync([TestEvents.Make(3)]);
        var next = await consumer.ReadAsync(100);

        Assert.Equal([1, 2, 3], deliveries);
        var letter = Assert.Single(await _log.ReadDeadLettersAsync(10));
        Assert.Equal("evt-000001", letter.Event.Id);
        Assert.Equal("{\"poison\":true}", letter.Event.Data);
        Assert.Contains("3 deliveries", letter.Reason);
        Assert.Contains("influx", letter.Reason);
        Assert.Equal(0, await consumer.GetPendingCountAsync() - next.Count);
        Assert.Equal(["evt-000003"], next.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task DeadLetterAsync_UnprocessableEntry_KeptWithReasonAndNotRedelivered()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a");
        await _log.AppendAsync([TestEvents.Make(1, data: "{broken")]);
        var entry = Assert.Single(await consumer.ReadAsync(10));

        await consumer.DeadLetterAsync(entry, "data: malformed JSON");

        Assert.Equal("data: malformed JSON", Assert.Single(await _log.ReadDeadLettersAsync(10)).Reason);
        Assert.Empty(await consumer.ClaimStaleAsync(TimeSpan.Zero, 10));
        Assert.Equal(1, await _log.CountAsync());
    }

    [Fact]
    public async Task ReadAsync_GroupDestroyed_RecreatesGroupWithoutSkippingUnackedBacklog()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a");
        await consumer.EnsureCreatedAsync();
        await _log.AppendAsync(TestEvents.Range(1, 3));
        var read = await consumer.ReadAsync(2);
        await consumer.AckAsync([read[0].Position]);
        // evt-2 delivered, not acked; evt-3 never delivered.

        Assert.True(await Redis.StreamDeleteConsumerGroupAsync(_log.Options.StreamKey, "influx"));
        await _log.AppendAsync([TestEvents.Make(4)]);
        var afterRecreate = await consumer.ReadAsync(100);

        // The recreated group starts from the beginning: at-least-once, never a silent gap.
        Assert.Equal(["evt-000001", "evt-000002", "evt-000003", "evt-000004"], afterRecreate.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task ReadAsync_StreamDeleted_RecreatesGroupAndReadsNewEntries()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a");
        await _log.AppendAsync([TestEvents.Make(1)]);
        Assert.Single(await consumer.ReadAsync(10));

        await Redis.KeyDeleteAsync(_log.Options.StreamKey);
        var empty = await consumer.ReadAsync(10);
        await _log.AppendAsync([TestEvents.Make(2)]);
        var next = await consumer.ReadAsync(10);

        Assert.Empty(empty);
        Assert.Equal(["evt-000002"], next.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task ReadAsync_EntryWithMissingFields_DeliveredAsEmptyFieldsInsteadOfThrowing()
    {
        var consumer = new RedisConsumerGroup(_log, "influx", "a");
        await consumer.EnsureCreatedAsync();
        await Redis.StreamAddAsync(_log.Options.StreamKey, [new NameValueEntry("type", "report.filed"), new NameValueEntry("v", "one")]);
        await _log.AppendAsync([TestEvents.Make(2)]);

        var read = await consumer.ReadAsync(10);

        Assert.Equal(2, read.Count);
        Assert.Equal(new RawEvent("", "report.filed", 0, "", "", ""), read[0].Event);
        Assert.Equal(TestEvents.Make(2), read[1].Event);
        Assert.Equal(2, (await _log.ReadAfterAsync(LogPosition.Start, 10)).Count);
    }
}
