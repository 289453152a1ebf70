using System.Globalization;
using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Lbc.Server.Configuration;
using Lbc.Server.Projection;

namespace Lbc.Server.Apis;

/// <summary>
/// <c>GET /api/audit?user=&amp;caseId=&amp;from=&amp;to=&amp;before=&amp;limit=&amp;format=csv</c>: the audit trail for administrators,
/// lines about or by their jurisdiction only, newest first, paged by <c>before</c>; <c>format=csv</c> is every matching
/// line as a file (itself an audit line). Read from the projection's index, never from the log.
/// </summary>
public static class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuditRoutes.Audit, GetAuditAsync).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    private static async Task<IResult> GetAuditAsync(HttpContext context, ProjectionHost host, AuditTrail audit, AuditSettings settings,
        TimeProvider time)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { } scope || !context.User.IsInRole(Roles.Administrator))
        {
            return Results.Forbid();
        }
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var filter = new AuditFilter(
            User: Text(query["user"]),
            CaseId: Text(query["caseId"]),
            From: Time(query["from"], "from", errors),
            To: Time(query["to"], "to", errors),
            Before: Number(query["before"], "before", 0, long.MaxValue, errors));
        var csv = string.Equals(query["format"], "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && Text(query["format"]) is { } format && format != "json")
        {
            errors["format"] = ["json (the default) or csv"];
        }
        var limit = csv ? Math.Max(1, settings.IndexLines) : (int)(Number(query["limit"], "limit", 1, MaxLimit, errors) ?? DefaultLimit);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid audit query");
        }
        var (lines, next) = host.Read(p => p.QueryAudit(filter, scope.Jurisdiction, limit));
        var entries = lines.Select(e => ToDto(e, scope.Jurisdiction));
        if (!csv)
        {
            return TypedResults.Json(new AuditPageDto([.. entries], next), ContractsJsonContext.Default.AuditPageDto);
        }
        // Taking the trail away is itself worth a line: who exported what.
        audit.Record(AuditRecord.Of(context.User, context, AuditAction.AuditExported, AuditOutcome.Ok) with
        {
            CaseId = filter.CaseId,
            Target = $"GET {AuditRoutes.Audit} format=csv",
            Reason = Describe(filter, lines.Count),
        });
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{scope.Jurisdiction}-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
        await AuditCsv.WriteAsync(context.Response.Body, entries, context.RequestAborted);
        return Results.Empty;
    }

    /// <summary>The region a line is about only when it is the reader's: a refusal of a case elsewhere must not tell where it is.</summary>
    private static AuditEntryDto ToDto(in AuditEntry e, string jurisdiction) => new(e.Sequence, e.At, e.Action, e.Outcome, e.User, e.Role,
        e.Jurisdiction, e.CaseId, e.Target, e.Reason, e.Region is { } r && RegionCodes.Contains(jurisdiction, r) ? r : null, e.Address);

    private static string Describe(AuditFilter f, int count) => string.Join("; ", new[]
    {
        $"{count} lines",
        f.User is null ? null : "user=" + f.User,
        f.From is null ? null : "from=" + EventTimestamps.Format(f.From.Value),
        f.To is null ? null : "to=" + EventTimestamps.Format(f.To.Value),
    }.Where(s => s is not null));

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Time(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (Text(value) is not { } text)
        {
            return null;
        }
        if (EventTimestamps.TryParse(text, out var time))
        {
            return time;
        }
        errors[name] = ["an ISO 8601 time with offset, e.g. 2026-03-02T00:00:00+08:00"];
        return null;
    }

    private static long? Number(string? value, string name, long min, long max, Dictionary<string, string[]> errors)
    {
        if (Text(value) is not { } text)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors[name] = [$"a whole number from {min} to {max}"];
        return null;
    }
}
