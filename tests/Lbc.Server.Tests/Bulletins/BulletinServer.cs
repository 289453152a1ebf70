using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Bulletins.Composition;
using Lbc.Server.Metrics;
using Lbc.Server.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Bulletins;

/// <summary>
/// One server on the embedded store with a month of history written through the real <see cref="IHistorySink"/>: the
/// province and its 14 cities, one point an hour, the province the sum of its cities (as the writer rolls them up), and
/// police response times every day. 丹东 (2105) has 3 overdue children all month (hidden from the leading group); 葫芦岛
/// (2114) has a case every third day only (weeks of fewer than 5: its response times are withheld).
/// </summary>
public sealed class BulletinServer : IAsyncLifetime
{
    public const string SmallCity = "2105";
    public const string FewCasesCity = "2114";

    /// <summary>The month before the current one: finished, well inside the store's retention set here.</summary>
    public static BulletinPeriod Month { get; } = PreviousMonth(DateTimeOffset.UtcNow);

    /// <summary>The quarter holding <see cref="Month"/>.</summary>
    public static BulletinPeriod Quarter { get; } = new(Month.Year, (Month.Month!.Value - 1) / 3 + 1, null);

    public DashboardFactory Factory { get; } = new(new Dictionary<string, string?> { ["Dashboard:History:RetentionDays"] = "800" });

    public static IReadOnlyList<City> Cities => HistoryTestData.Regions.Cities;

    public async Task InitializeAsync()
    {
        var sink = Factory.Services.GetRequiredService<IHistorySink>();
        for (var hour = Month.Start; hour < Month.End; hour = hour.AddHours(1))
        {
            var rows = Cities.Select((c, i) => new RegionRow(c.Code, RegionLevel.City, CityFigures(c.Code, i, hour))).ToList();
            var province = Figures.Build();
            foreach (var row in rows)
            {
                province.Add(row.Figures);
            }
            rows.Insert(0, new RegionRow("21", RegionLevel.Province, province.ToFigures()));
            await sink.WriteMinuteAsync(hour, rows, CancellationToken.None);
        }
        var samples = new List<DurationSample>();
        for (var day = Month.Start; day < Month.End; day = day.AddDays(1))
        {
            for (var i = 0; i < Cities.Count; i++)
            {
                var city = Cities[i].Code;
                if (city == FewCasesCity && day.Day % 3 != 0)
                {
                    continue;
                }
                var township = HistoryTestData.Regions.TownshipsIn(HistoryTestData.Regions.CountiesIn(city)[0].Code)[0].Code;
                foreach (var (stage, seconds) in new[] { ("acknowledged", 120 + 10 * i), ("dispatched", 480 + 20 * i), ("on_scene", 2400 + 120 * i + day.Day) })
                {
                    samples.Add(new DurationSample(CommandCenterProjection.ResponseKind, stage, "missing", township, day.AddHours(4), seconds,
                        $"bulletin-{city}-{stage}-{day:yyyyMMdd}"));
                }
            }
        }
        await sink.WriteDurationsAsync(samples, CancellationToken.None);
    }

    /// <summary>A city's figures in one hour: counts that differ by city and by half-day, so means are not trivial.</summary>
    private static Figures CityFigures(string code, int i, DateTimeOffset hour)
    {
        var children = 1000 + 50 * i + (hour.Hour < 12 ? 0 : 10);
        var overdue = code == SmallCity ? 3 : 40 + 5 * i;
        return TestFigures.Of(
            (Figure.Children, children),
            (Figure.VisitOverdue, overdue),
            (Figure.VisitDueSoon, 20),
            (Figure.VisitedOnTime, children - overdue - 20),
            (Figure.StaleRecords, 30 + i),
            (Figure.LateTownships, i % 3 == 0 ? 0 : 6 + i),
            (Figure.SchoolAge, 600 + 20 * i),
            (Figure.Paired, 590 + 20 * i - 3 * i),
            (Figure.OpenCases, 10 + i),
            (Figure.ReportsBySchool, 8 + i),
            (Figure.ReportsByMedical, 5),
            (Figure.ReportsByVillageCommittee, 6 + i % 4),
            (Figure.ReportsByCitizen, 7));
    }

    private static BulletinPeriod PreviousMonth(DateTimeOffset now) =>
        now.Month == 1 ? new BulletinPeriod(now.Year - 1, null, 12) : new BulletinPeriod(now.Year, null, now.Month - 1);

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}
