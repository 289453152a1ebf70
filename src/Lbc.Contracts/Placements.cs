namespace Lbc.Contracts;

/// <summary>
/// A child waiting for, or in, temporary care (临时监护照料): one placement not yet ended, for the civil-affairs
/// placement queue. <see cref="CaseId"/>, <see cref="Category"/> and <see cref="Priority"/> are the requesting case's,
/// when the request named one. <see cref="WaitedSeconds"/> runs from the request to the assignment (or to
/// <c>AsOf</c> while still waiting); <see cref="Late"/> when that exceeds the placement wait target (2 h by default).
/// Carries no child identity.
/// </summary>
public sealed record PlacementDto(
    string PlacementId,
    string? CaseId,
    string? Category,
    int? Priority,
    string TownshipCode,
    DateTimeOffset RequestedAt,
    string Stage,
    string? InstitutionId,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? AdmittedAt,
    long WaitedSeconds,
    bool Late);

/// <summary>Stages of a placement, as sent in <see cref="PlacementDto.Stage"/>.</summary>
public static class PlacementStages
{
    public const string Requested = "requested";
    public const string Assigned = "assigned";
    public const string Admitted = "admitted";
}

/// <summary>
/// One reason, as a code with its arguments (invariant culture); the UI localizes it (resource
/// <c>Reason_{code}</c>): <c>free_beds(3)</c>, <c>protective_for_violence</c>, <c>same_county</c>,
/// <c>distance_km(12.4)</c>, <c>under_six_welfare</c>, <c>boarding_school_excluded_no_school_place(2)</c>.
/// </summary>
[method: System.Text.Json.Serialization.JsonConstructor]
public sealed record SuggestionReason(string Code, IReadOnlyList<string> Args)
{
    public SuggestionReason(string code) : this(code, []) { }

    public override string ToString() => Args.Count == 0 ? Code : $"{Code}({string.Join(", ", Args)})";
}

/// <summary>
/// Where to place the child of <see cref="PlacementId"/>, best first, each with its reasons; <see cref="Notes"/> say
/// what applied to the whole ranking (the rules used for this child, places left out and why).
/// </summary>
public sealed record PlacementSuggestionsDto(
    string PlacementId,
    IReadOnlyList<PlacementSuggestionDto> Suggestions,
    IReadOnlyList<SuggestionReason> Notes);

/// <summary>One suggested place: only accepting places with a free bed are suggested.</summary>
public sealed record PlacementSuggestionDto(
    string InstitutionId,
    string Name,
    string Kind,
    int Free,
    double DistanceKm,
    bool SameCounty,
    bool SameCity,
    int StaffOnDuty,
    IReadOnlyList<SuggestionReason> Reasons);

/// <summary>Reason and note codes of placement suggestions (the UI's resource keys are <c>Reason_{code}</c>).</summary>
public static class SuggestionReasons
{
    public const string FreeBeds = "free_beds";
    public const string ProtectiveForViolence = "protective_for_violence";
    public const string UnderSixWelfare = "under_six_welfare";
    public const string SameCounty = "same_county";
    public const string SameCity = "same_city";
    public const string OtherCity = "other_city";
    public const string DistanceKm = "distance_km";
    public const string StaffOnDuty = "staff_on_duty";
    public const string StatusStale = "status_stale";
    public const string ReportedFiguresDiffer = "reported_figures_differ";

    // Notes on the whole ranking.
    public const string ProtectiveFirst = "protective_first_for_violence";
    public const string UnderSix = "under_six";
    public const string AgeUnknown = "age_unknown";
    public const string BoardingSchoolExcludedNoSchoolPlace = "boarding_school_excluded_no_school_place";
    public const string BoardingSchoolExcludedNotSchoolAge = "boarding_school_excluded_not_school_age";
    public const string ExcludedFull = "excluded_full";
    public const string ExcludedNotAccepting = "excluded_not_accepting";
}
