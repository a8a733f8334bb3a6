using System.Globalization;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

public readonly record struct RepaymentId(long Value) : IComparable<RepaymentId>
{
    public int CompareTo(RepaymentId other) => Value.CompareTo(other.Value);

    // A claim counts the repayments up to its watermark; EF translates these to plain comparisons of the bigint column.
    public static bool operator >(RepaymentId a, RepaymentId b) => a.Value > b.Value;

    public static bool operator <(RepaymentId a, RepaymentId b) => a.Value < b.Value;

    public static bool operator >=(RepaymentId a, RepaymentId b) => a.Value >= b.Value;

    public static bool operator <=(RepaymentId a, RepaymentId b) => a.Value <= b.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public enum RepaymentSource
{
    Entered = 1,  // 手工登记
    Imported = 2, // 银行还款文件导入
}

/// <summary>
/// A repayment as the bank booked it, with who paid it from which account: the payer's name and account are kept
/// (account encrypted, a keyed hash for lookup) because a loan repaid from an enterprise's account is the trace of
/// 户贷企用 the supervision module looks for. Scoped like its loan. One booking per loan, day, principal and interest,
/// so a file imported twice changes nothing.
/// </summary>
public sealed class Repayment : IAreaScoped, IBankScoped
{
    private Repayment()
    {
        LoanNumber = "";
        CountyCode = "";
        BankCode = "";
        PayerName = "";
        PayerAccountCipher = [];
        PayerAccountHash = [];
        PayerAccountMasked = "";
        RecordedBy = "";
    }

    public Repayment(Loan loan, DateOnly paidOn, RepaymentSplit split, string payerName, byte[] accountCipher, byte[] accountHash, string accountMasked,
        RepaymentSource source, string recordedBy, DateTimeOffset recordedAt)
        : this(loan?.Id ?? throw new ArgumentNullException(nameof(loan)), loan.Number, loan.CountyCode, loan.TownshipCode, loan.VillageCode, loan.BankCode, paidOn, split,
            payerName, accountCipher, accountHash, accountMasked, source, recordedBy, recordedAt)
    {
    }

    public Repayment(RepayingLoan loan, DateOnly paidOn, RepaymentSplit split, string payerName, byte[] accountCipher, byte[] accountHash, string accountMasked,
        RepaymentSource source, string recordedBy, DateTimeOffset recordedAt)
        : this(loan?.Id ?? throw new ArgumentNullException(nameof(loan)), loan.Number, loan.CountyCode, loan.TownshipCode, loan.VillageCode, loan.BankCode, paidOn, split,
            payerName, accountCipher, accountHash, accountMasked, source, recordedBy, recordedAt)
    {
    }

    private Repayment(LoanId loanId, string loanNumber, string countyCode, DivisionCode townshipCode, DivisionCode villageCode, string bankCode, DateOnly paidOn,
        RepaymentSplit split, string payerName, byte[] accountCipher, byte[] accountHash, string accountMasked, RepaymentSource source, string recordedBy,
        DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(split);
        LoanId = loanId;
        LoanNumber = loanNumber;
        CountyCode = countyCode;
        TownshipCode = townshipCode;
        VillageCode = villageCode;
        BankCode = bankCode;
        PaidOn = paidOn;
        Principal = split.Principal;
        Interest = split.Interest;
        InterestOnTime = split.InterestOnTime;
        InterestLate = split.InterestLate;
        PayerName = payerName;
        PayerAccountCipher = accountCipher;
        PayerAccountHash = accountHash;
        PayerAccountMasked = accountMasked;
        Source = source;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public RepaymentId Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public DateOnly PaidOn { get; private set; }

    public Money Principal { get; private set; }

    public Money Interest { get; private set; }

    /// <summary>Interest paid on or before its due date: the base of the interest subsidy.</summary>
    public Money InterestOnTime { get; private set; }

    public Money InterestLate { get; private set; }

    public string PayerName { get; private set; }

    public byte[] PayerAccountCipher { get; private set; }

    public byte[] PayerAccountHash { get; private set; }

    public string PayerAccountMasked { get; private set; }

    public RepaymentSource Source { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    /// <summary>"6217****1234": the first four and last four digits.</summary>
    public static string Mask(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var a = account.Trim();
        return a.Length <= 8 ? new string('*', a.Length) : a[..4] + new string('*', a.Length - 8) + a[^4..];
    }
}
