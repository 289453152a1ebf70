using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbc.Contracts;

/// <summary>
/// Every count a region shows, described once. The township rows, the headline indicators, the leading group's
/// suppression, the history schema and the tables are all derived from <see cref="FigureCatalog"/>: a new
/// indicator is a member here, its computation in the projection, and its label in the resource files.
/// </summary>
public enum Figure : byte
{
    Children,
    VisitedOnTime,
    VisitDueSoon,
    VisitOverdue,
    StaleRecords,
    SchoolAge,
    Paired,
    OpenDropouts,
    OpenCases,
    BreachedCases,
    PlacementsWaiting,
    PlacementsActive,
    Capacity,
    Occupied,
    FreeBeds,
    LateTownships,
    ExitsParentReturned,
    ExitsFamilyMovedTogether,
    ExitsTurnedSixteen,
    ExitsMovedAway,
    ExitsOther,
    KindBothParentsAway,
    KindOneParentAway,
    GuardianParentAtHome,
    GuardianEntrusted,
    GuardianNone,
    ReportsLivingAlone,
    ReportsMissing,
    ReportsGuardianIncapable,
    ReportsGuardianNeglect,
    ReportsDomesticViolence,
    ReportsInjury,
    ReportsUnlawfulHarm,
    ReportsBySchool,
    ReportsByKindergarten,
    ReportsByMedical,
    ReportsByVillageCommittee,
    ReportsBySocialWork,
    ReportsByReliefInstitution,
    ReportsByWelfareInstitution,
    ReportsByMassOrganisation,
    ReportsByCitizen,
    ReportsByPolice,
    ReportsByOther,
    DiscoveryDelayMinutes,
    DiscoveredReports,

    /// <summary>
    /// Families brought into social assistance (emergency chain step 8): cases whose <c>service.arranged</c> named
    /// <c>social_assistance</c>, counted once per case in the case's township; a running total, like the exits.
    /// </summary>
    SocialAssistance,
}

/// <summary>
/// One figure: its JSON name (camelCase, also the resource key suffix <c>Figure_{Name}</c>), its field in the
/// history schema (docs/history.md), and whether a higher value is worse (tables sort worst first).
/// <see cref="CountedBy"/>: a figure that is not itself a count of children or cases (a sum of minutes) is shown only
/// when the count it is made of is shown, so a small group cannot be read off it.
/// </summary>
public sealed record FigureInfo(Figure Id, string Name, string HistoryField, bool HigherIsWorse, Figure? CountedBy = null);

public static class FigureCatalog
{
    public static IReadOnlyList<FigureInfo> All { get; } =
    [
        new(Figure.Children, "children", "children", false),
        new(Figure.VisitedOnTime, "visitedOnTime", "visited_on_time", false),
        new(Figure.VisitDueSoon, "visitDueSoon", "due_soon", true),
        new(Figure.VisitOverdue, "visitOverdue", "overdue", true),
        new(Figure.StaleRecords, "staleRecords", "stale_records", true),
        new(Figure.SchoolAge, "schoolAge", "school_age", false),
        new(Figure.Paired, "paired", "paired", false),
        new(Figure.OpenDropouts, "openDropouts", "open_dropouts", true),
        new(Figure.OpenCases, "openCases", "open_cases", true),
        new(Figure.BreachedCases, "breachedCases", "breached_cases", true),
        new(Figure.PlacementsWaiting, "placementsWaiting", "placements_waiting", true),
        new(Figure.PlacementsActive, "placementsActive", "placements_active", false),
        new(Figure.Capacity, "capacity", "capacity", false),
        new(Figure.Occupied, "occupied", "occupied", false),
        new(Figure.FreeBeds, "freeBeds", "free_beds", false),
        new(Figure.LateTownships, "lateTownships", "late_townships", true),
        new(Figure.ExitsParentReturned, "exitsParentReturned", "exits_parent_returned", false),
        new(Figure.ExitsFamilyMovedTogether, "exitsFamilyMovedTogether", "exits_family_moved_together", false),
        new(Figure.ExitsTurnedSixteen, "exitsTurned16", "exits_turned_16", false),
        new(Figure.ExitsMovedAway, "exitsMovedAway", "exits_moved_away", false),
        new(Figure.ExitsOther, "exitsOther", "exits_other", false),
        new(Figure.KindBothParentsAway, "kindBothParentsAway", "kind_both_parents_away", false),
        new(Figure.KindOneParentAway, "kindOneParentAway", "kind_one_parent_away", false),
        new(Figure.GuardianParentAtHome, "guardianParentAtHome", "guardian_parent_at_home", false),
        new(Figure.GuardianEntrusted, "guardianEntrusted", "guardian_entrusted", false),
        new(Figure.GuardianNone, "guardianNone", "guardian_none", true),
        // Reports received in the last 90 days (the rules' report window), by category and by reporter type.
        new(Figure.ReportsLivingAlone, "reportsLivingAlone", "reports_living_alone", false),
        new(Figure.ReportsMissing, "reportsMissing", "reports_missing", false),
        new(Figure.ReportsGuardianIncapable, "reportsGuardianIncapable", "reports_guardian_incapable", false),
        new(Figure.ReportsGuardianNeglect, "reportsGuardianNeglect", "reports_guardian_neglect", false),
        new(Figure.ReportsDomesticViolence, "reportsDomesticViolence", "reports_domestic_violence", false),
        new(Figure.ReportsInjury, "reportsInjury", "reports_injury", false),
        new(Figure.ReportsUnlawfulHarm, "reportsUnlawfulHarm", "reports_unlawful_harm", false),
        new(Figure.ReportsBySchool, "reportsBySchool", "reports_by_school", false),
        new(Figure.ReportsByKindergarten, "reportsByKindergarten", "reports_by_kindergarten", false),
        new(Figure.ReportsByMedical, "reportsByMedical", "reports_by_medical", false),
        new(Figure.ReportsByVillageCommittee, "reportsByVillageCommittee", "reports_by_village_committee", false),
        new(Figure.ReportsBySocialWork, "reportsBySocialWork", "reports_by_social_work", false),
        new(Figure.ReportsByReliefInstitution, "reportsByReliefInstitution", "reports_by_relief_institution", false),
        new(Figure.ReportsByWelfareInstitution, "reportsByWelfareInstitution", "reports_by_welfare_institution", false),
        new(Figure.ReportsByMassOrganisation, "reportsByMassOrganisation", "reports_by_mass_organisation", false),
        new(Figure.ReportsByCitizen, "reportsByCitizen", "reports_by_citizen", false),
        new(Figure.ReportsByPolice, "reportsByPolice", "reports_by_police", false),
        new(Figure.ReportsByOther, "reportsByOther", "reports_by_other", false),
        // Delay from discovered to received, summed over the reports that say when they discovered (its average is the sum / count).
        new(Figure.DiscoveryDelayMinutes, "discoveryDelayMinutes", "discovery_delay_minutes", true, Figure.DiscoveredReports),
        new(Figure.DiscoveredReports, "discoveredReports", "discovered_reports", false),
        new(Figure.SocialAssistance, "socialAssistance", "social_assistance", false),
    ];

    /// <summary>The reports by category, in the order of the event catalog's category words.</summary>
    public static IReadOnlyList<Figure> ReportsByCategory { get; } =
    [
        Figure.ReportsLivingAlone, Figure.ReportsMissing, Figure.ReportsGuardianIncapable, Figure.ReportsGuardianNeglect,
        Figure.ReportsDomesticViolence, Figure.ReportsInjury, Figure.ReportsUnlawfulHarm,
    ];

    /// <summary>The reports by reporter type, in the order of the event catalog's reporter words.</summary>
    public static IReadOnlyList<Figure> ReportsByReporter { get; } =
    [
        Figure.ReportsBySchool, Figure.ReportsByKindergarten, Figure.ReportsByMedical, Figure.ReportsByVillageCommittee,
        Figure.ReportsBySocialWork, Figure.ReportsByReliefInstitution, Figure.ReportsByWelfareInstitution,
        Figure.ReportsByMassOrganisation, Figure.ReportsByCitizen, Figure.ReportsByPolice, Figure.ReportsByOther,
    ];

    public static int Count => All.Count;

    /// <summary>The exits, in the order of the registry's exit reasons (parent returned ... other).</summary>
    public static IReadOnlyList<Figure> Exits { get; } =
        [Figure.ExitsParentReturned, Figure.ExitsFamilyMovedTogether, Figure.ExitsTurnedSixteen, Figure.ExitsMovedAway, Figure.ExitsOther];

    public static FigureInfo Info(Figure figure) => All[(int)figure];

    private static readonly Dictionary<string, Figure> s_byName = All.ToDictionary(f => f.Name, f => f.Id, StringComparer.Ordinal);

    public static bool TryParse(string name, out Figure figure) => s_byName.TryGetValue(name, out figure);

    static FigureCatalog()
    {
        if (All.Count > 64)
        {
            throw new InvalidOperationException("Figures keeps its suppressed set in 64 bits: widen it before adding a 65th figure");
        }
        for (var i = 0; i < All.Count; i++)
        {
            if ((int)All[i].Id != i)
            {
                throw new InvalidOperationException($"FigureCatalog.All[{i}] is {All[i].Id}: the list must follow the enum");
            }
        }
    }
}

/// <summary>
/// The figures of one region: a count per <see cref="Figure"/>, each either known or suppressed (the leading group's
/// small counts). Immutable. On the wire an object of the non-zero figures by name, a suppressed one as null
/// (<c>{"children":812,"visitOverdue":31,"breachedCases":null}</c>); a figure left out is zero.
/// </summary>
[JsonConverter(typeof(FiguresJsonConverter))]
public sealed class Figures : IEquatable<Figures>
{
    private readonly int[] _values;
    private readonly ulong _suppressed;

    public static Figures Empty { get; } = new(new int[FigureCatalog.Count], 0);

    private Figures(int[] values, ulong suppressed)
    {
        _values = values;
        _suppressed = suppressed;
    }

    /// <summary>Figures from counts indexed by <see cref="Figure"/> (copied).</summary>
    public static Figures Of(ReadOnlySpan<int> counts)
    {
        var values = new int[FigureCatalog.Count];
        counts[..Math.Min(counts.Length, values.Length)].CopyTo(values);
        return new Figures(values, 0);
    }

    /// <summary>The count, or null when it is suppressed (fewer than 5, or hidden so that a small one cannot be derived).</summary>
    public int? this[Figure figure] => IsSuppressed(figure) ? null : _values[(int)figure];

    /// <summary>The count as a number for arithmetic; a suppressed figure counts as 0 (never shown as such).</summary>
    public int ValueOf(Figure figure) => IsSuppressed(figure) ? 0 : _values[(int)figure];

    public bool IsSuppressed(Figure figure) => (_suppressed & (1UL << (int)figure)) != 0;

    public bool AnySuppressed => _suppressed != 0;

    /// <summary>The same figures with <paramref name="hide"/> suppressed as well.</summary>
    public Figures Suppressing(IEnumerable<Figure> hide)
    {
        var mask = _suppressed;
        foreach (var f in hide)
        {
            mask |= 1UL << (int)f;
        }
        return mask == _suppressed ? this : new Figures(_values, mask);
    }

    /// <summary>Overall share of <paramref name="part"/> in <paramref name="whole"/> (0..1), null when unknown or no whole.</summary>
    public double? Rate(Figure part, Figure whole) =>
        this[part] is int p && this[whole] is int w && w > 0 ? (double)p / w : null;

    /// <summary>A builder to sum or set counts (the server's roll-ups and the tests).</summary>
    public static Builder Build() => new();

    public sealed class Builder
    {
        private readonly int[] _values = new int[FigureCatalog.Count];
        private ulong _suppressed;

        public int this[Figure figure]
        {
            get => _values[(int)figure];
            set => _values[(int)figure] = value;
        }

        public Builder Add(Figures other)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                _values[i] += other._values[i];
            }
            return this;
        }

        public Builder Suppress(Figure figure)
        {
            _suppressed |= 1UL << (int)figure;
            return this;
        }

        public Figures ToFigures() => new((int[])_values.Clone(), _suppressed);
    }

    public bool Equals(Figures? other) =>
        other is not null && _suppressed == other._suppressed && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Figures);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_suppressed);
        foreach (var v in _values)
        {
            hash.Add(v);
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(", ", FigureCatalog.All.Where(f => this[f.Id] != 0).Select(f => $"{f.Name}={this[f.Id]?.ToString() ?? "<5"}"));

    internal int RawValue(int index) => _values[index];

    internal static Figures FromWire(int[] values, ulong suppressed) => new(values, suppressed);
}

/// <summary>Writes <see cref="Figures"/> as an object by figure name (zeros left out, suppressed as null); unknown names are ignored on read.</summary>
public sealed class FiguresJsonConverter : JsonConverter<Figures>
{
    private static readonly JsonEncodedText[] s_names = [.. FigureCatalog.All.Select(f => JsonEncodedText.Encode(f.Name))];

    public override Figures Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Figures must be a JSON object");
        }
        var values = new int[FigureCatalog.Count];
        ulong suppressed = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? "";
            reader.Read();
            if (!FigureCatalog.TryParse(name, out var figure))
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType == JsonTokenType.Null)
            {
                suppressed |= 1UL << (int)figure;
            }
            else
            {
                values[(int)figure] = reader.GetInt32();
            }
        }
        return Figures.FromWire(values, suppressed);
    }

    public override void Write(Utf8JsonWriter writer, Figures value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (var i = 0; i < s_names.Length; i++)
        {
            if (value.IsSuppressed((Figure)i))
            {
                writer.WriteNull(s_names[i]);
            }
            else if (value.RawValue(i) is var v and not 0)
            {
                writer.WriteNumber(s_names[i], v);
            }
        }
        writer.WriteEndObject();
    }
}
