using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RuralLedger.Data.Demo;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) on a fresh database of one provider, served by Kestrel on a free port of 127.0.0.1,
/// with the demo county (and its demo accounts) as a first start of the embedded default loads it: the database is a
/// copy of the <see cref="PreparedDemo"/>, so the app starts on it as on any later start.
/// </summary>
public class RuralApp<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    private AppFactory? _factory;

    public RuralApp()
        : this(clock: null)
    {
    }

    /// <param name="clock">Replaces the app's <see cref="TimeProvider"/> singleton; null keeps the system clock.</param>
    protected RuralApp(FakeTimeProvider? clock) => Clock = clock;

    /// <param name="settings">Configuration an operator would add (see <see cref="AppFactory"/>).</param>
    protected RuralApp(IReadOnlyDictionary<string, string> settings) => Settings = settings;

    private IReadOnlyDictionary<string, string>? Settings { get; }

    public TDatabase Database { get; } = new();

    /// <summary>The app's clock when the fixture replaced it (see <see cref="ClockedRuralApp{TDatabase}"/>).</summary>
    public FakeTimeProvider? Clock { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt;/ of the running server.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's services (endpoint data source, configuration).</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>A client signed in as the demo county administrator by the fixture (see <see cref="InitializeAsync"/>).</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A plain HttpClient (real sockets) that does not follow redirects and keeps the cookies it is given.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeFromDemoAsync();
        if (Database.Unavailable is not null)
        {
            return;
        }
        _factory = new AppFactory(Database.Storage, Clock, Settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;

        // Every page and API needs a session: the fixture signs in once through the login form, as a browser would.
        Admin = await SignInAsync("admin");
    }

    /// <summary>
    /// Signs in through the real login form (GET /login for the anti-forgery token, POST the form) and returns a
    /// client carrying the session cookie. Throws when the app does not answer with the redirect to the home page.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoLoader.DemoPassword)
    {
        var client = CreateClient();
        using var response = await PostLoginAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Sign-in as {userName} answered {(int)response.StatusCode} {response.Headers.Location}: {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>Posts the login form as a browser does: the token from GET /login, the user name and the password.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/login");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The hidden anti-forgery field of the form on <paramref name="path"/> (its cookie lands in the client's container).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!match.Success)
        {
            match = Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        }
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No anti-forgery token in {path}.");
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Admin?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}

/// <summary>The app with a <see cref="FakeTimeProvider"/> in place of its clock, starting at the real present; tests advance it.</summary>
public sealed class ClockedRuralApp<TDatabase>() : RuralApp<TDatabase>(new FakeTimeProvider(DateTimeOffset.UtcNow)) where TDatabase : TestDatabase, new();
