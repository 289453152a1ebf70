using Lbc.Contracts;

namespace Lbc.Domain.Projection;

/// <summary>
/// Everything that changed province-wide since the previous drain, as full current states (upserts): applying
/// a change set twice is harmless. Not numbered and not cut to any message size: that is the feed's business.
/// <see cref="Placements"/> are placements not ended that changed (a request, an assignment, an admission, a wait
/// turning late); <see cref="PlacementsEnded"/> those that ended. <see cref="FollowUps"/> are township follow-ups
/// (<see cref="CommandCenterProjection.FollowUps"/>) that changed, an assessment clock breaching included;
/// <see cref="FollowUpsEnded"/> those that left the list (finished, or past the retention after the police close).
/// </summary>
public sealed record ChangeSet(
    DateTimeOffset AsOf,
    IReadOnlyList<CaseDto> Cases,
    IReadOnlyList<RemovedCase> Removed,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<RegionFiguresDto> Townships,
    bool FiguresMoved)
{
    public IReadOnlyList<PlacementDto> Placements { get; init; } = [];

    public IReadOnlyList<EndedPlacement> PlacementsEnded { get; init; } = [];

    public IReadOnlyList<FollowUpDto> FollowUps { get; init; } = [];

    public IReadOnlyList<RemovedCase> FollowUpsEnded { get; init; } = [];

    /// <summary>Alerts raised or changed (escalated, acknowledged, muted, unmuted), open; <see cref="AlertsEnded"/> those resolved.</summary>
    public IReadOnlyList<AlertDto> Alerts { get; init; } = [];

    public IReadOnlyList<EndedAlert> AlertsEnded { get; init; } = [];

    /// <summary>The leading group's alert figures (raised, acknowledged per city) may have moved.</summary>
    public bool AlertFiguresMoved { get; init; }

    public static ChangeSet Empty(DateTimeOffset asOf) => new(asOf, [], [], [], [], false);

    public bool IsEmpty => !FiguresMoved && Cases.Count == 0 && Removed.Count == 0 && Institutions.Count == 0 && Townships.Count == 0
        && Placements.Count == 0 && PlacementsEnded.Count == 0 && FollowUps.Count == 0 && FollowUpsEnded.Count == 0
        && Alerts.Count == 0 && AlertsEnded.Count == 0 && !AlertFiguresMoved;

    /// <summary>Two consecutive change sets as one: what <paramref name="later"/> says about an item wins.</summary>
    public static ChangeSet Merge(ChangeSet earlier, ChangeSet later)
    {
        var (cases, removed) = UpsertOrRemove(earlier.Cases, earlier.Removed, later.Cases, later.Removed, c => c.CaseId, r => r.CaseId);
        var (placements, ended) = UpsertOrRemove(earlier.Placements, earlier.PlacementsEnded, later.Placements, later.PlacementsEnded,
            p => p.PlacementId, e => e.PlacementId);
        var (followUps, followUpsEnded) = UpsertOrRemove(earlier.FollowUps, earlier.FollowUpsEnded, later.FollowUps, later.FollowUpsEnded,
            f => f.CaseId, r => r.CaseId);
        var (alerts, alertsEnded) = UpsertOrRemove(earlier.Alerts, earlier.AlertsEnded, later.Alerts, later.AlertsEnded,
            a => a.AlertId, e => e.AlertId);
        return new ChangeSet(later.AsOf, cases, removed,
            Upsert(earlier.Institutions, later.Institutions, i => i.InstitutionId),
            Upsert(earlier.Townships, later.Townships, t => t.Code),
            earlier.FiguresMoved || later.FiguresMoved)
        {
            Placements = placements,
            PlacementsEnded = ended,
            FollowUps = followUps,
            FollowUpsEnded = followUpsEnded,
            Alerts = alerts,
            AlertsEnded = alertsEnded,
            AlertFiguresMoved = earlier.AlertFiguresMoved || later.AlertFiguresMoved,
        };
    }

    /// <summary>Upserts and removals of one kind of item, merged: an item's last word (upsert or removal) wins.</summary>
    private static (List<T> Items, List<TRemoved> Removed) UpsertOrRemove<T, TRemoved>(
        IReadOnlyList<T> earlier, IReadOnlyList<TRemoved> earlierRemoved, IReadOnlyList<T> later, IReadOnlyList<TRemoved> laterRemoved,
        Func<T, string> key, Func<TRemoved, string> removedKey)
    {
        var removedLater = laterRemoved.Select(removedKey).ToHashSet(StringComparer.Ordinal);
        var items = earlier.Where(i => !removedLater.Contains(key(i))).ToDictionary(key, StringComparer.Ordinal);
        foreach (var i in later)
        {
            items[key(i)] = i;
        }
        var removed = earlierRemoved.Where(r => !items.ContainsKey(removedKey(r))).ToDictionary(removedKey, StringComparer.Ordinal);
        foreach (var r in laterRemoved)
        {
            removed[removedKey(r)] = r;
        }
        return ([.. items.Values], [.. removed.Values]);
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

/// <summary>
/// A placement that ended, where the child came from (its removal reaches the scopes holding that township), and the
/// reason word recognised in its free text (<c>returned_to_parents</c>, <c>returned_to_relatives</c>,
/// <c>new_guardian_appointed</c>, <c>other</c>).
/// </summary>
public readonly record struct EndedPlacement(string PlacementId, string TownshipCode, string Reason);

/// <summary>A resolved alert and where its subject is, so its removal reaches only the scopes that could hold it.</summary>
public readonly record struct EndedAlert(string AlertId, string RegionCode);
