using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Credit;

public sealed class SubsidyClaimTests
{
    [Theory]
    [InlineData(38_750, 10_000, 38_750)]
    [InlineData(38_750, 7_000, 27_125)]
    [InlineData(1, 5_000, 1)]   // 0.5 fen rounds up
    [InlineData(3, 3_333, 1)]   // 0.9999 fen
    public void The_subsidy_is_interest_paid_on_time_times_the_share_half_up(long interestFen, int shareBp, long subsidyFen) =>
        SubsidyClaim.SubsidyOf(Money.FromFen(interestFen), Rate.FromBasisPoints(shareBp)).Fen.Should().Be(subsidyFen);

    [Property(MaxTest = 200)]
    public Property The_subsidy_never_exceeds_the_interest_and_is_within_half_a_fen(PositiveInt interest, ushort shareSeed)
    {
        var share = Rate.FromBasisPoints(shareSeed % 10_001);
        var subsidy = SubsidyClaim.SubsidyOf(Money.FromFen(interest.Get), share);
        var exact = interest.Get * (decimal)share.BasisPoints / 10_000m;
        return (subsidy.Fen <= interest.Get && Math.Abs(subsidy.Fen - exact) <= 0.5m).Label($"{interest.Get} × {share} = {subsidy.Fen}");
    }

    [Fact]
    public void A_quarter_is_claimed_only_after_it_ends()
    {
        SubsidyClaim.QuarterDates(2026, 1).Should().Be((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)));
        ((Action)(() => SubsidyClaim.QuarterDates(2026, 5))).Should().Throw<DomainException>().Which.Code.Should().Be("loans.claim_quarter");
        var policy = CreditSeed.Programmes("522699", DateTimeOffset.UtcNow)[1];
        ((Action)(() => SubsidyClaim.Build("522699", "B", "银行", 2026, 4, policy, [], new DateOnly(2026, 12, 6), "t", DateTimeOffset.UtcNow)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("loans.claim_early");
    }
}
