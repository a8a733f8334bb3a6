using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// The registry API (一户一档) over HTTP with real sessions: creating files, duplicate and invalid citizen IDs,
/// optimistic concurrency, status transitions with late entries and as-of queries, lookup and audited unmasking.
/// Test households use citizen IDs of another county (520102), so they never collide with the demo's 522699 numbers.
/// </summary>
public abstract class RegistryTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";      // 混寨村, the demo "village" officer's village
    private const string Hongjiawan = "522699001002";   // 洪家湾村, the demo "village2" officer's village
    private static int _nextId = Random.Shared.Next(0, 5_000);

    protected RegistryTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creating_a_household_with_its_head_answers_201_and_the_file_shows_masked_personal_data()
    {
        var citizenId = NewCitizenId();

        using var created = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, citizenId, "龙测一", "6230123412341234", "13912345678"), Ct);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var file = await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.OriginalString.Should().Be($"/api/households/{id}");
        file.GetProperty("householdNo").GetString().Should().MatchRegex($"^{Hunzhai}[0-9]{{4}}$");
        file.GetProperty("villageCode").GetString().Should().Be(Hunzhai);
        file.GetProperty("villageName").GetString().Should().Be("混寨村");
        file.GetProperty("townshipCode").GetString().Should().Be("522699001000");
        file.GetProperty("groupCode").GetString().Should().Be(Hunzhai + "001");
        file.GetProperty("status").GetString().Should().Be("Registered");
        file.GetProperty("type").GetString().Should().Be("Dibao");
        file.GetProperty("causes").EnumerateArray().Select(c => c.GetString()).Should().Equal("因病", "缺资金");
        file.GetProperty("bankAccountMasked").GetString().Should().Be("6230********1234");
        file.GetProperty("phoneMasked").GetString().Should().Be("139****5678");
        file.GetProperty("version").GetInt32().Should().BeGreaterThan(0);
        var head = file.GetProperty("members").EnumerateArray().Single();
        head.GetProperty("name").GetString().Should().Be("龙测一");
        head.GetProperty("relation").GetString().Should().Be("Head");
        head.GetProperty("citizenIdMasked").GetString().Should().Be(CitizenId.Mask(citizenId));
        head.GetProperty("birthDate").GetString().Should().Be(citizenId.Substring(6, 4) + "-" + citizenId.Substring(10, 2) + "-" + citizenId.Substring(12, 2));
        file.GetProperty("statusHistory").GetArrayLength().Should().Be(1);
        file.GetRawText().Should().NotContain(citizenId).And.NotContain("6230123412341234").And.NotContain("13912345678");

        var listed = await Json(await App.Admin.GetAsync($"/api/households?q={file.GetProperty("householdNo").GetString()}", Ct));
        listed.GetProperty("total").GetInt32().Should().Be(1);
        listed.GetProperty("items")[0].GetProperty("headName").GetString().Should().Be("龙测一");
        listed.GetProperty("items")[0].GetProperty("memberCount").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_duplicate_citizen_id_is_a_409_that_names_the_location_only_to_a_user_who_may_see_it()
    {
        var citizenId = NewCitizenId();
        using var first = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, citizenId, "龙测二"), Ct);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var householdNo = (await Json(await App.Admin.GetAsync(first.Headers.Location, Ct))).GetProperty("householdNo").GetString()!;
        var county = await App.SignInAsync("county");
        var village2 = await App.SignInAsync("village2");

        using var asCounty = await county.PostAsJsonAsync("/api/households", NewHousehold("522699001003", citizenId, "龙测三"), Ct);
        using var asOtherVillage = await village2.PostAsJsonAsync("/api/households", NewHousehold(Hongjiawan, citizenId, "龙测三"), Ct);
        var countyProblem = await Json(asCounty);
        var villageProblem = await Json(asOtherVillage);

        asCounty.StatusCode.Should().Be(HttpStatusCode.Conflict);
        countyProblem.GetProperty("code").GetString().Should().Be("registry.duplicate_citizen_id");
        countyProblem.GetProperty("detail").GetString().Should().Contain("混寨村").And.Contain(householdNo).And.Contain("龙测二");
        countyProblem.GetProperty("errors").GetProperty("head.citizenId").GetArrayLength().Should().Be(1);
        asOtherVillage.StatusCode.Should().Be(HttpStatusCode.Conflict);
        villageProblem.GetProperty("code").GetString().Should().Be("registry.duplicate_citizen_id");
        villageProblem.GetProperty("errors").GetProperty("head.citizenId").GetArrayLength().Should().Be(1);
        var leaked = villageProblem.GetRawText();
        leaked.Should().NotContain("混寨村").And.NotContain(householdNo).And.NotContain("龙测二").And.NotContain(Hunzhai);
        villageProblem.GetProperty("detail").GetString().Should().Contain("已在本县其他村登记");

        await using var db = App.Database.CreateContext();
        (await db.Households.CountAsync(h => h.HeadName == "龙测三", Ct)).Should().Be(0, "neither duplicate was stored");
    }

    [Fact]
    public async Task An_invalid_citizen_id_is_a_400_with_the_field_error_under_head_citizenId()
    {
        var valid = NewCitizenId();
        var wrongCheckDigit = valid[..17] + (valid[17] == '0' ? '1' : '0');

        using var response = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, wrongCheckDigit, "龙测四"), Ct);
        var problem = await Json(response);
        using var tooShort = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold("522699001", "52010219", ""), Ct);
        var several = await Json(tooShort);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("errors").GetProperty("head.citizenId")[0].GetString().Should().Be("身份证号校验位不正确，请核对号码。");
        tooShort.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        several.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["villageCode", "head.citizenId", "head.name"], "every problem of the form is reported at once");
        several.GetProperty("errors").GetProperty("head.citizenId")[0].GetString().Should().Contain("18 位");
    }

    [Fact]
    public async Task Editing_a_member_with_a_stale_version_is_a_409()
    {
        var (id, memberId) = await CreateAsync(NewCitizenId(), "龙测五");
        var version = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("version").GetInt32();
        var member = new { name = "龙测五改", citizenId = (string?)null, relation = "Head", labour = "Skilled", health = "Healthy", education = "SeniorHigh" };

        using var first = await App.Admin.PutAsJsonAsync($"/api/households/{id}/members/{memberId}", new { member, version }, Ct);
        using var stale = await App.Admin.PutAsJsonAsync($"/api/households/{id}/members/{memberId}", new { member = member with { name = "龙测五再改" }, version }, Ct);
        var problem = await Json(stale);
        var file = await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct));

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("registry.stale");
        file.GetProperty("version").GetInt32().Should().BeGreaterThan(version);
        file.GetProperty("members")[0].GetProperty("name").GetString().Should().Be("龙测五改", "the stale edit changed nothing");
        file.GetProperty("members")[0].GetProperty("labourName").GetString().Should().NotBeNullOrEmpty();
        await using var db = App.Database.CreateContext();
        var audited = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "update" && a.EntityType == "Member" && a.EntityId == memberId.ToString(CultureInfo.InvariantCulture)).ToListAsync(Ct);
        audited.Should().ContainSingle().Which.After.Should().Contain("\"Name\":\"龙测五改\"", "the audit row keeps the new value");
        audited[0].Before.Should().Contain("\"Name\":\"龙测五\"");
        audited[0].ActorName.Should().Be("admin");
    }

    [Fact]
    public async Task Status_changes_follow_the_transition_rules()
    {
        var (id, _) = await CreateAsync(NewCitizenId(), "龙测六", registeredOn: "2020-01-01");

        using var exit = await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "Exited", effectiveOn = "2021-06-30", reason = "达到脱贫标准" }, Ct);
        using var back = await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "Registered", reason = "返回建档" }, Ct);
        var backProblem = await Json(back);
        using var noReason = await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "MonitoredUnstable", reason = "" }, Ct);
        using var beforeRegistration = await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "MonitoredUnstable", effectiveOn = "2019-12-31", reason = "补录" }, Ct);
        using var future = await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "MonitoredUnstable", effectiveOn = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = "预先录入" }, Ct);
        var file = await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct));

        exit.StatusCode.Should().Be(HttpStatusCode.NoContent, "Registered → Exited is allowed");
        back.StatusCode.Should().Be(HttpStatusCode.Conflict, "Exited → Registered is not");
        backProblem.GetProperty("code").GetString().Should().Be("registry.invalid_transition");
        backProblem.GetProperty("detail").GetString().Should().Be("不能从“已脱贫”变更为“建档立卡（未脱贫）”。");
        backProblem.GetProperty("errors").GetProperty("status").GetArrayLength().Should().Be(1);
        (await Json(noReason)).GetProperty("code").GetString().Should().Be("registry.reason_required");
        (await Json(beforeRegistration)).GetProperty("code").GetString().Should().Be("registry.before_registration");
        (await Json(future)).GetProperty("code").GetString().Should().Be("registry.future_effective");
        file.GetProperty("status").GetString().Should().Be("Exited");
        file.GetProperty("statusHistory").EnumerateArray().Select(c => (c.GetProperty("to").GetString(), c.GetProperty("effectiveOn").GetString()))
            .Should().Equal(("Registered", "2020-01-01"), ("Exited", "2021-06-30"));
    }

    [Fact]
    public async Task The_list_answers_a_status_as_of_a_date_from_the_effective_dates_of_late_entries()
    {
        var (id, _) = await CreateAsync(NewCitizenId(), "龙测七", registeredOn: "2019-03-01");
        var householdNo = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("householdNo").GetString();

        // Recorded today, effective years ago: late entries. The last one falls between two recorded earlier.
        (await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "Exited", effectiveOn = "2020-12-31", reason = "补录脱贫" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "MonitoredSudden", effectiveOn = "2024-02-01", reason = "突发严重困难" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.Admin.PostAsJsonAsync($"/api/households/{id}/status", new { to = "MonitoredMarginal", effectiveOn = "2023-05-01", reason = "补录边缘易致贫" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        async Task<int> Count(string query) =>
            (await Json(await App.Admin.GetAsync($"/api/households?q={householdNo}&{query}", Ct))).GetProperty("total").GetInt32();

        (await Count("status=Registered&statusOn=2020-06-01")).Should().Be(1);
        (await Count("status=Exited&statusOn=2020-06-01")).Should().Be(0);
        (await Count("status=Registered&statusOn=2019-02-28")).Should().Be(0, "before registration it had no status");
        (await Count("status=Exited&statusOn=2020-12-31")).Should().Be(1, "a change is in effect on its effective date");
        (await Count("status=Exited&statusOn=2023-04-30")).Should().Be(1);
        (await Count("status=MonitoredMarginal&statusOn=2023-05-01")).Should().Be(1, "the late entry counts from its effective date");
        (await Count("status=MonitoredMarginal&statusOn=2024-01-31")).Should().Be(1);
        (await Count("status=MonitoredSudden&statusOn=2024-01-31")).Should().Be(0);
        (await Count("status=MonitoredSudden&statusOn=2024-02-01")).Should().Be(1);
        (await Count("status=MonitoredSudden")).Should().Be(1, "today's status");
        (await Count("status=Exited")).Should().Be(0);
        var file = await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct));
        file.GetProperty("status").GetString().Should().Be("MonitoredSudden");
        file.GetProperty("statusHistory").EnumerateArray().Select(c => c.GetProperty("to").GetString())
            .Should().Equal("Registered", "Exited", "MonitoredMarginal", "MonitoredSudden");
    }

    [Fact]
    public async Task A_person_is_found_by_the_full_citizen_id_only_within_scope()
    {
        var citizenId = NewCitizenId();
        var (id, memberId) = await CreateAsync(citizenId, "龙测八");
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");

        using var found = await Find(App.Admin, citizenId);
        var hit = await Json(found);
        using var foundByVillage = await Find(village, citizenId);
        using var outOfScope = await Find(village2, citizenId);
        var notFound = await Json(outOfScope);
        using var partial = await Find(App.Admin, citizenId[..10]);
        // A citizen ID in any URL is refused before any work, API and pages alike (decision 0030).
        using var oldLookup = await App.Admin.GetAsync($"/api/people?citizenId={citizenId}", Ct);
        using var byQ = await App.Admin.GetAsync($"/api/households?q={citizenId}", Ct);
        using var page = await App.Admin.GetAsync($"/registry?q={citizenId[..6]}%20{citizenId[6..]}", Ct);
        var openApi = await App.Admin.GetStringAsync("/openapi/v1.json", Ct);
        // The pages' search forms post the ID; the results page gets it in TempData, not in the URL it is redirected to.
        var jar = new CookieContainer();
        using var browser = App.CreateClient(jar);
        (await RuralApp<TDatabase>.PostLoginAsync(browser, "admin", Data.Demo.DemoLoader.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(browser, "/registry");
        using var posted = await browser.PostAsync("/registry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["q"] = citizenId, ["__RequestVerificationToken"] = token,
        }), Ct);
        var results = WebUtility.HtmlDecode(await browser.GetStringAsync(posted.Headers.Location!.OriginalString, Ct));
        using var searched = await browser.PostAsync("/search", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["q"] = citizenId, ["__RequestVerificationToken"] = token,
        }), Ct);
        var searchResults = WebUtility.HtmlDecode(await browser.GetStringAsync(searched.Headers.Location!.OriginalString, Ct));

        found.StatusCode.Should().Be(HttpStatusCode.OK);
        hit.GetProperty("memberId").GetInt64().Should().Be(memberId);
        hit.GetProperty("householdId").GetInt64().Should().Be(id);
        hit.GetProperty("name").GetString().Should().Be("龙测八");
        hit.GetProperty("citizenIdMasked").GetString().Should().Be(CitizenId.Mask(citizenId));
        hit.GetProperty("villageCode").GetString().Should().Be(Hunzhai);
        hit.GetRawText().Should().NotContain(citizenId);
        foundByVillage.StatusCode.Should().Be(HttpStatusCode.OK);
        outOfScope.StatusCode.Should().Be(HttpStatusCode.NotFound);
        notFound.GetProperty("code").GetString().Should().Be("registry.person_not_found");
        notFound.GetRawText().Should().NotContain("龙测八");
        partial.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        oldLookup.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(oldLookup)).GetProperty("code").GetString().Should().Be("request.personal_data_in_url");
        byQ.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(byQ)).GetProperty("code").GetString().Should().Be("request.personal_data_in_url");
        page.StatusCode.Should().Be(HttpStatusCode.BadRequest, "an ID with a space in it is still an ID");
        openApi.Should().Contain("/api/people/search").And.NotContain("\"/api/people\"");
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        posted.Headers.Location!.OriginalString.Should().Be("/registry");
        results.Should().Contain("龙测八").And.Contain($"href=\"/registry/{id}\"").And.NotContain("导出 Excel");
        searched.Headers.Location!.OriginalString.Should().Be("/search");
        searchResults.Should().Contain("龙测八");
    }

    private static Task<HttpResponseMessage> Find(HttpClient client, string citizenId) =>
        client.PostAsJsonAsync("/api/people/search", new { citizenId }, Ct);

    [Fact]
    public async Task Revealing_a_citizen_id_or_the_bank_account_and_phone_is_audited_as_unmask()
    {
        var citizenId = NewCitizenId();
        using var created = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, citizenId, "龙测九", "6228480012345678901", "0851-86612345"), Ct);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var memberId = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("members")[0].GetProperty("id").GetInt64();
        var supervisor = await App.SignInAsync("supervisor");

        using var member = await App.Admin.PostAsync($"/api/members/{memberId}/reveal", null, Ct);
        var revealedMember = await Json(member);
        using var household = await App.Admin.PostAsync($"/api/households/{id}/reveal", null, Ct);
        var revealedHousehold = await Json(household);
        using var refused = await supervisor.PostAsync($"/api/members/{memberId}/reveal", null, Ct);
        var refusal = await Json(refused);

        member.StatusCode.Should().Be(HttpStatusCode.OK);
        revealedMember.GetProperty("citizenId").GetString().Should().Be(citizenId);
        household.StatusCode.Should().Be(HttpStatusCode.OK);
        revealedHousehold.GetProperty("bankAccount").GetString().Should().Be("6228480012345678901");
        revealedHousehold.GetProperty("phone").GetString().Should().Be("0851-86612345");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, "supervisors read masked data only");
        refusal.GetProperty("code").GetString().Should().Be("auth.forbidden");

        await using var db = App.Database.CreateContext();
        var unmasked = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "unmask").ToListAsync(Ct);
        unmasked.Should().ContainSingle(a => a.EntityType == "Member" && a.EntityId == memberId.ToString(CultureInfo.InvariantCulture) && a.ActorName == "admin");
        unmasked.Should().ContainSingle(a => a.EntityType == "Household" && a.EntityId == id.ToString(CultureInfo.InvariantCulture) && a.ActorName == "admin");
        unmasked.Should().NotContain(a => a.ActorName == "supervisor");
        unmasked.Should().AllSatisfy(a => (a.After ?? "").Should().NotContain(citizenId).And.NotContain("6228480012345678901"));
    }

    [Fact]
    public async Task Members_are_added_and_removed_with_the_version_and_the_head_stays()
    {
        var (id, headId) = await CreateAsync(NewCitizenId(), "龙测十");
        var spouseId = NewCitizenId();

        using var added = await App.Admin.PostAsJsonAsync($"/api/households/{id}/members",
            new { name = "吴测十", citizenId = spouseId, relation = "Spouse", labour = "Normal", health = "Healthy", education = "Primary" }, Ct);
        var newMemberId = (await Json(added)).GetProperty("id").GetInt64();
        var version = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("version").GetInt32();
        using var secondHead = await App.Admin.PostAsJsonAsync($"/api/households/{id}/members",
            new { name = "吴测十一", citizenId = NewCitizenId(), relation = "Head", labour = "Normal", health = "Healthy", education = "Primary" }, Ct);
        using var removeHead = await App.Admin.DeleteAsync($"/api/households/{id}/members/{headId}?version={version}", Ct);
        using var noReason = await App.Admin.DeleteAsync($"/api/households/{id}/members/{newMemberId}?version={version}", Ct);
        using var removeSpouse = await App.Admin.DeleteAsync($"/api/households/{id}/members/{newMemberId}?version={version}&reason={Uri.EscapeDataString("婚嫁迁出")}", Ct);
        var file = await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct));

        added.StatusCode.Should().Be(HttpStatusCode.Created);
        (await Json(secondHead)).GetProperty("code").GetString().Should().Be("validation_failed");
        secondHead.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        removeHead.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(removeHead)).GetProperty("code").GetString().Should().Be("registry.remove_head");
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("code").GetString().Should().Be("reason.required");
        (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString().Should().Be("请填写移除原因。");
        removeSpouse.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var removal = file.GetProperty("removals").EnumerateArray().Single();
        (removal.GetProperty("memberName").GetString(), removal.GetProperty("reason").GetString()).Should().Be(("吴测十", "婚嫁迁出"));
        (await App.Admin.GetStringAsync("/api/audit?entityType=MemberRemoval", Ct)).Should().Contain("婚嫁迁出", "the reason is audited");
        file.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).Should().Equal(headId);
        (await Json(await Find(App.Admin, spouseId))).GetProperty("code").GetString().Should().Be("registry.person_not_found");
    }

    [Fact]
    public async Task Only_registry_roles_may_write_and_a_village_officer_only_in_the_own_village()
    {
        var supervisor = await App.SignInAsync("supervisor");
        var village = await App.SignInAsync("village");

        using var bySupervisor = await supervisor.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, NewCitizenId(), "龙测十二"), Ct);
        using var elsewhere = await village.PostAsJsonAsync("/api/households", NewHousehold(Hongjiawan, NewCitizenId(), "龙测十二"), Ct);
        var problem = await Json(elsewhere);
        using var own = await village.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, NewCitizenId(), "龙测十二"), Ct);

        bySupervisor.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("villageCode")[0].GetString().Should().Contain("不在您的权限范围内");
        own.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_writes_by_several_users_keep_the_audit_chain_intact()
    {
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");
        var county = await App.SignInAsync("county");
        var writers = new[] { (App.Admin, "522699001003"), (county, "522699001004"), (village, Hunzhai), (village2, Hongjiawan) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
        {
            var (client, villageCode) = writers[i % writers.Length];
            return client.PostAsJsonAsync("/api/households", NewHousehold(villageCode, NewCitizenId(), "龙并" + i), Ct);
        }));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        await using var db = App.Database.CreateContext();
        var verification = await new Data.Audit.AuditVerifier(db).VerifyAsync(Ct);
        verification.Intact.Should().BeTrue(verification.FirstBreak?.Problem);
        (await db.AuditEntries.CountAsync(a => a.Action == "create" && a.EntityType == "Household" && a.ActorName == "village2", Ct)).Should().BeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task Households_created_at_the_same_time_in_one_village_all_get_their_own_number()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            App.Admin.PostAsJsonAsync("/api/households", NewHousehold("522699001005", NewCitizenId(), "龙号" + i), Ct)));
        var problems = await Task.WhenAll(responses.Where(r => r.StatusCode != HttpStatusCode.Created).Select(r => r.Content.ReadAsStringAsync(Ct)));

        problems.Should().BeEmpty("automatic household numbers must not collide");
        var numbers = new List<string>();
        foreach (var r in responses)
        {
            numbers.Add((await Json(await App.Admin.GetAsync(r.Headers.Location, Ct))).GetProperty("householdNo").GetString()!);
        }
        numbers.Should().OnlyHaveUniqueItems().And.AllSatisfy(n => n.Should().StartWith("522699001005"));
    }

    /// <summary>A fresh valid citizen ID of county 520102 (never in the demo), unique within the test run.</summary>
    [Fact]
    public async Task A_surname_finds_its_households_an_id_typed_with_spaces_full_width_digits_or_a_lower_case_x_too_and_lists_show_totals_and_page_numbers()
    {
        // A citizen ID whose check character is X, to type it in lower case.
        var citizenId = Enumerable.Range(0, 50).Select(_ => NewCitizenId()).First(c => c.EndsWith('X'));
        var surname = "雒";
        var (id, headId) = await CreateAsync(citizenId, surname + "测搜");
        var householdNo = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("householdNo").GetString()!;

        async Task<List<long>> FoundAsync(string q) =>
            [.. (await Json(await App.Admin.GetAsync($"/api/households?q={Uri.EscapeDataString(q)}&pageSize=500", Ct))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];

        (await FoundAsync(surname)).Should().Contain(id, "a surname finds the households whose head or member bears it");
        (await FoundAsync(" " + surname + "测 ")).Should().Contain(id);
        var spaced = $"{citizenId[..6]} {citizenId[6..14]} {citizenId[14..].ToLowerInvariant()}";
        (await App.Admin.GetAsync($"/api/households?q={Uri.EscapeDataString(spaced)}", Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "an ID stays out of URLs, however it is typed");
        (await Json(await Find(App.Admin, spaced))).GetProperty("householdId").GetInt64().Should().Be(id, "an ID read out in groups, with a lower-case x, is the same ID");
        var fullWidth = new string([.. householdNo.Select(c => (char)(c + 0xFEE0))]);
        (await FoundAsync(fullWidth)).Should().Equal([id], "full-width digits from a Chinese input method are digits");
        (await FoundAsync("赵")).Should().NotBeEmpty("the demo county has households of the surname 赵");

        // The top bar's search page finds the household by surname, and every page carries the top bar.
        var results = await App.Admin.GetStringAsync($"/search?q={Uri.EscapeDataString(surname + "测")}", Ct);
        results.Should().Contain($"href=\"/registry/{id}\"").And.Contain(householdNo);
        (await App.Admin.GetStringAsync("/registry", Ct)).Should().Contain("id=\"top-search\"");

        // Totals and page numbers on the list.
        var total = (await Json(await App.Admin.GetAsync("/api/households?pageSize=1", Ct))).GetProperty("total").GetInt32();
        var pages = (total + 49) / 50;
        var second = await App.Admin.GetStringAsync("/registry?p=2", Ct);
        second.Should().Contain($"第 2 / {pages} 页").And.Contain("aria-current=\"page\"").And.Contain("href=\"/registry?p=3\"").And.Contain("id=\"prev-page\"");

        // A member edited with two bad fields answers both at once, and nothing is saved.
        var version = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("version").GetInt32();
        using var bad = await App.Admin.PutAsJsonAsync($"/api/households/{id}/members/{headId}",
            new { member = new { name = " ", citizenId = "52010219500101123", relation = "Head", labour = "Normal", health = "Healthy", education = "Primary" }, version }, Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Json(bad)).GetProperty("errors");
        errors.GetProperty("name")[0].GetString().Should().Contain("姓名不能为空");
        errors.GetProperty("citizenId")[0].GetString().Should().NotBeNullOrEmpty();
        (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("members")[0].GetProperty("name").GetString().Should().Be(surname + "测搜");
    }

    protected static string NewCitizenId()
    {
        var n = Interlocked.Increment(ref _nextId);
        return CitizenId.Compose("520102", new DateOnly(1950, 1, 1).AddDays(n % 18_000), 100 + n / 18_000 % 800).Value;
    }

    /// <summary>The body of POST /api/households: a 低保 household in group 001 with its head.</summary>
    protected static object NewHousehold(string village, string citizenId, string headName, string? bankAccount = null, string? phone = null, string? registeredOn = null) => new
    {
        villageCode = village,
        groupCode = village.Length == 12 ? village + "001" : null,
        householdNo = (string?)null,
        type = "Dibao",
        status = "Registered",
        registeredOn,
        causes = new[] { "Illness", "LackOfFunds" },
        bankName = bankAccount is null ? null : "县农村信用合作联社",
        bankAccount,
        phone,
        head = new { name = headName, citizenId, relation = "Head", labour = "Normal", health = "LongTermIllness", education = "JuniorHigh" },
    };

    protected async Task<(long Id, long HeadId)> CreateAsync(string citizenId, string headName, string? registeredOn = null)
    {
        using var created = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold(Hunzhai, citizenId, headName, registeredOn: registeredOn), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var headId = (await Json(await App.Admin.GetAsync($"/api/households/{id}", Ct))).GetProperty("members")[0].GetProperty("id").GetInt64();
        return (id, headId);
    }

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteRegistryTests(RuralApp<SqliteTestDatabase> app) : RegistryTests<SqliteTestDatabase>(app)
{
    [Fact]
    public async Task A_household_entered_through_the_api_keeps_its_citizen_id_bank_account_and_phone_out_of_the_database_file()
    {
        var citizenId = NewCitizenId();
        using var created = await App.Admin.PostAsJsonAsync("/api/households", NewHousehold("522699001001", citizenId, "龙测密", "6217003810012345678", "13698765432"), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        var content = await SqliteFileBytes.ReadAsync(App.Database.DatabaseFile, Ct);

        SqliteFileBytes.Contains(content, "龙测密").Should().BeTrue("the name is stored in plain text, so the file was read");
        SqliteFileBytes.Contains(content, CitizenId.Mask(citizenId)).Should().BeTrue();
        SqliteFileBytes.Contains(content, citizenId).Should().BeFalse();
        SqliteFileBytes.Contains(content, "6217003810012345678").Should().BeFalse();
        SqliteFileBytes.Contains(content, "13698765432").Should().BeFalse();
    }
}

public sealed class PostgresRegistryTests(RuralApp<PostgresTestDatabase> app) : RegistryTests<PostgresTestDatabase>(app);
