using System.Net;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>The app behind a named proxy (ForwardedHeaders:KnownProxies = 127.0.0.1), as an operator configures it.</summary>
public sealed class ProxiedRuralApp<TDatabase>() : RuralApp<TDatabase>(new Dictionary<string, string> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" })
    where TDatabase : TestDatabase, new();

/// <summary>
/// Forwarded headers from a configured proxy (decision 0030): the session records the client's address the proxy
/// forwarded, and a sign-in through an HTTPS proxy gets a Secure cookie. Only the nearest hop counts.
/// </summary>
public abstract class ProxyHeaderTests<TDatabase> : IClassFixture<ProxiedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    protected ProxyHeaderTests(ProxiedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    private ProxiedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_named_proxy_forwards_the_client_address_and_https_to_the_session()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9, 203.0.113.7");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var login = await RuralApp<TDatabase>.PostLoginAsync(client, "county", Data.Demo.DemoLoader.DemoPassword);

        login.StatusCode.Should().Be(HttpStatusCode.Redirect);
        login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rl.session=", StringComparison.Ordinal))
            .Should().Contain("secure", "the proxy says the client came over HTTPS");
        await using var db = App.Database.CreateContext();
        var newest = await db.UserSessions.AsNoTracking().OrderByDescending(s => s.Id).FirstAsync(Ct);
        newest.Ip.Should().Be("203.0.113.7", "the nearest hop's client, not what the client prepended");
    }
}

public sealed class SqliteProxyHeaderTests(ProxiedRuralApp<SqliteTestDatabase> app) : ProxyHeaderTests<SqliteTestDatabase>(app);

public sealed class PostgresProxyHeaderTests(ProxiedRuralApp<PostgresTestDatabase> app) : ProxyHeaderTests<PostgresTestDatabase>(app);
