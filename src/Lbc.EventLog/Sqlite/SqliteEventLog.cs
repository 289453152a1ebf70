using Lbc.Domain.Events;
using Microsoft.Data.Sqlite;

namespace Lbc.EventLog.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so an append that
/// returned survives a kill of the process (and of the machine). The row id is the log position.
/// One connection guarded by a lock: SQLite serialises writers anyway, and the embedded mode is one process.
/// </summary>
public sealed class SqliteEventLog : IEventLog
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private TaskCompletionSource _appended = NewSignal();

    private SqliteEventLog(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public string Kind => "sqlite";

    public string FilePath => _connection.DataSource;

    public static async Task<SqliteEventLog> OpenAsync(string filePath, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS events (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL, type TEXT NOT NULL, v INTEGER NOT NULL,
                    ts TEXT NOT NULL, src TEXT NOT NULL, data TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS dead_letters (
                    id TEXT NOT NULL, src TEXT NOT NULL, type TEXT NOT NULL, v INTEGER NOT NULL,
                    ts TEXT NOT NULL, data TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL,
                    PRIMARY KEY (src, id));
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqliteEventLog(connection, time ?? TimeProvider.System);
    }

    public async Task<IReadOnlyList<LogPosition>> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return [];
        }
        var positions = new List<LogPosition>(events.Count);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO events (id, type, v, ts, src, data) VALUES ($id, $type, $v, $ts, $src, $data) RETURNING position";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var type = command.Parameters.Add("$type", SqliteType.Text);
            var v = command.Parameters.Add("$v", SqliteType.Integer);
            var ts = command.Parameters.Add("$ts", SqliteType.Text);
            var src = command.Parameters.Add("$src", SqliteType.Text);
            var data = command.Parameters.Add("$data", SqliteType.Text);
            foreach (var e in events)
            {
                id.Value = e.Id;
                type.Value = e.Type;
                v.Value = e.V;
                ts.Value = e.Ts;
                src.Value = e.Src;
                data.Value = e.Data;
                var position = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                positions.Add(new LogPosition(position, 0));
            }
            // Commit with synchronous=FULL fsyncs the WAL: the append is durable when this returns.
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new EventLogUnavailableException($"SQLite event log {FilePath}: {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }
        Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();
        return positions;
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(LogPosition after, int max, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT position, id, type, v, ts, src, data FROM events WHERE position > $after ORDER BY position LIMIT $max";
            command.Parameters.AddWithValue("$after", after.Major);
            command.Parameters.AddWithValue("$max", max);
            var result = new List<LoggedEvent>(Math.Min(max, 4096));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new LoggedEvent(
                    new LogPosition(reader.GetInt64(0), 0),
                    new RawEvent(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5), reader.GetString(6))));
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<LogPosition> GetHeadAsync(CancellationToken cancellationToken = default) =>
        new(await ScalarAsync("SELECT COALESCE(MAX(position), 0) FROM events", cancellationToken), 0);

    // The embedded log is never trimmed.
    public async Task<LogStart> GetFirstAsync(CancellationToken cancellationToken = default) =>
        new(new LogPosition(await ScalarAsync("SELECT COALESCE(MIN(position), 0) FROM events", cancellationToken), 0), false);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT COUNT(*) FROM events", cancellationToken);

    public async Task DeadLetterAsync(RawEvent rawEvent, string reason, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO dead_letters (id, src, type, v, ts, data, reason, at)
                VALUES ($id, $src, $type, $v, $ts, $data, $reason, $at)
                """;
            command.Parameters.AddWithValue("$id", rawEvent.Id ?? "");
            command.Parameters.AddWithValue("$src", rawEvent.Src ?? "");
            command.Parameters.AddWithValue("$type", rawEvent.Type ?? "");
            command.Parameters.AddWithValue("$v", rawEvent.V);
            command.Parameters.AddWithValue("$ts", rawEvent.Ts ?? "");
            command.Parameters.AddWithValue("$data", rawEvent.Data ?? "");
            command.Parameters.AddWithValue("$reason", reason);
            command.Parameters.AddWithValue("$at", EventTimestamps.Format(_time.GetUtcNow()));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, type, v, ts, src, data, reason, at FROM (SELECT rowid AS r, * FROM dead_letters ORDER BY r DESC LIMIT $max) ORDER BY r";
            command.Parameters.AddWithValue("$max", max);
            var result = new List<DeadLetter>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                EventTimestamps.TryParse(reader.GetString(7), out var at);
                result.Add(new DeadLetter(
                    new RawEvent(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)),
                    reader.GetString(6), at));
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WaitForAppendAsync(LogPosition after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var signal = Volatile.Read(ref _appended).Task;
        if (await GetHeadAsync(cancellationToken) > after)
        {
            return;
        }
        await Task.WhenAny(signal, Task.Delay(timeout, _time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public async Task<EventLogHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await CountAsync(cancellationToken);
            return new EventLogHealth(true, $"sqlite {Path.GetFileName(FilePath)}: {count} events");
        }
        catch (SqliteException ex)
        {
            return new EventLogHealth(false, $"sqlite: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
