using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Data.Audit;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>The audit page and API: what each role reads, the filters, the readable diff and the chain check.</summary>
public abstract class AuditLogTests<TApp> : IClassFixture<TApp> where TApp : AdminApp
{
    /// <summary>Another county's code: rows of its chain are written directly, as another county's app would.</summary>
    private const string OtherCounty = "520102";

    protected AuditLogTests(TApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        App = app;
    }

    protected TApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Account_changes_appear_with_before_and_after_in_the_api_and_on_the_page()
    {
        using var admin = await App.SignInAsync("admin");
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "audit.zhou", displayName = "周一", role = "CountyStaff", scopeCode = AdminApp.CountyScope }, Ct);
        var id = (await JsonAsync(created)).GetProperty("id").GetInt64();
        (await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "周二", role = "Supervisor", scopeCode = AdminApp.CountyScope, active = true }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.PostAsync($"/api/users/{id}/reset-password", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var response = await admin.GetAsync($"/api/audit?entityType=User&entityId={id}", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await JsonAsync(response)).GetProperty("items").EnumerateArray().ToList();

        items.Select(i => i.GetProperty("action").GetString()).Should().Equal("update", "update", "create");
        items.Should().AllSatisfy(i =>
        {
            i.GetProperty("actorName").GetString().Should().Be("admin");
            i.GetProperty("chainKey").GetString().Should().Be(AdminApp.County);
            i.GetProperty("atText").GetString().Should().StartWith(Today);
        });
        items.Select(i => i.GetProperty("id").GetInt64()).Should().BeInDescendingOrder();
        var create = Changes(items[2]);
        create["UserName"].Should().Be((null, "audit.zhou"));
        create["Role"].Should().Be((null, "县级业务人员"));
        create["MustChangePassword"].Should().Be((null, "是"));
        create["ScopeCode"].After.Should().EndWith($"（{AdminApp.CountyScope}）", "an area code is shown with the area's name").And.NotStartWith("（");
        create.Should().NotContainKey("PasswordHash");
        var edit = Changes(items[1]);
        items[1].GetProperty("actionName").GetString().Should().Be("修改");
        edit["DisplayName"].Should().Be(("周一", "周二"));
        edit["Role"].Should().Be(("县级业务人员", "纪检审计人员"));
        edit["SecurityVersion"].Should().Be(("0", "1"));
        var reset = Changes(items[0]);
        reset["PasswordHash"].After.Should().Be("（已变更，加密字段不记录明文）");
        (await response.Content.ReadAsStringAsync(Ct)).Should().NotContain("pbkdf2");

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/audit?entityType=User&entityId={id}", Ct));
        var rows = Regex.Matches(page, "<tr data-audit-id=.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        rows.Should().HaveCount(3);
        rows[1].Should().Contain("修改").And.Contain("姓名：").And.Contain("<del>周一</del>").And.Contain("周二")
            .And.Contain("<del>县级业务人员</del>").And.Contain("纪检审计人员");
        rows[2].Should().Contain("新增").And.Contain("audit.zhou");
        rows[0].Should().MatchRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}");
        rows[0].Should().Contain($"href=\"/admin/users/{id}\"");
    }

    [Fact]
    public async Task Filters_by_actor_action_and_dates_in_china_standard_time()
    {
        using var admin = await App.SignInAsync("admin");
        using var village = await App.SignInAsync("village");

        var logins = await ItemsAsync(admin, "/api/audit?action=login&actor=village");
        logins.Should().NotBeEmpty();
        logins.Should().AllSatisfy(i =>
        {
            i.GetProperty("action").GetString().Should().Be("login");
            i.GetProperty("actionName").GetString().Should().Be("登录");
            i.GetProperty("actorName").GetString().Should().Be("village");
        });
        (await ItemsAsync(admin, "/api/audit?actor=VILLAGE&action=login")).Should().HaveSameCount(logins, "user names are matched as stored (lower case)");

        (await ItemsAsync(admin, $"/api/audit?action=login&actor=village&from={Today}&to={Today}")).Should().HaveSameCount(logins);
        var tomorrow = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yesterday = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await ItemsAsync(admin, $"/api/audit?action=login&from={tomorrow}")).Should().BeEmpty();
        (await ItemsAsync(admin, $"/api/audit?action=login&to={yesterday}")).Should().BeEmpty();

        using var backwards = await admin.GetAsync($"/api/audit?from={Today}&to={yesterday}", Ct);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(backwards)).GetProperty("code").GetString().Should().Be("audit.invalid_range");

        // Keyset paging, newest first: two pages of one row each, no overlap.
        var first = await JsonAsync(await admin.GetAsync("/api/audit?pageSize=1", Ct));
        var next = first.GetProperty("nextBefore").GetInt64();
        var second = await JsonAsync(await admin.GetAsync($"/api/audit?pageSize=1&before={next}", Ct));
        second.GetProperty("items")[0].GetProperty("id").GetInt64().Should().BeLessThan(next);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/audit?actor=village&action=login&from={Today}&to={Today}", Ct));
        page.Should().Contain("<td class=\"text-nowrap\">登录</td>");
    }

    [Fact]
    public async Task The_chain_check_reports_intact_chains()
    {
        using var admin = await App.SignInAsync("admin");
        using var unknown = await AdminApp.PostLoginAsync(App.CreateClient(), "nobody.here", "whatever123");

        using var response = await admin.PostAsync("/api/audit/verify", null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var check = await JsonAsync(response);
        check.GetProperty("intact").GetBoolean().Should().BeTrue();
        check.GetProperty("firstBreak").ValueKind.Should().Be(JsonValueKind.Null);
        check.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chainKey").GetString()).Should().BeEquivalentTo([AuditWriter.SystemChain, AdminApp.County]);
        check.GetProperty("message").GetString().Should().StartWith("哈希链完整");

        using var viaPage = await AdminApp.PostFormAsync(admin, "/audit", "/audit?handler=Verify", []);
        viaPage.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await viaPage.Content.ReadAsStringAsync(Ct));
        html.Should().Contain("data-intact=\"true\"").And.Contain("哈希链完整");
    }

    [Fact]
    public async Task A_supervisor_reads_the_audit_trail_and_a_village_officer_does_not()
    {
        using var supervisor = await App.SignInAsync("supervisor");
        using var village = await App.SignInAsync("village");

        using (var list = await supervisor.GetAsync("/api/audit", Ct))
        {
            list.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        (await supervisor.GetAsync("/audit", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await supervisor.PostAsync("/api/audit/verify", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var refused = await village.GetAsync("/api/audit", Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await JsonAsync(refused)).GetProperty("code").GetString().Should().Be("auth.forbidden");
        }
        (await village.PostAsync("/api/audit/verify", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var page = await village.GetAsync("/audit", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        AdminApp.PathOf(page.Headers.Location).Should().Be("/forbidden");
    }

    [Fact]
    public async Task Rows_of_another_countys_chain_are_never_shown_and_the_system_chain_only_to_admins()
    {
        await using (var db = App.CreateSystemContext())
        {
            var writer = new AuditWriter(TimeProvider.System);
            await writer.AppendAsync(db, [
                new AuditRecord(OtherCounty, "update", "Household", "isolation-probe", "{\"HeadName\":\"甲\"}", "{\"HeadName\":\"乙\"}"),
                new AuditRecord(OtherCounty, "login", "User", "isolation-probe", null, null),
            ], Ct);
            (await db.AuditEntries.CountAsync(a => a.ChainKey == OtherCounty, Ct)).Should().BeGreaterThanOrEqualTo(2);
        }
        using var failed = await AdminApp.PostLoginAsync(App.CreateClient(), "ghost.user", "whatever123");
        using var supervisor = await App.SignInAsync("supervisor");
        using var admin = await App.SignInAsync("admin");

        foreach (var client in new[] { supervisor, admin })
        {
            (await ItemsAsync(client, "/api/audit?entityId=isolation-probe")).Should().BeEmpty();
            (await ItemsAsync(client, $"/api/audit?chain={OtherCounty}")).Should().BeEmpty();
            (await ItemsAsync(client, "/api/audit?pageSize=200")).Should().NotContain(i => i.GetProperty("chainKey").GetString() == OtherCounty);
            var chains = (await JsonAsync(await client.GetAsync("/api/audit?pageSize=1", Ct))).GetProperty("chains").EnumerateArray().Select(c => c.GetString());
            chains.Should().NotContain(OtherCounty);
            var check = await JsonAsync(await client.PostAsync("/api/audit/verify", null, Ct));
            check.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chainKey").GetString()).Should().NotContain(OtherCounty);
            WebUtility.HtmlDecode(await client.GetStringAsync("/audit?entityId=isolation-probe", Ct)).Should().Contain("没有符合条件的审计记录");
        }

        // Sign-in failures for unknown names live on the system chain: county administrators read it, supervisors don't.
        var ghostForAdmin = await ItemsAsync(admin, $"/api/audit?chain={AuditWriter.SystemChain}&action=login_failed");
        ghostForAdmin.Should().Contain(i => i.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("after").GetString() == "ghost.user"));
        (await ItemsAsync(supervisor, $"/api/audit?chain={AuditWriter.SystemChain}")).Should().BeEmpty();
        (await ItemsAsync(supervisor, "/api/audit?action=login_failed&pageSize=200")).Should().AllSatisfy(i => i.GetProperty("chainKey").GetString().Should().Be(AdminApp.County));
        (await JsonAsync(await supervisor.GetAsync("/api/audit", Ct))).GetProperty("chains").EnumerateArray().Select(c => c.GetString()).Should().Equal(AdminApp.County);
    }

    private static Dictionary<string, (string? Before, string? After)> Changes(JsonElement item) =>
        item.GetProperty("changes").EnumerateArray().ToDictionary(
            c => c.GetProperty("field").GetString()!,
            c => (c.GetProperty("before").GetString(), c.GetProperty("after").GetString()));

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await JsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class AuditLogTestsOnSqlite(SqliteAdminApp app) : AuditLogTests<SqliteAdminApp>(app);

public sealed class AuditLogTestsOnPostgres(PostgresAdminApp app) : AuditLogTests<PostgresAdminApp>(app);
