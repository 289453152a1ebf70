using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Projection;

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
        return _care.TryGetPlacement(placementId, out var p) && p.Stage == from
            ? new DurationSample(PlacementWaitKind, stage, null, p.TownshipCode, meta.Ts,
                Math.Max(0, (meta.Ts - p.RequestedAt).TotalSeconds), meta.Id)
            : null;
    }
}
