using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// How a simulated case unfolds, per category (DOMAIN.md, the emergency chain). Timings are drawn so
/// that most stages meet their SLA and about one in ten does not: a picture a duty officer recognises.
/// The township's notification comes within hours rather than the full day, so a demo shows cases closing.
/// </summary>
internal static class CaseScripts
{
    public static Queue<PlannedStep> For(string category, string reportId, SimulationWorld world)
    {
        var r = world.Random;
        TimeSpan Minutes(double min, double max) => TimeSpan.FromMinutes(min + r.NextDouble() * (max - min));
        var steps = new Queue<PlannedStep>();
        steps.Enqueue(new(EventTypes.CaseAcknowledged, Minutes(0.3, r.NextDouble() < 0.9 ? 4.5 : 9)));
        steps.Enqueue(new(EventTypes.CaseDispatched, Minutes(0.5, r.NextDouble() < 0.9 ? 4 : 12)));
        steps.Enqueue(new(EventTypes.CaseOnScene, Minutes(8, r.NextDouble() < 0.9 ? 45 : 90)));
        switch (category)
        {
            case "living_alone" or "guardian_incapable" or "guardian_neglect":
            {
                var reached = r.NextDouble() < 0.75;
                steps.Enqueue(new(EventTypes.CaseParentsContacted, Minutes(5, 60), w => w.WriteBoolean("reached", reached)));
                if (!reached)
                {
                    var institution = world.Institutions.Count > 0 && r.NextDouble() < 0.4
                        ? world.Institutions[r.Next(world.Institutions.Count)].Id
                        : null;
                    steps.Enqueue(new(EventTypes.CaseChildEscorted, Minutes(10, 50), w =>
                    {
                        w.WriteString("to", institution is null ? (r.NextDouble() < 0.7 ? "relatives" : "village_committee") : "institution");
                        if (institution is not null)
                        {
                            w.WriteString("institution_id", institution);
                        }
                    }));
                }
                break;
            }
            case "missing":
                steps.Enqueue(new(EventTypes.CaseSearchStarted, Minutes(1, 10)));
                steps.Enqueue(new(EventTypes.CaseChildFound, Minutes(20, 240)));
                break;
        }
        steps.Enqueue(new(EventTypes.CaseTownshipNotified, Minutes(20, 240)));
        steps.Enqueue(new(EventTypes.CaseClosed, Minutes(10, 60), w => w.WriteString("outcome", category switch
        {
            "missing" => "child_found_returned_home",
            "living_alone" => "guardian_arranged",
            "domestic_violence" => "violence_stopped_referred",
            _ => "handled_referred_to_township",
        })));
        return steps;
    }

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
}
