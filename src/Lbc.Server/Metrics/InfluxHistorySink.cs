using System.Globalization;
using InfluxDB.Client.Core.Exceptions;
using InfluxDB.Client;
using Lbc.Domain.Projection;
using Lbc.Server.Configuration;
using Lbc.Server.Health;

namespace Lbc.Server.Metrics;

/// <summary>
/// Writes history to InfluxDB with <see cref="WriteApiAsync"/>. Every batch is first stored in the
/// <see cref="DiskPointBuffer"/> and sent from there oldest first, so an outage only delays points;
/// a batch leaves the buffer once InfluxDB accepted it, so none is sent twice (and if a crash between
/// "accepted" and "deleted" does send one again, the same series and timestamp overwrite). Health
/// component <c>influx</c> shows the state, buffered points and dropped points.
/// </summary>
public sealed class InfluxHistorySink : IHistorySink, IDisposable
{
    public const string HealthComponent = "influx";
    private const int MaxLinesPerBatch = 5_000;

    private readonly InfluxOptions _options;
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;
    private readonly DiskPointBuffer _buffer;
    private readonly ComponentHealth _health;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _rejectedPoints;
    private string _lastError = "";
    private bool _healthy = true;

    public InfluxHistorySink(InfluxOptions options, string bufferDirectory, ComponentHealth health, ILogger<InfluxHistorySink> logger)
    {
        _options = options;
        _health = health;
        _logger = logger;
        _client = new InfluxDBClient(new InfluxDBClientOptions(options.Url)
        {
            Token = options.Token,
            Org = options.Org,
            Bucket = options.Bucket,
            Timeout = TimeSpan.FromSeconds(10),
        });
        _writeApi = _client.GetWriteApiAsync();
        _buffer = new DiskPointBuffer(bufferDirectory, options.BufferMaxBytes);
        ReportHealth();
    }

    public string Kind => "influx";

    public InfluxDBClient Client => _client;

    public int BufferedPoints => _buffer.BufferedPoints;

    /// <summary>Points dropped because the buffer was full, plus points InfluxDB refused as malformed.</summary>
    public long DroppedPoints => _buffer.DroppedPoints + Interlocked.Read(ref _rejectedPoints);

    public bool Healthy => _healthy;

    public Task WriteMinuteAsync(DateTimeOffset minute, IReadOnlyList<RegionRow> rows, CancellationToken cancellationToken) =>
        EnqueueAndFlushAsync(rows.Select(r => MetricSchema.ToLine(MetricSchema.ToPoint(r, minute))), cancellationToken);

    public Task WriteDurationsAsync(IReadOnlyList<DurationSample> samples, CancellationToken cancellationToken) =>
        EnqueueAndFlushAsync(samples.Select(s => MetricSchema.ToLine(MetricSchema.ToPoint(s))), cancellationToken);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await FlushLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnqueueAndFlushAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var chunk in lines.Chunk(MaxLinesPerBatch))
            {
                _buffer.Append(chunk);
            }
            await FlushLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FlushLockedAsync(CancellationToken cancellationToken)
    {
        while (_buffer.Peek() is var (id, lines))
        {
            try
            {
                await _writeApi.WriteRecordsAsync(lines, MetricSchema.Precision, _options.Bucket, _options.Org, cancellationToken);
                _buffer.Remove(id);
                _healthy = true;
                _lastError = "";
            }
            catch (Exception ex) when (ex is BadRequestException or UnprocessableEntityException)
            {
                // A batch InfluxDB will never take must not block every later one: drop it, count it, say why.
                Interlocked.Add(ref _rejectedPoints, lines.Count);
                _buffer.Remove(id);
                _lastError = "rejected a batch: " + ex.Message;
                _logger.LogError("InfluxDB rejected {Count} points: {Message}", lines.Count, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (_healthy && _logger.IsEnabled(LogLevel.Warning))
                {
                    _logger.LogWarning("InfluxDB unavailable ({Message}); buffering on disk", ex.Message);
                }
                _healthy = false;
                _lastError = ex.Message;
                break;
            }
        }
        ReportHealth();
    }

    private void ReportHealth() => _health.Set(HealthComponent, _healthy, string.Create(CultureInfo.InvariantCulture,
        $"{_options.Url} bucket {_options.Bucket}: {_buffer.BufferedPoints} points buffered ({_buffer.BufferedBytes} bytes), {DroppedPoints} dropped{(_lastError.Length > 0 ? "; " + _lastError : "")}"));

    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }
}
