using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// The baseline of the repayment import (issue #14: "a bare bulk insert of the same rows"): the repayment rows the import
/// just stored, read back untimed, then written again, timed, into a scratch table of loan_repayments' columns without
/// its indexes, keys or seals, in one transaction, by the bulk writers' own sink (binary COPY on PostgreSQL, prepared
/// native INSERTs on SQLite). What the import costs beyond it is reading the file and the loans, applying the rules,
/// updating loans and instalments, the indexes, the seals and the audit. The same rows are then written into a second
/// scratch table that has loan_repayments' indexes: the floor of any import that keeps them.
/// </summary>
internal static class RepaymentBareInsert
{
    /// <summary>The largest repayment id before the import: the rows after it are the import's.</summary>
    public static async Task<long> LastIdAsync(StorageOptions storage, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(id), 0) FROM loan_repayments";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <returns>The rows, the bare insert's time, and the time of the same insert into a scratch table that has
    /// loan_repayments' indexes too: the part of the import no code of ours can take away.</returns>
    public static async Task<(long Rows, TimeSpan Time, TimeSpan Indexed)> RunAsync(StorageOptions storage, long after, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        var rows = await db.Repayments.FromSqlRaw("SELECT * FROM loan_repayments WHERE id > {0}", after).AsNoTracking().ToListAsync(ct);
        var bare = await InsertAsync(db, "bench_repayments", [], rows, ct);
        var indexed = await InsertAsync(db, "bench_repayments_indexed", await IndexesAsync(db, "bench_repayments_indexed", ct), rows, ct);
        return (rows.Count, bare, indexed);
    }

    private static async Task<TimeSpan> InsertAsync(RuralDbContext db, string table, IReadOnlyList<string> indexes, List<Core.Credit.Repayment> rows, CancellationToken ct)
    {
        foreach (var sql in indexes.Prepend($"CREATE TABLE {table} AS SELECT * FROM loan_repayments WHERE 1 = 0"))
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // The import's page cache (SqliteTuning), so the indexes are maintained as the import maintains them.
        await using var bulk = await SqliteTuning.BeginBulkWriteAsync(db, ct);
        var watch = Stopwatch.StartNew();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await using (var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx.GetDbTransaction()))
            {
                await sink.WriteAsync(table, RepaymentBulkWriter.RepaymentColumns, rows, ct);
            }
            await tx.CommitAsync(ct);
        }
        return watch.Elapsed;
    }

    /// <summary>loan_repayments' indexes (its key's too), as statements that build them on <paramref name="table"/>.</summary>
    private static async Task<List<string>> IndexesAsync(RuralDbContext db, string table, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = db.Provider == DatabaseProvider.Sqlite
            ? "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'loan_repayments' AND sql IS NOT NULL"
            : "SELECT indexdef FROM pg_indexes WHERE tablename = 'loan_repayments'";
        var result = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var definition = reader.GetString(0);
                var on = definition.IndexOf(" ON ", StringComparison.Ordinal);
                var columns = definition.IndexOf('(', on);
                var head = definition[..on];
                result.Add($"{head[..head.LastIndexOf(' ')]} \"{table}_{result.Count}\" ON {table} {definition[columns..]}");
            }
        }
        // On PostgreSQL the key's index is among them; SQLite's key is the rowid, which the scratch table has too.
        return result;
    }
}
