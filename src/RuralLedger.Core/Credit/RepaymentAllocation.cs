using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>
/// How one repayment is spread over a loan's schedule: its interest to the oldest unpaid interest, its principal to the
/// oldest unpaid principal; principal only once the interest due by that day is paid (interest first). Interest paid on or
/// before its due date is "on time", the rest late: only the former is subsidised.
/// </summary>
internal static class RepaymentAllocation
{
    /// <summary>Checks the amounts against what is owed, then pays the instalments; throws before anything is paid.</summary>
    public static RepaymentSplit Apply(IReadOnlyList<LoanInstalment> schedule, Money principalOutstanding, DateOnly paidOn, Money principal, Money interest)
    {
        if (principal.IsNegative || interest.IsNegative || principal + interest == Money.Zero)
        {
            throw new DomainException(LoanErrors.RepaymentAmount, "还款本金、利息不能为负，且合计应大于 0。", "principal");
        }
        var interestOwed = Money.Sum(schedule.Select(i => i.InterestOutstanding));
        if (interest > interestOwed)
        {
            throw new DomainException(LoanErrors.Overpaid, $"还款利息 {interest} 超过应还利息 {interestOwed}。", "interest");
        }
        if (principal > principalOutstanding)
        {
            throw new DomainException(LoanErrors.Overpaid, $"还款本金 {principal} 超过剩余本金 {principalOutstanding}。", "principal");
        }
        var dueInterestAfter = Money.Sum(schedule.Where(i => i.DueOn <= paidOn).Select(i => i.InterestOutstanding)) - interest;
        if (principal > Money.Zero && dueInterestAfter > Money.Zero)
        {
            throw new DomainException(LoanErrors.InterestFirst, $"须先还清截至 {BusinessCalendar.Format(paidOn)} 已到期的利息（尚欠 {dueInterestAfter}），再还本金。", "principal");
        }

        Money onTime = Money.Zero, late = Money.Zero;
        var left = interest;
        foreach (var line in schedule)
        {
            var paid = line.PayInterest(left, paidOn);
            if (line.DueOn >= paidOn)
            {
                onTime += paid;
            }
            else
            {
                late += paid;
            }
            left -= paid;
        }
        left = principal;
        foreach (var line in schedule)
        {
            left -= line.PayPrincipal(left, paidOn);
        }
        if (principal == principalOutstanding)
        {
            // Repaid early: interest of periods not yet begun never accrues.
            foreach (var line in schedule.Where(i => i.PeriodStart >= paidOn && i.InterestPaid == Money.Zero))
            {
                line.Supersede();
            }
        }
        return new RepaymentSplit(principal, interest, onTime, late);
    }
}
