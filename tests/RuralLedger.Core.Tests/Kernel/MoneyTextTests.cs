using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

/// <summary>The one text form of money (JSON, API): yuan with a dot, at most two decimals, no separators.</summary>
public sealed class MoneyTextTests
{
    [Theory]
    [InlineData("1234567", 123_456_700)]
    [InlineData("1234567.8", 123_456_780)]
    [InlineData("1234567.89", 123_456_789)]
    [InlineData("0.50", 50)]
    [InlineData("-12.30", -1_230)]
    [InlineData("0", 0)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    [InlineData("-92233720368547758.08", long.MinValue)]
    public void Parse_reads_yuan_exactly(string text, long fen) =>
        Money.Parse(text).Fen.Should().Be(fen);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1,234.00")]
    [InlineData("1e3")]
    [InlineData(" 12")]
    [InlineData("+12")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("１２")]
    [InlineData("12元")]
    public void Parse_refuses_other_shapes_as_format(string? text) =>
        FluentActions.Invoking(() => Money.Parse(text)).Should().Throw<DomainException>().Which.Code.Should().Be(MoneyErrors.Format);

    [Fact]
    public void Parse_refuses_a_third_decimal_rather_than_rounding() =>
        FluentActions.Invoking(() => Money.Parse("1.005")).Should().Throw<DomainException>().Which.Code.Should().Be(MoneyErrors.TooPrecise);

    [Theory]
    [InlineData("92233720368547758.08")]
    [InlineData("-92233720368547758.09")]
    [InlineData("100000000000000000")]
    [InlineData("99999999999999999999999999999999999999")]
    public void Parse_refuses_amounts_beyond_the_range_of_fen(string text) =>
        FluentActions.Invoking(() => Money.Parse(text)).Should().Throw<DomainException>().Which.Code.Should().Be(MoneyErrors.Overflow);

    [Theory]
    [InlineData(123_456_789, "1234567.89")]
    [InlineData(50, "0.50")]
    [InlineData(-1_230, "-12.30")]
    [InlineData(0, "0.00")]
    public void Invariant_text_has_exactly_two_decimals_and_reads_back(long fen, string text)
    {
        Money.FromFen(fen).ToInvariantString().Should().Be(text);
        Money.Parse(text).Fen.Should().Be(fen);
    }
}

public sealed class RateTests
{
    [Theory]
    [InlineData(40_670_000L, 200_000_000L, 2_034)] // the seed: 406,700.00 of 2,000,000.00 is 0.20335 → 20.34%
    [InlineData(1L, 3L, 3_333)]
    [InlineData(2L, 3L, 6_667)]
    [InlineData(1L, 20_000L, 1)]                   // exactly half a basis point rounds away from zero
    [InlineData(1L, 20_001L, 0)]
    [InlineData(5L, 5L, 10_000)]
    [InlineData(long.MaxValue / 2, long.MaxValue, 5_000)]
    public void ShareOf_rounds_half_away_from_zero_to_a_basis_point(long partFen, long wholeFen, int basisPoints) =>
        Rate.ShareOf(Money.FromFen(partFen), Money.FromFen(wholeFen))!.Value.BasisPoints.Should().Be(basisPoints);

    [Fact]
    public void A_share_of_nothing_is_none_not_zero() => Rate.ShareOf(Money.Zero, Money.Zero).Should().BeNull();

    [Theory]
    [InlineData("70", 7_000)]
    [InlineData("12.5", 1_250)]
    [InlineData("12.50", 1_250)]
    [InlineData("0.01", 1)]
    [InlineData("100", 10_000)]
    [InlineData("0", 0)]
    public void Parse_reads_percent_as_basis_points(string text, int basisPoints) =>
        Rate.Parse(text).BasisPoints.Should().Be(basisPoints);

    [Theory]
    [InlineData("")]
    [InlineData("12.345")]
    [InlineData("12%")]
    [InlineData("1e2")]
    [InlineData("1,000")]
    [InlineData("12.")]
    public void Parse_refuses_other_shapes_as_format(string text) =>
        FluentActions.Invoking(() => Rate.Parse(text)).Should().Throw<DomainException>().Which.Code.Should().Be(RateErrors.Format);

    [Theory]
    [InlineData("100.01")]
    [InlineData("-1")]
    [InlineData("21474837")]
    [InlineData("99999999999999999999999999999999")]
    public void Parse_refuses_what_is_outside_the_range_without_overflowing(string text) =>
        FluentActions.Invoking(() => Rate.Parse(text)).Should().Throw<DomainException>().Which.Code.Should().Be(RateErrors.Range);

    [Fact]
    public void Another_range_can_be_allowed_explicitly()
    {
        var range = RateRange.OfPercent(-50, 300);

        Rate.Parse("250", range).BasisPoints.Should().Be(25_000);
        Rate.Parse("-12.5", range).BasisPoints.Should().Be(-1_250);
        FluentActions.Invoking(() => Rate.Parse("300.01", range)).Should().Throw<DomainException>().Which.Code.Should().Be(RateErrors.Range);
    }

    [Fact]
    public void FromPercent_refuses_a_huge_percent_as_a_range_error() =>
        FluentActions.Invoking(() => Rate.FromPercent(79_228_162_514_264_337_593_543_950m)).Should().Throw<DomainException>().Which.Code.Should().Be(RateErrors.Range);

    [Fact]
    public void Shows_as_percent_and_writes_two_decimals()
    {
        Rate.FromBasisPoints(1_250).ToString().Should().Be("12.5%");
        Rate.FromBasisPoints(7_000).ToString().Should().Be("70%");
        Rate.FromBasisPoints(1_250).ToInvariantString().Should().Be("12.50");
        Rate.FromBasisPoints(1_250).Percent.Should().Be(12.5m);
    }
}
