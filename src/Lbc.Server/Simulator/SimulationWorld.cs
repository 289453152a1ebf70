using Lbc.Domain.Regions;

namespace Lbc.Server.Simulator;

/// <summary>
/// What the simulator, as a producer, knows of the world it plays: its children, townships that are
/// chronically late with visits, institutions and the cases it is working through. Kept apart from the
/// projection on purpose: in production the simulator is a separate process.
/// </summary>
internal sealed class SimulationWorld(RegionCatalog regions, Random random)
{
    public RegionCatalog Regions { get; } = regions;
    public Random Random { get; } = random;

    /// <summary>Active children: id and township index (swap-remove on exit).</summary>
    public List<(string Id, int Township, bool SchoolAge)> Children { get; } = [];

    public HashSet<int> ChronicallyLate { get; } = [];

    public List<(string Id, int Capacity)> Institutions { get; } = [];

    public List<SimCase> Cases { get; } = [];

    public double[] TownshipWeights { get; } = BuildWeights(regions);

    public int NextChildNumber { get; set; }

    public int NextReportNumber { get; set; }

    public Township PickTownship()
    {
        var total = TownshipWeights[^1];
        var x = Random.NextDouble() * total;
        var index = Array.BinarySearch(TownshipWeights, x);
        return Regions.Townships[index < 0 ? ~index : index];
    }

    public string PickVillage(Township township)
    {
        var villages = Regions.VillagesIn(township.Code);
        return villages.Count == 0 ? "" : villages[Random.Next(villages.Count)].Code;
    }

    public T Pick<T>(IReadOnlyList<(T Value, double Weight)> choices)
    {
        var total = choices.Sum(c => c.Weight);
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

/// <summary>A case the simulator moves through the emergency chain, one planned step after another.</summary>
internal sealed class SimCase(string reportId, string townshipCode, DateTimeOffset receivedAt, Queue<PlannedStep> steps)
{
    public string ReportId { get; } = reportId;
    public string TownshipCode { get; } = townshipCode;
    public Queue<PlannedStep> Steps { get; } = steps;
    public DateTimeOffset NextAt { get; set; } = receivedAt + (steps.TryPeek(out var first) ? first.Delay : TimeSpan.Zero);
}

/// <summary>One step of a case script: the event type, how long after the previous step, and its extra data.</summary>
internal sealed record PlannedStep(string Type, TimeSpan Delay, Action<System.Text.Json.Utf8JsonWriter>? Data = null);
