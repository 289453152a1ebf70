using System.Security.Claims;
using System.Threading.RateLimiting;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Lbc.Server.Access;

/// <summary>Sign-in and authorization wiring: cookie for the dashboard, optional province SSO, the one policy.</summary>
public static class AccessSetup
{
    /// <summary>Signed in with a role and region the dashboard can scope: required by every dashboard endpoint and the hub.</summary>
    public const string DashboardPolicy = "dashboard";
    public const string LoginRateLimit = "login";
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>Which account store issued a principal: local principals are re-checked against configuration.</summary>
    internal const string SourceClaim = "lbc:source";
    internal const string LocalSource = "local";
    internal const string SsoSource = "sso";

    public static WebApplicationBuilder AddDashboardAccess(this WebApplicationBuilder builder, DashboardOptions dashboard)
    {
        var access = builder.Configuration.GetSection(DashboardOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        // Demo accounts: on by default only in the embedded mode (SQLite), so a production deployment on Redis
        // never accepts them unless someone turns them on deliberately.
        var demo = access.DemoAccounts.Enabled ?? string.Equals(dashboard.EventLog, "Sqlite", StringComparison.OrdinalIgnoreCase);
        var services = builder.Services;
        services.AddSingleton(access);
        services.AddSingleton(access.SignIn);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton(sp => new UserDirectory(access, demo, sp.GetRequiredService<RegionCatalog>(),
            sp.GetRequiredService<ILogger<UserDirectory>>()));

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                // Same origin, script cannot read it, never sent on a cross-site request, Secure over HTTPS.
                cookie.Cookie.Name = "lbc.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(access.SignIn.SessionHours);
                cookie.SlidingExpiration = true;
                // An API answers 401/403; the web app shows its own sign-in page.
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                cookie.Events.OnValidatePrincipal = ValidateLocalPrincipal;
            });
        if (access.Oidc.IsConfigured)
        {
            AddProvinceSso(authentication, access.Oidc);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicy, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => ScopePolicy.ScopeOf(context.User) is not null));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = access.SignIn.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    /// <summary>
    /// A local account removed from configuration, or moved to another role or region, loses its session at
    /// the next request instead of keeping its old scope until the cookie expires.
    /// </summary>
    private static Task ValidateLocalPrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(SourceClaim) != LocalSource)
        {
            return Task.CompletedTask;
        }
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        if (principal.Identity?.Name is not { } name || !users.TryGet(name, out var account)
            || account.Role != principal.FindFirstValue(ClaimTypes.Role)
            || account.Jurisdiction != ScopePolicy.JurisdictionOf(principal))
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The province's single sign-on (authorization code flow). The identity provider's role and region claims
    /// (names configurable) become the same claims a local account has; a user without a valid pair is refused.
    /// </summary>
    private static void AddProvinceSso(AuthenticationBuilder authentication, OidcOptions sso)
    {
        authentication.AddOpenIdConnect(OidcScheme, oidc =>
        {
            oidc.Authority = sso.Authority;
            oidc.ClientId = sso.ClientId;
            oidc.ClientSecret = sso.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            oidc.Events.OnTokenValidated = context =>
            {
                var user = context.Principal;
                var regions = context.HttpContext.RequestServices.GetRequiredService<RegionCatalog>();
                var name = user?.FindFirstValue(sso.NameClaim) ?? user?.FindFirstValue("sub");
                var role = user?.FindFirstValue(sso.RoleClaim);
                var jurisdiction = user?.FindFirstValue(sso.JurisdictionClaim);
                if (name is null || !ScopePolicy.IsValid(role, jurisdiction, regions))
                {
                    context.Fail("The sign-on carries no valid role and jurisdiction for this dashboard.");
                    return Task.CompletedTask;
                }
                var principal = ScopePolicy.Principal(name, user!.FindFirstValue(sso.DisplayNameClaim) ?? name, role!, jurisdiction!,
                    CookieAuthenticationDefaults.AuthenticationScheme);
                ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SourceClaim, SsoSource));
                context.Principal = principal;
                return Task.CompletedTask;
            };
        });
    }

    public static WebApplication UseDashboardAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
