using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Credit;

/// <summary>
/// 贴息申报 of one bank and quarter, built the same way for the web app and <c>rural loans claims</c>: the quarter's
/// repayments no claim has counted are taken in one transaction with the claim; the unique key (county, bank, year,
/// quarter) makes a second build — or ten at once — one 409.
/// </summary>
public static class SubsidyClaimBuilder
{
    public static async Task<SubsidyClaim> BuildAsync(RuralDbContext db, string county, string bank, int year, int quarter, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var (first, last) = SubsidyClaim.QuarterDates(year, quarter);
        await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var policy = CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), last)
            ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(last)} 本县没有生效的小额信贷政策。", "quarter");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var repayments = await db.Repayments.Where(r => r.CountyCode == county && r.BankCode == bank && r.PaidOn >= first && r.PaidOn <= last && r.ClaimId == null)
            .OrderBy(r => r.PaidOn).ThenBy(r => r.Id).ToListAsync(ct);
        if (repayments.Count == 0)
        {
            if (await db.SubsidyClaims.AnyAsync(c => c.CountyCode == county && c.BankCode == bank && c.Year == year && c.Quarter == quarter, ct))
            {
                throw new ConflictException("loans.claim_exists", $"{year} 年第 {quarter} 季度该银行的贴息已经申报。", "quarter");
            }
            throw new DomainException("loans.claim_empty", $"{year} 年第 {quarter} 季度该银行没有未申报贴息的还款。", "quarter");
        }
        var bankName = await db.Loans.AsNoTracking().Where(l => l.BankCode == bank).Select(l => l.BankName).FirstAsync(ct);
        var claim = SubsidyClaim.Build(county, bank, bankName, year, quarter, policy, repayments, BusinessCalendar.Today(clock), db.Access.ActorName, clock.GetUtcNow());
        db.SubsidyClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.claim_exists", $"{bankName} {year} 年第 {quarter} 季度的贴息已经申报。", "quarter");
        }
        claim.Count(repayments);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another build counted one of these repayments in between: the same answer as a stale claim.
            throw new ConflictException("loans.stale", "该贴息申报已被他人修改，请刷新页面后重新操作。");
        }
        await transaction.CommitAsync(ct);
        return claim;
    }
}
