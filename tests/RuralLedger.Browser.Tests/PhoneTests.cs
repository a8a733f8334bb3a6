using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The app on a phone (390×844, issue #13): the main pages never scroll sideways, the navigation starts folded behind
/// its button, and irreversible steps ask in a dialog and refuse to go on without a reason.
/// </summary>
public sealed class PhoneTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private const int Width = 390;
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public PhoneTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = Width, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private async Task<T> ReadAsync<T>(Func<RuralDbContext, Task<T>> read)
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("browser-test");
        return await read(scope.ServiceProvider.GetRequiredService<RuralDbContext>());
    }

    /// <summary>The page is as wide as the screen: whatever is wider scrolls inside its own box.</summary>
    private async Task ExpectNoSidewaysScrollAsync(string path)
    {
        var widths = await _page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].Should().BeLessThanOrEqualTo(widths[1], $"{path} must not scroll sideways at {Width} px");
    }

    private async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, name), FullPage = false });
    }

    [Fact]
    public async Task The_main_pages_fit_a_phone_with_the_navigation_folded()
    {
        var householdId = await ReadAsync(db => db.Households.OrderBy(h => h.Id).Select(h => h.Id.Value).FirstAsync());
        var assetId = await ReadAsync(db => db.Assets.OrderBy(a => a.Id).Select(a => a.Id.Value).FirstAsync());
        await BrowserApp.SignInAsync(_page, "admin", DemoLoader.DemoPassword);

        // A plan of a village with more households than a page of lines: built the way an officer builds one.
        await _page.GotoAsync("/distribution/new?village=522699009006&year=2025");
        await _page.Locator("#build-plan").ClickAsync();
        await Expect(_page.Locator("#plan-status")).ToHaveTextAsync("已测算");
        var planPath = new Uri(_page.Url).AbsolutePath;
        await Expect(_page.Locator("#lines tbody tr")).ToHaveCountAsync(50);
        await Expect(_page.Locator("#lines-pages")).ToBeVisibleAsync();
        await ScreenshotAsync("phone-plan.png");

        string[] pages =
        [
            "/", "/registry", $"/registry/{householdId}", "/assets", $"/assets/{assetId}", "/contracts", "/distribution", planPath,
            "/linkage/public-jobs", "/audit", "/projects", "/certificates",
            // Linkage, supervision, loan usage, the objection inbox (the public boards have their own phone test).
            "/linkage/wages", "/linkage/agreements", "/linkage/income", "/linkage/income/share-only", "/supervision", "/supervision/findings",
            "/supervision/warnings", "/credit", "/credit/overdue", "/credit/usage", "/credit/risk-fund", "/credit/policies", "/projects/selection-policy",
            "/disclosure",
            // Order farming, land, training, ventures, inspections, account flows, loan import, tokens.
            "/linkage/orders", "/linkage/land", "/linkage/training", "/credit/ventures", "/credit/loan-inspections", "/credit/loan-inspections/new", "/credit/loan-inspections/plan", "/linkage/agreements/import", "/linkage/land/import",
            "/credit/usage/flows", "/credit/usage/rules", "/credit/import-loans", "/admin/tokens",
        ];
        foreach (var path in pages)
        {
            await _page.GotoAsync(path);
            await ExpectNoSidewaysScrollAsync(path);
            await Expect(_page.Locator("#nav-toggle")).ToBeVisibleAsync();
            await Expect(_page.Locator("#app-nav")).ToBeHiddenAsync();
            switch (path)
            {
                case "/":
                    await ScreenshotAsync("phone-home.png");
                    break;
                case "/registry":
                    await ScreenshotAsync("phone-registry.png");
                    break;
                case var p when p == $"/registry/{householdId}":
                    await ScreenshotAsync("phone-household.png");
                    break;
            }
        }

        await _page.GotoAsync("/registry");
        await _page.Locator("#nav-toggle").ClickAsync();
        await Expect(_page.Locator("#app-nav")).ToBeVisibleAsync();
        await Expect(_page.Locator("#app-nav")).ToContainTextAsync("资产台账");
        await Expect(_page.Locator("#admin-links")).ToContainTextAsync("接口文档");
        await ScreenshotAsync("phone-navigation.png");
    }

    [Fact]
    public async Task Cancelling_a_project_asks_first_and_requires_a_reason()
    {
        var projectId = await ReadAsync(db => db.Projects.Where(p => p.Status == ProjectStatus.Planned).OrderBy(p => p.Id).Select(p => p.Id.Value).FirstAsync());
        await BrowserApp.SignInAsync(_page, "county", DemoLoader.DemoPassword);
        await _page.GotoAsync($"/projects/{projectId}");

        await _page.Locator("#cancel-project").ClickAsync();
        await Expect(_page.Locator("#cancel-reason")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await Expect(_page.Locator("#confirm-dialog")).ToBeHiddenAsync();

        await _page.Locator("#cancel-reason").FillAsync("选址与村民意愿不符");
        await _page.Locator("#cancel-project").ClickAsync();
        await Expect(_page.Locator("#confirm-dialog")).ToBeVisibleAsync();
        await Expect(_page.Locator("#confirm-message")).ToContainTextAsync("不能恢复");
        await Expect(_page.Locator("#confirm-reason")).ToContainTextAsync("选址与村民意愿不符");
        await ScreenshotAsync("phone-confirm.png");
        await _page.Locator("#confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "返回" }).ClickAsync();
        await Expect(_page.Locator("#confirm-dialog")).ToBeHiddenAsync();
        (await ReadAsync(db => db.Projects.Where(p => p.Id == new ProjectId(projectId)).Select(p => p.Status).SingleAsync()))
            .Should().Be(ProjectStatus.Planned, "going back changes nothing");

        await _page.Locator("#cancel-project").ClickAsync();
        await _page.Locator("#confirm-ok").ClickAsync();
        await Expect(_page.Locator("#project-cancelled")).ToContainTextAsync("选址与村民意愿不符");
    }

    [Fact]
    public async Task Revoking_a_certificate_asks_first_and_requires_a_reason()
    {
        var certificateId = await ReadAsync(db => db.Certificates.Where(c => c.Status == CertificateStatus.Valid).OrderByDescending(c => c.Id).Select(c => c.Id.Value).FirstAsync());
        await BrowserApp.SignInAsync(_page, "county", DemoLoader.DemoPassword);
        await _page.GotoAsync($"/certificates/{certificateId}");

        var revoke = _page.Locator("#revoke button[type=submit]");
        await revoke.ClickAsync();
        await Expect(_page.Locator("#Revoke_Reason")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await Expect(_page.Locator("#confirm-dialog")).ToBeHiddenAsync();

        await _page.Locator("#Revoke_Reason").FillAsync("资产已处置");
        await revoke.ClickAsync();
        await Expect(_page.Locator("#confirm-message")).ToContainTextAsync("已注销");
        await _page.Locator("#confirm-ok").ClickAsync();
        await Expect(_page.Locator("main")).ToContainTextAsync("资产已处置");
        (await ReadAsync(db => db.Certificates.Where(c => c.Id == new CertificateId(certificateId)).Select(c => c.Status).SingleAsync()))
            .Should().Be(CertificateStatus.Revoked);
    }
}
