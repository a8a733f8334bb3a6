using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>User administration by the county administrator, over real HTTP, pages and API.</summary>
public abstract partial class UserAdminTests<TApp> : IClassFixture<TApp> where TApp : AdminApp
{
    private const string NewPassword = "Fresh2026pass";

    protected UserAdminTests(TApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        App = app;
    }

    protected TApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_creates_a_village_officer_who_must_change_the_temporary_password_before_using_the_app()
    {
        using var admin = await App.SignInAsync("admin");
        var village = await FirstVillageAsync(admin);

        using var created = await AdminApp.PostFormAsync(admin, "/admin/users/new", "/admin/users/new", new()
        {
            ["Input.UserName"] = "Wang.Village",
            ["Input.DisplayName"] = "王村干",
            ["Input.Role"] = "VillageOfficer",
            ["Input.ScopeCode"] = village,
        });
        var page = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync(Ct));

        created.StatusCode.Should().Be(HttpStatusCode.OK);
        created.Headers.CacheControl!.NoStore.Should().BeTrue();
        page.Should().Contain("只显示这一次");
        var temporary = TemporaryPasswordIn(page);
        temporary.Should().MatchRegex("^[A-Za-z2-9]{12}$");

        using var user = App.CreateClient();
        using (var login = await AdminApp.PostLoginAsync(user, "wang.village", temporary))
        {
            login.StatusCode.Should().Be(HttpStatusCode.Redirect);
            login.Headers.Location!.OriginalString.Should().Be("/account/password");
        }
        using (var blocked = await user.GetAsync("/registry", Ct))
        {
            blocked.StatusCode.Should().Be(HttpStatusCode.Redirect);
            blocked.Headers.Location!.OriginalString.Should().Be("/account/password");
        }
        using (var blockedApi = await user.GetAsync("/api/households?pageSize=50", Ct))
        {
            blockedApi.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await CodeAsync(blockedApi)).Should().Be("account.password_change_required");
        }

        using (var changed = await AdminApp.PostFormAsync(user, "/account/password", "/account/password", new()
               {
                   ["CurrentPassword"] = temporary,
                   ["NewPassword"] = NewPassword,
                   ["ConfirmPassword"] = NewPassword,
               }))
        {
            changed.StatusCode.Should().Be(HttpStatusCode.Redirect);
            changed.Headers.Location!.OriginalString.Should().Be("/");
        }

        using var households = await user.GetAsync("/api/households?pageSize=50", Ct);
        households.StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await JsonAsync(households)).GetProperty("items").EnumerateArray().ToList();
        items.Should().NotBeEmpty();
        items.Should().AllSatisfy(h => h.GetProperty("villageCode").GetString().Should().Be(village));
        using var registry = await user.GetAsync("/registry", Ct);
        registry.StatusCode.Should().Be(HttpStatusCode.OK);

        // The admin's list shows the account with its role in Chinese, its village and that it has signed in.
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/users", Ct));
        var row = Regex.Match(list, "<tr data-user=\"wang.village\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        row.Should().Contain("王村干").And.Contain("村干部").And.Contain(village).And.NotContain("从未登录");
    }

    [Fact]
    public async Task The_api_creates_lists_and_edits_accounts_of_the_county()
    {
        using var admin = await App.SignInAsync("admin");
        var village = await FirstVillageAsync(admin);

        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "bank.li", displayName = "李经办", role = "BankOfficer", scopeCode = AdminApp.CountyScope, bankName = "县农商银行" }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.CacheControl!.NoStore.Should().BeTrue();
        var issued = await JsonAsync(created);
        var id = issued.GetProperty("id").GetInt64();
        created.Headers.Location!.OriginalString.Should().Be($"/api/users/{id}");
        issued.GetProperty("userName").GetString().Should().Be("bank.li");
        issued.GetProperty("temporaryPassword").GetString().Should().HaveLength(12);

        var users = (await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct)).EnumerateArray().ToList();
        users.Select(u => u.GetProperty("userName").GetString()).Should().Contain(["admin", "village", "supervisor", "bank.li"]);
        users.Should().AllSatisfy(u => u.GetProperty("scopeCode").GetString().Should().StartWith(AdminApp.County));
        var bank = users.Single(u => u.GetProperty("userName").GetString() == "bank.li");
        bank.GetProperty("roleName").GetString().Should().Be("银行经办人员");
        bank.GetProperty("scopeName").GetString().Should().Be("茶乡县");
        bank.GetProperty("bankName").GetString().Should().Be("县农商银行");
        bank.GetProperty("mustChangePassword").GetBoolean().Should().BeTrue();
        bank.GetProperty("active").GetBoolean().Should().BeTrue();

        using var moved = await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "李二", role = "VillageOfficer", scopeCode = village, bankName = "ignored", active = true }, Ct);
        moved.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct);
        after.GetProperty("displayName").GetString().Should().Be("李二");
        after.GetProperty("role").GetString().Should().Be("VillageOfficer");
        after.GetProperty("scopeCode").GetString().Should().Be(village);
        after.GetProperty("bankName").ValueKind.Should().Be(JsonValueKind.Null);

        using var filtered = await admin.GetAsync("/api/users?role=Supervisor", Ct);
        var supervisors = (await JsonAsync(filtered)).EnumerateArray().ToList();
        supervisors.Select(u => u.GetProperty("userName").GetString()).Should().Contain("supervisor").And.NotContain("bank.li");
        supervisors.Should().AllSatisfy(u => u.GetProperty("role").GetString().Should().Be("Supervisor"));
    }

    [Fact]
    public async Task Wrong_input_is_refused_field_by_field_in_chinese()
    {
        using var admin = await App.SignInAsync("admin");

        using var wrongLevel = await admin.PostAsJsonAsync("/api/users", new { userName = "x.one", displayName = "某", role = "VillageOfficer", scopeCode = AdminApp.CountyScope }, Ct);
        wrongLevel.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await JsonAsync(wrongLevel);
        problem.GetProperty("errors").GetProperty("scopeCode")[0].GetString().Should().Be("村干部的权限范围应为行政村。");

        using var otherCounty = await admin.PostAsJsonAsync("/api/users", new { userName = "x.two", displayName = "某", role = "CountyStaff", scopeCode = "520102000000" }, Ct);
        otherCounty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(otherCounty)).GetProperty("errors").GetProperty("scopeCode")[0].GetString().Should().Be("区划 520102000000 不在您管理的县内。");

        using var several = await admin.PostAsJsonAsync("/api/users", new { userName = "x.three", displayName = "某", scopeCode = "" }, Ct);
        several.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(several)).GetProperty("errors");
        errors.GetProperty("role")[0].GetString().Should().Be("请选择角色。");
        errors.GetProperty("scopeCode")[0].GetString().Should().Be("请选择权限范围。");

        using var noBank = await admin.PostAsJsonAsync("/api/users", new { userName = "x.four", displayName = "某", role = "BankOfficer", scopeCode = AdminApp.CountyScope }, Ct);
        (await JsonAsync(noBank)).GetProperty("errors").GetProperty("bankName")[0].GetString().Should().Be("银行经办人员须填写所属银行。");

        using var duplicate = await admin.PostAsJsonAsync("/api/users", new { userName = "Village", displayName = "某", role = "CountyStaff", scopeCode = AdminApp.CountyScope }, Ct);
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var conflict = await JsonAsync(duplicate);
        conflict.GetProperty("code").GetString().Should().Be("account.duplicate_user_name");
        conflict.GetProperty("errors").GetProperty("userName")[0].GetString().Should().Be("用户名 village 已被使用。");

        // An empty or missing name once sent the temporary-password draw into an endless loop.
        foreach (var body in new object[] { new { userName = "", displayName = "某", role = "CountyStaff", scopeCode = AdminApp.CountyScope },
                                             new { displayName = "某", role = "CountyStaff", scopeCode = AdminApp.CountyScope } })
        {
            using var noName = await admin.PostAsJsonAsync("/api/users", body, Ct);
            noName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await JsonAsync(noName)).GetProperty("errors").GetProperty("userName")[0].GetString().Should().StartWith("用户名应为");
        }

        // The page puts the same messages next to its fields.
        using var form = await AdminApp.PostFormAsync(admin, "/admin/users/new", "/admin/users/new", new()
        {
            ["Input.UserName"] = "x.five", ["Input.DisplayName"] = "某", ["Input.Role"] = "TownshipOfficer", ["Input.ScopeCode"] = AdminApp.CountyScope,
        });
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync(Ct));
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("请更正下列标红的项目");
        html.Should().Contain("乡镇干部的权限范围应为乡镇。");
        html.Should().NotContain("data-temporary-password");

        // The administrator can't lock themselves out.
        var self = (await admin.GetFromJsonAsync<JsonElement>("/api/users?q=admin", Ct)).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "admin");
        using var selfOff = await admin.PutAsJsonAsync($"/api/users/{self.GetProperty("id").GetInt64()}", new { displayName = "管理员", role = "CountyAdmin", scopeCode = AdminApp.CountyScope, active = false }, Ct);
        selfOff.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(selfOff)).GetProperty("errors").GetProperty("active")[0].GetString().Should().StartWith("不能停用自己的账户");

        using var missing = await admin.PutAsJsonAsync("/api/users/999999", new { displayName = "某", role = "CountyStaff", scopeCode = AdminApp.CountyScope }, Ct);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(missing)).GetProperty("code").GetString().Should().Be("account.not_found");
    }

    [Theory]
    [InlineData("county")]
    [InlineData("township")]
    [InlineData("village")]
    [InlineData("bank")]
    [InlineData("supervisor")]
    public async Task Only_the_county_administrator_manages_users(string userName)
    {
        using var client = await App.SignInAsync(userName);

        using (var list = await client.GetAsync("/api/users", Ct))
        {
            list.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            list.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await CodeAsync(list)).Should().Be("auth.forbidden");
        }
        using (var create = await client.PostAsJsonAsync("/api/users", new { userName = "sneaky", displayName = "某", role = "CountyAdmin", scopeCode = AdminApp.CountyScope }, Ct))
        {
            create.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        using (var unlock = await client.PostAsync("/api/users/1/unlock", null, Ct))
        {
            unlock.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        foreach (var path in new[] { "/admin/users", "/admin/users/new", "/admin/users/1" })
        {
            using var page = await client.GetAsync(path, Ct);
            page.StatusCode.Should().Be(HttpStatusCode.Redirect);
            AdminApp.PathOf(page.Headers.Location).Should().Be("/forbidden");
            using var forbidden = await client.GetAsync(page.Headers.Location, Ct);
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/", Ct));
        home.Should().NotContain("用户与权限");
    }

    [Fact]
    public async Task Navigation_shows_administration_and_audit_only_to_the_roles_allowed()
    {
        using var admin = await App.SignInAsync("admin");
        using var supervisor = await App.SignInAsync("supervisor");
        using var village = await App.SignInAsync("village");

        var adminNav = Navigation(await admin.GetStringAsync("/", Ct));
        adminNav.Should().Contain("href=\"/admin/users\"").And.Contain("href=\"/audit\"");
        var supervisorNav = Navigation(await supervisor.GetStringAsync("/", Ct));
        supervisorNav.Should().Contain("href=\"/audit\"").And.NotContain("/admin/users");
        var villageNav = Navigation(await village.GetStringAsync("/", Ct));
        villageNav.Should().NotContain("/audit").And.NotContain("/admin/users");
        adminNav.Should().NotContain("/modules/audit").And.NotContain("/modules/admin");
    }

    [Fact]
    public async Task Changing_role_or_deactivating_ends_the_users_session_but_renaming_does_not()
    {
        using var admin = await App.SignInAsync("admin");
        var (id, temporary) = await CreateAsync(admin, "staff.zhao", "赵业务", "CountyStaff", AdminApp.CountyScope);
        using var user = await SignInChangingPasswordAsync("staff.zhao", temporary);
        (await user.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var renamed = await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "赵二", role = "CountyStaff", scopeCode = AdminApp.CountyScope, active = true }, Ct))
        {
            renamed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        (await user.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var promoted = await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "赵二", role = "Supervisor", scopeCode = AdminApp.CountyScope, active = true }, Ct))
        {
            promoted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        using (var ended = await user.GetAsync("/api/overview", Ct))
        {
            ended.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        using (var page = await user.GetAsync("/registry", Ct))
        {
            page.StatusCode.Should().Be(HttpStatusCode.Redirect);
            AdminApp.PathOf(page.Headers.Location).Should().Be("/login");
        }

        using var again = await App.SignInAsync("staff.zhao", NewPassword);
        (await again.GetAsync("/api/audit", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the new role is in the new session");

        // Deactivating through the page form (the checkbox unticked sends only the hidden "false").
        using (var deactivated = await AdminApp.PostFormAsync(admin, $"/admin/users/{id}", $"/admin/users/{id}", new()
               {
                   ["Input.UserName"] = "staff.zhao", ["Input.DisplayName"] = "赵二", ["Input.Role"] = "Supervisor",
                   ["Input.ScopeCode"] = AdminApp.CountyScope, ["Input.Active"] = "false",
               }))
        {
            deactivated.StatusCode.Should().Be(HttpStatusCode.Redirect);
            deactivated.Headers.Location!.OriginalString.Should().Be($"/admin/users/{id}");
        }
        (await again.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var refused = App.CreateClient();
        using var login = await AdminApp.PostLoginAsync(refused, "staff.zhao", NewPassword);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await login.Content.ReadAsStringAsync(Ct)).Should().Contain("账户已停用");
    }

    [Fact]
    public async Task An_account_locked_after_five_wrong_passwords_is_unlocked_by_the_admin()
    {
        using var admin = await App.SignInAsync("admin");
        var village = await FirstVillageAsync(admin);
        var (id, temporary) = await CreateAsync(admin, "locked.sun", "孙村干", "VillageOfficer", village);
        using var user = App.CreateClient();

        for (var i = 1; i <= 5; i++)
        {
            using var wrong = await AdminApp.PostLoginAsync(user, "locked.sun", "Wrong" + i + "password");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)).Should().Contain(i < 5 ? "用户名或密码不正确" : "账户已因多次输错密码被锁定");
        }
        using (var right = await AdminApp.PostLoginAsync(user, "locked.sun", temporary))
        {
            right.StatusCode.Should().Be(HttpStatusCode.OK, "the right password does not open a locked account");
        }
        var locked = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct);
        locked.GetProperty("lockedOut").GetBoolean().Should().BeTrue();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/users/{id}", Ct));
        page.Should().Contain("解除锁定");

        using (var unlocked = await AdminApp.PostFormAsync(admin, $"/admin/users/{id}", $"/admin/users/{id}?handler=Unlock", []))
        {
            unlocked.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        (await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("lockedOut").GetBoolean().Should().BeFalse();
        using var signedIn = await AdminApp.PostLoginAsync(user, "locked.sun", temporary);
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.OriginalString.Should().Be("/account/password");
    }

    [Fact]
    public async Task Unlock_through_the_api_and_password_reset_issue_a_new_temporary_password_and_end_the_session()
    {
        using var admin = await App.SignInAsync("admin");
        var (id, temporary) = await CreateAsync(admin, "reset.qian", "钱业务", "CountyStaff", AdminApp.CountyScope);
        using var user = await SignInChangingPasswordAsync("reset.qian", temporary);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await AdminApp.PostLoginAsync(App.CreateClient(), "reset.qian", "nope-" + i);
        }
        (await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("lockedOut").GetBoolean().Should().BeTrue();
        using (var unlock = await admin.PostAsync($"/api/users/{id}/unlock", null, Ct))
        {
            unlock.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        (await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("lockedOut").GetBoolean().Should().BeFalse();

        using var reset = await admin.PostAsync($"/api/users/{id}/reset-password", null, Ct);
        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        reset.Headers.CacheControl!.NoStore.Should().BeTrue();
        var second = (await JsonAsync(reset)).GetProperty("temporaryPassword").GetString()!;
        second.Should().NotBe(temporary);

        (await user.GetAsync("/api/overview", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using (var old = await AdminApp.PostLoginAsync(App.CreateClient(), "reset.qian", NewPassword))
        {
            old.StatusCode.Should().Be(HttpStatusCode.OK, "the user's own password no longer works");
        }
        using var fresh = App.CreateClient();
        using var login = await AdminApp.PostLoginAsync(fresh, "reset.qian", second);
        login.Headers.Location!.OriginalString.Should().Be("/account/password");

        // The page shows a reset password once, in the response to the reset.
        using var viaPage = await AdminApp.PostFormAsync(admin, $"/admin/users/{id}", $"/admin/users/{id}?handler=ResetPassword", []);
        viaPage.StatusCode.Should().Be(HttpStatusCode.OK);
        var third = TemporaryPasswordIn(WebUtility.HtmlDecode(await viaPage.Content.ReadAsStringAsync(Ct)));
        third.Should().NotBe(second);
        WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/users/{id}", Ct)).Should().NotContain(third);
    }

    [Fact]
    public async Task An_admin_sees_and_manages_only_accounts_of_their_county()
    {
        // An account of another county, written directly (no administrator of that county exists in the demo).
        await using (var db = App.CreateSystemContext())
        {
            var other = new Core.Areas.Area(Core.Areas.DivisionCode.Parse("520102000000"), "邻县", null);
            db.Areas.Add(other);
            await db.SaveChangesAsync(Ct);
            db.Users.Add(new Core.Accounts.User("other.admin", "邻县管理员", Core.Accounts.Role.CountyAdmin, other.Code, "Other2026pass", null, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
        }
        long otherId;
        await using (var db = App.CreateSystemContext())
        {
            otherId = db.Users.Single(u => u.UserName == "other.admin").Id.Value;
        }
        using var admin = await App.SignInAsync("admin");

        var users = (await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct)).EnumerateArray();
        users.Select(u => u.GetProperty("userName").GetString()).Should().NotContain("other.admin");
        (await admin.GetAsync($"/api/users/{otherId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PutAsJsonAsync($"/api/users/{otherId}", new { displayName = "改", role = "CountyAdmin", scopeCode = AdminApp.CountyScope, active = false }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/users/{otherId}/reset-password", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/users/{otherId}/unlock", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/admin/users/{otherId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_user_and_audit_endpoints()
    {
        using var client = App.CreateClient();
        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct)).GetProperty("paths");

        paths.GetProperty("/api/users").TryGetProperty("get", out _).Should().BeTrue();
        paths.GetProperty("/api/users").TryGetProperty("post", out _).Should().BeTrue();
        paths.GetProperty("/api/users/{id}").TryGetProperty("put", out _).Should().BeTrue();
        paths.GetProperty("/api/users/{id}/reset-password").TryGetProperty("post", out _).Should().BeTrue();
        paths.GetProperty("/api/users/{id}/unlock").TryGetProperty("post", out _).Should().BeTrue();
        paths.GetProperty("/api/audit").TryGetProperty("get", out _).Should().BeTrue();
        paths.GetProperty("/api/audit/verify").TryGetProperty("post", out _).Should().BeTrue();
    }

    private async Task<(long Id, string TemporaryPassword)> CreateAsync(HttpClient admin, string userName, string displayName, string role, string scope)
    {
        using var response = await admin.PostAsJsonAsync("/api/users", new { userName, displayName, role, scopeCode = scope }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var json = await JsonAsync(response);
        return (json.GetProperty("id").GetInt64(), json.GetProperty("temporaryPassword").GetString()!);
    }

    private async Task<HttpClient> SignInChangingPasswordAsync(string userName, string temporary)
    {
        var client = App.CreateClient();
        using var login = await AdminApp.PostLoginAsync(client, userName, temporary);
        login.Headers.Location!.OriginalString.Should().Be("/account/password");
        using var changed = await AdminApp.PostFormAsync(client, "/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = temporary, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });
        changed.Headers.Location!.OriginalString.Should().Be("/");
        return client;
    }

    private static async Task<string> FirstVillageAsync(HttpClient client)
    {
        var townships = await client.GetFromJsonAsync<JsonElement>($"/api/areas?parent={AdminApp.County}000000", Ct);
        var township = townships.GetProperty("children")[0].GetProperty("code").GetString();
        var villages = await client.GetFromJsonAsync<JsonElement>($"/api/areas?parent={township}", Ct);
        return villages.GetProperty("children")[0].GetProperty("code").GetString()!;
    }

    private static string TemporaryPasswordIn(string html) =>
        TemporaryPasswordPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No temporary password shown.");

    private static string Navigation(string html) =>
        Regex.Match(html, "<nav class=\"[^\"]*app-sidebar.*?</nav>", RegexOptions.Singleline).Value;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private static async Task<string?> CodeAsync(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("code").GetString();

    [GeneratedRegex("data-temporary-password>([^<]+)<")]
    private static partial Regex TemporaryPasswordPattern();
}

public sealed class UserAdminTestsOnSqlite(SqliteAdminApp app) : UserAdminTests<SqliteAdminApp>(app);

public sealed class UserAdminTestsOnPostgres(PostgresAdminApp app) : UserAdminTests<PostgresAdminApp>(app);
