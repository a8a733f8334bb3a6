using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>An instalment as read for aging: what was due, what has been paid.</summary>
public sealed record InstalmentDue(LoanId LoanId, int Seq, DateOnly DueOn, Money Principal, Money Interest, Money PrincipalPaid, Money InterestPaid);

/// <summary>An unpaid instalment past due, with its days overdue and its bucket (0-based index into the policy's buckets).</summary>
public sealed record AgedInstalment(LoanId LoanId, int Seq, DateOnly DueOn, Money PrincipalOverdue, Money InterestOverdue, int DaysOverdue, int Bucket)
{
    public Money Overdue => PrincipalOverdue + InterestOverdue;
}

public sealed record AgingTotal(int Bucket, string Name, int Instalments, int Loans, Money Amount);

/// <summary>Overdue aging (账龄): days past due per instalment, grouped by the buckets of the policy in force on the day.</summary>
public static class LoanAging
{
    /// <summary>The instalments with something unpaid past due on <paramref name="asOf"/>, oldest first.</summary>
    public static IReadOnlyList<AgedInstalment> Age(IEnumerable<InstalmentDue> instalments, DateOnly asOf, AgingBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(instalments);
        ArgumentNullException.ThrowIfNull(buckets);
        var aged = new List<AgedInstalment>();
        foreach (var i in instalments)
        {
            var days = asOf.DayNumber - i.DueOn.DayNumber;
            var principal = i.Principal - i.PrincipalPaid;
            var interest = i.Interest - i.InterestPaid;
            if (days > 0 && principal + interest > Money.Zero)
            {
                aged.Add(new AgedInstalment(i.LoanId, i.Seq, i.DueOn, principal, interest, days, buckets.IndexOf(days) ?? 0));
            }
        }
        return aged;
    }

    /// <summary>One total per bucket, empty buckets included, so a report always shows every band.</summary>
    public static IReadOnlyList<AgingTotal> Totals(IReadOnlyCollection<AgedInstalment> aged, AgingBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(aged);
        ArgumentNullException.ThrowIfNull(buckets);
        return Enumerable.Range(0, buckets.Count).Select(b =>
        {
            var inBucket = aged.Where(r => r.Bucket == b).ToList();
            return new AgingTotal(b, buckets.Label(b), inBucket.Count, inBucket.Select(r => r.LoanId).Distinct().Count(), Money.Sum(inBucket.Select(r => r.Overdue)));
        }).ToList();
    }
}
