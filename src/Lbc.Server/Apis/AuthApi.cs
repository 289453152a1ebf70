using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Lbc.Server.Apis;

/// <summary>
/// Sign-in for the dashboard: <c>POST /api/auth/login</c>, <c>POST /api/auth/logout</c>, <c>GET /api/auth/me</c>,
/// and <c>GET /api/auth/sso</c> when the province SSO is configured.
/// </summary>
public static class AuthApi
{
    /// <summary>One message for every wrong username or password: which one was wrong is nobody's business.</summary>
    internal const string InvalidCredentials = "Wrong username or password.";
    /// <summary>A username and a password fit in far less; a bigger body is not a sign-in.</summary>
    internal const long MaxLoginBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthRoutes.Login, LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AccessSetup.LoginRateLimit)
            .AddEndpointFilter(RequireRequestedWith);

        // Ends the session on the server (every instance refuses the cookie from now on, and its hub connections
        // close), not only the browser's copy of the cookie.
        app.MapPost(AuthRoutes.Logout, async (HttpContext context, ISessionStore sessions, AuditTrail audit) =>
        {
            if (SessionClaims.IdOf(context.User) is { } sessionId)
            {
                await sessions.EndAsync(sessionId, context.RequestAborted);
                audit.Record(AuditRecord.Of(context.User, context, AuditAction.SignOut, AuditOutcome.Ok));
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).AllowAnonymous().AddEndpointFilter(RequireRequestedWith);

        app.MapGet(AuthRoutes.Me, (HttpContext context, UserDirectory users) =>
            TypedResults.Json(users.InfoOf(context.User), ContractsJsonContext.Default.UserInfo))
            .RequireAuthorization(AccessSetup.DashboardPolicy);

        app.MapGet("/api/auth/sso", (AccessOptions options) => options.Oidc.IsConfigured
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [AccessSetup.OidcScheme])
            : Results.NotFound()).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, UserDirectory users, LoginThrottle throttle,
        ISessionStore sessions, TimeProvider time, AuditTrail audit)
    {
        if (await ReadLoginAsync(context) is not { } parsed)
        {
            return Malformed("The body must be a JSON object {\"username\", \"password\"}.");
        }
        if (parsed.Request is not { } request)
        {
            return parsed.Problem!;
        }
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password)
            || request.Username.Length > 128 || request.Password.Length > 512)
        {
            return Unauthorized();
        }
        var username = request.Username.Trim();
        // The client address after the trusted proxies' X-Forwarded-For only (Security/ForwardedHeaders).
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        var check = throttle.Check(username, address);
        if (check.RetryAfter is { } retryAfter)
        {
            audit.Record(FailedSignIn(users, username, address, AuditOutcome.Refused, "locked_out"));
            return AccessSetup.TooManyAttempts(retryAfter);
        }
        if (check.SlowDown > TimeSpan.Zero)
        {
            await Task.Delay(check.SlowDown, time, context.RequestAborted);
        }
        var account = users.Verify(username, request.Password);
        if (account is null)
        {
            throttle.Failed(username, address);
            audit.Record(FailedSignIn(users, username, address, AuditOutcome.Failed, "wrong_credentials"));
            return Unauthorized();
        }
        throttle.Succeeded(username, address);
        var principal = UserDirectory.PrincipalOf(username, account, CookieAuthenticationDefaults.AuthenticationScheme);
        var sessionId = SessionClaims.NewId();
        SessionClaims.Add(principal, sessionId);
        await sessions.BeginAsync(sessionId, context.RequestAborted);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false });
        audit.Record(AuditRecord.Of(principal, context, AuditAction.SignIn, AuditOutcome.Ok) with { Address = address });
        return TypedResults.Json(users.InfoOf(principal), ContractsJsonContext.Default.UserInfo);
    }

    /// <summary>
    /// A failed or refused sign-in names the account only when one of that name exists: what someone typed into the
    /// username field may be their password, and must not stay on an append-only log. An unknown name is recorded as such
    /// (administrators see that someone guesses, and from where), without the name.
    /// </summary>
    private static AuditRecord FailedSignIn(UserDirectory users, string username, string address, AuditOutcome outcome, string reason) =>
        users.TryGet(username, out var account)
            ? new AuditRecord(AuditAction.SignIn, outcome) { User = username, Role = account.Role, Jurisdiction = account.Jurisdiction, Reason = reason, Address = address }
            : new AuditRecord(AuditAction.SignIn, outcome) { Reason = reason + "; unknown_account", Address = address };

    /// <summary>
    /// The body read by hand rather than bound by the framework, so a malformed or oversized one is a 400/413
    /// ProblemDetails (not an exception turned 500), and is never buffered past <see cref="MaxLoginBytes"/>.
    /// Null: not JSON at all.
    /// </summary>
    private static async Task<(LoginRequest? Request, IResult? Problem)?> ReadLoginAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return null;
        }
        var body = await RequestBody.ReadAsync(context.Request, MaxLoginBytes, context.RequestAborted);
        if (body is null)
        {
            return (null, TypedResults.Problem(title: "Request body too large", detail: $"The limit is {MaxLoginBytes / 1024} KB.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        try
        {
            return JsonSerializer.Deserialize(body, ContractsJsonContext.Default.LoginRequest) is { } request ? (request, null) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Malformed(string detail) =>
        TypedResults.Problem(title: "Malformed sign-in request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Unauthorized() =>
        TypedResults.Problem(title: InvalidCredentials, statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>
    /// Antiforgery for cookie-authenticated POSTs. The cookie is SameSite=Strict, so a cross-site request
    /// carries no session; on top of that a state-changing call must carry <see cref="AuthRoutes.RequestedWithHeader"/>,
    /// which a cross-site form cannot set and a cross-site script can set only after a CORS preflight that this
    /// server never grants. That covers login CSRF too, which SameSite alone does not.
    /// </summary>
    internal static async ValueTask<object?> RequireRequestedWith(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!context.HttpContext.Request.Headers.TryGetValue(AuthRoutes.RequestedWithHeader, out var value)
            || value != AuthRoutes.RequestedWithValue)
        {
            return TypedResults.Problem(title: $"Missing {AuthRoutes.RequestedWithHeader} header", statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }
}
