using System.Net;
using Lbc.Server.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace Lbc.Server.Security;

/// <summary>
/// The hardening that wraps every request: trusted proxies' forwarded headers, security headers, the hub's
/// origin check, 404 ProblemDetails for unknown API and hub paths, and keeping expected hub refusals out of the
/// error log. Sign-in, sessions and lockout live in <see cref="Access.AccessSetup"/>.
/// </summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddDashboardSecurity(this WebApplicationBuilder builder, DashboardOptions dashboard)
    {
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        options.Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new SecurityHeaders(ContentSecurityPolicy.For(dashboard.Map.TileUrl)));
        services.AddSingleton(new HubOriginCheck([.. options.AllowedOrigins.Select(o => o.TrimEnd('/'))]));
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here nobody is trusted unless configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.ForwardedHeaders.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in options.ForwardedHeaders.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        // SignalR logs every exception a hub method throws as an error with its stack trace, a refusal like "no
        // such open case" included, so a client repeating a bad call could flood the log. Hub failures are
        // logged by Access.HubSessionFilter instead: refusals not as errors, real failures throttled.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        return builder;
    }

    /// <summary>First in the pipeline, so every later middleware sees the real client and scheme, and every response gets the headers.</summary>
    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        // Without a trusted proxy the middleware is left out entirely: even a server that reports no remote
        // address (which the middleware would treat as trusted) then ignores X-Forwarded-*.
        if (app.Services.GetRequiredService<SecurityOptions>().ForwardedHeaders.Any)
        {
            app.UseForwardedHeaders();
        }
        var headers = app.Services.GetRequiredService<SecurityHeaders>();
        app.Use((context, next) => headers.InvokeAsync(context, next));
        var origins = app.Services.GetRequiredService<HubOriginCheck>();
        app.Use((context, next) => origins.InvokeAsync(context, next));
        // Unknown API and hub paths are 404 ProblemDetails, not the app's page with 200 (the SPA fallback is for
        // page routes only): a client with a typo, or a probe, gets an honest answer.
        app.MapFallback("/api/{**path}", NotFound).AllowAnonymous();
        app.MapFallback("/hubs/{**path}", NotFound).AllowAnonymous();
        return app;
    }

    private static IResult NotFound() =>
        TypedResults.Problem(title: "No such endpoint", statusCode: StatusCodes.Status404NotFound);
}
