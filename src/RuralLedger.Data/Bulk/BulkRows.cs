using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// A forward-only result for reading millions of rows (a province's registry): a plain data reader on PostgreSQL;
/// on SQLite the native statement itself. Microsoft.Data.Sqlite checks the column count, type and null-ness on
/// every value it hands out, which for the registry cost three times the query itself. Values are read the way EF
/// Core stores them on each provider (SQLite: dates as yyyy-MM-dd text, instants as UTC ticks).
/// Runs on the context's open connection, inside its transaction if there is one.
/// </summary>
internal abstract class BulkRows : IAsyncDisposable
{
    public static async Task<BulkRows> OpenAsync(RuralDbContext db, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(parameters);
        var connection = db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
        {
            return new NativeRows(sqlite.Handle!, sql, parameters);
        }
        var cmd = Command(db, sql, parameters);
        return new ReaderRows(cmd, await cmd.ExecuteReaderAsync(ct));
    }

    /// <summary>A command on the context's open connection, in its transaction if there is one, with the parameters bound by name.</summary>
    internal static DbCommand Command(RuralDbContext db, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public abstract ValueTask<bool> ReadAsync(CancellationToken ct);

    public abstract long Int64(int column);

    public abstract int Int32(int column);

    public abstract string Text(int column);

    public abstract DateOnly Date(int column);

    /// <summary>An instant, as UTC ticks.</summary>
    public abstract long UtcTicks(int column);

    public abstract bool IsNull(int column);

    public abstract byte[] Bytes(int column);

    public abstract ValueTask DisposeAsync();

    /// <summary>Rows asked for by id, at most this many a statement on SQLite (each an index lookup).</summary>
    public const int IdBatch = 5_000;

    /// <summary>Keys (ids, loan numbers) in the statements they are read by: all in one on PostgreSQL, which given lists of thousands scans the
    /// table once a list, but hashes one array against one scan (decision 0046); <see cref="IdBatch"/> a statement on SQLite.</summary>
    public static IEnumerable<T[]> Groups<T>(RuralDbContext db, IReadOnlyCollection<T> ids) =>
        db.Provider == DatabaseProvider.Postgres ? [[.. ids]] : ids.Chunk(IdBatch);

    /// <summary>A condition that <paramref name="column"/> is one of <paramref name="ids"/>: an array parameter on
    /// PostgreSQL, a JSON array on SQLite (a statement spelling out 5,000 numbers took longer to prepare than to run, 0048).</summary>
    public static (string Where, IReadOnlyList<(string Name, object? Value)> Parameters) Among(RuralDbContext db, string column, long[] ids) =>
        db.Provider == DatabaseProvider.Postgres
            ? ($"{column} = ANY(@ids)", [("@ids", ids)])
            : ($"{column} IN (SELECT value FROM json_each(@ids))", [("@ids", $"[{string.Join(",", ids)}]")]);

    /// <summary>The value of a date parameter as the provider stores dates.</summary>
    public static object DateParameter(RuralDbContext db, DateOnly date) =>
        db.Provider == DatabaseProvider.Sqlite ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date;

    /// <summary>The value of an instant parameter as the provider stores instants.</summary>
    public static object InstantParameter(RuralDbContext db, DateTimeOffset instant) =>
        db.Provider == DatabaseProvider.Sqlite ? SqliteRuralDbContext.ToStored(instant) : instant.ToUniversalTime();

    private sealed class ReaderRows(DbCommand cmd, DbDataReader reader) : BulkRows
    {
        public override ValueTask<bool> ReadAsync(CancellationToken ct) => new(reader.ReadAsync(ct));

        public override long Int64(int column) => reader.GetInt64(column);

        public override int Int32(int column) => reader.GetInt32(column);

        public override string Text(int column) => reader.GetString(column);

        public override DateOnly Date(int column) => reader.GetFieldValue<DateOnly>(column);

        public override long UtcTicks(int column) => reader.GetFieldValue<DateTimeOffset>(column).UtcTicks;

        public override bool IsNull(int column) => reader.IsDBNull(column);

        public override byte[] Bytes(int column) => reader.GetFieldValue<byte[]>(column);

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await cmd.DisposeAsync();
        }
    }

    private sealed class NativeRows : BulkRows
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public NativeRows(sqlite3 db, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
        {
            _db = db;
            Check(raw.sqlite3_prepare_v2(db, sql, out _stmt));
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(_stmt, name);
                if (index == 0)
                {
                    continue; // a parameter only the other provider's statement uses
                }
                Check(value switch
                {
                    null => raw.sqlite3_bind_null(_stmt, index),
                    long l => raw.sqlite3_bind_int64(_stmt, index, l),
                    int i => raw.sqlite3_bind_int(_stmt, index, i),
                    string s => raw.sqlite3_bind_text(_stmt, index, s),
                    _ => throw new NotSupportedException($"No SQLite binding for {value.GetType().Name}."),
                });
            }
        }

        public override ValueTask<bool> ReadAsync(CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_ROW)
            {
                return new(true);
            }
            if (rc == raw.SQLITE_DONE)
            {
                return new(false);
            }
            SqliteException.ThrowExceptionForRC(rc, _db);
            return new(false);
        }

        public override long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

        public override int Int32(int column) => raw.sqlite3_column_int(_stmt, column);

        public override string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

        public override DateOnly Date(int column) => StoredDate(Text(column));

        public override long UtcTicks(int column) => Int64(column);

        public override bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

        public override byte[] Bytes(int column) => raw.sqlite3_column_blob(_stmt, column).ToArray();

        public override ValueTask DisposeAsync()
        {
            _stmt.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }

        // Millions of status dates per province: read by position rather than through a format string.
        private static DateOnly StoredDate(string text) =>
            text.Length == 10 && text[4] == '-' && text[7] == '-'
                ? new DateOnly(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2))
                : throw new FormatException($"Stored date '{text}' is not yyyy-MM-dd.");

        private static int Digits(string text, int start, int count)
        {
            var n = 0;
            for (var i = start; i < start + count; i++)
            {
                n = char.IsAsciiDigit(text[i]) ? (n * 10) + (text[i] - '0') : throw new FormatException($"Stored date '{text}' is not yyyy-MM-dd.");
            }
            return n;
        }
    }
}
