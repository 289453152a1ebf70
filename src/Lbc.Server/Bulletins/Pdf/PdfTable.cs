using PdfSharp.Drawing;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>
/// A table drawn row by row: a two-line header (Chinese over English), rows with the first columns left-aligned and the
/// numbers right-aligned, repeated header on each new page. Column widths are shares of the page width.
/// </summary>
internal sealed class PdfTable(PdfPages pages, IReadOnlyList<(string Chinese, string English, double Share)> columns, int leftAligned)
{
    private const double RowHeight = 15;
    private const double HeaderHeight = 24;
    private const double Size = 8.5;
    private static readonly XPen s_rule = new(XColor.FromArgb(0xd5, 0xd9, 0xde), 0.5);
    private static readonly XBrush s_headerFill = new XSolidBrush(XColor.FromArgb(0xf2, 0xf4, 0xf7));

    private double[] Widths => [.. columns.Select(c => c.Share / columns.Sum(x => x.Share) * pages.Width)];

    public void Header()
    {
        pages.Need(HeaderHeight + RowHeight);
        var g = pages.G;
        g.DrawRectangle(s_headerFill, PdfPages.Margin, pages.Y, pages.Width, HeaderHeight);
        var x = PdfPages.Margin;
        var widths = Widths;
        for (var i = 0; i < columns.Count; i++)
        {
            var right = i >= leftAligned;
            var at = right ? x + widths[i] - 3 : x + 3;
            pages.Fonts.Draw(g, columns[i].Chinese, Size, PdfPages.Ink, at, pages.Y + 10, right);
            pages.Fonts.Draw(g, columns[i].English, 6.5, PdfPages.Muted, at, pages.Y + 20, right);
            x += widths[i];
        }
        pages.Y += HeaderHeight;
    }

    /// <summary>One row; <paramref name="colours"/> optionally colours a cell's text (a change for the worse in red).</summary>
    public void Row(IReadOnlyList<string> cells, IReadOnlyList<XBrush?>? colours = null)
    {
        if (pages.Y + RowHeight > 842 - PdfPages.Margin - 14)
        {
            pages.NewPage();
            Header();
        }
        var g = pages.G;
        var x = PdfPages.Margin;
        var widths = Widths;
        for (var i = 0; i < columns.Count; i++)
        {
            var right = i >= leftAligned;
            var brush = colours is not null && i < colours.Count && colours[i] is { } c ? c : PdfPages.Ink;
            pages.Fonts.Draw(g, cells[i], Size, brush, right ? x + widths[i] - 3 : x + 3, pages.Y + 10.5, right);
            x += widths[i];
        }
        g.DrawLine(s_rule, PdfPages.Margin, pages.Y + RowHeight, PdfPages.Margin + pages.Width, pages.Y + RowHeight);
        pages.Y += RowHeight;
    }
}
