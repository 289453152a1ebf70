using System.Globalization;
using System.Text;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Metrics;
using Microsoft.Data.Sqlite;

namespace Lbc.Server.History;

/// <summary>
/// The embedded history (no InfluxDB configured): one row per region per minute with a column per
/// field, keyed (region, minute) so a rewritten minute replaces the row; durations keyed by the event
/// that ended them. Queries bucket by step from the Unix epoch and label a bucket by its start, like
/// the Flux queries. Minute rows older than <see cref="HistoryOptions.RetentionDays"/> are pruned; hourly roll-ups
/// (SqliteHistoryStore.Hours.cs) answer whole-hour steps and are kept <see cref="HistoryOptions.HourRetentionDays"/>.
/// </summary>
public sealed partial class SqliteHistoryStore : IHistorySink, IHistoryReader, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly int _retentionDays;
    private readonly int _hourRetentionDays;
    private static readonly string[] s_columns =
        [.. MetricSchema.RegionFields.Select(f => f.Name), MetricSchema.OccupancyField];

    public SqliteHistoryStore(string path, TimeProvider time, int retentionDays = 30, int hourRetentionDays = 200)
    {
        _time = time;
        _retentionDays = retentionDays;
        _hourRetentionDays = Math.Max(retentionDays, hourRetentionDays);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        var columns = string.Join(", ", MetricSchema.RegionFields.Select(f => f.Name + " INTEGER NOT NULL"));
        Execute($"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS region_minute (
                region TEXT NOT NULL, ts INTEGER NOT NULL, level TEXT NOT NULL,
                {columns}, occupancy REAL,
                PRIMARY KEY (region, ts)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS duration (
                event_id TEXT PRIMARY KEY, kind TEXT NOT NULL, stage TEXT NOT NULL, category TEXT,
                township TEXT NOT NULL, ts INTEGER NOT NULL, seconds REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS duration_kind_stage_ts ON duration (kind, stage, ts);
            """);
        AddMissingColumns();
        CreateHourTable();
    }

    /// <summary>
    /// A figure added to the catalog after this file was created gets its column, so an existing history survives an
    /// upgrade instead of failing every insert. The minutes written before have no value for it (NULL, skipped by the
    /// queries), as their InfluxDB points have no such field: not a 0 that a chart would draw and an average would count.
    /// </summary>
    private void AddMissingColumns()
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = _connection.CreateCommand())
        {
            info.CommandText = "PRAGMA table_info(region_minute)";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(1));
            }
        }
        foreach (var field in MetricSchema.RegionFields.Where(f => !existing.Contains(f.Name)))
        {
            Execute($"ALTER TABLE region_minute ADD COLUMN {field.Name} INTEGER");
        }
    }

    public string Kind => "sqlite";

    public async Task WriteMinuteAsync(DateTimeOffset minute, IReadOnlyList<RegionRow> rows, CancellationToken cancellationToken)
    {
        var ts = minute.ToUnixTimeSeconds();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var tx = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT OR REPLACE INTO region_minute (region, ts, level, {string.Join(", ", s_columns)}) " +
                $"VALUES ($region, $ts, $level, {string.Join(", ", s_columns.Select(c => "$" + c))})";
            var region = insert.Parameters.Add("$region", SqliteType.Text);
            insert.Parameters.AddWithValue("$ts", ts);
            var level = insert.Parameters.Add("$level", SqliteType.Text);
            var values = MetricSchema.RegionFields.Select(f => insert.Parameters.Add("$" + f.Name, SqliteType.Integer)).ToArray();
            var occupancy = insert.Parameters.Add("$" + MetricSchema.OccupancyField, SqliteType.Real);
            foreach (var row in rows)
            {
                region.Value = row.Code;
                level.Value = MetricSchema.LevelWord(row.Level);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i].Value = MetricSchema.RegionFields[i].Read(row.Figures);
                }
                occupancy.Value = MetricSchema.Occupancy(row.Figures) is double o ? o : DBNull.Value;
                insert.ExecuteNonQuery();
            }
            using var prune = _connection.CreateCommand();
            prune.Transaction = tx;
            prune.CommandText = "DELETE FROM region_minute WHERE ts < $before";
            prune.Parameters.AddWithValue("$before", _time.GetUtcNow().AddDays(-_retentionDays).ToUnixTimeSeconds());
            // Rolled up before the pruning below, which may take the minutes of the hours this minute completes.
            RollUpAfterWriting(ts, tx);
            // Pruning on the hour keeps the per-minute write cheap.
            if (minute.Minute == 0)
            {
                prune.ExecuteNonQuery();
                PruneHours(_time.GetUtcNow().AddDays(-_hourRetentionDays).ToUnixTimeSeconds(), tx);
            }
            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WriteDurationsAsync(IReadOnlyList<DurationSample> samples, CancellationToken cancellationToken)
    {
        if (samples.Count == 0)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var tx = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR REPLACE INTO duration (event_id, kind, stage, category, township, ts, seconds) " +
                "VALUES ($id, $kind, $stage, $category, $township, $ts, $seconds)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            var stage = insert.Parameters.Add("$stage", SqliteType.Text);
            var category = insert.Parameters.Add("$category", SqliteType.Text);
            var township = insert.Parameters.Add("$township", SqliteType.Text);
            var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
            var seconds = insert.Parameters.Add("$seconds", SqliteType.Real);
            foreach (var s in samples)
            {
                id.Value = s.EventId;
                kind.Value = s.Kind;
                stage.Value = s.Stage;
                category.Value = (object?)s.Category ?? DBNull.Value;
                township.Value = s.TownshipCode;
                ts.Value = s.At.ToUnixTimeMilliseconds();
                seconds.Value = s.Seconds;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            var step = (long)query.Step.TotalSeconds;
            command.Parameters.AddWithValue("$from", query.From.ToUnixTimeSeconds());
            command.Parameters.AddWithValue("$to", query.To.ToUnixTimeSeconds());
            command.Parameters.AddWithValue("$step", step);
            if (query.Metric.IsDuration)
            {
                // Durations are kept in milliseconds; a region is every township whose code starts with it.
                const string where = "FROM duration WHERE kind = $kind AND stage = $stage AND township LIKE $prefix " +
                    "AND ts >= $from * 1000 AND ts < $to * 1000";
                // "last" is the latest event of the bucket over all the region's townships, and of events in the same
                // millisecond the larger value: the Flux query sorts the merged series by _time, then _value, alike.
                // Both also count the bucket's events (a mean of fewer than five is hidden from the leading group).
                command.CommandText = query.Aggregate == HistoryAggregate.Avg
                    ? $"SELECT (ts / 1000 / $step) * $step AS bucket, AVG(seconds), COUNT(*) {where} GROUP BY bucket ORDER BY bucket"
                    : "SELECT bucket, seconds, events FROM (SELECT (ts / 1000 / $step) * $step AS bucket, seconds, " +
                      $"ROW_NUMBER() OVER (PARTITION BY ts / 1000 / $step ORDER BY ts DESC, seconds DESC) AS rank, " +
                      $"COUNT(*) OVER (PARTITION BY ts / 1000 / $step) AS events {where}) " +
                      "WHERE rank = 1 ORDER BY bucket";
                command.Parameters.AddWithValue("$kind", query.Metric.Measurement == MetricSchema.ResponseMeasurement
                    ? CommandCenterProjection.ResponseKind : CommandCenterProjection.PlacementWaitKind);
                command.Parameters.AddWithValue("$stage", query.Stage);
                // The country holds every township: no prefix (its code is no township's).
                command.Parameters.AddWithValue("$prefix", (query.Level == RegionLevel.Country ? "" : query.Region) + "%");
            }
            else
            {
                // The column name comes from the fixed metric list, never from the request text.
                var column = s_columns.Single(c => c == query.Metric.Field);
                // SQLite's bare column next to MAX(ts) is taken from the row holding that maximum: the last value.
                // An average by whole hours reads the hours inside the range from the roll-ups, the edges from the minutes.
                var (hoursFrom, hoursTo) = query.Aggregate == HistoryAggregate.Avg
                    ? HoursOf(query.From.ToUnixTimeSeconds(), query.To.ToUnixTimeSeconds(), step) : (0, 0);
                command.CommandText = query.Aggregate == HistoryAggregate.Avg
                    ? $"SELECT bucket, CAST(SUM(s) AS REAL) / SUM(n) FROM (" +
                      $"SELECT (ts / $step) * $step AS bucket, s_{column} AS s, n_{column} AS n FROM region_hour " +
                      "WHERE region = $region AND ts >= $hoursFrom AND ts < $hoursTo " +
                      $"UNION ALL SELECT (ts / $step) * $step, {column}, 1 FROM region_minute " +
                      $"WHERE region = $region AND ts >= $from AND ts < $to AND {column} IS NOT NULL AND (ts < $hoursFrom OR ts >= $hoursTo)) " +
                      "GROUP BY bucket HAVING SUM(n) > 0 ORDER BY bucket"
                    : $"SELECT (ts / $step) * $step AS bucket, {column}, MAX(ts) " +
                      $"FROM region_minute WHERE region = $region AND ts >= $from AND ts < $to AND {column} IS NOT NULL " +
                      "GROUP BY bucket ORDER BY bucket";
                command.Parameters.AddWithValue("$region", query.Region);
                if (query.Aggregate == HistoryAggregate.Avg)
                {
                    command.Parameters.AddWithValue("$hoursFrom", hoursFrom);
                    command.Parameters.AddWithValue("$hoursTo", hoursTo);
                }
            }
            var result = new List<HistoryValue>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new HistoryValue(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)), reader.GetDouble(1),
                    query.Metric.IsDuration ? reader.GetInt64(2) : null));
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Fields of one region over one range and step, averaged, in one pass over its rows: the same buckets and values as one
    /// <see cref="QueryAsync"/> per field (AVG skips NULLs as the single query's <c>IS NOT NULL</c> does, and a bucket with
    /// no value of a field is left out of that field's answer). Anything else is read one query at a time.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<HistoryValue>>> QueryManyAsync(IReadOnlyList<HistoryQuery> queries, CancellationToken cancellationToken)
    {
        if (queries.Count >= 2 && queries.All(q => q.Metric.IsDuration && q.Aggregate == HistoryAggregate.Avg && q.Metric == queries[0].Metric
            && q.Stage == queries[0].Stage && q.Region.Length == queries[0].Region.Length && q.From == queries[0].From && q.To == queries[0].To
            && q.Step == queries[0].Step))
        {
            return await DurationsOfRegionsAsync(queries, cancellationToken);
        }
        if (queries.Count < 2 || queries.Any(q => q.Metric.IsDuration || q.Aggregate != HistoryAggregate.Avg
            || q.Region != queries[0].Region || q.From != queries[0].From || q.To != queries[0].To || q.Step != queries[0].Step))
        {
            var one = new List<IReadOnlyList<HistoryValue>>(queries.Count);
            foreach (var query in queries)
            {
                one.Add(await QueryAsync(query, cancellationToken));
            }
            return one;
        }
        // Column names come from the fixed metric list, never from the request text.
        var columns = queries.Select(q => s_columns.Single(c => c == q.Metric.Field)).ToList();
        var answers = queries.Select(_ => new List<HistoryValue>()).ToList();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            // As QueryAsync: whole hours from the roll-ups, the edges from the minutes; a field with no value in a bucket is null.
            var (from, to, step) = (queries[0].From.ToUnixTimeSeconds(), queries[0].To.ToUnixTimeSeconds(), (long)queries[0].Step.TotalSeconds);
            var (hoursFrom, hoursTo) = HoursOf(from, to, step);
            command.CommandText = $"SELECT bucket, {string.Join(", ", columns.Select(c => $"CAST(SUM(s_{c}) AS REAL) / NULLIF(SUM(n_{c}), 0)"))} FROM (" +
                $"SELECT (ts / $step) * $step AS bucket, {string.Join(", ", columns.Select(c => $"s_{c}, n_{c}"))} FROM region_hour " +
                "WHERE region = $region AND ts >= $hoursFrom AND ts < $hoursTo " +
                $"UNION ALL SELECT (ts / $step) * $step, {string.Join(", ", columns.Select(c => $"{c}, {c} IS NOT NULL"))} FROM region_minute " +
                "WHERE region = $region AND ts >= $from AND ts < $to AND (ts < $hoursFrom OR ts >= $hoursTo)) " +
                "GROUP BY bucket ORDER BY bucket";
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$hoursFrom", hoursFrom);
            command.Parameters.AddWithValue("$hoursTo", hoursTo);
            command.Parameters.AddWithValue("$region", queries[0].Region);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0));
                for (var i = 0; i < columns.Count; i++)
                {
                    if (!reader.IsDBNull(i + 1))
                    {
                        answers[i].Add(new HistoryValue(bucket, reader.GetDouble(i + 1)));
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        return answers;
    }

    /// <summary>
    /// One duration series (same stage, range and step, averaged) for several regions of one level in one pass over the
    /// stage's events, grouped by the township code's prefix: what <c>township LIKE region%</c> selects one region at a time.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<HistoryValue>>> DurationsOfRegionsAsync(IReadOnlyList<HistoryQuery> queries, CancellationToken cancellationToken)
    {
        var first = queries[0];
        var index = new Dictionary<string, List<HistoryValue>>(StringComparer.Ordinal);
        foreach (var q in queries)
        {
            index.TryAdd(q.Region, []);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            var names = index.Keys.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            command.CommandText = "SELECT substr(township, 1, $length) AS region, (ts / 1000 / $step) * $step AS bucket, AVG(seconds), COUNT(*) " +
                "FROM duration WHERE kind = $kind AND stage = $stage AND ts >= $from * 1000 AND ts < $to * 1000 " +
                $"AND substr(township, 1, $length) IN ({string.Join(", ", names)}) GROUP BY region, bucket ORDER BY region, bucket";
            command.Parameters.AddWithValue("$length", first.Region.Length);
            command.Parameters.AddWithValue("$step", (long)first.Step.TotalSeconds);
            command.Parameters.AddWithValue("$from", first.From.ToUnixTimeSeconds());
            command.Parameters.AddWithValue("$to", first.To.ToUnixTimeSeconds());
            command.Parameters.AddWithValue("$kind", first.Metric.Measurement == MetricSchema.ResponseMeasurement
                ? CommandCenterProjection.ResponseKind : CommandCenterProjection.PlacementWaitKind);
            command.Parameters.AddWithValue("$stage", first.Stage);
            var i = 0;
            foreach (var region in index.Keys)
            {
                command.Parameters.AddWithValue(names[i++], region);
            }
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                index[reader.GetString(0)].Add(new HistoryValue(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)), reader.GetDouble(2), reader.GetInt64(3)));
            }
        }
        finally
        {
            _gate.Release();
        }
        return [.. queries.Select(q => (IReadOnlyList<HistoryValue>)index[q.Region])];
    }

    /// <summary>Hourly roll-up rows stored for a region (tests and diagnostics).</summary>
    internal long CountHours(string region)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM region_hour WHERE region = $region";
        command.Parameters.AddWithValue("$region", region);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Rows stored for a region (tests and diagnostics).</summary>
    internal long CountMinutes(string region)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM region_minute WHERE region = $region";
        command.Parameters.AddWithValue("$region", region);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
