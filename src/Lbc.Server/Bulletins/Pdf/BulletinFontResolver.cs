using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Lbc.Server.Bulletins.Pdf;

/// <summary>
/// PDFsharp's font resolver for the bulletin's font files. PDFsharp takes one resolver per process, set before any font
/// is used, so this is one instance for every server in the process (tests run several, each with its own settings): a
/// file is registered under a short alias (family names must not carry a path, which PDFsharp may fold in case) and
/// served from memory. No simulated bold: the CJK font has one weight, and titles are set larger instead.
/// </summary>
public sealed class BulletinFontResolver : IFontResolver
{
    public static BulletinFontResolver Instance { get; } = new();

    private static readonly object s_installGate = new();
    private static bool s_installed;
    private static int s_nextAlias;

    private readonly ConcurrentDictionary<string, string> _aliasByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _fontByAlias = new(StringComparer.OrdinalIgnoreCase);

    private BulletinFontResolver()
    {
    }

    /// <summary>Makes this PDFsharp's resolver (once per process) and returns the family name to use for <paramref name="path"/>.</summary>
    public static string Register(string path)
    {
        lock (s_installGate)
        {
            if (!s_installed)
            {
                GlobalFontSettings.FontResolver = Instance;
                s_installed = true;
            }
        }
        return Instance._aliasByPath.GetOrAdd(path, p =>
        {
            var alias = "lbc-font-" + Interlocked.Increment(ref s_nextAlias).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Instance._fontByAlias[alias] = new Lazy<byte[]>(() => File.ReadAllBytes(p));
            return alias;
        });
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        _fontByAlias.ContainsKey(familyName) ? new FontResolverInfo(familyName.ToLowerInvariant()) : null;

    public byte[]? GetFont(string faceName) => _fontByAlias.TryGetValue(faceName, out var font) ? font.Value : null;
}
