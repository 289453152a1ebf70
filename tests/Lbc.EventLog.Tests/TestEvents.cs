using Lbc.Domain.Events;

namespace Lbc.EventLog.Tests;

internal static class TestEvents
{
    public static RawEvent Make(int n, string src = "test", string? data = null) => new(
        $"evt-{n:D6}",
        "report.filed",
        1,
        "2026-11-03T08:15:30.123Z",
        src,
        data ?? $$"""{"reportId":"R-{{n}}","township":"210102001","category":"unattended"}""");

    public static RawEvent[] Range(int from, int count, string src = "test") =>
        Enumerable.Range(from, count).Select(n => Make(n, src)).ToArray();
}
