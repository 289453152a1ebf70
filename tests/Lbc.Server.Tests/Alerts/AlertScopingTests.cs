using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Server.Access;
using Lbc.Server.Feed;

namespace Lbc.Server.Tests.Alerts;

/// <summary>Who a tick's alerts reach (<see cref="ScopeDeltas"/> through <see cref="ScopePolicy"/>): the owners only, never the leading group.</summary>
public sealed class AlertScopingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static AlertDto Breach(string ownerRegion, int level) => new("sla_breached:R-1:acknowledged", "sla_breached", "high",
        Roles.PoliceDutyOfficer, "210123101", ownerRegion, level, s_now, "R-1", null, null, "acknowledged",
        null, null, null, null, null, null, 1 + level);

    private static FeedTick Tick(IReadOnlyList<AlertDto> alerts, IReadOnlyList<EndedAlert>? ended = null) =>
        new(ChangeSet.Empty(s_now) with { Alerts = alerts, AlertsEnded = ended ?? [] },
            new Dictionary<string, Figures>(), new Dictionary<string, AggregateTable>(), null);

    private static IReadOnlyList<string> AlertsFor(string jurisdiction, FeedTick tick) =>
        ScopeDeltas.ForCases(new Scope(ScopeView.Cases, jurisdiction), tick)?.Alerts.Select(a => a.AlertId).ToList() ?? [];

    [Fact]
    public void ForCases_CountyAlert_ReachesTheCountyAndItsTownship_NotTheCityOrAnotherCounty()
    {
        var tick = Tick([Breach("210123", 0)]);

        Assert.Single(AlertsFor("210123", tick));
        Assert.Single(AlertsFor("210123101", tick));
        Assert.Empty(AlertsFor("2101", tick));
        Assert.Empty(AlertsFor("21", tick));
        Assert.Empty(AlertsFor("211321", tick));
    }

    [Fact]
    public void ForCases_EscalatedToTheCity_ReachesTheCityToo()
    {
        var tick = Tick([Breach("2101", 1)]);

        Assert.Single(AlertsFor("2101", tick));
        Assert.Single(AlertsFor("210123", tick));
        Assert.Empty(AlertsFor("21", tick));
    }

    [Fact]
    public void ForCases_AlertThatDoesNotEscalate_ReachesEveryLevelContainingItAtOnce()
    {
        var late = new AlertDto("placement_late:P-1", "placement_late", "high", Roles.CivilAffairs, "210123101", "210123", 0, s_now,
            null, null, "P-1", null, null, null, null, null, null, null, 1);
        var tick = Tick([late]);

        foreach (var jurisdiction in new[] { "21", "2101", "210123", "210123101" })
        {
            Assert.Single(AlertsFor(jurisdiction, tick));
        }
        Assert.Empty(AlertsFor("211321", tick));
    }

    [Fact]
    public void ForAggregates_LeadingGroup_NoAlertOnlyTheFigures()
    {
        var tick = Tick([Breach("21", 2)]) with
        {
            AlertFigures = new Dictionary<string, IReadOnlyList<AlertCityFiguresDto>> { ["21"] = [new("2101", null, 0, null)] },
        };

        var delta = ScopeDeltas.ForAggregates(new Scope(ScopeView.Aggregates, "21"), tick);

        Assert.NotNull(delta);
        Assert.Equal("2101", Assert.Single(delta.Alerts!).CityCode);
        Assert.DoesNotContain("R-1", System.Text.Json.JsonSerializer.Serialize(delta, ContractsJsonContext.Default.AggregateDelta));
    }

    [Fact]
    public void ForCases_Resolved_RemovalReachesEveryScopeThatMayHoldIt()
    {
        var tick = Tick([], [new EndedAlert("sla_breached:R-1:acknowledged", "210123101")]);

        foreach (var jurisdiction in new[] { "21", "2101", "210123", "210123101" })
        {
            Assert.Equal(["sla_breached:R-1:acknowledged"], ScopeDeltas.ForCases(new Scope(ScopeView.Cases, jurisdiction), tick)!.AlertsEnded);
        }
        Assert.Null(ScopeDeltas.ForCases(new Scope(ScopeView.Cases, "211321"), tick));
    }
}
