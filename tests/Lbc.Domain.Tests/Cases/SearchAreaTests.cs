using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Cases;

/// <summary>The missing-child search circle on the map: 2 km plus 5 km per hour since last seen, at most 50 km.</summary>
public sealed class SearchAreaTests
{
    private static readonly DateTimeOffset s_lastSeen = Scenario.DefaultStart;

    [Theory]
    [InlineData(0, 2)]
    [InlineData(0.5, 4.5)]
    [InlineData(1, 7)]
    [InlineData(9.6, 50)]
    [InlineData(10, 50)]
    [InlineData(72, 50)]
    public void RadiusKm_HoursSinceLastSeen_GrowsFromBaseUpToTheCap(double hours, double km)
    {
        var radius = SearchArea.RadiusKm(s_lastSeen, s_lastSeen.AddHours(hours), RuleSettings.Default);

        Assert.Equal(km, radius, 9);
    }

    [Fact]
    public void RadiusKm_ClockBehindLastSeen_BaseRadiusNotLess()
    {
        Assert.Equal(2, SearchArea.RadiusKm(s_lastSeen, s_lastSeen.AddMinutes(-5), RuleSettings.Default));
    }

    [Fact]
    public void RadiusKm_ConfiguredNumbers_Used()
    {
        var rules = RuleSettings.Default with { SearchBaseKm = 1, SearchGrowthKmPerHour = 3, SearchCapKm = 10 };

        Assert.Equal(7, SearchArea.RadiusKm(s_lastSeen, s_lastSeen.AddHours(2), rules), 9);
        Assert.Equal(10, SearchArea.RadiusKm(s_lastSeen, s_lastSeen.AddHours(4), rules), 9);
    }

    [Fact]
    public void Of_MissingReportWithDiscoveredAt_CircleGrowsFromDiscoveryAtTheReportedPoint()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ReportFiled, new
        {
            report_id = "r-1", township_code = Geography.ChaoyangTownship, category = "missing", reporter_type = "school",
            lon = 120.1658, lat = 41.1943,
            discovered_at = EventTimestamps.Format(s.Now.AddHours(-2)), received_at = EventTimestamps.Format(s.Now),
        });
        s.Advance(TimeSpan.FromHours(1));

        var circle = SearchArea.Of(s.State("r-1"), s.Now, s.Projection.Rules)!;

        Assert.Equal(s.Now.AddHours(-3), circle.LastSeenAt);
        Assert.Equal(17, circle.RadiusKm, 9);
        Assert.Equal((120.1658, 41.1943, false), (circle.Centre.Lon, circle.Centre.Lat, circle.CentreApproximate));
    }

    [Fact]
    public void Of_MissingReportWithoutDiscoveredAt_FromReceiptAtTheTownshipPoint()
    {
        var s = new Scenario();
        s.FileReport("r-1", "missing", Geography.ChaoyangTownship);
        s.Advance(TimeSpan.FromHours(2));

        var circle = SearchArea.Of(s.State("r-1"), s.Now, s.Projection.Rules)!;

        Assert.Equal(Scenario.DefaultStart, circle.LastSeenAt);
        Assert.Equal(12, circle.RadiusKm, 9);
        Assert.True(circle.CentreApproximate);
    }

    [Fact]
    public void Of_ChildFoundOrNotMissing_NoCircle()
    {
        var s = new Scenario();
        s.FileReport("r-1", "missing");
        s.FileReport("r-2", "injury");
        s.Step(EventTypes.CaseSearchStarted, "r-1");
        s.Step(EventTypes.CaseChildFound, "r-1");

        Assert.Null(SearchArea.Of(s.State("r-1"), s.Now, s.Projection.Rules));
        Assert.Null(SearchArea.Of(s.State("r-2"), s.Now, s.Projection.Rules));
    }
}
