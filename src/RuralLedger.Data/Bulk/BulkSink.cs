using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace RuralLedger.Data.Bulk;

internal sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>
/// Where a bulk writer (registry, plans, journal) sends rows: binary COPY on PostgreSQL, one prepared single-row
/// INSERT per table on SQLite. Both write inside the caller's transaction. Multi-row INSERTs were measured slower on
/// SQLite: a statement of n rows binds n times as many parameters, found by name in a linear scan.
/// </summary>
internal abstract class BulkSink : IAsyncDisposable
{
    /// <param name="tx">The transaction the rows belong to. Both sinks write on its connection, where it is the one
    /// open transaction: COPY joins it, and SQLite's native statements run inside the connection's BEGIN.</param>
    public static BulkSink For(RuralDbContext db, DbConnection connection, DbTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tx);
        return db.Provider == DatabaseProvider.Postgres ? new CopySink((NpgsqlConnection)connection) : new InsertSink((SqliteConnection)connection);
    }

    public abstract Task WriteAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>PostgreSQL: one binary COPY per table and batch (COPY can't interleave tables on one connection).</summary>
    private sealed class CopySink(NpgsqlConnection connection) : BulkSink
    {
        public override async Task WriteAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
        {
            if (rows.Count == 0)
            {
                return;
            }
            await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct);
            // Values are written synchronously: they go to the connection's buffer, which blocks only when it is full
            // and sent; an awaited call per value cost more client time than the server spent storing it.
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                foreach (var c in columns)
                {
                    var value = c.Value(row);
                    if (value is null)
                    {
                        writer.WriteNull();
                    }
                    else
                    {
                        writer.Write(value, c.Type);
                    }
                }
            }
            await writer.CompleteAsync(ct);
        }
    }

    /// <summary>
    /// SQLite: one prepared single-row INSERT per table, reused for every row, bound by position through the native
    /// statement. SqliteCommand binds each parameter by name on every execution (a UTF-8 conversion and a linear
    /// search per parameter); for 18 columns that cost more than the B-tree inserts themselves.
    /// </summary>
    private sealed class InsertSink(SqliteConnection connection) : BulkSink
    {
        private readonly Dictionary<string, sqlite3_stmt> _statements = [];

        public override Task WriteAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
        {
            var db = connection.Handle!;
            if (!_statements.TryGetValue(table, out var stmt))
            {
                var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
                Check(raw.sqlite3_prepare_v2(db, sql, out stmt), db);
                _statements[table] = stmt;
            }
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < columns.Length; i++)
                {
                    Check(Bind(stmt, i + 1, columns[i].Value(row)), db);
                }
                var rc = raw.sqlite3_step(stmt);
                raw.sqlite3_reset(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
            }
            return Task.CompletedTask;
        }

        // The same storage EF Core's SQLite provider uses, so EF reads these rows back unchanged.
        private static int Bind(sqlite3_stmt stmt, int index, object? value) => value switch
        {
            null => raw.sqlite3_bind_null(stmt, index),
            long l => raw.sqlite3_bind_int64(stmt, index, l),
            int i => raw.sqlite3_bind_int(stmt, index, i),
            string s => raw.sqlite3_bind_text(stmt, index, s),
            DateOnly d => raw.sqlite3_bind_text(stmt, index, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            DateTimeOffset t => raw.sqlite3_bind_int64(stmt, index, SqliteRuralDbContext.ToStored(t)),
            bool b => raw.sqlite3_bind_int(stmt, index, b ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(stmt, index, bytes),
            _ => throw new NotSupportedException($"No SQLite binding for {value.GetType().Name}."),
        };

        private static void Check(int rc, sqlite3 db)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }

        public override ValueTask DisposeAsync()
        {
            foreach (var stmt in _statements.Values)
            {
                stmt.Dispose();
            }
            return ValueTask.CompletedTask;
        }
    }
}
