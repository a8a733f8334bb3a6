using System.Globalization;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

public readonly record struct SubsidyClaimId(long Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public enum SubsidyClaimStatus
{
    Submitted = 1, // 已申报，待县财政审核
    Approved = 2,  // 县财政已审核
    Paid = 3,      // 已拨付
}

/// <summary>What a claim counts: its repayments, their loans, their interest paid on time and late, and the last of their ids.</summary>
public sealed record ClaimBasis(int Repayments, int Loans, Money InterestOnTime, Money InterestLate, long LastRepaymentId);

/// <summary>
/// 贴息申报: one bank's claim for one calendar quarter. The subsidy is the interest its borrowers paid on time in the
/// quarter times the share of the policy version in force on the quarter's last day; interest paid after its due date
/// is not subsidised. A bank has one claim per quarter (a unique key), so building it twice has one effect; the claim
/// counts the repayments of its county, bank and quarter booked up to <see cref="LastRepaymentId"/>, and a repayment
/// belongs to one quarter, so none is counted twice (docs/decisions/0039-claims-by-watermark.md).
/// </summary>
public sealed class SubsidyClaim : IAreaScoped, IBankScoped
{
    private SubsidyClaim()
    {
        CountyCode = "";
        BankCode = "";
        BankName = "";
        BuiltBy = "";
    }

    private SubsidyClaim(string countyCode, string bankCode, string bankName, int year, int quarter, CreditPolicyVersion policy, string by, DateTimeOffset at)
    {
        CountyCode = countyCode;
        BankCode = bankCode;
        BankName = bankName;
        Year = year;
        Quarter = quarter;
        PolicyId = policy.Id;
        Share = policy.SubsidyShare;
        BuiltBy = by;
        BuiltAt = at;
        Status = SubsidyClaimStatus.Submitted;
    }

    public SubsidyClaimId Id { get; private set; }

    public string CountyCode { get; private set; }

    public string BankCode { get; private set; }

    public string BankName { get; private set; }

    public int Year { get; private set; }

    public int Quarter { get; private set; }

    /// <summary>The policy version whose share the claim used.</summary>
    public CreditPolicyId PolicyId { get; private set; }

    public Rate Share { get; private set; }

    public Money InterestOnTime { get; private set; }

    /// <summary>Interest paid late in the quarter, shown beside the claim and excluded from it.</summary>
    public Money InterestLate { get; private set; }

    public Money Subsidy { get; private set; }

    public int Repayments { get; private set; }

    public int Loans { get; private set; }

    /// <summary>
    /// The watermark: the claim counts its county's and bank's repayments paid in its quarter whose id is at most this,
    /// those booked when it was built. One booked later for the quarter is left out, as it was when claims marked rows.
    /// </summary>
    public long LastRepaymentId { get; private set; }

    public SubsidyClaimStatus Status { get; private set; }

    public string BuiltBy { get; private set; }

    public DateTimeOffset BuiltAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateOnly? ApprovedOn { get; private set; }

    public string? PaidBy { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    /// <summary>The finance voucher number (or the note) county finance recorded when it marked the subsidy paid.</summary>
    public string? PaidVoucher { get; private set; }

    public int Version { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    public static (DateOnly First, DateOnly Last) QuarterDates(int year, int quarter)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("loans.claim_year", "年度应在 2000–2100 之间。", "year");
        }
        if (quarter is < 1 or > 4)
        {
            throw new DomainException("loans.claim_quarter", "季度应为 1–4。", "quarter");
        }
        var first = new DateOnly(year, quarter * 3 - 2, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>
    /// Builds the claim from the quarter's saved repayments of the bank, all of them booked so far; the subsidy is rounded
    /// half up once on the total and split over the repayments by their on-time interest (<see cref="Parts"/>), so the
    /// parts sum to it.
    /// </summary>
    public static SubsidyClaim Build(string countyCode, string bankCode, string bankName, int year, int quarter, CreditPolicyVersion policy,
        IReadOnlyList<Repayment> repayments, DateOnly today, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(repayments);
        var (first, last) = QuarterDates(year, quarter);
        if (repayments.Any(r => r.Id.Value == 0 || r.CountyCode != countyCode || r.BankCode != bankCode || r.PaidOn < first || r.PaidOn > last))
        {
            throw new InvalidOperationException("A claim counts only its county's and bank's saved repayments of its quarter.");
        }
        var basis = new ClaimBasis(repayments.Count, repayments.Select(r => r.LoanId).Distinct().Count(), Money.Sum(repayments.Select(r => r.InterestOnTime)),
            Money.Sum(repayments.Select(r => r.InterestLate)), repayments.Select(r => r.Id.Value).DefaultIfEmpty(0).Max());
        return Build(countyCode, bankCode, bankName, year, quarter, policy, basis, today, by, at);
    }

    /// <summary>The same from the quarter's repayments as summed by the database.</summary>
    public static SubsidyClaim Build(string countyCode, string bankCode, string bankName, int year, int quarter, CreditPolicyVersion policy,
        ClaimBasis basis, DateOnly today, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(basis);
        var (_, last) = QuarterDates(year, quarter);
        if (today <= last)
        {
            throw new DomainException("loans.claim_early", $"{year} 年第 {quarter} 季度尚未结束（{BusinessCalendar.Format(last)}），不能申报贴息。", "quarter");
        }
        return new SubsidyClaim(countyCode, bankCode, bankName, year, quarter, policy, by, at)
        {
            InterestOnTime = basis.InterestOnTime,
            InterestLate = basis.InterestLate,
            Repayments = basis.Repayments,
            Loans = basis.Loans,
            LastRepaymentId = basis.LastRepaymentId,
            Subsidy = SubsidyOf(basis.InterestOnTime, policy.SubsidyShare),
        };
    }

    /// <summary>
    /// Each repayment's part of <paramref name="subsidy"/> by its on-time interest, in the claim's order of them (paid
    /// date, then id), the largest remainders getting the odd fen: derived when shown, never stored.
    /// </summary>
    public static Money[] Parts(Money subsidy, IReadOnlyList<long> onTimeInterest)
    {
        ArgumentNullException.ThrowIfNull(onTimeInterest);
        return subsidy > Money.Zero ? subsidy.Allocate(onTimeInterest) : new Money[onTimeInterest.Count];
    }

    /// <summary>Interest × share, half up to the fen.</summary>
    public static Money SubsidyOf(Money interest, Rate share) =>
        Money.FromFen((long)(((Int128)interest.Fen * share.BasisPoints * 2 + Rate.FullBasisPoints) / (2 * Rate.FullBasisPoints)));

    public void Approve(DateOnly on, string by)
    {
        if (Status != SubsidyClaimStatus.Submitted)
        {
            throw new ConflictException("loans.claim_status", "该贴息申报已审核，不能重复审核。", "status");
        }
        ApprovedOn = on;
        ApprovedBy = by;
        Status = SubsidyClaimStatus.Approved;
        Version++;
    }

    public const int VoucherMaxLength = 100;

    /// <summary>Marks the approved subsidy paid; the voucher says which transfer paid it, so the step can be traced later.</summary>
    public void MarkPaid(DateOnly on, string by, string? voucher)
    {
        if (Status != SubsidyClaimStatus.Approved)
        {
            throw new ConflictException("loans.claim_status", Status == SubsidyClaimStatus.Paid ? "该贴息已拨付。" : "贴息申报须先经县财政审核，才能拨付。", "status");
        }
        var text = voucher?.Trim() ?? "";
        if (text.Length is 0 or > VoucherMaxLength)
        {
            throw new DomainException("loans.claim_voucher", $"请填写拨付凭证号或说明（不超过 {VoucherMaxLength} 字）。", "voucher");
        }
        if (on < ApprovedOn!.Value)
        {
            throw new DomainException(LoanErrors.DateOrder, $"拨付日期不能早于审核日期 {BusinessCalendar.Format(ApprovedOn.Value)}。", "on");
        }
        PaidOn = on;
        PaidBy = by;
        PaidVoucher = text;
        Status = SubsidyClaimStatus.Paid;
        Version++;
    }

    public static string StatusName(SubsidyClaimStatus s) => s switch
    {
        SubsidyClaimStatus.Submitted => "待县财政审核",
        SubsidyClaimStatus.Approved => "已审核，待拨付",
        SubsidyClaimStatus.Paid => "已拨付",
    };
}
