using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Bulk;

/// <summary>A new loan as built by the domain, with the repayments already booked on it (a county starting mid-way).</summary>
public sealed record LoanBook(Loan Loan, IReadOnlyList<Repayment> Repayments);

/// <summary>
/// Writes new loans with their steps, schedules and repayments without change tracking, in the caller's transaction:
/// 100,000 loans through the context (a dozen rows each, each audited) took minutes. The rows are checked by the
/// domain before they get here (<see cref="Loan"/> built them); the caller appends the one audit event that names the
/// batch, as for wages. Loan ids are reserved first so the children can name their loan; a loan number already taken
/// fails the write on the unique index and the caller's transaction rolls back whole.
/// </summary>
public sealed class LoanBulkWriter(RuralDbContext db)
{
    private const int BatchSize = 5_000;

    private sealed record Row<T>(long LoanId, T Item);

    private static readonly BulkColumn<Row<Loan>>[] LoanColumns =
    [
        new("id", NpgsqlDbType.Bigint, r => r.LoanId),
        new("number", NpgsqlDbType.Varchar, r => r.Item.Number),
        new("county_code", NpgsqlDbType.Char, r => r.Item.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, r => r.Item.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.Item.VillageCode.Value),
        new("household_id", NpgsqlDbType.Bigint, r => r.Item.HouseholdId.Value),
        new("household_no", NpgsqlDbType.Varchar, r => r.Item.HouseholdNo),
        new("borrower_id", NpgsqlDbType.Bigint, r => r.Item.BorrowerId.Value),
        new("borrower_name", NpgsqlDbType.Varchar, r => r.Item.BorrowerName),
        new("borrower_age", NpgsqlDbType.Integer, r => r.Item.BorrowerAge),
        new("bank_code", NpgsqlDbType.Varchar, r => r.Item.BankCode),
        new("bank_name", NpgsqlDbType.Varchar, r => r.Item.BankName),
        new("policy_id", NpgsqlDbType.Bigint, r => r.Item.PolicyId.Value),
        new("programme", NpgsqlDbType.Varchar, r => r.Item.Programme),
        new("applied_on", NpgsqlDbType.Date, r => r.Item.AppliedOn),
        new("signed_on", NpgsqlDbType.Date, r => r.Item.SignedOn),
        new("amount", NpgsqlDbType.Bigint, r => r.Item.Amount.Fen),
        new("term_months", NpgsqlDbType.Integer, r => r.Item.TermMonths),
        new("method", NpgsqlDbType.Integer, r => (int)r.Item.Method),
        new("purpose", NpgsqlDbType.Varchar, r => r.Item.Purpose),
        new("purpose_detail", NpgsqlDbType.Varchar, r => r.Item.PurposeDetail),
        new("renewal_of_id", NpgsqlDbType.Bigint, r => r.Item.RenewalOfId?.Value),
        new("bank_contract_number", NpgsqlDbType.Varchar, r => r.Item.BankContractNumber),
        new("renewal_count", NpgsqlDbType.Integer, r => r.Item.RenewalCount),
        new("status", NpgsqlDbType.Integer, r => (int)r.Item.Status),
        new("annual_rate", NpgsqlDbType.Integer, r => r.Item.AnnualRate?.BasisPoints),
        new("lpr_ceiling", NpgsqlDbType.Integer, r => r.Item.LprCeiling?.BasisPoints),
        new("decided_on", NpgsqlDbType.Date, r => r.Item.DecidedOn),
        new("disbursed_on", NpgsqlDbType.Date, r => r.Item.DisbursedOn),
        new("disbursed_amount", NpgsqlDbType.Bigint, r => r.Item.DisbursedAmount.Fen),
        new("account_cipher", NpgsqlDbType.Bytea, r => r.Item.AccountCipher),
        new("account_hash", NpgsqlDbType.Bytea, r => r.Item.AccountHash),
        new("account_masked", NpgsqlDbType.Varchar, r => r.Item.AccountMasked),
        new("maturity_on", NpgsqlDbType.Date, r => r.Item.MaturityOn),
        new("original_maturity_on", NpgsqlDbType.Date, r => r.Item.OriginalMaturityOn),
        new("extension_count", NpgsqlDbType.Integer, r => r.Item.ExtensionCount),
        new("principal_repaid", NpgsqlDbType.Bigint, r => r.Item.PrincipalRepaid.Fen),
        new("interest_repaid", NpgsqlDbType.Bigint, r => r.Item.InterestRepaid.Fen),
        new("closed_on", NpgsqlDbType.Date, r => r.Item.ClosedOn),
        new("version", NpgsqlDbType.Integer, r => r.Item.Version),
    ];

    private static readonly BulkColumn<Row<LoanStep>>[] StepColumns =
    [
        new("loan_id", NpgsqlDbType.Bigint, r => r.LoanId),
        new("seq", NpgsqlDbType.Integer, r => r.Item.Seq),
        new("kind", NpgsqlDbType.Integer, r => (int)r.Item.Kind),
        new("role", NpgsqlDbType.Varchar, r => r.Item.Role?.ToString()),
        new("on", NpgsqlDbType.Date, r => r.Item.On),
        new("by", NpgsqlDbType.Varchar, r => r.Item.By),
        new("decision", NpgsqlDbType.Integer, r => (int)r.Item.Decision),
        new("opinion", NpgsqlDbType.Varchar, r => r.Item.Opinion),
        new("at", NpgsqlDbType.TimestampTz, r => r.Item.At.ToUniversalTime()),
    ];

    private static readonly BulkColumn<Row<LoanInstalment>>[] InstalmentColumns =
    [
        new("loan_id", NpgsqlDbType.Bigint, r => r.LoanId),
        new("seq", NpgsqlDbType.Integer, r => r.Item.Seq),
        new("period_start", NpgsqlDbType.Date, r => r.Item.PeriodStart),
        new("due_on", NpgsqlDbType.Date, r => r.Item.DueOn),
        new("principal", NpgsqlDbType.Bigint, r => r.Item.Principal.Fen),
        new("interest", NpgsqlDbType.Bigint, r => r.Item.Interest.Fen),
        new("principal_paid", NpgsqlDbType.Bigint, r => r.Item.PrincipalPaid.Fen),
        new("interest_paid", NpgsqlDbType.Bigint, r => r.Item.InterestPaid.Fen),
        new("settled_on", NpgsqlDbType.Date, r => r.Item.SettledOn),
        new("superseded", NpgsqlDbType.Boolean, r => r.Item.Superseded),
    ];

    private static readonly BulkColumn<Row<Repayment>>[] RepaymentColumns =
    [
        new("loan_id", NpgsqlDbType.Bigint, r => r.LoanId),
        new("loan_number", NpgsqlDbType.Varchar, r => r.Item.LoanNumber),
        new("county_code", NpgsqlDbType.Char, r => r.Item.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, r => r.Item.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.Item.VillageCode.Value),
        new("bank_code", NpgsqlDbType.Varchar, r => r.Item.BankCode),
        new("paid_on", NpgsqlDbType.Date, r => r.Item.PaidOn),
        new("principal", NpgsqlDbType.Bigint, r => r.Item.Principal.Fen),
        new("interest", NpgsqlDbType.Bigint, r => r.Item.Interest.Fen),
        new("interest_on_time", NpgsqlDbType.Bigint, r => r.Item.InterestOnTime.Fen),
        new("interest_late", NpgsqlDbType.Bigint, r => r.Item.InterestLate.Fen),
        new("payer_name", NpgsqlDbType.Varchar, r => r.Item.PayerName),
        new("payer_account_cipher", NpgsqlDbType.Bytea, r => r.Item.PayerAccountCipher),
        new("payer_account_hash", NpgsqlDbType.Bytea, r => r.Item.PayerAccountHash),
        new("payer_account_masked", NpgsqlDbType.Varchar, r => r.Item.PayerAccountMasked),
        new("source", NpgsqlDbType.Integer, r => (int)r.Item.Source),
        new("subsidy", NpgsqlDbType.Bigint, _ => 0L),
        new("recorded_by", NpgsqlDbType.Varchar, r => r.Item.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, r => r.Item.RecordedAt.ToUniversalTime()),
    ];

    /// <summary>Writes the loans (unsaved, id 0) and what hangs from them; returns the rows written.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<LoanBook> books, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(books);
        if (books.Any(b => b.Loan.Id.Value != 0))
        {
            throw new InvalidOperationException("Only new loans are written in bulk; a saved loan changes through the context.");
        }
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Loans are written inside the caller's transaction, with its audit event.");
        await using var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx);
        long written = 0;
        foreach (var chunk in books.Chunk(BatchSize))
        {
            var ids = await sink.ReserveIdsAsync("loans", chunk.Length, ct);
            var loans = chunk.Select((b, i) => new Row<Loan>(ids[i], b.Loan)).ToList();
            var steps = loans.SelectMany(l => l.Item.Steps.Select(s => new Row<LoanStep>(l.LoanId, s))).ToList();
            var instalments = loans.SelectMany(l => l.Item.Instalments.Select(s => new Row<LoanInstalment>(l.LoanId, s))).ToList();
            var repayments = chunk.SelectMany((b, i) => b.Repayments.Select(r => new Row<Repayment>(ids[i], r))).ToList();
            await sink.WriteAsync("loans", LoanColumns, loans, ct);
            await sink.WriteAsync("loan_steps", StepColumns, steps, ct);
            await sink.WriteAsync("loan_instalments", InstalmentColumns, instalments, ct);
            await sink.WriteAsync("loan_repayments", RepaymentColumns, repayments, ct);
            await Credit.PayerLinks.RecordAsync(db, sink, repayments.Select(r => new LoanPayerLink(new LoanId(r.LoanId), r.Item)), ct);
            written += loans.Count + steps.Count + instalments.Count + repayments.Count;
        }
        return written;
    }
}
