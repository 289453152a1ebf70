using Lbc.Domain.Audit;
using Microsoft.AspNetCore.Authorization;

namespace Lbc.Server.Audit;

/// <summary>
/// Every 403 or 404 a signed-in user gets from a data endpoint (one that requires sign-in) is an audit line: someone
/// asking for a case outside their jurisdiction, or a role asking for what it may not see, is what an administrator
/// looks for. Placed before authentication, so the authorization middleware's own 403s are seen too; the user is read
/// after the response, once authentication has set it. Unknown paths and the producers' endpoints are not data
/// endpoints of a user and are left out. The line names the route pattern and the case id, never the query or body.
/// </summary>
public static class RefusedAccessAudit
{
    private const string CaseItem = "lbc.audit.case";

    /// <summary>
    /// Names the case a refused request was about when it is not in the route (a command names it in its body): the line
    /// then carries the case id, still nothing else of the body.
    /// </summary>
    public static void NameCase(HttpContext context, string? caseId) => context.Items[CaseItem] = caseId;

    public static WebApplication UseRefusedAccessAudit(this WebApplication app)
    {
        var trail = app.Services.GetRequiredService<AuditTrail>();
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
                && context.User.Identity?.IsAuthenticated == true
                && context.GetEndpoint() is RouteEndpoint endpoint
                && endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
                && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                trail.Record(AuditRecord.Of(context.User, context, AuditAction.AccessRefused, AuditOutcome.Refused) with
                {
                    CaseId = context.Request.RouteValues.TryGetValue("caseId", out var caseId) ? caseId as string : context.Items[CaseItem] as string,
                    Target = $"{context.Request.Method} {endpoint.RoutePattern.RawText}",
                    Reason = context.Response.StatusCode == StatusCodes.Status403Forbidden ? "forbidden" : "not_found",
                });
            }
        });
        return app;
    }
}
