using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>How a stage clock reads: green, amber in its last fifth, red once breached; done (late or in time).</summary>
public enum ClockColour
{
    Green,
    Amber,
    Red,
    Done,
    DoneLate,
}

/// <summary>
/// The view rules every case-level component shares (queue, map, case view), written once: the order of the queue,
/// which clock matters next, and whether a case is breached at an instant (the server's state may be up to a tick old;
/// a clock that ran out since is breached now).
/// </summary>
public static class CaseRules
{
    /// <summary>
    /// Most urgent first: a missing child still being searched for is pinned on top; then priority (1 highest); then
    /// breached before on time; then the oldest report first. Ties by id, so the order is stable while rows update.
    /// </summary>
    public static IReadOnlyList<CaseDto> Order(IEnumerable<CaseDto> cases, DateTimeOffset? now = null) =>
        cases.Where(c => !c.Closed)
            .OrderByDescending(c => c.Searching)
            .ThenBy(c => c.Priority)
            .ThenByDescending(c => now is { } n && IsBreached(c, n))
            .ThenBy(c => c.ReceivedAt)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// A stage clock's colour (DOMAIN.md): done when done; red when breached; amber in the last fifth (the rules'
    /// fraction) of the stage's time; green before.
    /// </summary>
    public static ClockColour Colour(StageClockDto clock, DateTimeOffset now, RuleSettingsDto? rules)
    {
        if (clock.DoneAt is not null)
        {
            return clock.State == SlaStates.DoneLate ? ClockColour.DoneLate : ClockColour.Done;
        }
        if (clock.State == SlaStates.Breached || now > clock.Due)
        {
            return ClockColour.Red;
        }
        var sla = rules?.StageSlaMinutes.GetValueOrDefault(clock.Stage) is int minutes and > 0 ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var fraction = rules?.ClockAmberFraction ?? 0.2;
        return sla is { } s && clock.Due - now <= s * fraction ? ClockColour.Amber : ClockColour.Green;
    }

    /// <summary>The missing-child search radius now (km): base plus growth per hour since last seen, capped.</summary>
    public static double SearchRadiusKm(CaseDto c, DateTimeOffset now, RuleSettingsDto? rules)
    {
        var baseKm = rules?.SearchBaseKm ?? 2;
        var growth = rules?.SearchGrowthKmPerHour ?? 5;
        var cap = rules?.SearchCapKm ?? 50;
        var hours = Math.Max(0, (now - (c.LastSeenAt ?? c.ReceivedAt)).TotalHours);
        return Math.Min(cap, baseKm + growth * hours);
    }

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
