using Microsoft.Playwright;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>The login page in a real browser: refusals in Chinese, and what a village officer sees after signing in.</summary>
public sealed class SignInTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public SignInTests(BrowserApp app)
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
    public async Task A_page_without_a_session_leads_to_the_login_page()
    {
        await _page.GotoAsync("/areas");

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\?ReturnUrl=%2Fareas$"));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("乡村扶贫资产与收益管理平台");
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_chinese_error_and_stays_on_the_login_page()
    {
        await BrowserApp.SignInAsync(_page, "supervisor", "wrong-password-1");

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await Expect(_page.Locator(".alert-danger")).ToContainTextAsync("用户名或密码不正确");
        await Expect(_page.Locator(".alert-danger")).ToContainTextAsync("连续输错 5 次将锁定 15 分钟");
        (await _context.CookiesAsync()).Should().NotContain(c => c.Name == "rl.session");
    }

    [Fact]
    public async Task A_village_officer_sees_only_the_households_of_the_village()
    {
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Expect(_page.Locator("header")).ToContainTextAsync("混寨村干部（演示）");
        await Expect(_page.Locator("header")).ToContainTextAsync("522699001001");
        await Expect(_page.Locator("[data-figure=households]")).ToHaveTextAsync("100");
        await Expect(_page.Locator("[data-figure=villages]")).ToHaveTextAsync("1");
        await Expect(_page.Locator("#by-township tbody tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#by-township tbody tr").First).ToContainTextAsync("522699001000");
        (await _page.Locator("main").InnerTextAsync()).Should().NotContain("6,279");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await BrowserApp.SignInAsync(_page, "county", DemoLoader.DemoPassword);
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));

        await _page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await _page.GotoAsync("/");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\?ReturnUrl=%2F$"));
    }
}
