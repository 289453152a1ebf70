namespace Lbc.Web.Model;

/// <summary>
/// Every time on the dashboard is shown in China Standard Time (UTC+8, no daylight saving), whatever the
/// viewing machine's zone: a duty officer and a wall display must read the same clock as the reporter.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);
}
