using Microsoft.Data.Sqlite;

namespace Lbc.Server.History;

/// <summary>
/// Hourly roll-ups of the minute rows: per region and hour, each field's sum and count of values. A query whose step is
/// whole hours (1h, 1d, 7d: the charts' and the bulletins' steps) reads the hours it covers whole from here and only the
/// minutes of the hours at its edges, so a quarter is ~2,200 rows per region instead of ~132,000; the averages are the
/// same (sum over count of the same minute values). Hours are kept longer than minutes
/// (<see cref="HistoryOptions.HourRetentionDays"/>), so a past quarter's bulletin can still be produced.
/// </summary>
/// <remarks>
/// An hour is rolled up once a minute of a later hour is written (and at open, every complete hour not yet rolled up);
/// a minute written late into an hour already rolled up rolls that hour up again, so the roll-up never disagrees with the
/// minutes it was made of. The table is derived data: when its columns differ from the minute table's (a figure added),
/// it is dropped and rebuilt from the minutes still kept.
/// </remarks>
public sealed partial class SqliteHistoryStore
{
    private const long HourSeconds = 3600;

    /// <summary>Every hour before this (Unix seconds, exclusive) has its roll-up; later hours are read from the minutes.</summary>
    private long _rolledUpTo = long.MinValue;

    private static string HourColumns(bool withTypes) => string.Join(", ", s_columns.Select(c => withTypes
        ? $"s_{c} {(c == Metrics.MetricSchema.OccupancyField ? "REAL" : "INTEGER")}, n_{c} INTEGER NOT NULL"
        : $"s_{c}, n_{c}"));

    private void CreateHourTable()
    {
        var expected = new HashSet<string>(s_columns.SelectMany(c => new[] { "s_" + c, "n_" + c }), StringComparer.OrdinalIgnoreCase);
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = _connection.CreateCommand())
        {
            info.CommandText = "PRAGMA table_info(region_hour)";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(1));
            }
        }
        existing.Remove("region");
        existing.Remove("ts");
        if (existing.Count > 0 && !existing.SetEquals(expected))
        {
            Execute("DROP TABLE region_hour");
        }
        Execute($"CREATE TABLE IF NOT EXISTS region_hour (region TEXT NOT NULL, ts INTEGER NOT NULL, {HourColumns(withTypes: true)}, " +
            "PRIMARY KEY (region, ts)) WITHOUT ROWID");
        using var bounds = _connection.CreateCommand();
        bounds.CommandText = "SELECT (SELECT MAX(ts) FROM region_hour), (SELECT MIN(ts) FROM region_minute), (SELECT MAX(ts) FROM region_minute)";
        using var b = bounds.ExecuteReader();
        b.Read();
        _rolledUpTo = !b.IsDBNull(0) ? b.GetInt64(0) + HourSeconds : !b.IsDBNull(1) ? FloorHour(b.GetInt64(1)) : long.MinValue;
        if (!b.IsDBNull(2))
        {
            // Everything before the newest minute's hour is complete (a late minute re-rolls its hour when written).
            using var tx = _connection.BeginTransaction();
            RollUpBefore(FloorHour(b.GetInt64(2)), tx);
            tx.Commit();
        }
    }

    /// <summary>After a minute is written (in its transaction): roll up the hours it completes, or re-roll its own if already done.</summary>
    private void RollUpAfterWriting(long minute, SqliteTransaction tx)
    {
        var hour = FloorHour(minute);
        if (hour < _rolledUpTo)
        {
            RollUp(hour, hour + HourSeconds, tx);
        }
        else
        {
            RollUpBefore(hour, tx);
        }
    }

    private void RollUpBefore(long hour, SqliteTransaction tx)
    {
        if (hour > _rolledUpTo)
        {
            RollUp(_rolledUpTo, hour, tx);
            _rolledUpTo = hour;
        }
    }

    private void RollUp(long from, long to, SqliteTransaction tx)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT OR REPLACE INTO region_hour (region, ts, {HourColumns(withTypes: false)}) " +
            $"SELECT region, (ts / {HourSeconds}) * {HourSeconds}, {string.Join(", ", s_columns.Select(c => $"SUM({c}), COUNT({c})"))} " +
            $"FROM region_minute WHERE ts >= $from AND ts < $to GROUP BY region, ts / {HourSeconds}";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.ExecuteNonQuery();
    }

    private void PruneHours(long before, SqliteTransaction tx)
    {
        using var prune = _connection.CreateCommand();
        prune.Transaction = tx;
        prune.CommandText = "DELETE FROM region_hour WHERE ts < $before";
        prune.Parameters.AddWithValue("$before", before);
        prune.ExecuteNonQuery();
    }

    /// <summary>
    /// The hours a query of [from, to) by <paramref name="step"/> reads from the roll-ups, [start, end); an empty span
    /// (start = end = from) when its step is not whole hours or no whole rolled-up hour lies inside. Call under the gate.
    /// </summary>
    private (long Start, long End) HoursOf(long from, long to, long step)
    {
        if (step < HourSeconds || step % HourSeconds != 0)
        {
            return (from, from);
        }
        var start = FloorHour(from) == from ? from : FloorHour(from) + HourSeconds;
        var end = Math.Min(FloorHour(to), _rolledUpTo);
        return end > start ? (start, end) : (from, from);
    }

    private static long FloorHour(long seconds) => seconds - (((seconds % HourSeconds) + HourSeconds) % HourSeconds);
}
