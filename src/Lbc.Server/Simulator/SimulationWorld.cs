using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Server.Simulator;

/// <summary>
/// What the simulator, as a producer, knows of the world it plays: its children, townships that are
/// chronically late with visits, institutions and their beds, the cases and placements it is working through,
/// and what its simulated people will do next. Kept apart from the dashboard's projection on purpose: in
/// production the simulator is a separate process (<c>Dashboard:Role=Simulator</c>).
/// </summary>
internal sealed class SimulationWorld(RegionCatalog regions, Random random, DateTimeOffset now)
{
    public RegionCatalog Regions { get; } = regions;
    public Random Random { get; } = random;

    /// <summary>Active children: id, township index, village (swap-remove on exit).</summary>
    public List<SimChild> Children { get; } = [];

    public HashSet<int> ChronicallyLate { get; } = [];

    public List<SimInstitution> Institutions { get; } = [];

    public Dictionary<string, SimInstitution> InstitutionsById { get; } = new(StringComparer.Ordinal);

    /// <summary>Cases still being worked by the simulated police, by report id.</summary>
    public Dictionary<string, SimCase> Cases { get; } = new(StringComparer.Ordinal);

    /// <summary>Placements not ended, by placement id.</summary>
    public Dictionary<string, SimPlacement> Placements { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Children whose guardian already received criticism and education (监护干预), by child id, with when the child
    /// was last in a case (a new report about them weeks later meets a revocation condition).
    /// </summary>
    public Dictionary<string, (SimChild Child, DateTimeOffset LastCase)> Criticised { get; } = new(StringComparer.Ordinal);

    /// <summary>The cases as the simulator recorded them, for the policy's check before every step.</summary>
    public SimCaseBook Book { get; } = new(regions, now);

    public DutyRoster Roster { get; } = new(regions);

    public Agenda Agenda { get; } = new();

    public double[] TownshipWeights { get; } = BuildWeights(regions);

    public int NextChildNumber { get; set; }

    public int NextReportNumber { get; set; }

    public int NextPlacementNumber { get; set; }

    /// <summary>Events the simulator made but did not send because the policy or the parser refused them, by reason.</summary>
    public Dictionary<string, int> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>Told of every refusal (the service logs it): in a correct simulator there is none.</summary>
    public Action<string>? OnRefused { get; set; }

    public void AddInstitution(SimInstitution institution)
    {
        Institutions.Add(institution);
        InstitutionsById[institution.Id] = institution;
    }

    public void Refuse(string what)
    {
        Refused[what] = Refused.GetValueOrDefault(what) + 1;
        OnRefused?.Invoke(what);
    }

    /// <summary>
    /// Sends <paramref name="e"/> only when it parses as the consumer will parse it and, for a case's events, applies
    /// to the case as the simulator knows it; otherwise it is counted as refused and left out of the log.
    /// </summary>
    public DomainEvent? Emit(RawEvent e, List<RawEvent> batch) => Emit(e, Book.Parse(e, out var reason), reason, batch);

    /// <summary>As <see cref="Emit(RawEvent, List{RawEvent})"/>, for an event already parsed.</summary>
    public DomainEvent? Emit(RawEvent e, DomainEvent? parsed, string? reason, List<RawEvent> batch)
    {
        reason ??= parsed is null ? null : Book.Record(parsed);
        if (parsed is null || reason is not null)
        {
            Refuse($"{e.Type}: {reason}");
            return null;
        }
        batch.Add(e);
        return parsed;
    }

    public Township PickTownship()
    {
        var total = TownshipWeights[^1];
        var x = Random.NextDouble() * total;
        var index = Array.BinarySearch(TownshipWeights, x);
        return Regions.Townships[index < 0 ? ~index : index];
    }

    /// <summary>
    /// The home township of a child in a place of care of <paramref name="regionCode"/>: within the institution's region
    /// (its township, county or city), now and then elsewhere in its city.
    /// </summary>
    public Township PickHomeTownship(string regionCode)
    {
        var code = regionCode.Length > 4 && Chance(0.2) ? regionCode[..4] : regionCode;
        if (!_townshipsWithin.TryGetValue(code, out var list))
        {
            list = code.Length switch
            {
                9 => Regions.TryGetTownship(code, out var t) ? [t] : [],
                6 => [.. Regions.TownshipsIn(code)],
                _ => [.. Regions.CountiesIn(code[..4]).SelectMany(c => Regions.TownshipsIn(c.Code))],
            };
            _townshipsWithin[code] = list;
        }
        return list.Length == 0 ? PickTownship() : list[Random.Next(list.Length)];
    }

    private readonly Dictionary<string, Township[]> _townshipsWithin = new(StringComparer.Ordinal);

    public string PickVillage(Township township)
    {
        var villages = Regions.VillagesIn(township.Code);
        return villages.Count == 0 ? "" : villages[Random.Next(villages.Count)].Code;
    }

    public T Pick<T>(IReadOnlyList<(T Value, double Weight)> choices)
    {
        var total = 0.0;
        foreach (var (_, weight) in choices)
        {
            total += weight;
        }
        var x = Random.NextDouble() * total;
        foreach (var (value, weight) in choices)
        {
            x -= weight;
            if (x <= 0)
            {
                return value;
            }
        }
        return choices[^1].Value;
    }

    public bool Chance(double p) => Random.NextDouble() < p;

    /// <summary>A uniformly drawn duration between <paramref name="min"/> and <paramref name="max"/> minutes.</summary>
    public TimeSpan Minutes(double min, double max) => TimeSpan.FromMinutes(min + Random.NextDouble() * (max - min));

    public TimeSpan Hours(double min, double max) => Minutes(min * 60, max * 60);

    /// <summary>
    /// Cumulative weights: rural townships (镇, 乡) hold most left-behind children, urban streets (街道)
    /// few; the northwest (辽西北) more than its share, as the policy's focus on it suggests.
    /// </summary>
    private static double[] BuildWeights(RegionCatalog regions)
    {
        var weights = new double[regions.Townships.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var t = regions.Townships[i];
            var w = t.Name.EndsWith("街道", StringComparison.Ordinal) ? 0.3
                : t.Name.EndsWith('乡') ? 3.5
                : t.Name.EndsWith('镇') ? 3.0
                : 1.0;
            var city = t.Code[..4];
            if (regions.TryGetCity(city, out var c) && c.Northwest)
            {
                w *= 1.4;
            }
            if (regions.VillagesIn(t.Code).Count == 0)
            {
                w = 0;
            }
            sum += w;
            weights[i] = sum;
        }
        return weights;
    }
}

/// <summary>A child on the simulated ledger.</summary>
internal readonly record struct SimChild(string Id, int Township, string Village, bool SchoolAge);

/// <summary>A case the simulated police move through the emergency chain, one planned step after another.</summary>
internal sealed class SimCase(string reportId, string category, string townshipCode, string village, string? childId,
    DateTimeOffset receivedAt)
{
    public string ReportId { get; } = reportId;
    public string Category { get; } = category;
    public string TownshipCode { get; } = townshipCode;
    public string Village { get; } = village;
    public string? ChildId { get; } = childId;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The child's guardian already received criticism and education: a revocation condition (DOMAIN.md, flag a).</summary>
    public bool Repeat { get; init; }

    /// <summary>The duty officer who took the case (a number on the city's roster).</summary>
    public int Officer { get; init; }

    public Queue<PlannedStep> Plan { get; set; } = new();

    /// <summary>A placement requested for this case and not yet assigned, which an escort to an institution fills.</summary>
    public string? WaitingPlacement { get; set; }
}

/// <summary>
/// One step of a case script: the event type (a police step, or an intervention recorded on the case), how long after
/// the previous step, and what it says.
/// </summary>
internal sealed record PlannedStep(string Type, TimeSpan Delay)
{
    /// <summary>For <c>case.parents_contacted</c>.</summary>
    public bool Reached { get; init; }

    /// <summary>For <c>case.child_escorted</c>: relatives, village_committee or institution (one with a free bed is chosen then).</summary>
    public string? EscortTo { get; init; }

    /// <summary>What officers found on scene (domestic violence, chain step 6): the step then asks civil affairs for a place.</summary>
    public bool SeriousHarm { get; init; }

    public bool NoCarer { get; init; }

    public string? Outcome { get; init; }

    /// <summary>For <c>intervention.recorded</c>.</summary>
    public string? Measure { get; init; }

    /// <summary>Recorded by a colleague of the officer who took the case (the patrol on scene, the next shift).</summary>
    public bool Colleague { get; init; }
}

/// <summary>
/// A place of care as the simulator runs it: its beds, the placements in them, and when it last reported. Every child in
/// it is a placement on the log, so the board computes the same occupancy as the simulator holds here.
/// </summary>
internal sealed class SimInstitution
{
    /// <summary>The share of places that keep their own intake at capacity (always full on the board).</summary>
    internal const double AlwaysFullShare = 0.08;

    public SimInstitution(string id, string kind, string regionCode, int capacity)
    {
        Id = id;
        Kind = kind;
        RegionCode = regionCode;
        Capacity = capacity;
        // The institution's character follows from its id, so a restarted simulator, reading the log, runs it as before.
        var (full, share) = Profile(id);
        AlwaysFull = full < AlwaysFullShare;
        // Most places partly full; the small temporary shelters within a bed or two of capacity, so full now and then.
        Usual = AlwaysFull ? capacity
            : kind == "temporary_shelter" ? Math.Max(0, capacity - (int)(share * 3))
            : (int)(capacity * (0.35 + share * 0.55));
    }

    public string Id { get; }
    public string Kind { get; }
    public string RegionCode { get; }
    public int Capacity { get; }

    /// <summary>
    /// The institution's own intake (children who came other ways than a case or a coordinator's request): placements
    /// admitted here that stay until the intake drifts down, which ends them (swap-remove).
    /// </summary>
    public List<SimPlacement> Residents { get; } = [];

    /// <summary>Placements admitted here and not ended, residents included: the occupied beds.</summary>
    public int Admitted { get; set; }

    /// <summary>Placements assigned here and not admitted yet (a bed reserved).</summary>
    public int Reserved { get; set; }

    /// <summary>What the institution last reported (the board shows no free bed while false).</summary>
    public bool Accepting { get; set; } = true;

    /// <summary>Closed to admissions for a while for a reason other than being full (staff shortage, disinfection).</summary>
    public bool Paused { get; set; }

    /// <summary>One of the few places whose own intake fills every bed that frees up.</summary>
    public bool AlwaysFull { get; }

    /// <summary>
    /// How many beds the institution's own intake tends to keep filled, the simulator's other placements included: its
    /// occupancy drifts towards it, so placements do not pile up; at capacity for the places always full, a bed or two
    /// short of it for the small shelters.
    /// </summary>
    public int Usual { get; }

    public int Staff { get; set; }

    public DateTimeOffset LastStatusAt { get; set; }

    /// <summary>When it will report next (more than a day after the last one for a place gone quiet).</summary>
    public DateTimeOffset NextStatusAt { get; set; }

    /// <summary>When it will update its figures after a child came or left, before its next report; null when it will not.</summary>
    public DateTimeOffset? UpdateAt { get; set; }

    /// <summary>Silent for more than a day (stale on the board) until its next report.</summary>
    public bool Quiet => NextStatusAt - LastStatusAt > TimeSpan.FromHours(24);

    public int Occupied => Admitted;

    public int Free => Math.Max(0, Capacity - Occupied - Reserved);

    /// <summary>What a coordinator or an officer looking at the board sees: accepting, with a free bed.</summary>
    public bool TakesChildren => Accepting && Free > 0;

    /// <summary>A place that protects a child from harm at home (DOMAIN.md, placement suggestion).</summary>
    public bool Protective => Kind is "protection_centre" or "temporary_shelter" or "relief_station";

    /// <summary>Boarding schools are a resource for school places, not temporary care.</summary>
    public bool TemporaryCare => Kind != "boarding_school";

    /// <summary>Two numbers in [0, 1) drawn from the id (FNV-1a): the same in every process, unlike string hashes.</summary>
    private static (double Full, double Share) Profile(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return ((hash & 0xFFFF) / 65536.0, (hash >> 16) / 65536.0);
    }
}

/// <summary>A child waiting for, or in, temporary care, as the simulator placed them.</summary>
internal sealed class SimPlacement(string id, string? reportId, string townshipCode, DateTimeOffset requestedAt)
{
    public string Id { get; } = id;
    public string? ReportId { get; } = reportId;
    public string TownshipCode { get; } = townshipCode;
    public DateTimeOffset RequestedAt { get; } = requestedAt;

    /// <summary>The child needs protection from harm at home (domestic violence, unlawful harm).</summary>
    public bool Protective { get; init; }

    /// <summary>One of an institution's own children (<see cref="SimInstitution.Residents"/>): it leaves when the intake drifts down.</summary>
    public bool Resident { get; init; }

    public PlacementStage Stage { get; set; } = PlacementStage.Requested;

    public string? InstitutionId { get; set; }

    public DateTimeOffset? AdmittedAt { get; set; }
}
