using Lbc.Domain.Alerts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Alerts;

/// <summary>A police stage past its SLA: told to the county's officers, up a level each 30 minutes nobody acknowledges it.</summary>
public sealed class SlaAlertTests
{
    private const string County = "210123"; // 康平县, the Shenyang test township's county
    private const string AckAlert = "sla_breached:r-1:acknowledged";

    private static Scenario Breached(AlertSettings? settings = null)
    {
        var s = new Scenario(alerts: settings);
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        return s;
    }

    [Fact]
    public void AdvanceTo_AcknowledgeStageAtItsDueInstant_NoAlert()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(s.Open("sla_breached:", County));
    }

    [Fact]
    public void AdvanceTo_AcknowledgeStageBreached_AlertToTheCountysPoliceDatedAtTheDueInstant()
    {
        var received = Scenario.DefaultStart;
        var s = Breached();

        var alert = Assert.Single(s.Open("sla_breached:", County));
        Assert.Equal(AckAlert, alert.AlertId);
        Assert.Equal(("sla_breached", "high", "police_duty_officer"), (alert.Rule, alert.Severity, alert.OwnerRole));
        Assert.Equal((Geography.ShenyangTownship, County, "r-1", "acknowledged"), (alert.RegionCode, alert.OwnerRegion, alert.CaseId, alert.Detail));
        Assert.Equal(received + TimeSpan.FromMinutes(5), alert.RaisedAt);
        Assert.True(alert.NeedsAttention);
        Assert.Empty(s.Open("sla_breached:", "2101")); // the city hears only once it is escalated
        Assert.Empty(s.Open("sla_breached:", "211321")); // another county never
    }

    [Fact]
    public void AdvanceTo_StillBreachedLater_RaisedOnce()
    {
        var s = Breached();
        var first = Assert.Single(s.DrainAll());
        Assert.Contains(first.Alerts, a => a.AlertId == AckAlert);

        s.Advance(TimeSpan.FromMinutes(4)); // 9:01, the dispatch clock not yet out

        Assert.DoesNotContain(s.DrainAll().SelectMany(c => c.Alerts), a => a.AlertId == AckAlert);
        Assert.Equal(1, Assert.Single(s.Open("sla_breached:", County)).Version);
    }

    [Fact]
    public void AdvanceTo_UnacknowledgedForTheEscalationTime_GoesToTheCityThenTheProvince()
    {
        var s = Breached();
        s.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(58)); // 34:59 after receipt: 29:59 after the breach
        Assert.Equal(County, s.Open(AckAlert, County).Single().OwnerRegion);

        s.Advance(TimeSpan.FromSeconds(1)); // 30 minutes after the breach

        var escalated = s.Open(AckAlert, "2101").Single();
        Assert.Equal(("2101", 1), (escalated.OwnerRegion, escalated.Level));
        Assert.Single(s.Open(AckAlert, County)); // still the county's too
        Assert.Empty(s.Open(AckAlert, "21"));

        s.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(("21", 2), (s.Open(AckAlert, "21").Single().OwnerRegion, s.Open(AckAlert, "21").Single().Level));
    }

    [Fact]
    public void AdvanceTo_ConfiguredEscalationTime_Used()
    {
        var s = Breached(AlertSettings.Default with { EscalateAfter = TimeSpan.FromMinutes(10) });

        s.Advance(TimeSpan.FromMinutes(10));

        Assert.Single(s.Open(AckAlert, "2101"));
    }

    [Fact]
    public void Apply_Acknowledged_OffTheBellNamesWhoAndStopsEscalation()
    {
        var s = Breached();

        Assert.Equal(ApplyOutcome.Applied, s.Acknowledge(AckAlert).Outcome);

        var alert = s.Open(AckAlert, County).Single();
        Assert.False(alert.NeedsAttention);
        Assert.Equal(("wang.li", "王力"), (alert.AcknowledgedBy, alert.AcknowledgedByName));
        Assert.Equal(2, alert.Version);
        Assert.Equal(ApplyOutcome.NoChange, s.Acknowledge(AckAlert, "li.na", "李娜").Outcome);
        Assert.Equal("wang.li", s.Open(AckAlert, County).Single().AcknowledgedBy);

        s.Advance(TimeSpan.FromHours(2));
        Assert.Empty(s.Open(AckAlert, "2101"));
    }

    [Fact]
    public void Apply_Muted_OffTheBellUntilItRunsOut_ThenBackWithADelta()
    {
        var s = Breached();

        s.Mute(AckAlert, TimeSpan.FromMinutes(20));
        var muted = s.Open(AckAlert, County).Single();
        Assert.False(muted.NeedsAttention);
        Assert.Equal(s.Now + TimeSpan.FromMinutes(20), muted.MutedUntil);
        Assert.Equal(("王力", "家长已在路上，派出所已知悉"), (muted.MutedByName, muted.MuteReason));
        s.Advance(TimeSpan.FromMinutes(19));
        Assert.False(s.Open(AckAlert, County).Single().NeedsAttention);
        s.DrainAll();

        s.Advance(TimeSpan.FromMinutes(1));

        var back = s.Open(AckAlert, County).Single();
        Assert.True(back.NeedsAttention);
        Assert.Null(back.MuteReason);
        Assert.Contains(s.DrainAll().SelectMany(c => c.Alerts), a => a.AlertId == AckAlert && a.NeedsAttention);
    }

    [Fact]
    public void Apply_StageRecordedLate_AlertResolvedAndRemovalSent()
    {
        var s = Breached();
        s.DrainAll();

        s.Step(EventTypes.CaseAcknowledged, "r-1");

        Assert.Empty(s.Open(AckAlert, County));
        Assert.Contains(Assert.Single(s.DrainAll()).AlertsEnded, e => e.AlertId == AckAlert && e.RegionCode == Geography.ShenyangTownship);
    }

    [Fact]
    public void Apply_CaseClosed_EveryStageAlertResolved()
    {
        var s = Breached();
        s.Advance(TimeSpan.FromMinutes(10)); // dispatch breached too
        Assert.Equal(2, s.Open("sla_breached:r-1:", County).Count);

        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));

        Assert.Empty(s.Open("sla_breached:r-1:", County));
    }

    [Fact]
    public void Apply_AcknowledgedBeforeThisInstanceRaisedIt_AppliedWhenRaised()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(ApplyOutcome.Applied, s.Acknowledge(AckAlert).Outcome); // another instance's clock was ahead
        s.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("wang.li", s.Open(AckAlert, County).Single().AcknowledgedBy);
    }

    [Fact]
    public void Snapshot_RestoredProjection_KeepsAlertsAcknowledgementsAndEscalation()
    {
        var s = Breached();
        s.Advance(TimeSpan.FromMinutes(5)); // dispatch breached as well
        s.Acknowledge(AckAlert);

        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, s.Projection, "test", new LogPosition(1, 0));
        stream.Position = 0;
        var restored = new CommandCenterProjection(Geography.Catalog, Lbc.Domain.Rules.RuleSettings.Default, DateTimeOffset.UnixEpoch);
        ProjectionSnapshot.Restore(stream, restored, "test");

        Assert.Equal(s.Projection.Alerts(County), restored.Alerts(County));
        restored.AdvanceTo(s.Now + TimeSpan.FromMinutes(30));
        Assert.Equal(["sla_breached:r-1:dispatched"], restored.Alerts("2101").Select(a => a.AlertId));
    }

    [Fact]
    public void Replay_ClockAheadOfTheEvents_SameAlertsAsLive_NoAlertForAStageDoneOnTime_LevelAsWhenAcknowledged()
    {
        // Live: r-1 acknowledged on time, r-2 acknowledged 20 minutes after its breach.
        var live = new Scenario();
        var t0 = live.Now;
        live.FileReport("r-1");
        live.FileReport("r-2");
        live.Advance(TimeSpan.FromMinutes(2));
        live.Step(EventTypes.CaseAcknowledged, "r-1");
        live.Advance(TimeSpan.FromMinutes(23));
        live.Acknowledge("sla_breached:r-2:acknowledged");

        // Restart: the same events replayed an hour later, the clock already at now between the batches.
        var replay = new Scenario(t0 + TimeSpan.FromHours(1));
        replay.Apply(EventTypes.ReportFiled, new { report_id = "r-1", township_code = Geography.ShenyangTownship, category = "injury", reporter_type = "school", received_at = EventTimestamps.Format(t0) }, ts: t0);
        replay.Apply(EventTypes.ReportFiled, new { report_id = "r-2", township_code = Geography.ShenyangTownship, category = "injury", reporter_type = "school", received_at = EventTimestamps.Format(t0) }, ts: t0);
        replay.Advance(TimeSpan.FromSeconds(1)); // the next batch: both clocks look breached, and r-2's escalated twice
        replay.Apply(EventTypes.CaseAcknowledged, new { report_id = "r-1" }, ts: t0 + TimeSpan.FromMinutes(2));
        replay.Apply(EventTypes.AlertAcknowledged, new { alert_id = "sla_breached:r-2:acknowledged", actor = new { username = "wang.li", display_name = "王力" } },
            ts: t0 + TimeSpan.FromMinutes(25));

        var expected = live.Projection.Alerts(County).Where(a => a.Detail == "acknowledged").Select(a => (a.AlertId, a.Level, a.OwnerRegion, a.AcknowledgedBy)).ToList();
        Assert.Equal([("sla_breached:r-2:acknowledged", 0, County, (string?)"wang.li")], expected);
        Assert.Equal(expected, replay.Projection.Alerts(County).Where(a => a.Detail == "acknowledged").Select(a => (a.AlertId, a.Level, a.OwnerRegion, a.AcknowledgedBy)));
        // r-1 was never late: the replay's momentary alert is forgotten, not counted in the leading group's figures.
        Assert.False(live.Projection.TryGetAlert("sla_breached:r-1:acknowledged", out _));
        Assert.False(replay.Projection.TryGetAlert("sla_breached:r-1:acknowledged", out _));
    }

    [Fact]
    public void Apply_Acknowledged_IsALineOfTheAuditTrailNamingTheAlertAndItsCase()
    {
        var s = Breached();

        s.Acknowledge(AckAlert);

        var line = Assert.Single(s.Projection.QueryAudit(new Lbc.Domain.Audit.AuditFilter(User: "wang.li"), "21", 10).Lines);
        Assert.Equal(("alert.acknowledged", "r-1", AckAlert, Geography.ShenyangTownship), (line.Action, line.CaseId, line.Target, line.Region));
    }

    [Fact]
    public void AdvanceTo_MutedButNotAcknowledged_StillEscalates()
    {
        var s = Breached();

        s.Mute(AckAlert, TimeSpan.FromHours(4));
        s.Advance(TimeSpan.FromMinutes(30));

        Assert.Single(s.Open(AckAlert, "2101"));
    }
}
