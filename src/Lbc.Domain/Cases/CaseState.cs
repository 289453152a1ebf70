using Lbc.Domain.Care;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Cases;

/// <summary>One mandatory report and everything done about it, as the projection holds it.</summary>
public sealed class CaseState(
    string reportId, ReportCategory category, ReporterType reporter, string townshipCode, string? villageCode,
    GeoPoint location, bool locationApproximate, DateTimeOffset receivedAt, DateTimeOffset? discoveredAt, string? childId)
{
    private readonly DateTimeOffset?[] _doneAt = new DateTimeOffset?[Enum.GetValues<CaseStage>().Length];

    public string ReportId { get; } = reportId;
    public ReportCategory Category { get; } = category;
    public int Priority { get; } = CaseVocabulary.PriorityOf(category);
    public ReporterType Reporter { get; } = reporter;
    public string TownshipCode { get; } = townshipCode;
    public string? VillageCode { get; } = villageCode;
    public GeoPoint Location { get; } = location;
    public bool LocationApproximate { get; } = locationApproximate;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;
    public DateTimeOffset? DiscoveredAt { get; } = discoveredAt;

    /// <summary>The child's ledger id when the reporter knew it; never shown unmasked without an audited reveal.</summary>
    public string? ChildId { get; } = childId;

    public bool? ParentsReached { get; set; }
    public EscortDestination? EscortedTo { get; set; }
    public string? EscortInstitutionId { get; set; }
    public string? Outcome { get; set; }
    public RiskLevel? Risk { get; set; }
    public List<ServiceKind> Services { get; } = [];
    public List<InterventionMeasure> Interventions { get; } = [];

    public bool IsClosed => _doneAt[(int)CaseStage.Closed] is not null;

    public DateTimeOffset? DoneAt(CaseStage stage) => _doneAt[(int)stage];

    /// <summary>Records a stage once; the first time counts (a repeated step does not move the clock).</summary>
    public bool MarkDone(CaseStage stage, DateTimeOffset at)
    {
        if (_doneAt[(int)stage] is not null)
        {
            return false;
        }
        _doneAt[(int)stage] = at;
        return true;
    }

    /// <summary>The most recent stage reached; the chain is not strictly ordered (a search may precede parents).</summary>
    public CaseStage CurrentStage
    {
        get
        {
            var current = CaseStage.Received;
            DateTimeOffset latest = ReceivedAt;
            for (var s = 1; s < _doneAt.Length; s++)
            {
                if (_doneAt[s] is DateTimeOffset at && at >= latest)
                {
                    latest = at;
                    current = (CaseStage)s;
                }
            }
            return current;
        }
    }
}
