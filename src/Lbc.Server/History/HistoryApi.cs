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
        app.MapGet(HistoryRoutes.History, async (HttpContext context, IHistoryReader reader, RegionCatalog regions, TimeProvider time,
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
            // The leading group's answers go through HistoryPrivacy, which also decides what it may ask.
            var aggregatesOnly = ScopePolicy.ScopeOf(context.User) is { View: ScopeView.Aggregates };
            if (aggregatesOnly && HistoryPrivacy.Refusal(query) is { } refusal)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [refusal.Parameter] = [refusal.Message] },
                    title: "Invalid history query");
            }
            IReadOnlyList<HistoryPointDto> points;
            try
            {
                points = await ReadPointsAsync(reader, query, aggregatesOnly, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Results.Problem(title: "History store unavailable", detail: ex.Message,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var dto = new HistorySeriesDto(query.Metric.Name, query.Region, MetricSchema.LevelWord(query.Level), query.Stage,
                query.Aggregate == HistoryAggregate.Last ? "last" : "avg", (int)query.Step.TotalSeconds, query.From, query.To,
                reader.Kind, points);
            return Results.Json(dto, HistoryJsonContext.Default.HistorySeriesDto);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    /// <summary>
    /// The points of a valid query as this API answers them: through <see cref="HistoryPrivacy"/> for the leading group, as
    /// stored for everyone else. The bulletins read history through here too, so their figures are the API's.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryPointDto>> ReadPointsAsync(IHistoryReader reader, HistoryQuery query, bool aggregatesOnly,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        aggregatesOnly
            ? await HistoryPrivacy.ReadAsync(reader, query, now, cancellationToken)
            : [.. (await reader.QueryAsync(query, cancellationToken)).Select(v => new HistoryPointDto(v.Time, v.Value))];

    /// <summary>
    /// The one place that checks the caller may see <paramref name="query"/>'s region: 403 when it lies
    /// outside the caller's jurisdiction (a county officer cannot read the neighbouring county's trend).
    /// </summary>
    private static IResult? Authorize(HttpContext context, HistoryQuery query)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { } scope)
        {
            return Results.Problem(title: "No jurisdiction", detail: "Your account has no valid role and jurisdiction.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        return RegionCodes.Contains(scope.Jurisdiction, query.Region)
            ? null
            : Results.Problem(title: "Outside your jurisdiction",
                detail: $"Region {query.Region} is outside your jurisdiction {scope.Jurisdiction}.",
                statusCode: StatusCodes.Status403Forbidden);
    }
}
