using System.Globalization;
using Lbc.Domain.Care;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The simulated civil-affairs side (the placement coordinator's board): children waiting for temporary care (some past
/// the 2-hour target while every nearby place is full), assigned, admitted and going home days later for a stated
/// reason; institutions reporting their beds every few hours, some full or closed to admissions for a while, and now
/// and then one that stops reporting for more than a day (stale on the board).
/// </summary>
internal sealed class CareWork(SimulationWorld world, EventFactory events)
{
    /// <summary>Mean minutes between placement requests that come from townships and village committees rather than police.</summary>
    internal const double StandaloneRequestEveryMinutes = 90;

    private static readonly (string Reason, double Weight)[] s_endReasons =
    [
        ("returned_to_parents", 50), ("returned_to_relatives", 30), ("new_guardian_appointed", 5), ("other", 15),
    ];

    private Random R => world.Random;

    /// <summary>
    /// The place an officer or a coordinator would choose from the board: accepting with a free bed, in the child's city;
    /// a protective place first when the child needs protection from home, then the child's own county.
    /// </summary>
    public SimInstitution? PickInstitution(string townshipCode, bool protective)
    {
        var city = townshipCode[..4];
        var county = townshipCode[..6];
        var best = int.MaxValue;
        var choices = new List<SimInstitution>();
        foreach (var i in world.Institutions)
        {
            if (!i.TemporaryCare || !i.TakesChildren || !i.RegionCode.StartsWith(city, StringComparison.Ordinal))
            {
                continue;
            }
            // A place with a single bed left is the last resort: the coordinator keeps it for the next emergency.
            var score = (protective && !i.Protective ? 4 : 0) + (i.Free < 2 ? 2 : 0) + (i.RegionCode == county ? 0 : 1);
            if (score < best)
            {
                best = score;
                choices.Clear();
            }
            if (score == best)
            {
                choices.Add(i);
            }
        }
        return choices.Count == 0 ? null : choices[R.Next(choices.Count)];
    }

    /// <summary>A request from a township or village committee for a child with no one to care for them (no police case).</summary>
    public void RequestWithoutCase(DateTimeOffset at, List<RawEvent> batch)
    {
        var township = world.PickTownship();
        var id = string.Create(CultureInfo.InvariantCulture, $"PL-{township.Code}-{at:yyyyMMddHHmm}-{++world.NextPlacementNumber:D4}");
        var e = events.Make(EventTypes.PlacementRequested, at, w =>
        {
            w.WriteString("placement_id", id);
            w.WriteString("township_code", township.Code);
        });
        if (world.Emit(e, batch) is not null)
        {
            Requested(new SimPlacement(id, null, township.Code, at), at);
        }
    }

    /// <summary>
    /// A child is waiting: the coordinator finds a place within the 2-hour target most of the time, not always; now and
    /// then the parents come back first and the request is withdrawn. Police may bring the child to a place first.
    /// </summary>
    public void Requested(SimPlacement p, DateTimeOffset at)
    {
        world.Placements[p.Id] = p;
        if (world.Chance(0.06))
        {
            world.Agenda.At(at + world.Minutes(30, 150), (t, batch) =>
            {
                if (p.Stage == PlacementStage.Requested)
                {
                    End(p, t, "returned_to_parents", batch);
                }
            });
        }
        var wait = world.Chance(0.6) ? world.Minutes(15, 100) : world.Minutes(125, 330);
        world.Agenda.At(at + wait, (t, batch) => TryAssign(p, t, batch));
    }

    private void TryAssign(SimPlacement p, DateTimeOffset at, List<RawEvent> batch)
    {
        if (p.Stage != PlacementStage.Requested || !world.Placements.ContainsKey(p.Id))
        {
            return;
        }
        var institution = PickInstitution(p.TownshipCode, p.Protective);
        if (institution is null)
        {
            // Every place nearby is full or closed: the child keeps waiting (the board's "full while a child waits").
            world.Agenda.At(at + world.Minutes(30, 60), (t, b) => TryAssign(p, t, b));
            return;
        }
        var e = events.Make(EventTypes.PlacementAssigned, at, w =>
        {
            w.WriteString("placement_id", p.Id);
            w.WriteString("institution_id", institution.Id);
            DutyRoster.Write(w, world.Roster.Coordinator(p.TownshipCode));
        });
        if (world.Emit(e, batch) is not null)
        {
            // Civil affairs arranges the transport.
            Assigned(p, institution, at, world.Minutes(20, 120));
        }
    }

    /// <summary>A bed is reserved; the child arrives after <paramref name="toAdmission"/>.</summary>
    public void Assigned(SimPlacement p, SimInstitution institution, DateTimeOffset at, TimeSpan toAdmission)
    {
        p.Stage = PlacementStage.Assigned;
        p.InstitutionId = institution.Id;
        institution.Reserved++;
        world.Agenda.At(at + toAdmission, (t, batch) => Admit(p, t, batch));
    }

    private void Admit(SimPlacement p, DateTimeOffset at, List<RawEvent> batch)
    {
        if (p.Stage != PlacementStage.Assigned || !world.InstitutionsById.TryGetValue(p.InstitutionId!, out var institution))
        {
            return;
        }
        var e = events.Make(EventTypes.PlacementAdmitted, at, w => w.WriteString("placement_id", p.Id));
        if (world.Emit(e, batch) is null)
        {
            return;
        }
        p.Stage = PlacementStage.Admitted;
        institution.Reserved = Math.Max(0, institution.Reserved - 1);
        institution.Admitted++;
        ScheduleEnd(p, at);
    }

    /// <summary>Temporary care lasts hours for many (the parents come back), days for most others, a week or more for a few.</summary>
    public void ScheduleEnd(SimPlacement p, DateTimeOffset admittedAt)
    {
        var x = R.NextDouble();
        var stay = x < 0.4 ? world.Hours(3, 12) : x < 0.85 ? world.Hours(24, 72) : world.Hours(72, 240);
        var reason = world.Pick(s_endReasons);
        world.Agenda.At(admittedAt + stay, (t, batch) => End(p, t, reason, batch));
    }

    public void ScheduleAdmission(SimPlacement p, DateTimeOffset at) => world.Agenda.At(at, (t, batch) => Admit(p, t, batch));

    public void ScheduleAssignment(SimPlacement p, DateTimeOffset at) => world.Agenda.At(at, (t, batch) => TryAssign(p, t, batch));

    private void End(SimPlacement p, DateTimeOffset at, string reason, List<RawEvent> batch)
    {
        if (!world.Placements.ContainsKey(p.Id))
        {
            return;
        }
        var e = events.Make(EventTypes.PlacementEnded, at, w =>
        {
            w.WriteString("placement_id", p.Id);
            w.WriteString("reason", reason);
        });
        if (world.Emit(e, batch) is null)
        {
            return;
        }
        world.Placements.Remove(p.Id);
        if (p.InstitutionId is not null && world.InstitutionsById.TryGetValue(p.InstitutionId, out var institution))
        {
            if (p.Stage == PlacementStage.Admitted)
            {
                institution.Admitted = Math.Max(0, institution.Admitted - 1);
            }
            else
            {
                institution.Reserved = Math.Max(0, institution.Reserved - 1);
            }
        }
        p.Stage = PlacementStage.Ended;
    }

    /// <summary>Puts every institution's next status report on the agenda (after the seed, or after a restart).</summary>
    public void ScheduleStatusReports()
    {
        foreach (var i in world.Institutions)
        {
            ScheduleStatus(i, i.NextStatusAt);
        }
    }

    private void ScheduleStatus(SimInstitution institution, DateTimeOffset at)
    {
        institution.NextStatusAt = at;
        world.Agenda.At(at, (t, batch) => ReportStatus(institution, t, batch));
    }

    /// <summary>
    /// The institution reports its figures: its own intake moved a little since the last report, closed to admissions
    /// when full or, for a while, for another reason; then it reports again in a few hours, or goes quiet for more than
    /// a day now and then.
    /// </summary>
    private void ReportStatus(SimInstitution i, DateTimeOffset at, List<RawEvent> batch)
    {
        var room = i.Capacity - i.Admitted - i.Reserved;
        var towardsUsual = Math.Sign(i.Usual - i.Occupied) * R.Next(0, 3);
        i.Residents = Math.Clamp(i.Residents + towardsUsual + R.Next(-1, 2), 0, Math.Max(0, room));
        i.Paused = i.Paused ? !world.Chance(0.6) : world.Chance(0.025);
        i.Accepting = !i.Paused && i.Free > 0;
        i.Staff = Math.Max(1, i.Capacity / 12 + R.Next(0, 3));
        var e = events.Make(EventTypes.InstitutionStatus, at, w =>
        {
            w.WriteString("institution_id", i.Id);
            w.WriteNumber("occupied", i.Occupied);
            w.WriteNumber("reserved", i.Reserved);
            w.WriteBoolean("accepting", i.Accepting);
            w.WriteNumber("staff_on_duty", i.Staff);
        });
        world.Emit(e, batch);
        i.LastStatusAt = at;
        ScheduleStatus(i, at + (world.Chance(0.02) ? world.Hours(26, 40) : world.Hours(2, 8)));
    }
}
