using System.Globalization;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Server.Simulator;

/// <summary>
/// Seeds an empty log with a plausible province: institutions per city and some counties with their beds and the
/// children in their care (each a placement on the log), children over the real townships and villages with a visit
/// history (some townships chronically late), teacher pairings, dropouts, historical exits, last quarter's ledger
/// reports and guardians who already had criticism and education. Then
/// <see cref="LiveTraffic.WarmUp"/> plays the last <see cref="WarmUp"/> of cases, so the queue opens on a working day.
/// </summary>
internal sealed class RegistrySeeder(SimulationWorld world, EventFactory events, DateTimeOffset now)
{
    /// <summary>How much case traffic a fresh demo has behind it when it opens.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromHours(18);

    public static readonly (string Reason, double Weight)[] ExitReasons =
        [("parent_returned", 45), ("family_moved_together", 25), ("turned_16", 20), ("moved_away", 8), ("other", 2)];

    /// <summary>Every institution's id starts with it (<see cref="CareWork.ResidentIdPrefix"/> relies on it).</summary>
    internal const string InstitutionIdPrefix = "INST-";

    private readonly CareWork _care = new(world, events);

    private Random R => world.Random;

    /// <summary>Roughly how many events <see cref="Seed"/> and the warm-up yield, for progress reporting.</summary>
    /// <remarks>
    /// About 3.6 per child (registration, visit, ledger update, pairing, a few exits and dropouts), ~16,000 for the
    /// institutions (the ~4,200 children in their care, three placement events each, status reports) and the townships'
    /// ledger reports, and the warm-up's cases. Measured: 234,296 events for the default 60,000 children.
    /// </remarks>
    public static long EstimateEvents(int children) => (long)(children * 3.6) + 16_000 + (long)(WarmUp.TotalHours * 150);

    public IEnumerable<RawEvent> Seed(int children)
    {
        foreach (var e in SeedInstitutions()) yield return e;
        MarkChronicallyLate();
        for (var i = 0; i < children; i++)
        {
            foreach (var e in SeedChild()) yield return e;
        }
        foreach (var e in SeedLedgerReports()) yield return e;
        foreach (var e in SeedHistoricalExits(children / 33)) yield return e;
        foreach (var e in SeedCriticism(Math.Max(5, children / 200))) yield return e;
    }

    private IEnumerable<RawEvent> SeedInstitutions()
    {
        var regions = world.Regions;
        var registeredAt = now.AddDays(-400);
        foreach (var city in regions.Cities)
        {
            yield return Institution(city.Code, $"{city.Name}救助管理站", "relief_station", R.Next(40, 90), registeredAt);
            yield return Institution(city.Code, $"{city.Name}未成年人救助保护中心", "protection_centre", R.Next(30, 70), registeredAt);
            yield return Institution(city.Code, $"{city.Name}儿童福利院", "welfare_institution", R.Next(80, 220), registeredAt);
        }
        foreach (var county in regions.Counties)
        {
            var northwest = regions.TryGetCity(county.CityCode, out var city) && city.Northwest;
            var x = R.NextDouble();
            if (x < 0.3)
            {
                yield return Institution(county.Code, $"{county.Name}救助管理站", "relief_station", R.Next(10, 35), registeredAt);
            }
            else if (x < 0.5)
            {
                yield return Institution(county.Code, $"{county.Name}临时庇护所", "temporary_shelter", R.Next(6, 16), registeredAt);
            }
            if (northwest && R.NextDouble() < 0.35)
            {
                yield return Institution(county.Code, $"{county.Name}寄宿制学校", "boarding_school", R.Next(60, 240), registeredAt);
            }
        }
        // Present-day occupancy: every child in care is a placement on the log, taken in over the past months (most
        // places partly full, the few always full at capacity); most reported within the last hours, a few silent for
        // more than a day (stale on the board) until they report again later today.
        var warmUpFrom = now - WarmUp;
        var stale = 0;
        var batch = new List<RawEvent>();
        foreach (var i in world.Institutions)
        {
            var quiet = stale < 2 || R.NextDouble() < 0.03;
            stale += quiet ? 1 : 0;
            i.LastStatusAt = quiet ? now - world.Hours(26, 60) : warmUpFrom - world.Minutes(5, 360);
            while (i.Residents.Count < i.Usual && _care.TakeIn(i, i.LastStatusAt - world.Hours(2, 300 * 24), i.LastStatusAt, batch))
            {
            }
            _care.ReportFigures(i, i.LastStatusAt, batch);
            foreach (var e in batch)
            {
                yield return e;
            }
            batch.Clear();
            i.NextStatusAt = quiet ? now + world.Hours(1, 12) : i.LastStatusAt + world.Hours(2, 8);
        }
    }

    private RawEvent Institution(string region, string name, string kind, int capacity, DateTimeOffset at)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{InstitutionIdPrefix}{region}-{world.Institutions.Count + 1:D3}");
        world.AddInstitution(new SimInstitution(id, kind, region, capacity));
        return events.Make(EventTypes.InstitutionRegistered, at, w =>
        {
            w.WriteString("institution_id", id);
            w.WriteString("name", name);
            w.WriteString("kind", kind);
            w.WriteString("region_code", region);
            w.WriteNumber("capacity", capacity);
        });
    }

    private void MarkChronicallyLate()
    {
        for (var i = 0; i < world.Regions.Townships.Count; i++)
        {
            if (R.NextDouble() < 0.07)
            {
                world.ChronicallyLate.Add(i);
            }
        }
    }

    private IEnumerable<RawEvent> SeedChild()
    {
        var township = world.PickTownship();
        var late = world.ChronicallyLate.Contains(township.Index);
        var id = NewChildId(township);
        var ageDays = R.Next(60, 16 * 365 - 30);
        var registered = now.AddDays(-R.Next(40, 900)).AddMinutes(-R.Next(0, 1440));
        var birth = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-ageDays);
        var registeredAge = ageDays - (int)(now - registered).TotalDays;
        if (registeredAge < 30)
        {
            registered = now.AddDays(-(ageDays - 30));
        }
        var child = new SimChild(id, township.Index, world.PickVillage(township), ageDays >= 6 * 365);
        var schoolAge = child.SchoolAge;
        world.Children.Add(child);
        yield return Register(child, birth, registered);

        // The ledger: most records updated this quarter; in late townships half are stale.
        var updatedDaysAgo = late && R.NextDouble() < 0.5 ? R.Next(95, 200) : R.Next(1, 85);
        var updated = now.AddDays(-updatedDaysAgo);
        if (updated > registered)
        {
            yield return events.Make(EventTypes.ChildUpdated, updated, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("guardian", R.NextDouble() < 0.985 ? "entrusted" : "none");
            });
        }

        // The monthly visit: most on time, some slipping, chronically late townships far behind.
        var visitDaysAgo = late ? R.Next(15, 95) : R.NextDouble() < 0.9 ? R.Next(0, 26) : R.Next(26, 45);
        var visited = now.AddDays(-visitDaysAgo).AddMinutes(-R.Next(0, 600));
        if (visited > registered)
        {
            yield return events.Make(EventTypes.VisitRecorded, visited, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("visitor_id", $"VC-{township.Code}");
                w.WriteString("finding", R.NextDouble() < 0.96 ? "ok" : "concern");
            });
        }
        if (schoolAge && R.NextDouble() < (late ? 0.72 : 0.95))
        {
            yield return events.Make(EventTypes.PairingAssigned, registered.AddDays(R.Next(1, 30)) is var p && p < now ? p : now, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("teacher_id", $"T-{township.Code}-{R.Next(1, 60):D2}");
            });
        }
        if (ageDays > 12 * 365 && R.NextDouble() < 0.012)
        {
            yield return events.Make(EventTypes.DropoutReported, now.AddDays(-R.Next(1, 60)), w => w.WriteString("child_id", id));
        }
    }

    private IEnumerable<RawEvent> SeedLedgerReports()
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var quarter = (today.Month - 1) / 3; // 0-based current quarter
        var (year, previous) = quarter == 0 ? (today.Year - 1, 4) : (today.Year, quarter);
        var quarterText = string.Create(CultureInfo.InvariantCulture, $"{year}Q{previous}");
        foreach (var t in world.Regions.Townships)
        {
            if (!world.ChronicallyLate.Contains(t.Index) && R.NextDouble() < 0.95)
            {
                yield return events.Make(EventTypes.LedgerSubmitted, now.AddDays(-R.Next(1, 40)) is var at && at < now ? at : now, w =>
                {
                    w.WriteString("township_code", t.Code);
                    w.WriteString("quarter", quarterText);
                });
            }
        }
    }

    private IEnumerable<RawEvent> SeedHistoricalExits(int count)
    {
        for (var i = 0; i < count && world.Children.Count > 0; i++)
        {
            var index = R.Next(world.Children.Count);
            var child = world.Children[index];
            world.Children[index] = world.Children[^1];
            world.Children.RemoveAt(world.Children.Count - 1);
            var reason = world.Pick(ExitReasons);
            yield return events.Make(EventTypes.ChildExited, now.AddDays(-R.Next(0, 30)), w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("reason", reason);
            });
        }
    }

    /// <summary>
    /// Guardians who received criticism and education (监护干预) on earlier cases, before this log began: a new report
    /// about their child meets a revocation condition (DOMAIN.md, revocation flag a).
    /// </summary>
    private IEnumerable<RawEvent> SeedCriticism(int count)
    {
        for (var i = 0; i < count && world.Children.Count > 0; i++)
        {
            var child = world.Children[R.Next(world.Children.Count)];
            var at = now.AddDays(-R.Next(15, 300));
            if (!world.Criticised.TryAdd(child.Id, (child, at)))
            {
                continue;
            }
            yield return events.Make(EventTypes.InterventionRecorded, at, w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("measure", "criticism");
            });
        }
    }

    public RawEvent Register(SimChild child, DateOnly birth, DateTimeOffset at)
    {
        var bothAway = R.NextDouble() < 0.88;
        var guardian = bothAway
            ? R.NextDouble() < 0.985 ? "entrusted" : "none"
            : world.Pick<string>([("entrusted", 90), ("parent_at_home", 7), ("none", 3)]);
        return events.Make(EventTypes.ChildRegistered, at, w =>
        {
            w.WriteString("child_id", child.Id);
            w.WriteString("village_code", child.Village);
            w.WriteString("birth_date", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("kind", bothAway ? "both_parents_away" : "one_parent_away_other_incapable");
            w.WriteString("guardian", guardian);
        });
    }

    public string NewChildId(Township township) =>
        string.Create(CultureInfo.InvariantCulture, $"LB{township.Code}{++world.NextChildNumber:D7}");
}
