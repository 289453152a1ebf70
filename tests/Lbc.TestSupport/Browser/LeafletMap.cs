using System.Text.Json;
using Microsoft.Playwright;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// A Leaflet map on a page (the operations map, the leading group's heatmap, the province drill-down), checked by
/// what it draws. The vector layers may be SVG paths or, with <c>preferCanvas</c> (as wwwroot/js/ops-map.js sets),
/// pixels on a canvas: "borders drawn" accepts either, so the check survives a change of renderer.
/// </summary>
public sealed class LeafletMap(ILocator container)
{
    // SVG paths in the overlay pane, and the share of overlay-canvas pixels that are not transparent.
    private const string Drawn = """
        el => {
            const paths = el.querySelectorAll('.leaflet-overlay-pane path').length;
            let painted = 0, total = 0;
            for (const c of el.querySelectorAll('.leaflet-overlay-pane canvas')) {
                if (!c.width || !c.height) continue;
                const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 3; i < data.length; i += 4) { total++; if (data[i] > 0) painted++; }
            }
            return { paths, painted: total ? painted / total : 0 };
        }
        """;

    /// <summary>The first map on <paramref name="page"/>.</summary>
    public static LeafletMap In(IPage page) => new(page.Locator(".leaflet-container").First);

    public ILocator Container { get; } = container;

    /// <summary>
    /// Waits until the county borders are drawn: at least <paramref name="minPaths"/> SVG paths (Liaoning has 100
    /// counties), or county fills covering at least <paramref name="minPaintedShare"/> of the overlay canvas.
    /// </summary>
    public async Task<(int Paths, double PaintedShare)> WaitForBordersAsync(TimeSpan timeout, int minPaths = 100, double minPaintedShare = 0.04)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var drawn = await Container.EvaluateAsync<JsonElement>(Drawn);
            var paths = drawn.GetProperty("paths").GetInt32();
            var painted = drawn.GetProperty("painted").GetDouble();
            if (paths >= minPaths || painted >= minPaintedShare)
            {
                return (paths, painted);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The map drew no county borders within {timeout.TotalSeconds:0} s: {paths} SVG paths, {painted:P1} of the canvas painted");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>How many case markers the map was given (the module's <c>data-case-count</c>, a count and never case data); null before the first.</summary>
    public async Task<int?> CaseMarkersAsync() =>
        await Container.GetAttributeAsync("data-case-count") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : null;
}
