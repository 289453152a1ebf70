using Lbc.Contracts;
using Lbc.Web.Model;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Model;

/// <summary>The bell's data: alerts from the snapshot and the deltas, and which of them each role's bell counts.</summary>
public sealed class AlertModelTests
{
    private static AlertDto Alert(string id, string role = Roles.PoliceDutyOfficer, string severity = "high", int minutesAgo = 10,
        string? acknowledgedBy = null, DateTimeOffset? mutedUntil = null) =>
        new(id, role == Roles.PoliceDutyOfficer ? "sla_breached" : "placement_late", severity, role, "210123101", "210123", 0,
            Now - TimeSpan.FromMinutes(minutesAgo), role == Roles.PoliceDutyOfficer ? "R-1" : null, null,
            role == Roles.PoliceDutyOfficer ? null : "P-1", "acknowledged", acknowledgedBy, acknowledgedBy,
            acknowledgedBy is null ? null : Now, mutedUntil, mutedUntil is null ? null : "王力", mutedUntil is null ? null : "在途", 1);

    [Fact]
    public void BellCount_EachRoleCountsItsOwnOpenAlertsNeitherAcknowledgedNorMuted_AdministratorAll()
    {
        var model = new CaseModel();
        model.Load(Snapshot(1) with
        {
            Alerts =
            [
                Alert("a"), Alert("b", acknowledgedBy: "wang.li"), Alert("c", mutedUntil: Now.AddHours(1)),
                Alert("d", Roles.CivilAffairs), Alert("e", Roles.CivilAffairs, severity: "low"),
            ],
        });

        Assert.Equal(1, AlertRules.BellCount(model.Alerts, Roles.PoliceDutyOfficer));
        Assert.Equal(2, AlertRules.BellCount(model.Alerts, Roles.CivilAffairs));
        Assert.Equal(3, AlertRules.BellCount(model.Alerts, Roles.Administrator));
        Assert.Equal(["a", "b", "c"], AlertRules.For(model.Alerts, Roles.PoliceDutyOfficer).Select(a => a.AlertId).Order());
    }

    [Fact]
    public void Apply_RaisedThenAcknowledgedThenResolved_CountRisesAndFalls()
    {
        var model = new CaseModel();
        model.Load(Snapshot(1));

        model.Apply(Delta(2, 2) with { Alerts = [Alert("a")] });
        Assert.Equal(1, AlertRules.BellCount(model.Alerts, Roles.PoliceDutyOfficer));

        model.Apply(Delta(3, 3) with { Alerts = [Alert("a", acknowledgedBy: "wang.li")] });
        Assert.Equal(0, AlertRules.BellCount(model.Alerts, Roles.PoliceDutyOfficer));
        Assert.Single(model.Alerts);

        model.Apply(Delta(4, 4) with { AlertsEnded = ["a"] });
        Assert.Empty(model.Alerts);
    }

    [Fact]
    public void Order_NeedingAttentionFirst_ThenSeverity_ThenOldest()
    {
        var ordered = AlertRules.Order(
        [
            Alert("quiet", acknowledgedBy: "wang.li", minutesAgo: 99),
            Alert("low-old", severity: "low", minutesAgo: 50),
            Alert("high-new", minutesAgo: 1),
            Alert("high-old", minutesAgo: 30),
        ]);

        Assert.Equal(["high-old", "high-new", "low-old", "quiet"], ordered.Select(a => a.AlertId));
    }

    [Fact]
    public void LinkOf_CaseAlertToTheCaseView_CareAlertToTheBoard_TownshipAlertToItsDrillDown()
    {
        Assert.Equal("cases/R-1", AlertRules.LinkOf(Alert("a")));
        Assert.Equal("placements", AlertRules.LinkOf(Alert("b", Roles.CivilAffairs)));
        Assert.Equal("province?region=210123101", AlertRules.LinkOf(Alert("c") with { CaseId = null }));
    }
}
