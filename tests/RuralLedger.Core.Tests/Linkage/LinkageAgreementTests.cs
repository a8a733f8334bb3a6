using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;

namespace RuralLedger.Core.Tests.Linkage;

public sealed class LinkageAgreementTests
{
    private static readonly DivisionCode VillageA = DivisionCode.Parse("522699001001");
    private static readonly DivisionCode VillageB = DivisionCode.Parse("522699001002");
    private static readonly DivisionCode OtherTownship = DivisionCode.Parse("522699002001");

    private static LinkageAgreement Sign(params DivisionCode[] villages) =>
        new("LJ522699-2025-00001", "522699", "合作社", "93522699MA6E3LY2X0", AgreementType.Employment, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1),
            new DateOnly(2026, 12, 31), new PromisedBenefits(Money.FromYuan(2_400m), Money.Zero, Money.Zero, Money.Zero), null,
            villages.Select((v, i) => new AgreementHousehold(new HouseholdId(i + 1), $"H{i}", "户主", v)).ToList(), "test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_scope_is_the_village_all_households_share_else_their_township_else_the_county()
    {
        Sign(VillageA, VillageA).VillageCode.Should().Be(VillageA);
        var township = Sign(VillageA, VillageB);
        (township.VillageCode, township.TownshipCode).Should().Be(((DivisionCode?)null, (DivisionCode?)VillageA.TownshipOf()));
        var county = Sign(VillageA, OtherTownship);
        (county.VillageCode, county.TownshipCode).Should().Be(((DivisionCode?)null, (DivisionCode?)null));
    }

    [Fact]
    public void Renewal_extends_and_counts_an_edition_termination_ends_it_and_nothing_follows_a_termination()
    {
        var a = Sign(VillageA);
        FluentActions.Invoking(() => a.Renew(new DateOnly(2026, 12, 31), "续签")).Should().Throw<DomainException>().Which.Code.Should().Be("agreements.renew_end");
        FluentActions.Invoking(() => a.Renew(new DateOnly(2027, 12, 31), " ")).Should().Throw<DomainException>().Which.Code.Should().Be("reason.required");
        a.Renew(new DateOnly(2027, 12, 31), "续签一年");
        (a.Edition, a.EndOn, a.Version).Should().Be((2, new DateOnly(2027, 12, 31), 1));
        a.InForceIn(2027).Should().BeTrue();
        a.Terminate(new DateOnly(2026, 6, 30), "合作社解散");
        a.InForceIn(2027).Should().BeFalse();
        FluentActions.Invoking(() => a.Terminate(new DateOnly(2026, 7, 1), "再次")).Should().Throw<ConflictException>().Which.Code.Should().Be("agreements.bad_status");
    }
}
