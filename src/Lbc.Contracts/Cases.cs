namespace Lbc.Contracts;

/// <summary>
/// One open emergency case (a mandatory report and its handling). Carries no child name: at most the surname mask
/// <see cref="DisplayMask"/> (王＊, only where the deployment allows it) and the <see cref="AgeBand"/>; the rest is revealed
/// only through an audited request (<see cref="HasPersonal"/>: there is something to reveal). <see cref="Version"/> is what a
/// command's <c>expectedVersion</c> names; <see cref="Searching"/> is a missing child not found yet (pinned on top,
/// its search circle growing from <see cref="LastSeenAt"/>).
/// </summary>
public sealed record CaseDto(
    string CaseId,
    string Category,
    int Priority,
    string TownshipCode,
    string? VillageCode,
    double Lon,
    double Lat,
    bool LocationApproximate,
    string ReporterType,
    DateTimeOffset ReceivedAt,
    string Stage,
    string SlaState,
    IReadOnlyList<StageClockDto> Clocks,
    bool Closed,
    int Version = 1,
    DateTimeOffset? LastSeenAt = null,
    bool Searching = false,
    bool? ParentsReached = null,
    string? VillageName = null,
    string? DisplayMask = null,
    string? AgeBand = null,
    bool HasPersonal = false);

/// <summary>The clock of one stage of the emergency chain: when it is due and when (if) it was done.</summary>
public sealed record StageClockDto(string Stage, DateTimeOffset Due, DateTimeOffset? DoneAt, string State);

/// <summary>Stage clock states, as sent in <see cref="StageClockDto.State"/> and <see cref="CaseDto.SlaState"/>.</summary>
public static class SlaStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string DoneLate = "done_late";
    public const string Breached = "breached";
    public const string OnTrack = "on_track";
}
