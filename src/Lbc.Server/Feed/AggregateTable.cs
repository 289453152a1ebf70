using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Server.Access;

namespace Lbc.Server.Feed;

/// <summary>A region's figures and its sub-regions' as the leading group receives them: suppressed as one table.</summary>
public sealed record AggregateTable(Figures Figures, IReadOnlyList<RegionFiguresDto> SubRegions)
{
    /// <summary>Reads and suppresses the table of <paramref name="code"/> (call under the projection's lock).</summary>
    public static AggregateTable Of(CommandCenterProjection projection, string code)
    {
        var (parent, rows) = projection.RegionTable(code);
        var (shownParent, shownRows) = Suppression.Table(parent, [.. rows.Select(r => r.Figures)]);
        return new AggregateTable(shownParent, [.. rows.Select((r, i) => new RegionFiguresDto(r.Code, shownRows[i]))]);
    }
}
