using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Credit;

/// <summary>A repayment a claim counts, as the claim's page and export list it.</summary>
public sealed record SubsidyClaimLine(RepaymentId Id, LoanId LoanId, string LoanNumber, string BorrowerName, DivisionCode TownshipCode, DivisionCode VillageCode,
    DateOnly PaidOn, Money InterestOnTime, Money InterestLate);

/// <summary>
/// 贴息申报 of one bank and quarter, built the same way for the web app and <c>rural loans claims</c>: one statement sums
/// the quarter's repayments of the bank in the county and takes the largest id among them as the claim's watermark; the
/// claim is saved through the context (audited, sealed), and its unique key (county, bank, year, quarter) makes a second
/// build — or ten at once — one 409. Nothing is written to the repayments: a claim counts those of its quarter up to
/// its watermark, and each one's part of the subsidy is derived when shown (<see cref="PartsAsync"/>), so building a
/// claim costs the same at 100 repayments or 100,000 (docs/decisions/0039-claims-by-watermark.md).
/// </summary>
public static class SubsidyClaimBuilder
{
    // The repayments a claim counts. A repayment has one county, bank and paid date, so it belongs to one claim at most.
    private const string ClaimSet = "county_code = @county AND bank_code = @bank AND paid_on >= @first AND paid_on <= @last AND id <= @through";

    public static async Task<SubsidyClaim> BuildAsync(RuralDbContext db, string county, string bank, int year, int quarter, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var (first, last) = SubsidyClaim.QuarterDates(year, quarter);
        await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var policy = CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), last)
            ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(last)} 本县没有生效的小额信贷政策。", "quarter");

        // On SQLite the transaction begins IMMEDIATE: no repayment is written between the sums and the claim's insert.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Ids are handed out before their rows commit: wait for the repayment writers in flight and hold new ones off
            // for the few milliseconds of the sums, so no repayment below the watermark commits after it was read.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE loan_repayments IN SHARE MODE", ct);
        }
        var basis = await BasisAsync(db, county, bank, first, last, ct);
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
        db.SubsidyClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.claim_exists", $"{bankName} {year} 年第 {quarter} 季度的贴息已经申报。", "quarter");
        }
        await transaction.CommitAsync(ct);
        return claim;
    }

    /// <summary>
    /// Each of <paramref name="repayments"/> a claim counts, with the claim and the repayment's part of its subsidy: the
    /// claim's total split over all its repayments by on-time interest (<see cref="SubsidyClaim.Parts"/>). The claims
    /// are county records a village officer's scope doesn't reach; a loan file shows its own repayments' parts of them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<RepaymentId, (SubsidyClaimId Claim, Money Part)>> PartsAsync(RuralDbContext db, IReadOnlyList<Repayment> repayments,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(repayments);
        var result = new Dictionary<RepaymentId, (SubsidyClaimId, Money)>();
        foreach (var group in repayments.GroupBy(r => (r.CountyCode, r.BankCode)))
        {
            var years = group.Select(r => r.PaidOn.Year).Distinct().ToList();
            var claims = await db.SubsidyClaims.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.CountyCode == group.Key.CountyCode && c.BankCode == group.Key.BankCode && years.Contains(c.Year)).ToListAsync(ct);
            foreach (var claim in claims)
            {
                var (first, last) = SubsidyClaim.QuarterDates(claim.Year, claim.Quarter);
                var counted = group.Where(r => r.PaidOn >= first && r.PaidOn <= last && r.Id.Value <= claim.LastRepaymentId).ToList();
                if (counted.Count == 0)
                {
                    continue;
                }
                var partOf = await PartsOfAsync(db, claim, ct);
                foreach (var r in counted)
                {
                    result[r.Id] = (claim.Id, partOf(r.Id, r.InterestOnTime));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Each repayment's part of <paramref name="claim"/>'s subsidy, given its id and on-time interest. At a share of 100 %
    /// every part is its on-time interest and nothing is read; otherwise the split needs the whole claim's on-time
    /// interest, read once (two numbers a row).
    /// </summary>
    public static async Task<Func<RepaymentId, Money, Money>> PartsOfAsync(RuralDbContext db, SubsidyClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Subsidy == claim.InterestOnTime)
        {
            return (_, onTime) => onTime;
        }
        var (first, last) = SubsidyClaim.QuarterDates(claim.Year, claim.Quarter);
        var parts = await SplitAsync(db, claim, first, last, ct);
        return (id, _) => parts[id.Value];
    }

    /// <summary>
    /// The repayments <paramref name="claim"/> counts — the set its sums were read from — in the claim's order (paid date,
    /// then id) with their loans' borrowers, through the scope filters: the rows of the claim's page and export.
    /// </summary>
    public static IQueryable<SubsidyClaimLine> Lines(RuralDbContext db, SubsidyClaim claim)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        var (first, last) = SubsidyClaim.QuarterDates(claim.Year, claim.Quarter);
        var (county, bank, through) = (claim.CountyCode, claim.BankCode, new RepaymentId(claim.LastRepaymentId));
        return from r in db.Repayments.AsNoTracking()
               where r.CountyCode == county && r.BankCode == bank && r.PaidOn >= first && r.PaidOn <= last && r.Id <= through
               join l in db.Loans.AsNoTracking() on r.LoanId equals l.Id
               orderby r.PaidOn, r.Id
               select new SubsidyClaimLine(r.Id, r.LoanId, r.LoanNumber, l.BorrowerName, r.TownshipCode, r.VillageCode, r.PaidOn, r.InterestOnTime, r.InterestLate);
    }

    private static async Task<ClaimBasis> BasisAsync(RuralDbContext db, string county, string bank, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var cmd = Command(db, "SELECT COUNT(*), COUNT(DISTINCT loan_id), COALESCE(SUM(interest_on_time), 0), COALESCE(SUM(interest_late), 0), "
            + $"COALESCE(MAX(id), 0) FROM loan_repayments WHERE {ClaimSet}", county, bank, first, last, long.MaxValue);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        long At(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
        return new ClaimBasis((int)At(0), (int)At(1), Money.FromFen(At(2)), Money.FromFen(At(3)), At(4));
    }

    private static async Task<Dictionary<long, Money>> SplitAsync(RuralDbContext db, SubsidyClaim claim, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var ids = new List<long>(claim.Repayments);
        var weights = new List<long>(claim.Repayments);
        await db.Database.OpenConnectionAsync(ct);
        await using (var cmd = Command(db, $"SELECT id, interest_on_time FROM loan_repayments WHERE {ClaimSet} ORDER BY paid_on, id", claim.CountyCode,
            claim.BankCode, first, last, claim.LastRepaymentId))
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                weights.Add(reader.GetInt64(1));
            }
        }
        var parts = SubsidyClaim.Parts(claim.Subsidy, weights);
        return ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => parts[x.i]);
    }

    private static DbCommand Command(RuralDbContext db, string sql, string county, string bank, DateOnly first, DateOnly last, long through)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in new (string, object)[]
        {
            ("county", county), ("bank", bank), ("first", BulkRows.DateParameter(db, first)), ("last", BulkRows.DateParameter(db, last)), ("through", through),
        })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
