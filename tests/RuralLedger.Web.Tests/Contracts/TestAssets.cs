using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Contracts;

/// <summary>
/// Assets written straight into the test database by a system job (no dependence on the demo's assets), each with its
/// own fund source and a unique code so test classes sharing a database never collide.
/// </summary>
internal static class TestAssets
{
    public const string Hunzhai = "522699001001";        // 混寨村, the demo "village" officer's village
    public const string CountyCompany = "茶乡县扶贫开发投资有限责任公司";

    public static async Task<long[]> CreateAsync(TestDatabase database, string village, HolderKind holder, string holderName, params decimal[] valuesInYuan)
    {
        await using var db = database.CreateContext();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var fund = new FundSource("522699", FundSourceKind.Central, 2020, "测试衔接资金 " + tag, Money.FromYuan(valuesInYuan.Sum()), null);
        db.FundSources.Add(fund);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var assets = valuesInYuan.Select((v, i) => new Asset(
            $"TST-{tag}-{i}", $"测试油茶基地{tag[..4]}-{i}", AssetClass.Operating, AssetKind.PlantingBase, Industry.CamelliaOil, DivisionCode.Parse(village),
            500m, "亩", new DateOnly(2020, 10, 1), null, [new FundingLine(fund.Id, Money.FromYuan(v))],
            [new ShareLine(holder, holderName, null, null, Asset.FullShare)], DateTimeOffset.UtcNow, "test")).ToList();
        db.Assets.AddRange(assets);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return assets.Select(a => a.Id.Value).ToArray();
    }
}
