using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>
/// Programs on the API (decision 0032): tokens issued for a service account, shown once, stored hashed, acting with
/// the account's scope, refused on pages, when revoked or expired, and past their budget; Idempotency-Key on POSTs
/// (ten at once act once, a retry replays, another body is refused, keys expire after 24 hours).
/// </summary>
public abstract class ApiTokenTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    protected ApiTokenTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    private ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateOnly Today => BusinessCalendar.Today(App.Clock!);

    [Fact]
    public async Task A_token_is_shown_once_acts_with_its_account_scope_on_the_api_only_and_stops_when_revoked_or_expired()
    {
        using var admin = await App.SignInAsync("admin");
        var villageId = await UserIdAsync(admin, "village");

        using var issued = await admin.PostAsJsonAsync("/api/tokens", new { userId = villageId, name = "村级接口测试", expiresOn = Today.AddDays(1), permitsPerMinute = 100 }, Ct);
        issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
        issued.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = await Json(issued);
        var id = body.GetProperty("id").GetInt64();
        var text = body.GetProperty("token").GetString()!;
        text.Should().StartWith($"rlt_{id}_");
        var secret = text[$"rlt_{id}_".Length..];
        secret.Length.Should().BeGreaterThanOrEqualTo(43, "256 random bits");

        await using (var db = App.Database.CreateContext())
        {
            var row = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id, Ct);
            row.SecretHash.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "ApiToken" && a.EntityId == id.ToString() && a.Action == "create", Ct);
            audit.After.Should().Contain("村级接口测试").And.NotContain(secret);
        }
        var list = await admin.GetStringAsync("/api/tokens", Ct);
        list.Should().Contain("村级接口测试").And.NotContain(secret, "the token is shown once");

        using var program = Bearer(text);
        var own = await Json(await program.GetAsync("/api/households", Ct));
        var all = await Json(await admin.GetAsync("/api/households", Ct));
        var villages = own.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("villageCode").GetString()).Distinct().ToList();
        villages.Should().ContainSingle("a village officer's token sees its village only");
        own.GetProperty("total").GetInt32().Should().BeGreaterThan(0).And.BeLessThan(all.GetProperty("total").GetInt32());
        await ExpectProblem(await program.GetAsync("/api/users", Ct), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await program.GetAsync("/", Ct), HttpStatusCode.Unauthorized, "auth.bearer_api_only");
        await ExpectProblem(await program.GetAsync("/registry", Ct), HttpStatusCode.Unauthorized, "auth.bearer_api_only");
        using (var forged = Bearer($"rlt_{id}_{new string('A', secret.Length)}"))
        {
            await ExpectProblem(await forged.GetAsync("/api/households", Ct), HttpStatusCode.Unauthorized, "auth.token_invalid");
        }
        await using (var db = App.Database.CreateContext())
        {
            (await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id, Ct)).LastUsedAt.Should().NotBeNull();
        }

        var version = (await Json(await admin.GetAsync("/api/tokens", Ct))).EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id).GetProperty("version").GetInt32();
        await ExpectProblem(await admin.PostAsJsonAsync($"/api/tokens/{id}/revoke", new { version }, Ct), HttpStatusCode.BadRequest, "tokens.reason_required");
        (await admin.PostAsJsonAsync($"/api/tokens/{id}/revoke", new { reason = "对方系统下线", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await program.GetAsync("/api/households", Ct), HttpStatusCode.Unauthorized, "auth.token_revoked");
        await ExpectProblem(await admin.PostAsJsonAsync($"/api/tokens/{id}/revoke", new { reason = "再次", version = version + 1 }, Ct), HttpStatusCode.Conflict, "tokens.revoked");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AuditEntries.CountAsync(a => a.EntityType == "ApiToken" && a.EntityId == id.ToString() && a.Action == "update", Ct)).Should().Be(1);
        }

        await ExpectProblem(await admin.PostAsJsonAsync("/api/tokens", new { userId = villageId, name = "", expiresOn = Today, permitsPerMinute = 0 }, Ct),
            HttpStatusCode.BadRequest, "validation_failed");
        var budget = await IssueAsync(admin, "village", "限流测试", Today.AddDays(1), permits: 3);
        using (var limited = Bearer(budget))
        {
            for (var i = 0; i < 3; i++)
            {
                (await limited.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            }
            await ExpectProblem(await limited.GetAsync("/api/overview", Ct), (HttpStatusCode)429, "auth.rate_limited");
        }

        var expiring = await IssueAsync(admin, "village", "到期测试", Today.AddDays(1));
        using var later = Bearer(expiring);
        (await later.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "valid through its last day");
        App.Clock!.Advance(TimeSpan.FromDays(2));
        await ExpectProblem(await later.GetAsync("/api/overview", Ct), HttpStatusCode.Unauthorized, "auth.token_expired");

        using var again = await App.SignInAsync("admin");
        var page = await again.GetStringAsync("/admin/tokens", Ct);
        page.Should().Contain("村级接口测试").And.Contain("已吊销").And.Contain("对方系统下线").And.Contain("已到期").And.NotContain(secret);
        var form = await RuralApp<TDatabase>.AntiforgeryTokenAsync(again, "/admin/tokens");
        using var made = await again.PostAsync("/admin/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserId"] = villageId.ToString(), ["Input.Name"] = "页面签发", ["Input.ExpiresOn"] = BusinessCalendar.Format(BusinessCalendar.Today(App.Clock).AddDays(30)),
            ["Input.PermitsPerMinute"] = "60", ["__RequestVerificationToken"] = form,
        }), Ct);
        made.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await made.Content.ReadAsStringAsync(Ct);
        var shown = System.Text.RegularExpressions.Regex.Match(html, "data-token>(rlt_[0-9]+_[A-Za-z0-9_-]+)<").Groups[1].Value;
        shown.Should().NotBeEmpty("the new token is shown on the page once");
        using var fromPage = Bearer(shown);
        (await fromPage.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.GetStringAsync("/admin/tokens", Ct)).Should().Contain("页面签发").And.NotContain(shown);
    }

    [Fact]
    public async Task An_idempotency_key_acts_once_replays_the_first_answer_and_refuses_another_request()
    {
        using var admin = await App.SignInAsync("admin");
        var token = await IssueAsync(admin, "admin", "幂等测试", Today.AddDays(30));
        using var program = Bearer(token);
        var name = "幂等资金" + Guid.NewGuid().ToString("N")[..6];
        var fund = new { kind = "County", year = 2024, name, allocated = "1000.00", documentNo = "县财〔2024〕9号" };
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(program, "/api/funds", fund, key)));

        answers.Select(a => a.Status).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        answers.Select(a => a.Body).Distinct().Should().ContainSingle("every retry gets the first answer");
        answers.Count(a => a.Replayed).Should().Be(9);
        var fundId = JsonDocument.Parse(answers[0].Body).RootElement.GetProperty("id").GetInt64();
        await using (var db = App.Database.CreateContext())
        {
            (await db.FundSources.CountAsync(f => f.Name == name, Ct)).Should().Be(1);
            (await db.AuditEntries.CountAsync(a => a.EntityType == "FundSource" && a.EntityId == fundId.ToString() && a.Action == "create", Ct)).Should().Be(1);
            var kept = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.ClientKey == key, Ct);
            kept.Status.Should().Be(201);
            Encoding.UTF8.GetString(kept.SealedBody!).Should().NotContain("\"id\"", "stored answers are sealed");
        }

        var replay = await PostAsync(program, "/api/funds", fund, key);
        (replay.Status, replay.Body, replay.Replayed).Should().Be((HttpStatusCode.Created, answers[0].Body, true));
        var other = await PostAsync(program, "/api/funds", fund with { name = name + "乙" }, key);
        other.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        other.Body.Should().Contain("idempotency.mismatch");
        (await PostAsync(program, "/api/funds", fund, new string('k', 101))).Body.Should().Contain("idempotency.invalid_key");

        var badKey = Guid.NewGuid().ToString();
        var bad = await PostAsync(program, "/api/funds", fund with { allocated = "abc" }, badKey);
        var badAgain = await PostAsync(program, "/api/funds", fund with { allocated = "abc" }, badKey);
        bad.Status.Should().Be(HttpStatusCode.BadRequest);
        (badAgain.Status, badAgain.Body, badAgain.Replayed).Should().Be((HttpStatusCode.BadRequest, bad.Body, true), "a refusal is an answer too");

        var cookieKey = Guid.NewGuid().ToString();
        var byCookie = await PostAsync(admin, "/api/funds", fund with { name = name + "丙" }, cookieKey);
        var byCookieAgain = await PostAsync(admin, "/api/funds", fund with { name = name + "丙" }, cookieKey);
        byCookie.Status.Should().Be(HttpStatusCode.Created);
        (byCookieAgain.Body, byCookieAgain.Replayed).Should().Be((byCookie.Body, true));

        var secretKey = Guid.NewGuid().ToString();
        var villageId = await UserIdAsync(admin, "village");
        var tokenRequest = new { userId = villageId, name = "重试签发", expiresOn = Today.AddDays(5) };
        var first = await PostAsync(program, "/api/tokens", tokenRequest, secretKey);
        var retried = await PostAsync(program, "/api/tokens", tokenRequest, secretKey);
        first.Status.Should().Be(HttpStatusCode.Created);
        retried.Status.Should().Be(HttpStatusCode.Conflict);
        retried.Body.Should().Contain("idempotency.not_replayable").And.NotContain("rlt_");
        await using (var db = App.Database.CreateContext())
        {
            (await db.ApiTokens.CountAsync(t => t.Name == "重试签发", Ct)).Should().Be(1);
        }

        App.Clock!.Advance(TimeSpan.FromHours(25));
        var afterADay = await PostAsync(program, "/api/funds", fund with { name = name + "丁" }, key);
        afterADay.Status.Should().Be(HttpStatusCode.Created, "a key is kept 24 hours, then it is new again");
        afterADay.Replayed.Should().BeFalse();

        var document = await admin.GetStringAsync("/openapi/v1.json", Ct);
        using var openApi = JsonDocument.Parse(document);
        var schemes = openApi.RootElement.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        openApi.RootElement.GetProperty("paths").GetProperty("/api/funds").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Should().Contain(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    private HttpClient Bearer(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<long> UserIdAsync(HttpClient admin, string userName) =>
        (await Json(await admin.GetAsync($"/api/users?q={userName}", Ct))).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetInt64();

    private static async Task<string> IssueAsync(HttpClient admin, string userName, string name, DateOnly expiresOn, int permits = 600)
    {
        using var response = await admin.PostAsJsonAsync("/api/tokens", new { userId = await UserIdAsync(admin, userName), name, expiresOn, permitsPerMinute = permits }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("token").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Contains("Idempotency-Replayed"));
    }

    private static async Task ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.Should().Be(status, text);
            JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().Should().Be(code);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            response.IsSuccessStatusCode.Should().BeTrue(text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}

public sealed class SqliteApiTokenTests(ClockedRuralApp<SqliteTestDatabase> app) : ApiTokenTests<SqliteTestDatabase>(app);

public sealed class PostgresApiTokenTests(ClockedRuralApp<PostgresTestDatabase> app) : ApiTokenTests<PostgresTestDatabase>(app);
