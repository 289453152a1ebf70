using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Server.Audit;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Bulletins.Composition;
using Lbc.Server.Bulletins.Pdf;
using Lbc.Server.Bulletins.Xlsx;
using Lbc.Server.Projection;

namespace Lbc.Server.Bulletins;

/// <summary>
/// GET /api/bulletins?region=&amp;period=&amp;format=pdf|xlsx (ARCHITECTURE.md): the bulletin of a region inside the caller's
/// jurisdiction, the leading group's with its small counts withheld (<see cref="BulletinSuppression"/>). Bad parameters:
/// 400 naming each; a region outside the jurisdiction: 404, as if it did not exist; no CJK font for a PDF: 503 naming
/// the package; history unreachable: 503. The file is named by region code and period only.
/// </summary>
public static class BulletinApi
{
    public const string PdfType = "application/pdf";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapBulletinApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(BulletinRoutes.Bulletins, GetAsync).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext context, BulletinComposer composer, ProjectionHost host, RegionCatalog regions,
        BulletinOptions options, AuditTrail audit, TimeProvider time, string? region, string? period, string? format, CancellationToken cancellationToken)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { } scope)
        {
            return Results.Problem(title: "No jurisdiction", detail: "Your account has no valid role and jurisdiction.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(region))
        {
            errors["region"] = ["required: a region code (21 province, 4-digit city, 6-digit county, 9-digit township)"];
        }
        else if (RegionCodes.LevelOf(region) is null or RegionLevel.Village || !regions.IsKnown(region))
        {
            errors["region"] = [$"'{region}' is not a known province, city, county or township code"];
        }
        var (parsed, periodError) = BulletinPeriod.Parse(period, time.GetUtcNow());
        if (periodError is not null)
        {
            errors["period"] = [periodError];
        }
        if (format is null || !BulletinRoutes.Formats.Contains(format))
        {
            errors["format"] = [format is null ? "required: pdf or xlsx" : $"'{format}' is not a format; use pdf or xlsx"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid bulletin request");
        }
        if (!ScopePolicy.SeesRegion(scope, region!))
        {
            return Results.Problem(title: "Not found", detail: $"No region {region} in your jurisdiction.", statusCode: StatusCodes.Status404NotFound);
        }

        string? cjk = null, latin = null;
        if (format == "pdf")
        {
            cjk = options.ResolveCjkFont();
            latin = options.ResolveLatinFont();
            if (cjk is null || latin is null)
            {
                var (package, key) = cjk is null ? (BulletinOptions.CjkPackage, nameof(BulletinOptions.FontPath)) : (BulletinOptions.LatinPackage, nameof(BulletinOptions.LatinFontPath));
                return Results.Problem(title: "PDF font missing",
                    detail: $"No TrueType font for the PDF bulletin was found: install the Debian package {package}, or set " +
                        $"{BulletinOptions.Section}:{key}. The xlsx format works without it.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }

        Bulletin bulletin;
        try
        {
            var rules = host.Read(p => p.RulesDto());
            bulletin = await composer.ComposeAsync(region!, parsed!, scope.View == ScopeView.Aggregates, rules, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Problem(title: "History store unavailable", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        // Who produced which region's bulletin for which period: a bulletin leaves the system as a file, so it is on the trail.
        audit.Record(AuditRecord.Of(context.User, context, AuditAction.BulletinExported, AuditOutcome.Ok) with
        {
            Target = $"GET {BulletinRoutes.Bulletins}",
            Reason = $"{region} {period} {format}",
        });
        return format == "pdf"
            ? Results.File(BulletinPdfWriter.Write(bulletin, cjk!, latin!), PdfType, bulletin.FileName("pdf"))
            : Results.File(BulletinXlsxWriter.Write(bulletin), XlsxType, bulletin.FileName("xlsx"));
    }
}
