using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Credit;

public sealed class LoanScheduleTests
{
    private static readonly Rate Lpr = Rate.FromBasisPoints(310);

    [Fact]
    public void Quarterly_interest_bullet_on_50000_at_3_10_percent_is_exact_to_the_fen_by_actual_days_over_360()
    {
        var lines = LoanSchedule.Generate(RepaymentMethod.QuarterlyInterestBullet, Money.FromYuan(50_000m), Lpr, new DateOnly(2025, 3, 20), new DateOnly(2025, 3, 20),
            new DateOnly(2028, 3, 20), 360);

        lines.Should().HaveCount(12);
        lines.Select(l => l.DueOn).Take(4).Should().Equal(new DateOnly(2025, 6, 20), new DateOnly(2025, 9, 20), new DateOnly(2025, 12, 20), new DateOnly(2026, 3, 20));
        // 5,000,000 fen × 310 bp × days / (10,000 × 360): 92 days 39,611.11 → 39,611; 91 days 39,180.56 → 39,181; 90 days 38,750.
        lines.Select(l => l.Interest.Fen).Take(4).Should().Equal(39_611, 39_611, 39_181, 38_750);
        lines[^1].Principal.Should().Be(Money.FromYuan(50_000m));
        lines.Take(11).Should().OnlyContain(l => l.Principal == Money.Zero);
    }

    [Fact]
    public void Due_dates_step_from_the_anchor_so_a_loan_disbursed_on_the_31st_does_not_drift()
    {
        var dues = LoanSchedule.DueDates(new DateOnly(2025, 1, 31), new DateOnly(2025, 1, 31), new DateOnly(2025, 7, 31), 1);

        dues.Should().Equal(new DateOnly(2025, 2, 28), new DateOnly(2025, 3, 31), new DateOnly(2025, 4, 30), new DateOnly(2025, 5, 31), new DateOnly(2025, 6, 30),
            new DateOnly(2025, 7, 31));
    }

    [Fact]
    public void Interest_rounds_half_up_to_the_fen()
    {
        // 100 fen × 500 bp × 36 days / 3,600,000 = 0.5 fen → 1; 35 days = 0.486 → 0.
        LoanSchedule.Interest(Money.FromFen(100), Rate.FromBasisPoints(500), 36, 360).Fen.Should().Be(1);
        LoanSchedule.Interest(Money.FromFen(100), Rate.FromBasisPoints(500), 35, 360).Fen.Should().Be(0);
        LoanSchedule.Interest(Money.FromYuan(10_000m), Rate.FromBasisPoints(365), 365, 365).Should().Be(Money.FromYuan(365m));
    }

    [Fact]
    public void Equal_instalments_pay_nearly_the_same_each_month_and_equal_principal_splits_the_principal_evenly()
    {
        var start = new DateOnly(2025, 1, 10);
        var annuity = LoanSchedule.Generate(RepaymentMethod.EqualInstalment, Money.FromYuan(12_000m), Rate.FromBasisPoints(360), start, start, start.AddMonths(12), 360);
        var payments = annuity.Take(11).Select(l => (l.Principal + l.Interest).Fen).ToList();
        (payments.Max() - payments.Min()).Should().BeLessThan(300, "the level payment moves only with the days of the month");

        var even = LoanSchedule.Generate(RepaymentMethod.EqualPrincipal, Money.FromFen(1_000_001), Rate.FromBasisPoints(360), start, start, start.AddMonths(12), 360);
        // 1,000,001 ÷ 12 = 83,333 r 5: the first five months take the odd fen.
        even.Select(l => l.Principal.Fen).Should().Equal([.. Enumerable.Repeat(83_334L, 5), .. Enumerable.Repeat(83_333L, 7)]);
        even[^1].Interest.Should().BeLessThan(even[0].Interest, "interest falls as principal is repaid");
    }

    [Property(MaxTest = 300)]
    public Property Principal_instalments_sum_to_the_loan_and_none_is_negative(PositiveInt fen, byte rateSeed, byte termSeed, byte methodSeed, ushort startSeed)
    {
        var principal = Money.FromFen(fen.Get % 1_000_000_000 + 1);
        var rate = Rate.FromBasisPoints(rateSeed * 4);
        var term = termSeed % 60 + 1;
        var method = (RepaymentMethod)(methodSeed % 3 + 1);
        var start = new DateOnly(2021, 1, 1).AddDays(startSeed % 2000);
        var lines = LoanSchedule.Generate(method, principal, rate, start, start, start.AddMonths(term), 360);

        return (Money.Sum(lines.Select(l => l.Principal)) == principal
                && lines.All(l => l.Principal >= Money.Zero && l.Interest >= Money.Zero)
                && lines[^1].DueOn == start.AddMonths(term)
                && lines.Zip(lines.Skip(1)).All(p => p.First.DueOn == p.Second.PeriodStart && p.First.DueOn < p.Second.DueOn))
            .Label($"{method} {principal} {rate} {term} months from {start}");
    }

    [Property(MaxTest = 300)]
    public Property Interest_of_a_period_is_within_half_a_fen_of_the_exact_value(PositiveInt fen, byte rateSeed, byte days)
    {
        var principal = Money.FromFen(fen.Get);
        var rate = Rate.FromBasisPoints(rateSeed * 3);
        var exact = (decimal)principal.Fen * rate.BasisPoints * days / (10_000m * 360);
        var interest = LoanSchedule.Interest(principal, rate, days, 360);

        return (Math.Abs(interest.Fen - exact) <= 0.5m).Label($"{principal} × {rate} × {days}: {interest.Fen} vs {exact}");
    }
}
