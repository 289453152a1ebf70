using Lbc.Contracts;

namespace Lbc.Domain.Projection;

/// <summary>
/// Everything that changed province-wide since the previous drain, as full current states (upserts): applying
/// a change set twice is harmless. Not numbered and not cut to any message size: that is the feed's business.
/// </summary>
public sealed record ChangeSet(
    DateTimeOffset AsOf,
    IReadOnlyList<CaseDto> Cases,
    IReadOnlyList<RemovedCase> Removed,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<RegionFiguresDto> Townships,
    bool FiguresMoved)
{
    public static ChangeSet Empty(DateTimeOffset asOf) => new(asOf, [], [], [], [], false);

    public bool IsEmpty => !FiguresMoved && Cases.Count == 0 && Removed.Count == 0 && Institutions.Count == 0 && Townships.Count == 0;

    /// <summary>Two consecutive change sets as one: what <paramref name="later"/> says about an item wins.</summary>
    public static ChangeSet Merge(ChangeSet earlier, ChangeSet later)
    {
        var removedLater = later.Removed.Select(r => r.CaseId).ToHashSet(StringComparer.Ordinal);
        var cases = earlier.Cases.Where(c => !removedLater.Contains(c.CaseId)).ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        foreach (var c in later.Cases)
        {
            cases[c.CaseId] = c;
        }
        var removed = earlier.Removed.Where(r => !cases.ContainsKey(r.CaseId)).ToDictionary(r => r.CaseId, StringComparer.Ordinal);
        foreach (var r in later.Removed)
        {
            removed[r.CaseId] = r;
        }
        return new ChangeSet(later.AsOf, [.. cases.Values], [.. removed.Values],
            Upsert(earlier.Institutions, later.Institutions, i => i.InstitutionId),
            Upsert(earlier.Townships, later.Townships, t => t.Code),
            earlier.FiguresMoved || later.FiguresMoved);
    }

    private static List<T> Upsert<T>(IReadOnlyList<T> earlier, IReadOnlyList<T> later, Func<T, string> key)
    {
        if (earlier.Count == 0)
        {
            return [.. later];
        }
        var merged = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in earlier.Concat(later))
        {
            merged[key(item)] = item;
        }
        return [.. merged.Values];
    }
}

/// <summary>A closed case and where it was, so its removal reaches only the scopes that could have it.</summary>
public readonly record struct RemovedCase(string CaseId, string TownshipCode);
