using Lbc.Contracts;
using Lbc.Server.Access;
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
    internal const string LockedOut = "Too many failed sign-ins. Try again in a few minutes.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthRoutes.Login, LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AccessSetup.LoginRateLimit)
            .AddEndpointFilter(RequireRequestedWith);

        app.MapPost(AuthRoutes.Logout, async (HttpContext context) =>
        {
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

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, UserDirectory users,
        LoginThrottle throttle, SignInOptions options)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password)
            || request.Username.Length > 128 || request.Password.Length > 512)
        {
            return Unauthorized();
        }
        var username = request.Username.Trim();
        var userKey = "user:" + username.ToLowerInvariant();
        // Per address as well, with more room: one office behind one NAT address shares it.
        var addressKey = "addr:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local");
        if (throttle.IsLockedOut(userKey, addressKey))
        {
            return TypedResults.Problem(title: LockedOut, statusCode: StatusCodes.Status429TooManyRequests);
        }
        var account = users.Verify(username, request.Password);
        if (account is null)
        {
            throttle.Failed(userKey, options.MaxFailures);
            throttle.Failed(addressKey, options.MaxFailures * 4);
            return Unauthorized();
        }
        throttle.Succeeded(userKey);
        var principal = UserDirectory.PrincipalOf(username, account, CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Json(users.InfoOf(principal), ContractsJsonContext.Default.UserInfo);
    }

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
