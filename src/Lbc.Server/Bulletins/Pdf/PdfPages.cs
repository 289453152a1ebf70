using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>A4 pages written top to bottom: a cursor, a new page when the next block does not fit, a footer on each.</summary>
internal sealed class PdfPages(PdfDocument document, PdfFonts fonts, string footer) : IDisposable
{
    public const double Margin = 40;
    public static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(0x22, 0x22, 0x22));
    public static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x66, 0x66, 0x66));
    public static readonly XBrush Title = new XSolidBrush(XColor.FromArgb(0x12, 0x35, 0x5b));

    private XGraphics? _graphics;
    private PdfPage? _page;

    public PdfFonts Fonts => fonts;

    public XGraphics G => _graphics ?? throw new InvalidOperationException("no page");

    public double Y { get; set; }

    public double Width => (_page?.Width.Point ?? 595) - 2 * Margin;

    private double Bottom => (_page?.Height.Point ?? 842) - Margin - 14;

    public void NewPage()
    {
        _graphics?.Dispose();
        _page = document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        fonts.Draw(_graphics, $"{footer} · {document.PageCount}", 7, Muted, Margin, _page.Height.Point - Margin + 10);
        Y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Need(double height)
    {
        if (_page is null || Y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>A line of text at the cursor, wrapped to the page width.</summary>
    public void Line(string text, double size, XBrush brush, double after = 3)
    {
        foreach (var line in fonts.Wrap(G, text, size, Width))
        {
            Need(size * 1.4);
            fonts.Draw(G, line, size, brush, Margin, Y + size);
            Y += size * 1.4;
        }
        Y += after;
    }

    public void Dispose() => _graphics?.Dispose();
}
