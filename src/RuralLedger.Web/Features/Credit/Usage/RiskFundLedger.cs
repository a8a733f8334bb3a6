using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

/// <summary>A new version of a bank's fund terms from a date: leverage (times the balance), what happens beyond it, the fund's share of a loss.</summary>
public sealed record RiskFundPolicyInput(string? BankCode, DateOnly? EffectiveFrom, int? Leverage, LeverageMode? Mode, Rate? FundShare);

/// <summary>Money the county puts into a bank's fund, under the document that allocated it (the document number makes a repeat one record).</summary>
public sealed record RiskFundContributionInput(string? BankCode, string? DocumentNo, DateOnly? On, Money? Amount);

/// <summary>Money recovered on a written-off loan: returned to the fund and the bank in the shares the loss was borne in.</summary>
public sealed record RiskFundRecoveryInput(string? LoanNumber, DateOnly? On, Money? Amount, string? Note = null);

public sealed record RiskFundBankView(string BankCode, Money Balance, Money Outstanding, Money? Limit, int? Leverage, LeverageMode? Mode, string? ModeName,
    Rate? FundShare, DateOnly? PolicyFrom);

public sealed record RiskFundEntryView(long Id, RiskFundEntryKind Kind, string KindName, DateOnly On, string? LoanNumber, Money Total, Money FundPart,
    Money BankPart, Money FundEffect, string Note);

/// <summary>A bank's fund for a year: opening balance, the year's entries, closing balance; the written-off loans tie to the loss entries.</summary>
public sealed record RiskFundStatement(string BankCode, int Year, Money Opening, Money Contributions, Money LossCharged, Money Recovered, Money Closing,
    Money LossesTotal, Money BankLoss, IReadOnlyList<RiskFundEntryView> Entries, IReadOnlyList<string> WrittenOffLoans, bool TiesToLoans);

/// <summary>
/// 风险补偿金: per county and bank. The balance is the sum of the entries' effects; the leverage limit (balance ×
/// leverage, from the version in force) is checked when a bank approves a loan; a write-off charges the fund its share
/// of the unpaid principal, exact to the fen; recoveries return in the same shares.
/// </summary>
public sealed class RiskFundLedger(RuralDbContext db, TimeProvider clock)
{
    public async Task<long> AddPolicyAsync(RiskFundPolicyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = County();
        var v = new Validation();
        var bank = Bank(input.BankCode, v);
        var from = v.Try("effectiveFrom", () => Inputs.Plausible(input.EffectiveFrom ?? throw new DomainException("input.required", "请填写生效日期。", "effectiveFrom"),
            "effectiveFrom", "生效日期"));
        if (input.Leverage is null)
        {
            v.Add("leverage", "请填写放大倍数。");
        }
        var share = v.Try("fundShare", () => input.FundShare ?? throw new DomainException("input.required", "请填写风险补偿金分担比例。", "fundShare"));
        var mode = v.Try("mode", () => Inputs.Defined(input.Mode ?? LeverageMode.Refuse, "mode", "超限处理方式"));
        v.ThrowIfAny();
        var policy = new RiskFundPolicy(county, bank, from, input.Leverage!.Value, mode, share, db.Access.ActorName, clock.GetUtcNow());
        db.RiskFundPolicies.Add(policy);
        await SaveOnceAsync("riskfund.policy_exists", $"该银行在 {BusinessCalendar.Format(from)} 已有风险补偿金政策版本；版本不修改，请另选生效日期。", "effectiveFrom", ct);
        return policy.Id;
    }

    public async Task<long> ContributeAsync(RiskFundContributionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = County();
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var bank = Bank(input.BankCode, v);
        var on = v.Try("on", () => Inputs.Plausible(Inputs.NotAfterToday(input.On, today, "on", "注入日期"), "on", "注入日期"));
        var amount = v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "注入金额"));
        v.ThrowIfAny();
        var entry = RiskFundEntry.Contribution(county, bank, input.DocumentNo ?? "", on, amount, db.Access.ActorName, clock.GetUtcNow());
        db.RiskFundEntries.Add(entry);
        await SaveOnceAsync("riskfund.contribution_exists", "该文号的注入已经登记过。", "documentNo", ct);
        return entry.Id;
    }

    public async Task<long> RecoverAsync(RiskFundRecoveryInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var number = input.LoanNumber?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            v.Add("loanNumber", "请填写贷款编号。");
        }
        var on = v.Try("on", () => Inputs.Plausible(Inputs.NotAfterToday(input.On, today, "on", "收回日期"), "on", "收回日期"));
        var amount = v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "收回金额"));
        v.ThrowIfAny();
        var loan = await db.Loans.AsNoTracking().FirstOrDefaultAsync(l => l.Number == number, ct)
            ?? throw new DomainException("riskfund.unknown_loan", $"贷款 {number} 不存在或不在您的权限范围内。", "loanNumber");
        var loanId = loan.Id;
        var entries = await db.RiskFundEntries.AsNoTracking().Where(e => e.LoanId == loanId).ToListAsync(ct);
        var loss = entries.FirstOrDefault(e => e.Kind == RiskFundEntryKind.LossShare)
            ?? throw new ConflictException("riskfund.not_written_off", $"贷款 {number} 没有风险补偿金代偿记录（未核销或该行未设风险补偿金）。", "loanNumber");
        var policy = await db.RiskFundPolicies.AsNoTracking().FirstAsync(p => p.Id == loss.PolicyId, ct);
        var before = Money.Sum(entries.Where(e => e.Kind == RiskFundEntryKind.Recovery).Select(e => e.Total));
        var entry = RiskFundEntry.RecoveryOf(loan, loss, before, policy, on, amount, db.Access.ActorName, clock.GetUtcNow(),
            string.IsNullOrWhiteSpace(input.Note) ? null : input.Note);
        db.RiskFundEntries.Add(entry);
        await SaveOnceAsync("riskfund.recovery_exists", "这笔收回（同一贷款、日期、金额）已经登记过。", "amount", ct);
        return entry.Id;
    }

    public async Task<IReadOnlyList<RiskFundBankView>> BanksAsync(CancellationToken ct)
    {
        var county = County();
        var today = BusinessCalendar.Today(clock);
        var policies = await db.RiskFundPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct);
        var banks = policies.Select(p => p.BankCode).Distinct(StringComparer.Ordinal).OrderBy(b => b, StringComparer.Ordinal).ToList();
        var rows = new List<RiskFundBankView>();
        foreach (var bank in banks)
        {
            var balance = await BalanceAsync(db, county, bank, ct);
            var outstanding = await OutstandingAsync(db, county, bank, ct);
            var p = RiskFundPolicy.InForce(policies.Where(x => x.BankCode == bank), today);
            rows.Add(new RiskFundBankView(bank, balance, outstanding, p?.Limit(balance), p?.Leverage, p?.Mode, p is null ? null : RiskFundNames.Of(p.Mode), p?.FundShare,
                p?.EffectiveFrom));
        }
        return rows;
    }

    public async Task<RiskFundStatement> StatementAsync(string? bankCode, int? year, CancellationToken ct)
    {
        var county = County();
        var v = new Validation();
        var bank = Bank(bankCode, v);
        if (year is not (>= 2000 and <= 2100))
        {
            v.Add("year", "请填写年度。");
        }
        v.ThrowIfAny();
        var first = new DateOnly(year!.Value, 1, 1);
        var last = new DateOnly(year.Value, 12, 31);
        var entries = await db.RiskFundEntries.AsNoTracking().Where(e => e.CountyCode == county && e.BankCode == bank && e.On <= last)
            .OrderBy(e => e.On).ThenBy(e => e.Id).ToListAsync(ct);
        var opening = Money.Sum(entries.Where(e => e.On < first).Select(e => e.FundEffect));
        var year_ = entries.Where(e => e.On >= first).ToList();
        Money Sum(RiskFundEntryKind k) => Money.Sum(year_.Where(e => e.Kind == k).Select(e => e.FundPart));
        var losses = year_.Where(e => e.Kind == RiskFundEntryKind.LossShare).ToList();
        // Tie: every loan written off in the year has exactly one loss entry, of its unpaid principal.
        var written = await db.Loans.AsNoTracking().Where(l => l.CountyCode == county && l.BankCode == bank && l.Status == LoanStatus.WrittenOff && l.ClosedOn >= first
                && l.ClosedOn <= last)
            .Select(l => new { l.Id, l.Number, l.DisbursedAmount, l.PrincipalRepaid }).ToListAsync(ct);
        var ties = written.Count == losses.Count && written.All(l => losses.Any(e => e.LoanId == l.Id && e.Total == l.DisbursedAmount - l.PrincipalRepaid))
            && losses.All(e => e.FundPart + e.BankPart == e.Total);
        return new RiskFundStatement(bank, year.Value, opening, Sum(RiskFundEntryKind.Contribution), Sum(RiskFundEntryKind.LossShare), Sum(RiskFundEntryKind.Recovery),
            opening + Money.Sum(year_.Select(e => e.FundEffect)), Money.Sum(losses.Select(e => e.Total)), Money.Sum(losses.Select(e => e.BankPart)),
            year_.Select(View).ToList(), written.Select(l => l.Number).OrderBy(n => n, StringComparer.Ordinal).ToList(), ties);
    }

    /// <summary>
    /// Before a bank approves <paramref name="loan"/>: its outstanding loans (disbursed, unpaid principal, plus approved
    /// and not yet disbursed) with this one must stay within balance × leverage. Refused or warned per the bank's
    /// version in force on the decision day; no version, no limit. Returns the warning to record with the approval.
    /// </summary>
    internal static async Task<string?> CheckLeverageAsync(RuralDbContext db, Loan loan, DateOnly on, CancellationToken ct)
    {
        var county = loan.CountyCode;
        var bank = loan.BankCode;
        var policy = RiskFundPolicy.InForce(await db.RiskFundPolicies.AsNoTracking().IgnoreQueryFilters().Where(p => p.CountyCode == county && p.BankCode == bank)
            .ToListAsync(ct), on);
        if (policy is null)
        {
            return null;
        }
        var balance = await BalanceAsync(db, county, bank, ct);
        var after = await OutstandingAsync(db, county, bank, ct) + loan.Amount;
        var limit = policy.Limit(balance);
        if (after <= limit)
        {
            return null;
        }
        var message = $"审批后本行贷款余额 {after} 将超过风险补偿金 {balance} × {policy.Leverage} 倍 = {limit}。";
        if (policy.Mode == LeverageMode.Refuse)
        {
            throw new ConflictException("riskfund.over_leverage", message + "按政策不予审批，请待风险补偿金注入后再审批。", "amount");
        }
        return "提示：" + message;
    }

    /// <summary>On a write-off: the fund's share of the unpaid principal, by the bank's version in force that day; no version, nothing charged.</summary>
    internal static async Task ChargeWriteOffAsync(RuralDbContext db, Loan loan, DateOnly on, string by, DateTimeOffset at, CancellationToken ct)
    {
        var county = loan.CountyCode;
        var bank = loan.BankCode;
        var policy = RiskFundPolicy.InForce(await db.RiskFundPolicies.AsNoTracking().IgnoreQueryFilters().Where(p => p.CountyCode == county && p.BankCode == bank)
            .ToListAsync(ct), on);
        if (policy is not null && loan.PrincipalOutstanding > Money.Zero)
        {
            db.RiskFundEntries.Add(RiskFundEntry.LossOf(loan, policy, on, by, at));
        }
    }

    private static async Task<Money> BalanceAsync(RuralDbContext db, string county, string bank, CancellationToken ct)
    {
        var entries = await db.RiskFundEntries.AsNoTracking().IgnoreQueryFilters().Where(e => e.CountyCode == county && e.BankCode == bank)
            .Select(e => new { e.Kind, e.FundPart }).ToListAsync(ct);
        return Money.Sum(entries.Select(e => e.Kind == RiskFundEntryKind.LossShare ? -e.FundPart : e.FundPart));
    }

    private static async Task<Money> OutstandingAsync(RuralDbContext db, string county, string bank, CancellationToken ct)
    {
        var loans = await db.Loans.AsNoTracking().IgnoreQueryFilters()
            .Where(l => l.CountyCode == county && l.BankCode == bank
                && (l.Status == LoanStatus.Approved || l.Status == LoanStatus.Active || l.Status == LoanStatus.Extended))
            .Select(l => new { l.Status, l.Amount, l.DisbursedAmount, l.PrincipalRepaid }).ToListAsync(ct);
        return Money.Sum(loans.Select(l => l.Status == LoanStatus.Approved ? l.Amount : l.DisbursedAmount - l.PrincipalRepaid));
    }

    private static RiskFundEntryView View(RiskFundEntry e) =>
        new(e.Id, e.Kind, RiskFundNames.Of(e.Kind), e.On, e.LoanNumber, e.Total, e.FundPart, e.BankPart, e.FundEffect, e.Note);

    private async Task SaveOnceAsync(string code, string message, string field, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException(code, message, field);
        }
    }

    private string County() => db.Access.Scope.Kind == Core.Areas.ScopeKind.County && db.Access.Scope.CountyCode is { Length: > 0 } county
        ? county
        : throw new ConflictException("riskfund.scope", "风险补偿金按县管理，须由县级或银行用户办理。", "bankCode");

    private string Bank(string? code, Validation v)
    {
        var bank = db.Access.Role == Role.BankOfficer ? db.Access.BankCode : code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(bank) || bank.Length > 30)
        {
            v.Add("bankCode", "请选择银行。");
        }
        return bank ?? "";
    }
}
