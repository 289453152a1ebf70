using System.Globalization;
using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Care;

/// <summary>What the ranking knows of the child to place: home township (and its point), the case's category, the age.</summary>
internal readonly record struct SuggestionSubject(string TownshipCode, GeoPoint Point, ReportCategory? Category, int? AgeYears);

/// <summary>
/// Ranks the places of care for one child (DOMAIN.md, "Placement suggestion"; the criteria and their order are
/// <see cref="RuleSettings.PlacementSuggestionOrder"/>). One pass over the institutions keeps the best
/// <c>max</c> in a bounded heap: O(n log k) time, and nothing allocated per institution (a candidate is a struct in
/// one array of size k; reasons are built for the k results only).
/// </summary>
internal static class PlacementSuggester
{
    private const double EarthRadiusKm = 6371.0088;
    private const double DegreesToRadians = Math.PI / 180;

    // Ranks when the criterion does not apply to this child are all 0: the criterion then ties everything.
    private const byte NotProtective = 3;

    private struct Candidate
    {
        public InstitutionState Institution;
        public double DistanceKm;
        public long DistanceStep;
        public byte Protective;
        public byte Welfare;
        public byte Locality;
    }

    public static PlacementSuggestionsDto Suggest(string placementId, SuggestionSubject child,
        Dictionary<string, InstitutionState>.ValueCollection institutions, RuleSettings rules, DateTimeOffset now, int max)
    {
        var order = rules.PlacementSuggestionOrder.ToArray();
        var violent = child.Category is ReportCategory.DomesticViolence or ReportCategory.UnlawfulHarm;
        var underSix = child.AgeYears is < 6;
        var schoolAge = child.AgeYears is >= 6 and < 16;
        var boardingAllowed = rules.SuggestBoardingSchools && schoolAge;
        var step = rules.SuggestionDistanceStepKm;
        var lat0 = child.Point.Lat * DegreesToRadians;
        var lon0 = child.Point.Lon * DegreesToRadians;
        var cosLat0 = Math.Cos(lat0);

        var heap = new Candidate[Math.Max(0, max)];
        var count = 0;
        int full = 0, notAccepting = 0, boarding = 0;
        foreach (var institution in institutions)
        {
            if (institution.Kind == InstitutionKind.BoardingSchool && !boardingAllowed)
            {
                boarding++;
                continue;
            }
            if (!institution.Accepting)
            {
                notAccepting++;
                continue;
            }
            if (institution.Free <= 0)
            {
                full++;
                continue;
            }
            if (heap.Length == 0)
            {
                continue;
            }
            var distance = DistanceKm(lat0, lon0, cosLat0, institution.Location);
            var candidate = new Candidate
            {
                Institution = institution,
                DistanceKm = distance,
                DistanceStep = (long)Math.Floor(distance / step),
                Protective = violent ? ProtectiveRank(institution.Kind) : (byte)0,
                Welfare = underSix && institution.Kind != InstitutionKind.WelfareInstitution ? (byte)1 : (byte)0,
                Locality = LocalityOf(institution.RegionCode, child.TownshipCode),
            };
            if (count < heap.Length)
            {
                heap[count] = candidate;
                SiftUp(heap, count++, order);
            }
            else if (Compare(candidate, heap[0], order) < 0)
            {
                heap[0] = candidate;
                SiftDown(heap, count, order);
            }
        }

        var ranked = heap.AsSpan(0, count);
        ranked.Sort((a, b) => Compare(a, b, order));
        var suggestions = new List<PlacementSuggestionDto>(count);
        foreach (var c in ranked)
        {
            suggestions.Add(ToDto(c, order, violent, underSix, rules, now));
        }
        return new PlacementSuggestionsDto(placementId, suggestions,
            Notes(child, order, violent, underSix, boarding, notAccepting, full, rules.SuggestBoardingSchools));
    }

    /// <summary>Best first: negative when <paramref name="a"/> ranks before <paramref name="b"/>. Total: ties end on the id.</summary>
    private static int Compare(in Candidate a, in Candidate b, SuggestionCriterion[] order)
    {
        foreach (var criterion in order)
        {
            var by = criterion switch
            {
                SuggestionCriterion.ProtectiveForViolence => a.Protective.CompareTo(b.Protective),
                SuggestionCriterion.WelfareUnderSix => a.Welfare.CompareTo(b.Welfare),
                SuggestionCriterion.Locality => a.Locality.CompareTo(b.Locality),
                SuggestionCriterion.Distance => a.DistanceStep.CompareTo(b.DistanceStep),
                SuggestionCriterion.StaffOnDuty => b.Institution.StaffOnDuty.CompareTo(a.Institution.StaffOnDuty),
                _ => 0,
            };
            if (by != 0)
            {
                return by;
            }
        }
        var distance = a.DistanceKm.CompareTo(b.DistanceKm);
        return distance != 0 ? distance : string.CompareOrdinal(a.Institution.Id, b.Institution.Id);
    }

    // A max-heap by rank: the root is the worst of the best k kept so far, the one a better candidate replaces.
    private static void SiftUp(Candidate[] heap, int i, SuggestionCriterion[] order)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Compare(heap[parent], heap[i], order) >= 0)
            {
                return;
            }
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private static void SiftDown(Candidate[] heap, int count, SuggestionCriterion[] order)
    {
        var i = 0;
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < count && Compare(heap[left], heap[worst], order) > 0)
            {
                worst = left;
            }
            if (right < count && Compare(heap[right], heap[worst], order) > 0)
            {
                worst = right;
            }
            if (worst == i)
            {
                return;
            }
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }

    /// <summary>Protective places for violence and unlawful harm: protection centre, temporary shelter, relief station, then the rest.</summary>
    private static byte ProtectiveRank(InstitutionKind kind) => kind switch
    {
        InstitutionKind.ProtectionCentre => 0,
        InstitutionKind.TemporaryShelter => 1,
        InstitutionKind.ReliefStation => 2,
        _ => NotProtective,
    };

    /// <summary>0 same county, 1 same city, 2 elsewhere (an institution registered at city level is never "same county").</summary>
    private static byte LocalityOf(string institutionRegion, string townshipCode)
    {
        if (institutionRegion.Length >= 6 && institutionRegion.AsSpan(0, 6).SequenceEqual(townshipCode.AsSpan(0, 6)))
        {
            return 0;
        }
        return institutionRegion.Length >= 4 && institutionRegion.AsSpan(0, 4).SequenceEqual(townshipCode.AsSpan(0, 4)) ? (byte)1 : (byte)2;
    }

    /// <summary>Great-circle (haversine) distance in kilometres.</summary>
    private static double DistanceKm(double lat0, double lon0, double cosLat0, GeoPoint to)
    {
        var lat = to.Lat * DegreesToRadians;
        var sinLat = Math.Sin((lat - lat0) / 2);
        var sinLon = Math.Sin((to.Lon * DegreesToRadians - lon0) / 2);
        var h = sinLat * sinLat + cosLat0 * Math.Cos(lat) * sinLon * sinLon;
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static PlacementSuggestionDto ToDto(in Candidate c, SuggestionCriterion[] order, bool violent, bool underSix,
        RuleSettings rules, DateTimeOffset now)
    {
        var i = c.Institution;
        var distance = Math.Round(c.DistanceKm, 1);
        var reasons = new List<SuggestionReason> { new(SuggestionReasons.FreeBeds, [Text(i.Free)]) };
        foreach (var criterion in order)
        {
            switch (criterion)
            {
                case SuggestionCriterion.ProtectiveForViolence when violent && c.Protective != NotProtective:
                    reasons.Add(new(SuggestionReasons.ProtectiveForViolence));
                    break;
                case SuggestionCriterion.WelfareUnderSix when underSix && c.Welfare == 0:
                    reasons.Add(new(SuggestionReasons.UnderSixWelfare));
                    break;
                case SuggestionCriterion.Locality:
                    reasons.Add(new(c.Locality switch
                    {
                        0 => SuggestionReasons.SameCounty,
                        1 => SuggestionReasons.SameCity,
                        _ => SuggestionReasons.OtherCity,
                    }));
                    break;
                case SuggestionCriterion.Distance:
                    reasons.Add(new(SuggestionReasons.DistanceKm, [distance.ToString("0.0", CultureInfo.InvariantCulture)]));
                    break;
                case SuggestionCriterion.StaffOnDuty:
                    reasons.Add(new(SuggestionReasons.StaffOnDuty, [Text(i.StaffOnDuty)]));
                    break;
            }
        }
        // What the coordinator should know before trusting the free beds.
        if (i.IsStale(rules, now))
        {
            reasons.Add(new(SuggestionReasons.StatusStale,
                [i.LastStatusAt?.ToString("o", CultureInfo.InvariantCulture) ?? "never"]));
        }
        if (i.Disputed)
        {
            reasons.Add(new(SuggestionReasons.ReportedFiguresDiffer,
                [i.ReportedOccupied is int o ? Text(o) : "", i.ReportedReserved is int r ? Text(r) : ""]));
        }
        return new PlacementSuggestionDto(i.Id, i.Name, CareVocabulary.InstitutionKinds.WordOf(i.Kind), i.Free, distance,
            c.Locality == 0, c.Locality <= 1, i.StaffOnDuty, reasons);
    }

    private static List<SuggestionReason> Notes(SuggestionSubject child, SuggestionCriterion[] order, bool violent, bool underSix,
        int boarding, int notAccepting, int full, bool boardingFlag)
    {
        var notes = new List<SuggestionReason>();
        if (violent && order.Contains(SuggestionCriterion.ProtectiveForViolence))
        {
            notes.Add(new(SuggestionReasons.ProtectiveFirst, [CaseVocabulary.Categories.WordOf(child.Category!.Value)]));
        }
        if (child.AgeYears is null)
        {
            notes.Add(new(SuggestionReasons.AgeUnknown));
        }
        else if (underSix && order.Contains(SuggestionCriterion.WelfareUnderSix))
        {
            notes.Add(new(SuggestionReasons.UnderSix));
        }
        if (boarding > 0)
        {
            notes.Add(new(boardingFlag ? SuggestionReasons.BoardingSchoolExcludedNotSchoolAge : SuggestionReasons.BoardingSchoolExcludedNoSchoolPlace,
                [Text(boarding)]));
        }
        if (notAccepting > 0)
        {
            notes.Add(new(SuggestionReasons.ExcludedNotAccepting, [Text(notAccepting)]));
        }
        if (full > 0)
        {
            notes.Add(new(SuggestionReasons.ExcludedFull, [Text(full)]));
        }
        return notes;
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
