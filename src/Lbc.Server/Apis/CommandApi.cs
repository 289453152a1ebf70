using System.Text.Json;
using Lbc.Contracts;
using Lbc.Server.Access;
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
        return app;
    }

    private static async Task<IResult> PostCommandAsync(HttpContext context, CaseCommandHandler cases,
        IHubContext<OperationsHub> hub, ProjectionHost host, TimeProvider time)
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
        if (request.CaseId is null)
        {
            // Placements and alerts arrive with the civil-affairs board and the alerts.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["caseId"] = ["required: only case steps are commands so far"] },
                title: "Invalid command");
        }
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
        CommandOutcome.NotFound => TypedResults.Problem(title: "No such case in your jurisdiction", statusCode: StatusCodes.Status404NotFound),
        CommandOutcome.Forbidden => Results.Forbid(),
        CommandOutcome.Invalid i => TypedResults.ValidationProblem(i.Errors, title: i.Title),
        CommandOutcome.Unavailable u => TypedResults.Problem(title: "Event log unavailable", detail: u.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}"),
    };

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
