using System.Threading.Channels;
using Lbc.Domain.Projection;

namespace Lbc.Server.Projection;

/// <summary>
/// Durations as the projection applies the events that end them (report received -> acknowledged,
/// dispatched, on scene...; placement requested -> assigned, admitted). Bounded and never blocking:
/// the projection must not wait for history; an overflow drops the oldest and counts it.
/// </summary>
/// <remarks>
/// Why derive them in the projection host rather than in a consumer group: the duration needs the
/// case's received time, which only the projection holds; a consumer reading the stream on its own
/// would have to rebuild that state. Once-only comes from two facts instead: (1) only the metrics
/// leader writes what its tap yields, and (2) a duration point's identity (measurement, tags from the
/// case's township/stage/category, timestamp = the ending event's time) is a function of the event,
/// so a second write (a replay after restart, a leadership hand-over re-sending its recent window)
/// overwrites the same point in InfluxDB, and the SQLite store keys durations by event id.
/// </remarks>
public sealed class DurationTap
{
    private readonly Channel<DurationSample> _channel;
    private long _dropped;

    public DurationTap(int capacity = 100_000)
    {
        _channel = Channel.CreateBounded<DurationSample>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<DurationSample> Reader => _channel.Reader;

    public void Publish(DurationSample sample) => _channel.Writer.TryWrite(sample);
}
