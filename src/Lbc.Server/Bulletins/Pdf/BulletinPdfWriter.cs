using Lbc.Server.Bulletins.Composition;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>
/// The bulletin as an A4 PDF (docs/bulletins.md): title and notes, the headline with the change against the previous
/// period, the overdue-rate choropleth, one table per ranking, the rules in force. Fonts are embedded (subsets).
/// </summary>
public static class BulletinPdfWriter
{
    private static readonly XBrush s_worse = new XSolidBrush(XColor.FromArgb(0xc6, 0x28, 0x28));
    private static readonly XBrush s_better = new XSolidBrush(XColor.FromArgb(0x1b, 0x7f, 0x3b));

    /// <param name="cjkFontPath">A TrueType CJK font (Droid Sans Fallback).</param>
    /// <param name="latinFontPath">A TrueType font with Latin letters and digits (DejaVu Sans).</param>
    public static byte[] Write(Bulletin bulletin, string cjkFontPath, string latinFontPath)
    {
        var fonts = new PdfFonts(BulletinFontResolver.Register(cjkFontPath), BulletinFontResolver.Register(latinFontPath));
        using var document = new PdfDocument();
        document.Info.Title = $"{bulletin.RegionName} {bulletin.Period.ChineseName} 留守儿童关爱保护工作通报";
        document.Info.Subject = $"Left-behind children bulletin, {bulletin.RegionCode}, {bulletin.Period.Code}";
        document.Info.Creator = "Lbc dashboard";
        using (var pages = new PdfPages(document, fonts, $"{bulletin.RegionName} {bulletin.Period.ChineseName} · {bulletin.RegionCode} {bulletin.Period.Code}"))
        {
            pages.NewPage();
            Title(pages, bulletin);
            Headline(pages, bulletin);
            if (bulletin.Map.Areas.Count > 0)
            {
                Section(pages, "走访逾期率分布图", "Overdue rate of the sub-regions", 260);
                PdfChoropleth.Draw(pages, bulletin.Map, 230);
            }
            foreach (var ranking in bulletin.Rankings)
            {
                Ranking(pages, ranking);
            }
            Rules(pages, bulletin);
        }
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Title(PdfPages pages, Bulletin b)
    {
        pages.Line($"{b.RegionName}农村留守儿童关爱保护工作通报", 17, PdfPages.Title, 0);
        pages.Line($"Rural left-behind children: bulletin for {b.RegionName} ({b.RegionCode})", 10, PdfPages.Muted, 2);
        pages.Line($"{b.Period.ChineseName} · {b.Period.EnglishName}", 12, PdfPages.Ink, 2);
        pages.Line($"生成时间 Produced {BulletinText.ChinaTime(b.GeneratedAt)} · 数据来源 Source: {BulletinText.SourceName(b.Source)} history" +
            (b.AggregatesOnly ? " · 汇总数据 Aggregates only" : ""), 7.5, PdfPages.Muted, 4);
        foreach (var (zh, en) in BulletinText.Notes(b))
        {
            pages.Line(zh, 7.5, PdfPages.Muted, 0);
            pages.Line(en, 7, PdfPages.Muted, 2);
        }
        pages.Y += 4;
    }

    private static void Section(PdfPages pages, string chinese, string english, double keepWith)
    {
        pages.Need(keepWith);
        pages.Y += 6;
        pages.Line(chinese, 12, PdfPages.Title, 0);
        pages.Line(english, 8, PdfPages.Muted, 3);
    }

    private static void Headline(PdfPages pages, Bulletin b)
    {
        Section(pages, "主要指标", $"Headline indicators, against {b.Period.Previous.EnglishName}", 80);
        var table = new PdfTable(pages,
        [
            ("指标", "Indicator", 4.2), ("本期", b.Period.Code, 1.3), ("上期", b.Period.Previous.Code, 1.3),
            ("变化", "Change", 1.3), ("时限", "SLA", 1),
        ], 1);
        table.Header();
        foreach (var indicator in b.Headline)
        {
            var worse = BulletinText.ChangeIsWorse(indicator);
            table.Row(
                [
                    $"{indicator.Chinese} {indicator.English}",
                    BulletinText.Value(indicator.Current, indicator.Unit),
                    BulletinText.Value(indicator.Previous, indicator.Unit),
                    BulletinText.Change(indicator),
                    indicator.Target is { } t ? t.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " min" : "",
                ],
                [null, null, null, worse is null ? null : worse.Value ? s_worse : s_better]);
        }
    }

    private static void Ranking(PdfPages pages, Ranking ranking)
    {
        Section(pages, ranking.Chinese, ranking.English + (ranking.HigherIsWorse ? " (lowest first)" : " (highest first)"), 120);
        if (ranking.NoteChinese is { } zh)
        {
            pages.Line(zh, 7.5, PdfPages.Muted, 0);
            pages.Line(ranking.NoteEnglish ?? "", 7, PdfPages.Muted, 2);
        }
        var columns = new List<(string, string, double)> { ("名次", "Rank", 0.8), ("地区", "Region", 2.6) };
        columns.AddRange(ranking.Columns.Select(c => (c.Chinese, c.English, 1.6)));
        var table = new PdfTable(pages, columns, 2);
        table.Header();
        foreach (var row in ranking.Rows)
        {
            var cells = new List<string> { row.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", row.Name };
            cells.AddRange(row.Cells.Select((v, i) => BulletinText.Value(v, ranking.Columns[i].Unit)));
            table.Row(cells);
        }
    }

    private static void Rules(PdfPages pages, Bulletin b)
    {
        Section(pages, "执行的规则设置", "Rule settings in force when produced", 80);
        var table = new PdfTable(pages, [("规则", "", 3), ("Rule", "", 3), ("设置", "Setting", 1.2)], 2);
        table.Header();
        foreach (var rule in b.Rules)
        {
            table.Row([rule.Chinese, rule.English, rule.Value]);
        }
    }
}
