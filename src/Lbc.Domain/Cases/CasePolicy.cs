// What the emergency chain (DOMAIN.md, "The emergency chain (应急处置), per category") allows a duty officer
// to record next. DOMAIN.md leaves these points open; this is how they are settled here:
//
//  1. Order of the refusals. A closed case refuses everything ("case-closed"); then a step the category
//     has no use for ("not valid for this category"); then a step already done ("already done", 409);
//     then a step whose prerequisite is missing ("not valid in this state"). So search_started on a
//     closed living_alone case says "closed", not "wrong category": the most final fact first.
//  2. Step 1 ("accept and dispatch at once") applies to every category: dispatched needs acknowledged,
//     on_scene needs dispatched, and every later police step needs at least acknowledged.
//  3. parents_contacted needs only acknowledged, not on_scene: the parents work away (外出务工), police
//     reach them by phone, often while officers are still on the way.
//  4. parents_contacted is for living_alone, guardian_incapable and guardian_neglect (steps 2-3) and is
//     allowed, optional, for domestic_violence (the parent at home may be the abuser; the one away may
//     take the child). Not for missing, injury or unlawful_harm: the chain names no parent step there.
//  5. "Parents unreachable" (step 4) means: the last contact had reached = false. parents_contacted may
//     be repeated while the parents are not reached ("keep trying the parents"); each attempt is a
//     timeline entry and a version; after a successful contact it is "already done", and who did it is
//     the contact that reached them. The stage clock stops at the first attempt (as before).
//  6. child_escorted is allowed for every category, once, after officers are on scene: for living_alone,
//     guardian_incapable and guardian_neglect only after a contact that did not reach the parents (and
//     then it is what the chain asks next); for domestic_violence, injury and unlawful_harm when officers
//     judge it needed (optional); for missing only after child_found (the found child is with police;
//     on_scene is not required, the scene of a missing child is wherever it is found).
//  7. search_started needs acknowledged, not dispatched or on_scene: the rapid search (快速查找机制) is a
//     broadcast the duty officer launches from the console at once. child_found needs search_started.
//  8. township_notified needs acknowledged only: the township is told of the report and its handling
//     (step 8) within 24 h, whatever the chain has reached by then.
//  9. closed needs township_notified (every report is notified) and the child safe by the category's
//     chain: missing, the child found; living_alone / guardian_incapable / guardian_neglect, officers on
//     scene and either the parents reached or the child escorted to temporary care; domestic_violence,
//     injury, unlawful_harm, officers on scene. Closing does not wait for the township's assessment (the
//     township's work, with its own clocks): a case closed before its township part is finished stays a
//     follow-up on the civil-affairs board, its assessment clocks running, its assessment and service events
//     still applied (CaseBook, follow-ups).
// 10. Serious harm (step 6) applies to domestic_violence only, as written: a step reporting serious_harm
//     or no_carer asks for placement.requested with the same command, unless a placement was already
//     requested for the case (one request per case; civil affairs moves the child between places).
//     injury and unlawful_harm may still request a placement; the policy does not demand it.
// 11. Every step recorded by hand carries its actor; steps from other producers (police intake systems)
//     may not, and then the producer stands in for who acted.
// 12. assessment.* is the township's step and not a police command: refused as "not a police step".

namespace Lbc.Domain.Cases;

/// <summary>
/// Pure rules of the emergency chain for the police duty officer's console: whether a step is allowed now
/// (<see cref="Check(CaseState, CaseStage)"/>), and the steps valid now in the order to take them
/// (<see cref="NextSteps"/>). No state of its own: the server calls it under the projection's lock with the
/// case it is about to append to.
/// </summary>
public static partial class CasePolicy
{
    private static readonly CaseStage[] s_parentsChain =
    [
        CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ParentsContacted,
        CaseStage.ChildEscorted, CaseStage.TownshipNotified, CaseStage.Closed,
    ];

    // Unreachable parents: get the child into care first, then keep trying the parents (step 4).
    private static readonly CaseStage[] s_parentsUnreachableChain =
    [
        CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ChildEscorted,
        CaseStage.ParentsContacted, CaseStage.TownshipNotified, CaseStage.Closed,
    ];

    // The rapid search before officers reach the last-seen place: every minute widens the area.
    private static readonly CaseStage[] s_missingChain =
    [
        CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.SearchStarted, CaseStage.OnScene,
        CaseStage.ChildFound, CaseStage.ChildEscorted, CaseStage.TownshipNotified, CaseStage.Closed,
    ];

    private static readonly CaseStage[] s_violenceChain =
    [
        CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ChildEscorted,
        CaseStage.ParentsContacted, CaseStage.TownshipNotified, CaseStage.Closed,
    ];

    private static readonly CaseStage[] s_harmChain =
    [
        CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ChildEscorted,
        CaseStage.TownshipNotified, CaseStage.Closed,
    ];

    /// <summary>The decision for a <c>case.*</c> event type; any other type is "not a police step".</summary>
    public static PolicyDecision Check(CaseState c, string eventType) =>
        CaseSteps.TryGetStage(eventType, out var stage)
            ? Check(c, stage)
            : new PolicyDecision(CaseStage.Received, PolicyVerdict.NotAPoliceStep, "not-a-police-step",
                $"{eventType} is not a police step (case.*)", null);

    /// <summary>Whether <paramref name="step"/> may be recorded on <paramref name="c"/> now, and if not, the rule that refuses it.</summary>
    public static PolicyDecision Check(CaseState c, CaseStage step)
    {
        if (!CaseSteps.IsPoliceStep(step))
        {
            return new PolicyDecision(step, PolicyVerdict.NotAPoliceStep, "not-a-police-step",
                $"{Word(step)} is not recorded by police", null);
        }
        if (c.IsClosed)
        {
            return new PolicyDecision(step, PolicyVerdict.CaseClosed, "case-closed",
                "the case is closed; nothing more is recorded on it", c.WhoDid(CaseStage.Closed));
        }
        return CategoryRefusal(c, step) ?? AlreadyDone(c, step) ?? StateRefusal(c, step) ?? PolicyDecision.Allow(step);
    }

    /// <summary>
    /// The steps valid now, in the order a duty officer should take them for this category (the first is
    /// what to do next). Empty for a closed case.
    /// </summary>
    public static IReadOnlyList<NextStep> NextSteps(CaseState c)
    {
        var steps = new List<NextStep>();
        if (c.IsClosed)
        {
            return steps;
        }
        foreach (var stage in ChainOf(c))
        {
            if (Check(c, stage).IsAllowed)
            {
                steps.Add(new NextStep(stage, CaseSteps.TypeOf(stage), IsOptional(c, stage)));
            }
        }
        return steps;
    }

    private static CaseStage[] ChainOf(CaseState c) => c.Category switch
    {
        ReportCategory.Missing => s_missingChain,
        ReportCategory.DomesticViolence => s_violenceChain,
        ReportCategory.Injury or ReportCategory.UnlawfulHarm => s_harmChain,
        _ => c.ParentsReached == false ? s_parentsUnreachableChain : s_parentsChain,
    };

    /// <summary>Allowed but up to the officer: escort where the chain does not demand it, parents for domestic violence.</summary>
    private static bool IsOptional(CaseState c, CaseStage stage) => stage switch
    {
        CaseStage.ChildEscorted => !CaseVocabulary.NeedsParentsContacted(c.Category),
        CaseStage.ParentsContacted => c.Category == ReportCategory.DomesticViolence,
        _ => false,
    };

    private static PolicyDecision? CategoryRefusal(CaseState c, CaseStage step) => step switch
    {
        CaseStage.SearchStarted or CaseStage.ChildFound when c.Category != ReportCategory.Missing =>
            NotForCategory(c, step, "search-missing-only",
                "the rapid missing-child search (step 5) is for missing children only"),
        CaseStage.ParentsContacted when !CaseVocabulary.NeedsParentsContacted(c.Category)
            && c.Category != ReportCategory.DomesticViolence =>
            NotForCategory(c, step, "parents-contact-categories",
                "contacting the parents (steps 2-4) is for living_alone, guardian_incapable, guardian_neglect and domestic_violence"),
        _ => null,
    };

    private static PolicyDecision? AlreadyDone(CaseState c, CaseStage step)
    {
        var done = step == CaseStage.ParentsContacted ? c.ParentsReached == true : c.DoneAt(step) is not null;
        if (!done)
        {
            return null;
        }
        var by = c.WhoDid(step);
        var reason = step == CaseStage.ParentsContacted ? "the parents were already reached" : $"{Word(step)} is already recorded";
        return new PolicyDecision(step, PolicyVerdict.AlreadyDone, "already-done",
            by is null ? reason : $"{reason} by {by.ActedByName} at {by.At:u}", by);
    }

    private static PolicyDecision? StateRefusal(CaseState c, CaseStage step) => step switch
    {
        CaseStage.Acknowledged => null,
        CaseStage.Dispatched => Needs(c, step, CaseStage.Acknowledged, "dispatch-after-acknowledge"),
        CaseStage.OnScene => Needs(c, step, CaseStage.Dispatched, "on-scene-after-dispatch"),
        CaseStage.ParentsContacted => Needs(c, step, CaseStage.Acknowledged, "parents-after-acknowledge"),
        CaseStage.SearchStarted => Needs(c, step, CaseStage.Acknowledged, "search-after-acknowledge"),
        CaseStage.ChildFound => Needs(c, step, CaseStage.SearchStarted, "found-after-search"),
        CaseStage.ChildEscorted => EscortRefusal(c),
        CaseStage.TownshipNotified => Needs(c, step, CaseStage.Acknowledged, "notify-after-acknowledge"),
        CaseStage.Closed => CloseRefusal(c),
        _ => null,
    };

    private static PolicyDecision? EscortRefusal(CaseState c)
    {
        const CaseStage step = CaseStage.ChildEscorted;
        if (c.Category == ReportCategory.Missing)
        {
            return Needs(c, step, CaseStage.ChildFound, "escort-after-found");
        }
        if (Needs(c, step, CaseStage.OnScene, "escort-after-on-scene") is { } notThere)
        {
            return notThere;
        }
        if (!CaseVocabulary.NeedsParentsContacted(c.Category))
        {
            return null;
        }
        return c.ParentsReached switch
        {
            null => NotInState(step, "escort-when-parents-unreachable",
                "escort to temporary care is for parents who cannot be reached (step 4): record parents_contacted first"),
            true => NotInState(step, "escort-when-parents-unreachable",
                "the parents were reached: they return or entrust a relative (steps 2-3), police do not escort"),
            false => null,
        };
    }

    private static PolicyDecision? CloseRefusal(CaseState c)
    {
        const CaseStage step = CaseStage.Closed;
        if (Needs(c, step, CaseStage.TownshipNotified, "close-after-township-notified") is { } notNotified)
        {
            return notNotified;
        }
        if (c.Category == ReportCategory.Missing)
        {
            return Needs(c, step, CaseStage.ChildFound, "close-after-child-found");
        }
        if (Needs(c, step, CaseStage.OnScene, "close-after-on-scene") is { } notThere)
        {
            return notThere;
        }
        if (CaseVocabulary.NeedsParentsContacted(c.Category)
            && c.ParentsReached != true && c.DoneAt(CaseStage.ChildEscorted) is null)
        {
            return NotInState(step, "close-child-in-care",
                "the child is not in anyone's care yet: reach the parents or escort the child to temporary care (steps 2-4)");
        }
        return null;
    }

    private static PolicyDecision? Needs(CaseState c, CaseStage step, CaseStage before, string rule) =>
        c.DoneAt(before) is null
            ? NotInState(step, rule, $"{Word(step)} needs {Word(before)} first")
            : null;

    private static PolicyDecision NotInState(CaseStage step, string rule, string reason) =>
        new(step, PolicyVerdict.NotValidInState, rule, reason, null);

    private static PolicyDecision NotForCategory(CaseState c, CaseStage step, string rule, string reason) =>
        new(step, PolicyVerdict.NotValidForCategory, rule,
            $"{Word(step)} is not a step for {CaseVocabulary.Categories.WordOf(c.Category)}: {reason}", null);

    private static string Word(CaseStage stage) => CaseVocabulary.Stages.WordOf(stage);
}
