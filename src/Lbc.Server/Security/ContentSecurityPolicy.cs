using System.Text;

namespace Lbc.Server.Security;

/// <summary>
/// The page's Content-Security-Policy: what the Blazor WebAssembly app needs and nothing else. Scripts only
/// from this origin (index.html has no inline script: js/early.js is a file), plus 'wasm-unsafe-eval' to compile
/// the .NET runtime's WebAssembly (it needs no 'unsafe-eval'); styles from files (Leaflet and Blazor position
/// elements through the style object, which CSP does not restrict); images from here, data: URIs (Leaflet's
/// icons) and the configured tile server; connections to this origin only (the hub's WebSocket included);
/// never framed, no plugins, no &lt;base&gt; pointing elsewhere, forms post here only.
/// </summary>
public static class ContentSecurityPolicy
{
    public static string For(string? tileUrl)
    {
        var images = new StringBuilder("'self' data:");
        if (TileOrigin(tileUrl) is { } tiles)
        {
            images.Append(' ').Append(tiles);
        }
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            $"img-src {images}",
            "font-src 'self'",
            // CSP 3: 'self' also allows ws:/wss: to this host, which is what the hub's WebSocket uses.
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
            "form-action 'self'");
    }

    /// <summary>
    /// The origin of an XYZ tile template (<c>https://t{s}.tianditu.gov.cn/…?tk=KEY</c>): scheme and host only, so
    /// the key in the query never reaches the header; a <c>{s}</c> subdomain placeholder becomes a wildcard.
    /// </summary>
    internal static string? TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl))
        {
            return null;
        }
        var schemeEnd = tileUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }
        var scheme = tileUrl[..schemeEnd].ToLowerInvariant();
        var rest = tileUrl[(schemeEnd + 3)..];
        var hostEnd = rest.IndexOfAny(['/', '?', '#']);
        var host = (hostEnd < 0 ? rest : rest[..hostEnd]).ToLowerInvariant();
        if (scheme is not ("http" or "https") || host.Length == 0)
        {
            return null;
        }
        if (host.Contains('{', StringComparison.Ordinal))
        {
            // CSP allows a wildcard only as the leftmost label: t{s}.tianditu.gov.cn -> *.tianditu.gov.cn.
            var firstDot = host.IndexOf('.', host.LastIndexOf('}'));
            if (firstDot < 0)
            {
                return null;
            }
            host = "*" + host[firstDot..];
        }
        return host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '*' or '[' or ']')
            ? scheme + "://" + host
            : null;
    }
}
