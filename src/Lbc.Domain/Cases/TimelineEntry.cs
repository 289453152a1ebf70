using Lbc.Domain.Care;
using Lbc.Domain.Events;

namespace Lbc.Domain.Cases;

/// <summary>
/// One applied event on a case, as the case view lists it and as a refused command names who acted first
/// (409 <c>actedBy</c>, <c>at</c>). <see cref="Stage"/> is the stage the event records, null for a service,
/// an intervention or a placement request. Only the details that event type carries are set.
/// </summary>
public sealed record TimelineEntry(string EventId, string Type, DateTimeOffset At, string Src, Actor? Actor, CaseStage? Stage)
{
    public bool? ParentsReached { get; init; }
    public EscortDestination? EscortedTo { get; init; }
    public string? InstitutionId { get; init; }
    public string? Outcome { get; init; }
    public RiskLevel? Risk { get; init; }

    /// <summary>The service arranged, or the services an assessment asks for.</summary>
    public IReadOnlyList<ServiceKind> Services { get; init; } = [];

    public InterventionMeasure? Measure { get; init; }
    public string? PlacementId { get; init; }
    public bool? SeriousHarm { get; init; }
    public bool? NoCarer { get; init; }

    /// <summary>Who acted: the signed-in user's name, or the producer when the event named no one.</summary>
    public string ActedBy => Actor?.Username ?? Src;

    /// <summary>What to show for who acted: the user's display name, or the producer.</summary>
    public string ActedByName => Actor?.DisplayName ?? Src;

    /// <summary>The entry an event makes on its case. Only events that belong to a case are accepted.</summary>
    public static TimelineEntry Of(DomainEvent e)
    {
        var m = e.Meta;
        return e switch
        {
            ReportFiled => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, CaseStage.Received),
            CaseProgressed p => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, p.Stage)
            {
                ParentsReached = p.ParentsReached, EscortedTo = p.EscortedTo, InstitutionId = p.InstitutionId,
                Outcome = p.Outcome, SeriousHarm = p.SeriousHarm, NoCarer = p.NoCarer,
            },
            AssessmentOpened => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, CaseStage.AssessmentOpened),
            AssessmentCompleted a => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, CaseStage.AssessmentCompleted)
            {
                Risk = a.Risk, Services = a.Services,
            },
            ServiceArranged s => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, null) { Services = [s.Service] },
            InterventionRecorded i => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, null) { Measure = i.Measure },
            PlacementRequested p => new(m.Id, m.Type, m.Ts, m.Src, m.Actor, null) { PlacementId = p.PlacementId },
            _ => throw new ArgumentException($"{m.Type} does not belong to a case", nameof(e)),
        };
    }
}
