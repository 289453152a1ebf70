using Lbc.Ledger.Layout;

namespace Lbc.Ledger.Reading;

/// <summary>
/// One data row as read: cells aligned with <see cref="LedgerTable.Headers"/>, trimmed, "" when empty.
/// <see cref="Number"/> is the row number the user sees in Excel (1-based, the header row counted).
/// </summary>
public sealed record LedgerRow(int Number, IReadOnlyList<string> Cells)
{
    // Cells hold names and phone numbers: a row that ends up in a log or an exception shows its number only.
    public override string ToString() => $"LedgerRow {Number}";
}

/// <summary>A ledger file read into strings: the header row and the non-empty rows below it.</summary>
public sealed class LedgerTable
{
    private readonly int[] _indexOf;

    public LedgerTable(LedgerFormat format, int headerRow, IReadOnlyList<string> headers, IReadOnlyList<LedgerRow> rows)
    {
        Format = format;
        HeaderRow = headerRow;
        Headers = headers;
        Rows = rows;
        _indexOf = Enumerable.Repeat(-1, LedgerLayout.Columns.Count).ToArray();
        var duplicates = new List<LedgerColumn>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (LedgerLayout.Resolve(headers[i]) is not LedgerColumn column)
            {
                continue;
            }
            if (_indexOf[(int)column] >= 0)
            {
                duplicates.Add(column); // the first one wins; the validator reports the second
                continue;
            }
            _indexOf[(int)column] = i;
        }
        DuplicateColumns = duplicates;
    }

    public LedgerFormat Format { get; }

    /// <summary>The row number of the header row (1 unless the sheet starts with empty rows).</summary>
    public int HeaderRow { get; }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<LedgerRow> Rows { get; }

    /// <summary>Columns whose header appears more than once.</summary>
    public IReadOnlyList<LedgerColumn> DuplicateColumns { get; }

    public bool Has(LedgerColumn column) => _indexOf[(int)column] >= 0;

    /// <summary>The header as written in the file, or the Chinese header when the column is missing.</summary>
    public string HeaderOf(LedgerColumn column) =>
        _indexOf[(int)column] is var i and >= 0 ? Headers[i] : LedgerLayout.Of(column).Header;

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>; "" when the column is missing.</summary>
    public string Cell(LedgerRow row, LedgerColumn column)
    {
        var i = _indexOf[(int)column];
        return i >= 0 && i < row.Cells.Count ? row.Cells[i] : "";
    }
}
