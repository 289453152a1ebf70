namespace Lbc.Ledger.Reading;

/// <summary>
/// What one upload may hold. The largest township ledgers have a few thousand children; a county importing for
/// all its townships stays well under 20,000. Beyond either limit the file is refused whole
/// (<see cref="LedgerTooLargeException"/>, HTTP 413), never half read.
/// </summary>
public static class LedgerLimits
{
    public const int MaxDataRows = 20_000;

    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Characters one XML part of an XLSX may expand to. 10 MB of zip can inflate a thousandfold (a zip bomb); a
    /// full ledger of 20,000 rows is about 15 million characters of sheet XML.
    /// </summary>
    internal const long MaxXmlCharactersPerPart = 60_000_000;
}
