using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// Which alerts the bell shows a user, and in what order. The server sends a jurisdiction's alerts to every case-level
/// user of it (one feed per jurisdiction); each role answers for its own: police for stage clocks, civil affairs for
/// care, ledgers and reporting; an administrator sees them all.
/// </summary>
public static class AlertRules
{
    public static bool IsFor(AlertDto alert, string role) => role == Roles.Administrator || alert.OwnerRole == role;

    /// <summary>The user's open alerts, most severe first, then oldest.</summary>
    public static IReadOnlyList<AlertDto> For(IReadOnlyList<AlertDto> alerts, string role) => [.. alerts.Where(a => IsFor(a, role))];

    /// <summary>What the bell counts: the user's alerts neither acknowledged nor muted now.</summary>
    public static int BellCount(IReadOnlyList<AlertDto> alerts, string role) => alerts.Count(a => a.NeedsAttention && IsFor(a, role));

    public static IReadOnlyList<AlertDto> Order(IEnumerable<AlertDto> alerts) => [.. alerts
        .OrderByDescending(a => a.NeedsAttention)
        .ThenBy(a => SeverityRank(a.Severity))
        .ThenBy(a => a.RaisedAt)
        .ThenBy(a => a.AlertId, StringComparer.Ordinal)];

    private static int SeverityRank(string severity) => severity switch
    {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };

    /// <summary>Where the alert's subject is shown: the case view, the civil-affairs board, or the drill-down of its region.</summary>
    public static string LinkOf(AlertDto alert) =>
        alert.CaseId is { } caseId ? "cases/" + Uri.EscapeDataString(caseId)
        : alert.InstitutionId is not null || alert.PlacementId is not null ? "placements"
        : "province?region=" + Uri.EscapeDataString(alert.RegionCode);
}
