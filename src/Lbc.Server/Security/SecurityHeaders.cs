using Lbc.Contracts;

namespace Lbc.Server.Security;

/// <summary>
/// Headers on every response, written just before it starts (so error pages, 404s and static files get them
/// too): the page's CSP, no MIME sniffing, no referrer, never framed, HSTS once the request came over HTTPS
/// (after the trusted proxy's X-Forwarded-Proto), and no caching of API data or health: a case list in a
/// shared browser's or proxy's cache would outlive the sign-out.
/// </summary>
public sealed class SecurityHeaders(string contentSecurityPolicy)
{
    /// <summary>One year; no includeSubDomains, since other services of the domain are not ours to decide for.</summary>
    public const string Hsts = "max-age=31536000";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, csp) = ((HttpContext, string))state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = csp;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = Hsts;
            }
            if (IsData(context.Request.Path))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        }, (context, contentSecurityPolicy));
        return next(context);
    }

    private static bool IsData(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ApiRoutes.Health, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);
}
