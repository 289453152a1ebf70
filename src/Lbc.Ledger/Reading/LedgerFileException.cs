namespace Lbc.Ledger.Reading;

/// <summary>
/// The file as a whole cannot be read (not CSV or XLSX, merged header cells, malformed). <see cref="Code"/> is a
/// stable English word for the API and tests; the message is Chinese for township staff and never quotes a cell.
/// </summary>
public class LedgerFileException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>The file is over <see cref="LedgerLimits"/>: the API answers 413.</summary>
public sealed class LedgerTooLargeException(string code, string message) : LedgerFileException(code, message);
