using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data.Demo;
using RuralLedger.Data;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// Issue #5 in a real browser: the village officer builds a 721 plan from the year's income, records the 四议 meeting
/// and the notice; the township officer approves; the village officer posts it. The amounts shown add up to the fen.
/// </summary>
public sealed class DistributionTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public DistributionTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _context = await _app.NewContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    /// <summary>A year's income of 1,300,000.00 yuan for 洪家湾村 in a year of its own, so the plan's pool is known exactly.</summary>
    private async Task<int> IncomeAsync()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 2;
        var source = await db.FundSources.FirstOrDefaultAsync();
        if (source is null)
        {
            source = new FundSource("522699", FundSourceKind.Central, 2019, "浏览器测试资金", Money.FromYuan(5_000_000m), null);
            db.FundSources.Add(source);
            await db.SaveChangesAsync();
        }
        var asset = new Asset("BT" + Guid.NewGuid().ToString("N")[..10], "洪家湾村黄桃冷库", AssetClass.Operating, AssetKind.ColdStore, Industry.FineFruit,
            DivisionCode.Parse("522699001002"), 1, "座", new DateOnly(2019, 5, 1), null, [new FundingLine(source.Id, Money.FromYuan(2_000_000m))],
            [new ShareLine(HolderKind.VillageCollective, "洪家湾村股份经济合作社", null, null, 10_000)], DateTimeOffset.UtcNow, "test");
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        foreach (var other in await db.AssetIncomes.Where(i => i.VillageCode == asset.VillageCode && i.Year == year && i.PlanId == null).ToListAsync())
        {
            other.TakeInto(new DistributionPlanId(-1)); // keep the pool to this test's income only
        }
        db.AssetIncomes.Add(new AssetIncome(asset, IncomeKind.Other, new DateOnly(year, 11, 30), Money.FromYuan(1_300_000m), "冷库年度租赁收益", null, null, "test", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return year;
    }

    /// <summary>The app runs on the real clock: the plan's dates move ten days back, as if the notice had run its time.</summary>
    private async Task TenDaysPassAsync(long planId, DateOnly today)
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var earlier = DateTimeOffset.UtcNow.AddDays(-10);
        await db.DistributionPlans.Where(p => p.Id == new DistributionPlanId(planId)).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.CreatedAt, earlier).SetProperty(p => p.MeetingOn, today.AddDays(-10))
            .SetProperty(p => p.NoticeFrom, today.AddDays(-10)).SetProperty(p => p.NoticeTo, today.AddDays(-4)));
    }

    [Fact]
    public async Task A_village_officer_builds_a_721_plan_records_meeting_and_notice_and_the_township_approves_it()
    {
        var year = await IncomeAsync();
        var today = BusinessCalendar.Today(TimeProvider.System);
        await BrowserApp.SignInAsync(_page, "village2", DemoLoader.DemoPassword);

        await _page.GotoAsync($"/distribution/new?village=522699001002&year={year}");
        await Expect(_page.Locator("#incomes tbody")).ToContainTextAsync("1,300,000.00 元");
        await _page.Locator("#build-plan").ClickAsync();

        await Expect(_page.Locator("#plan-status")).ToHaveTextAsync("已测算");
        await Expect(_page.Locator("#parts tbody tr").Nth(0)).ToContainTextAsync("910,000.00 元");
        await Expect(_page.Locator("#parts tbody tr").Nth(1)).ToContainTextAsync("260,000.00 元");
        await Expect(_page.Locator("#parts tbody tr").Nth(2)).ToContainTextAsync("130,000.00 元");
        await Expect(_page.Locator("#parts tfoot")).ToContainTextAsync("1,300,000.00 元");
        await Expect(_page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("各户分红.*合计 910,000.00 元") })).ToBeVisibleAsync();
        var planUrl = _page.Url;

        // A meeting before the plan was computed is refused; so is one short of two thirds, with the reason; then a valid one today.
        await _page.GetByLabel("会议日期").FillAsync(today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByLabel("应到人数").FillAsync("30");
        await _page.GetByLabel("实到人数").FillAsync("25");
        await _page.GetByLabel("赞成票数").FillAsync("21");
        await _page.Locator("#record-meeting").ClickAsync();
        await Expect(_page.Locator(".alert-danger")).ToContainTextAsync("会议日期不能早于方案测算日期");
        await _page.GetByLabel("会议日期").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByLabel("应到人数").FillAsync("30");
        await _page.GetByLabel("实到人数").FillAsync("15");
        await _page.GetByLabel("赞成票数").FillAsync("12");
        await _page.Locator("#record-meeting").ClickAsync();
        await Expect(_page.Locator(".alert-danger")).ToContainTextAsync("不足应到 30 人的三分之二");
        await _page.GetByLabel("实到人数").FillAsync("25");
        await _page.GetByLabel("赞成票数").FillAsync("21");
        await _page.Locator("#record-meeting").ClickAsync();
        await Expect(_page.Locator("#meeting")).ToContainTextAsync("实到 25 人，赞成 21 票");

        // A notice entered after its end is refused; one running from today for seven days is published.
        await _page.GetByLabel("公示开始").FillAsync(today.AddDays(-9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByLabel("公示结束").FillAsync(today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.Locator("#publish-notice").ClickAsync();
        await Expect(_page.Locator(".alert-danger")).ToContainTextAsync("不能事后登记");
        await _page.GetByLabel("公示开始").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByLabel("公示结束").FillAsync(today.AddDays(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.Locator("#publish-notice").ClickAsync();
        await Expect(_page.Locator("#notice")).ToContainTextAsync("公示中");
        await Expect(_page.Locator("#approve")).ToHaveCountAsync(0);
        await TenDaysPassAsync(long.Parse(planUrl[(planUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture), today);
        await _page.ReloadAsync();
        await Expect(_page.Locator("#notice")).ToContainTextAsync("公示期已满");

        await _context.ClearCookiesAsync();
        await BrowserApp.SignInAsync(_page, "township", DemoLoader.DemoPassword);
        await _page.GotoAsync(planUrl);
        await _page.GetByLabel("审批意见").FillAsync("经审核，同意按方案分配。");
        await _page.Locator("#approve").ClickAsync();
        // Approving cannot be withdrawn: the dialog asks first; click it once it is shown, as the posting step does.
        await Expect(_page.Locator("#confirm-message")).ToContainTextAsync("不能撤回");
        await _page.Locator("#confirm-ok").ClickAsync();
        await Expect(_page.Locator("#plan-status")).ToHaveTextAsync("乡镇已审批");
        await Expect(_page.Locator("#approval")).ToContainTextAsync("同意按方案分配");

        await _context.ClearCookiesAsync();
        await BrowserApp.SignInAsync(_page, "village2", DemoLoader.DemoPassword);
        await _page.GotoAsync(planUrl);
        await _page.Locator("#post").ClickAsync();
        await Expect(_page.Locator("#confirm-message")).ToContainTextAsync("只能冲销");
        await _page.Locator("#confirm-ok").ClickAsync();
        await Expect(_page.Locator("#plan-status")).ToHaveTextAsync("已记账");
        await Expect(_page.Locator("#create-batch")).ToBeVisibleAsync();
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "distribution-plan.png"), FullPage = false });
    }
}
