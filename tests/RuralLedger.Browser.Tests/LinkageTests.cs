using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// Benefit linkage in a real browser: a village officer uploads an enterprise's payroll sheet, reads the bad row by row
/// and column, uploads the fixed sheet and confirms it through the dialog; then the household's income table on the
/// household file and the county income table, on a desktop and on a 390×844 phone.
/// </summary>
public sealed class LinkageTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private static readonly DivisionCode Village = DivisionCode.Parse("522699001001");
    private static readonly int Year = BusinessCalendar.Today(TimeProvider.System).Year - 1;
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public LinkageTests(BrowserApp app)
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
    public async Task A_payroll_sheet_is_previewed_with_its_bad_row_named_fixed_confirmed_and_the_household_income_table_shows_it_on_desktop_and_phone()
    {
        var workers = new List<(long HouseholdId, string HouseholdNo, string Name, string CitizenId)>();
        using (var scope = _app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
            var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
            var vault = scope.ServiceProvider.GetRequiredService<PersonalDataVault>();
            var members = await db.Members.AsNoTracking().Where(m => m.VillageCode == Village)
                .Select(m => new { m.HouseholdId, m.Household!.HouseholdNo, m.Name, m.CitizenIdCipher, m.Id }).ToListAsync();
            workers.AddRange(members.GroupBy(m => m.HouseholdNo).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(20).Take(5)
                .Select(g => g.OrderBy(m => m.Id.Value).First()).Select(m => (m.HouseholdId.Value, m.HouseholdNo, m.Name, vault.Decrypt(m.CitizenIdCipher))));
        }
        var code = CreditCode.Complete("91522699MA6F0BT4").Value;
        var rows = Enumerable.Range(1, 12).SelectMany(month => workers.Select(w => new Dictionary<string, object>
        {
            ["身份证号"] = w.CitizenId, ["姓名"] = w.Name, ["用工单位统一社会信用代码"] = code, ["用工单位名称"] = "茶乡县菌菇产业有限公司",
            ["年月"] = $"{Year}-{month:D2}", ["出勤天数"] = "22", ["应发工资（元）"] = "3100.00",
        })).ToList();
        var folder = Directory.CreateTempSubdirectory("rural-payroll-");
        var bad = Path.Combine(folder.FullName, "工资表-有误.xlsx");
        var good = Path.Combine(folder.FullName, "工资表.xlsx");
        var broken = rows.Select(r => new Dictionary<string, object>(r)).ToList();
        broken[7]["出勤天数"] = "四十";
        await MiniExcel.SaveAsAsync(bad, broken, sheetName: "工资表");
        await MiniExcel.SaveAsAsync(good, rows, sheetName: "工资表");

        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);
        await _page.GotoAsync("/linkage/wages/import");
        await _page.Locator("#file").SetInputFilesAsync(bad);
        await _page.Locator("#import-form button[type=submit]").ClickAsync();
        var error = _page.Locator("#import-errors tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToContainTextAsync("9");
        await Expect(error).ToContainTextAsync("出勤天数");
        await Expect(_page.Locator("#import-confirm")).ToHaveCountAsync(0);

        await _page.Locator("#file").SetInputFilesAsync(good);
        await _page.Locator("#import-form button[type=submit]").ClickAsync();
        await Expect(_page.Locator("#import-summary")).ToContainTextAsync("新工资记录 60 条");
        await _page.Locator("#import-confirm").ClickAsync();
        await Expect(_page.Locator("#confirm-message")).ToContainTextAsync("60");
        await _page.Locator("#confirm-ok").ClickAsync();
        await Expect(_page.Locator("#import-summary")).ToContainTextAsync("已全部写入");

        var first = workers[0];
        await _page.GotoAsync($"/registry/{first.HouseholdId}");
        var year = _page.Locator($"#household-income tr[data-year=\"{Year}\"]");
        await Expect(year).ToContainTextAsync("37,200.00");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "household-income.png"), FullPage = true });
        await _page.GotoAsync($"/linkage/income?year={Year}&village={Village.Value}");
        await Expect(_page.Locator($"#income-table tr[data-household=\"{first.HouseholdNo}\"]")).ToContainTextAsync("37,200.00");

        await using var phone = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var small = await phone.NewPageAsync();
        await BrowserApp.SignInAsync(small, "village", DemoLoader.DemoPassword);
        foreach (var path in new[] { $"/registry/{first.HouseholdId}", $"/linkage/income?year={Year}&village={Village.Value}", "/linkage/wages/import" })
        {
            await small.GotoAsync(path);
            var widths = await small.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            widths[0].Should().BeLessThanOrEqualTo(widths[1], $"{path} must not scroll sideways at 390 px");
        }
        await small.GotoAsync($"/registry/{first.HouseholdId}");
        await Expect(small.Locator($"#household-income tr[data-year=\"{Year}\"]")).ToContainTextAsync("37,200.00");
        await small.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "household-income-390.png"), FullPage = true });
        folder.Delete(recursive: true);
    }
}
