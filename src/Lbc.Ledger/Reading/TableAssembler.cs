using Lbc.Ledger.Layout;

namespace Lbc.Ledger.Reading;

/// <summary>
/// What the CSV and XLSX readers share: the first non-empty row is the header, empty rows are dropped (their numbers
/// still count, so row numbers match what the user sees), cells are trimmed and aligned with the header, and the
/// row limit is enforced while reading so an oversized file is refused before it is held in memory.
/// </summary>
internal sealed class TableAssembler(LedgerFormat format)
{
    private readonly List<LedgerRow> _rows = [];
    private string[] _headers = [];
    private int _headerRow;

    public bool HasHeader => _headerRow > 0;

    /// <summary>Indexes of the header's date columns (known once the header row was added).</summary>
    public HashSet<int> DateColumns { get; } = [];

    public IReadOnlyList<LedgerRow> Rows => _rows;

    public int HeaderRow => _headerRow;

    public int Width => _headers.Length;

    /// <summary>Adds the row numbered <paramref name="number"/>; null cells are empty.</summary>
    /// <exception cref="LedgerTooLargeException">More than <see cref="LedgerLimits.MaxDataRows"/> data rows.</exception>
    public void Add(int number, IReadOnlyList<string?> cells)
    {
        if (!HasHeader)
        {
            var headers = Trimmed(cells, cells.Count);
            var width = Array.FindLastIndex(headers, h => h.Length > 0) + 1;
            if (width == 0)
            {
                return;
            }
            _headers = headers[..width];
            _headerRow = number;
            for (var i = 0; i < _headers.Length; i++)
            {
                if (LedgerLayout.Resolve(_headers[i]) is LedgerColumn c && LedgerLayout.Of(c).IsDate)
                {
                    DateColumns.Add(i);
                }
            }
            return;
        }
        var row = Trimmed(cells, _headers.Length);
        if (Array.TrueForAll(row, c => c.Length == 0))
        {
            return;
        }
        if (_rows.Count == LedgerLimits.MaxDataRows)
        {
            throw new LedgerTooLargeException("too_many_rows",
                $"文件的数据超过 {LedgerLimits.MaxDataRows} 行，请按乡镇拆分后分别导入。");
        }
        _rows.Add(new LedgerRow(number, row));
    }

    /// <exception cref="LedgerFileException">No header row: the file is empty.</exception>
    public LedgerTable Build()
    {
        if (!HasHeader)
        {
            throw new LedgerFileException("no_header", "文件是空的：第一行应为表头（乡镇代码、村代码、儿童编号……）。");
        }
        return new LedgerTable(format, _headerRow, _headers, _rows);
    }

    private static string[] Trimmed(IReadOnlyList<string?> cells, int width)
    {
        var result = new string[width];
        for (var i = 0; i < width; i++)
        {
            // Trim() covers the full-width space (U+3000) too, common in text typed with a Chinese IME.
            result[i] = i < cells.Count ? cells[i]?.Trim() ?? "" : "";
        }
        return result;
    }
}
