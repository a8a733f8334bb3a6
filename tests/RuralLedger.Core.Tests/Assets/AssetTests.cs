using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Tests.Assets;

public sealed class AssetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DivisionCode Village = DivisionCode.Parse("522699001001");

    private static ShareLine Collective(int basisPoints) => new(HolderKind.VillageCollective, "混寨村股份经济合作联合社", null, null, basisPoints);

    private static Asset NewAsset(IReadOnlyList<FundingLine>? funding = null, IReadOnlyList<ShareLine>? shares = null, DivisionCode? location = null) =>
        new("ZC522699-2026-00001", "食用菌冷库", AssetClass.Operating, AssetKind.ColdStore, Industry.EdibleFungi, location ?? Village, 1m, "座",
            new DateOnly(2019, 6, 30), null,
            funding ?? [new FundingLine(new FundSourceId(1), Money.FromYuan(1_234_567.89m)), new FundingLine(new FundSourceId(2), Money.FromYuan(100_000.01m))],
            shares ?? [Collective(6_000), new ShareLine(HolderKind.CountyCompany, "茶乡县扶贫开发投资有限责任公司", null, null, 4_000)],
            Now, "测试");

    [Fact]
    public void The_original_value_is_the_sum_of_the_funding_lines_to_the_fen()
    {
        var asset = NewAsset();

        asset.OriginalValue.Should().Be(Money.FromFen(133_456_790));
        asset.Place.Should().Be(new Place("522699", DivisionCode.Parse("522699001000"), Village));
        asset.OwnersText.Should().Be("混寨村股份经济合作联合社 60%；茶乡县扶贫开发投资有限责任公司 40%");
        asset.StatusHistory.Should().ContainSingle().Which.ToStatus.Should().Be(AssetStatus.InUse);
    }

    [Theory]
    [InlineData(6_000, 3_999)]
    [InlineData(6_000, 4_001)]
    [InlineData(10_000, 1)]
    public void Shares_not_summing_to_exactly_100_percent_are_refused(int first, int second)
    {
        var act = () => NewAsset(shares: [Collective(first), new ShareLine(HolderKind.Township, "茶乡镇人民政府", null, null, second)]);

        act.Should().Throw<DomainException>().Where(e => e.Code == "assets.shares_sum" && e.Field == "shares");
    }

    [Fact]
    public void Funding_needs_a_positive_amount_per_source_once()
    {
        var twice = () => NewAsset(funding: [new FundingLine(new FundSourceId(1), Money.FromYuan(1m)), new FundingLine(new FundSourceId(1), Money.FromYuan(2m))]);
        var zero = () => NewAsset(funding: [new FundingLine(new FundSourceId(1), Money.Zero)]);
        var none = () => NewAsset(funding: []);

        twice.Should().Throw<DomainException>().Which.Code.Should().Be("assets.duplicate_source");
        zero.Should().Throw<DomainException>().Which.Code.Should().Be("assets.funding_positive");
        none.Should().Throw<DomainException>().Which.Code.Should().Be("assets.no_funding");
    }

    [Fact]
    public void A_status_change_is_recorded_with_its_reason_and_disposal_is_refused()
    {
        var asset = NewAsset();
        var version = asset.Version;

        asset.ChangeStatus(AssetStatus.Idle, new DateOnly(2024, 3, 1), "经营主体退出", Now, "测试");
        var dispose = () => asset.ChangeStatus(AssetStatus.Disposed, new DateOnly(2024, 4, 1), "拆除", Now, "测试");
        var same = () => asset.ChangeStatus(AssetStatus.Idle, new DateOnly(2024, 4, 1), "仍闲置", Now, "测试");
        var early = () => asset.ChangeStatus(AssetStatus.InUse, new DateOnly(2019, 1, 1), "补录", Now, "测试");

        asset.Status.Should().Be(AssetStatus.Idle);
        asset.Version.Should().BeGreaterThan(version);
        asset.StatusHistory.Select(c => (c.FromStatus, c.ToStatus, c.Reason)).Should().Equal((null, AssetStatus.InUse, "资产形成登记"), (AssetStatus.InUse, AssetStatus.Idle, "经营主体退出"));
        dispose.Should().Throw<DomainException>().Which.Code.Should().Be("assets.dispose_via_disposal");
        same.Should().Throw<DomainException>().Which.Code.Should().Be("assets.same_status");
        early.Should().Throw<DomainException>().Which.Code.Should().Be("assets.status_date");
    }

    [Fact]
    public void A_transfer_keeps_the_owners_before_and_after()
    {
        var asset = NewAsset();

        asset.TransferOwnership([Collective(10_000)], new DateOnly(2025, 1, 15), "县公司份额无偿划转村集体", "测试");

        asset.Shares.Should().ContainSingle().Which.BasisPoints.Should().Be(10_000);
        var change = asset.OwnershipHistory.Should().ContainSingle().Subject;
        change.Before.Should().Be("混寨村股份经济合作联合社 60%；茶乡县扶贫开发投资有限责任公司 40%");
        change.After.Should().Be("混寨村股份经济合作联合社 100%");
        change.Reason.Should().Be("县公司份额无偿划转村集体");
    }

    [Fact]
    public void A_transfer_with_wrong_shares_leaves_the_owners_and_history_unchanged()
    {
        var asset = NewAsset();

        var act = () => asset.TransferOwnership([Collective(9_999)], new DateOnly(2025, 1, 15), "划转", "测试");

        act.Should().Throw<DomainException>().Which.Code.Should().Be("assets.shares_sum");
        asset.Shares.Select(s => s.BasisPoints).Should().Equal(6_000, 4_000);
        asset.OwnershipHistory.Should().BeEmpty();
    }

    [Fact]
    public void A_household_owner_must_name_the_household_and_an_asset_sits_no_lower_than_a_village()
    {
        var household = () => NewAsset(shares: [new ShareLine(HolderKind.Household, "龙某", null, null, 10_000)]);
        var group = () => NewAsset(location: DivisionCode.Parse("522699001001001"));

        household.Should().Throw<DomainException>().Which.Field.Should().Be("shares[0].householdId");
        group.Should().Throw<DomainException>().Which.Code.Should().Be("assets.place_group");
    }

    [Fact]
    public void A_county_level_asset_has_no_township_or_village()
    {
        var asset = NewAsset(location: DivisionCode.ForCounty("522699"));

        asset.TownshipCode.Should().BeNull();
        asset.VillageCode.Should().BeNull();
        asset.Place.Code.Should().Be(DivisionCode.Parse("522699000000"));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, null)]
    public void A_file_type_is_decided_by_its_leading_bytes(byte[] content, string? expected) =>
        AssetFile.Sniff(content).Should().Be(expected);

    [Fact]
    public void A_file_takes_its_type_from_the_bytes_and_keeps_only_the_base_name()
    {
        var asset = NewAsset();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

        var file = new AssetFile(asset, @"C:\照片\..\冷库.pdf", png, "外观", "测试", Now);
        var exe = () => new AssetFile(asset, "photo.png", [0x4D, 0x5A, 0x90, 0x00], null, "测试", Now);
        var tooLarge = () => new AssetFile(asset, "big.png", new byte[AssetFile.MaxBytes + 1], null, "测试", Now);

        file.ContentType.Should().Be("image/png");
        file.FileName.Should().Be("冷库.pdf");
        file.Size.Should().Be(png.Length);
        file.VillageCode.Should().Be(Village);
        exe.Should().Throw<DomainException>().Which.Code.Should().Be("files.type");
        tooLarge.Should().Throw<DomainException>().Which.Code.Should().Be("files.too_large");
    }
}
