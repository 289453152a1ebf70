namespace Lbc.Contracts;

/// <summary>
/// The township's part of a case (assessment and services, 评估帮扶), for the civil-affairs board: listed from the
/// township's notification (or its first assessment step) until the assessment is completed and every service it
/// asked for is arranged. It outlives the police close (<see cref="PoliceClosedAt"/>) until <see cref="FollowUpUntil"/>
/// (90 days after the close by default). Both assessment clocks keep running after the police close.
/// </summary>
public sealed record FollowUpDto(
    string CaseId,
    string Category,
    int Priority,
    string TownshipCode,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? PoliceClosedAt,
    DateTimeOffset? FollowUpUntil,
    StageClockDto AssessmentOpened,
    StageClockDto AssessmentCompleted,
    string? Risk,
    IReadOnlyList<FollowUpServiceDto> Services,
    bool SocialAssistance,
    bool Pending,
    int Version);

/// <summary>
/// One service of a case: <see cref="Asked"/> by the completed assessment, <see cref="Done"/> once
/// <c>service.arranged</c> names it (a service arranged without being asked is listed as done, not asked).
/// </summary>
public sealed record FollowUpServiceDto(string Service, bool Asked, bool Done, DateTimeOffset? DoneAt);
