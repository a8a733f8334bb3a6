using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>
/// The real app (Program) served by Kestrel on a free port of 127.0.0.1, on a fresh database with the demo county
/// and its demo accounts loaded at startup. Self-contained on purpose (this folder does not lean on the shared
/// fixtures, which are being adapted to sign-in on another branch).
/// </summary>
public abstract partial class AdminApp : IAsyncLifetime
{
    public const string DemoPassword = "Demo2026pass";

    /// <summary>The demo county (茶乡县).</summary>
    public const string County = "522699";

    public const string CountyScope = County + "000000";

    private Factory? _factory;

    protected AdminApp()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "rl-admin-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public abstract DatabaseProvider Provider { get; }

    public string DataFolder { get; }

    public string ConnectionString { get; protected set; } = "";

    /// <summary>Why the database could not be had (tests skip); null when the app runs.</summary>
    public string? Unavailable { get; protected set; }

    public Uri BaseAddress { get; private set; } = null!;

    public StorageOptions Storage => new()
    {
        Provider = Provider,
        ConnectionString = ConnectionString,
        DataFolder = DataFolder,
        KeyFile = Path.Combine(DataFolder, "keys", "personal-data.key"),
        AutoMigrate = true,
    };

    /// <summary>A context on the app's database acting as a system job, for arranging what the app can't write.</summary>
    public RuralDbContext CreateSystemContext() => StorageRegistration.CreateContext(Storage, AccessContext.System("test"));

    protected abstract ValueTask CreateDatabaseAsync();

    protected virtual ValueTask DropDatabaseAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        await CreateDatabaseAsync();
        if (Unavailable is not null)
        {
            return;
        }
        _factory = new Factory(this);
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
        await DropDatabaseAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a host shutting down; the temp folder is cleaned by the system.
        }
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

    private sealed class Factory(AdminApp app) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:Provider", app.Provider.ToString());
            builder.UseSetting("Storage:ConnectionString", app.ConnectionString);
            builder.UseSetting("Storage:DataFolder", app.DataFolder);
            builder.UseSetting("Storage:KeyFile", app.Storage.KeyFile);
            builder.UseSetting("Storage:AutoMigrate", "true");
            builder.UseSetting("Demo:LoadWhenEmpty", "true");
        }
    }
}

/// <summary>A SQLite file in the app's temporary data folder.</summary>
public sealed class SqliteAdminApp : AdminApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override ValueTask CreateDatabaseAsync()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataFolder, "ruralledger.db") }.ToString();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database created on the server named by RURAL_TEST_PG (a connection string to its "postgres" database) and
/// dropped afterwards; without it the tests skip, except in CI, where they fail.
/// </summary>
public sealed class PostgresAdminApp : AdminApp
{
    private string? _server;
    private string? _name;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async ValueTask CreateDatabaseAsync()
    {
        _server = Environment.GetEnvironmentVariable("RURAL_TEST_PG");
        if (string.IsNullOrWhiteSpace(_server))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI=true but RURAL_TEST_PG is not set. The PostgreSQL tests must run in CI.");
            }
            Unavailable = "RURAL_TEST_PG is not set (a Npgsql connection string to a server's \"postgres\" database).";
            return;
        }
        _name = "rl_admin_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ToString();
    }

    protected override async ValueTask DropDatabaseAsync()
    {
        if (_server is null || _name is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
