using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Projection;

namespace Lbc.Server.Apis;

/// <summary>
/// The drill-down (country > province > city > county > township) for every role, inside the caller's jurisdiction (403 outside):
/// a region with its sub-regions, and every township of a region for the heat layers. The leading group gets them
/// suppressed as tables (<see cref="Suppression"/>): the drill-down as one table, the townships one county at a time.
/// </summary>
public static class RegionApi
{
    public static IEndpointRouteBuilder MapRegionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(RegionRoutes.Figures, (string code, HttpContext context, ProjectionHost host) =>
        {
            if (Check(context, host.Regions, code) is { } refused)
            {
                return refused;
            }
            var scope = ScopePolicy.ScopeOf(context.User)!.Value;
            var regions = host.Regions;
            var drill = host.Read(p =>
            {
                var (parent, rows) = p.RegionTable(code);
                var figures = parent;
                IReadOnlyList<Figures> shown = [.. rows.Select(r => r.Figures)];
                if (scope.View == ScopeView.Aggregates)
                {
                    (figures, shown) = Suppression.Table(parent, shown);
                }
                return new RegionDrillDto(code, regions.NameOf(code) ?? code, LevelWord(code), p.Now, figures,
                    [.. rows.Select((r, i) => Row(regions, r.Code, shown[i]))], Breadcrumb(regions, scope.Jurisdiction, code));
            });
            return TypedResults.Json(drill, ContractsJsonContext.Default.RegionDrillDto);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);

        app.MapGet(RegionRoutes.Townships, (string code, HttpContext context, ProjectionHost host) =>
        {
            if (Check(context, host.Regions, code) is { } refused)
            {
                return refused;
            }
            var scope = ScopePolicy.ScopeOf(context.User)!.Value;
            var regions = host.Regions;
            var rows = host.Read(p => TownshipsOf(p, regions, code, scope.View == ScopeView.Aggregates));
            return TypedResults.Json(rows, ContractsJsonContext.Default.IReadOnlyListRegionRowDto);
        }).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    /// <summary>Every township of a region; for the leading group each county's townships are suppressed as that county's table.</summary>
    private static IReadOnlyList<RegionRowDto> TownshipsOf(CommandCenterProjection p, RegionCatalog regions, string code, bool suppress)
    {
        // The country's 41,000 townships would be megabytes for one heat layer: its map shows the provinces only.
        var counties = RegionCodes.LevelOf(code) switch
        {
            // The province's own counties: the national catalog holds every province's.
            RegionLevel.Province => [.. regions.Counties.Where(c => RegionCodes.Contains(code, c.Code)).Select(c => c.Code)],
            RegionLevel.City => [.. regions.CountiesIn(code).Select(c => c.Code)],
            RegionLevel.County => [code],
            _ => (IReadOnlyList<string>)[],
        };
        var list = new List<RegionRowDto>();
        foreach (var county in counties)
        {
            var (parent, rows) = p.RegionTable(county);
            IReadOnlyList<Figures> shown = [.. rows.Select(r => r.Figures)];
            if (suppress)
            {
                shown = Suppression.Table(parent, shown).Rows;
            }
            list.AddRange(rows.Select((r, i) => Row(regions, r.Code, shown[i])));
        }
        if (RegionCodes.LevelOf(code) == RegionLevel.Township)
        {
            var (parent, _) = p.RegionTable(code);
            list.Add(Row(regions, code, suppress ? Suppression.Row(parent) : parent));
        }
        return list;
    }

    private static IResult? Check(HttpContext context, RegionCatalog regions, string code)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { } scope)
        {
            return Results.Problem(title: "No jurisdiction", statusCode: StatusCodes.Status403Forbidden);
        }
        if (RegionCodes.LevelOf(code) is null or RegionLevel.Village || !regions.IsKnown(code))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["a province, city, county or township code"] });
        }
        return RegionCodes.Contains(scope.Jurisdiction, code)
            ? null
            : Results.Problem(title: "Outside your jurisdiction", statusCode: StatusCodes.Status403Forbidden);
    }

    private static RegionRowDto Row(RegionCatalog regions, string code, Figures figures)
    {
        var point = regions.CentreOf(code) ?? default;
        return new RegionRowDto(code, regions.NameOf(code) ?? code, LevelWord(code), point.Lon, point.Lat, figures);
    }

    private static IReadOnlyList<RegionCrumbDto> Breadcrumb(RegionCatalog regions, string jurisdiction, string code)
    {
        var crumbs = new List<RegionCrumbDto>();
        for (var c = code; c is not null && RegionCodes.Contains(jurisdiction, c); c = RegionCodes.ParentOf(c))
        {
            crumbs.Add(new RegionCrumbDto(c, regions.NameOf(c) ?? c));
        }
        // No code names the country as its parent: a national leading group's way back up ends with it.
        if (jurisdiction == RegionCodes.Country && code != RegionCodes.Country)
        {
            crumbs.Add(new RegionCrumbDto(RegionCodes.Country, regions.NameOf(RegionCodes.Country) ?? RegionCodes.Country));
        }
        crumbs.Reverse();
        return crumbs;
    }

    private static string LevelWord(string code) => RegionCodes.LevelOf(code) switch
    {
        RegionLevel.Country => "country",
        RegionLevel.Province => "province",
        RegionLevel.City => "city",
        RegionLevel.County => "county",
        _ => "township",
    };
}
