using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// The view rules every case-level component shares (queue, map, case view), written once: the order of the queue,
/// which clock matters next, and whether a case is breached at an instant (the server's state may be up to a tick old;
/// a clock that ran out since is breached now).
/// </summary>
public static class CaseRules
{
    /// <summary>Most urgent first: priority (1 highest), then oldest report first; ties by id so the order is stable.</summary>
    public static IReadOnlyList<CaseDto> Order(IEnumerable<CaseDto> cases) =>
        cases.Where(c => !c.Closed)
            .OrderBy(c => c.Priority)
            .ThenBy(c => c.ReceivedAt)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The clock that matters next: the earliest-due stage not yet done, if any.</summary>
    public static StageClockDto? NextClock(CaseDto c)
    {
        StageClockDto? next = null;
        foreach (var clock in c.Clocks)
        {
            if (clock.DoneAt is null && (next is null || clock.Due < next.Due))
            {
                next = clock;
            }
        }
        return next;
    }

    public static bool IsBreached(CaseDto c, DateTimeOffset now)
    {
        if (c.SlaState == SlaStates.Breached)
        {
            return true;
        }
        foreach (var clock in c.Clocks)
        {
            if (clock.State == SlaStates.Breached || (clock.DoneAt is null && now > clock.Due))
            {
                return true;
            }
        }
        return false;
    }
}
