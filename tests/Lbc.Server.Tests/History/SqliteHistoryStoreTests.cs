using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using Lbc.Server.Tests.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Server.Tests.History;

/// <summary>The embedded history store against values computed by hand.</summary>
public sealed class SqliteHistoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lbc-history-" + Guid.NewGuid().ToString("N"), "history.db");
    private readonly FakeTimeProvider _time = new(s_start);
    private readonly SqliteHistoryStore _store;

    public SqliteHistoryStoreTests() => _store = new SqliteHistoryStore(_path, _time);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    /// <summary>Writes minute m (0-based from 00:00) with <c>overdue</c> = values[m] for city 2101 and one township.</summary>
    private async Task WriteMinutesAsync(params int[] overdue)
    {
        for (var m = 0; m < overdue.Length; m++)
        {
            _time.SetUtcNow(s_start.AddMinutes(m));
            var rows = new List<RegionRow>
            {
                new("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, overdue[m]), (Figure.Capacity, 10), (Figure.Occupied, m))),
                new("210102001", RegionLevel.Township, TestFigures.Of((Figure.VisitOverdue, 1))),
            };
            await _store.WriteMinuteAsync(s_start.AddMinutes(m), rows, CancellationToken.None);
        }
    }

    [Fact]
    public async Task QueryMany_FieldsOfOneRegion_SameAnswersAsOneQueryEach()
    {
        // overdue varies, capacity is constant, occupied climbs, occupancy is a float; a field missing from a bucket must
        // be left out of that field's answer only.
        await WriteMinutesAsync(3, 0, 12, 7, 1, 9, 4, 4, 30, 2, 5, 6);
        string[] metrics = ["overdue", "capacity", "occupied", "occupancy", "children"];
        foreach (var step in new[] { "5m", "1h" })
        {
            var queries = metrics.Select(m => Query(m, "2101", step)).ToList();

            var together = await ((IHistoryReader)_store).QueryManyAsync(queries, CancellationToken.None);

            for (var i = 0; i < queries.Count; i++)
            {
                Assert.Equal(await _store.QueryAsync(queries[i], CancellationToken.None), together[i]);
            }
            Assert.NotEmpty(together[0]);
        }
    }

    [Fact]
    public async Task QueryMany_OneStageOfSeveralRegions_SameAnswersAsOneQueryEach()
    {
        var samples = new List<DurationSample>();
        string[] townships = ["210102001", "210102002", "210103001", "211302001"];
        for (var i = 0; i < 40; i++)
        {
            samples.Add(new DurationSample(CommandCenterProjection.ResponseKind, i % 5 == 0 ? "dispatched" : "acknowledged", "missing",
                townships[i % townships.Length], s_start.AddMinutes(7 * i), 30 + 13 * i, $"many-{i}"));
        }
        await _store.WriteDurationsAsync(samples, CancellationToken.None);
        foreach (var regions in new[] { new[] { "2101", "2113", "2102" }, ["210102", "210103"] })
        {
            var queries = regions.Select(r => Query("response_seconds", r, "1h", stage: "acknowledged", to: "2026-11-02T00:00:00Z")).ToList();

            var together = await ((IHistoryReader)_store).QueryManyAsync(queries, CancellationToken.None);

            for (var i = 0; i < queries.Count; i++)
            {
                Assert.Equal(await _store.QueryAsync(queries[i], CancellationToken.None), together[i]);
            }
            Assert.NotEmpty(together[0]);
        }
    }

    private static HistoryQuery Query(string metric, string region, string step, string? fn = null, string? stage = null,
        string from = "2026-11-01T00:00:00Z", string to = "2026-11-01T01:00:00Z")
    {
        var (query, errors) = HistoryQueryParser.Parse(metric, region, from, to, step, fn, stage, HistoryTestData.Regions);
        Assert.Empty(errors);
        return query!;
    }

    [Fact]
    public async Task Query_AverageByFiveMinutes_MatchesHandComputedBuckets()
    {
        // Minutes 0..9: 1,2,3,4,5 | 10,20,30,40,50 -> buckets 00:00 avg 3, 00:05 avg 30.
        await WriteMinutesAsync(1, 2, 3, 4, 5, 10, 20, 30, 40, 50);

        var values = await _store.QueryAsync(Query("overdue", "2101", "5m"), CancellationToken.None);

        Assert.Equal([new HistoryValue(s_start, 3), new HistoryValue(s_start.AddMinutes(5), 30)], values);
    }

    [Fact]
    public async Task Query_LastByFiveMinutes_TakesTheLatestMinuteOfEachBucket()
    {
        await WriteMinutesAsync(1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 7);

        var values = await _store.QueryAsync(Query("overdue", "2101", "5m", fn: "last"), CancellationToken.None);

        Assert.Equal([5.0, 50.0, 7.0], values.Select(v => v.Value));
        Assert.Equal([s_start, s_start.AddMinutes(5), s_start.AddMinutes(10)], values.Select(v => v.Time));
    }

    [Fact]
    public async Task Query_RangeExcludesPointsOutsideItAndOtherRegions()
    {
        await WriteMinutesAsync(1, 2, 3, 4, 5, 10, 20, 30, 40, 50);

        var values = await _store.QueryAsync(Query("overdue", "2101", "1m", from: "2026-11-01T00:03:00Z", to: "2026-11-01T00:05:00Z"), CancellationToken.None);
        var township = await _store.QueryAsync(Query("overdue", "210102001", "1h"), CancellationToken.None);

        Assert.Equal([4.0, 5.0], values.Select(v => v.Value));
        Assert.Equal([1.0], township.Select(v => v.Value));
    }

    [Fact]
    public async Task WriteMinute_SameMinuteAgain_ReplacesTheRowInsteadOfAddingOne()
    {
        await WriteMinutesAsync(1, 2);
        await _store.WriteMinuteAsync(s_start.AddMinutes(1),
            [new RegionRow("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, 12)))], CancellationToken.None);

        var values = await _store.QueryAsync(Query("overdue", "2101", "1h"), CancellationToken.None);

        Assert.Equal(2, _store.CountMinutes("2101"));
        Assert.Equal([(1 + 12) / 2.0], values.Select(v => v.Value));
    }

    [Fact]
    public async Task Query_Occupancy_IsOccupiedOverCapacity()
    {
        await WriteMinutesAsync(0, 0, 0, 0);   // occupied 0,1,2,3 of 10

        var values = await _store.QueryAsync(Query("occupancy", "2101", "1h"), CancellationToken.None);
        var township = await _store.QueryAsync(Query("occupancy", "210102001", "1h"), CancellationToken.None);

        Assert.Equal(0.15, Assert.Single(values).Value, 9);
        Assert.Empty(township);   // no places of care there: no occupancy, not 0%
    }

    [Fact]
    public async Task Query_ResponseSeconds_AveragesTheRegionsTownshipsForTheStage()
    {
        var t = s_start.AddMinutes(2);
        await _store.WriteDurationsAsync(
        [
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", "210102001", t, 60, "a"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210103002", t.AddMinutes(1), 180, "b"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210201001", t, 999, "c"),   // another city
            new DurationSample(CommandCenterProjection.ResponseKind, "dispatched", "injury", "210102001", t, 999, "d"),     // another stage
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210102001", t.AddMinutes(30), 300, "e"),
        ], CancellationToken.None);
        // The same event again (a replay) changes nothing.
        await _store.WriteDurationsAsync(
            [new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", "210102001", t, 60, "a")], CancellationToken.None);

        var values = await _store.QueryAsync(Query("response_seconds", "2101", "15m", stage: "acknowledged"), CancellationToken.None);

        // Each bucket also says how many events its mean is made of (the leading group sees no mean of fewer than five).
        Assert.Equal([new HistoryValue(s_start, 120, 2), new HistoryValue(s_start.AddMinutes(30), 300, 1)], values);
    }

    [Fact]
    public async Task Query_ResponseSecondsLast_TakesTheLatestEventAcrossTownships()
    {
        var t = s_start.AddMinutes(2);
        // The latest event of the bucket is in the township written first; "last" is by time, not by series.
        await _store.WriteDurationsAsync(
        [
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", "210102001", t.AddMinutes(9), 90, "a"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210103002", t, 20, "b"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", "210103002", t.AddMinutes(1), 30, "c"),
        ], CancellationToken.None);

        var values = await _store.QueryAsync(Query("response_seconds", "2101", "15m", fn: "last", stage: "acknowledged"), CancellationToken.None);

        Assert.Equal([new HistoryValue(s_start, 90, 3)], values);
    }

    [Fact]
    public async Task Query_ResponseSecondsLastWithEventsInTheSameMillisecond_TakesTheLargerValueLikeFlux()
    {
        // Flux sorts the merged series by _time then _value before "last"; the SQLite store must break the tie alike.
        var t = s_start.AddMinutes(2);
        await _store.WriteDurationsAsync(
        [
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", "210102001", t, 50, "a"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210103002", t, 100, "b"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210102001", t, 70, "c"),
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "injury", "210102001", t.AddMinutes(-1), 500, "d"),
        ], CancellationToken.None);

        var values = await _store.QueryAsync(Query("response_seconds", "2101", "15m", fn: "last", stage: "acknowledged"), CancellationToken.None);

        Assert.Equal([new HistoryValue(s_start, 100, 4)], values);
    }

    [Fact]
    public async Task Open_FileFromBeforeTheExitFigures_AddsTheirColumnsAndKeepsTheOldRows()
    {
        // A history.db written before the exit figures existed: the table as it was then, with one minute in it.
        var path = Path.Combine(Path.GetDirectoryName(_path)!, "older.db");
        using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE region_minute (
                    region TEXT NOT NULL, ts INTEGER NOT NULL, level TEXT NOT NULL,
                    children INTEGER NOT NULL, visited_on_time INTEGER NOT NULL, due_soon INTEGER NOT NULL, overdue INTEGER NOT NULL,
                    stale_records INTEGER NOT NULL, school_age INTEGER NOT NULL, paired INTEGER NOT NULL, open_dropouts INTEGER NOT NULL,
                    open_cases INTEGER NOT NULL, breached_cases INTEGER NOT NULL, placements_waiting INTEGER NOT NULL,
                    placements_active INTEGER NOT NULL, capacity INTEGER NOT NULL, occupied INTEGER NOT NULL, free_beds INTEGER NOT NULL,
                    late_townships INTEGER NOT NULL, occupancy REAL,
                    PRIMARY KEY (region, ts)) WITHOUT ROWID;
                INSERT INTO region_minute VALUES ('2101', $ts, 'city', 40, 30, 2, 7, 0, 20, 15, 1, 3, 1, 0, 2, 10, 5, 5, 0, 0.5);
                """;
            create.Parameters.AddWithValue("$ts", s_start.ToUnixTimeSeconds());
            create.ExecuteNonQuery();
        }

        using (var store = new SqliteHistoryStore(path, _time))
        {
            await store.WriteMinuteAsync(s_start.AddMinutes(1),
                [new RegionRow("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, 9), (Figure.ExitsParentReturned, 3)))],
                CancellationToken.None);
        }
        // Opened again: the columns are there now, nothing to add, nothing lost.
        using var reopened = new SqliteHistoryStore(path, _time);

        var exits = await reopened.QueryAsync(Query("exits_parent_returned", "2101", "1m"), CancellationToken.None);
        var overdue = await reopened.QueryAsync(Query("overdue", "2101", "1m"), CancellationToken.None);
        var occupancy = await reopened.QueryAsync(Query("occupancy", "2101", "1m"), CancellationToken.None);

        // The minute from before the figure existed has no value for it (as in InfluxDB, where that point has no such
        // field), not a 0 that a chart would draw; the values it had still read.
        Assert.Equal([new HistoryValue(s_start.AddMinutes(1), 3)], exits);
        Assert.Equal([new HistoryValue(s_start, 7), new HistoryValue(s_start.AddMinutes(1), 9)], overdue);
        Assert.Equal([new HistoryValue(s_start, 0.5)], occupancy);
    }
}
