using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Server.Simulator;

namespace Lbc.Server.Tests.Simulator;

/// <summary>
/// The simulator is a producer like any other: everything it writes must pass validation and apply
/// cleanly, and the picture must be plausible enough that a leading-group member would not laugh at it.
/// </summary>
public sealed class SimulatorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SeedAndSixHoursOfTraffic_EveryEventValidAndNoneRejected()
    {
        var (projection, events, _) = Run(children: 3_000, hours: 6);

        var parser = new EventParser(Geography.Catalog);
        var invalid = events.Select(e => (e, r: parser.Parse(e, s_start.AddHours(7)))).Where(x => !x.r.IsValid).ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid.Take(5).Select(x => $"{x.e.Type}: {x.r.Reason}")));
        Assert.Equal(0, projection.EventsRejected);
    }

    [Fact]
    public void SeededProvince_LooksLikeLiaoning()
    {
        var (projection, _, _) = Run(children: 6_000, hours: 0);
        var f = projection.FiguresOf("21");

        // Some children exited historically, most are active.
        Assert.InRange(f.ValueOf(Figure.Children), 5_600, 6_000);
        // Most visits on time, a visible minority overdue (chronically late townships), not everything red.
        var overdueShare = f.ValueOf(Figure.VisitOverdue) / (double)f.ValueOf(Figure.Children);
        Assert.InRange(overdueShare, 0.04, 0.30);
        Assert.True(f.ValueOf(Figure.VisitedOnTime) > f.ValueOf(Figure.VisitOverdue) * 3);
        // Pairing coverage high but short of the 100% target.
        Assert.InRange(f.ValueOf(Figure.Paired) / (double)f.ValueOf(Figure.SchoolAge), 0.8, 0.99);
        Assert.True(f.ValueOf(Figure.LateTownships) > 0);
        Assert.True(f.ValueOf(Figure.FreeBeds) > 0);
        // Rural townships (镇/乡) hold far more left-behind children than urban streets (街道).
        var snapshot = projection.Snapshot("21", new(true, "live", 0, 0));
        var byCode = Geography.Catalog.Townships.ToDictionary(t => t.Code);
        var streets = snapshot.Townships.Where(t => byCode[t.Code].Name.EndsWith("街道", StringComparison.Ordinal)).Sum(t => t.Figures.ValueOf(Figure.Children));
        Assert.True(streets < f.ValueOf(Figure.Children) * 0.25, $"{streets} of {f.ValueOf(Figure.Children)} in urban streets");
    }

    [Fact]
    public void TwelveHoursOfTraffic_ReportsOfManyCategoriesMoveThroughTheChainAndSomePlacementsHappen()
    {
        var (projection, events, _) = Run(children: 2_000, hours: 12);

        var reports = events.Where(e => e.Type == EventTypes.ReportFiled).ToList();
        Assert.InRange(reports.Count, 150, 400); // a report every ~3 minutes
        var categories = reports.Select(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("category").GetString()).Distinct().Count();
        Assert.Equal(7, categories);
        Assert.Contains(events, e => e.Type == EventTypes.CaseClosed);
        Assert.Contains(events, e => e.Type == EventTypes.PlacementAdmitted);
        Assert.Contains(events, e => e.Type == EventTypes.InstitutionStatus);
        // Cases close as fast as they arrive: the open queue stays a duty officer's workload, not thousands.
        Assert.InRange(projection.FiguresOf("21").ValueOf(Figure.OpenCases), 1, 150);
    }

    private static (CommandCenterProjection Projection, List<RawEvent> Events, SimulationWorld World) Run(int children, int hours)
    {
        var regions = Geography.Catalog;
        var world = new SimulationWorld(regions, new Random(2016), s_start);
        var factory = new EventFactory("simulator");
        var seeder = new RegistrySeeder(world, factory, s_start);
        var traffic = new LiveTraffic(world, factory, seeder);
        var events = seeder.Seed(children).ToList();
        var now = s_start;
        var tick = TimeSpan.FromSeconds(10);
        for (var t = TimeSpan.Zero; t < TimeSpan.FromHours(hours); t += tick)
        {
            now = s_start + t;
            events.AddRange(traffic.Tick(now, 4, tick));
        }
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, s_start);
        var parser = new EventParser(regions);
        foreach (var e in events)
        {
            if (parser.Parse(e, now.AddHours(1)).Event is { } evt)
            {
                projection.AdvanceTo(evt.Meta.Ts > projection.Now ? evt.Meta.Ts : projection.Now);
                projection.Apply(evt);
            }
        }
        projection.AdvanceTo(now);
        return (projection, events, world);
    }
}
