using System.Net;
using System.Text.RegularExpressions;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>
/// The real app (Program) served by Kestrel on a free port of 127.0.0.1, on a fresh copy of the prepared demo county
/// and its demo accounts (see <see cref="PreparedDemo"/>), with the form helpers the admin pages' tests use.
/// </summary>
public abstract partial class AdminApp(TestDatabase database) : IAsyncLifetime
{
    public const string DemoPassword = "Demo2026pass";

    /// <summary>The demo county (茶乡县).</summary>
    public const string County = "522699";

    public const string CountyScope = County + "000000";

    private AppFactory? _factory;

    public DatabaseProvider Provider => database.Provider;

    public string DataFolder => database.DataFolder;

    public string ConnectionString => database.ConnectionString;

    /// <summary>Why the database could not be had (tests skip); null when the app runs.</summary>
    public string? Unavailable => database.Unavailable;

    public Uri BaseAddress { get; private set; } = null!;

    public StorageOptions Storage => database.Storage;

    /// <summary>A context on the app's database acting as a system job, for arranging what the app can't write.</summary>
    public RuralDbContext CreateSystemContext() => database.CreateContext();

    public async ValueTask InitializeAsync()
    {
        await database.InitializeFromDemoAsync();
        if (Unavailable is not null)
        {
            return;
        }
        _factory = new AppFactory(Storage);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await database.DisposeAsync();
    }

    /// <summary>A client with its own cookie jar that does not follow redirects (tests look at each one).</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>Signs in through the login form and returns the client carrying the session; throws unless sent home.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoPassword)
    {
        var client = CreateClient();
        using var response = await PostLoginAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Sign-in as {userName} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
        return client;
    }

    /// <summary>The path a redirect points to (the sign-in cookie's redirects are absolute, the pages' relative).</summary>
    public static string PathOf(Uri? location) =>
        location is null ? "" : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        await PostFormAsync(client, "/login", "/login", new() { ["UserName"] = userName, ["Password"] = password });

    /// <summary>Posts a form as a browser does: the anti-forgery token read from the page at <paramref name="formPage"/>, then the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(formPage);
        var token = TokenPattern().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No anti-forgery token on {formPage}.");
        }
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>A SQLite file in the app's temporary data folder.</summary>
public sealed class SqliteAdminApp() : AdminApp(new SqliteTestDatabase());

/// <summary>
/// A database created on the server named by RURAL_TEST_PG (a connection string to its "postgres" database) and
/// dropped afterwards; without it the tests skip, except in CI, where they fail.
/// </summary>
public sealed class PostgresAdminApp() : AdminApp(new PostgresTestDatabase());
