using System.Globalization;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// The filters of the audit page as the API's query string. Times are what the administrator typed in China time
/// (a <c>datetime-local</c> field has no zone), sent with their +08:00 offset; <c>to</c> is exclusive.
/// </summary>
public sealed record AuditQuery(string? User, string? CaseId, DateTime? From, DateTime? To)
{
    public string Url(long? before = null, bool csv = false)
    {
        var parts = new List<string>(6);
        Add(parts, "user", User);
        Add(parts, "caseId", CaseId);
        Add(parts, "from", Format(From));
        Add(parts, "to", Format(To));
        if (before is long b)
        {
            parts.Add("before=" + b.ToString(CultureInfo.InvariantCulture));
        }
        if (csv)
        {
            parts.Add("format=csv");
        }
        // Relative to the app's base, like every other call of the dashboard.
        var path = AuditRoutes.Audit.TrimStart('/');
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
        }
    }

    private static string? Format(DateTime? local) => local is { } t
        ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : null;
}
