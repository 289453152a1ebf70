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

    [Fact]
    public void Restore_CivilAffairsBoard_SameBedsQueueSuggestionsFollowUpsRecordsAndTheSameClocksAfterwards()
    {
        var original = BoardScenario();
        var restored = RoundTrip(original.Projection, "redis", out _);

        AssertSameBoard(original.Projection, restored);
        Assert.True(restored.TryGetCase("board-r-closed", out _), "a closed follow-up outlives the case retention");
        Assert.Equal(1, new FigureView(restored.FiguresOf("21")).SocialAssistance);

        // The same clock on both: placements turn late, institutions stale, assessments breach, follow-ups expire,
        // guardian `none` reaches 183 days; the same time-driven changes go out.
        foreach (var step in new[] { TimeSpan.FromHours(3), TimeSpan.FromDays(2), TimeSpan.FromDays(20), TimeSpan.FromDays(100), TimeSpan.FromDays(70) })
        {
            original.Advance(step);
            restored.AdvanceTo(original.Now);
            Assert.Equal(Ids(original.Projection.DrainChanges()), Ids(restored.DrainChanges()));
            AssertSameBoard(original.Projection, restored);
        }
        Assert.Equal(["board-r-open"], restored.FollowUps("21").Select(f => f.CaseId)); // the closed one ran out of retention
        Assert.Contains(restored.InterventionRecord("board-r-open")!.Flags, f => f.Reason == RevocationReasons.GuardianNoneTooLong);
    }

    private static void AssertSameBoard(CommandCenterProjection original, CommandCenterProjection restored)
    {
        Assert.Equal(Json(original.Snapshot("21", Scenario.Live)), Json(restored.Snapshot("21", Scenario.Live)));
        Assert.Equal(JsonSerializer.Serialize(original.Placements("21")), JsonSerializer.Serialize(restored.Placements("21")));
        Assert.Equal(JsonSerializer.Serialize(original.FollowUps("21")), JsonSerializer.Serialize(restored.FollowUps("21")));
        Assert.Equal(JsonSerializer.Serialize(original.Suggest("board-p-waiting")), JsonSerializer.Serialize(restored.Suggest("board-p-waiting")));
        foreach (var id in new[] { "board-r-open", "board-r-closed", "board-r-dv" })
        {
            Assert.Equal(JsonSerializer.Serialize(original.InterventionRecord(id)), JsonSerializer.Serialize(restored.InterventionRecord(id)));
            Assert.Equal(JsonSerializer.Serialize(original.FollowUp(id)), JsonSerializer.Serialize(restored.FollowUp(id)));
        }
        Assert.Equal(JsonSerializer.Serialize(original.InterventionRecordOfChild("board-c-none")),
            JsonSerializer.Serialize(restored.InterventionRecordOfChild("board-c-none")));
    }

    /// <summary>What a change set names, order aside (a restored projection enumerates its sets in another order).</summary>
    private static string Ids(ChangeSet c) => string.Join(" | ",
        string.Join(",", c.Cases.Select(x => x.CaseId).Order(StringComparer.Ordinal)),
        string.Join(",", c.Institutions.Select(x => x.InstitutionId).Order(StringComparer.Ordinal)),
        string.Join(",", c.Placements.Select(x => x.PlacementId).Order(StringComparer.Ordinal)),
        string.Join(",", c.FollowUps.Select(x => x.CaseId).Order(StringComparer.Ordinal)),
        string.Join(",", c.FollowUpsEnded.Select(x => x.CaseId).Order(StringComparer.Ordinal)));

    /// <summary>Every kind of civil-affairs state: beds, reported figures, waits, follow-ups, measures, flags, guardian `none`.</summary>
    private static Scenario BoardScenario()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ChildRegistered, new
        {
            child_id = "board-c-none", village_code = Geography.ChaoyangVillage, birth_date = "2021-04-01", kind = "both_parents_away", guardian = "none",
        });
        s.Apply(EventTypes.InstitutionRegistered, new { institution_id = "board-i-welfare", name = "福利院", kind = "welfare_institution", region_code = Geography.ChaoyangCounty, capacity = 5 });
        s.Apply(EventTypes.InstitutionRegistered, new { institution_id = "board-i-centre", name = "保护中心", kind = "protection_centre", region_code = "2113", capacity = 8, lon = 120.45, lat = 41.57 });
        s.Apply(EventTypes.InstitutionRegistered, new { institution_id = "board-i-school", name = "寄宿制学校", kind = "boarding_school", region_code = Geography.ChaoyangCounty, capacity = 80 });
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "board-i-welfare", occupied = 3, staff_on_duty = 4 });
        s.Apply(EventTypes.ReportFiled, new { report_id = "board-r-open", township_code = Geography.ChaoyangTownship, category = "living_alone", reporter_type = "school", child_id = "board-c-none" });
        s.Apply(EventTypes.InterventionRecorded, new { report_id = "board-r-open", measure = "criticism", actor = new { username = "u-1", display_name = "张民警" } });
        s.Step(EventTypes.CaseTownshipNotified, "board-r-open");
        s.Apply(EventTypes.ReportFiled, new { report_id = "board-r-dv", township_code = Geography.ChaoyangTownship, category = "domestic_violence", reporter_type = "medical", child_id = "board-c-none" });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "board-p-waiting", report_id = "board-r-dv", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "board-p-in", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "board-p-in", institution_id = "board-i-welfare" });
        s.Apply(EventTypes.PlacementAdmitted, new { placement_id = "board-p-in" });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "board-p-reserved", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "board-p-reserved", institution_id = "board-i-centre" });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "board-p-gone", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementEnded, new { placement_id = "board-p-gone", reason = "returned_to_relatives" });
        s.Apply(EventTypes.ReportFiled, new { report_id = "board-r-closed", township_code = Geography.ChaoyangTownship, category = "injury", reporter_type = "school" });
        s.Step(EventTypes.CaseTownshipNotified, "board-r-closed");
        s.Step(EventTypes.CaseClosed, "board-r-closed", ("outcome", "serious_harm_by_guardian"));
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "board-r-closed", risk_level = "high", services = new[] { "medical", "social_assistance" } });
        s.Step(EventTypes.ServiceArranged, "board-r-closed", ("service", "social_assistance"));
        s.AdvanceDays(10);
        s.DrainAll();
        return s;
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
