using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>How a loan is paid back.</summary>
public enum RepaymentMethod
{
    QuarterlyInterestBullet = 1, // 按季付息、到期还本
    EqualInstalment = 2,         // 等额本息（按月）
    EqualPrincipal = 3,          // 等额本金（按月）
}

/// <summary>One line of a repayment schedule: the period it covers (start inclusive, due date exclusive) and what falls due.</summary>
public sealed record ScheduledInstalment(int Seq, DateOnly PeriodStart, DateOnly DueOn, Money Principal, Money Interest);

/// <summary>
/// Repayment schedules exact to the fen. Interest of a period = outstanding principal × annual rate × actual days ÷
/// the policy's day-count basis (360: 人民银行 convention), rounded half up to the fen once per instalment. Due dates
/// step from an anchor (the disbursement date) by whole months, each computed from the anchor, not from the previous
/// date, so a loan disbursed on the 31st falls due on the last day of shorter months without drifting. The principal
/// instalments sum to the principal by construction: the last one takes what is left.
/// </summary>
public static class LoanSchedule
{
    public static string Name(RepaymentMethod method) => method switch
    {
        RepaymentMethod.QuarterlyInterestBullet => "按季付息、到期还本",
        RepaymentMethod.EqualInstalment => "等额本息",
        RepaymentMethod.EqualPrincipal => "等额本金",
    };

    /// <summary>Months between due dates.</summary>
    public static int StepMonths(RepaymentMethod method) => method == RepaymentMethod.QuarterlyInterestBullet ? 3 : 1;

    /// <summary>Interest on <paramref name="principal"/> for <paramref name="days"/> days, half up to the fen.</summary>
    public static Money Interest(Money principal, Rate annualRate, int days, int basis)
    {
        if (principal.IsNegative || annualRate < Rate.Zero || days < 0 || basis <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(principal), "Interest needs a non-negative principal, rate and period.");
        }
        // fen × bp × days / (10,000 bp × basis); 128 bits keep any long principal exact.
        var numerator = (Int128)principal.Fen * annualRate.BasisPoints * days;
        var denominator = (Int128)Rate.FullBasisPoints * basis;
        return Money.FromFen((long)((numerator * 2 + denominator) / (denominator * 2)));
    }

    /// <summary>
    /// The schedule of <paramref name="principal"/> from <paramref name="start"/> (interest runs from that day) to
    /// <paramref name="maturity"/>, due dates stepping from <paramref name="anchor"/>.
    /// </summary>
    public static IReadOnlyList<ScheduledInstalment> Generate(RepaymentMethod method, Money principal, Rate annualRate, DateOnly anchor, DateOnly start,
        DateOnly maturity, int basis, int firstSeq = 1)
    {
        if (principal <= Money.Zero)
        {
            throw new DomainException("loans.principal", "本金应大于 0。", "amount");
        }
        if (maturity <= start)
        {
            throw new DomainException("loans.maturity", "到期日应晚于起息日。", "termMonths");
        }
        var dues = DueDates(anchor, start, maturity, StepMonths(method));
        return method switch
        {
            RepaymentMethod.QuarterlyInterestBullet => Bullet(principal, annualRate, start, dues, basis, firstSeq),
            RepaymentMethod.EqualPrincipal => Amortised(principal, annualRate, start, dues, basis, firstSeq, EqualParts(principal, dues.Count)),
            RepaymentMethod.EqualInstalment => Annuity(principal, annualRate, start, dues, basis, firstSeq),
            _ => throw new DomainException("loans.method", "还款方式不是可选的值。", "method"),
        };
    }

    /// <summary>anchor + k·step months after <paramref name="start"/> and before <paramref name="maturity"/>, then the maturity.</summary>
    public static IReadOnlyList<DateOnly> DueDates(DateOnly anchor, DateOnly start, DateOnly maturity, int stepMonths)
    {
        var dues = new List<DateOnly>();
        for (var k = 1; ; k++)
        {
            var due = anchor.AddMonths(k * stepMonths);
            if (due >= maturity)
            {
                break;
            }
            if (due > start)
            {
                dues.Add(due);
            }
        }
        dues.Add(maturity);
        return dues;
    }

    private static List<ScheduledInstalment> Bullet(Money principal, Rate rate, DateOnly start, IReadOnlyList<DateOnly> dues, int basis, int firstSeq)
    {
        var lines = new List<ScheduledInstalment>(dues.Count);
        var from = start;
        for (var i = 0; i < dues.Count; i++)
        {
            var interest = Interest(principal, rate, dues[i].DayNumber - from.DayNumber, basis);
            lines.Add(new ScheduledInstalment(firstSeq + i, from, dues[i], i == dues.Count - 1 ? principal : Money.Zero, interest));
            from = dues[i];
        }
        return lines;
    }

    private static List<ScheduledInstalment> Amortised(Money principal, Rate rate, DateOnly start, IReadOnlyList<DateOnly> dues, int basis, int firstSeq, Money[] parts)
    {
        var lines = new List<ScheduledInstalment>(dues.Count);
        var outstanding = principal;
        var from = start;
        for (var i = 0; i < dues.Count; i++)
        {
            var interest = Interest(outstanding, rate, dues[i].DayNumber - from.DayNumber, basis);
            lines.Add(new ScheduledInstalment(firstSeq + i, from, dues[i], parts[i], interest));
            outstanding -= parts[i];
            from = dues[i];
        }
        return lines;
    }

    private static Money[] EqualParts(Money principal, int count) => principal.Allocate([.. Enumerable.Repeat(1L, count)]);

    /// <summary>
    /// 等额本息: the level payment of the monthly-rate annuity (annual ÷ 12), rounded half up; each month's interest by
    /// actual days, its principal the payment less that interest, never below zero; the last month clears the rest.
    /// </summary>
    private static List<ScheduledInstalment> Annuity(Money principal, Rate rate, DateOnly start, IReadOnlyList<DateOnly> dues, int basis, int firstSeq)
    {
        var n = dues.Count;
        if (rate == Rate.Zero)
        {
            return Amortised(principal, rate, start, dues, basis, firstSeq, EqualParts(principal, n));
        }
        var r = rate.BasisPoints / 120_000m;
        var growth = 1m;
        for (var i = 0; i < n; i++)
        {
            growth *= 1m + r;
        }
        var payment = Money.FromFen((long)decimal.Round(principal.Fen * r * growth / (growth - 1m), MidpointRounding.AwayFromZero));
        var parts = new Money[n];
        var outstanding = principal;
        var from = start;
        for (var i = 0; i < n; i++)
        {
            var interest = Interest(outstanding, rate, dues[i].DayNumber - from.DayNumber, basis);
            var part = i == n - 1 ? outstanding : payment - interest;
            part = part < Money.Zero ? Money.Zero : part > outstanding ? outstanding : part;
            parts[i] = part;
            outstanding -= part;
            from = dues[i];
        }
        return Amortised(principal, rate, start, dues, basis, firstSeq, parts);
    }
}
