using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using RuralLedger.Data.Sealing;
using SQLitePCL;

namespace RuralLedger.Data.Bulk;

internal sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>
/// Where a bulk writer (registry, plans, journal) sends rows: binary COPY on PostgreSQL, one prepared single-row
/// INSERT per table on SQLite. Both write inside the caller's transaction. Multi-row INSERTs were measured slower on
/// SQLite: a statement of n rows binds n times as many parameters, found by name in a linear scan.
/// Rows of a sealed table (docs/decisions/0031-row-sealing.md) are sealed here, in the writing loop, from the values
/// being written: a row without an id in the column list gets one reserved from the table's identity first, and the
/// table's seal heads move in the same transaction.
/// </summary>
internal abstract class BulkSink(RuralDbContext db, DbConnection connection, DbTransaction tx) : IAsyncDisposable
{
    /// <param name="tx">The transaction the rows belong to. Both sinks write on its connection, where it is the one
    /// open transaction: COPY joins it, and SQLite's native statements run inside the connection's BEGIN.</param>
    public static BulkSink For(RuralDbContext db, DbConnection connection, DbTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tx);
        return db.Provider == DatabaseProvider.Postgres ? new CopySink(db, (NpgsqlConnection)connection, tx) : new InsertSink(db, (SqliteConnection)connection, tx);
    }

    /// <returns>The ids reserved for the rows, in their order, when the columns carry none: what
    /// rows of an owned table written next point to. Null when the columns carry the ids or the table is not sealed.</returns>
    public async Task<long[]?> WriteAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }
        var layout = RowSeals.SkippedForBench.Value ? null : SealLayout.For(db.Model, table);
        var names = columns.Select(c => c.Name).ToList();
        var types = columns.Select(c => c.Type).ToList();
        if (layout is null)
        {
            await WriteRowsAsync(table, names, types, rows.Select(r => Array.ConvertAll(columns, c => c.Value(r))), ct);
            return null;
        }
        var idAt = names.IndexOf(layout.IdColumn);
        var ids = idAt < 0 ? await ReserveIdsAsync(layout, rows.Count, ct) : null;
        if (ids is not null)
        {
            idAt = names.Count;
            names.Add(layout.IdColumn);
            types.Add(NpgsqlDbType.Bigint);
        }
        names.Add(SealLayout.SealColumnName);
        types.Add(NpgsqlDbType.Bytea);
        // Where each sealed column's value comes from: a written column, or the default the database leaves in it.
        var from = layout.Columns.Select(c => names.IndexOf(c.Name)).ToArray();
        var defaults = layout.Columns.Select(SealLayout.DefaultOf).ToArray();
        var sealer = RowSeals.SealerOf(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var heads = new SealHeadDelta(sealer);
        var presences = new long[rows.Count];
        var rowIds = ids ?? new long[rows.Count];
        object?[] Sealed(int r)
        {
            var values = new object?[names.Count];
            for (var i = 0; i < columns.Length; i++)
            {
                values[i] = columns[i].Value(rows[r]);
            }
            if (ids is not null)
            {
                values[idAt] = ids[r];
            }
            else
            {
                rowIds[r] = Convert.ToInt64(values[idAt], CultureInfo.InvariantCulture);
            }
            var sealValues = new object?[layout.Columns.Count];
            for (var i = 0; i < sealValues.Length; i++)
            {
                var value = from[i] >= 0 ? values[from[i]] : defaults[i];
                // Sealed as stored: SQLite keeps an instant as its UTC ticks (the sink binds it so).
                sealValues[i] = sqlite && value is DateTimeOffset t ? SqliteRuralDbContext.ToStored(t) : value;
            }
            values[^1] = sealer.Seal(layout, sealValues);
            presences[r] = sealer.Presence(table, rowIds[r]);
            return values;
        }
        await WriteRowsAsync(table, names, types, BuiltAhead(rows.Count, Sealed, ct), ct);
        for (var r = 0; r < rows.Count; r++)
        {
            heads.Added(table, rowIds[r], presences[r]);
        }
        await heads.ApplyAsync(connection, tx, db.Provider, ct);
        return ids;
    }

    /// <summary>
    /// Ids for rows whose children are written in the same batch (a loan's schedule): reserved as for rows written without
    /// an id, and given back in the id column so the children can name their parent.
    /// </summary>
    public Task<long[]> ReserveIdsAsync(string table, int count, CancellationToken ct) =>
        ReserveIdsAsync(SealLayout.For(db.Model, table) ?? throw new InvalidOperationException($"{table} is not a sealed table of the model."), count, ct);

    protected abstract Task WriteRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, IEnumerable<object?[]> rows, CancellationToken ct);

    /// <summary>
    /// Sets <paramref name="set"/> on the rows whose <paramref name="key"/> matches (and whose <paramref name="guard"/> still
    /// holds the value the caller read, when given), then re-seals them. Returns how many rows matched: fewer than given means
    /// another writer moved a guarded row on, and the caller's transaction must not commit.
    /// </summary>
    public async Task<int> UpdateAsync<T>(string table, BulkColumn<T> key, BulkColumn<T>? guard, BulkColumn<T>[] set, IReadOnlyList<T> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }
        var columns = guard is null ? [key, .. set] : new[] { key, guard }.Concat(set).ToArray();
        var updated = await UpdateRowsAsync(table, columns.Select(c => c.Name).ToList(), columns.Select(c => c.Type).ToList(), guard is null ? 0 : 1,
            rows.Select(r => Array.ConvertAll(columns, c => c.Value(r))), ct);
        await RowSeals.ResealAsync(db, connection, tx, table, rows.Select(r => Convert.ToInt64(key.Value(r), CultureInfo.InvariantCulture)).ToList(), ct);
        return updated;
    }

    /// <summary>
    /// Sets <paramref name="set"/> on rows read whole (<see cref="StoredRow"/>) and seals them in the same statement, over the
    /// values as read with the new ones put in: no read-back, no second statement. A row matches only while its seal, and
    /// <paramref name="guard"/> when given, are still what was read; returns how many matched (fewer than given: another
    /// writer changed one, and the caller's transaction must not commit).
    /// </summary>
    public async Task<int> UpdateSealedAsync<T>(string table, BulkColumn<T>? guard, BulkColumn<T>[] set, IReadOnlyList<T> rows, Func<T, StoredRow> stored,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(stored);
        if (rows.Count == 0)
        {
            return 0;
        }
        var layout = SealLayout.For(db.Model, table) ?? throw new InvalidOperationException($"{table} is not a sealed table of the model.");
        var at = Array.ConvertAll(set, c => layout.IndexOf(c.Name));
        var sealer = RowSeals.SealerOf(db);
        var skipped = RowSeals.SkippedForBench.Value;
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var guards = guard is null ? 1 : 2;
        List<string> names = [layout.IdColumn, SealLayout.SealColumnName];
        List<NpgsqlDbType> types = [NpgsqlDbType.Bigint, NpgsqlDbType.Bytea];
        if (guard is not null)
        {
            names.Add(guard.Name);
            types.Add(guard.Type);
        }
        names.AddRange(set.Select(c => c.Name));
        types.AddRange(set.Select(c => c.Type));
        names.Add(SealLayout.SealColumnName);
        types.Add(NpgsqlDbType.Bytea);
        object?[] Values(int n)
        {
            var r = rows[n];
            var row = stored(r);
            var values = new object?[names.Count];
            values[0] = row.Values[layout.IdIndex];
            values[1] = row.Seal;
            if (guard is not null)
            {
                values[2] = guard.Value(r);
            }
            for (var i = 0; i < set.Length; i++)
            {
                var value = set[i].Value(r);
                values[guards + 1 + i] = value;
                // Sealed as stored: SQLite keeps an instant as its UTC ticks (the sink binds it so).
                row.Values[at[i]] = sqlite && value is DateTimeOffset t ? SqliteRuralDbContext.ToStored(t) : value;
            }
            values[^1] = skipped ? row.Seal : sealer.Seal(layout, row.Values);
            return values;
        }
        return await UpdateRowsAsync(table, names, types, guards, BuiltAhead(rows.Count, Values, ct), ct);
    }

    /// <summary>
    /// Rows <paramref name="build"/> makes (their values and seal), in order, made a block ahead on the other cores while
    /// the database takes the block before: a row's seal costs about what SQLite's insert of it does, and the database
    /// writes on one thread (decision 0049). <paramref name="build"/> runs concurrently and must touch only its own row.
    /// </summary>
    private static IEnumerable<object?[]> BuiltAhead(int count, Func<int, object?[]> build, CancellationToken ct)
    {
        const int Block = 4096;
        Task<object?[][]> Start(int first) => Task.Run(() =>
        {
            var block = new object?[Math.Min(Block, count - first)][];
            try
            {
                Parallel.For(0, block.Length, new ParallelOptions { CancellationToken = ct }, i => block[i] = build(first + i));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // The row's own failure (an unsealable value, a column the writer does not read), as a serial loop threw it.
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            return block;
        }, ct);
        var next = count > 0 ? Start(0) : null;
        for (var first = 0; first < count; first += Block)
        {
            // The rows are consumed synchronously by both sinks (SQLite's native steps, COPY's buffered writes).
            var block = next!.GetAwaiter().GetResult();
            next = first + Block < count ? Start(first + Block) : null;
            foreach (var row in block)
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Each row: the key, the <paramref name="guards"/> (compared null-safe with the stored values), then the values to set,
    /// in <paramref name="names"/>' order.
    /// </summary>
    protected abstract Task<int> UpdateRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, int guards, IEnumerable<object?[]> rows,
        CancellationToken ct);

    // Some columns are SQL keywords (a step's "on", "by", "at").
    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static string Assignments(IReadOnlyList<string> names, int guards, string source) =>
        string.Join(", ", names.Skip(1 + guards).Select(n => $"\"{n}\" = {source}\"{n}\""));

    /// <summary>
    /// Ids for rows that would otherwise take them from the table's identity, which a seal must cover: from the
    /// identity's own sequence on PostgreSQL (a concurrent EF insert gets another), past both the largest row and the
    /// largest id ever handed out on SQLite (AUTOINCREMENT; the transaction holds the write lock).
    /// </summary>
    private async Task<long[]> ReserveIdsAsync(SealLayout layout, int count, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        var ids = new long[count];
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // The lock the insert takes anyway, taken before the ids: a reader that waits for the table's writers (a
            // subsidy claim reading its watermark, 0039) then sees no id below the largest committed one arrive later.
            cmd.CommandText = $"LOCK TABLE {layout.Table} IN ROW EXCLUSIVE MODE";
            await cmd.ExecuteNonQueryAsync(ct);
            cmd.CommandText = $"SELECT nextval(pg_get_serial_sequence('{layout.Table}', '{layout.IdColumn}')) FROM generate_series(1, @n)";
            cmd.Parameters.Add(new NpgsqlParameter<int>("n", count));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                ids[i] = reader.GetInt64(0);
            }
            Array.Sort(ids);
            return ids;
        }
        cmd.CommandText = $"SELECT MAX(COALESCE((SELECT MAX({layout.IdColumn}) FROM {layout.Table}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{layout.Table}'), 0))";
        var max = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            ids[i] = max + 1 + i;
        }
        return ids;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>PostgreSQL: one binary COPY per table and batch (COPY can't interleave tables on one connection).</summary>
    private sealed class CopySink(RuralDbContext db, NpgsqlConnection connection, DbTransaction tx) : BulkSink(db, connection, tx)
    {
        private int _scratches;

        protected override async Task WriteRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, IEnumerable<object?[]> rows, CancellationToken ct)
        {
            await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Quoted(names)}) FROM STDIN (FORMAT BINARY)", ct);
            // Values are written synchronously: they go to the connection's buffer, which blocks only when it is full
            // and sent; an awaited call per value cost more client time than the server spent storing it.
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is { } value)
                    {
                        writer.Write(value, types[i]);
                    }
                    else
                    {
                        writer.WriteNull();
                    }
                }
            }
            await writer.CompleteAsync(ct);
        }

        /// <summary>COPY into a temporary table of the same columns, then one UPDATE … FROM it.</summary>
        protected override async Task<int> UpdateRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, int guards,
            IEnumerable<object?[]> rows, CancellationToken ct)
        {
            // Dropped with the transaction, whatever its outcome.
            var scratch = $"bulk_update_{table}_{++_scratches}";
            // A guard's value as read has a name of its own: the same column is usually set too (a version, the seal).
            var scratchNames = names.Select((n, i) => i >= 1 && i <= guards ? "read_" + n : n).ToList();
            var select = string.Join(", ", names.Select((n, i) => $"\"{n}\" AS \"{scratchNames[i]}\""));
            await ExecuteAsync($"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS SELECT {select} FROM {table} WITH NO DATA", ct);
            await WriteRowsAsync(scratch, scratchNames, types, rows, ct);
            var where = $"t.\"{names[0]}\" = s.\"{names[0]}\"" + string.Concat(Enumerable.Range(1, guards).Select(i => $" AND t.\"{names[i]}\" IS NOT DISTINCT FROM s.\"{scratchNames[i]}\""));
            return await ExecuteAsync($"UPDATE {table} AS t SET {Assignments(names, guards, "s.")} FROM {scratch} AS s WHERE {where}", ct);
        }

        private async Task<int> ExecuteAsync(string sql, CancellationToken ct)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            return await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// SQLite: one prepared single-row INSERT per table, reused for every row, bound by position through the native
    /// statement. SqliteCommand binds each parameter by name on every execution (a UTF-8 conversion and a linear
    /// search per parameter); for 18 columns that cost more than the B-tree inserts themselves.
    /// </summary>
    private sealed class InsertSink(RuralDbContext db, SqliteConnection connection, DbTransaction tx) : BulkSink(db, connection, tx)
    {
        private readonly Dictionary<string, sqlite3_stmt> _statements = [];

        protected override Task WriteRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, IEnumerable<object?[]> rows, CancellationToken ct)
        {
            var native = connection.Handle!;
            if (!_statements.TryGetValue(table, out var stmt))
            {
                var sql = $"INSERT INTO {table} ({Quoted(names)}) VALUES ({string.Join(", ", names.Select(_ => "?"))})";
                Check(raw.sqlite3_prepare_v2(native, sql, out stmt), native);
                _statements[table] = stmt;
            }
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < row.Length; i++)
                {
                    Check(Bind(stmt, i + 1, row[i]), native);
                }
                var rc = raw.sqlite3_step(stmt);
                raw.sqlite3_reset(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, native);
                }
            }
            return Task.CompletedTask;
        }

        /// <summary>One prepared UPDATE per row, bound by position: the value columns first, then the key (and guard) of its WHERE.</summary>
        protected override Task<int> UpdateRowsAsync(string table, IReadOnlyList<string> names, IReadOnlyList<NpgsqlDbType> types, int guards,
            IEnumerable<object?[]> rows, CancellationToken ct)
        {
            var native = connection.Handle!;
            var skip = 1 + guards;
            var where = $"\"{names[0]}\" = ?" + string.Concat(Enumerable.Range(1, guards).Select(i => $" AND \"{names[i]}\" IS ?"));
            var sql = $"UPDATE {table} SET {string.Join(", ", names.Skip(skip).Select(n => $"\"{n}\" = ?"))} WHERE {where}";
            Check(raw.sqlite3_prepare_v2(native, sql, out var stmt), native);
            using (stmt)
            {
                var updated = 0;
                foreach (var row in rows)
                {
                    ct.ThrowIfCancellationRequested();
                    var at = 1;
                    for (var i = skip; i < row.Length; i++)
                    {
                        Check(Bind(stmt, at++, row[i]), native);
                    }
                    for (var i = 0; i < skip; i++)
                    {
                        Check(Bind(stmt, at++, row[i]), native);
                    }
                    var rc = raw.sqlite3_step(stmt);
                    raw.sqlite3_reset(stmt);
                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(rc, native);
                    }
                    updated += raw.sqlite3_changes(native);
                }
                return Task.FromResult(updated);
            }
        }

        // The same storage EF Core's SQLite provider uses, so EF reads these rows back unchanged.
        private static int Bind(sqlite3_stmt stmt, int index, object? value) => value switch
        {
            null => raw.sqlite3_bind_null(stmt, index),
            long l => raw.sqlite3_bind_int64(stmt, index, l),
            int i => raw.sqlite3_bind_int(stmt, index, i),
            // As UTF-16 spans, which SQLite converts and copies: binding a string through its UTF-8 copy allocated twice per cell.
            string s => raw.sqlite3_bind_text16(stmt, index, s.AsSpan()),
            DateOnly d => BindDate(stmt, index, d),
            DateTimeOffset t => raw.sqlite3_bind_int64(stmt, index, SqliteRuralDbContext.ToStored(t)),
            bool b => raw.sqlite3_bind_int(stmt, index, b ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(stmt, index, bytes),
            _ => throw new NotSupportedException($"No SQLite binding for {value.GetType().Name}."),
        };

        private static int BindDate(sqlite3_stmt stmt, int index, DateOnly day)
        {
            Span<char> text = stackalloc char[10];
            day.TryFormat(text, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return raw.sqlite3_bind_text16(stmt, index, text[..length]);
        }

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
