namespace Lbc.Ledger.Reading;

/// <summary>
/// Reads an uploaded ledger (CSV or XLSX) into a <see cref="LedgerTable"/>. The format is taken from the content
/// (an XLSX is a zip), the file name only sharpens the message when the two disagree. The whole upload is held in
/// memory, which <see cref="LedgerLimits.MaxFileBytes"/> bounds.
/// </summary>
public static class LedgerFileReader
{
    /// <exception cref="LedgerTooLargeException">Over <see cref="LedgerLimits"/> (HTTP 413).</exception>
    /// <exception cref="LedgerFileException">Not a readable ledger file (HTTP 400, the message says why in Chinese).</exception>
    public static LedgerTable Read(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDeclaredLength(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            Append(buffer, chunk, read);
        }
        return Parse(buffer.ToArray(), fileName);
    }

    /// <summary>As <see cref="Read"/>, reading the stream asynchronously (a request body must not be read synchronously).</summary>
    public static async Task<LedgerTable> ReadAsync(Stream stream, string? fileName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDeclaredLength(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            Append(buffer, chunk, read);
        }
        return Parse(buffer.ToArray(), fileName);
    }

    /// <summary>Parses a whole file already in memory.</summary>
    public static LedgerTable Parse(byte[] bytes, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > LedgerLimits.MaxFileBytes)
        {
            throw TooLarge();
        }
        return DetectFormat(bytes, fileName) == LedgerFormat.Xlsx ? XlsxLedgerReader.Read(bytes) : CsvLedgerReader.Read(bytes);
    }

    /// <summary>XLSX when the bytes are a zip; CSV for text. Old .xls, encrypted workbooks and binary files are refused.</summary>
    public static LedgerFormat DetectFormat(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (bytes.IsEmpty)
        {
            throw new LedgerFileException("empty_file", "文件是空的。");
        }
        if (bytes.StartsWith("PK\x03\x04"u8))
        {
            return LedgerFormat.Xlsx;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) || extension == ".xls")
        {
            // The compound-file format: Excel 97-2003, or an XLSX with a password (encrypted workbooks are wrapped in it).
            throw new LedgerFileException("xls_not_supported",
                "不支持旧版 Excel（.xls）或设置了密码的工作簿，请取消密码并另存为 .xlsx 或 CSV（UTF-8）后导入。");
        }
        if (extension is ".xlsx" or ".xlsm")
        {
            throw new LedgerFileException("invalid_xlsx", "文件扩展名是 .xlsx，但内容不是 Excel 工作簿，请重新另存后导入。");
        }
        var head = bytes[..Math.Min(bytes.Length, 8192)];
        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!utf16 && head.Contains((byte)0))
        {
            throw new LedgerFileException("not_a_ledger_file", "文件不是 CSV 或 .xlsx 台账（可能是 PDF、图片或压缩包）。");
        }
        return LedgerFormat.Csv;
    }

    private static void CheckDeclaredLength(Stream stream)
    {
        if (stream.CanSeek && stream.Length - stream.Position > LedgerLimits.MaxFileBytes)
        {
            throw TooLarge();
        }
    }

    private static void Append(MemoryStream buffer, byte[] chunk, int count)
    {
        if (buffer.Length + count > LedgerLimits.MaxFileBytes)
        {
            throw TooLarge();
        }
        buffer.Write(chunk, 0, count);
    }

    private static LedgerTooLargeException TooLarge() =>
        new("file_too_large", $"文件超过 {LedgerLimits.MaxFileBytes / 1024 / 1024} MB，请按乡镇拆分后分别导入。");
}
