using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The public notice board in a real browser: a villager on a phone (390×844, no sign-in) opens 混寨村's board during
/// the notice of its 721 plan and files an objection; the village officer finds it in the inbox and answers it on the
/// plan (revealing the villager's phone first, after a confirmation, on a no-store page, at desktop and at 390 px); the
/// answer shows under the notice on the board, on the phone and on a desktop.
/// </summary>
public sealed class BoardTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private const string Hunzhai = "522699001001";
    private readonly BrowserApp _app;
    private IBrowserContext _officer = null!;
    private IBrowserContext _villager = null!;

    public BoardTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _officer = await _app.NewContextAsync();
        _villager = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _officer.CloseAsync();
        await _villager.CloseAsync();
    }

    /// <summary>Income of 100,000.00 yuan on one of 混寨村's own assets, in a year no other income of the village counts in.</summary>
    private async Task<(int Year, long IncomeId)> IncomeAsync()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var village = DivisionCode.Parse(Hunzhai);
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 3;
        await db.AssetIncomes.Where(i => i.VillageCode == village && i.Year == year && i.PlanId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.PlanId, new DistributionPlanId(-1)));
        var asset = await db.Assets.OrderBy(a => a.Id).FirstAsync(a => a.VillageCode == village);
        var income = new AssetIncome(asset, IncomeKind.Other, new DateOnly(year, 12, 1), Money.FromYuan(100_000m), "光伏发电收益", null, null, "test", DateTimeOffset.UtcNow);
        db.AssetIncomes.Add(income);
        await db.SaveChangesAsync();
        return (year, income.Id.Value);
    }

    [Fact]
    public async Task A_villager_objects_on_a_phone_and_the_officers_answer_appears_on_the_board()
    {
        var (year, incomeId) = await IncomeAsync();
        var today = BusinessCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var office = await _officer.NewPageAsync();
        await BrowserApp.SignInAsync(office, "village", DemoLoader.DemoPassword);
        // The plan's governance is the distribution tests' subject: here it is reached through the API, as the officer's session.
        var built = await office.APIRequest.PostAsync("/api/plans", new() { DataObject = new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } } });
        Assert.Equal(201, built.Status);
        var id = (await built.JsonAsync())!.Value.GetProperty("id").GetInt64();
        Assert.Equal(204, (await office.APIRequest.PostAsync($"/api/plans/{id}/meeting",
            new() { DataObject = new { entitled = 40, present = 32, votesFor = 30, minutes = "四议", version = await VersionAsync(office, id) } })).Status);
        Assert.Equal(204, (await office.APIRequest.PostAsync($"/api/plans/{id}/notice",
            new() { DataObject = new { from = today, to = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture).AddDays(6), place = "村委会公开栏", version = await VersionAsync(office, id) } })).Status);

        // The villager's phone: the board, the notice in its period, the objection form.
        var phone = await _villager.NewPageAsync();
        await phone.GotoAsync($"/public/{Hunzhai}");
        var notice = phone.Locator($"#notice-{id}");
        await Expect(notice).ToContainTextAsync("公示中");
        await Expect(notice.Locator("table.lines tbody tr").First).ToContainTextAsync("*");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "board-phone.png") });
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the board fits 390 px without sideways scrolling");
        await notice.GetByRole(AriaRole.Link, new() { Name = "提出异议" }).ClickAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Expect(phone.Locator("span.text-danger").First).ToContainTextAsync("请填写您的姓名。");
        await phone.GetByLabel("您的姓名").FillAsync("杨小芳");
        await phone.GetByLabel("联系电话").FillAsync("13987654321");
        await phone.GetByLabel("异议内容").FillAsync("我家去年新添一口人，明细仍按 3 人登记。");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Expect(phone.Locator("#filed")).ToContainTextAsync("异议已提交");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "board-objection-phone.png") });

        // The officer's inbox leads to the plan, where the answer is given as for any objection.
        await office.GotoAsync("/disclosure");
        await Expect(office.Locator("#pending")).ToContainTextAsync("明细仍按 3 人登记");
        await Expect(office.Locator("#pending")).ToContainTextAsync("139****4321");
        // To call the villager back the officer (pii.unmask) reveals the number: asked first, audited, on a page no cache keeps.
        await office.Locator("#pending form button", new() { HasText = "查看完整电话" }).ClickAsync();
        await Expect(office.Locator("#confirm-message")).ToContainTextAsync("记入审计");
        var revealed = await office.RunAndWaitForResponseAsync(() => office.Locator("#confirm-ok").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("handler=RevealPhone", StringComparison.Ordinal));
        Assert.Equal(200, revealed.Status);
        Assert.Contains("no-store", await revealed.HeaderValueAsync("cache-control") ?? "", StringComparison.Ordinal);
        await Expect(office.Locator("#pending [data-revealed]")).ToHaveTextAsync("13987654321");
        await office.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "disclosure-phone-revealed-desktop.png") });
        // On a phone the same inbox shows the number masked again until asked once more.
        var officerPhone = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var inbox = await officerPhone.NewPageAsync();
        await BrowserApp.SignInAsync(inbox, "village", DemoLoader.DemoPassword);
        await inbox.GotoAsync("/disclosure");
        await Expect(inbox.Locator("#pending")).ToContainTextAsync("139****4321");
        await Expect(inbox.Locator("#pending")).Not.ToContainTextAsync("13987654321");
        await inbox.Locator("#pending form button", new() { HasText = "查看完整电话" }).ClickAsync();
        await inbox.Locator("#confirm-ok").ClickAsync();
        await Expect(inbox.Locator("#pending [data-revealed]")).ToHaveTextAsync("13987654321");
        Assert.True(await inbox.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the inbox fits 390 px without sideways scrolling");
        await inbox.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "disclosure-phone-revealed-390.png") });
        await officerPhone.CloseAsync();
        await office.GetByRole(AriaRole.Link, new() { Name = "去答复" }).ClickAsync();
        await office.GetByLabel("答复内容").FillAsync("已核实新增人口，将在下一年度分配中计入。");
        await office.GetByRole(AriaRole.Button, new() { Name = "答复", Exact = true }).ClickAsync();
        await Expect(office.Locator("#objections")).ToContainTextAsync("已核实新增人口");

        // The answer under the notice: on the phone (reloaded past its short cache) and on a desktop.
        await phone.GotoAsync($"/public/{Hunzhai}");
        await phone.ReloadAsync();
        await Expect(phone.Locator($"#notice-{id} .answered")).ToContainTextAsync("已核实新增人口");
        await Expect(phone.Locator($"#notice-{id} .answered")).ToContainTextAsync("杨*芳");
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("杨小芳");
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("4321");
        var desk = await _app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var deskPage = await desk.NewPageAsync();
        await deskPage.GotoAsync($"/public/{Hunzhai}#notice-{id}");
        await Expect(deskPage.Locator($"#notice-{id} .answered")).ToContainTextAsync("已核实新增人口");
        await deskPage.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "board-desktop.png") });
        await desk.CloseAsync();
    }

    private static async Task<int> VersionAsync(IPage page, long id)
    {
        var response = await page.APIRequest.GetAsync($"/api/plans/{id}");
        return (await response.JsonAsync())!.Value.GetProperty("version").GetInt32();
    }
}
