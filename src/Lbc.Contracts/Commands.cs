using System.Text.Json;

namespace Lbc.Contracts;

/// <summary>
/// <c>POST /api/commands</c> (ARCHITECTURE.md, "Commands"): a user's action, which becomes an event on the log.
/// <see cref="CommandId"/> is made by the client once per click, so a retry is answered, not appended twice.
/// Exactly one target: <see cref="CaseId"/> (case steps), <see cref="PlacementId"/> or <see cref="AlertId"/>.
/// </summary>
public sealed record CommandRequest(
    string? CommandId,
    string? Type,
    string? CaseId,
    string? PlacementId,
    string? AlertId,
    int? ExpectedVersion,
    JsonElement? Data);

/// <summary>202: the event is on the log; <see cref="Version"/> is the target's version after it.</summary>
public sealed record CommandAccepted(string EventId, int Version);

/// <summary>
/// 409: someone else recorded that step, or the target moved since the user saw it. Names who acted last, when,
/// and the version now, so the screen can say "王力 acknowledged this at 10:02" and refresh.
/// </summary>
public sealed record CommandConflict(string ActedBy, string ActedByName, DateTimeOffset At, int CurrentVersion, string Reason);

public static class CommandRoutes
{
    public const string Commands = "/api/commands";

    /// <summary>The case view: <c>/api/cases/{caseId}</c>.</summary>
    public const string Case = "/api/cases/{caseId}";

    public static string CaseOf(string caseId) => "/api/cases/" + Uri.EscapeDataString(caseId);

    /// <summary>The ranked places for a waiting child: <c>/api/placements/{placementId}/suggestions</c>.</summary>
    public const string Suggestions = "/api/placements/{placementId}/suggestions";

    public static string SuggestionsOf(string placementId) => $"/api/placements/{Uri.EscapeDataString(placementId)}/suggestions";

    /// <summary>The guardianship intervention record of a case: <c>/api/cases/{caseId}/interventions</c>.</summary>
    public const string Interventions = "/api/cases/{caseId}/interventions";

    public static string InterventionsOf(string caseId) => $"/api/cases/{Uri.EscapeDataString(caseId)}/interventions";

    /// <summary>The <c>src</c> of every event a dashboard user's command appends.</summary>
    public const string DashboardSource = "dashboard";
}

/// <summary>The case view (<c>GET /api/cases/{caseId}</c>): everything about one case a duty officer acts on.</summary>
public sealed record CaseDetailDto(
    CaseDto Case,
    string? VillageName,
    DateTimeOffset? DiscoveredAt,
    bool? ParentsReached,
    string? EscortedTo,
    string? EscortInstitutionId,
    string? Outcome,
    bool PlacementRequested,
    IReadOnlyList<TimelineEntryDto> Timeline,
    IReadOnlyList<NextStepDto> NextSteps,
    SearchCircleDto? Search);

/// <summary>One event on a case: what, when, who (display name and username, or the producer), and its details in words.</summary>
public sealed record TimelineEntryDto(
    string EventId,
    string Type,
    DateTimeOffset At,
    string ActedBy,
    string ActedByName,
    bool ByUser,
    IReadOnlyDictionary<string, string> Details);

/// <summary>A step the policy allows now (<see cref="Type"/> is the event type its button sends); optional when not asked for.</summary>
public sealed record NextStepDto(string Type, string Stage, bool Optional);

/// <summary>The missing-child search circle now: centre, last seen, radius growing with time (the browser grows it between updates).</summary>
public sealed record SearchCircleDto(double Lon, double Lat, bool Approximate, DateTimeOffset LastSeenAt, double RadiusKm);
