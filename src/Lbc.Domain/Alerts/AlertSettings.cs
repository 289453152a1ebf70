using System.Globalization;

namespace Lbc.Domain.Alerts;

/// <summary>
/// The alert thresholds (<c>Dashboard:Alerts:*</c>; DOMAIN.md "Rules added for the role views", Alerts). Project
/// defaults, configurable per deployment. <see cref="Validate"/> names each bad key so the server refuses to start.
/// </summary>
public sealed record AlertSettings
{
    public static AlertSettings Default { get; } = new();

    /// <summary>
    /// Off: no rule is evaluated and no alert raised (actions on the log are still applied, and kept for when it is on).
    /// For a deployment that does not want them, and for measuring what they cost (bench, <c>--alerts</c>).
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A breached stage still unacknowledged this long after its breach goes one level up (county, city, province), and again after as long.</summary>
    public TimeSpan EscalateAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A township's overdue-visit rate rising by more than this many percentage points...</summary>
    public double OverdueRisePoints { get; init; } = 5;

    /// <summary>...within this many days raises an alert.</summary>
    public int OverdueRiseDays { get; init; } = 7;

    /// <summary>A mandated reporter type that filed nothing in a county for this many days raises an alert.</summary>
    public int ReporterSilentDays { get; init; } = 90;

    /// <summary>The longest a user may mute an alert for.</summary>
    public TimeSpan MaxMute { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a resolved alert is kept for the leading group's figures (raised, time to acknowledge).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Every problem, each starting with its key under <c>Dashboard:Alerts</c>; empty when all is well.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (EscalateAfter <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(EscalateAfter)}: must be longer than zero (is {Text(EscalateAfter)})");
        }
        if (!double.IsFinite(OverdueRisePoints) || OverdueRisePoints < 0 || OverdueRisePoints >= 100)
        {
            problems.Add($"{nameof(OverdueRisePoints)}: must be from 0 to less than 100 percentage points (is {OverdueRisePoints.ToString(CultureInfo.InvariantCulture)})");
        }
        if (OverdueRiseDays is < 1 or > AlertBook.RateHistoryDays - 1)
        {
            problems.Add($"{nameof(OverdueRiseDays)}: must be from 1 to {AlertBook.RateHistoryDays - 1} days (is {OverdueRiseDays.ToString(CultureInfo.InvariantCulture)})");
        }
        if (ReporterSilentDays <= 0)
        {
            problems.Add($"{nameof(ReporterSilentDays)}: must be more than zero (is {ReporterSilentDays.ToString(CultureInfo.InvariantCulture)})");
        }
        if (MaxMute <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(MaxMute)}: must be longer than zero (is {Text(MaxMute)})");
        }
        if (Retention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(Retention)}: must be longer than zero (is {Text(Retention)})");
        }
        return problems;
    }

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
