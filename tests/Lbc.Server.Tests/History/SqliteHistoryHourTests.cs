using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using Lbc.Server.Tests.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Server.Tests.History;

/// <summary>
/// The embedded store's hourly roll-ups: a whole-hour step reads the hours inside the range from them and the edges from the
/// minutes, with the averages of the minutes themselves; a late minute re-rolls its hour; hours outlive the minutes.
/// </summary>
public sealed class SqliteHistoryHourTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lbc-history-hours-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(s_start);

    private string PathOf => System.IO.Path.Combine(_directory, "history.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>overdue of minute m = (m * 7) % 23, children 100 + m; every minute from 00:00 for <paramref name="minutes"/> minutes.</summary>
    private static int Overdue(int m) => m * 7 % 23;

    private async Task WriteAsync(SqliteHistoryStore store, int fromMinute, int minutes, Func<int, int>? overdue = null)
    {
        for (var m = fromMinute; m < fromMinute + minutes; m++)
        {
            _time.SetUtcNow(s_start.AddMinutes(m));
            await store.WriteMinuteAsync(s_start.AddMinutes(m),
                [new RegionRow("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, (overdue ?? Overdue)(m)), (Figure.Children, 100 + m)))],
                CancellationToken.None);
        }
    }

    private static HistoryQuery Query(string metric, string step, DateTimeOffset from, DateTimeOffset to)
    {
        var (query, errors) = HistoryQueryParser.Parse(metric, "2101", from.ToString("O"), to.ToString("O"), step, null, null, HistoryTestData.Regions);
        Assert.Empty(errors);
        return query!;
    }

    /// <summary>The mean of overdue over minutes [from, to) of the buckets of <paramref name="stepMinutes"/>, by hand.</summary>
    private static List<HistoryValue> ByHand(int from, int to, int stepMinutes, Func<int, int>? overdue = null) =>
        [.. Enumerable.Range(from, to - from).GroupBy(m => m / stepMinutes * stepMinutes)
            .Select(g => new HistoryValue(s_start.AddMinutes(g.Key), g.Select(m => (double)(overdue ?? Overdue)(m)).Average()))];

    // A range starts on its step (the API widens it to the bucket's start, HistoryQueryParser), so its start is whole hours;
    // its end may fall in an hour not rolled up yet, which is read from the minutes.
    [Fact]
    public async Task ByTheHourAndTheDay_LastHourNotRolledUp_SameMeansAsTheMinutes()
    {
        using var store = new SqliteHistoryStore(PathOf, _time);
        await WriteAsync(store, 0, 5 * 60 + 17);   // 00:00 .. 05:16: hours 00–04 complete, 05 not (read from minutes)

        var byHour = await store.QueryAsync(Query("overdue", "1h", s_start.AddMinutes(20), s_start.AddMinutes(5 * 60 + 17)), CancellationToken.None);
        var byDay = await store.QueryAsync(Query("overdue", "1d", s_start.AddMinutes(20), s_start.AddDays(1)), CancellationToken.None);
        var many = await ((IHistoryReader)store).QueryManyAsync(
            [Query("overdue", "1h", s_start.AddMinutes(20), s_start.AddHours(6)), Query("children", "1h", s_start.AddMinutes(20), s_start.AddHours(6))],
            CancellationToken.None);

        Assert.True(store.CountHours("2101") >= 5, "the complete hours are rolled up");
        Assert.Equal(ByHand(0, 5 * 60 + 17, 60), byHour);
        Assert.Equal(ByHand(0, 5 * 60 + 17, 24 * 60), byDay);
        Assert.Equal(ByHand(0, 5 * 60 + 17, 60), many[0]);
        Assert.Equal([.. Enumerable.Range(0, 5 * 60 + 17).GroupBy(m => m / 60 * 60).Select(g => new HistoryValue(s_start.AddMinutes(g.Key), g.Average(m => 100.0 + m)))],
            many[1]);
    }

    [Fact]
    public async Task MinuteWrittenAgainIntoARolledUpHour_TheHourFollows()
    {
        using var store = new SqliteHistoryStore(PathOf, _time);
        await WriteAsync(store, 0, 2 * 60 + 5);
        // Minute 00:30 rewritten (a restarted writer) with another value, after hour 00 was rolled up.
        await store.WriteMinuteAsync(s_start.AddMinutes(30),
            [new RegionRow("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, 500), (Figure.Children, 130)))], CancellationToken.None);

        var byHour = await store.QueryAsync(Query("overdue", "1h", s_start, s_start.AddHours(2)), CancellationToken.None);

        int Changed(int m) => m == 30 ? 500 : Overdue(m);
        Assert.Equal(ByHand(0, 120, 60, Changed), byHour);
    }

    [Fact]
    public async Task MinutesPrunedAfterTheirRetention_TheHoursStillAnswer()
    {
        using var store = new SqliteHistoryStore(PathOf, _time, retentionDays: 1, hourRetentionDays: 10);
        await WriteAsync(store, 0, 3 * 60);
        // Three days later, on the hour (when pruning runs): the first day's minutes go, its hours stay.
        await WriteAsync(store, 3 * 24 * 60, 1);

        var byHour = await store.QueryAsync(Query("overdue", "1h", s_start, s_start.AddHours(3)), CancellationToken.None);
        var byMinute = await store.QueryAsync(Query("overdue", "1m", s_start, s_start.AddHours(1)), CancellationToken.None);

        Assert.Empty(byMinute);
        Assert.Equal(ByHand(0, 180, 60), byHour);
    }

    [Fact]
    public async Task FileWithMinutesButNoRollUps_RolledUpAtOpen()
    {
        using (var store = new SqliteHistoryStore(PathOf, _time))
        {
            await WriteAsync(store, 0, 3 * 60 + 1);
        }
        // As a file from before the roll-ups: the table dropped.
        using (var connection = new SqliteConnection($"Data Source={PathOf};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE region_hour";
            drop.ExecuteNonQuery();
        }

        using var reopened = new SqliteHistoryStore(PathOf, _time);

        Assert.Equal(3, reopened.CountHours("2101"));
        Assert.Equal(ByHand(0, 181, 60), await reopened.QueryAsync(Query("overdue", "1h", s_start, s_start.AddHours(4)), CancellationToken.None));
    }
}
