using Lbc.Domain.Events;
using Lbc.EventLog;

namespace Lbc.TestSupport;

/// <summary>
/// What a test means by "nothing was appended": no event besides the audit trail's. Audit lines (a sign-in, a refusal)
/// are written in the background whenever users act, so a count that includes them depends on timing.
/// </summary>
public static class LogCounts
{
    public static async Task<int> CountWithoutAuditAsync(this IEventLog log)
    {
        var count = 0;
        var after = LogPosition.Start;
        while (true)
        {
            var page = await log.ReadAfterAsync(after, 5000);
            if (page.Count == 0)
            {
                return count;
            }
            count += page.Count(e => e.Event.Type != EventTypes.AuditRecorded);
            after = page[^1].Position;
        }
    }
}
