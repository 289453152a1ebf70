using Lbc.Domain.Audit;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Audit;

/// <summary>
/// The audit index an administrator queries: commands and audit lines in log order, each with the region it is about,
/// only the newest kept, and the same after a snapshot.
/// </summary>
public sealed class AuditIndexTests
{
    private static readonly (string, object?) s_officer = ("actor", new
    {
        username = "police.kangping", display_name = "康平值班", role = "police_duty_officer", jurisdiction = "210123",
    });

    [Fact]
    public void CommandWithActor_IsALine_WithItsCaseRoleAndTownship_SeenByTheCountyNotByAnotherCity()
    {
        var s = new Scenario();
        s.FileReport("aud-r-1");
        s.Step(EventTypes.CaseAcknowledged, "aud-r-1", s_officer);

        var line = Assert.Single(s.Projection.QueryAudit(new AuditFilter(), "210123", 10).Lines);
        Assert.Equal((EventTypes.CaseAcknowledged, "ok", "police.kangping", "police_duty_officer", "210123", "aud-r-1", Geography.ShenyangTownship),
            (line.Action, line.Outcome, line.User, line.Role, line.Jurisdiction, line.CaseId, line.Region));
        Assert.Empty(s.Projection.QueryAudit(new AuditFilter(), "2113", 10).Lines);
        // The report itself came from a producer, with no actor: not a user's action.
        Assert.Single(s.Projection.QueryAudit(new AuditFilter(), "21", 10).Lines);
    }

    [Fact]
    public void RefusedAccessToACaseElsewhere_IsSeenByTheCasesRegionAndTheUsersRegion_NotByAThird()
    {
        var s = new Scenario();
        s.FileReport("aud-r-2", township: Geography.ChaoyangTownship);
        s.Apply(EventTypes.AuditRecorded, new
        {
            action = "access_refused", outcome = "refused", user = "police.kangping", role = "police_duty_officer", jurisdiction = "210123",
            case_id = "aud-r-2", target = "GET /api/cases/{caseId}", reason = "not_found",
        });

        Assert.Equal(Geography.ChaoyangTownship, Assert.Single(s.Projection.QueryAudit(new AuditFilter(), "2113", 10).Lines).Region);
        Assert.Single(s.Projection.QueryAudit(new AuditFilter(), "2101", 10).Lines);
        Assert.Empty(s.Projection.QueryAudit(new AuditFilter(), "2102", 10).Lines);
    }

    [Fact]
    public void FailedSignInUnderAnUnknownName_BelongsToTheProvinceOnly()
    {
        var s = new Scenario();
        s.Apply(EventTypes.AuditRecorded, new { action = "sign_in", outcome = "failed", reason = "wrong_credentials; unknown_account", address = "10.0.0.9" });

        Assert.Single(s.Projection.QueryAudit(new AuditFilter(), "21", 10).Lines);
        Assert.Empty(s.Projection.QueryAudit(new AuditFilter(), "2101", 10).Lines);
    }

    [Fact]
    public void ManyLines_KeepsTheNewestOnly_PagesNewestFirstWithoutGapsOrRepeats()
    {
        var s = new Scenario(auditLines: 50);
        for (var i = 0; i < 120; i++)
        {
            SignIn(s, i % 2 == 0 ? "admin" : "police.kangping");
        }

        var seen = new List<long>();
        long? before = null;
        do
        {
            var (lines, next) = s.Projection.QueryAudit(new AuditFilter(Before: before), "21", 7);
            seen.AddRange(lines.Select(l => l.Sequence));
            before = next;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(70, 50).Select(i => (long)i).Reverse(), seen);
        var admins = s.Projection.QueryAudit(new AuditFilter(User: "ADMIN"), "21", 100).Lines;
        Assert.Equal(25, admins.Count);
        Assert.All(admins, l => Assert.Equal("admin", l.User));
    }

    [Fact]
    public void TimeFilter_FromInclusiveToExclusive()
    {
        var s = new Scenario();
        var start = s.Now;
        SignIn(s, "admin");
        s.Advance(TimeSpan.FromHours(1));
        SignIn(s, "admin");
        s.Advance(TimeSpan.FromHours(1));
        SignIn(s, "admin");

        var lines = s.Projection.QueryAudit(new AuditFilter(From: start.AddHours(1), To: start.AddHours(2)), "21", 10).Lines;

        Assert.Equal(start.AddHours(1), Assert.Single(lines).At);
    }

    [Fact]
    public void Snapshot_RestoresTheLinesAndTheirSequences()
    {
        var s = new Scenario(auditLines: 10);
        s.FileReport("aud-r-3");
        for (var i = 0; i < 15; i++)
        {
            SignIn(s, "admin");
        }
        s.Step(EventTypes.CaseAcknowledged, "aud-r-3", s_officer);

        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, s.Projection, "sqlite", LogPosition.Start);
        stream.Position = 0;
        var restored = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, DateTimeOffset.UnixEpoch, auditLines: 10);
        ProjectionSnapshot.Restore(stream, restored, "sqlite");

        Assert.Equal(s.Projection.QueryAudit(new AuditFilter(), "21", 100).Lines, restored.QueryAudit(new AuditFilter(), "21", 100).Lines);
        Assert.Equal(15, restored.QueryAudit(new AuditFilter(), "21", 1).Lines[0].Sequence);
    }

    [Theory]
    [InlineData("user", "admin\nforged line")]
    [InlineData("reason", "reason\u202Ereversed")]
    [InlineData("target", "GET /x\r\n")]
    [InlineData("case_id", "R-1\u0007")]
    public void AuditLineWithControlCharacters_IsRefused_SoNoLineCanForgeAnother(string field, string value)
    {
        var s = new Scenario();
        var data = EventBuilder.Data(("action", "sign_in"), ("outcome", "ok"), (field, value));

        var parsed = Geography.Parser.Parse(s.Events.Raw(EventTypes.AuditRecorded, data), s.Now);

        Assert.False(parsed.IsValid);
        Assert.Contains($"data.{field}:", parsed.Reason, StringComparison.Ordinal);
    }

    private static void SignIn(Scenario s, string user) =>
        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.AuditRecorded, new { action = "sign_in", outcome = "ok", user, role = "administrator", jurisdiction = "21" }).Outcome);
}
