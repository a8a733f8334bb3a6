using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>
/// A loan as a bank's repayment file sees it: its place, status, totals, version and the instalment lines a repayment can
/// still reach, read as plain values rather than the whole <see cref="Loan"/> with its history (a year's file touches
/// 100,000 loans). Repayments go through the same rules as <see cref="Loan.Repay"/>: status, not before disbursement,
/// interest first, no more than is due, settlement when nothing is left.
/// </summary>
public sealed class RepayingLoan
{
    private readonly List<LoanInstalment> _open;

    /// <param name="open">The lines not superseded and not yet paid in full, plus paid lines without interest (see
    /// <see cref="Loan.Allocate"/>); in any order.</param>
    /// <param name="stepCount">How many steps the loan has: a settlement is the next one.</param>
    /// <param name="allLines">False when <paramref name="open"/> is only the lines due by some day, the oldest ones: enough
    /// for repayments that stay within them and don't settle the loan (<see cref="Reaches"/>); such a loan never settles.</param>
    public RepayingLoan(LoanId id, string number, string countyCode, DivisionCode townshipCode, DivisionCode villageCode, string bankCode, LoanStatus status,
        DateOnly? disbursedOn, Money disbursedAmount, Money principalRepaid, Money interestRepaid, int version, int stepCount, IEnumerable<LoanInstalment> open,
        bool allLines = true)
    {
        ArgumentNullException.ThrowIfNull(open);
        Id = id;
        Number = number;
        CountyCode = countyCode;
        TownshipCode = townshipCode;
        VillageCode = villageCode;
        BankCode = bankCode;
        Status = status;
        DisbursedOn = disbursedOn;
        DisbursedAmount = disbursedAmount;
        PrincipalRepaid = principalRepaid;
        InterestRepaid = interestRepaid;
        Version = ReadVersion = version;
        StepCount = stepCount;
        AllLines = allLines;
        _open = [.. open];
        _open.Sort((a, b) => a.DueOn != b.DueOn ? a.DueOn.CompareTo(b.DueOn) : a.Seq.CompareTo(b.Seq));
    }

    /// <summary>
    /// Whether repayments of these totals stay within the lines held, so that the loan's later lines can't change what
    /// they do: interest and principal go to the oldest lines first, the interest-first test looks only at lines due by
    /// the day paid, and only a repayment of all the principal left supersedes lines or settles the loan. Always true
    /// with all lines; with the oldest only, when the totals fit in them and leave principal owed.
    /// </summary>
    public bool Reaches(Money principal, Money interest) =>
        AllLines || (interest <= Money.Sum(_open.Select(i => i.InterestOutstanding)) && principal <= Money.Sum(_open.Select(i => i.PrincipalOutstanding))
            && principal < DisbursedAmount - PrincipalRepaid);

    /// <summary>Holds every open line, not only the oldest.</summary>
    public bool AllLines { get; }

    public LoanId Id { get; }

    public string Number { get; }

    public string CountyCode { get; }

    public DivisionCode TownshipCode { get; }

    public DivisionCode VillageCode { get; }

    public string BankCode { get; }

    public LoanStatus Status { get; private set; }

    public DateOnly? DisbursedOn { get; }

    public Money DisbursedAmount { get; }

    public Money PrincipalRepaid { get; private set; }

    public Money InterestRepaid { get; private set; }

    public DateOnly? ClosedOn { get; private set; }

    public int Version { get; private set; }

    /// <summary>The version as read: the guard of the write.</summary>
    public int ReadVersion { get; }

    public int StepCount { get; }

    public IReadOnlyList<LoanInstalment> Open => _open;

    /// <summary>The settlement step, once a repayment has left nothing to pay.</summary>
    public LoanStep? Settlement { get; private set; }

    public RepaymentSplit Repay(DateOnly paidOn, Money principal, Money interest, string by, DateTimeOffset at)
    {
        var split = Loan.Allocate(Number, Status, DisbursedOn, _open, DisbursedAmount - PrincipalRepaid, paidOn, principal, interest);
        PrincipalRepaid += principal;
        InterestRepaid += interest;
        if (AllLines && _open.All(i => i.Outstanding == Money.Zero))
        {
            Status = LoanStatus.Repaid;
            ClosedOn = paidOn;
            Settlement = new LoanStep(StepCount + 1, LoanStepKind.Settlement, null, paidOn, by, ApprovalDecision.Approved, Loan.SettlementOpinion, at);
            Version++; // a step moves the version, as on the whole loan
        }
        Version++;
        return split;
    }
}
