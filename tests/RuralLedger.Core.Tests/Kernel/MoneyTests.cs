using FsCheck.Xunit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

public sealed class MoneyTests
{
    /// <summary>Sums test overflow on the bits (decision 0049): the same results, and the same refusal, as checked arithmetic.</summary>
    [Property(MaxTest = 2_000)]
    public void Sums_and_differences_match_checked_arithmetic_or_refuse_with_overflow(long a, long b, bool nearTheEdge)
    {
        // Half the cases near the range's ends, where overflow happens.
        if (nearTheEdge)
        {
            a = a >= 0 ? long.MaxValue - (a % 1_000) : long.MinValue + (-(a % 1_000));
        }
        Expect(() => checked(a + b), () => Money.FromFen(a) + Money.FromFen(b));
        Expect(() => checked(a - b), () => Money.FromFen(a) - Money.FromFen(b));
        Expect(() => checked(-a), () => -Money.FromFen(a));
    }

    private static void Expect(Func<long> exact, Func<Money> money)
    {
        long expected;
        try
        {
            expected = exact();
        }
        catch (OverflowException)
        {
            money.Should().Throw<DomainException>().Which.Code.Should().Be(MoneyErrors.Overflow);
            return;
        }
        money().Fen.Should().Be(expected);
    }

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MinValue, -1)]
    [InlineData(-1, long.MinValue)]
    public void Overflowing_sums_are_refused(long a, long b)
    {
        FluentActions.Invoking(() => Money.FromFen(a) + Money.FromFen(b)).Should().Throw<DomainException>().Which.Code.Should().Be(MoneyErrors.Overflow);
        (Money.FromFen(a) - Money.FromFen(a)).Should().Be(Money.Zero);
    }

    [Fact]
    public void Formats_with_thousands_separators_two_decimals_and_the_unit()
    {
        Money.FromFen(123_456_789).ToString().Should().Be("1,234,567.89 元");
        Money.FromFen(123_456_789).ToString(withUnit: false).Should().Be("1,234,567.89");
        Money.Zero.ToString().Should().Be("0.00 元");
        Money.FromFen(5).ToString().Should().Be("0.05 元");
        Money.FromFen(-150).ToString().Should().Be("-1.50 元");
    }

    [Fact]
    public void Formatting_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Money.FromFen(123_456_789).ToString().Should().Be("1,234,567.89 元");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void FromYuan_keeps_fen_exactly()
    {
        Money.FromYuan(1_234_567.89m).Fen.Should().Be(123_456_789);
        Money.FromYuan(0.01m).Fen.Should().Be(1);
        Money.FromYuan(2.500m).Fen.Should().Be(250);
        Money.FromYuan(1_234_567.89m).Yuan.Should().Be(1_234_567.89m);
    }

    [Fact]
    public void FromYuan_refuses_three_decimals_instead_of_rounding()
    {
        var act = () => Money.FromYuan(1.234m);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.too_precise");
    }

    [Fact]
    public void FromYuan_refuses_amounts_beyond_long_fen()
    {
        var justAbove = () => Money.FromYuan(92_233_720_368_547_758.08m);
        var farAbove = () => Money.FromYuan(decimal.MaxValue);
        var farBelow = () => Money.FromYuan(decimal.MinValue);

        Money.FromYuan(92_233_720_368_547_758.07m).Fen.Should().Be(long.MaxValue);
        justAbove.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
        farAbove.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
        farBelow.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
    }

    [Fact]
    public void Addition_overflow_is_an_error_not_a_wrap_around()
    {
        var act = () => Money.FromFen(long.MaxValue) + Money.FromFen(1);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
    }

    [Fact]
    public void Subtraction_and_negation_overflow_are_errors()
    {
        var subtract = () => Money.FromFen(long.MinValue) - Money.FromFen(1);
        var negate = () => -Money.FromFen(long.MinValue);

        subtract.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
        negate.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
    }

    [Fact]
    public void Sum_overflow_is_an_error()
    {
        var act = () => Money.Sum([Money.FromFen(long.MaxValue - 1), Money.FromFen(1), Money.FromFen(1)]);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.overflow");
    }

    [Fact]
    public void Arithmetic_and_comparison()
    {
        var a = Money.FromYuan(10.50m);
        var b = Money.FromYuan(0.75m);

        (a + b).Should().Be(Money.FromYuan(11.25m));
        (a - b).Should().Be(Money.FromYuan(9.75m));
        (b - a).IsNegative.Should().BeTrue();
        (a > b).Should().BeTrue();
        (b <= a).Should().BeTrue();
        new[] { a, b, Money.Zero }.Order().Should().Equal(Money.Zero, b, a);
    }

    [Fact]
    public void Allocate_spreads_the_remainder_so_parts_sum_to_the_whole()
    {
        var parts = Money.FromYuan(100.00m).Allocate([1, 1, 1]);

        parts.Should().Equal(Money.FromFen(3_334), Money.FromFen(3_333), Money.FromFen(3_333));
    }
}
