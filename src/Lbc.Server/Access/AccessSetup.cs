using System.Security.Claims;
using System.Threading.RateLimiting;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

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
        access.SignIn.Validate();
        // Demo accounts: on by default only in the embedded mode (SQLite), so a production deployment on Redis
        // never accepts them unless someone turns them on deliberately.
        var demo = access.DemoAccounts.Enabled ?? string.Equals(dashboard.EventLog, "Sqlite", StringComparison.OrdinalIgnoreCase);
        var services = builder.Services;
        services.AddSingleton(access);
        services.AddSingleton(access.SignIn);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton(sp => new UserDirectory(builder.Configuration, demo, sp.GetRequiredService<RegionCatalog>(),
            sp.GetRequiredService<ILogger<UserDirectory>>()));
        AddSessions(services, builder.Configuration, access.SignIn);

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
                cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
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
            // The partition is the client address after the trusted proxies' X-Forwarded-For (Security/ForwardedHeaders).
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = access.SignIn.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return new ValueTask(TooManyAttempts(retryAfter).ExecuteAsync(context.HttpContext));
            };
        });
        return builder;
    }

    /// <summary>Every 429 of the sign-in says when to try again (<c>Retry-After</c>, whole seconds, rounded up).</summary>
    internal static IResult TooManyAttempts(TimeSpan retryAfter) => new RetryAfterResult(retryAfter,
        TypedResults.Problem(title: "Too many sign-in attempts. Try again later.", statusCode: StatusCodes.Status429TooManyRequests));

    private sealed class RetryAfterResult(TimeSpan retryAfter, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var seconds = (long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Server-side sessions: the store (memory, or Redis shared by the instances) and the hub's ties to it.</summary>
    private static void AddSessions(IServiceCollection services, IConfiguration configuration, SignInOptions signIn)
    {
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ISessionStore>(sp => new MemorySessionStore(signIn, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton(sp => new RedisSessionStore(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), signIn, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RedisSessionStore>>()));
            services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<RedisSessionStore>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisSessionStore>());
        }
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<HubSessionFilter>();
        services.Configure<HubOptions>(hub => hub.AddFilter<HubSessionFilter>());
        services.AddHostedService<SessionKeepAlive>();
    }

    /// <summary>
    /// Runs on every request that carries the cookie. The cookie is refused when its session ended (signed out,
    /// idle for <see cref="SignInOptions.IdleMinutes"/>, ended at another instance), when it has no session id
    /// (issued before sessions existed), or when its local account was removed, disabled, or moved to another
    /// role or region: then the session ends everywhere and its hub connections close.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var store = services.GetRequiredService<ISessionStore>();
        var principal = context.Principal;
        var sessionId = SessionClaims.IdOf(principal);
        if (principal is null || sessionId is null)
        {
            await RejectAsync(context);
            return;
        }
        if (!services.GetRequiredService<UserDirectory>().StillMatches(principal))
        {
            await store.EndAsync(sessionId, context.HttpContext.RequestAborted);
            await RejectAsync(context);
            return;
        }
        if (!await store.TouchAsync(sessionId, context.HttpContext.RequestAborted))
        {
            await RejectAsync(context);
        }
    }

    private static Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
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
            oidc.Events.OnTokenValidated = async context =>
            {
                var user = context.Principal;
                var regions = context.HttpContext.RequestServices.GetRequiredService<RegionCatalog>();
                var name = user?.FindFirstValue(sso.NameClaim) ?? user?.FindFirstValue("sub");
                var role = user?.FindFirstValue(sso.RoleClaim);
                var jurisdiction = user?.FindFirstValue(sso.JurisdictionClaim);
                var audit = context.HttpContext.RequestServices.GetRequiredService<Audit.AuditTrail>();
                if (name is null || !ScopePolicy.IsValid(role, jurisdiction, regions))
                {
                    // The name comes from the identity provider, not from a form: it is safe to record.
                    audit.Record(new Audit.AuditRecord(Domain.Audit.AuditAction.SignIn, Domain.Audit.AuditOutcome.Failed)
                    {
                        User = name, Target = "sso", Reason = "no valid role and jurisdiction", Address = Audit.AuditRecord.AddressOf(context.HttpContext),
                    });
                    context.Fail("The sign-on carries no valid role and jurisdiction for this dashboard.");
                    return;
                }
                var principal = ScopePolicy.Principal(name, user!.FindFirstValue(sso.DisplayNameClaim) ?? name, role!, jurisdiction!,
                    CookieAuthenticationDefaults.AuthenticationScheme);
                ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SourceClaim, SsoSource));
                var sessionId = SessionClaims.NewId();
                SessionClaims.Add(principal, sessionId);
                await context.HttpContext.RequestServices.GetRequiredService<ISessionStore>().BeginAsync(sessionId);
                context.Principal = principal;
                audit.Record(Audit.AuditRecord.Of(principal, context.HttpContext, Domain.Audit.AuditAction.SignIn, Domain.Audit.AuditOutcome.Ok) with { Target = "sso" });
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
