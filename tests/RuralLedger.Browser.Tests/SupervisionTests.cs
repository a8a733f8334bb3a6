using Microsoft.Playwright;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// A rectification on a phone (390×844): the supervisor records an inspection of 混寨村 and a finding with a photo from
/// the camera input, the village officer submits its proof with a photo, and the supervisor accepts it after the
/// confirmation dialog; a second finding already past its deadline shows on the village officer's home page (phone and
/// desktop) and leads to the overdue list.
/// </summary>
public sealed class SupervisionTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    [Fact]
    public async Task A_finding_is_recorded_rectified_and_accepted_on_a_phone()
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        var today = BusinessCalendar.Today(TimeProvider.System);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var deadline = Day(20);

        await using var supervisorPhone = await Phone();
        var page = await supervisorPhone.NewPageAsync();
        await BrowserApp.SignInAsync(page, "supervisor", DemoLoader.DemoPassword);
        await page.GotoAsync("/supervision");
        await page.Locator("#Input_Target").SelectOptionAsync("Village");
        await page.Locator("#Input_TargetId").FillAsync("522699001001");
        await page.Locator("#Input_InspectedOn").FillAsync(Day(-60));
        await page.Locator("#Input_Summary").FillAsync("抽查村集体资产台账与光伏电站运行情况。");
        await page.Locator("#inspection-form button[type=submit]").ClickAsync();
        await page.Locator("#inspections tbody tr a").First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("行政村检查");
        await Expect(page.Locator("#Photos")).ToHaveAttributeAsync("capture", "environment");
        await page.Locator("#Finding_Category").SelectOptionAsync("RecordsMissing");
        await page.Locator("#Finding_Description").FillAsync("光伏电站 2025 年发电收益未入账。");
        await page.Locator("#Finding_ResponsibleUnit").FillAsync("混寨村村委会");
        await page.Locator("#Finding_ResponsiblePerson").FillAsync("村会计");
        await page.Locator("#Finding_Deadline").FillAsync(deadline);
        await page.Locator("#Photos").SetInputFilesAsync(new FilePayload { Name = "site.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await page.Locator("#finding-form button[type=submit]").ClickAsync();
        var row = page.Locator("#findings tbody tr", new() { HasText = "发电收益未入账" });
        await Expect(row).ToContainTextAsync("待整改");
        // A second finding whose deadline has already passed: the village, which owns it, sees it on its home page.
        await page.Locator("#Finding_Category").SelectOptionAsync("AssetIdle");
        await page.Locator("#Finding_Description").FillAsync("村集体冷库闲置超过半年，未整改。");
        await page.Locator("#Finding_ResponsibleUnit").FillAsync("混寨村村委会");
        await page.Locator("#Finding_ResponsiblePerson").FillAsync("村主任");
        await page.Locator("#Finding_Deadline").FillAsync(Day(-10));
        await page.Locator("#finding-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#findings tbody tr", new() { HasText = "冷库闲置" })).ToContainTextAsync("待整改");
        await row.Locator("a").First.ClickAsync();
        var findingPath = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator(".finding-photo")).ToHaveCountAsync(1);
        await NoSidewaysScrollAsync(page);

        await using var villagePhone = await Phone();
        var village = await villagePhone.NewPageAsync();
        await BrowserApp.SignInAsync(village, "village", DemoLoader.DemoPassword);
        await village.GotoAsync(findingPath);
        await village.Locator("#Proof").FillAsync("已补记发电收益 3 笔，附入账凭证。");
        await village.Locator("#Photos").SetInputFilesAsync(new FilePayload { Name = "voucher.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await village.Locator("#rectify-form button[type=submit]").ClickAsync();
        await Expect(village.Locator("#finding-status")).ToContainTextAsync("待复核");
        await Expect(village.Locator(".finding-photo")).ToHaveCountAsync(2);
        await Screenshot(village, "rectification-390.png");

        await page.ReloadAsync();
        await page.Locator("#accept-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#confirm-message")).ToContainTextAsync("销号");
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#finding-status")).ToContainTextAsync("已销号");
        await Screenshot(page, "rectification-accepted-390.png");

        // The overdue one stays on the village officer's home page, on the phone and on a desktop, and leads to the overdue list.
        await village.GotoAsync("/");
        await Expect(village.Locator("#overdue-findings")).ToContainTextAsync("有 1 个检查问题已过整改期限未销号");
        await NoSidewaysScrollAsync(village);
        await Screenshot(village, "overdue-findings-home-390.png");
        await using var desk = await app.NewContextAsync();
        var office = await desk.NewPageAsync();
        await BrowserApp.SignInAsync(office, "village", DemoLoader.DemoPassword);
        await Expect(office.Locator("#overdue-findings")).ToContainTextAsync("有 1 个检查问题");
        await office.Locator("#overdue-findings a").ClickAsync();
        await Expect(office.Locator("body")).ToContainTextAsync("冷库闲置超过半年");
        await Expect(office.Locator("body")).Not.ToContainTextAsync("发电收益未入账");
        await Screenshot(office, "overdue-findings-desktop.png");
    }

    private async Task<IBrowserContext> Phone() => await app.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
    });

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).Should().BeLessThanOrEqualTo(0);

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name), FullPage = true });
    }
}
