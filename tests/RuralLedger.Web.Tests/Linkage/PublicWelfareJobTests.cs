using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Distribution;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Linkage;

/// <summary>
/// Public-welfare posts (公益岗位) registered by the village officer through the API, and the distribution rule that
/// pays only households with such a post: the single-village build and the batch give exactly the households whose
/// post overlaps the year; a village without any gets the calculator's "no beneficiaries". Scope, validation and audit.
/// </summary>
public abstract class PublicWelfareJobTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string County = "522699";
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly DivisionCode Hongjiawan = DivisionCode.Parse("522699001002");

    protected PublicWelfareJobTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_requiring_a_public_welfare_job_pays_exactly_the_households_whose_post_overlaps_the_year_alone_and_in_the_batch()
    {
        // A year before the posts the other tests of this class open in the same village (2024 on), whatever the order.
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 4;
        var freezeOn = new DateOnly(year, 12, 31);
        var households = await HouseholdsAsync(Hunzhai, 4, freezeOn);
        using var village = await App.SignInAsync("village");

        // Open since the year before; a fixed term inside the year; one that ended on the year's first day (API "end");
        // one whose term ended the day before the year began.
        await RegisterAsync(village, households[0], new DateOnly(year - 1, 3, 1), null);
        await RegisterAsync(village, households[1], new DateOnly(year, 6, 1), new DateOnly(year, 11, 30));
        var ending = await RegisterAsync(village, households[2], new DateOnly(year - 2, 1, 1), null);
        using (var ended = await village.PostAsJsonAsync($"/api/public-jobs/{ending}/end", new { on = new DateOnly(year, 1, 1), version = await VersionAsync(ending) }, Ct))
        {
            ended.StatusCode.Should().Be(HttpStatusCode.NoContent, await ended.Content.ReadAsStringAsync(Ct));
        }
        await RegisterAsync(village, households[3], new DateOnly(year - 3, 1, 1), new DateOnly(year - 1, 12, 31));

        var listed = await Json(await village.GetAsync($"/api/public-jobs?village={Hunzhai.Value}&year={year}", Ct));
        listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("householdId").GetInt64()).Should().BeEquivalentTo(households.Take(3).Select(h => h.Id.Value));

        using (var county = await App.SignInAsync("county"))
        {
            using var rule = await county.PostAsJsonAsync("/api/rules", new
            {
                code = "gyjob", name = "公益岗位户分红", effectiveFrom = new DateOnly(2016, 1, 1),
                parts = new object[]
                {
                    new { code = "dividend", name = "公益岗位户分红", kind = "HouseholdDividend", percent = "70" },
                    new { code = "collective", name = "村集体经济收入", kind = "CollectiveIncome", percent = "30" },
                },
                weighting = "PerHousehold", minimumPerHousehold = "0",
                eligible = Enum.GetNames<PovertyStatus>(), requirePublicWelfareJob = true,
            }, Ct);
            rule.StatusCode.Should().Be(HttpStatusCode.Created, await rule.Content.ReadAsStringAsync(Ct));
        }
        await TestIncome.SetAsideDemoAsync(App.Database, year);
        var pool = Money.FromYuan(3_000.01m);
        var incomeId = await TestIncome.AddAsync(App.Database, Hunzhai, pool, year);

        using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai.Value, year, ruleCode = "gyjob", incomeIds = new[] { incomeId } }, Ct);
        built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
        var alone = (await Json(built)).GetProperty("id").GetInt64();

        await TestIncome.AddAsync(App.Database, Hunzhai, pool, year);
        PlanBatchResult batch;
        await using (var db = App.Database.CreateContext())
        {
            batch = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(year, "gyjob", freezeOn, VillageCode: Hunzhai), null, Ct);
        }
        batch.Skipped.Should().BeEmpty();
        batch.Plans.Should().ContainSingle();

        await using (var db = App.Database.CreateContext())
        {
            var linesAlone = await LinesAsync(db, alone);
            var linesTogether = await LinesAsync(db, batch.Plans[0].PlanId);
            linesAlone.Select(l => l.HouseholdId).Should().Equal(households.Take(3).Select(h => h.Id).OrderBy(id => households.Single(h => h.Id == id).HouseholdNo, StringComparer.Ordinal),
                "exactly the three households with a post in the year are paid");
            linesTogether.Should().Equal(linesAlone);
            linesAlone.Sum(l => l.Amount.Fen).Should().Be(210_001, "70% of 3,000.01 yuan");
            (await db.DistributionPlans.AsNoTracking().SingleAsync(p => p.Id == new DistributionPlanId(alone), Ct)).Households.Should().Be(3);
        }
    }

    [Fact]
    public async Task A_village_without_any_post_gets_the_no_beneficiaries_refusal_not_a_missing_condition()
    {
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 3;
        await using (var db = App.Database.CreateContext())
        {
            db.DistributionRules.Add(new Core.Distribution.DistributionRule(County, "gynone", 1, "公益岗位户分红（测试）", new DateOnly(2016, 1, 1),
                [new("dividend", "分红", Core.Distribution.RulePartKind.HouseholdDividend, 10_000)], Core.Distribution.HouseholdWeighting.PerHousehold, null, Money.Zero,
                Enum.GetValues<PovertyStatus>(), requirePublicWelfareJob: true));
            await db.SaveChangesAsync(Ct);
        }
        await TestIncome.SetAsideDemoAsync(App.Database, year);
        var incomeId = await TestIncome.AddAsync(App.Database, Hongjiawan, Money.FromYuan(500m), year);
        using var village2 = await App.SignInAsync("village2");

        using var refused = await village2.PostAsJsonAsync("/api/plans", new { villageCode = Hongjiawan.Value, year, ruleCode = "gynone", incomeIds = new[] { incomeId } }, Ct);
        PlanBatchResult batch;
        await using (var db = App.Database.CreateContext())
        {
            batch = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(year, "gynone", new DateOnly(year, 12, 31), VillageCode: Hongjiawan), null, Ct);
        }

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(refused)).GetProperty("code").GetString().Should().Be("plans.no_beneficiaries");
        batch.Plans.Should().BeEmpty();
        batch.Skipped.Should().ContainSingle().Which.Code.Should().Be("plans.no_beneficiaries");
    }

    [Fact]
    public async Task A_village_officer_can_neither_register_nor_end_nor_see_a_post_of_another_village_and_a_supervisor_only_reads()
    {
        var foreign = (await HouseholdsAsync(Hongjiawan, 1, new DateOnly(2024, 12, 31)))[0];
        var own = (await HouseholdsAsync(Hunzhai, 1, new DateOnly(2024, 12, 31), skip: 10))[0];
        using var village = await App.SignInAsync("village");
        using var village2 = await App.SignInAsync("village2");
        var foreignJob = await RegisterAsync(village2, foreign, new DateOnly(2024, 1, 1), null);

        using var register = await village.PostAsJsonAsync("/api/public-jobs", Body(foreign, new DateOnly(2024, 1, 1), null), Ct);
        using var byMember = await village.PostAsJsonAsync("/api/public-jobs", new
        {
            memberId = foreign.Members.Single(m => m.Relation == Relation.Head).Id.Value, post = "Cleaner", monthlyPay = "500", startOn = new DateOnly(2024, 1, 1),
        }, Ct);
        using var end = await village.PostAsJsonAsync($"/api/public-jobs/{foreignJob}/end", new { on = new DateOnly(2024, 6, 30) }, Ct);
        using var endPage = await village.GetAsync($"/linkage/public-jobs/{foreignJob}/end", Ct);
        var list = await Json(await village.GetAsync($"/api/public-jobs?village={Hongjiawan.Value}", Ct));
        using var supervisor = await App.SignInAsync("supervisor");
        using var supervisorWrite = await supervisor.PostAsJsonAsync("/api/public-jobs", Body(own, new DateOnly(2024, 1, 1), null), Ct);
        var supervisorList = await Json(await supervisor.GetAsync("/api/public-jobs", Ct));

        register.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Json(register)).GetProperty("code").GetString().Should().Be("jobs.household_not_found");
        byMember.StatusCode.Should().Be(HttpStatusCode.NotFound);
        end.StatusCode.Should().Be(HttpStatusCode.NotFound);
        endPage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.GetProperty("total").GetInt32().Should().Be(0);
        supervisorWrite.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        supervisorList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Should().Contain(foreignJob, "the supervisor reads the county");
        await using var db = App.Database.CreateContext();
        var job = await db.PublicWelfareJobs.AsNoTracking().SingleAsync(j => j.Id == new Core.Linkage.PublicWelfareJobId(foreignJob), Ct);
        job.Ended.Should().BeFalse();
    }

    [Fact]
    public async Task Bad_input_answers_400_with_field_errors_and_stable_codes_and_a_post_ends_once()
    {
        var h = (await HouseholdsAsync(Hunzhai, 1, new DateOnly(2024, 12, 31), skip: 20))[0];
        using var village = await App.SignInAsync("village");

        using var empty = await village.PostAsJsonAsync("/api/public-jobs", new { post = "ForestRanger" }, Ct);
        using var negative = await village.PostAsJsonAsync("/api/public-jobs", Body(h, new DateOnly(2024, 1, 1), null, pay: -5m), Ct);
        using var backwards = await village.PostAsJsonAsync("/api/public-jobs", Body(h, new DateOnly(2024, 1, 1), new DateOnly(2023, 12, 31)), Ct);
        using var tooPrecise = await village.PostAsJsonAsync("/api/public-jobs", Body(h, new DateOnly(2024, 1, 1), null, pay: 800.001m), Ct);
        using var stranger = await village.PostAsJsonAsync("/api/public-jobs", new { householdNo = h.HouseholdNo, memberName = "查无此人", post = "Cleaner", monthlyPay = "500", startOn = new DateOnly(2024, 1, 1) }, Ct);

        var e = await Json(empty);
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        e.GetProperty("code").GetString().Should().Be("validation_failed");
        e.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("householdNo", "monthlyPay", "startOn");
        await ExpectAsync(negative, "jobs.pay", "monthlyPay");
        await ExpectAsync(backwards, "jobs.dates", "endOn");
        await ExpectAsync(tooPrecise, "money.too_precise", "monthlyPay");
        await ExpectAsync(stranger, "jobs.member", "memberName");

        var id = await RegisterAsync(village, h, new DateOnly(2024, 1, 1), null);
        using var overlap = await village.PostAsJsonAsync("/api/public-jobs", Body(h, new DateOnly(2024, 5, 1), null), Ct);
        var version = await VersionAsync(id);
        using var early = await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2023, 12, 31), version }, Ct);
        using var unversioned = await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 9, 30) }, Ct);
        using var ended = await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 9, 30), version }, Ct);
        using var stale = await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 10, 31), version }, Ct);
        using var twice = await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 10, 31), version = await VersionAsync(id) }, Ct);

        overlap.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(overlap)).GetProperty("code").GetString().Should().Be("jobs.overlap");
        await ExpectAsync(early, "jobs.dates", "on");
        await ExpectAsync(unversioned, "version.required", "version");
        ended.StatusCode.Should().Be(HttpStatusCode.NoContent);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict, "the version sent was read before the post ended");
        (await Json(stale)).GetProperty("code").GetString().Should().Be("jobs.stale");
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(twice)).GetProperty("code").GetString().Should().Be("jobs.ended");

        // Both changes are in the audit trail, with who made them.
        await using var db = App.Database.CreateContext();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "PublicWelfareJob" && a.EntityId == key).ToListAsync(Ct);
        audited.Select(a => (a.Action, a.ActorName)).Should().BeEquivalentTo(new[] { ("create", "village"), ("update", "village") });
        audited.Single(a => a.Action == "update").After.Should().Contain("2024-09-30");
    }

    [Fact]
    public async Task The_page_lists_the_posts_and_offers_the_household_s_members_for_a_new_one()
    {
        var h = (await HouseholdsAsync(Hunzhai, 1, new DateOnly(2024, 12, 31), skip: 30))[0];
        using var village = await App.SignInAsync("village");
        await RegisterAsync(village, h, new DateOnly(2024, 2, 1), null, pay: 1234.5m);

        var page = await village.GetStringAsync($"/linkage/public-jobs?village={Hunzhai.Value}&year=2024&household={h.HouseholdNo}", Ct);
        var home = await village.GetStringAsync("/", Ct);

        page.Should().Contain(h.HeadName).And.Contain("1,234.50").And.Contain("2024-02-01").And.Contain("护林员").And.Contain("离岗");
        foreach (var m in h.Members)
        {
            page.Should().Contain($"<option value=\"{m.Id.Value}\"");
        }
        home.Should().Contain("/linkage/public-jobs");

        // The form registers a post for the member chosen, and ends it on the "离岗" page.
        var spouse = (await HouseholdsAsync(Hunzhai, 1, new DateOnly(2024, 12, 31), skip: 31))[0];
        var member = spouse.Members.OrderBy(m => m.Id.Value).Last();
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, $"/linkage/public-jobs?household={spouse.HouseholdNo}");
        using var posted = await village.PostAsync($"/linkage/public-jobs?household={spouse.HouseholdNo}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.HouseholdNo"] = spouse.HouseholdNo, ["Input.MemberId"] = member.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Post"] = "WaterKeeper", ["Input.PostName"] = "村级水管员", ["Input.MonthlyPay"] = "600", ["Input.StartOn"] = "2024-03-01",
        }), Ct);
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync(Ct));
        using var invalid = await village.PostAsync("/linkage/public-jobs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.HouseholdNo"] = spouse.HouseholdNo, ["Input.MemberId"] = member.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Post"] = "Cleaner",
            ["Input.MonthlyPay"] = "-1", ["Input.StartOn"] = "2020-01-01", ["Input.EndOn"] = "2020-12-31",
        }), Ct);
        (await invalid.Content.ReadAsStringAsync(Ct)).Should().Contain("月工资不能为负");
        long jobId;
        await using (var db = App.Database.CreateContext())
        {
            var job = await db.PublicWelfareJobs.AsNoTracking().SingleAsync(j => j.MemberId == member.Id, Ct);
            (job.Post, job.MonthlyPay, job.From, job.RecordedBy).Should().Be((Core.Linkage.PublicWelfarePost.WaterKeeper, Money.FromYuan(600m), new DateOnly(2024, 3, 1), "village"));
            jobId = job.Id.Value;
        }
        var endToken = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, $"/linkage/public-jobs/{jobId}/end");
        using var ended = await village.PostAsync($"/linkage/public-jobs/{jobId}/end", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = endToken, ["Input.On"] = "2024-08-31", ["Input.Version"] = "0",
        }), Ct);
        ended.StatusCode.Should().Be(HttpStatusCode.Redirect, await ended.Content.ReadAsStringAsync(Ct));
        await using (var db = App.Database.CreateContext())
        {
            (await db.PublicWelfareJobs.AsNoTracking().SingleAsync(j => j.MemberId == member.Id, Ct)).To.Should().Be(new DateOnly(2024, 8, 31));
        }
    }

    [Fact]
    public async Task The_rules_page_saves_a_rule_that_requires_a_public_welfare_post_and_shows_it()
    {
        using var county = await App.SignInAsync("county");
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/distribution/rules");
        using var saved = await county.PostAsync("/distribution/rules", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Code"] = "gyg-page", ["Input.Name"] = "设岗定酬（页面）", ["Input.EffectiveFrom"] = "2016-01-01",
            ["Input.Parts[0].Code"] = "dividend", ["Input.Parts[0].Name"] = "公益岗位报酬", ["Input.Parts[0].Kind"] = "HouseholdDividend", ["Input.Parts[0].Percent"] = "80",
            ["Input.Parts[1].Code"] = "collective", ["Input.Parts[1].Name"] = "村集体经济收入", ["Input.Parts[1].Kind"] = "CollectiveIncome", ["Input.Parts[1].Percent"] = "20",
            ["Input.Weighting"] = "PerHousehold", ["Input.MinimumPerHousehold"] = "0", ["Input.Eligible"] = "Registered", ["Input.RequirePublicWelfareJob"] = "true",
        }), Ct);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync(Ct));
        await using (var db = App.Database.CreateContext())
        {
            (await db.DistributionRules.AsNoTracking().SingleAsync(r => r.Code == "gyg-page", Ct)).RequirePublicWelfareJob.Should().BeTrue();
        }
        (await county.GetStringAsync("/distribution/rules", Ct)).Should().Contain("须公益岗位务工").And.Contain("Input_RequirePublicWelfareJob");
    }

    private static object Body(Household h, DateOnly startOn, DateOnly? endOn, decimal pay = 800m) => new
    {
        householdNo = h.HouseholdNo, memberName = h.HeadName, post = "ForestRanger", postName = "生态护林员", monthlyPay = ApiValues.Text(pay), startOn, endOn,
    };

    /// <summary>The version a user would have read on the post's page (the API has no single-post read).</summary>
    private async Task<int> VersionAsync(long job)
    {
        await using var db = App.Database.CreateContext();
        return await db.PublicWelfareJobs.IgnoreQueryFilters().Where(j => j.Id == new Core.Linkage.PublicWelfareJobId(job)).Select(j => j.Version).SingleAsync(Ct);
    }

    private static async Task<long> RegisterAsync(HttpClient client, Household h, DateOnly startOn, DateOnly? endOn, decimal pay = 800m)
    {
        using var response = await client.PostAsJsonAsync("/api/public-jobs", Body(h, startOn, endOn, pay), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static async Task ExpectAsync(HttpResponseMessage response, string code, string field)
    {
        var problem = await Json(response);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the error names {field}: {problem}");
    }

    /// <summary>Households of the village with a status on the freeze date and a head whose name is unique in the household.</summary>
    private async Task<List<Household>> HouseholdsAsync(DivisionCode village, int count, DateOnly freezeOn, int skip = 0)
    {
        await using var db = App.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var all = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => h.VillageCode == village).ToListAsync(Ct);
        var found = all.Where(h => h.StatusOn(freezeOn, now) is not null && h.Members.Count(m => m.Name == h.HeadName) == 1)
            .OrderBy(h => h.HouseholdNo, StringComparer.Ordinal).Skip(skip).Take(count).ToList();
        found.Should().HaveCount(count);
        return found;
    }

    private static async Task<List<(HouseholdId HouseholdId, string HouseholdNo, int People, long Weight, Money Amount, int RemainderFen)>> LinesAsync(RuralDbContext db, long planId) =>
        (await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(planId)).OrderBy(l => l.HouseholdNo).ToListAsync(Ct))
            .Select(l => (l.HouseholdId, l.HouseholdNo, l.People, l.Weight, l.Amount, l.RemainderFen)).ToList();
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqlitePublicWelfareJobTests(RuralApp<SqliteTestDatabase> app) : PublicWelfareJobTests<SqliteTestDatabase>(app);

public sealed class PostgresPublicWelfareJobTests(RuralApp<PostgresTestDatabase> app) : PublicWelfareJobTests<PostgresTestDatabase>(app);
