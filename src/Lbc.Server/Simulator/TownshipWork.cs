using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The township's work after police notify it (emergency chain step 8), on its own clocks that keep running after the
/// police case is closed: the assessment opened (within 3 days, some late), completed with a risk level and the services
/// to arrange (within 15 days, some late), each service arranged; and for a child whose guardian already had criticism
/// and education, now and then a petition to revoke guardianship (county civil affairs) and rarely a new guardian.
/// </summary>
internal sealed class TownshipWork(SimulationWorld world, EventFactory events)
{
    private Random R => world.Random;

    public void Notified(SimCase c, DateTimeOffset notifiedAt)
    {
        var x = R.NextDouble();
        // Urgent cases are opened within the hour or two, most within days, one in ten after the 3-day target.
        var opened = x < 0.2 ? world.Minutes(15, 90) : x < 0.9 ? world.Hours(3, 60) : world.Hours(73, 110);
        var completed = world.Chance(0.9) ? world.Hours(48, 14 * 24) : world.Hours(15.5 * 24, 20 * 24);
        if (completed <= opened)
        {
            completed = opened + world.Hours(4, 48);
        }
        Schedule(c.ReportId, c.Category, c.Repeat, notifiedAt + opened, notifiedAt + completed);
        if (c.Repeat && world.Chance(0.3))
        {
            SchedulePetition(c.ReportId, c.ChildId, c.TownshipCode, notifiedAt + world.Hours(2, 48));
        }
    }

    /// <summary>The assessment's steps still to come (after a restart, the ones not yet in the log).</summary>
    public void Schedule(string reportId, string category, bool repeat, DateTimeOffset? openAt, DateTimeOffset completeAt)
    {
        if (openAt is { } open)
        {
            world.Agenda.At(open, (t, batch) => world.Emit(events.Make(EventTypes.AssessmentOpened, t, w => w.WriteString("report_id", reportId)), batch));
        }
        world.Agenda.At(completeAt, (t, batch) => Complete(reportId, category, repeat, t, batch));
    }

    private void Complete(string reportId, string category, bool repeat, DateTimeOffset at, List<RawEvent> batch)
    {
        var risk = repeat ? world.Pick<string>([("high", 40), ("medium", 45), ("low", 15)]) : category switch
        {
            "domestic_violence" or "unlawful_harm" or "injury" => world.Pick<string>([("high", 30), ("medium", 45), ("low", 25)]),
            "missing" => world.Pick<string>([("high", 10), ("medium", 40), ("low", 50)]),
            _ => world.Pick<string>([("high", 15), ("medium", 45), ("low", 40)]),
        };
        var services = ServicesFor(category, risk);
        var e = events.Make(EventTypes.AssessmentCompleted, at, w =>
        {
            w.WriteString("report_id", reportId);
            w.WriteString("risk_level", risk);
            w.WriteStartArray("services");
            foreach (var s in services)
            {
                w.WriteStringValue(s);
            }
            w.WriteEndArray();
        });
        if (world.Emit(e, batch) is null)
        {
            return;
        }
        foreach (var service in services)
        {
            world.Agenda.At(at + world.Hours(2, 72), (t, b) => world.Emit(events.Make(EventTypes.ServiceArranged, t, w =>
            {
                w.WriteString("report_id", reportId);
                w.WriteString("service", service);
            }), b));
        }
    }

    private List<string> ServicesFor(string category, string risk)
    {
        var services = new List<string>();
        void Maybe(string service, double p)
        {
            if (world.Chance(risk == "high" ? Math.Min(1, p + 0.3) : risk == "low" ? p * 0.5 : p))
            {
                services.Add(service);
            }
        }
        switch (category)
        {
            case "domestic_violence":
                Maybe("psychological", 0.8);
                Maybe("legal_aid", 0.5);
                Maybe("medical", 0.5);
                Maybe("guardianship_guidance", 0.6);
                break;
            case "injury":
                Maybe("medical", 0.9);
                Maybe("psychological", 0.4);
                Maybe("guardianship_guidance", 0.4);
                break;
            case "unlawful_harm":
                Maybe("legal_aid", 0.7);
                Maybe("psychological", 0.8);
                Maybe("legal_services", 0.4);
                break;
            case "missing":
                Maybe("guardianship_guidance", 0.7);
                Maybe("psychological", 0.5);
                Maybe("behaviour_correction", 0.3);
                break;
            default:
                Maybe("guardianship_guidance", 0.9);
                Maybe("social_assistance", 0.4);
                Maybe("psychological", 0.3);
                Maybe("behaviour_correction", 0.1);
                break;
        }
        return services;
    }

    /// <summary>
    /// A guardian who left the child unattended again after criticism and education (revocation condition a): county
    /// civil affairs petitions the court to revoke guardianship; the court appoints a new guardian weeks later, sometimes.
    /// </summary>
    private void SchedulePetition(string reportId, string? childId, string townshipCode, DateTimeOffset at)
    {
        var coordinator = world.Roster.Coordinator(townshipCode);
        world.Agenda.At(at, (t, batch) =>
        {
            var petition = events.Make(EventTypes.InterventionRecorded, t, w =>
            {
                w.WriteString("report_id", reportId);
                if (childId is not null)
                {
                    w.WriteString("child_id", childId);
                }
                w.WriteString("measure", "revocation_petition");
                DutyRoster.Write(w, coordinator);
            });
            if (world.Emit(petition, batch) is null || childId is null || !world.Chance(0.3))
            {
                return;
            }
            world.Agenda.At(t + world.Hours(5 * 24, 20 * 24), (t2, b2) => world.Emit(events.Make(EventTypes.InterventionRecorded, t2, w =>
            {
                w.WriteString("child_id", childId);
                w.WriteString("measure", "new_guardian_appointed");
                DutyRoster.Write(w, coordinator);
            }), b2));
        });
    }
}
