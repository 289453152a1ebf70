using System.Globalization;
using Lbc.Domain.Care;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The simulated civil-affairs side (the placement coordinator's board): children waiting for temporary care (some past
/// the 2-hour target while every nearby place is full), assigned, admitted and going home days later for a stated
/// reason; institutions with their own children in care, each a placement on the log, whose intake drifts between
/// status reports; institutions reporting their beds every few hours as the placements stand (now and then a figure
/// off by a child or two), some full or closed to admissions for a while, and now and then one that stops reporting
/// for more than a day (stale on the board).
/// </summary>
internal sealed class CareWork(SimulationWorld world, EventFactory events)
{
    /// <summary>Mean minutes between placement requests that come from townships and village committees rather than police.</summary>
    internal const double StandaloneRequestEveryMinutes = 90;

    /// <summary>The share of status reports whose occupancy is off by a child or two (the board shows the discrepancy).</summary>
    internal const double MisreportShare = 0.03;

    /// <summary>Placement ids of an institution's own children: the institution's id (<c>INST-...</c>) after <c>PL-</c>.</summary>
    internal const string ResidentIdPrefix = "PL-" + RegistrySeeder.InstitutionIdPrefix;

    private static readonly (string Reason, double Weight)[] s_endReasons =
    [
        ("returned_to_parents", 50), ("returned_to_relatives", 30), ("new_guardian_appointed", 5), ("other", 15),
    ];

    // Children in an institution's care for longer go home less often, and more often to relatives or a new guardian.
    private static readonly (string Reason, double Weight)[] s_residentEndReasons =
    [
        ("returned_to_parents", 35), ("returned_to_relatives", 35), ("new_guardian_appointed", 15), ("other", 15),
    ];

    /// <summary>Whether a placement is one of an institution's own children (see <see cref="TakeIn"/>).</summary>
    public static bool IsResident(string placementId) => placementId.StartsWith(ResidentIdPrefix, StringComparison.Ordinal);

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
        BedsChanged(institution, at);
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
        p.AdmittedAt = at;
        institution.Reserved = Math.Max(0, institution.Reserved - 1);
        institution.Admitted++;
        BedsChanged(institution, at);
        if (p.Resident)
        {
            // One of the institution's own children (its request left half done by a restart): the intake ends it.
            world.Placements.Remove(p.Id);
            institution.Residents.Add(p);
            return;
        }
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
            BedsChanged(institution, at);
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
    /// A child was assigned, admitted or went home: the institution updates its figures within half an hour (figures
    /// only, its own intake waits for the regular report), so the board shows the discrepancy no longer than that, or
    /// until the regular report when it is due within the hour. A place gone quiet does not.
    /// </summary>
    private void BedsChanged(SimInstitution i, DateTimeOffset at)
    {
        if (i.UpdateAt is not null || i.Quiet || i.NextStatusAt <= at + TimeSpan.FromHours(1))
        {
            return;
        }
        var update = at + world.Minutes(5, 30);
        i.UpdateAt = update;
        world.Agenda.At(update, (t, batch) =>
        {
            if (i.UpdateAt == t)
            {
                i.UpdateAt = null;
                ReportFigures(i, t, batch);
            }
        });
    }

    /// <summary>
    /// The institution reports its figures: first its own intake since the last report, as placements (children taken
    /// in, children gone home); then occupied and reserved as the placements stand, but for a few reports off by a child
    /// or two; closed to admissions when full or, for a while, for another reason. It reports again in a few hours, or
    /// goes quiet for more than a day now and then.
    /// </summary>
    private void ReportStatus(SimInstitution i, DateTimeOffset at, List<RawEvent> batch)
    {
        i.UpdateAt = null; // this report brings the figures up to date
        Drift(i, at, batch);
        i.Paused = i.Paused ? !world.Chance(0.6) : world.Chance(0.025);
        ReportFigures(i, at, batch);
        ScheduleStatus(i, at + (world.Chance(0.02) ? world.Hours(26, 40) : world.Hours(2, 8)));
    }

    /// <summary>
    /// An <c>institution.status</c> of the institution as it stands: accepting unless paused or full, occupied and
    /// reserved from its placements (occupied misreported in <see cref="MisreportShare"/> of reports).
    /// </summary>
    public void ReportFigures(SimInstitution i, DateTimeOffset at, List<RawEvent> batch)
    {
        i.Accepting = !i.Paused && i.Free > 0;
        i.Staff = Math.Max(1, i.Capacity / 12 + R.Next(0, 3));
        var occupied = i.Occupied;
        if (world.Chance(MisreportShare))
        {
            // A child counted twice or not yet counted: the board shows reported against computed until the next report.
            var off = R.Next(1, 3);
            occupied = occupied >= off && world.Chance(0.5) ? occupied - off : occupied + off;
        }
        var e = events.Make(EventTypes.InstitutionStatus, at, w =>
        {
            w.WriteString("institution_id", i.Id);
            w.WriteNumber("occupied", occupied);
            w.WriteNumber("reserved", i.Reserved);
            w.WriteBoolean("accepting", i.Accepting);
            w.WriteNumber("staff_on_duty", i.Staff);
        });
        world.Emit(e, batch);
        i.LastStatusAt = at;
    }

    /// <summary>
    /// The institution's own intake since its last report, before it reports: its children drift towards its usual
    /// occupancy (a child or two taken in or gone home), in the beds the simulator's other placements leave; a place
    /// always full takes in a child for every bed that freed up (and now and then one goes home and another comes).
    /// Stamped between the last report and this one.
    /// </summary>
    private void Drift(SimInstitution i, DateTimeOffset at, List<RawEvent> batch)
    {
        if (i.AlwaysFull && i.Residents.Count > 0 && world.Chance(0.25))
        {
            EndResident(i, R.Next(i.Residents.Count), at, batch);
        }
        var room = Math.Max(0, i.Capacity - (i.Admitted - i.Residents.Count) - i.Reserved);
        var target = room;
        if (!i.AlwaysFull)
        {
            var towardsUsual = Math.Sign(i.Usual - i.Occupied) * R.Next(0, 3);
            target = Math.Clamp(i.Residents.Count + towardsUsual + R.Next(-1, 2), 0, room);
        }
        while (i.Residents.Count > target && EndResident(i, R.Next(i.Residents.Count), at, batch))
        {
        }
        var since = i.LastStatusAt > at - TimeSpan.FromHours(2) ? i.LastStatusAt : at - TimeSpan.FromHours(2);
        while (i.Residents.Count < target
            && TakeIn(i, since + (at - since) * (0.1 + 0.5 * R.NextDouble()), at, batch))
        {
        }
    }

    /// <summary>
    /// One of the institution's own children (brought by family, a village committee or another place, not by a case or
    /// a coordinator's request) comes into care: <c>placement.requested</c> (no case; a home township in or near the
    /// institution's region), <c>placement.assigned</c> to the institution and <c>placement.admitted</c>, from
    /// <paramref name="requestedAt"/> to no later than <paramref name="by"/>. False when an event was refused.
    /// </summary>
    public bool TakeIn(SimInstitution i, DateTimeOffset requestedAt, DateTimeOffset by, List<RawEvent> batch)
    {
        var township = world.PickHomeTownship(i.RegionCode);
        var id = string.Create(CultureInfo.InvariantCulture, $"PL-{i.Id}-{requestedAt:yyyyMMddHHmm}-{++world.NextPlacementNumber:D4}");
        var assignedAt = Earliest(requestedAt + world.Minutes(5, 20), by);
        var admittedAt = Earliest(assignedAt + world.Minutes(10, 30), by);
        var requested = events.Make(EventTypes.PlacementRequested, requestedAt, w =>
        {
            w.WriteString("placement_id", id);
            w.WriteString("township_code", township.Code);
        });
        var assigned = events.Make(EventTypes.PlacementAssigned, assignedAt, w =>
        {
            w.WriteString("placement_id", id);
            w.WriteString("institution_id", i.Id);
            DutyRoster.Write(w, world.Roster.Coordinator(i.RegionCode));
        });
        var admitted = events.Make(EventTypes.PlacementAdmitted, admittedAt, w => w.WriteString("placement_id", id));
        if (world.Emit(requested, batch) is null || world.Emit(assigned, batch) is null || world.Emit(admitted, batch) is null)
        {
            return false;
        }
        i.Residents.Add(new SimPlacement(id, null, township.Code, requestedAt)
        {
            Resident = true, Stage = PlacementStage.Admitted, InstitutionId = i.Id, AdmittedAt = admittedAt,
        });
        i.Admitted++;
        return true;
    }

    /// <summary>One of the institution's own children goes home (or to a guardian), some time since the last report.</summary>
    private bool EndResident(SimInstitution i, int index, DateTimeOffset at, List<RawEvent> batch)
    {
        var p = i.Residents[index];
        var endedAt = at - world.Minutes(5, 100);
        var since = p.AdmittedAt is { } admitted && admitted > i.LastStatusAt ? admitted : i.LastStatusAt;
        var reason = world.Pick(s_residentEndReasons);
        var e = events.Make(EventTypes.PlacementEnded, endedAt > since ? endedAt : Earliest(since, at), w =>
        {
            w.WriteString("placement_id", p.Id);
            w.WriteString("reason", reason);
        });
        if (world.Emit(e, batch) is null)
        {
            return false;
        }
        i.Residents[index] = i.Residents[^1];
        i.Residents.RemoveAt(i.Residents.Count - 1);
        i.Admitted = Math.Max(0, i.Admitted - 1);
        p.Stage = PlacementStage.Ended;
        return true;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
