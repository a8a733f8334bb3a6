using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The public-welfare post register in a real browser: a village officer looks up a household, picks the member,
/// gets a clear error for a negative pay, registers the post and sees it in the list of the year.
/// </summary>
public sealed class PublicJobTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public PublicJobTests(BrowserApp app)
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

    [Fact]
    public async Task A_village_officer_registers_a_forest_ranger_post_for_a_household_member()
    {
        string householdNo, headName;
        using (var scope = _app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
            var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
            var village = DivisionCode.Parse("522699001002");
            var household = await db.Households.AsNoTracking().Where(h => h.VillageCode == village).OrderBy(h => h.HouseholdNo).Skip(7).FirstAsync();
            (householdNo, headName) = (household.HouseholdNo, household.HeadName);
        }
        var start = BusinessCalendar.Today(TimeProvider.System).AddDays(-30);
        var year = start.Year;
        await BrowserApp.SignInAsync(_page, "village2", DemoLoader.DemoPassword);

        await _page.GotoAsync("/linkage/public-jobs");
        await _page.Locator("#household").FillAsync(householdNo);
        await _page.Locator("#household-lookup button[type=submit]").ClickAsync();
        await Expect(_page.Locator("#Input_MemberId")).ToContainTextAsync(headName);

        await _page.Locator("#Input_Post").SelectOptionAsync("ForestRanger");
        await _page.Locator("#Input_PostName").FillAsync("生态护林员（后山林区）");
        await _page.Locator("#Input_MonthlyPay").FillAsync("-800");
        await _page.Locator("#Input_StartOn").FillAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.Locator("#job-form button[type=submit]").ClickAsync();
        await Expect(_page.Locator("#job-form")).ToContainTextAsync("月工资不能为负");

        await _page.Locator("#Input_MonthlyPay").FillAsync("800");
        await _page.Locator("#job-form button[type=submit]").ClickAsync();
        await _page.GotoAsync($"/linkage/public-jobs?village=522699001002&year={year}");
        var row = _page.Locator("#public-jobs tbody tr", new() { HasText = householdNo });
        await Expect(row).ToContainTextAsync("护林员");
        await Expect(row).ToContainTextAsync("800.00");
        await Expect(row).ToContainTextAsync(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "public-jobs.png"), FullPage = true });
    }
}
