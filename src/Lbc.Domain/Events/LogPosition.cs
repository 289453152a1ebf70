using System.Globalization;

namespace Lbc.Domain.Events;

/// <summary>
/// A position in an event log. Redis stream ids are <c>ms-seq</c>; the SQLite log uses its row id as
/// <see cref="Major"/> and 0 as <see cref="Minor"/>. Ordered, so "read after" means the same everywhere.
/// </summary>
public readonly record struct LogPosition(long Major, long Minor) : IComparable<LogPosition>
{
    /// <summary>Before the first event of any log.</summary>
    public static LogPosition Start => default;

    public int CompareTo(LogPosition other)
    {
        var major = Major.CompareTo(other.Major);
        return major != 0 ? major : Minor.CompareTo(other.Minor);
    }

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}-{Minor}");

    public static LogPosition Parse(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? new LogPosition(long.Parse(text, CultureInfo.InvariantCulture), 0)
            : new LogPosition(
                long.Parse(text.AsSpan(0, dash), CultureInfo.InvariantCulture),
                long.Parse(text.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }
}

/// <summary>An event read back from a log, with where it sits.</summary>
public sealed record LoggedEvent(LogPosition Position, RawEvent Event);
