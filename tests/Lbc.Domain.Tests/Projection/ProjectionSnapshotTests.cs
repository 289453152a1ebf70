using System.IO.Hashing;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>
/// A restart that loads a snapshot must show exactly what a full replay shows, and keep behaving the
/// same: the duty officer cannot tell which of the two the server did.
/// </summary>
public sealed class ProjectionSnapshotTests
{
    private static readonly LogPosition s_position = new(1_764_000_000_000, 7);

    [Fact]
    public void Restore_AfterEveryKindOfState_SameSnapshotAndSameBehaviourAfterwards()
    {
        var original = BusyScenario();
        var restored = RoundTrip(original.Projection, "redis", out var position);

        Assert.Equal(s_position, position);
        Assert.Equal(Json(original.Snapshot()), Json(restored.Snapshot("21", Scenario.Live)));
        Assert.Equal(Json(original.Snapshot(Geography.ChaoyangTownship)), Json(restored.Snapshot(Geography.ChaoyangTownship, Scenario.Live)));
        Assert.Equal(original.Projection.EventsApplied, restored.EventsApplied);
        Assert.Equal(original.Projection.DuplicatesIgnored, restored.DuplicatesIgnored);

        // The same further events, a duplicate of an old one among them, and 40 days of clock on both.
        var later = new[]
        {
            original.Events.Build(EventTypes.VisitRecorded, new { child_id = "snap-c-2", visited_at = EventTimestamps.Format(original.Now), visitor_id = "v", finding = "concern" }),
            original.Events.Build(EventTypes.CaseAcknowledged, new { report_id = "snap-r-1" }),
            original.Events.Build(EventTypes.ChildRegistered, new { child_id = "snap-c-1", village_code = Geography.ShenyangVillage, birth_date = "2016-05-01", kind = "both_parents_away", guardian = "entrusted" }, id: "dup-reg-1"),
            original.Events.Build(EventTypes.PlacementEnded, new { placement_id = "snap-p-1", reason = "returned_home" }),
        };
        foreach (var e in later)
        {
            Assert.Equal(original.Projection.Apply(e), restored.Apply(e));
        }
        original.AdvanceDays(40);
        restored.AdvanceTo(original.Now);
        Assert.Equal(Json(original.Snapshot()), Json(restored.Snapshot("21", Scenario.Live)));
        Assert.Equal(original.Projection.DuplicatesIgnored, restored.DuplicatesIgnored);
        Assert.True(original.Province.VisitOverdue > 0, "the clock should have made some children overdue");
    }

    [Fact]
    public void Restore_SnapshotOfAnotherLogKind_RefusedWithReason()
    {
        var scenario = BusyScenario();
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, scenario.Projection, "sqlite", s_position);
        stream.Position = 0;

        var ex = Assert.Throws<InvalidDataException>(() => ProjectionSnapshot.Restore(stream, Fresh(scenario), "redis"));
        Assert.Contains("sqlite", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.9, true)]
    public void Restore_CorruptOrTruncatedFile_Refused(double where, bool truncate)
    {
        var scenario = BusyScenario();
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, scenario.Projection, "redis", s_position);
        var bytes = stream.ToArray();
        var at = (int)(bytes.Length * where);
        if (truncate)
        {
            bytes = bytes[..at];
        }
        else
        {
            bytes[at] ^= 0x10;
        }

        Assert.Throws<InvalidDataException>(() => ProjectionSnapshot.Restore(new MemoryStream(bytes), Fresh(scenario), "redis"));
    }

    [Fact]
    public void Restore_OtherRuleSettings_Refused()
    {
        var scenario = BusyScenario();
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, scenario.Projection, "redis", s_position);
        stream.Position = 0;
        var otherRules = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default with { VisitIntervalDays = 20 }, scenario.Now);

        var ex = Assert.Throws<InvalidDataException>(() => ProjectionSnapshot.Restore(stream, otherRules, "redis"));
        Assert.Contains("rule settings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_CaseTimelinesAndRecentlyClosedCase_SameVersionsTimelinesNextStepsAndEviction()
    {
        var original = BusyScenario();
        var restored = RoundTrip(original.Projection, "redis", out _);

        foreach (var id in new[] { "snap-r-1", "snap-r-2", "snap-r-3" })
        {
            Assert.True(restored.TryGetCase(id, out var copy), $"{id} should survive the restart");
            var before = original.State(id);
            Assert.Equal(before.Version, copy.Version);
            Assert.Equal(JsonSerializer.Serialize(before.Timeline), JsonSerializer.Serialize(copy.Timeline));
            Assert.Equal(CasePolicy.NextSteps(before), CasePolicy.NextSteps(copy));
            Assert.Equal(before.IsClosed, copy.IsClosed);
        }
        Assert.True(restored.TryGetCase("snap-r-2", out var r2));
        Assert.Equal(new Actor("zy-duty-0457", "王警官"), r2.WhoDid(CaseStage.Acknowledged)!.Actor);
        Assert.True(r2.Timeline.Single(e => e.Stage == CaseStage.OnScene).SeriousHarm);
        Assert.Equal(EventTypes.PlacementRequested, original.State("snap-r-1").Timeline[^1].Type); // the request joined the case

        // The same step on both moves both to the same version; the closed case leaves both after its retention.
        var step = original.Events.Build(EventTypes.CaseDispatched, new { report_id = "snap-r-2" });
        Assert.Equal(original.Projection.Apply(step), restored.Apply(step));
        Assert.Equal(original.State("snap-r-2").Version, r2.Version);
        original.AdvanceDays(7);
        restored.AdvanceTo(original.Now);
        Assert.False(original.Projection.TryGetCase("snap-r-3", out _));
        Assert.False(restored.TryGetCase("snap-r-3", out _));
        Assert.True(restored.TryGetCase("snap-r-2", out _));
    }

    [Fact]
    public void Restore_SnapshotOfAnOlderFormat_RefusedNamingTheVersion()
    {
        var scenario = BusyScenario();
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, scenario.Projection, "redis", s_position);
        var bytes = stream.ToArray();
        // A well-formed file of the previous layout: version field after the 8-byte magic, checksum redone.
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), ProjectionSnapshot.FormatVersion - 1);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));

        var ex = Assert.Throws<InvalidDataException>(() => ProjectionSnapshot.Restore(new MemoryStream(bytes), Fresh(scenario), "redis"));
        Assert.Equal($"format version {ProjectionSnapshot.FormatVersion - 1}, this build reads {ProjectionSnapshot.FormatVersion}", ex.Message);
    }

    private static Scenario BusyScenario()
    {
        var s = new Scenario();
        s.Register("snap-c-1", id: "dup-reg-1");
        s.Register("snap-c-2", Geography.ChaoyangVillage, "2012-01-15");
        s.Register("snap-c-3");
        s.Apply(EventTypes.PairingAssigned, new { child_id = "snap-c-2", teacher_id = "t-1" });
        s.Apply(EventTypes.DropoutReported, new { child_id = "snap-c-2" });
        s.Apply(EventTypes.LedgerSubmitted, new { township_code = Geography.ShenyangTownship, quarter = "2025Q4" });
        s.AdvanceDays(20);
        s.Visit("snap-c-1", finding: "concern");
        s.Exit("snap-c-3");
        s.FileReport("snap-r-1", "missing", Geography.ChaoyangTownship);
        s.FileReport("snap-r-2", "injury");
        s.Step(EventTypes.CaseAcknowledged, "snap-r-2", Scenario.Actor("zy-duty-0457", "王警官"));
        s.Step(EventTypes.CaseOnScene, "snap-r-2", ("serious_harm", true));
        s.Step(EventTypes.CaseParentsContacted, "snap-r-2", ("reached", true));
        s.Step(EventTypes.CaseTownshipNotified, "snap-r-2");
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "snap-r-2", risk_level = "medium", services = new[] { "psychological" } });
        s.Step(EventTypes.ServiceArranged, "snap-r-2", ("service", "psychological"));
        s.Step(EventTypes.InterventionRecorded, "snap-r-2", ("measure", "criticism"));
        s.FileReport("snap-r-3", "living_alone");
        s.Step(EventTypes.CaseClosed, "snap-r-3", ("outcome", "guardian_arranged"));
        s.RegisterInstitution("snap-i-1", 40);
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "snap-p-1", report_id = "snap-r-1", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "snap-p-1", institution_id = "snap-i-1" });
        s.Apply(EventTypes.PlacementAdmitted, new { placement_id = "snap-p-1" });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "snap-p-2", township_code = Geography.ShenyangTownship });
        s.Advance(TimeSpan.FromHours(3));
        s.DrainAll();
        return s;
    }

    private static CommandCenterProjection Fresh(Scenario s) => new(Geography.Catalog, RuleSettings.Default, s.Now);

    private static CommandCenterProjection RoundTrip(CommandCenterProjection projection, string kind, out LogPosition position)
    {
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, projection, kind, s_position);
        stream.Position = 0;
        var restored = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, DateTimeOffset.UnixEpoch);
        position = ProjectionSnapshot.Restore(stream, restored, kind);
        Assert.Equal(stream.Length, stream.Position);
        return restored;
    }

    private static string Json(DashboardSnapshot snapshot) =>
        JsonSerializer.Serialize(snapshot, ContractsJsonContext.Default.DashboardSnapshot);
}
