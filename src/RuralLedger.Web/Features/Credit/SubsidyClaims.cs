using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>Build a bank's claim for a quarter; a bank officer's own bank is implied, county staff name the bank.</summary>
public sealed record SubsidyClaimInput(string? BankCode, int? Year, int? Quarter);

public sealed record SubsidyClaimStepInput(DateOnly? On, int? Version);

/// <summary>Mark a claim paid: the payment date and the finance voucher number (or a note) that paid it.</summary>
public sealed record SubsidyClaimPaidInput(DateOnly? On, string? Voucher, int? Version);

public sealed record SubsidyClaimView(long Id, string BankCode, string BankName, int Year, int Quarter, Rate Share, Money InterestOnTime, Money InterestLate,
    Money Subsidy, int Repayments, int Loans, SubsidyClaimStatus Status, string StatusName, string BuiltBy, DateOnly? ApprovedOn, string? ApprovedBy,
    DateOnly? PaidOn, string? PaidBy, int Version, DateTimeOffset BuiltAt, long PolicyId, string? VoucherNo);

/// <summary>
/// A repayment a claim counts: the borrower masked as on public notices, the interest paid on time and late, and its
/// part of the claim's subsidy (late interest has none).
/// </summary>
public sealed record SubsidyClaimLineView(long RepaymentId, long LoanId, string LoanNumber, string Borrower, string PlaceName, DateOnly PaidOn, Money InterestOnTime,
    Money InterestLate, Money Subsidy);

/// <summary>One page of a claim's repayments, in the claim's order (paid date, then id); <c>Total</c> is the claim's count.</summary>
public sealed record SubsidyClaimLines(long ClaimId, IReadOnlyList<SubsidyClaimLineView> Items, int Total, int Page, int PageSize);

/// <summary>A claim with the policy version whose share it used.</summary>
public sealed record SubsidyClaimDetail(SubsidyClaimView Claim, string Programme, DateOnly PolicyEffectiveFrom, string? PolicyDocumentNo);

/// <summary>
/// 贴息申报: per bank and quarter, built by <see cref="SubsidyClaimBuilder"/> (shared with the command line).
/// </summary>
public sealed class SubsidyClaims(RuralDbContext db, TimeProvider clock)
{
    /// <summary>Rows per page of a claim's repayments.</summary>
    public const int PageSize = 50;

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

    public async Task MarkPaidAsync(long id, SubsidyClaimPaidInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var claim = await FindAsync(id, ct);
        Versions.Expect(claim.Version, input.Version);
        claim.MarkPaid(Inputs.NotAfterToday(input.On, BusinessCalendar.Today(clock), "on", "拨付日期"), db.Access.ActorName, input.Voucher);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<SubsidyClaimView> GetAsync(long id, CancellationToken ct) => View(await FindAsync(id, ct, tracked: false));

    /// <summary>The claim's page: the claim with the policy version whose share it used, and a page of its repayments.</summary>
    public async Task<(SubsidyClaimDetail Detail, SubsidyClaimLines Lines)> PageAsync(long id, int? page, CancellationToken ct)
    {
        var claim = await FindAsync(id, ct, tracked: false);
        // Policy versions are the county's reference data; the claim names the one it used.
        var policy = await db.CreditPolicies.IgnoreQueryFilters().AsNoTracking().FirstAsync(p => p.Id == claim.PolicyId, ct);
        return (new SubsidyClaimDetail(View(claim), policy.Programme, policy.EffectiveFrom, policy.DocumentNo), await LinesOfAsync(claim, page, ct));
    }

    /// <summary>
    /// A page of the claim's repayments with each one's part of the subsidy. The rows are those the claim's sums were read
    /// from (<see cref="SubsidyClaimBuilder.Lines"/>), read a page at a time; at a share below 100 % the parts need the
    /// whole claim's on-time interest, read once (<see cref="SubsidyClaimBuilder.PartsOfAsync"/>).
    /// </summary>
    public async Task<SubsidyClaimLines> LinesAsync(long id, int? page, CancellationToken ct) => await LinesOfAsync(await FindAsync(id, ct, tracked: false), page, ct);

    private async Task<SubsidyClaimLines> LinesOfAsync(SubsidyClaim claim, int? page, CancellationToken ct)
    {
        var pages = Math.Max(1, (claim.Repayments + PageSize - 1) / PageSize);
        var p = Math.Clamp(page ?? 1, 1, pages);
        var lines = await SubsidyClaimBuilder.Lines(db, claim).Skip((p - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var partOf = await SubsidyClaimBuilder.PartsOfAsync(db, claim, ct);
        var names = await PlaceNames.LoadAsync(db, lines.SelectMany(l => new DivisionCode?[] { l.TownshipCode, l.VillageCode }), ct);
        return new SubsidyClaimLines(claim.Id.Value, lines.Select(l => Line(l, PlaceNames.Of(names, l.TownshipCode, l.VillageCode), partOf)).ToList(),
            claim.Repayments, p, PageSize);
    }

    internal static SubsidyClaimLineView Line(SubsidyClaimLine l, string place, Func<RepaymentId, Money, Money> partOf) =>
        new(l.Id.Value, l.LoanId.Value, l.LoanNumber, PersonName.MaskForNotice(l.BorrowerName), place, l.PaidOn, l.InterestOnTime, l.InterestLate,
            partOf(l.Id, l.InterestOnTime));

    /// <summary>The claim through the scoped context: another bank's or county's claim is not found (404).</summary>
    internal async Task<SubsidyClaim> FindAsync(long id, CancellationToken ct, bool tracked = true)
    {
        var claimId = new SubsidyClaimId(id);
        var query = tracked ? db.SubsidyClaims : db.SubsidyClaims.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException("loans.claim_not_found", $"贴息申报 {id} 不存在或不在您的权限范围内。");
    }

    private static SubsidyClaimView View(SubsidyClaim c) => new(c.Id.Value, c.BankCode, c.BankName, c.Year, c.Quarter, c.Share, c.InterestOnTime, c.InterestLate,
        c.Subsidy, c.Repayments, c.Loans, c.Status, SubsidyClaim.StatusName(c.Status), c.BuiltBy, c.ApprovedOn, c.ApprovedBy, c.PaidOn, c.PaidBy, c.Version,
        c.BuiltAt, c.PolicyId.Value, c.PaidVoucher);
}
