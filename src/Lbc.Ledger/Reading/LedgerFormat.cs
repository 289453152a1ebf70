namespace Lbc.Ledger.Reading;

public enum LedgerFormat
{
    Csv,
    Xlsx,
}
