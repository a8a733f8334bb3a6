using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>Build a bank's claim for a quarter; a bank officer's own bank is implied, county staff name the bank.</summary>
public sealed record SubsidyClaimInput(string? BankCode, int? Year, int? Quarter);

public sealed record SubsidyClaimStepInput(DateOnly? On, int? Version);

public sealed record SubsidyClaimView(long Id, string BankCode, string BankName, int Year, int Quarter, Rate Share, Money InterestOnTime, Money InterestLate,
    Money Subsidy, int Repayments, int Loans, SubsidyClaimStatus Status, string StatusName, string BuiltBy, DateOnly? ApprovedOn, string? ApprovedBy,
    DateOnly? PaidOn, string? PaidBy, int Version);

/// <summary>
/// 贴息申报: per bank and quarter, built by <see cref="SubsidyClaimBuilder"/> (shared with the command line).
/// </summary>
public sealed class SubsidyClaims(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("loans", "该贴息申报");

    public async Task<IReadOnlyList<SubsidyClaimView>> ListAsync(int? year, CancellationToken ct)
    {
        var query = db.SubsidyClaims.AsNoTracking();
        if (year is { } y)
        {
            query = query.Where(c => c.Year == y);
        }
        var claims = await query.OrderByDescending(c => c.Year).ThenByDescending(c => c.Quarter).ThenBy(c => c.BankCode).Take(200).ToListAsync(ct);
        return claims.Select(View).ToList();
    }

    public async Task<long> BuildAsync(SubsidyClaimInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        if (input.Year is null)
        {
            v.Add("year", "年度不能为空。");
        }
        if (input.Quarter is null)
        {
            v.Add("quarter", "季度不能为空。");
        }
        var bank = db.Access.Role == Role.BankOfficer ? db.Access.BankCode : input.BankCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(bank))
        {
            v.Add("bankCode", "请选择银行。");
        }
        v.ThrowIfAny();
        var county = db.Access.Scope.CountyCode;
        if (db.Access.Scope.Kind != Core.Areas.ScopeKind.County || string.IsNullOrEmpty(county))
        {
            throw new ConflictException("loans.claim_scope", "贴息按县申报，须由县级或银行用户办理。", "bankCode");
        }
        var claim = await SubsidyClaimBuilder.BuildAsync(db, county, bank!, input.Year!.Value, input.Quarter!.Value, clock, ct);
        return claim.Id.Value;
    }

    public async Task ApproveAsync(long id, SubsidyClaimStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var claim = await FindAsync(id, ct);
        Versions.Expect(claim.Version, input.Version);
        claim.Approve(Inputs.NotAfterToday(input.On, BusinessCalendar.Today(clock), "on", "审核日期"), db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task MarkPaidAsync(long id, SubsidyClaimStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var claim = await FindAsync(id, ct);
        Versions.Expect(claim.Version, input.Version);
        claim.MarkPaid(Inputs.NotAfterToday(input.On, BusinessCalendar.Today(clock), "on", "拨付日期"), db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<SubsidyClaimView> GetAsync(long id, CancellationToken ct)
    {
        var claimId = new SubsidyClaimId(id);
        return View(await db.SubsidyClaims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException("loans.claim_not_found", $"贴息申报 {id} 不存在或不在您的权限范围内。"));
    }

    private async Task<SubsidyClaim> FindAsync(long id, CancellationToken ct)
    {
        var claimId = new SubsidyClaimId(id);
        return await db.SubsidyClaims.FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException("loans.claim_not_found", $"贴息申报 {id} 不存在或不在您的权限范围内。");
    }

    private static SubsidyClaimView View(SubsidyClaim c) => new(c.Id.Value, c.BankCode, c.BankName, c.Year, c.Quarter, c.Share, c.InterestOnTime, c.InterestLate,
        c.Subsidy, c.Repayments, c.Loans, c.Status, SubsidyClaim.StatusName(c.Status), c.BuiltBy, c.ApprovedOn, c.ApprovedBy, c.PaidOn, c.PaidBy, c.Version);
}
