using System.Text.Json;
using Lbc.Contracts;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Lbc.Server.Commands;
using Lbc.Server.Hubs;
using Lbc.Server.Projection;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Apis;

/// <summary>
/// <c>POST /api/commands</c> (a user's action becomes an event on the log; ARCHITECTURE.md "Commands") and the case
/// view <c>GET /api/cases/{caseId}</c>. Both answer 404 alike for "no such case" and "not in your jurisdiction".
/// </summary>
public static class CommandApi
{
    private const long MaxCommandBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapCommandApi(this IEndpointRouteBuilder app)
    {
        // A state-changing call with the session cookie: the antiforgery header, as for every POST (AuthApi).
        app.MapPost(CommandRoutes.Commands, PostCommandAsync).RequireAuthorization(AccessSetup.DashboardPolicy)
            .AddEndpointFilter(AuthApi.RequireRequestedWith);
        app.MapGet(CommandRoutes.Case, GetCase).RequireAuthorization(AccessSetup.DashboardPolicy);
        app.MapGet(CommandRoutes.Suggestions, GetSuggestions).RequireAuthorization(AccessSetup.DashboardPolicy);
        app.MapGet(CommandRoutes.Interventions, GetInterventions).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }

    private static async Task<IResult> PostCommandAsync(HttpContext context, CaseCommandHandler cases, PlacementCommandHandler placements,
        AlertCommandHandler alerts, IHubContext<OperationsHub> hub, ProjectionHost host, TimeProvider time)
    {
        if (CommandUser.Of(context.User) is not { } user)
        {
            return Results.Forbid();
        }
        var body = await RequestBody.ReadAsync(context.Request, MaxCommandBytes, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(title: "Command too large", detail: $"The limit is {MaxCommandBytes / 1024} KB.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        CommandRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.CommandRequest);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["expected a JSON command object"] },
                title: "Invalid command");
        }
        if (request.Type is { } type && PlacementCommandHandler.Types.Contains(type))
        {
            return ToResult(await placements.HandleAsync(user, request, context.RequestAborted));
        }
        if (request.AlertId is not null || (request.Type is { } alertType && AlertCommandHandler.Types.Contains(alertType)))
        {
            return ToResult(await alerts.HandleAsync(user, request, context.RequestAborted));
        }
        if (request.CaseId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["caseId"] = ["required: a case step names its caseId, a placement step its placementId"] },
                title: "Invalid command");
        }
        RefusedAccessAudit.NameCase(context, request.CaseId);
        var outcome = await cases.HandleAsync(user, request, context.RequestAborted);
        if (outcome is CommandOutcome.Accepted)
        {
            await AnnounceHandlingAsync(hub, host, time, user, request.CaseId);
        }
        return ToResult(outcome);
    }

    /// <summary>Whoever records a step is handling the case: every officer who sees it is told, on every instance.</summary>
    private static Task AnnounceHandlingAsync(IHubContext<OperationsHub> hub, ProjectionHost host, TimeProvider time, CommandUser user, string caseId)
    {
        var township = host.Read(p => p.TryGetCase(caseId, out var c) ? c.TownshipCode : null);
        return township is null
            ? Task.CompletedTask
            : hub.Clients.Groups(ScopePolicy.CaseGroupsFor(township)).SendAsync(OpsHub.HandlingMethod,
                new CaseHandlingNotice(caseId, user.Username, user.DisplayName, time.GetUtcNow()));
    }

    internal static IResult ToResult(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Accepted a => TypedResults.Json(a.Body, ContractsJsonContext.Default.CommandAccepted, statusCode: StatusCodes.Status202Accepted),
        CommandOutcome.Conflict c => TypedResults.Json(c.Body, ContractsJsonContext.Default.CommandConflict, statusCode: StatusCodes.Status409Conflict),
        CommandOutcome.NotFound => TypedResults.Problem(title: "No such case, placement or alert in your jurisdiction", statusCode: StatusCodes.Status404NotFound),
        CommandOutcome.Forbidden => Results.Forbid(),
        CommandOutcome.Invalid i => TypedResults.ValidationProblem(i.Errors, title: i.Title),
        CommandOutcome.Unavailable u => TypedResults.Problem(title: "Event log unavailable", detail: u.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}"),
    };

    /// <summary>The places that can take the child now, ranked with their reasons; nothing is assigned by asking.</summary>
    private static IResult GetSuggestions(string placementId, HttpContext context, ProjectionHost host)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { View: ScopeView.Cases } scope)
        {
            return Results.Forbid();
        }
        var suggestions = host.Read(p => p.Placement(placementId) is { } placement && ScopePolicy.Sees(scope, placement.TownshipCode)
            ? p.Suggest(placementId) : null);
        if (suggestions is null)
        {
            return TypedResults.Problem(title: "No such placement in your jurisdiction", statusCode: StatusCodes.Status404NotFound);
        }
        // Only places this user's jurisdiction is served by (a city's relief station for its counties, and so on).
        var shown = suggestions with
        {
            Suggestions = [.. suggestions.Suggestions.Where(s => host.Read(p => p.Institution(s.InstitutionId)) is { } i && ScopePolicy.SeesInstitution(scope, i.RegionCode))],
        };
        return TypedResults.Json(shown, ContractsJsonContext.Default.PlacementSuggestionsDto);
    }

    /// <summary>The guardianship intervention record of a case's child and its revocation flags (the case view).</summary>
    private static IResult GetInterventions(string caseId, HttpContext context, ProjectionHost host)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { View: ScopeView.Cases } scope)
        {
            return Results.Forbid();
        }
        var record = host.Read(p => p.CaseDetail(caseId) is { } d && ScopePolicy.Sees(scope, d.Case.TownshipCode) ? p.InterventionRecord(caseId) : null);
        return record is null
            ? TypedResults.Problem(title: "No such case in your jurisdiction", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Json(record, ContractsJsonContext.Default.InterventionRecordDto);
    }

    private static IResult GetCase(string caseId, HttpContext context, ProjectionHost host)
    {
        if (ScopePolicy.ScopeOf(context.User) is not { View: ScopeView.Cases } scope)
        {
            return Results.Forbid();
        }
        var detail = host.Read(p => p.CaseDetail(caseId));
        if (detail is null || !ScopePolicy.Sees(scope, detail.Case.TownshipCode))
        {
            return TypedResults.Problem(title: "No such case in your jurisdiction", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Json(detail, ContractsJsonContext.Default.CaseDetailDto);
    }
}
