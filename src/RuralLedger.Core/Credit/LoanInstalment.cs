using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>One instalment of the schedule and what has been paid on it. Lines an extension replaced stay, marked superseded.</summary>
public sealed class LoanInstalment
{
    private LoanInstalment()
    {
    }

    internal LoanInstalment(ScheduledInstalment s)
    {
        Seq = s.Seq;
        PeriodStart = s.PeriodStart;
        DueOn = s.DueOn;
        Principal = s.Principal;
        Interest = s.Interest;
    }

    /// <summary>A line as stored, not superseded: what a bulk reader hands to <see cref="RepayingLoan"/>.</summary>
    public static LoanInstalment Stored(long id, LoanId loanId, int seq, DateOnly periodStart, DateOnly dueOn, Money principal, Money interest, Money principalPaid,
        Money interestPaid, DateOnly? settledOn) => new()
    {
        Id = id,
        LoanId = loanId,
        Seq = seq,
        PeriodStart = periodStart,
        DueOn = dueOn,
        Principal = principal,
        Interest = interest,
        PrincipalPaid = principalPaid,
        InterestPaid = interestPaid,
        SettledOn = settledOn,
    };

    public long Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public int Seq { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    public DateOnly DueOn { get; private set; }

    public Money Principal { get; private set; }

    public Money Interest { get; private set; }

    public Money PrincipalPaid { get; private set; }

    public Money InterestPaid { get; private set; }

    /// <summary>The day the last of it was paid.</summary>
    public DateOnly? SettledOn { get; private set; }

    public bool Superseded { get; private set; }

    public Money InterestOutstanding => Superseded ? Money.Zero : Interest - InterestPaid;

    public Money PrincipalOutstanding => Superseded ? Money.Zero : Principal - PrincipalPaid;

    public Money Outstanding => InterestOutstanding + PrincipalOutstanding;

    /// <summary>Days past due on <paramref name="asOf"/> while anything is unpaid; 0 otherwise.</summary>
    public int DaysOverdue(DateOnly asOf) => Outstanding > Money.Zero && asOf > DueOn ? asOf.DayNumber - DueOn.DayNumber : 0;

    internal Money PayInterest(Money available, DateOnly on) => Pay(available, on, interest: true);

    internal Money PayPrincipal(Money available, DateOnly on) => Pay(available, on, interest: false);

    internal void Supersede() => Superseded = true;

    private Money Pay(Money available, DateOnly on, bool interest)
    {
        var owed = interest ? InterestOutstanding : PrincipalOutstanding;
        var paid = available < owed ? available : owed;
        if (paid > Money.Zero)
        {
            if (interest)
            {
                InterestPaid += paid;
            }
            else
            {
                PrincipalPaid += paid;
            }
            if (Outstanding == Money.Zero)
            {
                SettledOn = on;
            }
        }
        return paid;
    }
}
