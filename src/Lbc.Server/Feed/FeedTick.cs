using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Server.Access;

namespace Lbc.Server.Feed;

/// <summary>
/// What one publishing tick drained, with what the active scopes need beyond the province-wide change set, all read
/// under the projection's one lock: each jurisdiction's figures (when any moved) and, for the leading group, the
/// open cases per region and category (when a case opened, moved or closed). Unsuppressed: suppression is applied
/// per scope by <see cref="ScopeDeltas"/>; the leading group's tables are suppressed here (a whole table at a time).
/// </summary>
public sealed record FeedTick(
    ChangeSet Changes,
    IReadOnlyDictionary<string, Figures> Figures,
    IReadOnlyDictionary<string, AggregateTable> Tables,
    ReplayProgress? Progress)
{
    public DateTimeOffset AsOf => Changes.AsOf;

    /// <summary>The leading group's alert figures per aggregate jurisdiction, when they moved (already suppressed).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AlertCityFiguresDto>> AlertFigures { get; init; } =
        new Dictionary<string, IReadOnlyList<AlertCityFiguresDto>>();

    /// <summary>Drains the projection (call under its lock, e.g. through <c>ProjectionHost.Read</c>).</summary>
    public static FeedTick Drain(CommandCenterProjection projection, IReadOnlyCollection<Scope> scopes, ReplayProgress? progress)
    {
        var changes = projection.DrainChanges();
        var figures = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var tables = new Dictionary<string, AggregateTable>(StringComparer.Ordinal);
        var alertFigures = new Dictionary<string, IReadOnlyList<AlertCityFiguresDto>>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (changes.AlertFiguresMoved && scope.View == ScopeView.Aggregates && !alertFigures.ContainsKey(scope.Jurisdiction))
            {
                alertFigures[scope.Jurisdiction] = projection.AlertFigures(scope.Jurisdiction);
            }
        }
        foreach (var scope in scopes)
        {
            if (!changes.FiguresMoved)
            {
                break;
            }
            if (scope.View == ScopeView.Cases && !figures.ContainsKey(scope.Jurisdiction))
            {
                figures[scope.Jurisdiction] = projection.FiguresOf(scope.Jurisdiction);
            }
            if (scope.View == ScopeView.Aggregates && !tables.ContainsKey(scope.Jurisdiction))
            {
                tables[scope.Jurisdiction] = AggregateTable.Of(projection, scope.Jurisdiction);
            }
        }
        return new FeedTick(changes, figures, tables, progress) { AlertFigures = alertFigures };
    }

    /// <summary>Only the cases of this tick (an immediate push); the rest is what <see cref="WithoutCases"/> keeps.</summary>
    public FeedTick CasesOnly() => new(Changes with { Institutions = [], Townships = [], FiguresMoved = false },
        new Dictionary<string, Figures>(), new Dictionary<string, AggregateTable>(), null);

    public FeedTick WithoutCases() => this with { Changes = Changes with { Cases = [], Removed = [] } };

    /// <summary>How much of a tick is not cases: what would make an immediate push heavy.</summary>
    public int ItemsBesideCases => Changes.Townships.Count + Changes.Institutions.Count;

    /// <summary>Two consecutive ticks as one: what <paramref name="later"/> says about an item wins.</summary>
    public static FeedTick Merge(FeedTick earlier, FeedTick later) => new(
        ChangeSet.Merge(earlier.Changes, later.Changes),
        Overlay(earlier.Figures, later.Figures),
        Overlay(earlier.Tables, later.Tables),
        later.Progress ?? earlier.Progress)
    {
        AlertFigures = Overlay(earlier.AlertFigures, later.AlertFigures),
    };

    private static Dictionary<string, T> Overlay<T>(IReadOnlyDictionary<string, T> earlier, IReadOnlyDictionary<string, T> later)
    {
        var merged = new Dictionary<string, T>(earlier, StringComparer.Ordinal);
        foreach (var (k, v) in later)
        {
            merged[k] = v;
        }
        return merged;
    }
}
