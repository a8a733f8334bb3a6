using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// Signing in over HTTP: lockout after five wrong passwords (the app's clock is a FakeTimeProvider the tests move),
/// the forced password change, and the anti-forgery check of the login form.
/// </summary>
public abstract class AccountTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string LockedMessage = "账户已因多次输错密码被锁定";
    private const string WrongMessage = "用户名或密码不正确";

    protected AccountTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_password()
    {
        const string password = "Correct2026pass";
        var userName = await CreateUserAsync(mustChangePassword: false, password);
        var client = App.CreateClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await RuralApp<TDatabase>.PostLoginAsync(client, userName, "Wrong2026pass");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK, $"attempt {attempt} shows the form again");
            (await Html(wrong)).Should().Contain(WrongMessage).And.NotContain(LockedMessage);
        }
        using var fifth = await RuralApp<TDatabase>.PostLoginAsync(client, userName, "Wrong2026pass");
        var lockedAt = App.Clock!.GetUtcNow();
        var lockedUntil = await LockedUntilAsync(userName);
        using var rightButLocked = await RuralApp<TDatabase>.PostLoginAsync(client, userName, password);
        App.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        using var stillLocked = await RuralApp<TDatabase>.PostLoginAsync(client, userName, password);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        using var afterFifteenMinutes = await RuralApp<TDatabase>.PostLoginAsync(client, userName, password);

        fifth.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(fifth)).Should().Contain(LockedMessage).And.Contain("锁定");
        rightButLocked.StatusCode.Should().Be(HttpStatusCode.OK, "the right password does not open a locked account");
        (await Html(rightButLocked)).Should().Contain(LockedMessage);
        SetCookies(rightButLocked).Should().NotContain(c => c.StartsWith("rl.session=", StringComparison.Ordinal));
        stillLocked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(stillLocked)).Should().Contain(LockedMessage);
        afterFifteenMinutes.StatusCode.Should().Be(HttpStatusCode.Redirect, "the lock ends after 15 minutes");
        afterFifteenMinutes.Headers.Location!.OriginalString.Should().Be("/");
        (await client.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        lockedUntil.Should().BeCloseTo(lockedAt + User.LockoutDuration, TimeSpan.FromMilliseconds(1));
        await using var db = App.Database.CreateContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct);
        user.LockedUntil.Should().BeNull("a successful sign-in clears the lock");
        user.FailedAttempts.Should().Be(0);
        var userId = user.Id.ToString();
        (await db.AuditEntries.CountAsync(a => a.Action == "login_failed" && a.EntityId == userId, Ct)).Should().Be(7);
        (await db.AuditEntries.CountAsync(a => a.Action == "login" && a.EntityId == userId, Ct)).Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_user_name_gets_the_same_answer_as_a_wrong_password()
    {
        var client = App.CreateClient();

        using var response = await RuralApp<TDatabase>.PostLoginAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "Wrong2026pass");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(response)).Should().Contain("用户名或密码不正确。连续输错 5 次将锁定 15 分钟。");
    }

    [Fact]
    public async Task A_user_who_must_change_the_password_is_sent_to_the_password_page_and_the_api_refuses_with_403()
    {
        const string initial = "Initial2026pass";
        var userName = await CreateUserAsync(mustChangePassword: true, initial);
        var client = App.CreateClient();

        using var login = await RuralApp<TDatabase>.PostLoginAsync(client, userName, initial);
        using var home = await client.GetAsync("/", Ct);
        using var areas = await client.GetAsync("/areas", Ct);
        using var api = await client.GetAsync("/api/households", Ct);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct));
        using var passwordPage = await client.GetAsync("/account/password", Ct);

        login.StatusCode.Should().Be(HttpStatusCode.Redirect);
        login.Headers.Location!.OriginalString.Should().Be("/account/password");
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.Should().Be("/account/password");
        areas.StatusCode.Should().Be(HttpStatusCode.Redirect);
        areas.Headers.Location!.OriginalString.Should().Be("/account/password");
        api.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.RootElement.GetProperty("code").GetString().Should().Be("account.password_change_required");
        passwordPage.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Html(passwordPage)).Should().Contain("须先设置您自己的密码");

        // Changing it opens the app, in the same session.
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(client, "/account/password");
        using var change = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = initial,
            ["NewPassword"] = "Changed2026pass",
            ["ConfirmPassword"] = "Changed2026pass",
            ["__RequestVerificationToken"] = token,
        }), Ct);
        using var apiAfter = await client.GetAsync("/api/households?pageSize=1", Ct);

        change.StatusCode.Should().Be(HttpStatusCode.Redirect);
        change.Headers.Location!.OriginalString.Should().Be("/");
        apiAfter.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_of_the_user()
    {
        const string password = "Before2026pass";
        var userName = await CreateUserAsync(mustChangePassword: false, password);
        var other = await App.SignInAsync(userName, password);
        var current = await App.SignInAsync(userName, password);
        (await other.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(current, "/account/password");
        using var change = await current.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = password,
            ["NewPassword"] = "After2026pass",
            ["ConfirmPassword"] = "After2026pass",
            ["__RequestVerificationToken"] = token,
        }), Ct);
        using var otherAfter = await other.GetAsync("/api/overview", Ct);
        using var currentAfter = await current.GetAsync("/api/overview", Ct);

        change.StatusCode.Should().Be(HttpStatusCode.Redirect);
        otherAfter.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the session was issued before the password changed");
        currentAfter.StatusCode.Should().Be(HttpStatusCode.OK, "the session that changed the password was renewed");
    }

    [Fact]
    public async Task Sessions_are_recorded_and_end_at_sign_out_by_an_administrator_and_on_a_password_reset()
    {
        const string password = "Session2026pass";
        var userName = await CreateUserAsync(mustChangePassword: false, password);
        var id = await UserIdAsync(userName);

        // Sign-out ends the session on the server: its cookie, kept and replayed by hand, is refused afterwards.
        var jar = new CookieContainer();
        using var first = App.CreateClient(jar);
        (await RuralApp<TDatabase>.PostLoginAsync(first, userName, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var kept = jar.GetCookieHeader(App.BaseAddress);
        (await Replay(kept)).Should().Be(HttpStatusCode.OK);
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(first, "/account/password");
        using var logout = await first.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        logout.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await Replay(kept)).Should().Be(HttpStatusCode.Unauthorized, "a signed-out session is revoked, not only its cookie deleted");

        // An administrator lists the sessions and ends one: that one is refused on its next request, the other goes on.
        var second = await App.SignInAsync(userName, password);
        var third = await App.SignInAsync(userName, password);
        var sessions = await SessionsAsync(id);
        sessions.Select(s => s.GetProperty("revokedReason").ValueKind == JsonValueKind.Null).Should().Equal(true, true, false);
        sessions[0].GetProperty("ip").GetString().Should().Be("127.0.0.1");
        using var revoke = await App.Admin.PostAsync($"/api/users/{id}/sessions/{sessions[1].GetProperty("id").GetInt64()}/revoke", null, Ct);
        using var foreignSession = await App.Admin.PostAsync($"/api/users/{id}/sessions/{sessions[1].GetProperty("id").GetInt64() + 100000}/revoke", null, Ct);
        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        foreignSession.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await second.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await third.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A password reset ends every remaining session, and the page says how each ended.
        (await App.Admin.PostAsync($"/api/users/{id}/reset-password", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await third.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SessionsAsync(id)).Select(s => s.GetProperty("revokedReason").GetString()).Should().Equal("password_changed", "revoked", "signed_out");
        var page = await Html(await App.Admin.GetAsync($"/admin/users/{id}", Ct));
        page.Should().Contain("密码已更改").And.Contain("管理员强制下线").And.Contain("已退出").And.NotContain("强制下线</button>");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AuditEntries.CountAsync(a => a.EntityType == "UserSession" && a.Action == "update", Ct)).Should().BeGreaterThan(0, "the revocation is audited");
        }
    }

    [Fact]
    public async Task Posting_the_login_form_without_the_anti_forgery_token_is_a_400()
    {
        var client = App.CreateClient();
        await client.GetAsync("/login", Ct); // the anti-forgery cookie alone is not enough

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = Data.Demo.DemoLoader.DemoPassword,
        }), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        SetCookies(response).Should().NotContain(c => c.StartsWith("rl.session=", StringComparison.Ordinal), "no session is issued");
    }

    /// <summary>A fresh county-level account (names are unique per test: the lockout counts per account).</summary>
    private async Task<string> CreateUserAsync(bool mustChangePassword, string password)
    {
        var userName = "t" + Guid.NewGuid().ToString("N")[..10];
        var now = App.Clock!.GetUtcNow();
        var county = DivisionCode.ForCounty("522699");
        var user = mustChangePassword
            ? new User(userName, "测试用户", Role.CountyStaff, county, password, null, now)
            : User.Demo(userName, "测试用户", Role.CountyStaff, county, password, null, now);
        await using var db = App.Database.CreateContext();
        db.Users.Add(user);
        await db.SaveChangesAsync(Ct);
        return userName;
    }

    private async Task<long> UserIdAsync(string userName)
    {
        await using var db = App.Database.CreateContext();
        return (await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Ct)).Value;
    }

    private async Task<List<JsonElement>> SessionsAsync(long id)
    {
        using var document = JsonDocument.Parse(await App.Admin.GetStringAsync($"/api/users/{id}/sessions", Ct));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>GET /api/overview with the given cookie header only (no cookie container that a sign-out could empty).</summary>
    private async Task<HttpStatusCode> Replay(string cookieHeader)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/overview");
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private async Task<DateTimeOffset?> LockedUntilAsync(string userName)
    {
        await using var db = App.Database.CreateContext();
        return await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.LockedUntil).SingleAsync(Ct);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
}

public sealed class SqliteAccountTests(ClockedRuralApp<SqliteTestDatabase> app) : AccountTests<SqliteTestDatabase>(app);

public sealed class PostgresAccountTests(ClockedRuralApp<PostgresTestDatabase> app) : AccountTests<PostgresTestDatabase>(app);
