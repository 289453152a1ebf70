using System.Globalization;
using Lbc.Contracts;
using Lbc.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Model;

/// <summary>How figures read on screen: a number, or "&lt;5" where the server suppressed it; labels from the resources.</summary>
public static class FigureText
{
    public static string Show(int? count) => count is { } n ? n.ToString("N0", CultureInfo.CurrentCulture) : SmallCounts.SuppressedText;

    public static string Show(Figures? figures, Figure figure) => figures is null ? "–" : Show(figures[figure]);

    /// <summary>The figure's label (resource <c>Figure_{name}</c>); its name when the resource is missing.</summary>
    public static string Label(this IStringLocalizer<Strings> l, Figure figure)
    {
        var name = FigureCatalog.Info(figure).Name;
        var s = l["Figure_" + name];
        return s.ResourceNotFound ? name : s.Value;
    }
}
