using System.Globalization;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The simulated police: reports arrive from mandated reporters, and duty officers work each case the way an officer
/// at the console does. Every step names the officer who recorded it (<c>data.actor</c>), is sent only when
/// <see cref="CasePolicy.Check(CaseState, string)"/> allows it for the case as the simulator recorded it, and an escort
/// to an institution reserves the bed with <c>placement.requested</c> and <c>placement.assigned</c>, as the dashboard's
/// command does (<c>CaseEscort</c>); a domestic-violence step that finds serious harm asks civil affairs for a place.
/// </summary>
internal sealed class PoliceWork(SimulationWorld world, EventFactory events, CareWork care, TownshipWork township)
{
    /// <summary>Share of reports of a parents category that are about a child whose guardian already had criticism and education.</summary>
    internal const double RepeatShare = 0.03;

    /// <summary>A guardian is reported again weeks after criticism and education, not the same day.</summary>
    internal static readonly TimeSpan RepeatAfter = TimeSpan.FromDays(14);

    /// <summary>Share of the other reports that name the child's ledger id.</summary>
    internal const double NamedChildShare = 0.6;

    private Random R => world.Random;

    /// <summary>A new report received at <paramref name="received"/>, and the case script that follows it.</summary>
    public void FileReport(DateTimeOffset received, List<RawEvent> batch)
    {
        var category = world.Pick(CaseScripts.Categories);
        var reporter = world.Pick(CaseScripts.Reporters);
        SimChild? child = null;
        var repeat = false;
        if (CaseScripts.IsParentsCategory(category) && world.Chance(RepeatShare) && Repeatable(received) is { } again)
        {
            child = again;
            repeat = true;
            world.Criticised[again.Id] = (again, received);
        }
        else if (world.Children.Count > 0 && world.Chance(NamedChildShare)
            && world.Children[R.Next(world.Children.Count)] is var named && !world.Criticised.ContainsKey(named.Id))
        {
            // Reports about a guardian who had criticism and education are the deliberate few above.
            child = named;
        }
        string townshipCode, village;
        if (child is { } known)
        {
            townshipCode = world.Regions.Townships[known.Township].Code;
            village = known.Village;
        }
        else
        {
            var t = world.PickTownship();
            townshipCode = t.Code;
            village = world.PickVillage(t);
        }
        var reportId = string.Create(CultureInfo.InvariantCulture,
            $"R{received:yyyyMMddHHmmss}-{townshipCode[..6]}-{++world.NextReportNumber:D4}");
        var discovered = received.AddMinutes(-R.Next(2, 90));
        var e = events.Make(EventTypes.ReportFiled, received, w =>
        {
            w.WriteString("report_id", reportId);
            w.WriteString("village_code", village);
            w.WriteString("category", category);
            w.WriteString("reporter_type", reporter);
            if (child is { } c)
            {
                w.WriteString("child_id", c.Id);
            }
            w.WriteString("discovered_at", EventTimestamps.Format(discovered));
            w.WriteString("received_at", EventTimestamps.Format(received));
        });
        if (world.Emit(e, batch) is null)
        {
            return;
        }
        var simCase = new SimCase(reportId, category, townshipCode, village, child?.Id, received)
        {
            Repeat = repeat,
            Officer = R.Next(DutyRoster.OfficersPerCity),
        };
        simCase.Plan = CaseScripts.For(simCase, world);
        Take(simCase, received);
    }

    /// <summary>A child whose guardian had criticism and education, and who has been in no case for a while; null when none.</summary>
    private SimChild? Repeatable(DateTimeOffset now)
    {
        var eligible = world.Criticised.Values.Where(c => now - c.LastCase >= RepeatAfter).Select(c => c.Child).ToList();
        return eligible.Count == 0 ? null : eligible[R.Next(eligible.Count)];
    }

    /// <summary>Starts (or, after a restart, resumes) working a case from <paramref name="from"/>.</summary>
    public void Take(SimCase simCase, DateTimeOffset from)
    {
        world.Cases[simCase.ReportId] = simCase;
        ScheduleNext(simCase, from);
    }

    private void ScheduleNext(SimCase c, DateTimeOffset from)
    {
        if (c.Plan.TryPeek(out var step))
        {
            world.Agenda.At(from + step.Delay, (at, batch) => Run(c, at, batch));
        }
        else
        {
            world.Cases.Remove(c.ReportId);
        }
    }

    private void Run(SimCase c, DateTimeOffset at, List<RawEvent> batch)
    {
        if (!world.Cases.ContainsKey(c.ReportId) || !c.Plan.TryDequeue(out var step))
        {
            return;
        }
        var state = world.Book.Find(c.ReportId);
        if (state is null)
        {
            world.Refuse($"{step.Type}: unknown case");
            world.Cases.Remove(c.ReportId);
            return;
        }
        if (step.Type == EventTypes.InterventionRecorded)
        {
            Intervene(c, step, at, batch);
        }
        else
        {
            var decision = CasePolicy.Check(state, step.Type);
            if (decision.Verdict == PolicyVerdict.CaseClosed)
            {
                world.Cases.Remove(c.ReportId);
                return;
            }
            if (decision.IsAllowed)
            {
                Step(c, state, step, at, batch);
            }
            else if (decision.Verdict != PolicyVerdict.AlreadyDone)
            {
                world.Refuse($"{step.Type}: {decision.Rule}");
            }
            // Already done: an officer at the dashboard recorded it first; the simulated one moves on to the next step.
        }
        ScheduleNext(c, at);
    }

    private Actor OfficerFor(SimCase c, PlannedStep step) =>
        world.Roster.Officer(c.TownshipCode, c.Officer + (step.Colleague ? 1 + R.Next(DutyRoster.OfficersPerCity - 1) : 0));

    private void Step(SimCase c, CaseState state, PlannedStep step, DateTimeOffset at, List<RawEvent> batch)
    {
        var officer = OfficerFor(c, step);
        var to = step.EscortTo;
        SimInstitution? institution = null;
        if (to == "institution")
        {
            institution = care.PickInstitution(c.TownshipCode, protective: c.Category is "domestic_violence" or "unlawful_harm");
            if (institution is null)
            {
                to = "relatives"; // no place of care with a free bed: a relative takes the child for now
            }
        }
        // Decided on the case as it is now, as a command is decided on the version the officer saw.
        var placementId = string.Create(CultureInfo.InvariantCulture, $"PL-{c.ReportId}-{state.Version}");
        var e = events.Make(step.Type, at, w =>
        {
            w.WriteString("report_id", c.ReportId);
            switch (step.Type)
            {
                case EventTypes.CaseParentsContacted:
                    w.WriteBoolean("reached", step.Reached);
                    break;
                case EventTypes.CaseChildEscorted:
                    w.WriteString("to", to);
                    if (institution is not null)
                    {
                        w.WriteString("institution_id", institution.Id);
                    }
                    break;
                case EventTypes.CaseClosed:
                    w.WriteString("outcome", step.Outcome ?? "handled_referred_to_township");
                    break;
            }
            if (step.SeriousHarm)
            {
                w.WriteBoolean("serious_harm", true);
            }
            if (step.NoCarer)
            {
                w.WriteBoolean("no_carer", true);
            }
            DutyRoster.Write(w, officer);
        });
        var parsed = world.Book.Parse(e, out var reason);
        var asksForPlace = parsed is CaseProgressed progressed && CasePolicy.RequiresPlacement(state, progressed);
        if (world.Emit(e, parsed, reason, batch) is null)
        {
            return;
        }
        if (asksForPlace)
        {
            // Chain step 6: serious harm or no carer in a domestic-violence case asks civil affairs for a place, with the step.
            var request = RequestPlace(c, e, placementId, officer, at, batch);
            if (request is not null)
            {
                care.Requested(request, at);
                c.WaitingPlacement = request.Id;
            }
        }
        if (institution is not null)
        {
            EscortToInstitution(c, e, placementId, institution, officer, at, batch);
        }
        switch (step.Type)
        {
            case EventTypes.CaseTownshipNotified:
                township.Notified(c, at);
                break;
            case EventTypes.CaseClosed:
                world.Cases.Remove(c.ReportId);
                break;
        }
    }

    /// <summary>
    /// The escort takes a bed at once, as the command does: the case's waiting placement is assigned, or a placement is
    /// requested and assigned with the escort.
    /// </summary>
    private void EscortToInstitution(SimCase c, RawEvent escort, string placementId, SimInstitution institution, Actor officer,
        DateTimeOffset at, List<RawEvent> batch)
    {
        SimPlacement? placement = null;
        if (c.WaitingPlacement is { } waiting && world.Placements.TryGetValue(waiting, out var p) && p.Stage == PlacementStage.Requested)
        {
            placement = p;
        }
        else
        {
            placement = RequestPlace(c, escort, placementId, officer, at, batch);
            if (placement is null)
            {
                return;
            }
            world.Placements[placement.Id] = placement;
        }
        c.WaitingPlacement = null;
        var assign = events.Companion(escort, "assign", EventTypes.PlacementAssigned, at, w =>
        {
            w.WriteString("placement_id", placement.Id);
            w.WriteString("institution_id", institution.Id);
            DutyRoster.Write(w, officer);
        });
        if (world.Emit(assign, batch) is not null)
        {
            // The officers bring the child themselves: admitted within the hour.
            care.Assigned(placement, institution, at, world.Minutes(10, 45));
        }
    }

    private SimPlacement? RequestPlace(SimCase c, RawEvent step, string placementId, Actor officer, DateTimeOffset at, List<RawEvent> batch)
    {
        var request = events.Companion(step, "placement", EventTypes.PlacementRequested, at, w =>
        {
            w.WriteString("placement_id", placementId);
            w.WriteString("report_id", c.ReportId);
            w.WriteString("township_code", c.TownshipCode);
            DutyRoster.Write(w, officer);
        });
        return world.Emit(request, batch) is null ? null
            : new SimPlacement(placementId, c.ReportId, c.TownshipCode, at) { Protective = c.Category is "domestic_violence" or "unlawful_harm" };
    }

    /// <summary>A measure against the guardian recorded on the case (监护干预), by the officer who took it.</summary>
    private void Intervene(SimCase c, PlannedStep step, DateTimeOffset at, List<RawEvent> batch)
    {
        var officer = OfficerFor(c, step);
        var e = events.Make(EventTypes.InterventionRecorded, at, w =>
        {
            w.WriteString("report_id", c.ReportId);
            if (c.ChildId is not null)
            {
                w.WriteString("child_id", c.ChildId);
            }
            w.WriteString("measure", step.Measure);
            DutyRoster.Write(w, officer);
        });
        if (world.Emit(e, batch) is not null && step.Measure == "criticism" && c.ChildId is not null
            && world.Regions.TryGetTownship(c.TownshipCode, out var t))
        {
            world.Criticised[c.ChildId] = (new SimChild(c.ChildId, t.Index, c.Village, false), at);
        }
    }
}
