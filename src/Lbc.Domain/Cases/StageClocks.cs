using Lbc.Domain.Rules;

namespace Lbc.Domain.Cases;

public enum ClockState : byte
{
    Pending,
    Done,
    DoneLate,
    Breached,
}

/// <summary>How the console paints a stage clock (DOMAIN.md, rules for the role views).</summary>
public enum ClockColour : byte
{
    /// <summary>More than the amber fraction of the stage's time is left.</summary>
    Green,

    /// <summary>In the last fraction (a fifth by default) of the stage's time, not yet breached.</summary>
    Amber,

    /// <summary>Breached: past due and not done.</summary>
    Red,

    /// <summary>Done, on time or late: nothing left to act on.</summary>
    Done,
}

/// <summary>The clock of one stage at one instant.</summary>
public readonly record struct StageClock(CaseStage Stage, DateTimeOffset Due, DateTimeOffset? DoneAt, ClockState State);

/// <summary>
/// Which stages of a case run against a clock and when each is due (DOMAIN.md: police stages from
/// receipt; assessment stages from the township's notification, planned from the notification SLA
/// until it happens).
/// </summary>
public static class StageClocks
{
    private static readonly CaseStage[] s_policeStages =
        [CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ParentsContacted, CaseStage.TownshipNotified];

    private static readonly CaseStage[] s_townshipStages = [CaseStage.AssessmentOpened, CaseStage.AssessmentCompleted];

    /// <summary>The assessment stages: the township's work, clocked from its notification.</summary>
    public static bool IsTownshipStage(CaseStage stage) => stage is CaseStage.AssessmentOpened or CaseStage.AssessmentCompleted;

    public static IEnumerable<CaseStage> ClockedStages(ReportCategory category)
    {
        foreach (var stage in s_policeStages)
        {
            if (stage != CaseStage.ParentsContacted || CaseVocabulary.NeedsParentsContacted(category))
            {
                yield return stage;
            }
        }
        foreach (var stage in s_townshipStages)
        {
            yield return stage;
        }
    }

    public static DateTimeOffset DueOf(CaseState c, CaseStage stage, RuleSettings rules)
    {
        var sla = rules.SlaOf(stage) ?? throw new ArgumentException($"Stage {stage} has no clock", nameof(stage));
        if (stage is CaseStage.AssessmentOpened or CaseStage.AssessmentCompleted)
        {
            var notified = c.DoneAt(CaseStage.TownshipNotified) ?? c.ReceivedAt + rules.TownshipNotified;
            return notified + sla;
        }
        return c.ReceivedAt + sla;
    }

    public static StageClock Evaluate(CaseState c, CaseStage stage, RuleSettings rules, DateTimeOffset now)
    {
        var due = DueOf(c, stage, rules);
        var done = c.DoneAt(stage);
        // The township's clocks keep running after the police close: the assessment is still owed (follow-up).
        var state = done is DateTimeOffset at
            ? at <= due ? ClockState.Done : ClockState.DoneLate
            : now > due && (!c.IsClosed || IsTownshipStage(stage)) ? ClockState.Breached : ClockState.Pending;
        return new StageClock(stage, due, done, state);
    }

    public static IReadOnlyList<StageClock> EvaluateAll(CaseState c, RuleSettings rules, DateTimeOffset now) =>
        [.. ClockedStages(c.Category).Select(s => Evaluate(c, s, rules, now))];

    /// <summary>
    /// The colour of <paramref name="clock"/> at <paramref name="now"/>: amber once at most
    /// <paramref name="amberFraction"/> of <paramref name="sla"/> is left (the last fifth includes its first
    /// instant), red after the due instant, as <see cref="Evaluate"/> breaches.
    /// </summary>
    public static ClockColour Colour(StageClock clock, TimeSpan sla, DateTimeOffset now, double amberFraction)
    {
        if (clock.State is ClockState.Done or ClockState.DoneLate)
        {
            return ClockColour.Done;
        }
        if (clock.State == ClockState.Breached || now > clock.Due)
        {
            return ClockColour.Red;
        }
        var amberFrom = TimeSpan.FromTicks((long)Math.Round(sla.Ticks * amberFraction));
        return clock.Due - now <= amberFrom ? ClockColour.Amber : ClockColour.Green;
    }

    /// <summary>The colour with the stage's configured SLA and amber fraction.</summary>
    public static ClockColour Colour(StageClock clock, DateTimeOffset now, RuleSettings rules) =>
        Colour(clock, rules.SlaOf(clock.Stage) ?? throw new ArgumentException($"Stage {clock.Stage} has no clock", nameof(clock)),
            now, rules.ClockAmberFraction);

    public static bool IsBreached(CaseState c, RuleSettings rules, DateTimeOffset now) =>
        ClockedStages(c.Category).Any(s => Evaluate(c, s, rules, now).State == ClockState.Breached);
}
