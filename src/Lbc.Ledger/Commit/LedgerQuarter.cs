using System.Globalization;

namespace Lbc.Ledger.Commit;

/// <summary>The quarter a ledger report covers, written as in <c>ledger.submitted</c>: <c>2026Q1</c>.</summary>
public readonly record struct LedgerQuarter
{
    public LedgerQuarter(int year, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2010); // the catalog's floor for ledger.submitted
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        Year = year;
        Number = number;
    }

    public int Year { get; }

    public int Number { get; }

    public DateOnly FirstDay => new(Year, Number * 3 - 2, 1);

    public static LedgerQuarter Of(DateOnly day) => new(day.Year, (day.Month + 2) / 3);

    public static bool TryParse(string? text, out LedgerQuarter quarter)
    {
        quarter = default;
        if (text is not { Length: 6 } || text[4] is not ('Q' or 'q') || text[5] is < '1' or > '4'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2010)
        {
            return false;
        }
        quarter = new LedgerQuarter(year, text[5] - '0');
        return true;
    }

    public int CompareTo(LedgerQuarter other) => (Year * 4 + Number).CompareTo(other.Year * 4 + other.Number);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");
}
