using Lbc.Domain.Projection;

namespace Lbc.Server.Metrics;

/// <summary>
/// Where history goes: InfluxDB when <c>Influx:Url</c> is set, the embedded SQLite store otherwise.
/// Writing the same minute or the same duration event again must overwrite, never add.
/// </summary>
public interface IHistorySink
{
    /// <summary>"influx" or "sqlite", for health and the history API's answer.</summary>
    string Kind { get; }

    Task WriteMinuteAsync(DateTimeOffset minute, IReadOnlyList<RegionRow> rows, CancellationToken cancellationToken);

    Task WriteDurationsAsync(IReadOnlyList<DurationSample> samples, CancellationToken cancellationToken);

    /// <summary>Sends what is waiting (a no-op for a store that never waits).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
