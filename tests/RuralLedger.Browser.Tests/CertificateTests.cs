using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data.Demo;
using RuralLedger.Data;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The issue's browser check for certificates: a county officer opens an asset's issue page, issues the certificate,
/// downloads its PDF, and the QR address, opened in a browser with no session, says the certificate is genuine.
/// </summary>
public sealed class CertificateTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public CertificateTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        if (_app.Unavailable is not null)
        {
            return;
        }
        _context = await _app.NewContextAsync(acceptDownloads: true);
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_county_officer_issues_a_certificate_downloads_its_pdf_and_the_qr_page_says_genuine_without_login()
    {
        var (assetId, assetName) = await CreateAssetAsync();
        await BrowserApp.SignInAsync(_page, "county", DemoLoader.DemoPassword);

        await _page.GotoAsync($"/certificates/issue?assetId={assetId}");
        await Expect(_page.Locator("#asset-facts")).ToContainTextAsync(assetName);
        await Expect(_page.Locator("#holders")).ToContainTextAsync("混寨村股份经济合作社");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "certificate-issue.png"), FullPage = true });
        await _page.Locator("#issue").ClickAsync();

        await Expect(_page).ToHaveURLAsync(new Regex("/certificates/[0-9]+$"));
        var number = (await _page.Locator("#certificate-number").InnerTextAsync()).Trim();
        number.Should().MatchRegex(@"^522699-\d{4}-\d{5}$");
        await Expect(_page.Locator(".alert-success")).ToContainTextAsync("已颁发所有权证 " + number);
        await Expect(_page.Locator("#certificate-status")).ToHaveTextAsync("有效");
        await Expect(_page.Locator("#asset-name")).ToHaveTextAsync(assetName);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "certificate.png"), FullPage = true });

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator("#download-pdf").ClickAsync());
        var file = await download.PathAsync();
        var head = new byte[5];
        await using (var stream = File.OpenRead(file))
        {
            await stream.ReadExactlyAsync(head, TestContext.Current.CancellationToken);
        }
        System.Text.Encoding.ASCII.GetString(head).Should().Be("%PDF-");
        download.SuggestedFilename.Should().Be(number + ".pdf");

        await _page.GotoAsync("/certificates?q=" + Uri.EscapeDataString(number));
        await Expect(_page.Locator("#certificates tbody tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#certificates tbody tr")).ToContainTextAsync(assetName);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "certificates.png") });
        await _page.GoBackAsync();

        var verifyUrl = await _page.Locator("#verify-link").GetAttributeAsync("href");
        verifyUrl.Should().MatchRegex("^http://127\\.0\\.0\\.1:[0-9]+/verify/[a-z2-9]{26}$");
        await using var anonymous = await _app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 414, Height = 800 } });
        var phone = await anonymous.NewPageAsync();
        await phone.GotoAsync(verifyUrl!);
        await Expect(phone.Locator("#verdict-text")).ToHaveTextAsync("真实有效");
        await Expect(phone.Locator("#verified-facts")).ToContainTextAsync(number);
        await Expect(phone.Locator("#verified-facts")).ToContainTextAsync(assetName);
        phone.Url.Should().NotContain("/login");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "certificate-verify.png"), FullPage = true });
    }

    /// <summary>
    /// An asset of 混寨村 written straight into the fixture's SQLite file (the asset ledger's pages and API live on
    /// another branch). The fixture keeps its data folder private, hence the reflection.
    /// </summary>
    private async Task<(long Id, string Name)> CreateAssetAsync()
    {
        var folder = (string)typeof(BrowserApp).GetField("_dataFolder", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_app)!;
        var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "", DataFolder = folder, KeyFile = "" };
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = "油茶冷库（浏览器测试）" + suffix;
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("browser-test"));
        var fund = new FundSource("522699", FundSourceKind.Central, 2024, "2024 年中央财政衔接资金（浏览器测试）" + suffix, Money.FromYuan(2_000_000m), null);
        db.FundSources.Add(fund);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var asset = new Asset("ZCB-" + suffix, name, AssetClass.Operating, AssetKind.ColdStore, Industry.CamelliaOil, DivisionCode.Parse("522699001001"),
            1, "座", new DateOnly(2024, 6, 30), null, [new FundingLine(fund.Id, Money.FromYuan(860_000m))],
            [new ShareLine(HolderKind.VillageCollective, "混寨村股份经济合作社", null, null, Asset.FullShare)], DateTimeOffset.UtcNow, "browser-test");
        db.Assets.Add(asset);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (asset.Id.Value, name);
    }
}
