using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Configuration;
using Lbc.Server.Feed;
using Lbc.Server.Health;
using Lbc.Reference;
using Lbc.Server.Projection;

namespace Lbc.Server.Apis;

/// <summary>Read endpoints: snapshot and reference geography (signed-in users), health (anyone: load balancers ask it).</summary>
public static class ReadApi
{
    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder app)
    {
        // The caller's scope only: case-level for police, civil affairs and administrators, aggregates for the
        // leading group. The scope's sequence is read before the projection, so the snapshot is at or after it.
        app.MapGet(ApiRoutes.Snapshot, (HttpContext context, ProjectionHost host, ScopedFeed feed, DashboardOptions options) =>
        {
            if (ScopePolicy.ScopeOf(context.User) is not { } scope)
            {
                return Results.Forbid();
            }
            var sequence = feed.SequenceOf(scope);
            var tiles = string.IsNullOrWhiteSpace(options.Map.TileUrl) ? null : options.Map.TileUrl;
            if (scope.View == ScopeView.Cases)
            {
                var snapshot = host.Snapshot(scope.Jurisdiction) with { Sequence = sequence, TileUrl = tiles };
                return TypedResults.Json(snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            }
            // The leading group's: its region and sub-regions as one suppressed table; no identities at all.
            var aggregate = host.Read(p =>
            {
                var table = AggregateTable.Of(p, scope.Jurisdiction);
                return new AggregateSnapshot(sequence, p.Now, scope.Jurisdiction, host.Progress, table.Figures, table.SubRegions,
                    p.RulesDto(), tiles) { Alerts = p.AlertFigures(scope.Jurisdiction) };
            });
            return TypedResults.Json(aggregate, ContractsJsonContext.Default.AggregateSnapshot);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);

        // Anyone (load balancers, compose) gets the status words; only a signed-in administrator gets the details,
        // which name file paths, stream keys and figures an outsider has no use for.
        app.MapGet(ApiRoutes.Health, (HttpContext context, ProjectionHost host, ComponentHealth health) =>
        {
            var progress = host.Progress;
            // A consumer alert (events trimmed before this instance read them) means the projection is missing
            // events: the instance shows wrong figures, which is worse than an outage the UI already flags.
            var status = health.All.TryGetValue("consumer", out var consumer) && consumer.Status != "healthy" ? "unhealthy"
                : health.All.Values.All(c => c.Status == "healthy") ? progress.Ready ? "healthy" : "starting" : "degraded";
            if (!context.User.IsInRole(Roles.Administrator) || ScopePolicy.ScopeOf(context.User) is null)
            {
                return Results.Json(new PublicHealthReport(status,
                    health.All.ToDictionary(c => c.Key, c => new PublicComponentStatus(c.Value.Status), StringComparer.Ordinal),
                    new PublicProjectionHealth(progress.Ready)), ServerJsonContext.Default.PublicHealthReport);
            }
            var counters = host.Counters();
            return Results.Json(new HealthReport(status, health.All,
                new ProjectionHealth(progress.Ready, progress.Phase, counters.Applied, counters.Duplicates,
                    counters.Rejected, counters.ActiveChildren)
                {
                    ReplayedOnStart = host.ReplayedOnStart,
                    RestoredFrom = host.RestoredFrom?.ToString(),
                }),
                ServerJsonContext.Default.HealthReport);
        }).AllowAnonymous();

        app.MapGet(ApiRoutes.Regions, IResult (ProjectionHost host, System.Security.Claims.ClaimsPrincipal user) =>
        {
            var regions = host.Regions;
            if (ScopePolicy.ScopeOf(user) is not { } scope)
            {
                return Results.Forbid();
            }
            if (scope.Jurisdiction == RegionCodes.Country)
            {
                return TypedResults.Json(CountryRegions(regions), ContractsJsonContext.Default.IReadOnlyListRegionDto);
            }
            // The user's province only: with the national catalog (41,000 townships) every client would otherwise load the
            // whole country's names and points; with the Liaoning catalog this is every region, as before.
            var province = RegionCodes.AncestorAt(scope.Jurisdiction, RegionLevel.Province)!;
            var list = new List<RegionDto>();
            foreach (var city in regions.Cities.Where(c => RegionCodes.Contains(province, c.Code)))
            {
                var first = regions.CountiesIn(city.Code).FirstOrDefault();
                list.Add(new RegionDto(city.Code, city.Name, province, "city", first?.Centre.Lon ?? 0, first?.Centre.Lat ?? 0, true));
            }
            foreach (var county in regions.Counties.Where(c => RegionCodes.Contains(province, c.Code)))
            {
                list.Add(new RegionDto(county.Code, county.Name, county.CityCode, "county", county.Centre.Lon, county.Centre.Lat, false));
            }
            foreach (var t in regions.TownshipsWithin(province))
            {
                list.Add(new RegionDto(t.Code, t.Name, t.CountyCode, "township", t.Point.Lon, t.Point.Lat, t.Approximate));
            }
            return TypedResults.Json<IReadOnlyList<RegionDto>>(list, ContractsJsonContext.Default.IReadOnlyListRegionDto);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);

        app.MapGet(ApiRoutes.CountyBoundaries, (ReferenceFiles files) =>
            TypedResults.PhysicalFile(files.CountyBoundariesPath, "application/geo+json"))
            .RequireAuthorization(AccessSetup.DashboardPolicy);

        return app;
    }

    /// <summary>A national leading group's names: the provinces and cities (its drill-down asks for anything finer).</summary>
    private static IReadOnlyList<RegionDto> CountryRegions(RegionCatalog regions)
    {
        var list = new List<RegionDto>(regions.Provinces.Count + regions.Cities.Count);
        foreach (var province in regions.Provinces)
        {
            var centre = regions.CentreOf(province.Code) ?? default;
            list.Add(new RegionDto(province.Code, province.Name, RegionCodes.Country, "province", centre.Lon, centre.Lat, true));
        }
        foreach (var city in regions.Cities)
        {
            var first = regions.CountiesIn(city.Code).FirstOrDefault();
            list.Add(new RegionDto(city.Code, city.Name, RegionCodes.ProvinceOf(city.Code), "city", first?.Centre.Lon ?? 0, first?.Centre.Lat ?? 0, true));
        }
        return list;
    }
}

/// <summary>
/// Where the reference data the server loaded sits; the county outlines come from <paramref name="OutlineFallback"/> (the
/// committed Liaoning folder next to the server) when that folder has none, as the national catalog has not.
/// </summary>
public sealed record ReferenceFiles(string Directory, string? OutlineFallback = null)
{
    public string CountyBoundariesDirectory =>
        OutlineFallback is null || File.Exists(Path.Combine(Directory, ReferenceData.CountiesFile)) ? Directory : OutlineFallback;

    public string CountyBoundariesPath => Path.Combine(CountyBoundariesDirectory, ReferenceData.CountiesFile);
}
