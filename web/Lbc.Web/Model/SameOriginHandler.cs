using Lbc.Contracts;
using Microsoft.AspNetCore.Components.WebAssembly.Http;

namespace Lbc.Web.Model;

/// <summary>
/// Every request of the app: the sign-in cookie goes along same-origin only, and state-changing calls carry
/// the header the server requires as its antiforgery check (a cross-site page cannot set it).
/// </summary>
public sealed class SameOriginHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.SetBrowserRequestCredentials(BrowserRequestCredentials.SameOrigin);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            request.Headers.TryAddWithoutValidation(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
