using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Credit;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Bulk;

/// <summary>A loan a repayment file changed, with its row as read (the guard and the base of its new seal).</summary>
internal sealed record RepaidLoan(RepayingLoan Loan, StoredRow Row);

/// <summary>An instalment line a repayment file changed, with its seal as read.</summary>
internal sealed record RepaidInstalment(LoanInstalment Instalment, byte[]? ReadSeal)
{
    /// <summary>The line's row: every column of it is in the line (<see cref="RepaymentBulkWriter.LineColumn"/>).</summary>
    public StoredRow Row(SealLayout layout) => new([.. layout.Columns.Select(c => RepaymentBulkWriter.LineColumn(Instalment, c.Name))], ReadSeal);
}

/// <summary>
/// Writes a repayment file's effect without change tracking, in the caller's transaction (with the one audit event the
/// caller appends for the file): the loans' totals, status and version, guarded by the version read; the instalments'
/// paid amounts; settlement steps; the repayment rows. Updated rows are sealed in the statement that updates them, from
/// the row as read (<see cref="StoredRow"/>). Through EF with one audit row per change, a file ran at 370 rows/s.
/// A row another writer changed meanwhile (fewer rows updated than given) or a booking recorded meanwhile (the
/// repayment's unique key) fails the write, and the caller's transaction rolls back whole.
/// </summary>
public sealed class RepaymentBulkWriter(RuralDbContext db)
{
    // A file's rows at most, so one batch: on PostgreSQL a batch is a COPY and one UPDATE … FROM, which hash-joins the
    // whole table (a million lines) whatever the batch's size.
    private const int BatchSize = Credit.RepaymentImport.MaxRows;

    private static readonly BulkColumn<RepaidLoan> LoanGuard = new("version", NpgsqlDbType.Integer, l => l.Loan.ReadVersion);

    private static readonly BulkColumn<RepaidLoan>[] LoanColumns =
    [
        new("principal_repaid", NpgsqlDbType.Bigint, l => l.Loan.PrincipalRepaid.Fen),
        new("interest_repaid", NpgsqlDbType.Bigint, l => l.Loan.InterestRepaid.Fen),
        new("status", NpgsqlDbType.Integer, l => (int)l.Loan.Status),
        new("closed_on", NpgsqlDbType.Date, l => l.Loan.ClosedOn),
        new("version", NpgsqlDbType.Integer, l => l.Loan.Version),
    ];

    // Most loans stay open: their status and closing day are left out of the UPDATE, so the status indexes are not rewritten.
    private static readonly BulkColumn<RepaidLoan>[] LoanTotalColumns =
    [
        new("principal_repaid", NpgsqlDbType.Bigint, l => l.Loan.PrincipalRepaid.Fen),
        new("interest_repaid", NpgsqlDbType.Bigint, l => l.Loan.InterestRepaid.Fen),
        new("version", NpgsqlDbType.Integer, l => l.Loan.Version),
    ];

    private static readonly BulkColumn<RepaidInstalment>[] InstalmentColumns =
    [
        new("principal_paid", NpgsqlDbType.Bigint, i => i.Instalment.PrincipalPaid.Fen),
        new("interest_paid", NpgsqlDbType.Bigint, i => i.Instalment.InterestPaid.Fen),
        new("settled_on", NpgsqlDbType.Date, i => i.Instalment.SettledOn),
        new("superseded", NpgsqlDbType.Boolean, i => i.Instalment.Superseded),
    ];

    private static readonly BulkColumn<(LoanId Loan, LoanStep Step)>[] StepColumns =
    [
        new("loan_id", NpgsqlDbType.Bigint, s => s.Loan.Value),
        new("seq", NpgsqlDbType.Integer, s => s.Step.Seq),
        new("kind", NpgsqlDbType.Integer, s => (int)s.Step.Kind),
        new("role", NpgsqlDbType.Varchar, s => s.Step.Role?.ToString()),
        new("on", NpgsqlDbType.Date, s => s.Step.On),
        new("by", NpgsqlDbType.Varchar, s => s.Step.By),
        new("decision", NpgsqlDbType.Integer, s => (int)s.Step.Decision),
        new("opinion", NpgsqlDbType.Varchar, s => s.Step.Opinion),
        new("at", NpgsqlDbType.TimestampTz, s => s.Step.At.ToUniversalTime()),
    ];

    internal static readonly BulkColumn<Repayment>[] RepaymentColumns =
    [
        new("loan_id", NpgsqlDbType.Bigint, r => r.LoanId.Value),
        new("loan_number", NpgsqlDbType.Varchar, r => r.LoanNumber),
        new("county_code", NpgsqlDbType.Char, r => r.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, r => r.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.VillageCode.Value),
        new("bank_code", NpgsqlDbType.Varchar, r => r.BankCode),
        new("paid_on", NpgsqlDbType.Date, r => r.PaidOn),
        new("principal", NpgsqlDbType.Bigint, r => r.Principal.Fen),
        new("interest", NpgsqlDbType.Bigint, r => r.Interest.Fen),
        new("interest_on_time", NpgsqlDbType.Bigint, r => r.InterestOnTime.Fen),
        new("interest_late", NpgsqlDbType.Bigint, r => r.InterestLate.Fen),
        new("payer_name", NpgsqlDbType.Varchar, r => r.PayerName),
        new("payer_account_cipher", NpgsqlDbType.Bytea, r => r.PayerAccountCipher),
        new("payer_account_hash", NpgsqlDbType.Bytea, r => r.PayerAccountHash),
        new("payer_account_masked", NpgsqlDbType.Varchar, r => r.PayerAccountMasked),
        new("source", NpgsqlDbType.Integer, r => (int)r.Source),
        new("subsidy", NpgsqlDbType.Bigint, _ => 0L),
        new("recorded_by", NpgsqlDbType.Varchar, r => r.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, r => r.RecordedAt.ToUniversalTime()),
    ];

    /// <summary>A column of a line as stored. The import reads lines as typed values, not whole rows: a column added to the
    /// table must be added here (and to the import's read), or sealing the updated lines fails loudly.</summary>
    internal static object? LineColumn(LoanInstalment line, string column) => column switch
    {
        "id" => line.Id,
        "loan_id" => line.LoanId.Value,
        "seq" => line.Seq,
        "period_start" => line.PeriodStart,
        "due_on" => line.DueOn,
        "principal" => line.Principal.Fen,
        "interest" => line.Interest.Fen,
        "principal_paid" => line.PrincipalPaid.Fen,
        "interest_paid" => line.InterestPaid.Fen,
        "settled_on" => line.SettledOn,
        "superseded" => line.Superseded,
        _ => throw new InvalidOperationException($"loan_instalments.{column} is not read by the repayment import: add it to RepaymentBulkWriter.LineColumn and the import's read."),
    };

    /// <returns>False when a row changed since it was read: nothing may be committed.</returns>
    internal async Task<bool> WriteAsync(IReadOnlyList<RepaidLoan> loans, IReadOnlyList<RepaidInstalment> instalments, IReadOnlyList<Repayment> repayments,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loans);
        ArgumentNullException.ThrowIfNull(instalments);
        ArgumentNullException.ThrowIfNull(repayments);
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Repayments are written inside the import's transaction, with its audit event.");
        await using var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx);
        // Loans first: a concurrent writer is found before anything else is written.
        foreach (var chunk in loans.Chunk(BatchSize))
        {
            var settled = chunk.Where(l => l.Loan.Settlement is not null).ToList();
            var open = chunk.Where(l => l.Loan.Settlement is null).ToList();
            if (await sink.UpdateSealedAsync("loans", LoanGuard, LoanColumns, settled, l => l.Row, ct)
                + await sink.UpdateSealedAsync("loans", LoanGuard, LoanTotalColumns, open, l => l.Row, ct) != chunk.Length)
            {
                return false;
            }
        }
        var lineLayout = SealLayout.For(db.Model, "loan_instalments")!;
        foreach (var chunk in instalments.Chunk(BatchSize))
        {
            if (await sink.UpdateSealedAsync("loan_instalments", null, InstalmentColumns, chunk, i => i.Row(lineLayout), ct) != chunk.Length)
            {
                return false;
            }
        }
        await sink.WriteAsync("loan_steps", StepColumns, [.. loans.Where(l => l.Loan.Settlement is not null).Select(l => (l.Loan.Id, l.Loan.Settlement!))], ct);
        foreach (var chunk in repayments.Chunk(BatchSize))
        {
            await sink.WriteAsync("loan_repayments", RepaymentColumns, chunk, ct);
        }
        await Credit.PayerLinks.RecordAsync(db, sink, repayments.Select(r => new LoanPayerLink(r.LoanId, r)), ct);
        return true;
    }
}
