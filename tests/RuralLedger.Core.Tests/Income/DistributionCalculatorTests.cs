using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Income;

public sealed class DistributionCalculatorTests
{
    private static readonly DateOnly From = new(2024, 1, 1);

    private static Beneficiary Household(int n, PovertyStatus status = PovertyStatus.Exited, int people = 3, bool job = false, params BeneficiaryMember[] members) =>
        new(new HouseholdId(n), $"H{n:D5}", $"户主{n}", status,
            members.Length > 0 ? members : Enumerable.Range(0, people).Select(_ => new BeneficiaryMember(35, LabourAbility.Normal, false)).ToArray(), job);

    [Fact]
    public void A_pool_of_1_300_000_yuan_under_721_gives_910_000_260_000_and_130_000()
    {
        var rule = DistributionRule.SevenTwoOne("522699", From);

        var result = DistributionCalculator.Compute(Money.FromYuan(1_300_000m), rule, Enumerable.Range(1, 85).Select(i => Household(i)));

        result.Parts.Select(p => (p.Part.Code, p.Amount)).Should().Equal(
            ("dividend", Money.FromYuan(910_000m)), ("collective", Money.FromYuan(260_000m)), ("fund", Money.FromYuan(130_000m)));
    }

    [Fact]
    public void Nine_hundred_ten_thousand_yuan_over_85_equal_households_sums_exactly_and_the_odd_fen_go_to_the_first_numbers()
    {
        var rule = DistributionRule.SevenTwoOne("522699", From);

        var result = DistributionCalculator.Compute(Money.FromYuan(1_300_000m), rule, Enumerable.Range(1, 85).Select(i => Household(i)).Reverse());

        result.Lines.Should().HaveCount(85);
        Money.Sum(result.Lines.Select(l => l.Amount)).Should().Be(Money.FromYuan(910_000m));
        // 91,000,000 fen / 85 = 1,070,588 fen remainder 20: the first 20 household numbers get one fen more.
        result.Lines.Select(l => l.HouseholdNo).Should().BeInAscendingOrder(StringComparer.Ordinal);
        result.Lines.Take(20).Should().AllSatisfy(l => l.Amount.Should().Be(Money.FromFen(1_070_589)));
        result.Lines.Skip(20).Should().AllSatisfy(l => l.Amount.Should().Be(Money.FromFen(1_070_588)));
        result.Lines[0].RemainderFen.Should().Be(1);
        result.Lines[0].Explain(result.TotalWeight, result.Shared).Should().Contain("权重 1 / 85").And.Contain("补 1 分").And.Contain("10,705.89 元");
        result.Lines[84].RemainderFen.Should().Be(0);
    }

    [Fact]
    public void The_seed_case_does_not_add_up_so_the_system_computes_rather_than_copies_the_stated_split()
    {
        // The seed reports 1.00 M dividends, 0.20 M collective, 0.10 M fund; 721 of that 1.30 M pool is 0.91/0.26/0.13 M.
        var result = DistributionCalculator.Compute(Money.FromYuan(1_300_000m), DistributionRule.SevenTwoOne("522699", From), [Household(1)]);

        result.Dividends.Should().NotBe(Money.FromYuan(1_000_000m));
        Money.Sum(result.Parts.Select(p => p.Amount)).Should().Be(result.Pool);
    }

    [Fact]
    public void Households_outside_the_eligible_statuses_or_without_a_public_welfare_job_are_listed_as_excluded_with_the_reason()
    {
        var rule = new DistributionRule("522699", "gyg", 1, "公益岗位分红", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, 10_000)], HouseholdWeighting.PerHousehold, null, Money.Zero,
            [PovertyStatus.Registered, PovertyStatus.Exited], requirePublicWelfareJob: true);

        var result = DistributionCalculator.Compute(Money.FromYuan(1_000m), rule,
            [Household(1, job: true), Household(2, job: false), Household(3, PovertyStatus.RiskRemoved, job: true)]);

        result.Lines.Select(l => l.HouseholdNo).Should().Equal("H00001");
        result.Lines[0].Amount.Should().Be(Money.FromYuan(1_000m));
        result.Excluded.Select(e => (e.Household.HouseholdNo, e.Reason)).Should().Equal(
            ("H00002", "本期无家庭成员从事公益岗位"), ("H00003", "冻结日状态为“风险已消除”，不在受益范围"));
    }

    [Fact]
    public void A_guaranteed_minimum_is_paid_first_and_the_rest_is_shared_by_person()
    {
        var rule = new DistributionRule("522699", "min", 1, "保底加按人分红", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, 8_000), new("collective", "集体", RulePartKind.CollectiveIncome, 2_000)],
            HouseholdWeighting.PerPerson, null, Money.FromYuan(200m), [PovertyStatus.Exited], false);

        var result = DistributionCalculator.Compute(Money.FromYuan(10_000m), rule, [Household(1, people: 1), Household(2, people: 3)]);

        result.Dividends.Should().Be(Money.FromYuan(8_000m));
        result.MinimumTotal.Should().Be(Money.FromYuan(400m));
        result.Lines.Select(l => l.Amount).Should().Equal(Money.FromYuan(200m + 1_900m), Money.FromYuan(200m + 5_700m));
    }

    [Fact]
    public void A_minimum_the_dividend_part_cannot_fund_is_refused_with_the_figures()
    {
        var rule = new DistributionRule("522699", "min", 1, "保底", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, 10_000)], HouseholdWeighting.PerHousehold, null, Money.FromYuan(600m), [PovertyStatus.Exited], false);

        var act = () => DistributionCalculator.Compute(Money.FromYuan(1_000m), rule, [Household(1), Household(2)]);

        act.Should().Throw<DomainException>().Where(e => e.Code == "plans.minimum_unfunded" && e.Message.Contains("1,200.00 元", StringComparison.Ordinal));
    }

    [Fact]
    public void Factor_weights_add_for_members_without_labour_ability_disabled_or_elderly()
    {
        var rule = new DistributionRule("522699", "f", 1, "因素", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, 10_000)], HouseholdWeighting.Factors, new FactorWeights(100, 50, 40, 30, 60), Money.Zero, [PovertyStatus.Exited], false);
        var household = Household(1, members: [new(70, LabourAbility.None, true), new(40, LabourAbility.Normal, false)]);

        DistributionCalculator.WeightOf(household, rule).Should().Be(100 + 50 + 40 + 30 + 100);
    }

    [Theory]
    [InlineData(7_000, 2_000, 999, "rules.parts_sum")]
    [InlineData(7_000, 3_001, -1, "rules.part_range")]
    public void Parts_must_sum_to_exactly_100_percent(int a, int b, int c, string code)
    {
        var act = () => new DistributionRule("522699", "x", 1, "x", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, a), new("collective", "集体", RulePartKind.CollectiveIncome, b), new("fund", "基金", RulePartKind.ManagementFund, c)],
            HouseholdWeighting.PerHousehold, null, Money.Zero, [PovertyStatus.Exited], false);

        act.Should().Throw<DomainException>().Which.Code.Should().Be(code);
    }

    [Fact]
    public void A_3_3_2_2_rule_is_representable()
    {
        var rule = new DistributionRule("522699", "3322", 1, "3322", From,
            [new("dividend", "分红", RulePartKind.HouseholdDividend, 3_000), new("collective", "集体", RulePartKind.CollectiveIncome, 3_000),
             new("fund", "基金", RulePartKind.ManagementFund, 2_000), new("welfare", "公益岗位", RulePartKind.Other, 2_000)],
            HouseholdWeighting.PerHousehold, null, Money.Zero, [PovertyStatus.Exited], false);

        var result = DistributionCalculator.Compute(Money.FromFen(1_000_001), rule, [Household(1)]);

        result.Parts.Select(p => p.Amount.Fen).Should().Equal(300_001, 300_000, 200_000, 200_000);
    }

    [Property(MaxTest = 300)]
    public Property Parts_sum_to_the_pool_and_lines_to_the_dividend_part_each_within_one_fen_of_its_share()
    {
        var gen =
            from pool in Gen.Choose(1, int.MaxValue)
            from count in Gen.Choose(1, 200)
            from people in Gen.ArrayOf(Gen.Choose(1, 8), count)
            from dividendBp in Gen.Choose(1, 10_000)
            select (pool, people, dividendBp);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (pool, people, dividendBp) = input;
            var rule = new DistributionRule("522699", "p", 1, "p", From,
                dividendBp == 10_000
                    ? [new("dividend", "分红", RulePartKind.HouseholdDividend, 10_000)]
                    : [new("dividend", "分红", RulePartKind.HouseholdDividend, dividendBp), new("rest", "其他", RulePartKind.CollectiveIncome, 10_000 - dividendBp)],
                HouseholdWeighting.PerPerson, null, Money.Zero, [PovertyStatus.Exited], false);
            var households = people.Select((p, i) => Household(i + 1, people: p)).ToList();
            var result = DistributionCalculator.Compute(Money.FromFen(pool), rule, households);
            var sumParts = Money.Sum(result.Parts.Select(p => p.Amount)) == result.Pool;
            var sumLines = Money.Sum(result.Lines.Select(l => l.Amount)) == result.Dividends;
            var totalPeople = people.Sum();
            var withinOneFen = result.Lines.All(l =>
            {
                var exact = (decimal)result.Shared.Fen * l.Weight / totalPeople;
                return Math.Abs(l.Amount.Fen - exact) < 1m;
            });
            return sumParts && sumLines && withinOneFen;
        });
    }
}
