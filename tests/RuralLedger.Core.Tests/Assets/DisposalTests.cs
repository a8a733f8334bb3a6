using RuralLedger.Core.Assets;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Assets;

public sealed class DisposalTests
{
    private static readonly DateOnly Proposed = new(2025, 3, 1);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static (Asset Asset, Disposal Disposal) Propose(DisposalMethod method = DisposalMethod.Auction)
    {
        var asset = ContractTests.NewAsset(300_000_00);
        return (asset, new Disposal(asset, DisposalCase.EndOfLife, method, "冷库设备老化，维修费用高于残值", Proposed, "村会计"));
    }

    [Fact]
    public void Two_thirds_present_exactly_is_a_valid_meeting()
    {
        var (_, disposal) = Propose();

        disposal.RecordResolution(Proposed.AddDays(5), total: 9, present: 6, votesFor: 4, "一致同意报废拍卖");

        disposal.Status.Should().Be(DisposalStatus.ResolutionPassed);
        disposal.RepresentativesPresent.Should().Be(6);
    }

    [Fact]
    public void Fewer_than_two_thirds_present_is_no_meeting()
    {
        var (_, disposal) = Propose();

        var act = () => disposal.RecordResolution(Proposed.AddDays(5), total: 9, present: 5, votesFor: 5, null);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("disposals.quorum");
        error.Field.Should().Be("present");
        disposal.Status.Should().Be(DisposalStatus.Proposed);
    }

    [Theory]
    [InlineData(10, 7, 7, true)]   // 7 × 3 = 21 ≥ 20
    [InlineData(10, 6, 6, false)]  // 6 × 3 = 18 < 20
    [InlineData(3, 2, 2, true)]
    public void Quorum_edges(int total, int present, int votesFor, bool passes)
    {
        var (_, disposal) = Propose();

        var act = () => disposal.RecordResolution(Proposed, total, present, votesFor, null);

        if (passes)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("disposals.quorum");
        }
    }

    [Fact]
    public void Exactly_half_in_favour_is_not_a_majority()
    {
        var (_, disposal) = Propose();

        var act = () => disposal.RecordResolution(Proposed, total: 9, present: 8, votesFor: 4, null);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("disposals.majority");
        disposal.RecordResolution(Proposed, total: 9, present: 8, votesFor: 5, null);
        disposal.Status.Should().Be(DisposalStatus.ResolutionPassed);
    }

    [Fact]
    public void Completing_needs_all_three_approvals_in_order()
    {
        var (asset, disposal) = Propose();
        void Complete() => disposal.Complete(asset, new DateOnly(2025, 5, 1), Money.FromYuan(12_000m), "废旧物资回收公司", Now, "村会计");

        FluentActions.Invoking(Complete).Should().Throw<DomainException>().Which.Code.Should().Be("disposals.approvals_missing");
        FluentActions.Invoking(() => disposal.ApproveByTownship(Proposed, "乡镇", null)).Should().Throw<DomainException>().Which.Code.Should().Be("disposals.bad_step");
        disposal.RecordResolution(Proposed.AddDays(1), 9, 7, 6, null);
        FluentActions.Invoking(Complete).Should().Throw<DomainException>().Which.Message.Should().Contain("乡镇审核").And.Contain("县级审批").And.NotContain("村民代表");
        disposal.ApproveByTownship(Proposed.AddDays(2), "乡镇", "同意");
        FluentActions.Invoking(Complete).Should().Throw<DomainException>().Which.Code.Should().Be("disposals.approvals_missing");
        asset.Status.Should().Be(AssetStatus.InUse);
        disposal.ApproveByCounty(Proposed.AddDays(3), "县农业农村局", "同意");

        Complete();

        disposal.Status.Should().Be(DisposalStatus.Completed);
        disposal.Proceeds.Should().Be(Money.FromYuan(12_000m));
        asset.Status.Should().Be(AssetStatus.Disposed);
        asset.StatusHistory[^1].Reason.Should().Contain("拍卖");
    }

    [Fact]
    public void A_rejected_disposal_cannot_complete()
    {
        var (asset, disposal) = Propose(DisposalMethod.Scrap);
        disposal.RecordResolution(Proposed, 9, 9, 9, null);

        disposal.Reject("残值评估不充分");

        disposal.Status.Should().Be(DisposalStatus.Rejected);
        FluentActions.Invoking(() => disposal.Complete(asset, Proposed, Money.Zero, null, Now, "x"))
            .Should().Throw<DomainException>().Which.Message.Should().Contain("未获通过");
    }
}
