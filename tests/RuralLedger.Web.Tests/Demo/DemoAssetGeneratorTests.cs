using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Web.Tests.Demo;

public class DemoAssetGeneratorTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static IReadOnlyList<Area> Areas() =>
        new DemoCountyGenerator(PersonalDataVault.CreateRandom()).Generate(DemoSize.County).Single().Areas;

    [Fact]
    public void The_same_business_date_gives_the_same_data()
    {
        var areas = Areas();

        var a = new DemoAssetGenerator(Today).Generate(areas);
        var b = new DemoAssetGenerator(Today).Generate(areas);

        a.Assets.Select(x => (x.Name, x.OriginalValue, x.Location)).Should().Equal(b.Assets.Select(x => (x.Name, x.OriginalValue, x.Location)));
        a.Contracts.Select(c => (c.Terms.OperatorName, c.Terms.StartOn, c.Payments.Count)).Should().Equal(b.Contracts.Select(c => (c.Terms.OperatorName, c.Terms.StartOn, c.Payments.Count)));
    }

    [Fact]
    public void Every_accepted_project_spends_within_its_budget_from_its_own_sources()
    {
        var data = new DemoAssetGenerator(Today).Generate(Areas());

        foreach (var p in data.Projects)
        {
            if (p.Status != ProjectStatus.Accepted)
            {
                p.Assets.Should().BeEmpty();
                continue;
            }
            foreach (var g in p.Assets.SelectMany(a => a.Funding).GroupBy(f => f.Fund))
            {
                var budget = p.Budget.Single(b => b.Fund == g.Key).Amount;
                Money.Sum(g.Select(f => f.Amount)).Should().BeLessThanOrEqualTo(budget);
                data.Funds[g.Key].Year.Should().Be(p.Year);
            }
        }
        data.Assets.Should().OnlyContain(a => a.Shares.Sum(s => s.BasisPoints) == Asset.FullShare && a.Funding.All(f => f.Amount > Money.Zero));
        data.Assets.Should().Contain(a => a.Location.Value == "522699001001", "the demo village officer has assets of the village")
            .And.Contain(a => a.Location.Value == "522699001002");
    }

    [Fact]
    public void Operators_carry_valid_credit_codes_and_public_contracting_has_one_winner_among_bids()
    {
        var data = new DemoAssetGenerator(Today).Generate(Areas());

        data.Contracts.Where(c => c.Terms.OperatorKind is OperatorKind.Enterprise or OperatorKind.Cooperative)
            .Should().OnlyContain(c => CreditCode.IsValid(c.Terms.OperatorCreditCode));
        data.Contracts.SelectMany(c => c.Bids).Where(b => b.CreditCode != null).Should().OnlyContain(b => CreditCode.IsValid(b.CreditCode));
        data.Contracts.Where(c => c.Terms.Mode == OperationMode.PublicContracting)
            .Should().OnlyContain(c => c.Bids.Count >= 2 && c.Bids.Count <= 3 && c.Bids.Single(b => b.Won).BidderName == c.Terms.OperatorName);
        data.Contracts.SelectMany(c => c.Payments).Should().OnlyContain(p => p.On <= Today);
        data.Contracts.Should().OnlyContain(c => c.Payments.All(p => p.On >= c.Terms.SignedOn));
        data.Contracts[0].Terms.OperatorName.Should().Be(DemoAssetGenerator.SeedOperator);
        data.Contracts[0].Employment.Should().Contain(e => e.PoorPeople == 85 && e.Wages == Money.FromYuan(2_000_000m) && e.WagesToPoor == Money.FromYuan(406_700m));
    }
}
