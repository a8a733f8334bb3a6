using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed record LoanRow(long Id, string Number, string HouseholdNo, long HouseholdId, string BorrowerName, string PlaceName, string BankName, string Programme,
    Money Amount, int TermMonths, string Purpose, DateOnly AppliedOn, LoanStatus Status, string StatusName, int Version);

/// <summary>At most <see cref="LoanQueries.Limit"/> rows, newest first; <c>Total</c> says how many matched.</summary>
public sealed record LoanList(IReadOnlyList<LoanRow> Items, int Total, int Limit);

public sealed record LoanStepView(int Seq, LoanStepKind Kind, string KindName, string? RoleName, DateOnly On, string By, ApprovalDecision Decision, string? Opinion);

public sealed record LoanInstalmentView(int Seq, DateOnly PeriodStart, DateOnly DueOn, int Days, Money Principal, Money Interest, Money PrincipalPaid, Money InterestPaid,
    Money Outstanding, DateOnly? SettledOn, int DaysOverdue, bool Superseded);

public sealed record RepaymentView(long Id, DateOnly PaidOn, Money Principal, Money Interest, Money InterestOnTime, Money InterestLate, string PayerName,
    string PayerAccountMasked, string Source, long? ClaimId, Money Subsidy, string RecordedBy);

/// <summary>A loan's file: the application, the policy version it was judged by, every step, the schedule and the repayments.</summary>
public sealed record LoanFile(long Id, string Number, long HouseholdId, string HouseholdNo, string BorrowerName, int BorrowerAge, string PlaceName, string VillageCode,
    string BankCode, string BankName, long PolicyId, string Programme, DateOnly PolicyEffectiveFrom, Money PolicyMaxAmount, int PolicyMaxTermMonths,
    int ExtensionMaxCount, int ExtensionMaxMonths, IReadOnlyList<string> AllowedUses, DateOnly AppliedOn, DateOnly SignedOn, Money Amount, int TermMonths,
    RepaymentMethod Method, string MethodName, string Purpose, string? PurposeDetail, string? RenewalOf, int RenewalCount, LoanStatus Status, LoanState State,
    string StateName, Rate? AnnualRate, Rate? LprCeiling, DateOnly? DecidedOn, DateOnly? DisbursedOn, Money DisbursedAmount, string? AccountMasked,
    DateOnly? MaturityOn, DateOnly? OriginalMaturityOn, int ExtensionCount, Money PrincipalRepaid, Money InterestRepaid, Money PrincipalOutstanding,
    Money OverdueAmount, int MaxDaysOverdue, IReadOnlyList<LoanStepView> Steps, IReadOnlyList<LoanInstalmentView> Schedule,
    IReadOnlyList<RepaymentView> Repayments, int Version);

public sealed record BankOption(string Code, string Name);

public sealed record CreditPolicyView(long Id, string Programme, string? DocumentNo, DateOnly EffectiveFrom, Money MaxAmount, int MaxTermMonths, int MinAge, int MaxAge,
    bool GuaranteeFree, Rate SubsidyShare, int DayCountBasis, int ExtensionMaxCount, int ExtensionMaxMonths, int RenewalMaxCount, string AgingBuckets,
    IReadOnlyList<string> AllowedUses, IReadOnlyList<string> ProhibitedUses, IReadOnlyList<string> EligibleStatuses);

/// <summary>A household found by number in the caller's scope, with the members who could borrow.</summary>
public sealed record LoanHousehold(long Id, string HouseholdNo, string HeadName, string PlaceName, string Status, IReadOnlyList<LoanMember> Members);

public sealed record LoanMember(long Id, string Name, string Relation, int Age);

public sealed record LprView(DateOnly EffectiveOn, Rate OneYear, Rate FiveYear);

/// <summary>Reads of the credit module, all through the scoped context (area and bank scope).</summary>
public sealed class LoanQueries(RuralDbContext db, TimeProvider clock)
{
    public const int Limit = 500;

    public async Task<LoanList> ListAsync(LoanStatus? status, string? village, string? q, CancellationToken ct)
    {
        var query = db.Loans.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(l => l.Status == s);
        }
        if (!string.IsNullOrWhiteSpace(village))
        {
            var code = DivisionCode.Parse(village, "village");
            query = query.Where(l => l.VillageCode == code);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(l => l.Number == text || l.HouseholdNo == text || l.BorrowerName == text);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(l => l.AppliedOn).ThenByDescending(l => l.Id).Take(Limit)
            .Select(l => new
            {
                l.Id, l.Number, l.HouseholdNo, l.HouseholdId, l.BorrowerName, l.TownshipCode, l.VillageCode, l.BankName, l.Programme, l.Amount, l.TermMonths,
                l.Purpose, l.AppliedOn, l.Status, l.Version,
            }).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new DivisionCode?[] { r.TownshipCode, r.VillageCode }), ct);
        return new LoanList(rows.Select(l => new LoanRow(l.Id.Value, l.Number, l.HouseholdNo, l.HouseholdId.Value, l.BorrowerName,
            PlaceNames.Of(names, l.TownshipCode, l.VillageCode), l.BankName, l.Programme, l.Amount, l.TermMonths, l.Purpose, l.AppliedOn, l.Status,
            CreditNames.Of(l.Status), l.Version)).ToList(), total, Limit);
    }

    /// <summary>A household's loans, for its file.</summary>
    public async Task<IReadOnlyList<LoanRow>> OfHouseholdAsync(long householdId, CancellationToken ct)
    {
        var id = new Core.Kernel.HouseholdId(householdId);
        var loans = await db.Loans.AsNoTracking().Where(l => l.HouseholdId == id).OrderByDescending(l => l.AppliedOn)
            .Select(l => new { l.Id, l.Number, l.HouseholdNo, l.BorrowerName, l.BankName, l.Programme, l.Amount, l.TermMonths, l.Purpose, l.AppliedOn, l.Status, l.Version })
            .ToListAsync(ct);
        return loans.Select(l => new LoanRow(l.Id.Value, l.Number, l.HouseholdNo, householdId, l.BorrowerName, "", l.BankName, l.Programme, l.Amount, l.TermMonths,
            l.Purpose, l.AppliedOn, l.Status, CreditNames.Of(l.Status), l.Version)).ToList();
    }

    public async Task<LoanFile> FileAsync(long id, CancellationToken ct)
    {
        var loanId = new LoanId(id);
        var l = await db.Loans.AsNoTracking().FirstOrDefaultAsync(x => x.Id == loanId, ct)
            ?? throw new NotFoundException("loans.not_found", $"贷款 {id} 不存在或不在您的权限范围内。");
        var policy = await db.CreditPolicies.AsNoTracking().FirstAsync(p => p.Id == l.PolicyId, ct);
        var names = await PlaceNames.LoadAsync(db, [l.TownshipCode, l.VillageCode], ct);
        var repayments = await db.Repayments.AsNoTracking().Where(r => r.LoanId == loanId).OrderBy(r => r.PaidOn).ThenBy(r => r.Id).ToListAsync(ct);
        var claimed = await SubsidyClaimBuilder.PartsAsync(db, repayments, ct);
        var renewalOf = l.RenewalOfId is { } rid ? await db.Loans.AsNoTracking().Where(x => x.Id == rid).Select(x => x.Number).FirstOrDefaultAsync(ct) : null;
        var today = BusinessCalendar.Today(clock);
        var schedule = l.Instalments.OrderBy(i => i.Seq).Select(i => new LoanInstalmentView(i.Seq, i.PeriodStart, i.DueOn, i.DueOn.DayNumber - i.PeriodStart.DayNumber,
            i.Principal, i.Interest, i.PrincipalPaid, i.InterestPaid, i.Outstanding, i.SettledOn, i.DaysOverdue(today), i.Superseded)).ToList();
        var state = l.StateOn(today);
        return new LoanFile(l.Id.Value, l.Number, l.HouseholdId.Value, l.HouseholdNo, l.BorrowerName, l.BorrowerAge, PlaceNames.Of(names, l.TownshipCode, l.VillageCode),
            l.VillageCode.Value, l.BankCode, l.BankName, policy.Id.Value, policy.Programme, policy.EffectiveFrom, policy.MaxAmount, policy.MaxTermMonths,
            policy.ExtensionMaxCount, policy.ExtensionMaxMonths, policy.AllowedUseList, l.AppliedOn, l.SignedOn, l.Amount, l.TermMonths, l.Method,
            LoanSchedule.Name(l.Method), l.Purpose, l.PurposeDetail, renewalOf, l.RenewalCount, l.Status, state, CreditNames.Of(state), l.AnnualRate, l.LprCeiling,
            l.DecidedOn, l.DisbursedOn, l.DisbursedAmount, l.AccountMasked, l.MaturityOn, l.OriginalMaturityOn, l.ExtensionCount, l.PrincipalRepaid,
            l.InterestRepaid, l.PrincipalOutstanding, Money.Sum(l.Schedule.Where(i => i.DaysOverdue(today) > 0).Select(i => i.Outstanding)),
            l.Schedule.Select(i => i.DaysOverdue(today)).DefaultIfEmpty(0).Max(),
            l.Steps.OrderBy(s => s.Seq).Select(s => new LoanStepView(s.Seq, s.Kind, CreditNames.Of(s.Kind), s.Role is { } r ? Roles.DisplayName(r) : null, s.On, s.By,
                s.Decision, s.Opinion)).ToList(),
            schedule,
            repayments.Select(r => new RepaymentView(r.Id.Value, r.PaidOn, r.Principal, r.Interest, r.InterestOnTime, r.InterestLate, r.PayerName, r.PayerAccountMasked,
                r.Source == RepaymentSource.Imported ? "文件导入" : "手工登记", claimed.TryGetValue(r.Id, out var c) ? c.Claim.Value : null,
                c.Part, r.RecordedBy)).ToList(),
            l.Version);
    }

    /// <summary>逾期清单 (<see cref="OverdueReports"/>), in the caller's scope.</summary>
    public Task<OverdueReport> OverdueAsync(DateOnly? asOf, string? township, string? village, string? bank, CancellationToken ct) =>
        new OverdueReports(db, clock).ComputeAsync(asOf, township, village, bank, ct);

    /// <summary>
    /// The banks an application can name: those whose officers hold accounts in the county. Bank names and codes are
    /// not personal, so the accounts are read past their own filter, by county.
    /// </summary>
    public async Task<IReadOnlyList<BankOption>> BanksAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        var banks = await db.Users.IgnoreQueryFilters()
            .Where(u => u.CountyCode == county && u.Role == Role.BankOfficer && u.BankCode != null && u.BankName != null && u.Active)
            .Select(u => new { u.BankCode, u.BankName }).Distinct().ToListAsync(ct);
        return banks.Select(b => new BankOption(b.BankCode!, b.BankName!)).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<CreditPolicyView>> PoliciesAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        if (!string.IsNullOrEmpty(county))
        {
            await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        }
        var versions = await db.CreditPolicies.AsNoTracking().OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
        return versions.Select(p => new CreditPolicyView(p.Id.Value, p.Programme, p.DocumentNo, p.EffectiveFrom, p.MaxAmount, p.MaxTermMonths, p.MinAge, p.MaxAge,
            p.GuaranteeFree, p.SubsidyShare, p.DayCountBasis, p.ExtensionMaxCount, p.ExtensionMaxMonths, p.RenewalMaxCount, p.AgingBuckets, p.AllowedUseList,
            p.ProhibitedUseList, p.EligibleStatusList.Select(Core.Registry.RegistryNames.Of).ToList())).ToList();
    }

    /// <summary>The policy in force on <paramref name="on"/> in the caller's county, for the application form.</summary>
    public async Task<CreditPolicyView?> PolicyOnAsync(DateOnly on, CancellationToken ct) =>
        (await PoliciesAsync(ct)).Where(p => p.EffectiveFrom <= on).MaxBy(p => p.EffectiveFrom);

    public async Task<LoanHousehold?> HouseholdAsync(string? householdNo, CancellationToken ct)
    {
        var no = householdNo?.Trim();
        if (string.IsNullOrEmpty(no))
        {
            return null;
        }
        var h = await db.Households.AsNoTracking().Include(x => x.Members).Where(x => x.HouseholdNo == no).OrderBy(x => x.CountyCode).FirstOrDefaultAsync(ct);
        if (h is null)
        {
            return null;
        }
        var names = await PlaceNames.LoadAsync(db, [h.TownshipCode, h.VillageCode], ct);
        var today = BusinessCalendar.Today(clock);
        return new LoanHousehold(h.Id.Value, h.HouseholdNo, h.HeadName, PlaceNames.Of(names, h.TownshipCode, h.VillageCode), Core.Registry.RegistryNames.Of(h.Status),
            h.Members.OrderBy(m => m.Relation).ThenBy(m => m.Id.Value)
                .Select(m => new LoanMember(m.Id.Value, m.Name, Core.Registry.RegistryNames.Of(m.Relation), Loan.AgeOn(m.BirthDate, today))).ToList());
    }

    public async Task<IReadOnlyList<LprView>> LprAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        if (!string.IsNullOrEmpty(county))
        {
            await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        }
        var quotes = await db.LprQuotes.AsNoTracking().ToListAsync(ct);
        return quotes.OrderByDescending(q => q.EffectiveOn).Select(q => new LprView(q.EffectiveOn, q.OneYear, q.FiveYear)).ToList();
    }
}
