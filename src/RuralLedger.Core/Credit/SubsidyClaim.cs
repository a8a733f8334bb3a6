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

/// <summary>What a claim counts: its repayments, their loans, their interest paid on time and late.</summary>
public sealed record ClaimBasis(int Repayments, int Loans, Money InterestOnTime, Money InterestLate);

/// <summary>
/// 贴息申报: one bank's claim for one calendar quarter. The subsidy is the interest its borrowers paid on time in the
/// quarter times the share of the policy version in force on the quarter's last day; interest paid after its due date
/// is not subsidised. A repayment already counted by a claim is never counted again, and a bank has one claim per
/// quarter (a unique key), so building it twice has one effect.
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

    public SubsidyClaimStatus Status { get; private set; }

    public string BuiltBy { get; private set; }

    public DateTimeOffset BuiltAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateOnly? ApprovedOn { get; private set; }

    public string? PaidBy { get; private set; }

    public DateOnly? PaidOn { get; private set; }

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
    /// Builds the claim from the quarter's repayments not yet counted by any claim; the subsidy is rounded half up
    /// once on the total and split over the repayments by their on-time interest, so the parts sum to it.
    /// </summary>
    public static SubsidyClaim Build(string countyCode, string bankCode, string bankName, int year, int quarter, CreditPolicyVersion policy,
        IReadOnlyList<Repayment> repayments, DateOnly today, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(repayments);
        var (first, last) = QuarterDates(year, quarter);
        if (repayments.Any(r => r.ClaimId is not null || r.BankCode != bankCode || r.PaidOn < first || r.PaidOn > last))
        {
            throw new InvalidOperationException("A claim counts only its bank's uncounted repayments of its quarter.");
        }
        var basis = new ClaimBasis(repayments.Count, repayments.Select(r => r.LoanId).Distinct().Count(), Money.Sum(repayments.Select(r => r.InterestOnTime)),
            Money.Sum(repayments.Select(r => r.InterestLate)));
        return Build(countyCode, bankCode, bankName, year, quarter, policy, basis, today, by, at);
    }

    /// <summary>The same from the quarter's uncounted repayments as summed by the database, which then counts them in.</summary>
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
            Subsidy = SubsidyOf(basis.InterestOnTime, policy.SubsidyShare),
        };
    }

    /// <summary>Once the claim has its id: each repayment's part, the largest remainders getting the odd fen.</summary>
    public void Count(IReadOnlyList<Repayment> repayments)
    {
        ArgumentNullException.ThrowIfNull(repayments);
        var parts = Parts(Subsidy, repayments.Select(r => r.InterestOnTime.Fen).ToList());
        for (var i = 0; i < repayments.Count; i++)
        {
            repayments[i].CountIn(Id, parts[i]);
        }
    }

    /// <summary>Each repayment's part of <paramref name="subsidy"/> by its on-time interest, in the claim's order of them.</summary>
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

    public void MarkPaid(DateOnly on, string by)
    {
        if (Status != SubsidyClaimStatus.Approved)
        {
            throw new ConflictException("loans.claim_status", Status == SubsidyClaimStatus.Paid ? "该贴息已拨付。" : "贴息申报须先经县财政审核，才能拨付。", "status");
        }
        if (on < ApprovedOn!.Value)
        {
            throw new DomainException(LoanErrors.DateOrder, $"拨付日期不能早于审核日期 {BusinessCalendar.Format(ApprovedOn.Value)}。", "on");
        }
        PaidOn = on;
        PaidBy = by;
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
