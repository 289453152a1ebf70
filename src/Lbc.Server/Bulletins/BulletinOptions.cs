using Lbc.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Bulletins;

/// <summary>
/// The <c>Dashboard:Bulletins</c> section: the fonts the PDF embeds. Chinese needs a CJK font with TrueType outlines
/// (PDFsharp cannot embed the CFF outlines of Noto Sans CJK): Debian's <c>fonts-droid-fallback</c> by default. That font
/// has no Latin letters or digits, so those come from a second font (<c>fonts-dejavu-core</c>). Left empty, each is the
/// first file found of its search path; none found means the PDF answers 503 naming the package (the XLSX still works).
/// </summary>
public sealed class BulletinOptions
{
    public const string Section = "Dashboard:Bulletins";

    /// <summary>A TrueType CJK font file; empty: the first of <see cref="CjkFontSearchPath"/> that exists.</summary>
    public string FontPath { get; set; } = "";

    /// <summary>A TrueType font for Latin letters and digits; empty: the first of <see cref="LatinFontSearchPath"/> that exists.</summary>
    public string LatinFontPath { get; set; } = "";

    /// <summary>Candidates for the CJK font, separated by ';'.</summary>
    public string CjkFontSearchPath { get; set; } =
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf;/usr/share/fonts/truetype/droid/DroidSansFallback.ttf;" +
        "/usr/local/share/fonts/DroidSansFallbackFull.ttf;C:\\Windows\\Fonts\\simhei.ttf";

    /// <summary>Candidates for the Latin font, separated by ';'.</summary>
    public string LatinFontSearchPath { get; set; } =
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf;/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf;" +
        "C:\\Windows\\Fonts\\arial.ttf";

    public const string CjkPackage = "fonts-droid-fallback";
    public const string LatinPackage = "fonts-dejavu-core";

    public string? ResolveCjkFont() => Resolve(FontPath, CjkFontSearchPath);

    public string? ResolveLatinFont() => Resolve(LatinFontPath, LatinFontSearchPath);

    private static string? Resolve(string configured, string searchPath) =>
        !string.IsNullOrWhiteSpace(configured)
            ? configured
            : searchPath.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(File.Exists);
}

/// <summary>A font path that is set must name an existing TrueType file: a typo stops the start, naming the key.</summary>
internal sealed class BulletinOptionsValidator : IValidateOptions<BulletinOptions>
{
    public ValidateOptionsResult Validate(string? name, BulletinOptions options)
    {
        var problems = new Problems(BulletinOptions.Section);
        Check(problems, nameof(BulletinOptions.FontPath), options.FontPath, BulletinOptions.CjkPackage);
        Check(problems, nameof(BulletinOptions.LatinFontPath), options.LatinFontPath, BulletinOptions.LatinPackage);
        return problems.Result;
    }

    private static void Check(Problems problems, string key, string path, string package)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        problems.Check(File.Exists(path), key, $"no file '{path}' (install {package}, or leave it empty to search the usual places)");
        problems.Check(path.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase), key,
            $"'{path}' is not a TrueType (.ttf) file; PDFsharp embeds TrueType outlines only");
    }
}
