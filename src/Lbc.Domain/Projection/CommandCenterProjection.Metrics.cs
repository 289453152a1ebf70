using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Projection;

/// <summary>
/// The figures of one region that history records every minute. Every field is a count that sums up
/// the hierarchy (township -> county -> city -> province), so roll-ups are additions.
/// </summary>
public struct RegionFigures
{
    public int Children;
    public int VisitedOnTime;
    public int VisitDueSoon;
    public int VisitOverdue;
    public int StaleRecords;
    public int SchoolAge;
    public int Paired;
    public int OpenDropouts;
    public int OpenCases;
    public int BreachedCases;
    public int PlacementsWaiting;
    public int PlacementsActive;
    public int Capacity;
    public int Occupied;
    public int FreeBeds;
    public int LateTownships;

    public void Add(in RegionFigures other)
    {
        Children += other.Children;
        VisitedOnTime += other.VisitedOnTime;
        VisitDueSoon += other.VisitDueSoon;
        VisitOverdue += other.VisitOverdue;
        StaleRecords += other.StaleRecords;
        SchoolAge += other.SchoolAge;
        Paired += other.Paired;
        OpenDropouts += other.OpenDropouts;
        OpenCases += other.OpenCases;
        BreachedCases += other.BreachedCases;
        PlacementsWaiting += other.PlacementsWaiting;
        PlacementsActive += other.PlacementsActive;
        Capacity += other.Capacity;
        Occupied += other.Occupied;
        FreeBeds += other.FreeBeds;
        LateTownships += other.LateTownships;
    }
}

/// <summary>Places of care counted where they stand: at the region of their own code (any level).</summary>
public readonly record struct InstitutionFigures(string RegionCode, int Capacity, int Occupied, int Free, bool Accepting);

/// <summary>All township figures (indexed like <see cref="RegionCatalog.Townships"/>) and the institutions, at one instant.</summary>
public sealed record FiguresCapture(DateTimeOffset At, RegionFigures[] Townships, IReadOnlyList<InstitutionFigures> Institutions);

/// <summary>
/// A duration the moment it ends: a case stage reached (seconds since the report was received) or a
/// placement step (seconds since it was requested). <see cref="EventId"/> is the event that ended it.
/// </summary>
public sealed record DurationSample(
    string Kind, string Stage, string? Category, string TownshipCode, DateTimeOffset At, double Seconds, string EventId);

public sealed partial class CommandCenterProjection
{
    /// <summary>Kind of <see cref="DurationSample"/> for police response stages.</summary>
    public const string ResponseKind = "response";

    /// <summary>Kind of <see cref="DurationSample"/> for placement waits.</summary>
    public const string PlacementWaitKind = "placement_wait";

    /// <summary>
    /// One pass over the read model for the per-minute history writer: O(townships + open cases +
    /// placements + institutions), unlike calling <see cref="IndicatorsFor"/> once per region.
    /// Free beds count accepting institutions only, as the headline indicator does.
    /// </summary>
    public FiguresCapture CaptureFigures()
    {
        var townships = new RegionFigures[_regions.Townships.Count];
        var counters = _children.Counters;
        var lateBefore = LateQuarterThreshold();
        for (var i = 0; i < townships.Length; i++)
        {
            ref readonly var c = ref counters[i];
            ref var f = ref townships[i];
            f.Children = c.Children;
            f.VisitedOnTime = c.VisitedOnTime;
            f.VisitDueSoon = c.VisitDueSoon;
            f.VisitOverdue = c.VisitOverdue;
            f.StaleRecords = c.StaleRecords;
            f.SchoolAge = c.SchoolAge;
            f.Paired = c.Paired;
            f.OpenDropouts = c.OpenDropouts;
            f.LateTownships = lateBefore is int q && c.Children > 0 && _ledgerQuarter[i] < q ? 1 : 0;
        }
        foreach (var c in _cases.Open)
        {
            if (_regions.TryGetTownship(c.TownshipCode, out var t))
            {
                townships[t.Index].OpenCases++;
                if (StageClocks.IsBreached(c, _rules, Now))
                {
                    townships[t.Index].BreachedCases++;
                }
            }
        }
        foreach (var p in _care.Placements)
        {
            if (_regions.TryGetTownship(p.TownshipCode, out var t))
            {
                if (p.Stage == PlacementStage.Requested)
                {
                    townships[t.Index].PlacementsWaiting++;
                }
                else
                {
                    townships[t.Index].PlacementsActive++;
                }
            }
        }
        var institutions = _care.Institutions
            .Select(i => new InstitutionFigures(i.RegionCode, i.Capacity, i.Occupied, i.Accepting ? i.Free : 0, i.Accepting))
            .ToList();
        return new FiguresCapture(Now, townships, institutions);
    }

    /// <summary>
    /// The duration <paramref name="e"/> would end, read before it is applied (a closing step moves the
    /// case out of the open book). Null for events that end none or repeat a step already done; the
    /// caller keeps the sample only when the event is then applied.
    /// </summary>
    public DurationSample? DurationEndedBy(DomainEvent e)
    {
        switch (e)
        {
            case CaseProgressed p when p.Stage is not CaseStage.Closed and not CaseStage.Received:
                if (_cases.TryGetOpen(p.ReportId, out var c) && c.DoneAt(p.Stage) is null)
                {
                    return new DurationSample(ResponseKind, CaseVocabulary.Stages.WordOf(p.Stage),
                        CaseVocabulary.Categories.WordOf(c.Category), c.TownshipCode, p.Meta.Ts,
                        Math.Max(0, (p.Meta.Ts - c.ReceivedAt).TotalSeconds), p.Meta.Id);
                }
                return null;
            case PlacementAssigned a:
                return PlacementStep(a.PlacementId, PlacementStage.Requested, "assigned", a.Meta);
            case PlacementAdmitted a:
                return PlacementStep(a.PlacementId, PlacementStage.Assigned, "admitted", a.Meta);
            default:
                return null;
        }
    }

    private DurationSample? PlacementStep(string placementId, PlacementStage from, string stage, EventMeta meta)
    {
        // Placements are few (hundreds); a scan per placement step is cheaper than another index to keep.
        foreach (var p in _care.Placements)
        {
            if (p.Id == placementId)
            {
                return p.Stage == from
                    ? new DurationSample(PlacementWaitKind, stage, null, p.TownshipCode, meta.Ts,
                        Math.Max(0, (meta.Ts - p.RequestedAt).TotalSeconds), meta.Id)
                    : null;
            }
        }
        return null;
    }
}
