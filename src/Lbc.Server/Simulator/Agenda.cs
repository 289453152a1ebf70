using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// What the simulated people will do and when: a case's next step, a child's admission, an institution's next status
/// report, the township's assessment days later. Work runs in time order (first scheduled first on a tie) and its
/// events are stamped when it was planned to happen, so a case worked through in one tick still has a believable
/// history. Work may schedule more work, at the same instant or later.
/// </summary>
internal sealed class Agenda
{
    private readonly PriorityQueue<Action<DateTimeOffset, List<RawEvent>>, (DateTimeOffset At, long Order)> _work = new();
    private long _order;

    public int Count => _work.Count;

    public void At(DateTimeOffset at, Action<DateTimeOffset, List<RawEvent>> work) => _work.Enqueue(work, (at, _order++));

    /// <summary>Runs everything due up to <paramref name="now"/>; each piece of work adds its events to <paramref name="batch"/>.</summary>
    public void RunDue(DateTimeOffset now, List<RawEvent> batch)
    {
        while (_work.TryPeek(out var work, out var when) && when.At <= now)
        {
            _work.Dequeue();
            work(when.At, batch);
        }
    }
}
