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
/// updating loans and instalments, the indexes, the seals and the audit.
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

    public static async Task<(long Rows, TimeSpan Time)> RunAsync(StorageOptions storage, long after, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        var rows = await db.Repayments.FromSqlRaw("SELECT * FROM loan_repayments WHERE id > {0}", after).AsNoTracking().ToListAsync(ct);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE bench_repayments AS SELECT * FROM loan_repayments WHERE 1 = 0", ct);
        var watch = Stopwatch.StartNew();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await using (var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx.GetDbTransaction()))
            {
                await sink.WriteAsync("bench_repayments", RepaymentBulkWriter.RepaymentColumns, rows, ct);
            }
            await tx.CommitAsync(ct);
        }
        return (rows.Count, watch.Elapsed);
    }
}
