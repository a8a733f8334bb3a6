using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>
/// An application: the household by number, the borrower by member id or name, amount in yuan, term in months,
/// repayment method, the declared use (one of the policy's uses), the application and household-signature dates and
/// the lending bank (its organisation code and name). <c>renewalOf</c> names a repaid loan this one renews (续贷).
/// </summary>
public sealed record LoanApplicationInput(string? HouseholdNo, long? MemberId, string? MemberName, Money? Amount, int? TermMonths, RepaymentMethod? Method,
    string? Purpose, string? PurposeDetail, DateOnly? AppliedOn, DateOnly? SignedOn, string? BankCode, string? BankName, string? RenewalOf);

/// <summary>A review by the village, township or county: which one follows from the loan's status and the caller's role.</summary>
public sealed record LoanReviewInput(bool Approve, string? Opinion, DateOnly? On, int? Version);

/// <summary>The bank's decision: approve with the annual rate (percent, not above the LPR of the term) and term, or decline with a reason.</summary>
public sealed record LoanDecisionInput(bool Approve, Rate? Rate, int? TermMonths, string? Reason, DateOnly? On, int? Version);

public sealed record LoanDisbursementInput(DateOnly? On, Money? Amount, string? Account, int? Version);

/// <summary>A repayment as the bank booked it, with who paid from which account.</summary>
public sealed record LoanRepaymentInput(DateOnly? PaidOn, Money? Principal, Money? Interest, string? PayerName, string? PayerAccount);

public sealed record LoanExtensionInput(DateOnly? On, int? Months, string? Reason, int? Version);

public sealed record LoanWriteOffInput(DateOnly? On, string? Reason, int? Version);

/// <summary>What a repayment did: its interest on time (subsidised) and late, and the loan's state after it.</summary>
public sealed record RepaymentRecorded(long Id, Money InterestOnTime, Money InterestLate, LoanStatus Status);

/// <summary>
/// 小额信贷: the application and every later step of a loan. Loans are read through the scoped context, so a loan of
/// another village, or (for a bank officer) of another bank, is "not found". Each step carries the version the user
/// read; the loan's version is the concurrency token, so two clicks approve once.
/// </summary>
public sealed class LoanCommands(RuralDbContext db, PersonalDataVault vault, TimeProvider clock)
{
    private static readonly Versions Versions = new("loans", "该贷款");

    public async Task<long> ApplyAsync(LoanApplicationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var householdNo = input.HouseholdNo?.Trim();
        if (string.IsNullOrEmpty(householdNo))
        {
            v.Add("householdNo", "请填写户编号。");
        }
        var amount = v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "申请金额"));
        if (input.TermMonths is null)
        {
            v.Add("termMonths", "贷款期限不能为空。");
        }
        var method = input.Method is { } m ? v.Try("method", () => Inputs.Defined(m, "method", "还款方式")) : RepaymentMethod.QuarterlyInterestBullet;
        var appliedOn = v.Try("appliedOn", () => Inputs.Plausible(Inputs.NotAfterToday(input.AppliedOn, today, "appliedOn", "申请日期"), "appliedOn", "申请日期"));
        if (string.IsNullOrWhiteSpace(input.Purpose))
        {
            v.Add("purpose", "请选择贷款用途。");
        }
        if (string.IsNullOrWhiteSpace(input.BankCode) || string.IsNullOrWhiteSpace(input.BankName) || input.BankCode.Trim().Length > 30 || input.BankName.Trim().Length > 60)
        {
            v.Add("bankCode", "请选择放贷银行（机构代码不超过 30 位，名称不超过 60 字）。");
        }
        v.ThrowIfAny();

        var household = await db.Households.Include(h => h.Members).Include(h => h.StatusHistory)
            .Where(h => h.HouseholdNo == householdNo).OrderBy(h => h.CountyCode).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("loans.household_not_found", $"户编号 {householdNo} 不存在或不在您的权限范围内（须为已登记的户）。", "householdNo");
        var borrower = Borrower(household, input);
        await CreditReference.EnsureAsync(db, household.CountyCode, clock.GetUtcNow(), ct);
        var policy = await PolicyOnAsync(household.CountyCode, appliedOn, ct);
        Loan? renewed = null;
        if (!string.IsNullOrWhiteSpace(input.RenewalOf))
        {
            var number = input.RenewalOf.Trim();
            renewed = await db.Loans.AsNoTracking().FirstOrDefaultAsync(l => l.Number == number, ct)
                ?? throw new DomainException(LoanErrors.Renewal, $"续贷所依据的贷款 {number} 不存在或不在您的权限范围内。", "renewalOf");
        }
        var request = new LoanRequest(amount, input.TermMonths!.Value, method, input.Purpose!, input.PurposeDetail, appliedOn, input.SignedOn ?? appliedOn,
            input.BankCode!, input.BankName!);
        var status = household.StatusOn(appliedOn, clock.GetUtcNow());

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var loan = new Loan(await LoanNumbers.NextAsync(db, household.CountyCode, appliedOn.Year, ct), household, borrower, status, policy, request, renewed,
            db.Access.ActorName, clock.GetUtcNow());
        db.Loans.Add(loan);
        await Versions.SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        return loan.Id.Value;
    }

    public async Task ReviewAsync(long id, LoanReviewInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        Versions.Expect(loan.Version, input.Version);
        var role = db.Access.Role ?? throw new ConflictException(LoanErrors.WrongRole, "请先登录。", "status");
        var on = StepDate(input.On);
        var step = input.Approve
            ? ApprovalStep.Approve(role, on, db.Access.ActorName, input.Opinion)
            : ApprovalStep.Reject(role, on, db.Access.ActorName, input.Opinion);
        loan.Review(step, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    public async Task DecideAsync(long id, LoanDecisionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        Versions.Expect(loan.Version, input.Version);
        var on = StepDate(input.On);
        if (input.Approve)
        {
            var v = new Validation();
            var rate = v.Try("rate", () => input.Rate ?? throw new DomainException("input.required", "年利率不能为空。", "rate"));
            if (input.TermMonths is null)
            {
                v.Add("termMonths", "贷款期限不能为空。");
            }
            v.ThrowIfAny();
            var lpr = LprQuote.InForce(await db.LprQuotes.AsNoTracking().ToListAsync(ct), on)
                ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(on)} 没有可用的 LPR 报价，请先维护 LPR。", "on");
            var leverageWarning = await Usage.RiskFundLedger.CheckLeverageAsync(db, loan, on, ct);
            loan.Approve(rate, input.TermMonths!.Value, lpr, await PolicyOfAsync(loan, ct), on, db.Access.ActorName, leverageWarning, clock.GetUtcNow());
        }
        else
        {
            loan.Decline(on, db.Access.ActorName, input.Reason, clock.GetUtcNow());
        }
        await Versions.SaveAsync(db, ct);
    }

    public async Task DisburseAsync(long id, LoanDisbursementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        Versions.Expect(loan.Version, input.Version);
        var v = new Validation();
        var on = v.Try("on", () => StepDate(input.On));
        var amount = input.Amount ?? loan.Amount;
        var account = Account(input.Account, v, "account", "收款账号");
        v.ThrowIfAny();
        loan.Disburse(on, amount, vault.Encrypt(account), vault.LookupHash(account), Repayment.Mask(account), await PolicyOfAsync(loan, ct),
            db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    public async Task<RepaymentRecorded> RepayAsync(long id, LoanRepaymentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        var repayment = Repay(loan, input, RepaymentSource.Entered, out _);
        db.Repayments.Add(repayment);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await SaveRepaymentsAsync(ct);
        // After the save, which updated the loan under its version guard: no other writer can add this loan's links until
        // commit. Should one have anyway, the loan was written meanwhile: the same answer as a stale loan.
        try
        {
            await PayerLinks.RecordAsync(db, [new LoanPayerLink(loan.Id, repayment)], ct);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            throw Versions.Stale();
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return new RepaymentRecorded(repayment.Id.Value, repayment.InterestOnTime, repayment.InterestLate, loan.Status);
    }

    public async Task ExtendAsync(long id, LoanExtensionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        Versions.Expect(loan.Version, input.Version);
        if (input.Months is null)
        {
            throw new DomainException("input.required", "展期期限不能为空。", "months");
        }
        loan.Extend(StepDate(input.On), input.Months.Value, await PolicyOfAsync(loan, ct), db.Access.ActorName, input.Reason, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    public async Task WriteOffAsync(long id, LoanWriteOffInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loan = await FindAsync(id, ct);
        Versions.Expect(loan.Version, input.Version);
        var on = StepDate(input.On);
        loan.WriteOff(on, db.Access.Role ?? Role.CountyStaff, db.Access.ActorName, input.Reason, clock.GetUtcNow());
        await Usage.RiskFundLedger.ChargeWriteOffAsync(db, loan, on, db.Access.ActorName, clock.GetUtcNow(), ct);
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>
    /// Applies one repayment to a loaded loan and makes its record; shared by the form and the file import. Field
    /// errors name the input's fields; the loan refuses amounts over what is owed and payments out of order.
    /// </summary>
    internal Repayment Repay(Loan loan, LoanRepaymentInput input, RepaymentSource source, out string account)
    {
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var paidOn = v.Try("paidOn", () => Inputs.NotAfterToday(input.PaidOn ?? throw new DomainException("input.required", "还款日期不能为空。", "paidOn"),
            today, "paidOn", "还款日期"));
        var principal = v.Try("principal", () => Inputs.Yuan(input.Principal ?? Money.Zero, "principal", "还款本金"));
        var interest = v.Try("interest", () => Inputs.Yuan(input.Interest ?? Money.Zero, "interest", "还款利息"));
        var payer = (input.PayerName ?? "").Trim();
        if (payer.Length is 0 or > 60)
        {
            v.Add("payerName", "还款人姓名不能为空，且不超过 60 个字。");
        }
        account = Account(input.PayerAccount, v, "payerAccount", "还款账号");
        v.ThrowIfAny();
        var split = loan.Repay(paidOn, principal, interest, db.Access.ActorName, clock.GetUtcNow());
        return new Repayment(loan, paidOn, split, payer, vault.Encrypt(account), vault.LookupHash(account), Repayment.Mask(account), source,
            db.Access.ActorName, clock.GetUtcNow());
    }

    /// <summary>A booking already recorded (same loan, day, principal, interest) is one 409, whoever got there first.</summary>
    internal async Task SaveRepaymentsAsync(CancellationToken ct)
    {
        try
        {
            await Versions.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.repayment_exists", "这笔还款（同一贷款、日期、本金、利息）已经登记过。", "paidOn");
        }
    }

    internal async Task<Loan> FindAsync(long id, CancellationToken ct)
    {
        var loanId = new LoanId(id);
        return await db.Loans.FirstOrDefaultAsync(l => l.Id == loanId, ct)
            ?? throw new NotFoundException("loans.not_found", $"贷款 {id} 不存在或不在您的权限范围内。");
    }

    /// <summary>The version the county had in force on <paramref name="date"/>.</summary>
    internal async Task<CreditPolicyVersion> PolicyOnAsync(string county, DateOnly date, CancellationToken ct) =>
        CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), date)
        ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(date)} 本县没有生效的小额信贷政策。", "appliedOn");

    private async Task<CreditPolicyVersion> PolicyOfAsync(Loan loan, CancellationToken ct) =>
        await db.CreditPolicies.AsNoTracking().FirstAsync(p => p.Id == loan.PolicyId, ct);

    private DateOnly StepDate(DateOnly? on) => Inputs.Plausible(Inputs.NotAfterToday(on, BusinessCalendar.Today(clock), "on", "办理日期"), "on", "办理日期");

    private static string Account(string? text, Validation v, string field, string label)
    {
        var account = (text ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (account.Length is < 8 or > 30 || !account.All(char.IsAsciiDigit))
        {
            v.Add(field, $"{label}应为 8–30 位数字。");
        }
        return account;
    }

    private static Member Borrower(Household household, LoanApplicationInput input)
    {
        if (input.MemberId is { } id)
        {
            return household.Members.FirstOrDefault(m => m.Id.Value == id)
                ?? throw new DomainException(LoanErrors.Borrower, $"所选成员不是户 {household.HouseholdNo} 的家庭成员。", "memberId");
        }
        var name = input.MemberName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return household.Members.FirstOrDefault(m => m.Relation == Relation.Head)
                ?? throw new DomainException(LoanErrors.Borrower, "请选择借款的家庭成员。", "memberName");
        }
        var named = household.Members.Where(m => m.Name == name).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw new DomainException(LoanErrors.Borrower, $"户 {household.HouseholdNo} 没有名为 {name} 的家庭成员。", "memberName"),
            _ => throw new DomainException(LoanErrors.Borrower, $"户 {household.HouseholdNo} 有 {named.Count} 位名为 {name} 的成员，请按成员选择。", "memberName"),
        };
    }
}
