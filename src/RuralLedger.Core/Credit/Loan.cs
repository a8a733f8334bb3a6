using System.Globalization;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Credit;

public readonly record struct LoanId(long Value) : IComparable<LoanId>
{
    public int CompareTo(LoanId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where a loan stands. Overdue is not stored: it follows from the date (<see cref="Loan.StateOn"/>).</summary>
public enum LoanStatus
{
    Applied = 1,          // 已申请，待村审核
    VillageReviewed = 2,  // 村已审核，待乡镇审核
    TownshipReviewed = 3, // 乡镇已审核，待县审核
    CountyReviewed = 4,   // 县已审核，待银行审批
    Approved = 5,         // 银行已审批，待发放
    Declined = 6,         // 银行不予贷款
    Rejected = 7,         // 审核未通过（村、乡镇或县退回）
    Active = 8,           // 已发放，正常还款
    Extended = 9,         // 已展期
    Repaid = 10,          // 已结清
    WrittenOff = 11,      // 已核销
}

/// <summary>The state a page shows: the stored status, with an active or extended loan that has a past-due instalment shown as overdue.</summary>
public enum LoanState
{
    Applied = 1,
    VillageReviewed = 2,
    TownshipReviewed = 3,
    CountyReviewed = 4,
    Approved = 5,
    Declined = 6,
    Rejected = 7,
    Active = 8,
    Extended = 9,
    Repaid = 10,
    WrittenOff = 11,
    Overdue = 12,
}

public enum LoanStepKind
{
    Application = 1,   // 申请
    VillageReview = 2, // 村审核
    TownshipReview = 3, // 乡镇审核
    CountyReview = 4,  // 县审核
    BankDecision = 5,  // 银行审批
    Disbursement = 6,  // 发放
    Extension = 7,     // 展期
    WriteOff = 8,      // 核销
    Settlement = 9,    // 结清
    Import = 10,       // 存量导入
}

public static class CreditNames
{
    public static string Of(LoanState s) => s switch
    {
        LoanState.Applied => "待村审核",
        LoanState.VillageReviewed => "待乡镇审核",
        LoanState.TownshipReviewed => "待县审核",
        LoanState.CountyReviewed => "待银行审批",
        LoanState.Approved => "待发放",
        LoanState.Declined => "银行不予贷款",
        LoanState.Rejected => "审核未通过",
        LoanState.Active => "正常",
        LoanState.Extended => "已展期",
        LoanState.Repaid => "已结清",
        LoanState.WrittenOff => "已核销",
        LoanState.Overdue => "逾期",
    };

    public static string Of(LoanStatus s) => Of((LoanState)(int)s);

    public static string Of(LoanStepKind k) => k switch
    {
        LoanStepKind.Application => "申请",
        LoanStepKind.VillageReview => "村审核",
        LoanStepKind.TownshipReview => "乡镇审核",
        LoanStepKind.CountyReview => "县审核",
        LoanStepKind.BankDecision => "银行审批",
        LoanStepKind.Disbursement => "发放",
        LoanStepKind.Extension => "展期",
        LoanStepKind.WriteOff => "核销",
        LoanStepKind.Settlement => "结清",
        LoanStepKind.Import => "存量导入",
    };
}

/// <summary>
/// A microcredit loan (小额信贷) to a member of a registered or monitored household, from application through the
/// village, township and county reviews and the bank's decision to disbursement, repayment, extension and write-off.
/// Each step is a <see cref="LoanStep"/>; a step out of order is refused with a named code. Scoped by the household's
/// place and by the lending bank.
/// </summary>
public sealed partial class Loan : IAreaScoped, IBankScoped
{
    public const int MaxPurposeDetail = 200;

    private readonly List<LoanStep> _steps = [];
    private readonly List<LoanInstalment> _instalments = [];

    private Loan()
    {
        Number = "";
        CountyCode = "";
        HouseholdNo = "";
        BorrowerName = "";
        BankCode = "";
        BankName = "";
        Programme = "";
        Purpose = "";
    }

    public LoanId Id { get; private set; }

    /// <summary>XD&lt;county&gt;-&lt;year&gt;-00001, unique.</summary>
    public string Number { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public MemberId BorrowerId { get; private set; }

    public string BorrowerName { get; private set; }

    public int BorrowerAge { get; private set; }

    public string BankCode { get; private set; }

    public string BankName { get; private set; }

    /// <summary>The policy version the application was judged by; every later rule of this loan reads it.</summary>
    public CreditPolicyId PolicyId { get; private set; }

    public string Programme { get; private set; }

    public DateOnly AppliedOn { get; private set; }

    /// <summary>The household's signature on the application (户签字日期).</summary>
    public DateOnly SignedOn { get; private set; }

    public Money Amount { get; private set; }

    public int TermMonths { get; private set; }

    public RepaymentMethod Method { get; private set; }

    /// <summary>The declared use, one of the policy's allowed uses; the usage inspections of the supervision module check it.</summary>
    public string Purpose { get; private set; }

    public string? PurposeDetail { get; private set; }

    public LoanId? RenewalOfId { get; private set; }

    /// <summary>The bank's own contract number of a loan imported from its sheet; unique per bank, so a sheet imported again adds nothing.</summary>
    public string? BankContractNumber { get; private set; }

    /// <summary>How many renewals (续贷) precede this loan in its chain.</summary>
    public int RenewalCount { get; private set; }

    public LoanStatus Status { get; private set; }

    public Rate? AnnualRate { get; private set; }

    /// <summary>The LPR of the term on the decision date: the rate's ceiling, kept with the decision.</summary>
    public Rate? LprCeiling { get; private set; }

    public DateOnly? DecidedOn { get; private set; }

    public DateOnly? DisbursedOn { get; private set; }

    public Money DisbursedAmount { get; private set; }

    public byte[]? AccountCipher { get; private set; }

    public byte[]? AccountHash { get; private set; }

    public string? AccountMasked { get; private set; }

    public DateOnly? MaturityOn { get; private set; }

    public DateOnly? OriginalMaturityOn { get; private set; }

    public int ExtensionCount { get; private set; }

    public Money PrincipalRepaid { get; private set; }

    public Money InterestRepaid { get; private set; }

    public DateOnly? ClosedOn { get; private set; }

    /// <summary>Optimistic concurrency: a second click on the same step finds the version moved on.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<LoanStep> Steps => _steps;

    public IReadOnlyList<LoanInstalment> Instalments => _instalments;

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    public Money PrincipalOutstanding => DisbursedAmount - PrincipalRepaid;

    public IEnumerable<LoanInstalment> Schedule => _instalments.Where(i => !i.Superseded).OrderBy(i => i.DueOn).ThenBy(i => i.Seq);

    public LoanState StateOn(DateOnly asOf) =>
        Status is LoanStatus.Active or LoanStatus.Extended && Schedule.Any(i => i.DaysOverdue(asOf) > 0) ? LoanState.Overdue : (LoanState)(int)Status;

    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return birth.AddYears(age) > on ? age - 1 : age;
    }

    /// <summary>Pays the loan out to the borrower's account and derives the schedule from that day.</summary>
    public void Disburse(DateOnly on, Money amount, byte[] accountCipher, byte[] accountHash, string accountMasked, CreditPolicyVersion policy, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ExpectStatus(LoanStatus.Approved, "发放");
        if (amount <= Money.Zero || amount > Amount)
        {
            throw new DomainException(LoanErrors.DisbursedAmount, $"发放金额应大于 0 且不超过申请金额 {Amount}。", "amount");
        }
        NotBefore(on, DecidedOn!.Value, "on");
        DisbursedOn = on;
        DisbursedAmount = amount;
        AccountCipher = accountCipher;
        AccountHash = accountHash;
        AccountMasked = accountMasked;
        MaturityOn = OriginalMaturityOn = on.AddMonths(TermMonths);
        foreach (var line in LoanSchedule.Generate(Method, amount, AnnualRate!.Value, on, on, MaturityOn.Value, policy.DayCountBasis))
        {
            _instalments.Add(new LoanInstalment(line));
        }
        Status = LoanStatus.Active;
        AddStep(LoanStepKind.Disbursement, Role.BankOfficer, on, by, ApprovalDecision.Approved, $"发放 {amount}，到期日 {BusinessCalendar.Format(MaturityOn.Value)}", at);
    }

    /// <summary>Applies a repayment as the bank booked it (<see cref="RepaymentAllocation"/>) and settles the loan when nothing is left.</summary>
    public RepaymentSplit Repay(DateOnly paidOn, Money principal, Money interest, string by, DateTimeOffset at)
    {
        var schedule = Schedule.ToList();
        var split = Allocate(Number, Status, DisbursedOn, schedule, PrincipalOutstanding, paidOn, principal, interest);
        PrincipalRepaid += principal;
        InterestRepaid += interest;
        if (schedule.All(i => i.Outstanding == Money.Zero))
        {
            Status = LoanStatus.Repaid;
            ClosedOn = paidOn;
            AddStep(LoanStepKind.Settlement, null, paidOn, by, ApprovalDecision.Approved, SettlementOpinion, at);
        }
        Version++;
        return split;
    }

    internal const string SettlementOpinion = "本息结清";

    /// <summary>
    /// The rules of a repayment, for a whole loan (<see cref="Repay"/>) and for the open part a bank file reads
    /// (<see cref="RepayingLoan"/>): only a disbursed, open loan, not before disbursement, then the allocation. Lines
    /// paid in full, interest included, may be left out of <paramref name="schedule"/>: nothing of a repayment reaches them (a
    /// paid line without interest still can: an early settlement supersedes it).
    /// </summary>
    internal static RepaymentSplit Allocate(string number, LoanStatus status, DateOnly? disbursedOn, IReadOnlyList<LoanInstalment> schedule, Money principalOutstanding,
        DateOnly paidOn, Money principal, Money interest)
    {
        if (status is LoanStatus.Repaid or LoanStatus.WrittenOff or LoanStatus.Declined or LoanStatus.Rejected)
        {
            throw new ConflictException(LoanErrors.Closed, $"贷款 {number} {CreditNames.Of(status)}，不能再登记还款。", "loanNumber");
        }
        if (status is not (LoanStatus.Active or LoanStatus.Extended))
        {
            throw new ConflictException(LoanErrors.NotDisbursed, $"贷款 {number} 尚未发放，不能登记还款。", "loanNumber");
        }
        if (paidOn < disbursedOn!.Value)
        {
            throw new DomainException(LoanErrors.BeforeDisbursement, $"还款日期不能早于发放日 {BusinessCalendar.Format(disbursedOn.Value)}。", "paidOn");
        }
        return RepaymentAllocation.Apply(schedule, principalOutstanding, paidOn, principal, interest);
    }

    /// <summary>
    /// 展期: at most the policy's number of times and months. Instalments due from the extension day on are replaced by
    /// a schedule of the remaining principal from the last due date before it to the new maturity.
    /// </summary>
    public void Extend(DateOnly on, int months, CreditPolicyVersion policy, string by, string? reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Status is not (LoanStatus.Active or LoanStatus.Extended))
        {
            throw new ConflictException(LoanErrors.WrongStep, $"贷款{CreditNames.Of(Status)}，不能展期。", "status");
        }
        if (ExtensionCount >= policy.ExtensionMaxCount)
        {
            throw new ConflictException(LoanErrors.ExtensionLimit, $"贷款已展期 {ExtensionCount} 次，按政策最多展期 {policy.ExtensionMaxCount} 次。", "status");
        }
        if (months < 1 || months > policy.ExtensionMaxMonths)
        {
            throw new DomainException(LoanErrors.ExtensionMonths, $"展期期限应为 1–{policy.ExtensionMaxMonths} 个月。", "months");
        }
        if (on < DisbursedOn!.Value || on > MaturityOn!.Value)
        {
            throw new DomainException(LoanErrors.ExtensionDate, $"展期应在发放日至到期日 {BusinessCalendar.Format(MaturityOn!.Value)} 之间办理。", "on");
        }
        var why = Reason(reason);
        var replaced = Schedule.Where(i => i.DueOn >= on).ToList();
        if (replaced.Any(i => i.PrincipalPaid > Money.Zero || i.InterestPaid > Money.Zero))
        {
            throw new ConflictException(LoanErrors.ExtensionPaid, "展期日之后的还款期已有还款，请核对展期日期。", "on");
        }
        var start = Schedule.Where(i => i.DueOn < on).Select(i => (DateOnly?)i.DueOn).Max() ?? DisbursedOn.Value;
        var newMaturity = MaturityOn.Value.AddMonths(months);
        foreach (var line in replaced)
        {
            line.Supersede();
        }
        var firstSeq = _instalments.Max(i => i.Seq) + 1;
        foreach (var line in LoanSchedule.Generate(Method, PrincipalOutstanding, AnnualRate!.Value, DisbursedOn.Value, start, newMaturity, policy.DayCountBasis, firstSeq))
        {
            _instalments.Add(new LoanInstalment(line));
        }
        MaturityOn = newMaturity;
        ExtensionCount++;
        Status = LoanStatus.Extended;
        AddStep(LoanStepKind.Extension, Role.BankOfficer, on, by, ApprovalDecision.Approved,
            $"展期 {months} 个月，新到期日 {BusinessCalendar.Format(newMaturity)}：{why}", at);
    }

    /// <summary>核销: an unrecoverable loan leaves the active book; the reason is kept.</summary>
    public void WriteOff(DateOnly on, Role role, string by, string? reason, DateTimeOffset at)
    {
        if (Status is not (LoanStatus.Active or LoanStatus.Extended))
        {
            throw new ConflictException(LoanErrors.WrongStep, $"贷款{CreditNames.Of(Status)}，不能核销。", "status");
        }
        var why = Reason(reason);
        NotBefore(on, DisbursedOn!.Value, "on");
        Status = LoanStatus.WrittenOff;
        ClosedOn = on;
        AddStep(LoanStepKind.WriteOff, role, on, by, ApprovalDecision.Approved, why, at);
    }

    /// <summary>
    /// 存量贷款: a loan the bank disbursed before the county kept its loans here, entered as active from the bank's sheet.
    /// It is held to the policy in force on its disbursement day (cap, longest term). The schedule is what is left to
    /// pay: the outstanding principal from the last due date before the import day to maturity, as an extension
    /// re-derives it; the principal repaid before the import is the amount less the outstanding.
    /// </summary>
    public static Loan Imported(string number, Household household, Member borrower, CreditPolicyVersion policy, ImportedLoanTerms terms, DateOnly importedOn,
        string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(borrower);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(terms);
        if (!household.Members.Contains(borrower))
        {
            throw new DomainException(LoanErrors.Borrower, $"{borrower.Name} 不是户 {household.HouseholdNo} 的家庭成员。", "citizenId");
        }
        if (policy.EffectiveFrom > terms.DisbursedOn)
        {
            throw new InvalidOperationException("The policy must be the version in force on the disbursement date.");
        }
        if (terms.Programme is { Length: > 0 } programme && programme != policy.Programme)
        {
            throw new DomainException(LoanErrors.Programme, $"{BusinessCalendar.Format(terms.DisbursedOn)} 适用的是{policy.Programme}，不是{programme}。", "programme");
        }
        if (terms.Amount <= Money.Zero || terms.Amount > policy.MaxAmount)
        {
            throw new DomainException(LoanErrors.OverLimit, $"贷款金额应大于 0 且不超过{policy.Programme}单户最高额度 {policy.MaxAmount}。", "amount");
        }
        if (terms.TermMonths < 1 || terms.TermMonths > policy.MaxTermMonths)
        {
            throw new DomainException(LoanErrors.Term, $"贷款期限应为 1–{policy.MaxTermMonths} 个月。", "termMonths");
        }
        if (terms.DisbursedOn > importedOn)
        {
            throw new DomainException(LoanErrors.DateOrder, "发放日期不能晚于导入日。", "disbursedOn");
        }
        var maturity = terms.DisbursedOn.AddMonths(terms.TermMonths);
        if (terms.MaturityOn is { } stated && stated != maturity)
        {
            throw new DomainException(LoanErrors.DateOrder, $"到期日期应为发放日加期限：{BusinessCalendar.Format(maturity)}。", "maturityOn");
        }
        if (maturity <= importedOn)
        {
            throw new DomainException(LoanErrors.ImportMatured, "贷款已到期，存量导入只收未到期的贷款；逾期的请先在银行处置。", "maturityOn");
        }
        if (terms.Outstanding <= Money.Zero || terms.Outstanding > terms.Amount)
        {
            throw new DomainException(LoanErrors.ImportOutstanding, $"剩余本金应大于 0 且不超过贷款金额 {terms.Amount}（已结清的贷款无需导入）。", "outstanding");
        }
        var purpose = (terms.Purpose ?? "").Trim();
        if (policy.ProhibitedUseList.Contains(purpose))
        {
            throw new DomainException(LoanErrors.ProhibitedUse, $"贷款不得用于{purpose}（户借户用户还）。", "purpose");
        }
        if (!policy.AllowedUseList.Contains(purpose))
        {
            throw new DomainException(LoanErrors.UnknownUse, $"贷款用途应为：{string.Join("、", policy.AllowedUseList)}。", "purpose");
        }
        var loan = new Loan
        {
            Number = number,
            CountyCode = household.CountyCode,
            TownshipCode = household.TownshipCode,
            VillageCode = household.VillageCode,
            HouseholdId = household.Id,
            HouseholdNo = household.HouseholdNo,
            BorrowerId = borrower.Id,
            BorrowerName = borrower.Name,
            BorrowerAge = AgeOn(borrower.BirthDate, terms.DisbursedOn),
            BankCode = terms.BankCode.Trim().ToUpperInvariant(),
            BankName = terms.BankName.Trim(),
            BankContractNumber = terms.BankContractNumber.Trim(),
            PolicyId = policy.Id,
            Programme = policy.Programme,
            AppliedOn = terms.DisbursedOn,
            SignedOn = terms.DisbursedOn,
            Amount = terms.Amount,
            TermMonths = terms.TermMonths,
            Method = terms.Method,
            Purpose = purpose,
            Status = LoanStatus.Active,
            AnnualRate = terms.Rate,
            DecidedOn = terms.DisbursedOn,
            DisbursedOn = terms.DisbursedOn,
            DisbursedAmount = terms.Amount,
            MaturityOn = maturity,
            OriginalMaturityOn = maturity,
            PrincipalRepaid = terms.Amount - terms.Outstanding,
        };
        var start = LoanSchedule.DueDates(terms.DisbursedOn, terms.DisbursedOn, maturity, LoanSchedule.StepMonths(terms.Method)).Where(d => d < importedOn)
            .Select(d => (DateOnly?)d).Max() ?? terms.DisbursedOn;
        foreach (var line in LoanSchedule.Generate(terms.Method, terms.Outstanding, terms.Rate, terms.DisbursedOn, start, maturity, policy.DayCountBasis))
        {
            loan._instalments.Add(new LoanInstalment(line));
        }
        loan.AddStep(LoanStepKind.Import, Role.BankOfficer, importedOn, by, ApprovalDecision.Approved,
            $"银行合同号 {loan.BankContractNumber}，发放 {terms.Amount}，导入日剩余本金 {terms.Outstanding}", at);
        return loan;
    }

    /// <summary>Irreversible steps (extension, write-off) say why.</summary>
    private static string Reason(string? reason)
    {
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
        {
            throw new DomainException(LoanErrors.ReasonRequired, "请说明理由。", "reason");
        }
        if (text.Length > ApprovalStep.MaxOpinion)
        {
            throw new DomainException(LoanErrors.ReasonRequired, $"理由不超过 {ApprovalStep.MaxOpinion} 个字。", "reason");
        }
        return text;
    }

    private void ExpectStatus(LoanStatus expected, string step)
    {
        if (Status != expected)
        {
            throw new ConflictException(LoanErrors.WrongStep, $"贷款{CreditNames.Of(Status)}，不能{step}。", "status");
        }
    }

    private static void NotBefore(DateOnly on, DateOnly previous, string field)
    {
        if (on < previous)
        {
            throw new DomainException(LoanErrors.DateOrder, $"日期不能早于上一环节的 {BusinessCalendar.Format(previous)}。", field);
        }
    }

    private void AddStep(LoanStepKind kind, Role? role, DateOnly on, string by, ApprovalDecision decision, string? opinion, DateTimeOffset at)
    {
        _steps.Add(new LoanStep(_steps.Count + 1, kind, role, on, by, decision, opinion, at));
        Version++;
    }
}

/// <summary>How a repayment was applied: its interest split into on-time (subsidised) and late.</summary>
public sealed record RepaymentSplit(Money Principal, Money Interest, Money InterestOnTime, Money InterestLate);

/// <summary>A row of a bank's sheet of existing loans, as <see cref="Loan.Imported"/> takes it.</summary>
public sealed record ImportedLoanTerms(string BankCode, string BankName, string BankContractNumber, Money Amount, Rate Rate, int TermMonths, RepaymentMethod Method,
    DateOnly DisbursedOn, DateOnly? MaturityOn, string? Programme, string Purpose, Money Outstanding);
