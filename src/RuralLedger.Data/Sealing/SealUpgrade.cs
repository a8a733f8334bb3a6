using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Data.Audit;

namespace RuralLedger.Data.Sealing;

/// <summary>
/// A seal covers every column of its row, so a migration that adds a column to a sealed table would leave every row
/// sealed before it looking changed. Right after such migrations are applied, each row whose seal still matches its
/// content over the columns it had then is sealed again over the new layout, in one transaction, audited with the
/// count per table; a row that matches neither layout was changed outside the application before the upgrade and stays
/// reported by `rural audit verify`. Only added columns can be carried over this way: a dropped or renamed column
/// takes the old value the seal covered with it (docs/decisions/0031-row-sealing.md).
/// </summary>
public static class SealUpgrade
{
    public const string Action = "seal_upgrade";

    /// <summary>The columns <paramref name="applied"/> migrations added to sealed tables (the seal column itself aside), by table.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> AddedColumns(RuralDbContext db, IEnumerable<string> applied)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(applied);
        var migrations = db.GetService<IMigrationsAssembly>();
        var provider = db.Database.ProviderName;
        var added = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in applied)
        {
            if (!migrations.Migrations.TryGetValue(id, out var type))
            {
                continue;
            }
            var migration = migrations.CreateMigration(type, provider!);
            foreach (var op in migration.UpOperations.OfType<AddColumnOperation>())
            {
                if (op.Name != SealLayout.SealColumnName && SealLayout.For(db.Model, op.Table) is not null)
                {
                    (added.TryGetValue(op.Table, out var set) ? set : added[op.Table] = new HashSet<string>(StringComparer.Ordinal)).Add(op.Name);
                }
            }
        }
        return added.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Re-seals the rows sealed before <paramref name="applied"/> added columns to their tables; returns how many.</summary>
    public static async Task<int> ApplyAsync(RuralDbContext db, IEnumerable<string> applied, TimeProvider clock, CancellationToken ct)
    {
        var added = AddedColumns(db, applied);
        return added.Count == 0 ? 0 : await ResealAsync(db, added, clock, ct);
    }

    /// <summary>Re-seals, over the current layout, the rows of each table whose seal matches it without the given columns.</summary>
    public static async Task<int> ResealAsync(RuralDbContext db, IReadOnlyDictionary<string, IReadOnlySet<string>> added, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(added);
        var sealer = RowSeals.SealerOf(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var dbTx = tx.GetDbTransaction();
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (table, columns) in added.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var layout = SealLayout.For(db.Model, table)!;
                var before = layout.Without(columns);
                var seals = new List<(long Id, byte[] Seal)>();
                await using (var cmd = connection.CreateCommand())
                {
                    cmd.Transaction = dbTx;
                    cmd.CommandText = $"SELECT {layout.SelectList}, {SealLayout.SealColumnName} FROM {table} WHERE {SealLayout.SealColumnName} IS NOT NULL";
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    var values = new object?[layout.Columns.Count];
                    var kept = Enumerable.Range(0, values.Length).Where(i => !columns.Contains(layout.Columns[i].Name)).ToArray();
                    var old = new object?[kept.Length];
                    while (await reader.ReadAsync(ct))
                    {
                        layout.ReadRow(reader, values, db.Provider);
                        for (var j = 0; j < kept.Length; j++)
                        {
                            old[j] = values[kept[j]];
                        }
                        var stored = reader.GetFieldValue<byte[]>(values.Length);
                        if (sealer.Seal(before, old).AsSpan().SequenceEqual(stored))
                        {
                            seals.Add((Convert.ToInt64(values[layout.IdIndex], CultureInfo.InvariantCulture), sealer.Seal(layout, values)));
                        }
                    }
                }
                await RowSeals.WriteSealsAsync(connection, dbTx, db.Provider, layout, seals, ct);
                if (seals.Count > 0)
                {
                    counts[table] = seals.Count;
                }
            }
            var total = counts.Values.Sum();
            if (total > 0)
            {
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(AuditWriter.SystemChain, Action, nameof(SealHead), "*", null, JsonSerializer.Serialize(counts))], ct);
            }
            await tx.CommitAsync(ct);
            return total;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
