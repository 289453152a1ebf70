using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Projection;

namespace Lbc.Server.Commands;

/// <summary>
/// What every command does around its own decision: the first answer again for a repeated command id; one command at a
/// time on this instance (a decision is read from the projection, so the next one must see the previous one applied);
/// and appending its events: checked against the event catalog, appended, then waited for until the projection applied
/// them, so the answer carries the state every screen is about to show.
/// </summary>
public sealed class CommandLog(ProjectionHost host, EventValidator validator, IEventLog log, CommandReplies replies, ILogger<CommandLog> logger)
{
    /// <summary>How long a command waits for the projection to apply its events before answering anyway.</summary>
    internal static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<CommandOutcome> RunAsync(CommandUser user, string commandId, Func<Task<CommandOutcome>> decideAndAppend,
        CancellationToken cancellationToken)
    {
        if (replies.TryGet(user.Username, commandId, out var earlier))
        {
            return earlier;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var outcome = await decideAndAppend();
            replies.Remember(user.Username, commandId, outcome);
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Appends <paramref name="events"/> and waits until they applied; a refusal or an outage instead, appending nothing.</summary>
    public async Task<(CommandOutcome? Refusal, bool Applied)> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            var parsed = validator.Parse(e);
            if (!parsed.IsValid)
            {
                return (new CommandOutcome.Invalid("Invalid command data", new Dictionary<string, string[]> { ["data"] = [.. parsed.Errors] }), false);
            }
        }
        IReadOnlyList<LogPosition> positions;
        try
        {
            positions = await log.AppendAsync(events, cancellationToken);
        }
        catch (EventLogUnavailableException ex)
        {
            return (new CommandOutcome.Unavailable(ex.Message), false);
        }
        var applied = await host.WaitUntilAppliedAsync(positions[^1], ApplyTimeout, cancellationToken);
        if (!applied && logger.IsEnabled(LogLevel.Warning))
        {
            logger.LogWarning("A command's events were appended but not applied within {Timeout}", ApplyTimeout);
        }
        return (null, applied);
    }
}
