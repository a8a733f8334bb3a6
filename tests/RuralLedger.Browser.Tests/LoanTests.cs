using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// A loan application and the bank's decision in a real browser: the village officer files it on a phone (390×844),
/// gets the over-limit error, fixes it and passes the village review; township and county pass it at a desk; the bank
/// officer approves it on a phone at the day's LPR, after the rate above the LPR is refused.
/// </summary>
public sealed class LoanTests : IClassFixture<BrowserApp>
{
    private readonly BrowserApp _app;

    public LoanTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    [Fact]
    public async Task A_village_officer_files_an_application_on_a_phone_and_the_bank_approves_it_at_the_lpr()
    {
        var today = BusinessCalendar.Today(TimeProvider.System);
        string householdNo;
        string lpr;
        using (var scope = _app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
            var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
            var village = DivisionCode.Parse("522699001002");
            var borrowed = await db.Loans.Select(l => l.HouseholdId).ToListAsync();
            var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => h.VillageCode == village)
                .OrderBy(h => h.HouseholdNo).ToListAsync();
            householdNo = households.First(h => !borrowed.Contains(h.Id) && h.StatusOn(today, DateTimeOffset.UtcNow) is PovertyStatus.Registered or PovertyStatus.Exited
                && h.Members.OrderBy(m => m.Relation).First() is var first && Loan.AgeOn(first.BirthDate, today) is >= 18 and <= 65).HouseholdNo;
            lpr = LprQuote.InForce(await db.LprQuotes.ToListAsync(), today)!.OneYear.ToInvariantString();
        }

        var phone = await Phone();
        var page = await phone.NewPageAsync();
        await BrowserApp.SignInAsync(page, "village2", DemoLoader.DemoPassword);
        await page.GotoAsync("/credit");
        await page.Locator("#new-loan").ClickAsync();
        await page.Locator("#household").FillAsync(householdNo);
        await page.Locator("#household-lookup button[type=submit]").ClickAsync();
        await Expect(page.Locator("#policy-note")).ToContainTextAsync("帮扶小额信贷");
        await page.Locator("#Input_Amount").FillAsync("100000.01");
        await page.Locator("#Input_TermMonths").FillAsync("24");
        await page.Locator("#Input_Purpose").SelectOptionAsync("养殖业");
        await page.Locator("#Input_PurposeDetail").FillAsync("养殖能繁母猪 10 头");
        await page.Locator("#submit-loan").ClickAsync();
        await Expect(page.Locator("#loan-form")).ToContainTextAsync("超过帮扶小额信贷单户最高额度");
        await page.Locator("#Input_Amount").FillAsync("30000");
        await page.Locator("#submit-loan").ClickAsync();
        await Expect(page.Locator("#loan-state")).ToHaveTextAsync("待村审核");
        var loanPath = new Uri(page.Url).AbsolutePath;
        await NoSidewaysScrollAsync(page);
        await page.Locator("#Step_Opinion").FillAsync("经村两委评议，符合条件");
        await page.Locator("#review-submit").ClickAsync();
        await Expect(page.Locator("#loan-state")).ToHaveTextAsync("待乡镇审核");
        await Screenshot(page, "loan-application-390.png");
        await phone.CloseAsync();

        foreach (var (user, next) in new[] { ("township", "待县审核"), ("county", "待银行审批") })
        {
            var desk = await _app.NewContextAsync();
            var deskPage = await desk.NewPageAsync();
            await BrowserApp.SignInAsync(deskPage, user, DemoLoader.DemoPassword);
            await deskPage.GotoAsync(loanPath);
            await deskPage.Locator("#review-submit").ClickAsync();
            await Expect(deskPage.Locator("#loan-state")).ToHaveTextAsync(next);
            if (user == "county")
            {
                await Screenshot(deskPage, "loan-file-1366.png");
            }
            await desk.CloseAsync();
        }

        var bankPhone = await Phone();
        var bank = await bankPhone.NewPageAsync();
        await BrowserApp.SignInAsync(bank, "bank", DemoLoader.DemoPassword);
        await bank.GotoAsync("/credit");
        await bank.Locator($"#loans a[href='{loanPath}']").ClickAsync();
        await Expect(bank.Locator("#decision-form")).ToBeVisibleAsync();
        await bank.Locator("#Step_Rate").FillAsync("9.99");
        await bank.Locator("#decision-submit").ClickAsync();
        await Expect(bank.Locator("#decision-form")).ToContainTextAsync("LPR");
        await bank.Locator("#Step_Rate").FillAsync(lpr);
        await bank.Locator("#decision-submit").ClickAsync();
        await Expect(bank.Locator("#loan-state")).ToHaveTextAsync("待发放");
        await Expect(bank.Locator("#loan-steps")).ToContainTextAsync("银行审批");
        await Expect(bank.Locator("#disburse-form")).ToBeVisibleAsync();
        await NoSidewaysScrollAsync(bank);
        await Screenshot(bank, "loan-decision-390.png");
        await bankPhone.CloseAsync();
    }

    [Fact]
    public async Task County_finance_opens_a_quarter_s_claim_on_a_phone_approves_it_and_marks_it_paid_with_the_voucher()
    {
        var phone = await Phone();
        var page = await phone.NewPageAsync();
        await BrowserApp.SignInAsync(page, "county", DemoLoader.DemoPassword);
        // The form proposes the last finished quarter: the demo county's banks have not claimed it yet.
        await page.GotoAsync("/credit/claims");
        await page.Locator("#claim-form button[type=submit]").ClickAsync();
        await page.Locator("#claims tbody tr").First.Locator("a").ClickAsync();
        await Expect(page.Locator("#claim-status")).ToHaveTextAsync("待县财政审核");
        var subsidy = await page.Locator("#claim-facts dd").Last.TextContentAsync();
        await Expect(page.Locator("#claim-totals")).ToContainTextAsync(subsidy!.Replace(" 元", "", StringComparison.Ordinal).Trim());
        await Expect(page.Locator("#claim-repayments tbody tr")).ToHaveCountAsync(Math.Min(50, int.Parse(
            (await page.Locator("#claim-totals td").First.TextContentAsync())!.Replace("合计", "", StringComparison.Ordinal).Replace("笔", "", StringComparison.Ordinal)
                .Replace(",", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        await NoSidewaysScrollAsync(page);
        await Screenshot(page, "claim-390.png");

        // Each step asks first in the shared dialog; marking paid takes the voucher.
        await page.Locator("#approve-form button[type=submit]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#claim-status")).ToHaveTextAsync("已审核，待拨付");
        await page.Locator("#Step_Voucher").FillAsync("财拨〔2026〕52号");
        await page.Locator("#paid-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#confirm-reason")).ToContainTextAsync("财拨〔2026〕52号");
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#claim-status")).ToHaveTextAsync("已拨付");
        await Expect(page.Locator("#claim-facts")).ToContainTextAsync("凭证 财拨〔2026〕52号");
        await phone.CloseAsync();
    }

    private async Task<IBrowserContext> Phone() => await _app.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = _app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
    });

    /// <summary>Wide tables scroll inside their own box; the page itself never scrolls sideways on a phone.</summary>
    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).Should().BeLessThanOrEqualTo(0);

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name), FullPage = true });
    }
}
