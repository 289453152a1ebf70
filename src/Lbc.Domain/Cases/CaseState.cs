using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Cases;

/// <summary>One mandatory report and everything done about it, as the projection holds it.</summary>
public sealed class CaseState(
    string reportId, ReportCategory category, ReporterType reporter, string townshipCode, string? villageCode,
    GeoPoint location, bool locationApproximate, DateTimeOffset receivedAt, DateTimeOffset? discoveredAt, string? childId)
{
    private readonly DateTimeOffset?[] _doneAt = new DateTimeOffset?[Enum.GetValues<CaseStage>().Length];
    private readonly List<TimelineEntry> _timeline = [];

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

    /// <summary>The report's sealed personal data (an opaque blob, opened only by an audited reveal), if it carried any.</summary>
    public string? PersonalSealed { get; set; }

    /// <summary>The surname mask written at ingest (when the deployment allows it) and the child's age band at the report.</summary>
    public string? DisplayMask { get; set; }

    public Personal.AgeBand? AgeBand { get; set; }

    public bool? ParentsReached { get; set; }
    public EscortDestination? EscortedTo { get; set; }
    public string? EscortInstitutionId { get; set; }
    public string? Outcome { get; set; }
    public RiskLevel? Risk { get; set; }

    /// <summary>Services arranged (<c>service.arranged</c>), in the order arranged.</summary>
    public List<ServiceKind> Services { get; } = [];

    /// <summary>Services the completed assessment asked for (<c>assessment.completed</c>'s list), distinct.</summary>
    public List<ServiceKind> ServicesAsked { get; } = [];

    public List<InterventionMeasure> Interventions { get; } = [];

    public bool IsClosed => _doneAt[(int)CaseStage.Closed] is not null;

    /// <summary>The township's part has begun: it was notified, or an assessment step or a service was recorded.</summary>
    public bool TownshipStarted =>
        _doneAt[(int)CaseStage.TownshipNotified] is not null || _doneAt[(int)CaseStage.AssessmentOpened] is not null
        || Services.Count > 0;

    /// <summary>The township's part is finished: the assessment is completed and every service it asked for is arranged.</summary>
    public bool TownshipDone =>
        _doneAt[(int)CaseStage.AssessmentCompleted] is not null && ServicesAsked.TrueForAll(Services.Contains);

    /// <summary>
    /// 1 when the report is filed, +1 for every event that changed the case: the number of timeline entries.
    /// A command names the version it was decided on; a moved version means someone else acted meanwhile.
    /// </summary>
    public int Version => _timeline.Count;

    /// <summary>Every applied event on the case, in the order applied (log order).</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Civil affairs was asked to place the child (a <c>placement.requested</c> naming this case).</summary>
    public bool PlacementRequested => _timeline.Exists(e => e.Type == EventTypes.PlacementRequested);

    public DateTimeOffset? DoneAt(CaseStage stage) => _doneAt[(int)stage];

    /// <summary>
    /// The entry that did a stage, for "already done by whom and when": the event that first recorded it;
    /// for <see cref="CaseStage.ParentsContacted"/> once the parents were reached, the contact that reached
    /// them (the earlier failed attempts did not do what the step is for). Null when not done.
    /// </summary>
    public TimelineEntry? WhoDid(CaseStage stage)
    {
        if (stage == CaseStage.ParentsContacted && ParentsReached == true)
        {
            return _timeline.Find(e => e.Stage == stage && e.ParentsReached == true);
        }
        // assessment.completed also opens an assessment never opened on its own.
        return _timeline.Find(e => e.Stage == stage
            || (stage == CaseStage.AssessmentOpened && e.Stage == CaseStage.AssessmentCompleted));
    }

    internal void Record(TimelineEntry entry) => _timeline.Add(entry);

    /// <summary>Records a stage once; the first time counts (a repeated step does not move the clock).</summary>
    internal bool MarkDone(CaseStage stage, DateTimeOffset at)
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
