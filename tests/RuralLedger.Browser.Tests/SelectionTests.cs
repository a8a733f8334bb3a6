using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The eight-element assessment form in a real browser, at desktop width and on a 390×844 phone: a score of 11 is
/// refused on its row, a sound assessment passes, and a weak 产销对接 returns the project with that element named.
/// </summary>
public sealed class SelectionTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public SelectionTests(BrowserApp app)
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

    private async Task<long> PlannedProjectAsync(string name, Industry industry)
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var fund = new FundSource("522699", FundSourceKind.Central, 2024, "浏览器测试资金" + tag, Money.FromYuan(1_000_000m), null);
        db.FundSources.Add(fund);
        await db.SaveChangesAsync();
        var project = new Project("XMBT" + tag, name + tag, 2024, industry, [DivisionCode.Parse("522699001001")], [new FundingLine(fund.Id, Money.FromYuan(300_000m))], null);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id.Value;
    }

    private async Task FillAsync(params int[] scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            await _page.Locator($"#score-{i}").FillAsync(scores[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _page.Locator($"#evidence-{i}").FillAsync("现场核实：材料齐全");
        }
        await _page.Locator("#assessment-form button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task County_staff_assess_a_project_on_the_eight_elements_at_desktop_and_on_a_phone()
    {
        var pigs = await PlannedProjectAsync("生猪养殖场", Industry.Pigs);
        var vegetables = await PlannedProjectAsync("蔬菜基地", Industry.Vegetables);
        await BrowserApp.SignInAsync(_page, "county", DemoLoader.DemoPassword);

        await _page.GotoAsync($"/projects/{pigs}");
        await _page.Locator("#selection-link").ClickAsync();
        await Expect(_page.Locator("#assessment-form .element-row")).ToHaveCountAsync(8);
        await Expect(_page.Locator("#assessment-form")).ToContainTextAsync("产销对接");
        await FillAsync(8, 7, 7, 8, 8, 11, 9, 8);
        await Expect(_page.Locator("#assessment-form .element-row[data-element=MarketLinkage]")).ToContainTextAsync("得分应为 0–10 的整数");
        await _page.Locator("#score-5").FillAsync("7");
        await _page.Locator("#assessment-form button[type=submit]").ClickAsync();
        await Expect(_page.Locator("#latest-result")).ToContainTextAsync("77.50 分");
        await Expect(_page.Locator("#latest-result")).ToContainTextAsync("通过");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "selection-desktop.png"), FullPage = true });

        await _page.SetViewportSizeAsync(390, 844);
        await _page.GotoAsync($"/projects/{vegetables}/selection");
        await FillAsync(6, 6, 6, 6, 6, 2, 6, 6);
        await Expect(_page.Locator("#weak-elements")).ToHaveTextAsync("产销对接");
        await Expect(_page.Locator("#latest-result")).ToContainTextAsync("55.00 分");
        var overflow = await _page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.Should().BeLessThanOrEqualTo(0, "the page fits a 390 px phone without sideways scrolling");
        var box = await _page.Locator("#score-5").BoundingBoxAsync();
        box!.X.Should().BeGreaterThanOrEqualTo(0);
        (box.X + box.Width).Should().BeLessThanOrEqualTo(390);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "selection-phone.png"), FullPage = true });
    }
}
