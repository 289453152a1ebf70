using System.Net;

namespace Lbc.Server.Security;

/// <summary>
/// Hardening settings, bound from the <c>Dashboard</c> section: <c>Dashboard:ForwardedHeaders:KnownProxies</c>,
/// <c>:KnownNetworks</c> and <c>Dashboard:AllowedOrigins</c>. Checked at start: a malformed address stops the
/// server naming the key, rather than silently trusting nobody (or everybody).
/// </summary>
public sealed class SecurityOptions
{
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>
    /// Origins besides the server's own that may open the hub (a wall display served from another host);
    /// e.g. <c>https://wall.example.gov.cn</c>. Empty: same origin only.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    public void Validate()
    {
        for (var i = 0; i < ForwardedHeaders.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(ForwardedHeaders.KnownProxies[i], out _))
            {
                throw new InvalidOperationException($"Dashboard:ForwardedHeaders:KnownProxies:{i} is not an IP address.");
            }
        }
        for (var i = 0; i < ForwardedHeaders.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(ForwardedHeaders.KnownNetworks[i], out _))
            {
                throw new InvalidOperationException($"Dashboard:ForwardedHeaders:KnownNetworks:{i} is not a network like 10.0.0.0/8.");
            }
        }
        for (var i = 0; i < AllowedOrigins.Length; i++)
        {
            if (!Uri.TryCreate(AllowedOrigins[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/")
            {
                throw new InvalidOperationException($"Dashboard:AllowedOrigins:{i} is not an origin like https://host[:port].");
            }
        }
    }
}

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed. Empty (the default):
/// nobody's, so a client cannot pick its own address for the sign-in lockout or claim HTTPS.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>172.16.0.0/12</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
