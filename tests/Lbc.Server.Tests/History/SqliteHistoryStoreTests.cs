using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using Lbc.Server.Tests.Metrics;
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

        Assert.Equal([new HistoryValue(s_start, 120), new HistoryValue(s_start.AddMinutes(30), 300)], values);
    }
}
