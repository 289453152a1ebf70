using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Domain.Tests.TestSupport;

/// <summary>
/// A projection on a <see cref="FakeTimeProvider"/>: events are built as JSON, parsed, applied; time moves
/// only through <see cref="Advance"/>, which calls <see cref="CommandCenterProjection.AdvanceTo"/> like the ticker.
/// </summary>
internal sealed class Scenario
{
    /// <summary>Monday 2 March 2026, 10:00 China time.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static readonly ReplayProgress Live = new(true, "live", 0, 0);

    public Scenario(DateTimeOffset? start = null, RuleSettings? rules = null, int auditLines = CommandCenterProjection.DefaultAuditLines,
        Lbc.Domain.Alerts.AlertSettings? alerts = null)
    {
        Clock = new FakeTimeProvider(start ?? DefaultStart);
        Projection = new CommandCenterProjection(Geography.Catalog, rules ?? RuleSettings.Default, Clock.GetUtcNow(), auditLines: auditLines,
            alerts: alerts);
        Events = new EventBuilder(Geography.Parser, Clock.GetUtcNow);
    }

    public FakeTimeProvider Clock { get; }

    public CommandCenterProjection Projection { get; }

    public EventBuilder Events { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public ApplyResult Apply(string type, object data, DateTimeOffset? ts = null, string? id = null) =>
        Projection.Apply(Events.Build(type, data, ts, id));

    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Projection.AdvanceTo(Clock.GetUtcNow());
    }

    public void AdvanceDays(int days) => Advance(TimeSpan.FromDays(days));

    public DashboardSnapshot Snapshot(string jurisdiction = "21") => Projection.Snapshot(jurisdiction, Live);

    public FigureView Township(string code) => new(Snapshot(code).Townships.Single().Figures);

    public FigureView Province => new(Projection.FiguresOf("21"));

    public FigureView FiguresOf(string region) => new(Projection.FiguresOf(region));

    public CaseDto Case(string reportId) => Snapshot().OpenCases.Single(c => c.CaseId == reportId);

    public StageClockDto StageClock(string reportId, string stage) => Case(reportId).Clocks.Single(k => k.Stage == stage);

    /// <summary>The case as the case view and the command check see it (open or recently closed).</summary>
    public CaseState State(string reportId)
    {
        Assert.True(Projection.TryGetCase(reportId, out var state), $"case {reportId} should be findable");
        return state;
    }

    /// <summary>The <c>data.actor</c> of a signed-in user.</summary>
    public static (string Key, object? Value) Actor(string username, string displayName) =>
        ("actor", new { username, display_name = displayName });

    /// <summary>Drains the pending changes: one change set, or none when nothing changed.</summary>
    public List<ChangeSet> DrainAll()
    {
        var changes = Projection.DrainChanges();
        return changes.IsEmpty ? [] : [changes];
    }

    // Shortcuts for the common events.

    public ApplyResult Register(string childId, string village = Geography.ShenyangVillage, string birthDate = "2016-05-01",
        DateTimeOffset? ts = null, string? id = null) =>
        Apply(EventTypes.ChildRegistered, new
        {
            child_id = childId, village_code = village, birth_date = birthDate,
            kind = "both_parents_away", guardian = "entrusted",
        }, ts, id);

    public ApplyResult Visit(string childId, DateTimeOffset? visitedAt = null, string finding = "ok") =>
        Apply(EventTypes.VisitRecorded, new
        {
            child_id = childId, visited_at = EventTimestamps.Format(visitedAt ?? Now), visitor_id = "visitor-1", finding,
        });

    public ApplyResult Exit(string childId, string reason = "parent_returned") =>
        Apply(EventTypes.ChildExited, new { child_id = childId, reason });

    public ApplyResult FileReport(string reportId, string category = "injury", string township = Geography.ShenyangTownship,
        DateTimeOffset? receivedAt = null, string? id = null) =>
        Apply(EventTypes.ReportFiled, new
        {
            report_id = reportId, township_code = township, category, reporter_type = "school",
            received_at = EventTimestamps.Format(receivedAt ?? Now),
        }, id: id);

    /// <summary>A case.* step (or assessment.*) on a report, at the current time.</summary>
    public ApplyResult Step(string type, string reportId, params (string Key, object? Value)[] extra) =>
        Apply(type, EventBuilder.Data([("report_id", reportId), .. extra]));

    public ApplyResult RegisterInstitution(string institutionId, int capacity, string region = Geography.ChaoyangCounty) =>
        Apply(EventTypes.InstitutionRegistered, new
        {
            institution_id = institutionId, name = "朝阳县儿童福利院", kind = "welfare_institution", region_code = region, capacity,
        });
}
