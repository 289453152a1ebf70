using Lbc.Contracts;
using Lbc.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Model;

/// <summary>Localized names of the wire codes (categories, stages, SLA states, institution kinds); unknown codes show as themselves.</summary>
public static class Labels
{
    public static string Category(this IStringLocalizer<Strings> l, string code) => Lookup(l, "Category_", code);

    public static string Stage(this IStringLocalizer<Strings> l, string code) => Lookup(l, "Stage_", code);

    public static string SlaState(this IStringLocalizer<Strings> l, string code) => Lookup(l, "Sla_", code);

    public static string Reporter(this IStringLocalizer<Strings> l, string code) => Lookup(l, "Reporter_", code);

    public static string Action(this IStringLocalizer<Strings> l, string eventType) => Lookup(l, "Action_", eventType);

    public static string InstitutionKind(this IStringLocalizer<Strings> l, string code) => Lookup(l, "Kind_", code);

    /// <summary>
    /// What a list may say about the child: the surname mask (only where the province allows it) and the age band, e.g.
    /// "王＊ · 6-11岁"; empty when neither is known. Never more: the rest is behind the audited reveal.
    /// </summary>
    public static string Child(this IStringLocalizer<Strings> l, CaseDto c) => string.Join(" · ",
        new[] { c.DisplayMask, c.AgeBand is { } band ? Lookup(l, "AgeBand_", band) : null }.Where(s => s is not null));

    private static string Lookup(IStringLocalizer<Strings> l, string prefix, string code)
    {
        var s = l[prefix + code];
        return s.ResourceNotFound ? code : s.Value;
    }

    /// <summary>"12:34" / "1:02:03" for a span; days as "3天 04:05:06"-style via the localized day suffix.</summary>
    public static string FormatSpan(TimeSpan span, string daySuffix)
    {
        span = span.Duration();
        if (span.TotalDays >= 1)
        {
            return $"{(int)span.TotalDays}{daySuffix} {span:hh\\:mm\\:ss}";
        }
        return span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"mm\:ss");
    }
}
