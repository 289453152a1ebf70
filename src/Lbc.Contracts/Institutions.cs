namespace Lbc.Contracts;

/// <summary>
/// A place of care (救助管理站, 未成年人救助保护中心, 儿童福利机构, 临时庇护场所, 寄宿制学校) and its live capacity.
/// <see cref="Occupied"/> and <see cref="Reserved"/> are computed from the placements on the log (assigned = reserved,
/// admitted = occupied); what the institution itself last reported is <see cref="ReportedOccupied"/> and
/// <see cref="ReportedReserved"/>, sent only while the two disagree (both null when they agree), so a board can show
/// the disagreement as such. <see cref="Stale"/>: no status report (or, never reported, no registration) for
/// <c>InstitutionStaleAfter</c> (24 h by default). <see cref="Waiting"/>: children waiting for a place (requested, not yet
/// assigned) whose township lies in this institution's region: with no free bed, "full while a child waits".
/// </summary>
public sealed record InstitutionDto(
    string InstitutionId,
    string Name,
    string Kind,
    string RegionCode,
    double Lon,
    double Lat,
    int Capacity,
    int Occupied,
    int Reserved,
    bool Accepting,
    int StaffOnDuty,
    DateTimeOffset? LastStatusAt = null,
    bool Stale = false,
    int? ReportedOccupied = null,
    int? ReportedReserved = null,
    int Waiting = 0)
{
    public int Free => Math.Max(0, Capacity - Occupied - Reserved);

    /// <summary>The institution's own figures disagree with the placements on the log.</summary>
    public bool Disputed => ReportedOccupied is not null || ReportedReserved is not null;
}
