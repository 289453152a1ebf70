using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// How a simulated case unfolds, per category (DOMAIN.md, the emergency chain). Timings are drawn so
/// that most stages meet their SLA and about one in ten does not: a picture a duty officer recognises.
/// The township's notification comes within hours rather than the full day, so a demo shows cases closing.
/// </summary>
internal static class CaseScripts
{
    public static Queue<PlannedStep> For(string category, string reportId, string townshipCode, SimulationWorld world)
    {
        var r = world.Random;
        TimeSpan Minutes(double min, double max) => TimeSpan.FromMinutes(min + r.NextDouble() * (max - min));
        var steps = new Queue<PlannedStep>();
        string? placement = null;
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
                    var institution = r.NextDouble() < 0.4 ? NearbyInstitution(world, townshipCode) : null;
                    steps.Enqueue(new(EventTypes.CaseChildEscorted, Minutes(10, 50), w =>
                    {
                        w.WriteString("to", institution is null ? (r.NextDouble() < 0.7 ? "relatives" : "village_committee") : "institution");
                        if (institution is not null)
                        {
                            w.WriteString("institution_id", institution);
                        }
                    }));
                    if (institution is not null)
                    {
                        placement = PlacementSteps(steps, reportId, townshipCode, institution, Minutes);
                    }
                }
                break;
            }
            case "domestic_violence" when r.NextDouble() < 0.4 && NearbyInstitution(world, townshipCode) is { } shelter:
                // Serious injury or no one to care for the child: civil affairs places the child (chain step 6).
                placement = PlacementSteps(steps, reportId, townshipCode, shelter, Minutes);
                break;
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
        if (placement is not null)
        {
            // Temporary care outlasts the police case: the child goes home or to relatives hours later.
            steps.Enqueue(new(EventTypes.PlacementEnded, Minutes(60, 240), w =>
            {
                w.WriteString("placement_id", placement);
                w.WriteString("reason", r.NextDouble() < 0.7 ? "returned_to_guardian" : "placed_with_relatives");
            }));
        }
        return steps;
    }

    private static string PlacementSteps(Queue<PlannedStep> steps, string reportId, string townshipCode, string institution,
        Func<double, double, TimeSpan> minutes)
    {
        var placement = "P-" + reportId;
        steps.Enqueue(new(EventTypes.PlacementRequested, minutes(1, 8), w =>
        {
            w.WriteString("placement_id", placement);
            w.WriteString("township_code", townshipCode);
        }));
        steps.Enqueue(new(EventTypes.PlacementAssigned, minutes(5, 40), w =>
        {
            w.WriteString("placement_id", placement);
            w.WriteString("institution_id", institution);
        }));
        steps.Enqueue(new(EventTypes.PlacementAdmitted, minutes(15, 60), w => w.WriteString("placement_id", placement)));
        return placement;
    }

    /// <summary>An institution in the child's city (region codes share the city prefix), or null when none.</summary>
    private static string? NearbyInstitution(SimulationWorld world, string townshipCode)
    {
        var city = townshipCode[..4];
        var nearby = world.Institutions.Where(i => i.Id.StartsWith("INST-" + city, StringComparison.Ordinal)).ToList();
        return nearby.Count == 0 ? null : nearby[world.Random.Next(nearby.Count)].Id;
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
