using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RuralLedger.Data.Audit;

namespace RuralLedger.Data.Sealing;

/// <summary>
/// Writes seals for the app's own saves (through <see cref="AuditInterceptor"/>) and re-seals rows that a statement
/// changed past the change tracker (posting's status UPDATE, incomes taken by a plan).
/// </summary>
public static class RowSeals
{
    /// <summary>
    /// The distribution bench's "without sealing" run (issue #12: the cost of sealing), for the flow it is set on: writers
    /// leave seals and heads alone, as before sealing. Internal and set only by the bench (InternalsVisibleTo): no
    /// configuration reaches it, so a server can't run unsealed.
    /// </summary>
    internal static readonly AsyncLocal<bool> SkippedForBench = new();

    /// <summary>The sealer of a context: the one its audit interceptor was made with.</summary>
    public static RowSealer SealerOf(RuralDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        return interceptors.OfType<AuditInterceptor>().Select(i => i.Sealer).FirstOrDefault()
            ?? throw new InvalidOperationException("This context has no row sealer: create it through StorageRegistration.");
    }

    /// <summary>A row's identity as captured before saving (a deleted row is gone from the tracker afterwards).</summary>
    internal readonly record struct Change(EntityEntry Entry, EntityState State, SealLayout Layout, long Id);

    internal static Change? Capture(EntityEntry entry, EntityState state)
    {
        var table = entry.Metadata.GetTableName();
        if (table is null || SealLayout.For(entry.Context.Model, table) is not { } layout || layout.Entity != entry.Metadata)
        {
            return null;
        }
        var id = state == EntityState.Deleted ? Convert.ToInt64(SealLayout.StoredValue(entry, layout.Columns[layout.IdIndex]), CultureInfo.InvariantCulture) : 0;
        return new Change(entry, state, layout, id);
    }

    /// <summary>After EF saved: seals the added and changed rows (their generated ids are known now) and moves the heads.</summary>
    internal static async Task AfterSaveAsync(RuralDbContext db, RowSealer sealer, IReadOnlyList<Change> changes, CancellationToken ct)
    {
        if (changes.Count == 0 || SkippedForBench.Value)
        {
            return;
        }
        var heads = new SealHeadDelta(sealer);
        var seals = new List<(SealLayout Layout, long Id, byte[] Seal)>();
        foreach (var c in changes)
        {
            if (c.State == EntityState.Deleted)
            {
                heads.Removed(c.Layout.Table, c.Id);
                continue;
            }
            var values = c.Layout.Columns.Select(col => SealLayout.StoredValue(c.Entry, col)).ToArray();
            var id = Convert.ToInt64(values[c.Layout.IdIndex], CultureInfo.InvariantCulture);
            seals.Add((c.Layout, id, sealer.Seal(c.Layout, values)));
            if (c.State == EntityState.Added)
            {
                heads.Added(c.Layout.Table, id);
            }
        }
        var connection = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var table in seals.GroupBy(s => s.Layout))
        {
            await WriteSealsAsync(connection, tx, db.Provider, table.Key, table.Select(s => (s.Id, s.Seal)).ToList(), ct);
        }
        await heads.ApplyAsync(connection, tx, db.Provider, ct);
    }

    /// <summary>
    /// Seals again rows a statement changed past EF: reads them back in one query and writes their seals. Inside the
    /// caller's transaction, right after the statement, so no other writer sees them unsealed.
    /// </summary>
    public static Task ResealAsync(RuralDbContext db, string table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ResealAsync(db, db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), table, ids, ct);
    }

    internal static async Task ResealAsync(RuralDbContext db, DbConnection connection, DbTransaction? tx, string table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var layout = SealLayout.For(db.Model, table);
        if (layout is null || ids.Count == 0 || SkippedForBench.Value)
        {
            return;
        }
        var sealer = SealerOf(db);
        var seals = new List<(long Id, byte[] Seal)>(ids.Count);
        foreach (var chunk in ids.Chunk(1_000))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT {layout.SelectList} FROM {table} WHERE {layout.IdColumn} IN ({string.Join(",", chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var values = new object?[layout.Columns.Count];
            while (await reader.ReadAsync(ct))
            {
                layout.ReadRow(reader, values, db.Provider);
                seals.Add((Convert.ToInt64(values[layout.IdIndex], CultureInfo.InvariantCulture), sealer.Seal(layout, values)));
            }
        }
        await WriteSealsAsync(connection, tx, db.Provider, layout, seals, ct);
    }

    internal static async Task WriteSealsAsync(DbConnection connection, DbTransaction? tx, DatabaseProvider provider, SealLayout layout, IReadOnlyList<(long Id, byte[] Seal)> seals, CancellationToken ct)
    {
        if (seals.Count == 0)
        {
            return;
        }
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        if (provider == DatabaseProvider.Postgres)
        {
            // One statement for any number of rows.
            cmd.CommandText = $"UPDATE {layout.Table} AS t SET {SealLayout.SealColumnName} = s.seal FROM unnest(@ids, @seals) AS s(id, seal) WHERE t.{layout.IdColumn} = s.id";
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", seals.Select(s => s.Id).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<byte[][]>("seals", seals.Select(s => s.Seal).ToArray()));
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }
        cmd.CommandText = $"UPDATE {layout.Table} SET {SealLayout.SealColumnName} = $seal WHERE {layout.IdColumn} = $id";
        var seal = cmd.CreateParameter();
        seal.ParameterName = "$seal";
        cmd.Parameters.Add(seal);
        var id = cmd.CreateParameter();
        id.ParameterName = "$id";
        cmd.Parameters.Add(id);
        foreach (var s in seals)
        {
            seal.Value = s.Seal;
            id.Value = s.Id;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Seals rows a statement inserted past EF (an <c>INSERT … SELECT</c>) and counts them into their buckets, so verify
    /// takes them for the app's rows. Inside the caller's transaction, right after the statement.
    /// </summary>
    public static async Task InsertedAsync(RuralDbContext db, string table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        await ResealAsync(db, table, ids, ct);
        var heads = new SealHeadDelta(SealerOf(db));
        foreach (var id in ids)
        {
            heads.Added(table, id);
        }
        await heads.ApplyAsync(db, ct);
    }

    /// <summary>Records rows a statement deleted past EF, so their removal is the app's and not a tamperer's.</summary>
    public static Task RemovedAsync(RuralDbContext db, string table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var heads = new SealHeadDelta(SealerOf(db));
        foreach (var id in ids)
        {
            heads.Removed(table, id);
        }
        return heads.ApplyAsync(db, ct);
    }
}
