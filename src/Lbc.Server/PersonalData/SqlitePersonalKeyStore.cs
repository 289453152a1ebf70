using Microsoft.Data.Sqlite;

namespace Lbc.Server.PersonalData;

/// <summary>
/// The embedded key store: its own SQLite file (<c>DataDirectory/personal-keys.db</c>), never the event log's, in WAL mode
/// with <c>synchronous=FULL</c>: a key that was returned survives a crash, so no sealed event on the log can outlive its
/// key by accident. <c>secure_delete</c> overwrites a shredded key's bytes in the file instead of leaving them in free pages.
/// </summary>
public sealed class SqlitePersonalKeyStore : IPersonalKeyStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqlitePersonalKeyStore(SqliteConnection connection) => _connection = connection;

    public string Kind => "sqlite";

    public string FilePath => _connection.DataSource;

    public static async Task<SqlitePersonalKeyStore> OpenAsync(string filePath, CancellationToken cancellationToken = default)
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
                PRAGMA secure_delete=ON;
                CREATE TABLE IF NOT EXISTS personal_keys (
                    key_id TEXT PRIMARY KEY,
                    subject TEXT NOT NULL UNIQUE,
                    wrapped BLOB NOT NULL,
                    expires_at INTEGER NULL);
                CREATE INDEX IF NOT EXISTS personal_keys_expiry ON personal_keys (expires_at) WHERE expires_at IS NOT NULL;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqlitePersonalKeyStore(connection);
    }

    public async Task<StoredKey> GetOrAddAsync(StoredKey candidate, CancellationToken cancellationToken = default) =>
        (await GetOrAddManyAsync([candidate], cancellationToken))[0];

    public async Task<IReadOnlyList<StoredKey>> GetOrAddManyAsync(IReadOnlyList<StoredKey> candidates, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The common case, subjects that have a live key: reads, no write (a write is a disk sync).
            var keys = new StoredKey?[candidates.Count];
            var missing = new List<int>();
            for (var i = 0; i < candidates.Count; i++)
            {
                await using var live = _connection.CreateCommand();
                live.CommandText = "SELECT key_id, subject, wrapped FROM personal_keys WHERE subject = $subject AND expires_at IS NULL";
                live.Parameters.AddWithValue("$subject", candidates[i].Subject);
                keys[i] = await ReadOneAsync(live, cancellationToken);
                if (keys[i] is null)
                {
                    missing.Add(i);
                }
            }
            if (missing.Count > 0)
            {
                // Every new or expiring key of the request in one transaction: one sync however many children.
                await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
                foreach (var i in missing)
                {
                    keys[i] = await InsertOrReviveAsync(transaction, candidates[i], cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            return keys!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stores the candidate, or clears the expiry of the subject's key; the key the subject now has.</summary>
    private async Task<StoredKey> InsertOrReviveAsync(SqliteTransaction transaction, StoredKey candidate, CancellationToken cancellationToken)
    {
        await using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO personal_keys (key_id, subject, wrapped) VALUES ($id, $subject, $wrapped) ON CONFLICT (subject) DO UPDATE SET expires_at = NULL";
            insert.Parameters.AddWithValue("$id", candidate.KeyId);
            insert.Parameters.AddWithValue("$subject", candidate.Subject);
            insert.Parameters.AddWithValue("$wrapped", candidate.Wrapped);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = _connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT key_id, subject, wrapped FROM personal_keys WHERE subject = $subject";
        select.Parameters.AddWithValue("$subject", candidate.Subject);
        return await ReadOneAsync(select, cancellationToken) ?? throw new InvalidOperationException("A key just stored was not found");
    }

    public async Task<StoredKey?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var select = _connection.CreateCommand();
            select.CommandText = "SELECT key_id, subject, wrapped FROM personal_keys WHERE key_id = $id";
            select.Parameters.AddWithValue("$id", keyId);
            return await ReadOneAsync(select, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> SetExpiryAsync(string subject, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE personal_keys SET expires_at = $at WHERE subject = $subject";
            update.Parameters.AddWithValue("$at", at is { } time ? time.ToUnixTimeMilliseconds() : DBNull.Value);
            update.Parameters.AddWithValue("$subject", subject);
            return await update.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> ShredExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var delete = _connection.CreateCommand();
            delete.CommandText = """
                DELETE FROM personal_keys WHERE key_id IN (
                    SELECT key_id FROM personal_keys WHERE expires_at IS NOT NULL AND expires_at <= $now LIMIT $max)
                """;
            delete.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            delete.Parameters.AddWithValue("$max", max);
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            if (deleted > 0)
            {
                // The deleted rows' pages are overwritten (secure_delete); the WAL still holds the frames that wrote them
                // until a checkpoint copies and truncates it: do that now, so a shredded key leaves no copy on disk.
                await using var checkpoint = _connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            }
            return deleted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var count = _connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM personal_keys";
            return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<StoredKey?> ReadOneAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredKey(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2))
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
