using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Credit;

/// <summary>
/// 贴息申报 of one bank and quarter, built the same way for the web app and <c>rural loans claims</c>, in one
/// transaction: the quarter's uncounted repayments are summed by the database, the claim is saved (audited; the unique
/// key (county, bank, year, quarter) makes a second build — or ten at once — one 409), and one UPDATE counts the
/// repayments in, each with its part of the subsidy, only where no claim has counted it yet. If that statement counts
/// other repayments than were summed (a concurrent build or import in between), the whole build rolls back as stale.
/// Counting 100,000 repayments through the context took seconds and an audit row each; the one audit event of the
/// marking names the claim, its count and subsidy (docs/decisions/0035-claims-set-based.md).
/// </summary>
public static class SubsidyClaimBuilder
{
    private const string Table = "loan_repayments";

    // The quarter's repayments of the bank that no claim counted: the claim's basis and, below, what the UPDATE counts.
    private const string Uncounted = $"""
        FROM {Table} WHERE county_code = @county AND bank_code = @bank AND paid_on >= @first AND paid_on <= @last AND claim_id IS NULL
        """;

    // Largest remainders in SQL (Allocation.Split): floor(subsidy × w / Σw) each, the leftover fen one each to the largest
    // remainders, ties to the earlier repayment (paid_on, id) — the order the claim lists them in.
    private const string Count = $"""
        WITH c AS (SELECT id, paid_on, @subsidy * interest_on_time / @weights AS q, @subsidy * interest_on_time % @weights AS rem {Uncounted}),
        p AS (SELECT id, q + CASE WHEN ROW_NUMBER() OVER (ORDER BY rem DESC, paid_on, id) <= @subsidy - SUM(q) OVER () THEN 1 ELSE 0 END AS part FROM c)
        UPDATE {Table} SET claim_id = @claim, subsidy = p.part FROM p WHERE {Table}.id = p.id AND {Table}.claim_id IS NULL
        RETURNING {Table}.id, {Table}.interest_on_time
        """;

    public static async Task<SubsidyClaim> BuildAsync(RuralDbContext db, string county, string bank, int year, int quarter, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var (first, last) = SubsidyClaim.QuarterDates(year, quarter);
        await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var policy = CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), last)
            ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(last)} 本县没有生效的小额信贷政策。", "quarter");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var where = new Dictionary<string, object>
        {
            ["county"] = county, ["bank"] = bank, ["first"] = BulkRows.DateParameter(db, first), ["last"] = BulkRows.DateParameter(db, last),
        };
        var (basis, largest) = await BasisAsync(db, where, ct);
        if (basis.Repayments == 0)
        {
            if (await db.SubsidyClaims.AnyAsync(c => c.CountyCode == county && c.BankCode == bank && c.Year == year && c.Quarter == quarter, ct))
            {
                throw new ConflictException("loans.claim_exists", $"{year} 年第 {quarter} 季度该银行的贴息已经申报。", "quarter");
            }
            throw new DomainException("loans.claim_empty", $"{year} 年第 {quarter} 季度该银行没有未申报贴息的还款。", "quarter");
        }
        var bankName = await db.Loans.AsNoTracking().Where(l => l.BankCode == bank).Select(l => l.BankName).FirstAsync(ct);
        var claim = SubsidyClaim.Build(county, bank, bankName, year, quarter, policy, basis, BusinessCalendar.Today(clock), db.Access.ActorName, clock.GetUtcNow());
        if ((Int128)claim.Subsidy.Fen * largest > long.MaxValue)
        {
            // The split multiplies in 64 bits on both databases: beyond this a part could not be computed exactly.
            throw new DomainException("loans.claim_too_large", $"{bankName} {year} 年第 {quarter} 季度的贴息金额过大，无法按还款拆分，请分银行网点申报。", "quarter");
        }
        db.SubsidyClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.claim_exists", $"{bankName} {year} 年第 {quarter} 季度的贴息已经申报。", "quarter");
        }

        var counted = new List<long>(basis.Repayments);
        var interest = Money.Zero;
        await using (var cmd = Command(db, Count, where))
        {
            Add(cmd, "subsidy", claim.Subsidy.Fen);
            Add(cmd, "weights", Math.Max(basis.InterestOnTime.Fen, 1));
            Add(cmd, "claim", claim.Id.Value);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counted.Add(reader.GetInt64(0));
                interest += Money.FromFen(reader.GetInt64(1));
            }
        }
        if (counted.Count != basis.Repayments || interest != basis.InterestOnTime)
        {
            // Another build counted some of these repayments, or an import added one, in between.
            throw new ConflictException("loans.stale", "该贴息申报已被他人修改，请刷新页面后重新操作。");
        }
        await RowSeals.ResealAsync(db, Table, counted, ct);
        await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "update", nameof(Repayment), $"claim:{claim.Id}", null,
            JsonSerializer.Serialize(new { claimId = claim.Id.Value, repayments = counted.Count, subsidy = claim.Subsidy.ToInvariantString() }))], ct);
        await transaction.CommitAsync(ct);
        return claim;
    }

    private static async Task<(ClaimBasis Basis, long Largest)> BasisAsync(RuralDbContext db, Dictionary<string, object> where, CancellationToken ct)
    {
        await using var cmd = Command(db, $"SELECT COUNT(*), COUNT(DISTINCT loan_id), COALESCE(SUM(interest_on_time), 0), COALESCE(SUM(interest_late), 0), "
            + $"COALESCE(MAX(interest_on_time), 0) {Uncounted}", where);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        long Long(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
        return (new ClaimBasis(checked((int)Long(0)), checked((int)Long(1)), Money.FromFen(Long(2)), Money.FromFen(Long(3))), Long(4));
    }

    private static DbCommand Command(RuralDbContext db, string sql, Dictionary<string, object> parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(cmd, name, value);
        }
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
