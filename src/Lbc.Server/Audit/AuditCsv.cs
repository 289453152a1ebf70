using System.Globalization;
using System.Text;
using Lbc.Contracts;

namespace Lbc.Server.Audit;

/// <summary>
/// The audit trail as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads the Chinese names), RFC 4180
/// quoting, times in China Standard Time with their offset. A cell a spreadsheet would run as a formula (one starting
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR: a reveal's reason is free text) gets a leading apostrophe.
/// </summary>
public static class AuditCsv
{
    public const string Header = "time,action,outcome,user,role,jurisdiction,case_id,region,target,reason,address";

    private static readonly TimeSpan s_china = TimeSpan.FromHours(8);

    public static async Task WriteAsync(Stream output, IEnumerable<AuditEntryDto> lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Header + "\r\n");
        var line = new StringBuilder(256);
        foreach (var e in lines)
        {
            line.Clear();
            line.Append(e.At.ToOffset(s_china).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            foreach (var cell in (ReadOnlySpan<string?>)[e.Action, e.Outcome, e.User, e.Role, e.Jurisdiction, e.CaseId, e.Region, e.Target, e.Reason, e.Address])
            {
                line.Append(',');
                AppendCell(line, cell);
            }
            line.Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    internal static void AppendCell(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }
        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
