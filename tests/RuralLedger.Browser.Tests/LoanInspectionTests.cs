using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// A township officer on a phone (390×844) in a village without signal: the inspection form, opened while there was
/// signal, takes the inspection and a camera photo offline and keeps them on the phone; when the signal returns the
/// inspection arrives, once. Its 户贷企用 conclusion opened a case, which the officer confirms and rectifies on the
/// case page.
/// </summary>
public sealed class LoanInspectionTests : IClassFixture<BrowserApp>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    private readonly BrowserApp _app;

    public LoanInspectionTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    [Fact]
    public async Task An_inspection_recorded_offline_arrives_once_and_its_case_is_confirmed_and_rectified()
    {
        var loan = await LoanAsync();

        await using var phone = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await phone.NewPageAsync();
        await BrowserApp.SignInAsync(page, "township", DemoLoader.DemoPassword);
        await page.GotoAsync("/credit/loan-inspections");
        await Expect(page.Locator("#plan")).ToContainTextAsync("6 个月内首次检查");
        await NoSidewaysScrollAsync(page);
        await page.GotoAsync($"/credit/loan-inspections/new?loan={Uri.EscapeDataString(loan)}");
        await Expect(page.Locator("#files")).ToHaveAttributeAsync("capture", "environment");
        // The app is installable: its manifest is linked and its service worker takes the form.
        (await page.EvaluateAsync<string>("() => document.querySelector('link[rel=manifest]').href")).Should().EndWith("/manifest.webmanifest");
        (await page.EvaluateAsync<string>("() => navigator.serviceWorker.ready.then(r => r.active.scriptURL)")).Should().EndWith("/sw.js");

        // The signal goes: the inspection and its photo are kept on the phone.
        await phone.SetOfflineAsync(true);
        await page.Locator("#inspectors").FillAsync("王乡长、李会计");
        await page.Locator("#useCategory").FillAsync("入股合作社");
        await page.Locator("#conclusion").SelectOptionAsync("EnterpriseUse");
        await page.Locator("#statement").FillAsync("农户称贷款 5 万元交给合作社，每年领取固定分红 3000 元。");
        await page.Locator("#followUp").FillAsync("报县金融办核实，督促合作社退回资金。");
        await page.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "cattle-shed.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await page.Locator("#inspection-submit").ClickAsync();
        await Expect(page.Locator("#offline-status")).ToContainTextAsync("1 条检查已保存在手机上");
        await Expect(page.Locator("#offline-status")).ToHaveAttributeAsync("data-queued", "1");
        (await InspectionsAsync(loan)).Should().Be((0, 0), "nothing reaches the server without signal");
        await Screenshot(page, "inspection-offline-390.png");

        // The signal returns: the queue is sent, once; opening the form again sends nothing more.
        await phone.SetOfflineAsync(false);
        await Expect(page.Locator("#offline-status")).ToContainTextAsync("已发送 1 条检查");
        await Expect(page.Locator("#offline-status")).ToHaveAttributeAsync("data-queued", "0");
        await page.GotoAsync("/credit/loan-inspections/new");
        await Expect(page.Locator("#offline-status")).ToBeHiddenAsync();
        (await InspectionsAsync(loan)).Should().Be((1, 1), "the inspection and its photo arrive once");

        // The inspection opened a case; the officer confirms it, then rectifies it after the confirmation dialog.
        await page.GotoAsync("/credit/loan-inspections");
        await page.Locator("#inspections tbody tr", new() { HasText = loan }).Locator("a").First.ClickAsync();
        await Expect(page.Locator("#conclusion")).ToContainTextAsync("户贷企用");
        await Expect(page.Locator(".finding-photo")).ToHaveCountAsync(1);
        await page.Locator("#case-link").ClickAsync();
        await Expect(page.Locator("#case-status")).ToContainTextAsync("待核实");
        await Expect(page.Locator("#case-loans")).ToContainTextAsync(loan);
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#Confirm_Officer").FillAsync("王乡长");
        await page.Locator("#Confirm_Deadline").FillAsync(deadline);
        await page.Locator("#Confirm_Text").FillAsync("现场核实：资金已转入合作社，按年领取固定分红。");
        await page.Locator("#confirm-submit").ClickAsync();
        await Expect(page.Locator("#case-status")).ToContainTextAsync("已确认待整改");
        await page.Locator("#Rectify_How").SelectOptionAsync("Recovered");
        await page.Locator("#Rectify_Text").FillAsync("合作社已将 5 万元退回农户账户，农户自主养殖。");
        await page.Locator("#rectify-submit").ClickAsync();
        await Expect(page.Locator("#confirm-message")).ToContainTextAsync("整改销号");
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#case-status")).ToContainTextAsync("已整改");
        await NoSidewaysScrollAsync(page);
        await Screenshot(page, "usage-case-rectified-390.png");
    }

    /// <summary>An unpaid loan of the township officer's township that has no inspection yet.</summary>
    private async Task<string> LoanAsync()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var township = await db.Users.Where(u => u.UserName == "township").Select(u => u.ScopeCode).SingleAsync();
        var inspected = await db.LoanInspections.Select(i => i.LoanId).ToListAsync();
        var live = await db.UsageCases.Where(c => c.LiveKey != null).SelectMany(c => c.Loans.Select(l => l.LoanId)).ToListAsync();
        return await db.Loans.Where(l => l.TownshipCode == township && l.Status == LoanStatus.Active && !inspected.Contains(l.Id) && !live.Contains(l.Id))
            .OrderBy(l => l.Number).Select(l => l.Number).FirstAsync();
    }

    private async Task<(int Inspections, int Photos)> InspectionsAsync(string loan)
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var ids = await db.LoanInspections.Where(i => i.LoanNumber == loan).Select(i => i.Id).ToListAsync();
        return (ids.Count, await db.LoanInspectionPhotos.CountAsync(p => ids.Contains(p.InspectionId)));
    }

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).Should().BeLessThanOrEqualTo(0);

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name), FullPage = true });
    }
}
