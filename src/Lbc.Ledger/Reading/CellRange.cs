namespace Lbc.Ledger.Reading;

/// <summary>A rectangle of cells in A1 notation ("A1:C1", or one cell "B7"); rows 1-based, columns 0-based.</summary>
internal readonly record struct CellRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn, string Text)
{
    public static bool TryParse(string text, out CellRange range)
    {
        range = default;
        var parts = text.Split(':');
        if (parts.Length is < 1 or > 2 || !TryParseCell(parts[0], out var r1, out var c1))
        {
            return false;
        }
        var (r2, c2) = (r1, c1);
        if (parts.Length == 2 && !TryParseCell(parts[1], out r2, out c2))
        {
            return false;
        }
        range = new CellRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2), text);
        return true;
    }

    /// <summary>"AB12" -> row 12, column 27. Absolute markers ("$A$1") are allowed.</summary>
    public static bool TryParseCell(string reference, out int row, out int column)
    {
        row = 0;
        column = -1;
        var i = 0;
        var letters = 0;
        var col = 0;
        while (i < reference.Length && (reference[i] == '$' || char.IsAsciiLetter(reference[i])))
        {
            if (reference[i] != '$')
            {
                col = col * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
                letters++;
            }
            i++;
        }
        if (letters is 0 or > 3 || i == reference.Length)
        {
            return false;
        }
        var number = 0;
        for (; i < reference.Length; i++)
        {
            if (!char.IsAsciiDigit(reference[i]) || number > 10_000_000)
            {
                return false;
            }
            number = number * 10 + (reference[i] - '0');
        }
        if (number == 0)
        {
            return false;
        }
        row = number;
        column = col - 1;
        return true;
    }
}
