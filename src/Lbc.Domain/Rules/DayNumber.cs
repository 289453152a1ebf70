namespace Lbc.Domain.Rules;

/// <summary>
/// Calendar days as small integers: days since 2000-01-01 in China Standard Time (UTC+8, no DST), the
/// calendar a village committee keeps. Small enough for a <see cref="ushort"/> until 2179, which keeps
/// the per-child state compact.
/// </summary>
public static class DayNumber
{
    private static readonly TimeSpan s_chinaOffset = TimeSpan.FromHours(8);
    private static readonly DateTime s_epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static int Of(DateTimeOffset instant) =>
        Math.Max(0, (int)Math.Floor((instant.UtcDateTime + s_chinaOffset - s_epoch).TotalDays));

    public static int Of(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(s_epoch).DayNumber;

    public static DateOnly ToDate(int day) => DateOnly.FromDateTime(s_epoch).AddDays(day);

    /// <summary>The instant a China-calendar day starts.</summary>
    public static DateTimeOffset StartOf(int day) =>
        new DateTimeOffset(s_epoch.AddDays(day), s_chinaOffset).ToUniversalTime();
}
