using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RuralLedger.Data;

/// <summary>SQLite settings the app relies on, and the one session setting a bulk write wants on PostgreSQL.</summary>
public static class SqliteTuning
{
    /// <summary>
    /// WAL (kept in the file) lets pages read while an import writes; NORMAL sync is durable at checkpoint and
    /// much faster than FULL. Synchronous is a per-connection setting: callers that write a lot open the
    /// connection first and keep it open, so the setting holds for all they write.
    /// </summary>
    public static async Task ApplyAsync(RuralDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", ct);
        }
    }

    /// <summary>
    /// Keeps the connection open with settings for writing millions of rows until the result is disposed.
    /// A 256 MiB page cache (the default is 2 MiB) holds the index pages that rows hit in random order (names,
    /// ID hashes) instead of spilling them into the WAL again and again; checkpointing every 400 MB instead of
    /// every 4 MB copies each hot page into the database file, and syncs, far less often. The price: NORMAL
    /// syncs only at checkpoints, so a power cut (not a crash of the process) during the load can take back
    /// more of it. Disposing restores the connection's settings and checkpoints once, truncating the WAL.
    /// On PostgreSQL the session's work_mem is raised to 256 MB: a bulk write joins a scratch table of a file's rows with
    /// a table of a million (UPDATE … FROM), and in the default 4 MB the hash spilled to sixteen batches on disk.
    /// </summary>
    public static async Task<IAsyncDisposable> BeginBulkWriteAsync(RuralDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(connection, "SET work_mem = '256MB'", ct);
            return new BulkWrite(db, "RESET work_mem");
        }
        var cacheSize = await ScalarAsync(connection, "PRAGMA cache_size", ct);
        var autoCheckpoint = await ScalarAsync(connection, "PRAGMA wal_autocheckpoint", ct);
        var restore = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA cache_size={cacheSize}; PRAGMA wal_autocheckpoint={autoCheckpoint}; PRAGMA wal_checkpoint(TRUNCATE);");
        await ExecuteAsync(connection, "PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=100000;", ct);
        return new BulkWrite(db, restore);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class BulkWrite(RuralDbContext db, string? restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (restore is not null)
                {
                    await ExecuteAsync(db.Database.GetDbConnection(), restore, CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
