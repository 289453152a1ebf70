using Lbc.Contracts;
using Microsoft.Extensions.Primitives;

namespace Lbc.Server.Security;

/// <summary>
/// Refuses a hub request (negotiate, WebSocket upgrade, long polling) sent by a page of another origin. A browser
/// sends its cookies with a cross-site WebSocket handshake (SameSite does not cover every case, e.g. a sibling
/// subdomain is "same site") and WebSockets have no CORS, so without this any page a signed-in officer visits could
/// open the live feed in their name. A request without an Origin header is not a browser page's and passes (the
/// cookie still has to be valid).
/// </summary>
public sealed class HubOriginCheck(IReadOnlyCollection<string> allowedOrigins)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers.Origin is { Count: > 0 } origin
            && !IsAllowed(context.Request, origin))
        {
            await TypedResults.Problem(title: "Cross-origin hub request refused", statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private bool IsAllowed(HttpRequest request, StringValues origin)
    {
        if (origin.Count != 1 || origin[0] is not { } value)
        {
            return false;
        }
        var own = request.Scheme + "://" + request.Host.Value;
        return string.Equals(value, own, StringComparison.OrdinalIgnoreCase)
            || allowedOrigins.Contains(value.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }
}
