using System.Text;

namespace Lbc.Ledger.Reading;

/// <summary>
/// Decodes a CSV the way township staff produce them: Excel's "CSV UTF-8" (with BOM), other tools' UTF-8 without
/// BOM, and Excel's plain "CSV" on a Chinese Windows, which is GB18030 (GBK). Bytes that are valid UTF-8 are read
/// as UTF-8 (GBK text is almost never valid UTF-8); anything else as GB18030. A UTF-16 BOM is honoured too.
/// </summary>
internal static class LedgerTextDecoder
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The code-pages provider is registered once per process, and only when a GB18030 file actually arrives.
    private static readonly Lazy<Encoding> s_gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    public static Encoding Gb18030 => s_gb18030.Value;

    public static string Decode(byte[] bytes, out string encodingName)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\xEF\xBB\xBF"u8))
        {
            encodingName = "utf-8-bom";
            try
            {
                return s_strictUtf8.GetString(span[3..]);
            }
            catch (DecoderFallbackException e)
            {
                throw new LedgerFileException("invalid_encoding", "文件标明为 UTF-8 编码，但内容不是有效的 UTF-8，请重新另存为“CSV UTF-8”。", e);
            }
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encodingName = "utf-16le";
            return Encoding.Unicode.GetString(span[2..]);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encodingName = "utf-16be";
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }
        try
        {
            var text = s_strictUtf8.GetString(span);
            encodingName = "utf-8";
            return text;
        }
        catch (DecoderFallbackException)
        {
            encodingName = "gb18030";
            return Gb18030.GetString(span);
        }
    }
}
