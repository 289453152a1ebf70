namespace Lbc.Domain.Cases;

/// <summary>What <see cref="CasePolicy.Check(CaseState, CaseStage)"/> says about a requested step.</summary>
public enum PolicyVerdict : byte
{
    Allowed,

    /// <summary>Someone already recorded this step (answer 409 with <see cref="PolicyDecision.DoneBy"/>).</summary>
    AlreadyDone,

    /// <summary>The step is right for the category but not yet (or no longer) valid in this case's state.</summary>
    NotValidInState,

    /// <summary>The emergency chain has no such step for this category.</summary>
    NotValidForCategory,

    /// <summary>The case is closed; <see cref="PolicyDecision.DoneBy"/> is the closing entry.</summary>
    CaseClosed,

    /// <summary>Not a step police record (<c>case.*</c>): the report itself or the township's assessment.</summary>
    NotAPoliceStep,
}

/// <summary>
/// The policy's answer for one step: allowed, or refused with the <see cref="Rule"/> that refuses it (a
/// stable id, for the 400 ProblemDetails and for tests) and a <see cref="Reason"/> in words for the officer.
/// </summary>
public sealed record PolicyDecision(CaseStage Stage, PolicyVerdict Verdict, string? Rule, string? Reason, TimelineEntry? DoneBy)
{
    public bool IsAllowed => Verdict == PolicyVerdict.Allowed;

    internal static PolicyDecision Allow(CaseStage stage) => new(stage, PolicyVerdict.Allowed, null, null, null);
}

/// <summary>A step the duty officer may take now; <see cref="Optional"/> when the chain allows it but does not ask for it.</summary>
public sealed record NextStep(CaseStage Stage, string EventType, bool Optional);
