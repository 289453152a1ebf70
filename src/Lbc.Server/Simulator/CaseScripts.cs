using Lbc.Domain.Cases;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// How a simulated case unfolds, per category (DOMAIN.md, the emergency chain), timed so that a duty officer's screen
/// looks like a working day: a report every few minutes, acknowledged and dispatched within minutes, officers on scene
/// within the hour, the township told within hours and the case closed, so that tens of cases are open at once and
/// every stage of the chain has cases in it. Most stages meet their SLA; about one in ten does not (a late
/// acknowledgement makes a late dispatch). Every step is still checked against the policy when it is due
/// (<see cref="PoliceWork"/>): a script only proposes.
/// </summary>
internal static class CaseScripts
{
    public static readonly (string Value, double Weight)[] Categories =
    [
        ("living_alone", 25), ("guardian_neglect", 20), ("guardian_incapable", 12), ("injury", 15),
        ("missing", 10), ("domestic_violence", 12), ("unlawful_harm", 6),
    ];

    public static readonly (string Value, double Weight)[] Reporters =
    [
        ("school", 30), ("village_committee", 25), ("medical", 12), ("citizen", 10), ("kindergarten", 5),
        ("social_work", 5), ("police", 6), ("relief_institution", 3), ("welfare_institution", 2),
        ("mass_organisation", 2),
    ];

    /// <summary>Categories where police must reach the parents (chain steps 2-4), and where a repeat case meets a revocation condition.</summary>
    public static bool IsParentsCategory(string category) =>
        category is "living_alone" or "guardian_incapable" or "guardian_neglect";

    public static Queue<PlannedStep> For(SimCase c, SimulationWorld world)
    {
        var w = world;
        var q = new Queue<PlannedStep>();
        // Chain step 1: accept and dispatch at once (SLA 5 and 10 minutes from receipt).
        var ackLate = w.Chance(0.15);
        q.Enqueue(new(EventTypes.CaseAcknowledged, ackLate ? w.Minutes(5.5, 22) : w.Minutes(1, 4.8)));
        q.Enqueue(new(EventTypes.CaseDispatched, ackLate ? w.Minutes(0.5, 3) : w.Chance(0.9) ? w.Minutes(1.5, 5) : w.Minutes(6, 16)));
        string outcome;
        switch (c.Category)
        {
            case "missing":
                outcome = Missing(q, w);
                break;
            case "living_alone" or "guardian_incapable" or "guardian_neglect":
                outcome = Parents(q, c, w);
                break;
            case "domestic_violence":
                outcome = Violence(q, w);
                break;
            default:
                outcome = Harm(q, c, w);
                break;
        }
        // Chain step 8: the township is told within hours (SLA 24 h), then the case is closed.
        q.Enqueue(new(EventTypes.CaseTownshipNotified, w.Minutes(10, 90)) { Colleague = w.Chance(0.3) });
        q.Enqueue(new(EventTypes.CaseClosed, w.Minutes(10, 60)) { Outcome = outcome });
        return q;
    }

    /// <summary>Officers on the way: most arrive well within the hour, one in ten late (rural roads, winter).</summary>
    private static TimeSpan Travel(SimulationWorld w) => w.Chance(0.9) ? w.Minutes(8, 42) : w.Minutes(50, 95);

    private static PlannedStep Escort(SimulationWorld w, string to, TimeSpan delay) => new(EventTypes.CaseChildEscorted, delay)
    {
        EscortTo = to,
        Colleague = w.Chance(0.5),
    };

    /// <summary>Chain step 5: the rapid search starts at once; most children are found within the hour, some search for hours.</summary>
    private static string Missing(Queue<PlannedStep> q, SimulationWorld w)
    {
        q.Enqueue(new(EventTypes.CaseSearchStarted, w.Minutes(0.5, 5)));
        q.Enqueue(new(EventTypes.CaseOnScene, Travel(w)) { Colleague = w.Chance(0.5) });
        var x = w.Random.NextDouble();
        q.Enqueue(new(EventTypes.CaseChildFound, x < 0.7 ? w.Minutes(10, 50) : x < 0.95 ? w.Minutes(60, 150) : w.Minutes(200, 420))
        {
            Colleague = w.Chance(0.5),
        });
        if (w.Chance(0.55))
        {
            var to = w.Pick<string>([("relatives", 70), ("village_committee", 24), ("institution", 6)]);
            q.Enqueue(Escort(w, to, w.Minutes(10, 40)));
            return to == "institution" ? "child_found_in_temporary_care" : "child_found_handed_to_" + to;
        }
        return "child_found_returned_home";
    }

    /// <summary>
    /// Chain steps 2-4: reach the parents (often by phone while officers are still on the way); when they cannot be
    /// reached, escort the child to temporary care and keep trying. Parents who are reached are admonished (训诫);
    /// some receive criticism and education, recorded as an intervention.
    /// </summary>
    private static string Parents(Queue<PlannedStep> q, SimCase c, SimulationWorld w)
    {
        var reached = w.Chance(0.72);
        if (w.Chance(0.25))
        {
            q.Enqueue(new(EventTypes.CaseParentsContacted, w.Minutes(2, 12)) { Reached = reached });
            q.Enqueue(new(EventTypes.CaseOnScene, w.Chance(0.9) ? w.Minutes(5, 30) : w.Minutes(45, 80)) { Colleague = w.Chance(0.5) });
        }
        else
        {
            q.Enqueue(new(EventTypes.CaseOnScene, Travel(w)) { Colleague = w.Chance(0.5) });
            q.Enqueue(new(EventTypes.CaseParentsContacted, w.Chance(0.9) ? w.Minutes(5, 40) : w.Minutes(70, 120)) { Reached = reached });
        }
        if (!reached)
        {
            var to = w.Pick<string>([("institution", 40), ("relatives", 40), ("village_committee", 20)]);
            q.Enqueue(Escort(w, to, w.Minutes(10, 45)));
            // Keep trying the parents (chain step 4).
            reached = w.Chance(0.7);
            q.Enqueue(new(EventTypes.CaseParentsContacted, w.Minutes(30, 150)) { Reached = reached, Colleague = w.Chance(0.4) });
            if (!reached)
            {
                return "child_in_temporary_care_parents_not_reached";
            }
        }
        var criticism = c.Repeat ? 0.9 : c.Category switch
        {
            "living_alone" => 0.2,
            "guardian_neglect" => 0.15,
            _ => 0.05,
        };
        if (w.Chance(criticism))
        {
            q.Enqueue(new(EventTypes.InterventionRecorded, w.Minutes(5, 30)) { Measure = "criticism" });
        }
        return c.Category == "living_alone" ? "parents_returning_or_guardian_entrusted" : "relative_entrusted_with_care";
    }

    /// <summary>
    /// Chain step 6: stop the violence; with serious injury or no one to care for the child, civil affairs is asked for
    /// a place (with the step that found it) and officers often take the child there themselves.
    /// </summary>
    private static string Violence(Queue<PlannedStep> q, SimulationWorld w)
    {
        var harm = w.Chance(0.4);
        var noCarer = harm && w.Chance(0.4);
        q.Enqueue(new(EventTypes.CaseOnScene, Travel(w)) { SeriousHarm = harm && !noCarer, NoCarer = noCarer, Colleague = w.Chance(0.5) });
        if (harm && w.Chance(0.55))
        {
            q.Enqueue(Escort(w, "institution", w.Minutes(15, 60)));
        }
        else if (!harm && w.Chance(0.25))
        {
            q.Enqueue(Escort(w, "relatives", w.Minutes(15, 60)));
        }
        if (w.Chance(0.35))
        {
            q.Enqueue(new(EventTypes.CaseParentsContacted, w.Minutes(10, 60)) { Reached = w.Chance(0.8) });
        }
        var measure = w.Pick<string?>([("admin_penalty", 15), ("criticism", 15), ("criminal_case", 5), (null, 65)]);
        if (measure is not null)
        {
            q.Enqueue(new(EventTypes.InterventionRecorded, w.Minutes(10, 60)) { Measure = measure });
        }
        return harm ? "violence_stopped_child_in_protective_care" : "violence_stopped_referred";
    }

    /// <summary>Chain step 7: stop it, protect the child, collect evidence, medical care.</summary>
    private static string Harm(Queue<PlannedStep> q, SimCase c, SimulationWorld w)
    {
        q.Enqueue(new(EventTypes.CaseOnScene, Travel(w)) { Colleague = w.Chance(0.5) });
        if (w.Chance(0.2))
        {
            q.Enqueue(Escort(w, w.Pick<string>([("institution", 35), ("relatives", 45), ("village_committee", 20)]), w.Minutes(15, 60)));
        }
        if (c.Category == "unlawful_harm" && w.Chance(0.15))
        {
            q.Enqueue(new(EventTypes.InterventionRecorded, w.Minutes(20, 90)) { Measure = "criminal_case" });
        }
        return c.Category == "injury" ? "medical_care_evidence_collected" : "evidence_collected_case_transferred";
    }

    /// <summary>
    /// What is left to do on a case the simulator finds open after a restart: the chain's remaining required steps, in
    /// order, a few minutes apart. Each is still checked when due.
    /// </summary>
    public static Queue<PlannedStep> Remaining(CaseState c, SimulationWorld w)
    {
        var q = new Queue<PlannedStep>();
        void Add(CaseStage stage, PlannedStep step)
        {
            if (c.DoneAt(stage) is null)
            {
                q.Enqueue(step);
            }
        }
        Add(CaseStage.Acknowledged, new(EventTypes.CaseAcknowledged, w.Minutes(0.5, 3)));
        Add(CaseStage.Dispatched, new(EventTypes.CaseDispatched, w.Minutes(0.5, 3)));
        if (c.Category == ReportCategory.Missing)
        {
            Add(CaseStage.SearchStarted, new(EventTypes.CaseSearchStarted, w.Minutes(0.5, 3)));
            Add(CaseStage.OnScene, new(EventTypes.CaseOnScene, w.Minutes(5, 30)));
            Add(CaseStage.ChildFound, new(EventTypes.CaseChildFound, w.Minutes(10, 90)));
        }
        else
        {
            Add(CaseStage.OnScene, new(EventTypes.CaseOnScene, w.Minutes(5, 30)));
        }
        if (CaseVocabulary.NeedsParentsContacted(c.Category) && c.ParentsReached != true && c.DoneAt(CaseStage.ChildEscorted) is null)
        {
            q.Enqueue(new(EventTypes.CaseParentsContacted, w.Minutes(5, 30)) { Reached = true });
        }
        Add(CaseStage.TownshipNotified, new(EventTypes.CaseTownshipNotified, w.Minutes(5, 40)));
        q.Enqueue(new(EventTypes.CaseClosed, w.Minutes(5, 30)) { Outcome = "handled_referred_to_township" });
        return q;
    }
}
