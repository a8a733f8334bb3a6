using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The app on Kestrel (a free port of 127.0.0.1) over a fresh copy of the prepared demo county (SQLite, see
/// <see cref="PreparedDemo"/>), and Debian's Chromium driven by Playwright. Without Chromium the tests skip — except
/// in CI, where the fixture fails.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "rl-browser-" + Guid.NewGuid().ToString("N"));
    private AppFactory? _factory;
    private IPlaywright? _playwright;

    public string? Unavailable { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A fresh browser context as the tests use it: the app's address, Simplified Chinese, a laptop screen.</summary>
    public Task<IBrowserContext> NewContextAsync(bool acceptDownloads = false) => NewContextAsync(Browser, BaseAddress, acceptDownloads);

    /// <summary>The same for an app fixture of a test's own.</summary>
    public static Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseAddress, bool acceptDownloads = false) => browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = baseAddress.ToString(),
        Locale = "zh-CN",
        ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        AcceptDownloads = acceptDownloads,
    });

    /// <summary>The app's services, for tests that prepare records the UI under test starts from.</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>$RURAL_TEST_OUTPUT/screenshots, or TestResults/screenshots under the repository root.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var output = Environment.GetEnvironmentVariable("RURAL_TEST_OUTPUT");
            if (!string.IsNullOrWhiteSpace(output))
            {
                return Path.Combine(Path.GetFullPath(output), "screenshots");
            }
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RuralLedger.slnx")))
            {
                folder = folder.Parent;
            }
            return Path.Combine(folder?.FullName ?? Directory.GetCurrentDirectory(), "TestResults", "screenshots");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {reason} The browser tests must run in CI.");
            }
            Unavailable = reason;
            return;
        }

        Directory.CreateDirectory(_dataFolder);
        _factory = await StartAsync(_dataFolder);
        BaseAddress = _factory.ClientOptions.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
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

    /// <summary>Signs in through the real login page: fills the form as a person would and submits it.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    /// <summary>The app on Kestrel over a copy of the prepared demo in <paramref name="dataFolder"/> (an existing, empty folder).</summary>
    public static async Task<AppFactory> StartAsync(string dataFolder)
    {
        await PreparedDemo.RestoreSqliteAsync(dataFolder);
        var factory = new AppFactory(new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = dataFolder });
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }
}
