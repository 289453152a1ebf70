using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

/// <summary>
/// GET /api/history?metric=overdue&amp;region=2101&amp;from=...&amp;to=...&amp;step=1h[&amp;fn=avg|last][&amp;stage=...]:
/// one aggregate series for the dashboard's trend charts, from InfluxDB when configured, from the
/// embedded SQLite store otherwise. Only region aggregates exist in history, so no answer can carry a child.
/// </summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(HistoryRoutes.History, async (HttpContext context, IHistoryReader reader, RegionCatalog regions,
            string? metric, string? region, string? from, string? to, string? step, string? fn, string? stage,
            CancellationToken cancellationToken) =>
        {
            var (query, errors) = HistoryQueryParser.Parse(metric, region, from, to, step, fn, stage, regions);
            if (query is null)
            {
                return Results.ValidationProblem(errors, title: "Invalid history query");
            }
            if (Authorize(context, query) is { } denied)
            {
                return denied;
            }
            IReadOnlyList<HistoryValue> values;
            try
            {
                values = await reader.QueryAsync(query, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Results.Problem(title: "History store unavailable", detail: ex.Message,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var dto = new HistorySeriesDto(query.Metric.Name, query.Region, MetricSchema.LevelWord(query.Level), query.Stage,
                query.Aggregate == HistoryAggregate.Last ? "last" : "avg", (int)query.Step.TotalSeconds, query.From, query.To,
                reader.Kind, [.. values.Select(v => new HistoryPointDto(v.Time, v.Value))]);
            return Results.Json(dto, HistoryJsonContext.Default.HistorySeriesDto);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    /// <summary>
    /// The one place to check that the caller may see <paramref name="query"/>'s region (jurisdictions
    /// are issue 4's ScopePolicy): return 403 when the region is outside the caller's jurisdiction.
    /// For now any signed-in user (the dashboard policy above) may read any region's aggregates.
    /// </summary>
    private static IResult? Authorize(HttpContext context, HistoryQuery query)
    {
        _ = context;
        _ = query;
        return null;
    }
}
