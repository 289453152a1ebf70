using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Domain.Registry;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.Ledger.Commit;
using Lbc.Ledger.Files;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Reading;
using Lbc.Ledger.Validation;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Lbc.Server.Ledger;
using Lbc.Server.Projection;
using Microsoft.AspNetCore.Http.Features;

namespace Lbc.Server.Apis;

/// <summary>
/// The township ledger import (ARCHITECTURE.md "ledger import", docs/ledger-import.md): upload for a preview kept on the
/// server, commit in the background with its progress, the template and the CSV export. Township staff import for their
/// township, civil affairs of a county (or township) for its townships (<see cref="ScopePolicy.LedgerJurisdictionOf"/>);
/// everyone else gets 403. A row about a village outside the user's jurisdiction is a row error and never imported.
/// </summary>
public static class LedgerApi
{
    // The multipart envelope around a 10 MB file: boundaries, headers and the field name.
    private const long EnvelopeBytes = 256 * 1024;
    private const long MaxCommitBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization(AccessSetup.DashboardPolicy);
        group.MapPost(LedgerRoutes.Imports, UploadAsync).AddEndpointFilter(AuthApi.RequireRequestedWith);
        group.MapGet(LedgerRoutes.Import, GetProgress);
        group.MapPost(LedgerRoutes.Commit, CommitAsync).AddEndpointFilter(AuthApi.RequireRequestedWith);
        group.MapGet(LedgerRoutes.Template, GetTemplate);
        group.MapGet(LedgerRoutes.Export, GetExport);
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, ProjectionHost host, LedgerValidator validator,
        LedgerImportStore imports, AuditTrail audit, TimeProvider time)
    {
        if (ScopePolicy.LedgerJurisdictionOf(context.User) is not { } jurisdiction || context.User.Identity?.Name is not { } username)
        {
            return Results.Forbid();
        }
        var line = AuditRecord.Of(context.User, context, AuditAction.LedgerUploaded, AuditOutcome.Refused) with { Target = $"POST {LedgerRoutes.Imports}" };
        if (context.Request.ContentLength > LedgerLimits.MaxFileBytes + EnvelopeBytes)
        {
            // Refused before reading: the declared size is enough.
            audit.Record(line with { Reason = "file too large" });
            return TooLarge(TooLargeMessage);
        }
        if (!context.Request.HasFormContentType)
        {
            return FileRequired();
        }
        IFormFile? file;
        try
        {
            // The file stays in memory (at most the 12 MB request limit): by default a form file over 64 KB is buffered in a
            // temp file, and a ledger's names and phones must not land on the server's disk in plain.
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
            {
                MemoryBufferThreshold = (int)(LedgerLimits.MaxFileBytes + EnvelopeBytes),
            }));
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            file = form.Files.GetFile("file");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            audit.Record(line with { Reason = "file too large" });
            return TooLarge(TooLargeMessage);
        }
        catch (InvalidDataException)
        {
            return FileRequired();
        }
        if (file is null)
        {
            return FileRequired();
        }
        if (file.Length > LedgerLimits.MaxFileBytes)
        {
            audit.Record(line with { Reason = "file too large" });
            return TooLarge(TooLargeMessage);
        }
        LedgerTable table;
        try
        {
            await using var stream = file.OpenReadStream();
            table = await LedgerFileReader.ReadAsync(stream, file.FileName, context.RequestAborted);
        }
        catch (LedgerTooLargeException ex)
        {
            audit.Record(line with { Reason = ex.Code });
            return TooLarge(ex.Message);
        }
        catch (LedgerFileException ex)
        {
            audit.Record(line with { Outcome = AuditOutcome.Failed, Reason = ex.Code });
            return TypedResults.Problem(title: "不能读取台账文件", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = ex.Code });
        }

        var now = time.GetUtcNow();
        var today = DayNumber.ToDate(DayNumber.Of(now));
        var (held, confirmed) = LedgerBaselines.Held(host, jurisdiction, LedgerQuarter.Of(today).FirstDay);
        var validation = validator.Validate(table, jurisdiction, today, id => held.TryGetValue(id, out var h) && h.Active);
        var preview = LedgerDiff.Compare(validation, LedgerBaselines.For(host, held, validation.Records.Select(r => r.ChildId)));
        // Only an unchanged child needs no second confirmation this quarter; a changed one is updated whatever its date.
        confirmed.IntersectWith(preview.Unchanged.Select(r => r.ChildId));
        if (imports.Add(username, jurisdiction, preview, confirmed) is not { } import)
        {
            return TypedResults.Problem(title: "服务器上待确认的导入过多", detail: "请稍后再上传。",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var counts = preview.Counts;
        audit.Record(line with
        {
            Outcome = AuditOutcome.Ok,
            Reason = string.Create(CultureInfo.InvariantCulture,
                $"import {import.Id}; {counts.Rows} rows, {counts.BadRows} bad; {counts.NewChildren} new, {counts.Updated} updated, {counts.ProposedExits} proposed exits"),
        });
        return TypedResults.Json(ToDto(import, host.Read(p => p.Regions)), ContractsJsonContext.Default.LedgerPreviewDto);
    }

    private static IResult GetProgress(string importId, HttpContext context, LedgerImportStore imports) =>
        context.User.Identity?.Name is { } username && imports.Find(username, importId) is { } import
            ? TypedResults.Json(import.Progress(), ContractsJsonContext.Default.LedgerProgressDto)
            : NoSuchImport();

    private static async Task<IResult> CommitAsync(string importId, HttpContext context, LedgerImportStore imports, LedgerCommitRunner runner)
    {
        if (ScopePolicy.LedgerJurisdictionOf(context.User) is not { } jurisdiction || context.User.Identity?.Name is not { } username)
        {
            return Results.Forbid();
        }
        // Another user's import, an expired one, or one read for a jurisdiction the user no longer has: the same 404.
        if (imports.Find(username, importId) is not { } import || import.Jurisdiction != jurisdiction)
        {
            return NoSuchImport();
        }
        var body = await RequestBody.ReadAsync(context.Request, MaxCommitBytes, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(title: "Commit request too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        LedgerCommitRequest? request;
        try
        {
            request = body.Length == 0 ? new LedgerCommitRequest(false) : JsonSerializer.Deserialize(body, ContractsJsonContext.Default.LedgerCommitRequest);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null)
        {
            return Invalid("body", "expected a JSON object {skipBadRows, exits, quarter}");
        }
        var exits = new Dictionary<string, ExitReason>(StringComparer.Ordinal);
        foreach (var (childId, word) in request.Exits ?? new Dictionary<string, string>())
        {
            if (!RegistryVocabulary.ExitReasons.TryParse(word, out var reason))
            {
                return Invalid("exits", $"a reason is one of {string.Join(", ", RegistryVocabulary.ExitReasons.Words)}");
            }
            exits[childId] = reason;
        }
        LedgerQuarter? quarter = null;
        if (request.Quarter is { } text)
        {
            if (!LedgerQuarter.TryParse(text, out var parsed))
            {
                return Invalid("quarter", "a quarter like 2026Q4");
            }
            quarter = parsed;
        }
        var line = AuditRecord.Of(context.User, context, AuditAction.LedgerImported, AuditOutcome.Ok);
        try
        {
            if (!runner.Start(import, new LedgerCommitOptions(quarter, exits, request.SkipBadRows), line))
            {
                return TypedResults.Json(import.Progress(), ContractsJsonContext.Default.LedgerProgressDto, statusCode: StatusCodes.Status409Conflict);
            }
        }
        catch (LedgerCommitException ex)
        {
            return TypedResults.Problem(title: ex.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = ex.Code });
        }
        context.Response.Headers.Location = LedgerRoutes.ImportOf(import.Id);
        return TypedResults.Json(import.Progress(), ContractsJsonContext.Default.LedgerProgressDto, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult GetTemplate(HttpContext context) =>
        ScopePolicy.LedgerJurisdictionOf(context.User) is null
            ? Results.Forbid()
            : TypedResults.File(LedgerTemplate.CreateXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ledger-template.xlsx");

    /// <summary>The township's current ledger in the import layout, without names (they never leave the server in bulk).</summary>
    private static IResult GetExport(string? township, HttpContext context, ProjectionHost host, AuditTrail audit, TimeProvider time)
    {
        if (ScopePolicy.LedgerJurisdictionOf(context.User) is not { } jurisdiction)
        {
            return Results.Forbid();
        }
        var code = string.IsNullOrEmpty(township) ? jurisdiction : township;
        if (RegionCodes.LevelOf(code) != RegionLevel.Township)
        {
            return Invalid("township", "a 9-digit township code of your jurisdiction");
        }
        if (!RegionCodes.Contains(jurisdiction, code))
        {
            return Results.Forbid();
        }
        var records = host.Read(p => p.LedgerOf(code)).Select(LedgerBaselines.ToRecord);
        var csv = LedgerExport.ToCsv(records);
        audit.Record(AuditRecord.Of(context.User, context, AuditAction.LedgerExported, AuditOutcome.Ok) with
        {
            Target = $"GET {LedgerRoutes.Export}",
            Reason = "township " + code,
        });
        context.Response.Headers.CacheControl = "no-store";
        var day = DayNumber.ToDate(DayNumber.Of(time.GetUtcNow())).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"ledger-{code}-{day}.csv");
    }

    private static LedgerPreviewDto ToDto(LedgerImport import, RegionCatalog regions)
    {
        var p = import.Preview;
        var c = p.Counts;
        var errors = p.Problems.Take(LedgerPreviewDto.ErrorsShownLimit).Select(e => new LedgerErrorDto(e.Row, e.Column, e.Code, e.Reason)).ToList();
        return new LedgerPreviewDto(
            import.Id,
            c.NewChildren,
            c.Updated,
            c.ProposedExits,
            errors,
            p.Problems.Count,
            p.Validation.Blocked,
            LedgerQuarter.Of(p.Validation.ImportDate).ToString(),
            p.Validation.Townships,
            new LedgerCountsDto(c.Rows, c.ValidRows, c.BadRows, c.Problems, c.NewChildren, c.Updated, c.Unchanged, c.ProposedExits,
                c.Visits, c.Pairings, c.DropoutsReported, c.DropoutsReturned),
            [.. p.NewChildren.Select(r => new LedgerChangeDto(r.ChildId, r.Row, r.VillageCode, []))],
            [.. p.Updated.Select(u => new LedgerChangeDto(u.Record.ChildId, u.Record.Row, u.Record.VillageCode, [.. u.Changed.Select(FieldWord)]))],
            [.. p.ProposedExits.Select(e => new LedgerExitDto(e.ChildId, e.TownshipCode,
                regions.IsKnown(e.Current.VillageCode) && e.Current.VillageCode.Length == 12 ? e.Current.VillageCode : null,
                e.SuggestedReason is { } r ? RegistryVocabulary.ExitReasons.WordOf(r) : null, e.Row))],
            RegistryVocabulary.ExitReasons.Words,
            import.ExpiresAt);
    }

    private static string FieldWord(LedgerField field) => field switch
    {
        LedgerField.Village => "village",
        LedgerField.BirthDate => "birth_date",
        LedgerField.Kind => "kind",
        LedgerField.Guardian => "guardian",
        _ => field.ToString(),
    };

    private const string TooLargeMessage = "文件超过 10 MB。一次最多导入 10 MB、20,000 行，请按乡镇拆分后分别导入。";

    private static IResult TooLarge(string detail) =>
        TypedResults.Problem(title: "台账文件过大（File too large: at most 10 MB and 20,000 rows）", detail: detail,
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult FileRequired() => Invalid("file", "required: a CSV or XLSX ledger in the multipart field 'file'");

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid ledger request");

    private static IResult NoSuchImport() =>
        TypedResults.Problem(title: "没有这个导入（已过期或不是您上传的）", statusCode: StatusCodes.Status404NotFound);
}
