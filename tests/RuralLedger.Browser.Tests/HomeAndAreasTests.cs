using Microsoft.Playwright;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>The pages as the county administrator sees them, after signing in through the login page.</summary>
public sealed class HomeAndAreasTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _failedResponses = [];

    public HomeAndAreasTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _context = await _app.NewContextAsync();
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };

        _page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _failedResponses.Add($"{response.Status} {response.Url}");
            }
        };

        await BrowserApp.SignInAsync(_page, "admin", DemoLoader.DemoPassword);
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task Home_page_shows_the_heading_and_the_county_figures()
    {
        var response = await _page.GotoAsync("/");

        response!.Status.Should().Be(200);
        await Expect(_page.Locator("main h1")).ToHaveTextAsync("乡村扶贫资产与收益管理平台");
        await Expect(_page.Locator("[data-figure=households]")).ToHaveTextAsync("6,279");
        await Expect(_page.Locator("[data-figure=people]")).ToHaveTextAsync("22,498");
        await Expect(_page.Locator("[data-figure=villages]")).ToHaveTextAsync("100");
        await Expect(_page.Locator("[data-figure=townships]")).ToHaveTextAsync("12");
        await Expect(_page.Locator("#by-township tbody tr")).ToHaveCountAsync(12);
        await Expect(_page).ToHaveTitleAsync("首页概览 · 乡村扶贫资产与收益管理平台");
    }

    [Fact]
    public async Task Home_page_loads_its_styles_without_console_errors()
    {
        await _page.GotoAsync("/");
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Bootstrap applied (from wwwroot/lib, allowed by the strict CSP): the table has its border-collapse.
        (await _page.Locator("#by-township").EvaluateAsync<string>("e => getComputedStyle(e).borderCollapse")).Should().Be("collapse");
        _failedResponses.Should().BeEmpty("every resource of the page loads");
        _consoleErrors.Should().BeEmpty("a CSP violation or a missing resource shows up as a console error");
    }

    [Fact]
    public async Task Full_page_screenshot_of_the_home_page_is_saved()
    {
        await _page.GotoAsync("/");
        await Expect(_page.Locator("[data-figure=households]")).ToHaveTextAsync("6,279");
        var path = Path.Combine(BrowserApp.ScreenshotFolder, "home.png");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);

        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        File.Exists(path).Should().BeTrue();
        var header = new byte[8];
        await using (var png = File.OpenRead(path))
        {
            await png.ReadExactlyAsync(header, TestContext.Current.CancellationToken);
        }
        header.Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        new FileInfo(path).Length.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public async Task Clicking_a_township_shows_its_villages()
    {
        await _page.GotoAsync("/");
        var firstTownship = _page.Locator("#by-township tbody tr").First.Locator("a");
        var townshipName = await firstTownship.InnerTextAsync();

        await firstTownship.ClickAsync();

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/areas\?township=522699001000$"));
        await Expect(_page.Locator("main h1")).ToHaveTextAsync("区划管理");
        await Expect(_page.Locator(".breadcrumb")).ToContainTextAsync(townshipName);
        await Expect(_page.Locator("#areas thead th").First).ToHaveTextAsync("行政村");
        await Expect(_page.Locator("#areas tbody tr").First).ToContainTextAsync("混寨村");
        await Expect(_page.Locator("#areas tbody")).ToContainTextAsync("洪家湾村");
        await Expect(_page.Locator("#areas tbody tr")).ToHaveCountAsync(9);
    }

    [Fact]
    public async Task Clicking_a_village_shows_its_groups()
    {
        await _page.GotoAsync("/areas?township=522699001000");

        await _page.GetByRole(AriaRole.Link, new() { Name = "混寨村", Exact = true }).ClickAsync();

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/areas\?code=522699001001$"));
        await Expect(_page.Locator("#areas thead th").First).ToHaveTextAsync("村民组");
        await Expect(_page.Locator("#areas tbody tr").First).ToContainTextAsync("一组");
    }

    [Fact]
    public async Task A_module_not_built_yet_says_so()
    {
        await _page.GotoAsync("/");

        await _page.Locator("nav[aria-label=模块导航]").GetByRole(AriaRole.Link, new() { Name = "统计报表" }).ClickAsync();

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/modules/reports$"));
        await Expect(_page.Locator("main h1")).ToHaveTextAsync("统计报表");
        await Expect(_page.Locator("main .alert")).ToContainTextAsync("本模块尚未建成");
    }
}
