namespace Lbc.Ledger.Reading;

/// <summary>Excel's serial dates: days since 1899-12-30 (the 1900 system), or since 1904-01-01 (old Mac workbooks).</summary>
public static class ExcelDates
{
    /// <summary>1900-01-01 .. 9999-12-31, the range Excel itself shows as dates.</summary>
    public static bool TryFromSerial(double serial, bool date1904, out DateOnly date)
    {
        date = default;
        var days = Math.Floor(serial) + (date1904 ? 1462 : 0);
        if (double.IsNaN(days) || days < 1 || days >= 2_958_466)
        {
            return false;
        }
        // OLE automation dates share the 1900 system's epoch (1899-12-30), which absorbs Excel's fictitious
        // 1900-02-29 for every date after February 1900. A time of day is dropped: the ledger keeps days.
        date = DateOnly.FromDateTime(DateTime.FromOADate(days));
        return true;
    }

    public static double ToSerial(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();
}
