using PdfSharp.Drawing;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>
/// Text in two fonts: Chinese (and full-width punctuation) from the CJK font, everything else from the Latin one, since
/// Droid Sans Fallback has no Latin letters or digits. A string is drawn as runs of one font each, on one baseline.
/// </summary>
internal sealed class PdfFonts(string cjkFamily, string latinFamily)
{
    private readonly Dictionary<(bool Cjk, double Size), XFont> _fonts = [];

    private XFont Font(bool cjk, double size)
    {
        if (!_fonts.TryGetValue((cjk, size), out var font))
        {
            font = new XFont(cjk ? cjkFamily : latinFamily, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
            _fonts[(cjk, size)] = font;
        }
        return font;
    }

    /// <summary>CJK ideographs, kana, CJK and full-width punctuation: the ranges from U+2E80 up (and the private-use gap excluded).</summary>
    private static bool IsCjk(char c) => c >= '\u2E80' && c is < '\uE000' or >= '\uF900';

    private static IEnumerable<(string Run, bool Cjk)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || IsCjk(text[i]) != IsCjk(text[start]))
            {
                yield return (text[start..i], IsCjk(text[start]));
                start = i;
            }
        }
    }

    public double Width(XGraphics g, string text, double size) =>
        text.Length == 0 ? 0 : Runs(text).Sum(r => g.MeasureString(r.Run, Font(r.Cjk, size)).Width);

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="baseline"/>; <paramref name="x"/> is its left edge, or right edge when <paramref name="right"/>.</summary>
    public void Draw(XGraphics g, string text, double size, XBrush brush, double x, double baseline, bool right = false)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (right)
        {
            x -= Width(g, text, size);
        }
        foreach (var (run, cjk) in Runs(text))
        {
            var font = Font(cjk, size);
            g.DrawString(run, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += g.MeasureString(run, font).Width;
        }
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to lines no wider than <paramref name="width"/>: at the last space for English, anywhere
    /// for Chinese (which has no spaces).
    /// </summary>
    public IReadOnlyList<string> Wrap(XGraphics g, string text, double size, double width)
    {
        var lines = new List<string>();
        var start = 0;
        for (var end = 1; end <= text.Length; end++)
        {
            if (Width(g, text[start..end], size) > width && end - 1 > start)
            {
                var space = text.LastIndexOf(' ', end - 1, end - 1 - start);
                var cut = space > start && !IsCjk(text[end - 1]) ? space + 1 : end - 1;
                lines.Add(text[start..cut].TrimEnd());
                start = cut;
            }
        }
        lines.Add(text[start..]);
        return lines;
    }
}
