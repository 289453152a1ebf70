using System.Globalization;
using Lbc.Domain.Regions;
using Lbc.Server.Bulletins.Composition;
using PdfSharp.Drawing;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>
/// The overdue-rate choropleth as vector paths: each sub-region's county outlines filled with its class colour (townships,
/// which have no outline, as dots inside their county's outline), names at the middle of their outline, and the legend.
/// Longitude is scaled by cos(latitude) at the map's middle, so Liaoning keeps its shape.
/// </summary>
internal static class PdfChoropleth
{
    private static readonly XPen s_border = new(XColors.White, 0.6);
    private static readonly XPen s_outline = new(XColor.FromArgb(0x55, 0x55, 0x55), 0.8);

    public static void Draw(PdfPages pages, BulletinMap map, double height)
    {
        var points = map.Areas.SelectMany(a => a.Shapes).Concat(map.Outline)
            .SelectMany(s => new[] { s.Min, s.Max })
            .Concat(map.Areas.Where(a => a.Point is not null).Select(a => a.Point!.Value)).ToList();
        if (points.Count == 0)
        {
            return;
        }
        pages.Need(height + 40);
        var g = pages.G;
        double minLon = points.Min(p => p.Lon), maxLon = points.Max(p => p.Lon), minLat = points.Min(p => p.Lat), maxLat = points.Max(p => p.Lat);
        var k = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        var spanX = Math.Max((maxLon - minLon) * k, 1e-6);
        var spanY = Math.Max(maxLat - minLat, 1e-6);
        var mapWidth = pages.Width - 130;
        var scale = Math.Min(mapWidth / spanX, height / spanY);
        var left = PdfPages.Margin + (mapWidth - spanX * scale) / 2;
        var top = pages.Y;
        XPoint At(GeoPoint p) => new(left + (p.Lon - minLon) * k * scale, top + (maxLat - p.Lat) * scale);

        foreach (var area in map.Areas)
        {
            var brush = new XSolidBrush(XColor.FromArgb(ColourOf(map, area.OverdueRate)));
            foreach (var shape in area.Shapes)
            {
                var path = new XGraphicsPath { FillMode = XFillMode.Alternate };
                foreach (var ring in shape.Parts.SelectMany(p => p.Rings))
                {
                    path.AddPolygon([.. ring.Select(At)]);
                }
                g.DrawPath(s_border, brush, path);
            }
        }
        foreach (var shape in map.Outline)
        {
            var path = new XGraphicsPath();
            foreach (var ring in shape.Parts.SelectMany(p => p.Rings))
            {
                path.AddPolygon([.. ring.Select(At)]);
            }
            g.DrawPath(s_outline, path);
        }
        foreach (var area in map.Areas.Where(a => a.Point is not null))
        {
            var p = At(area.Point!.Value);
            g.DrawEllipse(s_outline, new XSolidBrush(XColor.FromArgb(ColourOf(map, area.OverdueRate))), p.X - 3.5, p.Y - 3.5, 7, 7);
        }
        // Names only where there are few enough to read (cities, counties); townships are in the tables.
        if (map.Areas.All(a => a.Point is null) && map.Areas.Count <= 40)
        {
            foreach (var area in map.Areas.Where(a => a.Shapes.Count > 0))
            {
                var min = new GeoPoint(area.Shapes.Min(s => s.Min.Lon), area.Shapes.Min(s => s.Min.Lat));
                var max = new GeoPoint(area.Shapes.Max(s => s.Max.Lon), area.Shapes.Max(s => s.Max.Lat));
                var c = At(new GeoPoint((min.Lon + max.Lon) / 2, (min.Lat + max.Lat) / 2));
                var w = pages.Fonts.Width(g, area.Name, 7);
                pages.Fonts.Draw(g, area.Name, 7, PdfPages.Ink, c.X - w / 2, c.Y + 2.5);
            }
        }
        Legend(pages, map, PdfPages.Margin + mapWidth + 15, top + 10);
        pages.Y = top + height + 10;
    }

    private static void Legend(PdfPages pages, BulletinMap map, double x, double y)
    {
        var g = pages.G;
        pages.Fonts.Draw(g, "走访逾期率", 8.5, PdfPages.Ink, x, y);
        pages.Fonts.Draw(g, "Overdue rate", 6.5, PdfPages.Muted, x, y + 10);
        y += 20;
        foreach (var c in map.Classes)
        {
            g.DrawRectangle(new XSolidBrush(XColor.FromArgb(Argb(c.Color))), x, y, 14, 10);
            var text = double.IsPositiveInfinity(c.To)
                ? "≥ " + Percent(c.From)
                : c.From == 0 ? "< " + Percent(c.To) : $"{Percent(c.From)} – {Percent(c.To)}";
            pages.Fonts.Draw(g, text, 8, PdfPages.Ink, x + 19, y + 8.5);
            y += 15;
        }
        g.DrawRectangle(new XSolidBrush(XColor.FromArgb(Argb(map.HiddenColor))), x, y, 14, 10);
        pages.Fonts.Draw(g, "隐藏或无数据", 8, PdfPages.Ink, x + 19, y + 8.5);
        pages.Fonts.Draw(g, "hidden or no data", 6.5, PdfPages.Muted, x + 19, y + 17);
    }

    private static string Percent(double v) => v.ToString("0%", CultureInfo.InvariantCulture);

    private static int ColourOf(BulletinMap map, BulletinValue rate)
    {
        if (rate.Value is { } r)
        {
            foreach (var c in map.Classes)
            {
                if (r < c.To)
                {
                    return Argb(c.Color);
                }
            }
        }
        return Argb(map.HiddenColor);
    }

    private static int Argb(string hex) => unchecked((int)(0xFF000000 | uint.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
}
