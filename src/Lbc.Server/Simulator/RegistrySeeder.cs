using System.Globalization;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Server.Simulator;

/// <summary>
/// Seeds an empty log with a plausible province: institutions per city and some counties, children over
/// the real townships and villages with a visit history (some townships chronically late), teacher
/// pairings, dropouts, historical exits, last quarter's ledger reports and a few cases in progress.
/// </summary>
internal sealed class RegistrySeeder(SimulationWorld world, EventFactory events, DateTimeOffset now)
{
    private Random R => world.Random;

    /// <summary>Roughly how many events <see cref="Seed"/> yields, for progress reporting.</summary>
    public static long EstimateEvents(int children) => (long)(children * 2.75) + 2_000;

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
        // Present-day occupancy: most places partly full, a few full and closed to admissions.
        foreach (var (id, capacity) in world.Institutions)
        {
            var occupied = (int)(capacity * (0.35 + R.NextDouble() * 0.6));
            var full = R.NextDouble() < 0.08;
            yield return events.Make(EventTypes.InstitutionStatus, now.AddMinutes(-R.Next(5, 600)), w =>
            {
                w.WriteString("institution_id", id);
                w.WriteNumber("occupied", full ? capacity : occupied);
                w.WriteNumber("reserved", 0);
                w.WriteBoolean("accepting", !full);
                w.WriteNumber("staff_on_duty", Math.Max(1, capacity / 12 + R.Next(0, 3)));
            });
        }
    }

    private RawEvent Institution(string region, string name, string kind, int capacity, DateTimeOffset at)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"INST-{region}-{world.Institutions.Count + 1:D3}");
        world.Institutions.Add((id, capacity));
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
        var schoolAge = ageDays >= 6 * 365;
        world.Children.Add((id, township.Index, schoolAge));
        yield return Register(id, township, birth, registered);

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
        (string, double)[] reasons = [("parent_returned", 45), ("family_moved_together", 25), ("turned_16", 20), ("moved_away", 8), ("other", 2)];
        for (var i = 0; i < count && world.Children.Count > 0; i++)
        {
            var index = R.Next(world.Children.Count);
            var child = world.Children[index];
            world.Children[index] = world.Children[^1];
            world.Children.RemoveAt(world.Children.Count - 1);
            var reason = world.Pick(reasons);
            yield return events.Make(EventTypes.ChildExited, now.AddDays(-R.Next(0, 30)), w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("reason", reason);
            });
        }
    }

    public RawEvent Register(string id, Township township, DateOnly birth, DateTimeOffset at)
    {
        var bothAway = R.NextDouble() < 0.88;
        var guardian = bothAway
            ? R.NextDouble() < 0.985 ? "entrusted" : "none"
            : world.Pick<string>([("entrusted", 90), ("parent_at_home", 7), ("none", 3)]);
        var village = world.PickVillage(township);
        return events.Make(EventTypes.ChildRegistered, at, w =>
        {
            w.WriteString("child_id", id);
            w.WriteString("village_code", village);
            w.WriteString("birth_date", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("kind", bothAway ? "both_parents_away" : "one_parent_away_other_incapable");
            w.WriteString("guardian", guardian);
        });
    }

    public string NewChildId(Township township) =>
        string.Create(CultureInfo.InvariantCulture, $"LB{township.Code}{++world.NextChildNumber:D7}");
}
