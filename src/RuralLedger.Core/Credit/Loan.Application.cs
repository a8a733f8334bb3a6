using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Credit;

/// <summary>One step of a loan's life: who, in which role, on which day, what was decided and why.</summary>
public sealed class LoanStep
{
    private LoanStep()
    {
        By = "";
    }

    internal LoanStep(int seq, LoanStepKind kind, Role? role, DateOnly on, string by, ApprovalDecision decision, string? opinion, DateTimeOffset at)
    {
        Seq = seq;
        Kind = kind;
        Role = role;
        On = on;
        By = by;
        Decision = decision;
        Opinion = opinion;
        At = at;
    }

    public long Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public int Seq { get; private set; }

    public LoanStepKind Kind { get; private set; }

    public Role? Role { get; private set; }

    public DateOnly On { get; private set; }

    public string By { get; private set; }

    public ApprovalDecision Decision { get; private set; }

    public string? Opinion { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>What a borrower applies for: amount, term, method and the declared use (户借户用户还).</summary>
public sealed record LoanRequest(Money Amount, int TermMonths, RepaymentMethod Method, string Purpose, string? PurposeDetail, DateOnly AppliedOn,
    DateOnly SignedOn, string BankCode, string BankName);

/// <summary>The application and its reviews: filing, the village, township and county reviews, the bank's decision.</summary>
public sealed partial class Loan
{
    /// <summary>Files an application, judged by <paramref name="policy"/>, the version in force on the application date.</summary>
    public Loan(string number, Household household, Member borrower, PovertyStatus? statusOnApplication, CreditPolicyVersion policy, LoanRequest request,
        Loan? renewalOf, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(borrower);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        if (!household.Members.Contains(borrower))
        {
            throw new DomainException(LoanErrors.Borrower, $"{borrower.Name} 不是户 {household.HouseholdNo} 的家庭成员。", "memberId");
        }
        if (policy.EffectiveFrom > request.AppliedOn)
        {
            throw new InvalidOperationException("The policy must be the version in force on the application date.");
        }
        var v = new Validation();
        if (request.Amount <= Money.Zero)
        {
            v.Add("amount", "申请金额应大于 0。");
        }
        else if (request.Amount > policy.MaxAmount)
        {
            throw new DomainException(LoanErrors.OverLimit,
                $"申请金额 {request.Amount} 超过{policy.Programme}单户最高额度 {policy.MaxAmount}（{BusinessCalendar.Format(request.AppliedOn)} 适用的政策）。", "amount");
        }
        if (request.TermMonths < 1 || request.TermMonths > policy.MaxTermMonths)
        {
            throw new DomainException(LoanErrors.Term, $"贷款期限应为 1–{policy.MaxTermMonths} 个月。", "termMonths");
        }
        if (!Enum.IsDefined(request.Method))
        {
            v.Add("method", "还款方式不是可选的值。");
        }
        var age = AgeOn(borrower.BirthDate, request.AppliedOn);
        if (age < policy.MinAge || age > policy.MaxAge)
        {
            throw new DomainException(LoanErrors.Age, $"借款人申请日年龄 {age} 岁，不在 {policy.MinAge}–{policy.MaxAge} 周岁之间。", "memberId");
        }
        if (statusOnApplication is not { } status || !policy.EligibleStatusList.Contains(status))
        {
            throw new DomainException(LoanErrors.NotEligible, $"户 {household.HouseholdNo} 在申请日不是脱贫户、未脱贫户或监测对象，不能申请{policy.Programme}。", "householdNo");
        }
        var purpose = (request.Purpose ?? "").Trim();
        if (policy.ProhibitedUseList.Contains(purpose))
        {
            throw new DomainException(LoanErrors.ProhibitedUse, $"贷款不得用于{purpose}（户借户用户还）。", "purpose");
        }
        if (!policy.AllowedUseList.Contains(purpose))
        {
            throw new DomainException(LoanErrors.UnknownUse, $"贷款用途应为：{string.Join("、", policy.AllowedUseList)}。", "purpose");
        }
        var detail = (request.PurposeDetail ?? "").Trim();
        if (detail.Length > MaxPurposeDetail)
        {
            v.Add("purposeDetail", $"用途说明不超过 {MaxPurposeDetail} 个字。");
        }
        if (request.SignedOn > request.AppliedOn || request.SignedOn < request.AppliedOn.AddDays(-90))
        {
            v.Add("signedOn", "户签字日期应在申请日前 90 天之内，且不晚于申请日。");
        }
        if (string.IsNullOrWhiteSpace(request.BankCode) || string.IsNullOrWhiteSpace(request.BankName))
        {
            v.Add("bankCode", "请选择放贷银行。");
        }
        if (renewalOf is not null)
        {
            if (renewalOf.Status != LoanStatus.Repaid || renewalOf.HouseholdId != household.Id)
            {
                throw new DomainException(LoanErrors.Renewal, $"续贷须以本户已结清的贷款为前提（{renewalOf.Number} 未结清或不属于本户）。", "renewalOf");
            }
            if (renewalOf.RenewalCount + 1 > policy.RenewalMaxCount)
            {
                throw new DomainException(LoanErrors.Renewal, $"续贷最多 {policy.RenewalMaxCount} 次。", "renewalOf");
            }
        }
        v.ThrowIfAny();

        Number = number;
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        BorrowerId = borrower.Id;
        BorrowerName = borrower.Name;
        BorrowerAge = age;
        BankCode = request.BankCode.Trim().ToUpperInvariant();
        BankName = request.BankName.Trim();
        PolicyId = policy.Id;
        Programme = policy.Programme;
        AppliedOn = request.AppliedOn;
        SignedOn = request.SignedOn;
        Amount = request.Amount;
        TermMonths = request.TermMonths;
        Method = request.Method;
        Purpose = purpose;
        PurposeDetail = detail.Length == 0 ? null : detail;
        RenewalOfId = renewalOf?.Id;
        RenewalCount = renewalOf is null ? 0 : renewalOf.RenewalCount + 1;
        Status = LoanStatus.Applied;
        AddStep(LoanStepKind.Application, Role.VillageOfficer, request.AppliedOn, by, ApprovalDecision.Approved, null, at);
    }

    /// <summary>村、乡镇、县 review in that order; the level follows from the status, the role must match it.</summary>
    public void Review(ApprovalStep step, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (expected, kind, next) = Status switch
        {
            LoanStatus.Applied => (Role.VillageOfficer, LoanStepKind.VillageReview, LoanStatus.VillageReviewed),
            LoanStatus.VillageReviewed => (Role.TownshipOfficer, LoanStepKind.TownshipReview, LoanStatus.TownshipReviewed),
            LoanStatus.TownshipReviewed => (Role.CountyStaff, LoanStepKind.CountyReview, LoanStatus.CountyReviewed),
            _ => throw new ConflictException(LoanErrors.WrongStep, $"贷款{CreditNames.Of(Status)}，不在审核环节。", "status"),
        };
        var county = expected == Role.CountyStaff && step.Role is Role.CountyAdmin or Role.CountyStaff;
        if (step.Role != expected && !county)
        {
            throw new ConflictException(LoanErrors.WrongRole, $"贷款{CreditNames.Of(Status)}，应由{Roles.DisplayName(expected)}审核。", "status");
        }
        NotBefore(step.On, Steps[^1].On, "on");
        AddStep(kind, step.Role, step.On, step.By, step.Decision, step.Opinion, at);
        Status = step.Decision == ApprovalDecision.Approved ? next : LoanStatus.Rejected;
    }

    /// <summary>The bank approves with a rate not above the LPR of the term and a term within the policy.</summary>
    public void Approve(Rate rate, int termMonths, LprQuote lpr, CreditPolicyVersion policy, DateOnly on, string by, string? opinion, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lpr);
        ArgumentNullException.ThrowIfNull(policy);
        ExpectStatus(LoanStatus.CountyReviewed, "银行审批");
        if (termMonths < 1 || termMonths > policy.MaxTermMonths)
        {
            throw new DomainException(LoanErrors.Term, $"贷款期限应为 1–{policy.MaxTermMonths} 个月。", "termMonths");
        }
        var ceiling = lpr.ForTerm(termMonths);
        if (rate <= Rate.Zero || rate > ceiling)
        {
            throw new DomainException(LoanErrors.RateCeiling,
                $"年利率应大于 0 且不高于 {BusinessCalendar.Format(lpr.EffectiveOn)} 公布的同期限 LPR {ceiling}。", "rate");
        }
        NotBefore(on, Steps[^1].On, "on");
        var step = ApprovalStep.Approve(Role.BankOfficer, on, by, opinion);
        AnnualRate = rate;
        LprCeiling = ceiling;
        TermMonths = termMonths;
        DecidedOn = on;
        Status = LoanStatus.Approved;
        AddStep(LoanStepKind.BankDecision, Role.BankOfficer, on, by, ApprovalDecision.Approved, step.Opinion ?? $"年利率 {rate}，期限 {termMonths} 个月", at);
    }

    public void Decline(DateOnly on, string by, string? reason, DateTimeOffset at)
    {
        ExpectStatus(LoanStatus.CountyReviewed, "银行审批");
        NotBefore(on, Steps[^1].On, "on");
        var step = ApprovalStep.Reject(Role.BankOfficer, on, by, reason);
        DecidedOn = on;
        Status = LoanStatus.Declined;
        AddStep(LoanStepKind.BankDecision, Role.BankOfficer, on, by, ApprovalDecision.Rejected, step.Opinion, at);
    }
}
