using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Tests.Assets;

public sealed class ContractTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2025, 1, 1);

    internal static Asset NewAsset(long fen, string code = "ZC522699-2025-00001") =>
        new(code, "油茶基地", AssetClass.Operating, AssetKind.PlantingBase, Industry.CamelliaOil, DivisionCode.Parse("522699001001"),
            100m, "亩", new DateOnly(2020, 6, 1), null, [new FundingLine(new FundSourceId(1), Money.FromFen(fen))],
            [new ShareLine(HolderKind.VillageCollective, "混寨村股份经济合作社", null, null, Asset.FullShare)], Now, "test");

    private static ContractTerms Terms(
        ConsiderationKind consideration = ConsiderationKind.FixedRent, Money? rent = null, int rate = 0,
        PaymentFrequency frequency = PaymentFrequency.Annual, int months = 36, int grace = 0,
        OperationMode mode = OperationMode.Entrusted, string creditCode = "91440300708461136T") =>
        new(OperatorKind.Enterprise, "茶乡农业开发有限公司", creditCode, "龙经理", mode, Start, Start, months,
            consideration, rent ?? Money.FromYuan(120_000m), rate, frequency, grace);

    private static Contract Fixed(Money annual, PaymentFrequency frequency = PaymentFrequency.Annual, int months = 36, int grace = 0) =>
        new("HT522699-2025-0001", [NewAsset(1_000_000_00)], Terms(rent: annual, frequency: frequency, months: months, grace: grace), []);

    [Fact]
    public void A_fixed_rent_schedule_has_one_instalment_per_period_and_each_year_sums_to_the_annual_rent()
    {
        var contract = Fixed(Money.FromYuan(120_000m), PaymentFrequency.Monthly, months: 24, grace: 10);

        contract.Receivables.Should().HaveCount(24);
        contract.Receivables.Take(12).Select(r => r.Amount).Should().AllBeEquivalentTo(Money.FromYuan(10_000m));
        contract.Receivables[0].DueOn.Should().Be(new DateOnly(2025, 1, 11), "due the grace days after the period starts");
        contract.Receivables[1].Period.Should().Be("2025-02-01至2025-02-28");
        contract.Receivable.Should().Be(Money.FromYuan(240_000m));
        contract.EndOn.Should().Be(new DateOnly(2026, 12, 31));
    }

    [Fact]
    public void A_quarterly_rent_of_100000_01_yuan_gives_the_odd_fen_to_the_first_quarter_of_every_year()
    {
        var annual = Money.FromYuan(100_000.01m);

        var contract = Fixed(annual, PaymentFrequency.Quarterly, months: 36);

        contract.Receivables.Should().HaveCount(12);
        contract.Receivables.Select(r => r.Amount.Fen).Take(4).Should().Equal(2_500_001, 2_500_000, 2_500_000, 2_500_000);
        contract.Receivables.Chunk(4).Select(year => Money.Sum(year.Select(r => r.Amount))).Should().AllBeEquivalentTo(annual);
        contract.Receivable.Should().Be(Money.FromYuan(300_000.03m));
    }

    [Fact]
    public void A_guaranteed_return_is_the_assets_value_times_the_rate_rounded_half_away_from_zero()
    {
        // 1,234,567.89 × 3.33% = 41,111.110737 → 41,111.11
        var contract = new Contract("HT1", [NewAsset(123_456_789)], Terms(ConsiderationKind.GuaranteedReturn, rate: 333), []);
        // 1.50 yuan × 1% = 1.5 fen → 2 fen; 2.50 × 1% = 2.5 → 3 (half away from zero, not to even)
        var half = Contract.GuaranteedReturn(Money.FromFen(150), 100);
        var evenHalf = Contract.GuaranteedReturn(Money.FromFen(250), 100);

        contract.AnnualAmount.Should().Be(Money.FromYuan(41_111.11m));
        contract.RateBasisPoints.Should().Be(333);
        half.Should().Be(Money.FromFen(2));
        evenHalf.Should().Be(Money.FromFen(3));
        Contract.GuaranteedReturn(Money.FromFen(149), 100).Should().Be(Money.FromFen(1));
    }

    [Fact]
    public void A_guaranteed_return_over_several_assets_is_worked_out_on_their_total_value()
    {
        var contract = new Contract("HT1", [NewAsset(50_000_00, "A"), NewAsset(150_000_00, "B")], Terms(ConsiderationKind.GuaranteedReturn, rate: 600), []);

        contract.AnnualAmount.Should().Be(Money.FromYuan(12_000m));
        contract.Assets.Select(a => a.ValueAtSigning).Should().Equal(Money.FromYuan(50_000m), Money.FromYuan(150_000m));
    }

    [Fact]
    public void Receipts_pay_the_oldest_instalments_first()
    {
        var contract = Fixed(Money.FromYuan(40_000m), PaymentFrequency.Quarterly, months: 12);

        contract.Receive(new DateOnly(2025, 5, 1), Money.FromYuan(15_000m), "收据 001", "村会计", Now);

        contract.Receivables.Select(r => r.Paid).Should().Equal(Money.FromYuan(10_000m), Money.FromYuan(5_000m), Money.Zero, Money.Zero);
        contract.Receivables.Select(r => r.Outstanding).Should().Equal(Money.Zero, Money.FromYuan(5_000m), Money.FromYuan(10_000m), Money.FromYuan(10_000m));
        contract.Received.Should().Be(Money.FromYuan(15_000m));
        contract.Outstanding.Should().Be(Money.FromYuan(25_000m));
        contract.Receipts.Should().ContainSingle().Which.Reference.Should().Be("收据 001");
    }

    [Fact]
    public void Paying_more_than_is_owed_is_refused_and_changes_nothing()
    {
        var contract = Fixed(Money.FromYuan(40_000m), PaymentFrequency.Annual, months: 12);
        var version = contract.Version;

        var act = () => contract.Receive(new DateOnly(2025, 5, 1), Money.FromYuan(40_000.01m), null, "村会计", Now);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("contracts.overpaid");
        contract.Receipts.Should().BeEmpty();
        contract.Receivables.Single().Paid.Should().Be(Money.Zero);
        contract.Version.Should().Be(version);
        contract.Receive(new DateOnly(2025, 5, 1), Money.FromYuan(40_000m), null, "村会计", Now);
        contract.Outstanding.Should().Be(Money.Zero);
    }

    [Fact]
    public void Termination_cancels_the_unpaid_instalments_whose_period_starts_after_it_and_keeps_what_is_owed()
    {
        var contract = Fixed(Money.FromYuan(40_000m), PaymentFrequency.Quarterly, months: 24, grace: 15);
        contract.Receive(new DateOnly(2025, 2, 1), Money.FromYuan(10_000m), null, "村会计", Now);

        contract.Terminate(new DateOnly(2025, 5, 20), "经营主体退出", breach: true, "连续两季度未付租金");

        contract.Status.Should().Be(ContractStatus.Terminated);
        contract.Breach.Should().BeTrue();
        contract.Receivables.Select(r => r.Cancelled).Should().Equal(false, false, true, true, true, true, true, true);
        contract.Receivable.Should().Be(Money.FromYuan(20_000m), "the first two quarters were running before the termination");
        contract.Outstanding.Should().Be(Money.FromYuan(10_000m));
        FluentActions.Invoking(() => contract.Terminate(new DateOnly(2025, 6, 1), "再次", false, null))
            .Should().Throw<DomainException>().Which.Code.Should().Be("contracts.not_active");
    }

    [Fact]
    public void A_profit_share_owes_nothing_until_a_year_is_declared()
    {
        var contract = new Contract("HT1", [NewAsset(1_000_000_00)], Terms(ConsiderationKind.ProfitShare, rate: 1250), []);

        contract.Receivables.Should().BeEmpty();
        var share = contract.AddProfitShare(2025, Money.FromYuan(80_000.04m), new DateOnly(2026, 1, 31));

        share.Should().Be(Money.FromYuan(10_000.01m), "12.5% of 80,000.04 is 10,000.005, rounded half away from zero");
        contract.Receivables.Should().ContainSingle().Which.Period.Should().Be("2025年度利润分成");
        FluentActions.Invoking(() => contract.AddProfitShare(2025, Money.FromYuan(1m), new DateOnly(2026, 1, 31)))
            .Should().Throw<ConflictException>().Which.Code.Should().Be("contracts.profit_declared");
    }

    [Fact]
    public void Public_contracting_needs_exactly_one_winner_who_is_the_operator()
    {
        var terms = Terms(mode: OperationMode.PublicContracting);
        var winner = new BidLine("茶乡农业开发有限公司", "91440300708461136T", Money.FromYuan(120_000m), true);
        var loser = new BidLine("另一家公司", null, Money.FromYuan(100_000m), false);

        var none = () => new Contract("HT1", [NewAsset(100)], terms, []);
        var noWinner = () => new Contract("HT1", [NewAsset(100)], terms, [loser]);
        var twoWinners = () => new Contract("HT1", [NewAsset(100)], terms, [winner, loser with { Won = true }]);
        var otherWinner = () => new Contract("HT1", [NewAsset(100)], terms, [winner with { Won = false }, loser with { Won = true }]);
        var ok = new Contract("HT1", [NewAsset(100)], terms, [winner, loser]);

        none.Should().Throw<DomainException>().Which.Code.Should().Be("contracts.bids_required");
        noWinner.Should().Throw<DomainException>().Which.Code.Should().Be("contracts.one_winner");
        twoWinners.Should().Throw<DomainException>().Which.Code.Should().Be("contracts.one_winner");
        otherWinner.Should().Throw<DomainException>().Which.Code.Should().Be("contracts.winner_operator");
        ok.Bids.Should().HaveCount(2);
    }

    [Fact]
    public void An_enterprise_operator_needs_a_valid_credit_code()
    {
        var act = () => new Contract("HT1", [NewAsset(100)], Terms(creditCode: "91440300708461136U"), []);

        var error = act.Should().Throw<DomainException>().Which;
        error.Field.Should().Be("operatorCreditCode");
        error.Code.Should().Be("credit_code.check");
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-5, null)]
    [InlineData(1, AgingBucket.UpTo30)]
    [InlineData(30, AgingBucket.UpTo30)]
    [InlineData(31, AgingBucket.UpTo90)]
    [InlineData(90, AgingBucket.UpTo90)]
    [InlineData(91, AgingBucket.UpTo180)]
    [InlineData(180, AgingBucket.UpTo180)]
    [InlineData(181, AgingBucket.Over180)]
    [InlineData(2000, AgingBucket.Over180)]
    public void Arrears_are_aged_from_the_day_after_the_due_date(int daysOverdue, AgingBucket? bucket)
    {
        var due = new DateOnly(2025, 3, 31);

        ArrearsAging.BucketOf(due, due.AddDays(daysOverdue)).Should().Be(bucket);
    }

    [Fact]
    public void Aging_a_schedule_puts_each_unpaid_instalment_in_its_bucket_and_skips_paid_ones()
    {
        var contract = Fixed(Money.FromYuan(40_000m), PaymentFrequency.Quarterly, months: 12);
        contract.Receive(new DateOnly(2025, 1, 5), Money.FromYuan(4_000m), null, "村会计", Now);

        // Due 01-01, 04-01, 07-01, 10-01; as of 2025-07-15: 195, 105 and 14 days overdue.
        var aged = ArrearsAging.Age(contract.Receivables, new DateOnly(2025, 7, 15));

        aged[AgingBucket.Over180].Should().Be(Money.FromYuan(6_000m));
        aged[AgingBucket.UpTo180].Should().Be(Money.FromYuan(10_000m));
        aged[AgingBucket.UpTo90].Should().Be(Money.Zero);
        aged[AgingBucket.UpTo30].Should().Be(Money.FromYuan(10_000m));
    }
}
