using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace RuralLedger.Data.Bulk;

internal sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>
/// Where a bulk writer sends rows: binary COPY on PostgreSQL, one prepared single-row INSERT per table on SQLite
/// (see <see cref="RegistryBulkWriter"/> for why not multi-row INSERTs). Both write inside the caller's transaction.
/// </summary>
internal abstract class BulkSink : IAsyncDisposable
{
    public static BulkSink For(RuralDbContext db, DbConnection connection, DbTransaction tx) =>
        db.Provider == DatabaseProvider.Postgres ? new CopySink((NpgsqlConnection)connection) : new InsertSink(connection, tx);

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
            foreach (var row in rows)
            {
                await writer.StartRowAsync(ct);
                foreach (var c in columns)
                {
                    var value = c.Value(row);
                    if (value is null)
                    {
                        await writer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await writer.WriteAsync(value, c.Type, ct);
                    }
                }
            }
            await writer.CompleteAsync(ct);
        }
    }

    private sealed class InsertSink(DbConnection connection, DbTransaction tx) : BulkSink
    {
        private readonly Dictionary<string, DbCommand> _commands = [];

        public override async Task WriteAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
        {
            if (!_commands.TryGetValue(table, out var cmd))
            {
                cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
                for (var i = 0; i < columns.Length; i++)
                {
                    var p = cmd.CreateParameter();
                    p.ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture);
                    cmd.Parameters.Add(p);
                }
                cmd.Prepare();
                _commands[table] = cmd;
            }
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    cmd.Parameters[i].Value = ToSqlite(columns[i].Value(row));
                }
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        // The same text forms EF Core's SQLite provider writes, so EF reads these rows back unchanged.
        private static object ToSqlite(object? value) => value switch
        {
            null => DBNull.Value,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset t => SqliteRuralDbContext.ToStored(t),
            _ => value,
        };

        public override async ValueTask DisposeAsync()
        {
            foreach (var cmd in _commands.Values)
            {
                await cmd.DisposeAsync();
            }
        }
    }
}
