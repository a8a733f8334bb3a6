using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data.Demo;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The asset ledger in a real browser, as a village officer keeps it: filter the ledger, open an asset's file with its
/// four rights, register an asset through the form (a share error shown next to the owners, then fixed) and find it
/// in the ledger.
/// </summary>
public sealed class AssetLedgerTests : IClassFixture<AssetLedgerTests.LedgerApp>, IAsyncLifetime
{
    private readonly LedgerApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public AssetLedgerTests(LedgerApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _context = await BrowserApp.NewContextAsync(_app.Browser, _app.BaseAddress);
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task A_village_officer_filters_the_ledger_opens_an_asset_and_registers_a_new_one()
    {
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);

        // The seeded assets share a mark in their names, so the demo's own assets never change what is counted here.
        await _page.GotoAsync("/assets");
        await _page.Locator("#q").FillAsync("甲号");
        await _page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(_page.Locator("#assets tbody tr")).ToHaveCountAsync(2);
        await Expect(_page.Locator("#asset-totals")).ToContainTextAsync("共 2 项资产，原值合计 1,100,000.00 元");
        (await _page.Locator("main").InnerTextAsync()).Should().NotContain("甲号生猪圈舍", "another village's asset is not in this ledger");

        await _page.Locator("#class").SelectOptionAsync(new SelectOptionValue { Label = "经营性" });
        await _page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(_page.Locator("#assets tbody tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#asset-totals")).ToContainTextAsync("共 1 项资产，原值合计 800,000.00 元");
        await Expect(_page.Locator("#assets tbody tr")).ToContainTextAsync("甲号食用菌冷库");

        await _page.GetByRole(AriaRole.Link, new() { Name = LedgerApp.ColdStoreCode }).ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync("甲号食用菌冷库");
        await Expect(_page.Locator("#right-ownership")).ToContainTextAsync("混寨村股份经济合作联合社");
        await Expect(_page.Locator("#right-ownership")).ToContainTextAsync("100.00%");
        await Expect(_page.Locator("#right-supervision")).ToContainTextAsync("茶乡镇农业服务中心");
        await Expect(_page.Locator("#funding-total")).ToHaveTextAsync("800,000.00 元");
        await Expect(_page.Locator("#right-operation").GetByRole(AriaRole.Link, new() { Name = "签订经营合同" })).ToBeVisibleAsync();

        await _page.GotoAsync("/assets");
        await _page.GetByRole(AriaRole.Link, new() { Name = "登记资产" }).ClickAsync();
        await _page.Locator("#Input_Name").FillAsync("甲号黄桃分拣仓库");
        await _page.Locator("#Input_Kind").SelectOptionAsync(new SelectOptionValue { Label = "仓库" });
        await _page.Locator("#Input_Industry").SelectOptionAsync(new SelectOptionValue { Label = "精品水果" });
        await _page.Locator("#Input_Quantity").FillAsync("1");
        await _page.Locator("#Input_Unit").FillAsync("栋");
        await _page.Locator("#Input_FormedOn").FillAsync("2020-09-15");
        await _page.Locator("#Input_Funding_0__FundSourceId").SelectOptionAsync(new SelectOptionValue { Label = LedgerApp.CentralFundLabel });
        await _page.Locator("#Input_Funding_0__Amount").FillAsync("300000");
        await _page.Locator("#Input_Funding_1__FundSourceId").SelectOptionAsync(new SelectOptionValue { Label = LedgerApp.CountyFundLabel });
        await _page.Locator("#Input_Funding_1__Amount").FillAsync("45678.90");
        await _page.Locator("#Input_Shares_0__Name").FillAsync("混寨村股份经济合作联合社");
        await _page.Locator("#Input_Shares_0__Percent").FillAsync("60");
        await _page.Locator("#Input_Shares_1__Kind").SelectOptionAsync(new SelectOptionValue { Label = "乡镇" });
        await _page.Locator("#Input_Shares_1__Name").FillAsync("茶乡镇人民政府");
        await _page.Locator("#Input_Shares_1__Percent").FillAsync("39.99");
        await _page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(_page.Locator("#shares-error")).ToContainTextAsync("共有份额合计须恰好为 100%，现为 99.99%");
        await Expect(_page.Locator("#Input_Name")).ToHaveValueAsync("甲号黄桃分拣仓库");
        await Expect(_page.Locator("#Input_Funding_1__Amount")).ToHaveValueAsync("45678.90");
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "asset-new-error.png"), FullPage = true });

        await _page.Locator("#Input_Shares_1__Percent").FillAsync("40");
        await _page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(_page.Locator(".alert-success")).ToHaveTextAsync("资产已登记。");
        await Expect(_page.Locator("#original-value")).ToHaveTextAsync("345,678.90 元");
        await Expect(_page.Locator("#right-ownership")).ToContainTextAsync("40.00%");
        await _page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "仓库外观.png", MimeType = "image/png", Buffer = TinyPng });
        await _page.Locator("#caption").FillAsync("仓库外观");
        await _page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Expect(_page.Locator(".alert-success")).ToHaveTextAsync("文件已上传。");
        await Expect(_page.Locator("#files img[alt='仓库外观']")).ToBeVisibleAsync();
        // Visible is not loaded: wait for the browser to finish the image (loaded or failed) before reading its size.
        await _page.WaitForFunctionAsync("() => { const img = document.querySelector(\"#files img[alt='仓库外观']\"); return img !== null && img.complete; }");
        (await _page.Locator("#files img[alt='仓库外观']").EvaluateAsync<int>("img => img.naturalWidth")).Should().Be(1, "the thumbnail is the uploaded PNG, served back by the download link");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "asset.png"), FullPage = true });

        await _page.GotoAsync("/assets?q=" + Uri.EscapeDataString("甲号"));
        var row = _page.Locator("#assets tbody tr").Filter(new() { HasText = "甲号黄桃分拣仓库" });
        await Expect(row).ToContainTextAsync("345,678.90 元");
        await Expect(row).ToContainTextAsync("混寨村股份经济合作联合社 60.00%；茶乡镇人民政府 40.00%");
        await Expect(_page.Locator("#asset-totals")).ToContainTextAsync("共 3 项资产，原值合计 1,445,678.90 元");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "assets.png") });
    }

    /// <summary>A real 1×1 PNG.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>
    /// <see cref="BrowserApp"/> plus what the ledger needs before anyone types: two fund sources of the county and
    /// three assets (two in 混寨村, one in 洪家湾村), written through a system context on the app's database.
    /// </summary>
    public sealed class LedgerApp : IAsyncLifetime
    {
        public const string ColdStoreCode = "ZC522699-2019-90001";
        public const string CentralFundLabel = "2019 测试中央衔接资金（中央财政衔接资金）";
        public const string CountyFundLabel = "2019 测试县级衔接资金（县级财政衔接资金）";

        private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "rl-browser-assets-" + Guid.NewGuid().ToString("N"));
        private AppFactory? _factory;
        private IPlaywright? _playwright;

        public string? Unavailable { get; private set; }

        public Uri BaseAddress { get; private set; } = null!;

        public IBrowser Browser { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            if (!File.Exists(BrowserApp.ChromiumPath))
            {
                var reason = $"Chromium is not installed at {BrowserApp.ChromiumPath} (apt-get install chromium).";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"CI=true but {reason} The browser tests must run in CI.");
                }
                Unavailable = reason;
                return;
            }
            Directory.CreateDirectory(_dataFolder);
            _factory = await BrowserApp.StartAsync(_dataFolder);
            BaseAddress = _factory.ClientOptions.BaseAddress;
            await SeedAsync();

            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserApp.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }
            _playwright?.Dispose();
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_dataFolder))
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
        }

        private async Task SeedAsync()
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = _dataFolder };
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("browser-test"));
            var central = new FundSource("522699", FundSourceKind.Central, 2019, "测试中央衔接资金", Money.FromYuan(10_000_000m), null);
            var county = new FundSource("522699", FundSourceKind.County, 2019, "测试县级衔接资金", Money.FromYuan(2_000_000m), null);
            db.FundSources.AddRange(central, county);
            await db.SaveChangesAsync();

            Asset Make(string code, string name, AssetClass assetClass, AssetKind kind, Industry industry, string village, decimal yuan, string owner) =>
                new(code, name, assetClass, kind, industry, DivisionCode.Parse(village), 1m, "座", new DateOnly(2019, 6, 30), null,
                    [new FundingLine(central.Id, Money.FromYuan(yuan))], [new ShareLine(HolderKind.VillageCollective, owner, null, null, Asset.FullShare)],
                    DateTimeOffset.UtcNow, "系统:browser-test");

            var coldStore = Make(ColdStoreCode, "甲号食用菌冷库", AssetClass.Operating, AssetKind.ColdStore, Industry.EdibleFungi, "522699001001", 800_000m, "混寨村股份经济合作联合社");
            coldStore.SetRights("茶乡镇农业服务中心", "杨监管", "本村建档立卡脱贫户", "721");
            db.Assets.AddRange(
                coldStore,
                Make("ZC522699-2019-90002", "甲号通组路", AssetClass.PublicWelfare, AssetKind.Road, Industry.Infrastructure, "522699001001", 300_000m, "混寨村股份经济合作联合社"),
                Make("ZC522699-2019-90003", "甲号生猪圈舍", AssetClass.Operating, AssetKind.Pen, Industry.Pigs, "522699001002", 500_000m, "洪家湾村股份经济合作联合社"));
            await db.SaveChangesAsync();
        }
    }
}
