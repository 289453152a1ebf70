using System.Text;

namespace Lbc.GeoGen;

/// <summary>Minimal RFC 4180 reader for china-division's dist/*.csv (header row, double-quoted names).</summary>
internal static class Csv
{
    /// <summary>Rows as dictionaries-by-position plus the header's column index; streams so villages.csv (37 MB) is not held.</summary>
    public static IEnumerable<string[]> Read(string path, out Dictionary<string, int> columns)
    {
        var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
        columns = Split(header).Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        return Rows(reader);
    }

    private static IEnumerable<string[]> Rows(StreamReader reader)
    {
        using (reader)
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                    yield return Split(line);
            }
        }
    }

    internal static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return [.. fields];
    }
}
