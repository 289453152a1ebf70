using System.Threading.Channels;

namespace Lbc.Server.Projection;

/// <summary>
/// When a personal-data key must live on or starts its retention, as the projection applies the events that say so (a
/// report or ledger record with sealed data; a case without a known child closed; a child exited). Unbounded, unlike
/// <see cref="DurationTap"/>: a dropped change would keep a key forever (or shred one too early), and the changes are few
/// (only events about personal data). Every instance applies the same changes in log order: idempotent in the key store.
/// </summary>
public sealed class PersonalTap
{
    private readonly Channel<(string Subject, DateTimeOffset? ExpiresFrom)> _channel =
        Channel.CreateUnbounded<(string, DateTimeOffset?)>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<(string Subject, DateTimeOffset? ExpiresFrom)> Reader => _channel.Reader;

    public void Publish((string Subject, DateTimeOffset? ExpiresFrom) change) => _channel.Writer.TryWrite(change);
}
