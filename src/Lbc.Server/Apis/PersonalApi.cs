using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Lbc.Server.PersonalData;
using Lbc.Server.Projection;

namespace Lbc.Server.Apis;

/// <summary>
/// <c>GET /api/cases/{caseId}/personal?reason=</c>: the audited reveal. A case-level user of the case's jurisdiction gives a
/// reason (10-500 characters); the line naming who, which case and the reason is on the log before anything is decrypted
/// (no log, no reveal: 503); the answer is <c>no-store</c>. 404 outside the jurisdiction or for no such case (the same
/// answer), 403 to the leading group, 410 once the key was shredded (the blob is still on the log, unreadable for ever).
/// </summary>
public static class PersonalApi
{
    public static IEndpointRouteBuilder MapPersonalApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(PersonalRoutes.Personal, RevealAsync).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    private static async Task<IResult> RevealAsync(string caseId, string? reason, HttpContext context, ProjectionHost host,
        PersonalSealer sealer, AuditTrail audit, IEventLog log)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { View: ScopeView.Cases } scope)
        {
            return Results.Forbid();
        }
        var personal = host.Read(p => p.PersonalOf(caseId));
        if (personal is not { } found || !ScopePolicy.Sees(scope, found.Township))
        {
            return TypedResults.Problem(title: "No such case in your jurisdiction", statusCode: StatusCodes.Status404NotFound);
        }
        var line = AuditRecord.Of(context.User, context, AuditAction.PersonalRevealed, AuditOutcome.Refused) with
        {
            CaseId = caseId,
            Target = $"GET {PersonalRoutes.Personal}",
        };
        var given = reason?.Trim() ?? "";
        if (given.Length is < PersonalRoutes.MinReasonLength or > PersonalRoutes.MaxReasonLength || !Actor.IsAllowedText(given))
        {
            audit.Record(line with { Reason = "no valid reason given" });
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"required: why you need this child's personal data, {PersonalRoutes.MinReasonLength}-{PersonalRoutes.MaxReasonLength} characters"],
            }, title: "A reason is required to reveal personal data");
        }
        if (found.Sealed is not { } sealedText)
        {
            return TypedResults.Problem(title: "No personal data was recorded for this case", statusCode: StatusCodes.Status404NotFound);
        }
        Opened opened;
        try
        {
            opened = await sealer.OpenAsync(sealedText, found.Subject, context.RequestAborted);
        }
        catch (KeyStoreUnavailableException ex)
        {
            return Unavailable(ex.Message);
        }
        var outcome = opened.Status switch
        {
            OpenStatus.Opened => line with { Outcome = AuditOutcome.Ok, Reason = given },
            OpenStatus.Erased => line with { Outcome = AuditOutcome.Failed, Reason = "erased after retention; " + given },
            _ => line with { Outcome = AuditOutcome.Failed, Reason = "unreadable; " + given },
        };
        try
        {
            await audit.RecordDurablyAsync(outcome, log, context.RequestAborted);
        }
        catch (EventLogUnavailableException ex)
        {
            return Unavailable(ex.Message);
        }
        if (opened.Status == OpenStatus.Erased)
        {
            return TypedResults.Problem(title: "The personal data of this case was erased when its retention ended", statusCode: StatusCodes.Status410Gone);
        }
        if (opened.Plaintext is not { } plaintext)
        {
            return TypedResults.Problem(title: "The personal data of this case cannot be read", statusCode: StatusCodes.Status500InternalServerError);
        }
        var record = PersonalRecord.FromCanonicalJson(plaintext);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new PersonalDataDto(caseId, record.ChildName, record.ChildBirthDate, record.GuardianName, record.GuardianPhone,
            record.ReporterName, record.ReporterPhone, record.Address), ContractsJsonContext.Default.PersonalDataDto);
    }

    private static IResult Unavailable(string detail) =>
        TypedResults.Problem(title: "Personal data cannot be revealed now (audit log or key store unavailable)", detail: detail,
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
