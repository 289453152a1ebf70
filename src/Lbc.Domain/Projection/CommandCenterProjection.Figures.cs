using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>Places of care counted where they stand: at the region of their own code (any level).</summary>
public readonly record struct InstitutionFigures(string RegionCode, int Capacity, int Occupied, int Free, bool Accepting);

/// <summary>All township figures (indexed like <see cref="RegionCatalog.Townships"/>) and the institutions, at one instant.</summary>
public sealed record FiguresCapture(DateTimeOffset At, Figures[] Townships, IReadOnlyList<InstitutionFigures> Institutions);

/// <summary>
/// The figures of <see cref="FigureCatalog"/>, computed in one place. A township's figures are its registry
/// counters, its open cases and breaches, its placements, the places of care standing in it, and whether it is
/// late with its quarterly ledger; a region's are the sum of its townships', except the beds (below).
/// </summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>Open cases and placements per township index: the live counts the registry does not hold.</summary>
    private readonly record struct LiveCounts(int Open, int Breached, int Waiting, int Active);

    /// <summary>Every township's figures in one pass (the per-minute history writer): O(townships + cases + placements + institutions).</summary>
    public FiguresCapture CaptureFigures()
    {
        var live = CountLive();
        var beds = BedsByTownship();
        var late = LateQuarterThreshold();
        var townships = new Figures[_regions.Townships.Count];
        Span<int> row = stackalloc int[FigureCatalog.Count];
        for (var i = 0; i < townships.Length; i++)
        {
            FillTownship(row, i, live, beds, late);
            townships[i] = Figures.Of(row);
        }
        var institutions = _care.Institutions
            .Select(i => new InstitutionFigures(i.RegionCode, i.Capacity, i.Occupied, i.Accepting ? i.Free : 0, i.Accepting))
            .ToList();
        return new FiguresCapture(Now, townships, institutions);
    }

    /// <summary>
    /// The figures of one jurisdiction (a region code at any level). Beds are those of every accepting place of
    /// care the jurisdiction's users see (its own and those of the regions above it: a county's users are served
    /// by the city's relief station), so they are not a sum of the townships'.
    /// </summary>
    public Figures FiguresOf(string jurisdiction)
    {
        var live = CountLive();
        var late = LateQuarterThreshold();
        Span<int> sum = stackalloc int[FigureCatalog.Count];
        Span<int> row = stackalloc int[FigureCatalog.Count];
        foreach (var t in _regions.TownshipsWithin(jurisdiction))
        {
            FillTownship(row, t.Index, live, null, late);
            for (var f = 0; f < sum.Length; f++)
            {
                sum[f] += row[f];
            }
        }
        foreach (var i in _care.Institutions)
        {
            if (InJurisdiction(jurisdiction, i.RegionCode))
            {
                sum[(int)Figure.Capacity] += i.Capacity;
                sum[(int)Figure.Occupied] += i.Occupied;
                sum[(int)Figure.FreeBeds] += i.Accepting ? i.Free : 0;
            }
        }
        return Figures.Of(sum);
    }

    /// <summary>
    /// A region and the regions one level below it (the country's provinces, a province's cities, a city's counties, a
    /// county's townships; a township has none), each counted where things stand: the townships in it and the places of care located in it.
    /// The parent is the sum of its rows plus the places of care at its own level. One pass over the region's townships.
    /// </summary>
    public (Figures Parent, IReadOnlyList<(string Code, Figures Figures)> Rows) RegionTable(string code)
    {
        var level = RegionCodes.LevelOf(code);
        var childLength = level is RegionLevel.Country or RegionLevel.Province or RegionLevel.City or RegionLevel.County
            ? RegionCodes.LengthOf(level.Value + 1) : 0;
        var live = CountLive();
        var beds = BedsByTownship();
        var late = LateQuarterThreshold();
        var parent = new int[FigureCatalog.Count];
        var rows = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var child in SubRegionCodes(code))
        {
            rows[child] = new int[FigureCatalog.Count];
        }
        Span<int> row = stackalloc int[FigureCatalog.Count];
        foreach (var t in _regions.TownshipsWithin(code))
        {
            FillTownship(row, t.Index, live, beds, late);
            Add(parent, row);
            if (childLength > 0 && rows.TryGetValue(t.Code[..childLength], out var target))
            {
                Add(target, row);
            }
        }
        // Places of care above township level (a county's welfare institution, a city's relief station): in the row of
        // the sub-region they stand in, or only in the parent when they stand at its own level.
        foreach (var i in _care.Institutions)
        {
            var at = i.RegionCode;
            if (RegionCodes.LevelOf(at) is not (RegionLevel.Province or RegionLevel.City or RegionLevel.County) || !RegionCodes.Contains(code, at))
            {
                continue;
            }
            row.Clear();
            row[(int)Figure.Capacity] = i.Capacity;
            row[(int)Figure.Occupied] = i.Occupied;
            row[(int)Figure.FreeBeds] = i.Accepting ? i.Free : 0;
            Add(parent, row);
            if (childLength > 0 && at.Length >= childLength && rows.TryGetValue(at[..childLength], out var target))
            {
                Add(target, row);
            }
        }
        return (Figures.Of(parent), [.. rows.Select(r => (r.Key, Figures.Of(r.Value)))]);

        static void Add(int[] sum, ReadOnlySpan<int> row)
        {
            for (var f = 0; f < sum.Length; f++)
            {
                sum[f] += row[f];
            }
        }
    }

    /// <summary>The codes one level below a region, in code order; none below a township.</summary>
    public IReadOnlyList<string> SubRegionCodes(string code) => RegionCodes.LevelOf(code) switch
    {
        RegionLevel.Country when _regions.IsNational => [.. _regions.Provinces.Select(p => p.Code)],
        RegionLevel.Province => [.. _regions.Cities.Where(c => RegionCodes.Contains(code, c.Code)).Select(c => c.Code)],
        RegionLevel.City => [.. _regions.CountiesIn(code).Select(c => c.Code)],
        RegionLevel.County => [.. _regions.TownshipsIn(code).Select(t => t.Code)],
        _ => [],
    };

    private Figures TownshipFigures(int index, Dictionary<int, LiveCounts> live, Dictionary<int, InstitutionFigures> beds, int late)
    {
        Span<int> row = stackalloc int[FigureCatalog.Count];
        FillTownship(row, index, live, beds, late);
        return Figures.Of(row);
    }

    private void FillTownship(Span<int> row, int index, Dictionary<int, LiveCounts> live, Dictionary<int, InstitutionFigures>? beds, int lateBefore)
    {
        row.Clear();
        ref readonly var c = ref _children.Counters[index];
        row[(int)Figure.Children] = c.Children;
        row[(int)Figure.VisitedOnTime] = c.VisitedOnTime;
        row[(int)Figure.VisitDueSoon] = c.VisitDueSoon;
        row[(int)Figure.VisitOverdue] = c.VisitOverdue;
        row[(int)Figure.StaleRecords] = c.StaleRecords;
        row[(int)Figure.SchoolAge] = c.SchoolAge;
        row[(int)Figure.Paired] = c.Paired;
        row[(int)Figure.OpenDropouts] = c.OpenDropouts;
        row[(int)Figure.ExitsParentReturned] = c.ExitsParentReturned;
        row[(int)Figure.ExitsFamilyMovedTogether] = c.ExitsFamilyMovedTogether;
        row[(int)Figure.ExitsTurnedSixteen] = c.ExitsTurnedSixteen;
        row[(int)Figure.ExitsMovedAway] = c.ExitsMovedAway;
        row[(int)Figure.ExitsOther] = c.ExitsOther;
        row[(int)Figure.LateTownships] = c.Children > 0 && _ledgerQuarter[index] < lateBefore ? 1 : 0;
        row[(int)Figure.KindBothParentsAway] = c.KindBothParentsAway;
        row[(int)Figure.KindOneParentAway] = c.KindOneParentAway;
        row[(int)Figure.GuardianParentAtHome] = c.GuardianParentAtHome;
        row[(int)Figure.GuardianEntrusted] = c.GuardianEntrusted;
        row[(int)Figure.GuardianNone] = c.GuardianNone;
        for (var k = 0; k < ReportWindow.Categories; k++)
        {
            row[(int)FigureCatalog.ReportsByCategory[k]] = _reports.CategoryCount(index, (ReportCategory)k);
        }
        for (var k = 0; k < ReportWindow.Reporters; k++)
        {
            row[(int)FigureCatalog.ReportsByReporter[k]] = _reports.ReporterCount(index, (ReporterType)k);
        }
        row[(int)Figure.DiscoveryDelayMinutes] = (int)Math.Min(int.MaxValue, _reports.DelayMinutes(index));
        row[(int)Figure.DiscoveredReports] = _reports.Discovered(index);
        row[(int)Figure.SocialAssistance] = _socialAssistance[index];
        if (live.TryGetValue(index, out var l))
        {
            row[(int)Figure.OpenCases] = l.Open;
            row[(int)Figure.BreachedCases] = l.Breached;
            row[(int)Figure.PlacementsWaiting] = l.Waiting;
            row[(int)Figure.PlacementsActive] = l.Active;
        }
        if (beds is not null && beds.TryGetValue(index, out var b))
        {
            row[(int)Figure.Capacity] = b.Capacity;
            row[(int)Figure.Occupied] = b.Occupied;
            row[(int)Figure.FreeBeds] = b.Free;
        }
    }

    /// <summary>One pass over the open cases and placements (hundreds, not millions).</summary>
    private Dictionary<int, LiveCounts> CountLive()
    {
        var live = new Dictionary<int, LiveCounts>();
        foreach (var c in _cases.Open)
        {
            if (_regions.TryGetTownship(c.TownshipCode, out var t))
            {
                var l = live.GetValueOrDefault(t.Index);
                live[t.Index] = l with { Open = l.Open + 1, Breached = l.Breached + (StageClocks.IsBreached(c, _rules, Now) ? 1 : 0) };
            }
        }
        foreach (var p in _care.Placements)
        {
            if (_regions.TryGetTownship(p.TownshipCode, out var t))
            {
                var l = live.GetValueOrDefault(t.Index);
                live[t.Index] = p.Stage == PlacementStage.Requested ? l with { Waiting = l.Waiting + 1 } : l with { Active = l.Active + 1 };
            }
        }
        return live;
    }

    /// <summary>Places of care that stand in a township (or one of its villages), summed per township.</summary>
    private Dictionary<int, InstitutionFigures> BedsByTownship()
    {
        var beds = new Dictionary<int, InstitutionFigures>();
        foreach (var i in _care.Institutions)
        {
            var code = RegionCodes.LevelOf(i.RegionCode) == RegionLevel.Village ? RegionCodes.TownshipOf(i.RegionCode) : i.RegionCode;
            if (_regions.TryGetTownship(code, out var t))
            {
                var b = beds.GetValueOrDefault(t.Index);
                beds[t.Index] = b with
                {
                    Capacity = b.Capacity + i.Capacity,
                    Occupied = b.Occupied + i.Occupied,
                    Free = b.Free + (i.Accepting ? i.Free : 0),
                };
            }
        }
        return beds;
    }

    /// <summary>
    /// The quarter (year * 4 + q - 1) every township with children must have reported by today: the previous
    /// quarter once its grace period is over, the one before it until then.
    /// </summary>
    private int LateQuarterThreshold()
    {
        var today = DayNumber.ToDate(DayNumber.Of(Now));
        var currentQuarter = today.Year * 4 + (today.Month - 1) / 3;
        var previous = currentQuarter - 1;
        var previousEnd = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddDays(-1);
        return today > previousEnd.AddDays(_rules.LedgerGraceDays) ? previous : previous - 1;
    }

    private bool InJurisdiction(string jurisdiction, string regionCode) =>
        RegionCodes.Contains(jurisdiction, regionCode) || RegionCodes.Contains(regionCode, jurisdiction);
}
