using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Bulk;

/// <summary>A loan a repayment file changed, with the version it had when the file's loans were read.</summary>
public sealed record RepaidLoan(Loan Loan, int ReadVersion);

/// <summary>
/// Writes a repayment file's effect without change tracking, in the caller's transaction (with the one audit event the
/// caller appends for the file): the loans' totals, status and version, guarded by the version read; the instalments'
/// paid amounts; settlement steps; the repayment rows. Through EF with one audit row per change, a file ran at 370 rows/s.
/// A loan another writer moved on meanwhile (fewer rows updated than given) or a booking recorded meanwhile (the
/// repayment's unique key) fails the write, and the caller's transaction rolls back whole.
/// </summary>
public sealed class RepaymentBulkWriter(RuralDbContext db)
{
    private const int BatchSize = 10_000;

    private static readonly BulkColumn<RepaidLoan> LoanKey = new("id", NpgsqlDbType.Bigint, l => l.Loan.Id.Value);
    private static readonly BulkColumn<RepaidLoan> LoanGuard = new("version", NpgsqlDbType.Integer, l => l.ReadVersion);

    private static readonly BulkColumn<RepaidLoan>[] LoanColumns =
    [
        new("principal_repaid", NpgsqlDbType.Bigint, l => l.Loan.PrincipalRepaid.Fen),
        new("interest_repaid", NpgsqlDbType.Bigint, l => l.Loan.InterestRepaid.Fen),
        new("status", NpgsqlDbType.Integer, l => (int)l.Loan.Status),
        new("closed_on", NpgsqlDbType.Date, l => l.Loan.ClosedOn),
        new("version", NpgsqlDbType.Integer, l => l.Loan.Version),
    ];

    private static readonly BulkColumn<LoanInstalment> InstalmentKey = new("id", NpgsqlDbType.Bigint, i => i.Id);

    private static readonly BulkColumn<LoanInstalment>[] InstalmentColumns =
    [
        new("principal_paid", NpgsqlDbType.Bigint, i => i.PrincipalPaid.Fen),
        new("interest_paid", NpgsqlDbType.Bigint, i => i.InterestPaid.Fen),
        new("settled_on", NpgsqlDbType.Date, i => i.SettledOn),
        new("superseded", NpgsqlDbType.Boolean, i => i.Superseded),
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

    private static readonly BulkColumn<Repayment>[] RepaymentColumns =
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

    /// <returns>False when a loan's version moved on since it was read: nothing may be committed.</returns>
    public async Task<bool> WriteAsync(IReadOnlyList<RepaidLoan> loans, IReadOnlyList<LoanInstalment> instalments, IReadOnlyList<Repayment> repayments, CancellationToken ct)
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
            if (await sink.UpdateAsync("loans", LoanKey, LoanGuard, LoanColumns, chunk, ct) != chunk.Length)
            {
                return false;
            }
        }
        foreach (var chunk in instalments.Chunk(BatchSize))
        {
            await sink.UpdateAsync("loan_instalments", InstalmentKey, null, InstalmentColumns, chunk, ct);
        }
        // Settlement steps: the ones the loans took in memory, not yet stored.
        var steps = loans.SelectMany(l => l.Loan.Steps.Where(s => s.Id == 0).Select(s => (l.Loan.Id, s))).ToList();
        await sink.WriteAsync("loan_steps", StepColumns, steps, ct);
        foreach (var chunk in repayments.Chunk(BatchSize))
        {
            await sink.WriteAsync("loan_repayments", RepaymentColumns, chunk, ct);
        }
        return true;
    }
}
