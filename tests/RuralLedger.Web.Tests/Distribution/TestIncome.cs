using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// Income for distribution tests: one income row of a year on a village asset of the test's own (with its own fund
/// source), and the demo county's income of a year set aside so that plans see only the test's.
/// </summary>
internal static class TestIncome
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Adds <paramref name="amount"/> as the village's other income of the year; returns the income row's id.</summary>
    public static async Task<long> AddAsync(TestDatabase database, DivisionCode village, Money amount, int year)
    {
        await using var db = database.CreateContext();
        var source = new FundSource(village.County, FundSourceKind.Central, 2020, "测试资金" + Guid.NewGuid().ToString("N")[..8], Money.FromYuan(10_000_000m), null);
        db.FundSources.Add(source);
        await db.SaveChangesAsync(Ct);
        var asset = new Asset("T" + Guid.NewGuid().ToString("N")[..12], "分配测试冷库", AssetClass.Operating, AssetKind.ColdStore, Industry.EdibleFungi,
            village, 1, "座", new DateOnly(2020, 6, 1), null, [new FundingLine(source.Id, Money.FromYuan(5_000_000m))],
            [new ShareLine(HolderKind.VillageCollective, "村股份经济合作社", null, null, 10_000)], DateTimeOffset.UtcNow, "test");
        db.Assets.Add(asset);
        await db.SaveChangesAsync(Ct);
        var income = new AssetIncome(asset, IncomeKind.Other, new DateOnly(year, 12, 20), amount, "年度收益", null, null, "test", DateTimeOffset.UtcNow);
        db.AssetIncomes.Add(income);
        await db.SaveChangesAsync(Ct);
        return income.Id.Value;
    }

    /// <summary>
    /// The demo county's contract receipts are income too: those of the year are marked as taken (by no plan), so a
    /// plan or a county-wide batch sees only the test's own income.
    /// </summary>
    public static async Task SetAsideDemoAsync(TestDatabase database, int year)
    {
        await using var db = database.CreateContext();
        foreach (var income in await db.AssetIncomes.Where(i => i.Year == year && i.PlanId == null).ToListAsync(Ct))
        {
            income.TakeInto(new DistributionPlanId(-1));
        }
        await db.SaveChangesAsync(Ct);
    }
}
