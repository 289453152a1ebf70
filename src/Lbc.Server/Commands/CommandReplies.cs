using System.Collections.Concurrent;

namespace Lbc.Server.Commands;

/// <summary>
/// The first answer to each recent command, by user and command id, so a retried POST gets the same answer. Bounded
/// (oldest forgotten first); beyond it, and on other instances, the derived event id still makes a retry a no-op.
/// </summary>
public sealed class CommandReplies
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<(string User, string CommandId), CommandOutcome> _replies = new();
    private readonly ConcurrentQueue<(string, string)> _order = new();

    public bool TryGet(string user, string commandId, out CommandOutcome outcome) =>
        _replies.TryGetValue((user, commandId), out outcome!);

    /// <summary>Remembers a final answer (accepted or conflict); refusals that a corrected retry could pass are not kept.</summary>
    public void Remember(string user, string commandId, CommandOutcome outcome)
    {
        if (outcome is not (CommandOutcome.Accepted or CommandOutcome.Conflict) || !_replies.TryAdd((user, commandId), outcome))
        {
            return;
        }
        _order.Enqueue((user, commandId));
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _replies.TryRemove(oldest, out _);
        }
    }
}
