using Lbc.Domain.Events;
using Lbc.EventLog.Redis;
using StackExchange.Redis;

namespace Lbc.EventLog.Tests;

/// <summary>
/// The replay's bulk reads (<see cref="RespRangeReader"/>, pages of 1,000 events or more) against a real redis-server: they
/// must give exactly what the multiplexer's reads give (same positions, same fields, whatever a hand-made entry holds),
/// sign in where Redis asks for a password, and survive Redis going away.
/// </summary>
public sealed class RespRangeReaderTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task BulkRead_WriterAndHandMadeEntries_SameAsSmallReadsThroughTheMultiplexer()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var key = log.Options.StreamKey;
        // Enough writer-made events that the reply spans many fills of the reader's buffer, with hand-made entries between.
        await log.AppendAsync(TestEvents.Range(1, 700));
        await db.StreamAddAsync(key, [new("data", "{\"note\":\"沈阳市\"}"), new("src", "村委会-7"), new("extra", "x"), new("ts", "t"), new("v", "1x"), new("type", "child.moved"), new("id", "evt-手工")]);
        await db.StreamAddAsync(key, [new("id", "only-an-id")]);
        await db.StreamAddAsync(key, [new("type", "first"), new("type", "second"), new("id", "twice")]);
        await db.StreamAddAsync(key, [new("id", "not-utf8"), new("data", (RedisValue)new byte[] { 0x7b, 0xff, 0xfe, 0x7d })]);
        // A payload larger than the reader's 64 KB buffer (the parser refuses it later, but it must be read whole).
        var large = "{\"x\":\"" + new string('a', 100_000) + "\"}";
        await db.StreamAddAsync(key, [new("id", "large"), new("type", "child.registered"), new("v", "1"), new("ts", "t"), new("src", "s"), new("data", large)]);
        await log.AppendAsync(TestEvents.Range(701, 700));

        var bulk = await log.ReadAfterAsync(LogPosition.Start, 5_000);
        var small = new List<LoggedEvent>();
        for (var page = await log.ReadAfterAsync(LogPosition.Start, 100); page.Count > 0; page = await log.ReadAfterAsync(small[^1].Position, 100))
        {
            small.AddRange(page);
        }

        Assert.Equal(1_405, bulk.Count);
        Assert.Equal(small.Select(e => e.Position), bulk.Select(e => e.Position));
        Assert.Equal(small.Select(e => e.Event), bulk.Select(e => e.Event));
        Assert.Equal(new RawEvent("evt-手工", "child.moved", 0, "t", "村委会-7", "{\"note\":\"沈阳市\"}"), bulk[700].Event);
        Assert.Equal(new RawEvent("only-an-id", "", 0, "", "", ""), bulk[701].Event);
        Assert.Equal("first", bulk[702].Event.Type);
        Assert.Equal(new byte[] { 0x7b, 0xff, 0xfe, 0x7d }, bulk[703].Event.DataUtf8.ToArray());
        Assert.Equal(large, bulk[704].Event.Data);
        Assert.Equal(TestEvents.Make(1400), bulk[^1].Event);
        Assert.True(log.BulkReads > 0, "the 5,000-event read went through the multiplexer, not the bulk reader");
    }

    [Fact]
    public async Task CheckedBulkRead_TellsWhereTheStreamStartsAsGetFirstDoes_AndNothingAfterATrimPastTheReader()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        IEventLog reader = log;

        // No stream yet.
        var (empty, none) = await reader.ReadAfterCheckedAsync(LogPosition.Start, 5_000);
        Assert.Equal(await log.GetFirstAsync(), empty);
        Assert.Empty(none);

        var positions = await log.AppendAsync(TestEvents.Range(1, 1_200));
        var (start, events) = await reader.ReadAfterCheckedAsync(LogPosition.Start, 5_000);
        Assert.Equal(new LogStart(positions[0], false), start);
        Assert.Equal(TestEvents.Range(1, 1_200), events.Select(e => e.Event));

        // Trimmed past a reader at event 100: the loss is told, and no page is handed over as if nothing happened.
        await log.TrimBeforeAsync(positions[500]);
        var (cut, lost) = await reader.ReadAfterCheckedAsync(positions[99], 5_000);
        Assert.Equal(await log.GetFirstAsync(), cut);
        Assert.True(cut.LostEventsAfter(positions[99]));
        Assert.Empty(lost);
        // A reader at the cut reads on.
        var (_, rest) = await reader.ReadAfterCheckedAsync(positions[500], 5_000);
        Assert.Equal(TestEvents.Range(502, 699), rest.Select(e => e.Event));

        // Everything trimmed: the stream starts after the last id it ever generated.
        await log.TrimBeforeAsync(new LogPosition(positions[^1].Major, positions[^1].Minor + 1));
        var (gone, nothing) = await reader.ReadAfterCheckedAsync(positions[^1], 5_000);
        Assert.Equal(await log.GetFirstAsync(), gone);
        Assert.Empty(nothing);
        Assert.True(log.BulkReads >= 5, $"bulk reads: {log.BulkReads}");
    }

    [Fact]
    public async Task BulkRead_RedisRestarted_ReadsOnThroughANewConnection()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        await log.AppendAsync(TestEvents.Range(1, 1_500));
        Assert.Equal(1_500, (await log.ReadAfterAsync(LogPosition.Start, 5_000)).Count);

        await redis.KillAsync();
        await redis.StartAsync();
        // The multiplexer reconnects on its own; the bulk reader's connection is dead until a read finds out.
        var read = await Eventually.UntilAsync(async () =>
        {
            try
            {
                return await log.ReadAfterAsync(LogPosition.Start, 5_000);
            }
            catch (EventLogUnavailableException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(20));
        var again = await log.ReadAfterAsync(LogPosition.Start, 5_000);

        Assert.Equal(1_500, read.Count);
        Assert.Equal(read.Select(e => e.Position), again.Select(e => e.Position));
        Assert.True(log.BulkReads >= 2, $"bulk reads: {log.BulkReads}");
    }
}

/// <summary>A Redis that asks for a password (its own server: the setting is the server's).</summary>
public sealed class RespRangeReaderPasswordTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task BulkRead_PasswordProtectedRedis_SignsInAndReads()
    {
        const string password = "lbc-test-secret";
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "requirepass", password);
        }
        await using var log = await RedisEventLog.ConnectAsync($"{redis.ConnectionString},password={password}", RedisTestKeys.Fresh());
        await log.AppendAsync(TestEvents.Range(1, 1_200));

        var read = await log.ReadAfterAsync(LogPosition.Start, 5_000);

        Assert.Equal(TestEvents.Range(1, 1_200), read.Select(e => e.Event));
        Assert.Equal(1, log.BulkReads);
    }
}
