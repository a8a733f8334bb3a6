using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// The one answer to a repeated command, in every module (decision 0021). Ten identical requests at once (a double
/// click, a retry, two officers) change the record once: one 2xx, one audit row; the other nine are 409 — the
/// module's <c>&lt;module&gt;.stale</c> when the command carries the version it read, the state's own refusal when it
/// carries none. Sent once more with the record's current version, the command is refused by the state: 409 with the
/// module's stable code and a message naming the state the record is in. Never a 200 "already done", never a 400.
/// </summary>
public abstract class RepeatedCommandTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const int Times = 10;

    protected RepeatedCommandTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Commands => new()
    {
        "plan approval", "plan posting", "disposal approval", "project approval", "contract termination", "public job end", "certificate revoke",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ten_identical_requests_at_once_change_the_record_once_and_a_repeat_is_refused_by_the_state(string command)
    {
        var c = await PrepareAsync(command);
        var audited = await AuditedAsync(c.Entity, c.AuditKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, Times).Select(_ => c.Send()));
        var answers = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await r.Content.ReadAsStringAsync(Ct))));

        (await AuditedAsync(c.Entity, c.AuditKey)).Should().Be(audited + 1, $"{command}: one change, one audit row ({string.Join(" | ", answers)})");
        answers.Count(a => (int)a.StatusCode is >= 200 and < 300).Should().Be(1, string.Join(" | ", answers));
        var repeated = answers.Where(a => (int)a.StatusCode >= 300).ToList();
        repeated.Should().AllSatisfy(a => a.StatusCode.Should().Be(HttpStatusCode.Conflict, a.Body));
        repeated.Select(a => Code(a.Body)).Should().AllBe(c.RaceCode);

        using var again = await c.SendAgain();
        var problem = await Json(again);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("code").GetString().Should().Be(c.StateCode);
        problem.GetProperty("detail").GetString().Should().Contain(c.StateNamed);
        (await AuditedAsync(c.Entity, c.AuditKey)).Should().Be(audited + 1, "a refused command writes nothing");
    }

    /// <param name="RaceCode">What the nine losers of the race are told.</param>
    /// <param name="StateCode">What a later repeat with the current version is told.</param>
    /// <param name="StateNamed">Part of the message that names the record's state.</param>
    private sealed record Command(string Entity, string AuditKey, Func<Task<HttpResponseMessage>> Send, Func<Task<HttpResponseMessage>> SendAgain,
        string RaceCode, string StateCode, string StateNamed);

    private async Task<Command> PrepareAsync(string command)
    {
        switch (command)
        {
            case "plan approval":
            {
                var (id, township) = await TestPlans.NoticedAsync(App);
                var version = await VersionAsync(township, $"/api/plans/{id}");
                return new("DistributionPlan", Key(id), () => township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version }, Ct),
                    async () => await township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version = await VersionAsync(township, $"/api/plans/{id}") }, Ct),
                    "plans.stale", "plans.bad_step", "已审批");
            }
            case "plan posting":
            {
                var (id, township) = await TestPlans.NoticedAsync(App);
                (await township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version = await VersionAsync(township, $"/api/plans/{id}") }, Ct))
                    .StatusCode.Should().Be(HttpStatusCode.OK);
                var village = await App.SignInAsync("village");
                return new("DistributionPlan", Key(id), () => village.PostAsync($"/api/plans/{id}/post", null, Ct), () => village.PostAsync($"/api/plans/{id}/post", null, Ct),
                    "plans.bad_step", "plans.bad_step", "已记账");
            }
            case "disposal approval":
            {
                var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 80_000m))[0];
                var village = await App.SignInAsync("village");
                using var proposed = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "EndOfLife", method = "Auction", reason = "达到使用年限" }, Ct);
                proposed.StatusCode.Should().Be(HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync(Ct));
                var id = (await Json(proposed)).GetProperty("id").GetInt64();
                (await village.PostAsJsonAsync($"/api/disposals/{id}/resolution",
                    new { representativesTotal = 15, representativesPresent = 10, votesFor = 8, note = "同意", version = await VersionAsync(village, $"/api/disposals/{id}") }, Ct))
                    .StatusCode.Should().Be(HttpStatusCode.NoContent);
                var township = await App.SignInAsync("township");
                var version = await VersionAsync(township, $"/api/disposals/{id}");
                return new("Disposal", Key(id), () => township.PostAsJsonAsync($"/api/disposals/{id}/township-approval", new { opinion = "同意", version }, Ct),
                    async () => await township.PostAsJsonAsync($"/api/disposals/{id}/township-approval", new { opinion = "同意", version = await VersionAsync(township, $"/api/disposals/{id}") }, Ct),
                    "disposals.stale", "disposals.bad_step", "当前为");
            }
            case "project approval":
            {
                // Signed in now: the fixture's clock may have moved past the admin's idle timeout.
                var admin = await App.SignInAsync("admin");
                long fund;
                await using (var db = App.Database.CreateContext())
                {
                    var source = new FundSource("522699", FundSourceKind.Central, 2024, "重复提交测试资金" + Guid.NewGuid().ToString("N")[..8], Money.FromYuan(1_000_000m), null);
                    db.FundSources.Add(source);
                    await db.SaveChangesAsync(Ct);
                    fund = source.Id.Value;
                }
                using var created = await admin.PostAsJsonAsync("/api/projects", new
                {
                    name = "重复提交测试项目" + Guid.NewGuid().ToString("N")[..6], year = 2024, industry = "Infrastructure", villageCodes = new[] { TestAssets.Hunzhai },
                    budget = new[] { new { fundSourceId = fund, amount = "100000" } }, description = "冷库",
                }, Ct);
                created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
                var id = (await Json(created)).GetProperty("id").GetInt64();
                var version = await VersionAsync(admin, $"/api/projects/{id}");
                return new("Project", Key(id), () => admin.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-01", approvalDocument = "茶乡府发〔2024〕12号", version }, Ct),
                    async () => await admin.PostAsJsonAsync($"/api/projects/{id}/approve",
                        new { approvedOn = "2024-03-01", approvalDocument = "茶乡府发〔2024〕12号", version = await VersionAsync(admin, $"/api/projects/{id}") }, Ct),
                    "projects.stale", "projects.bad_transition", "当前为");
            }
            case "contract termination":
            {
                // Signed in now: the fixture's clock may have moved past the admin's idle timeout.
                var admin = await App.SignInAsync("admin");
                var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 60_000m))[0];
                using var created = await admin.PostAsJsonAsync("/api/contracts", new
                {
                    assetIds = new[] { assetId }, operatorKind = "Enterprise", operatorName = "茶乡农业开发有限公司", operatorCreditCode = CreditCode.Complete("9152269931415926").Value,
                    operatorContact = "龙经理 13800000000", mode = "Entrusted", signedOn = "2024-01-01", startOn = "2024-01-01", termMonths = 36, frequency = "Annual",
                    graceDays = 30, consideration = "FixedRent", annualRent = "12000.00", bids = Array.Empty<object>(),
                }, Ct);
                created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
                var id = (await Json(created)).GetProperty("id").GetInt64();
                var version = await VersionAsync(admin, $"/api/contracts/{id}");
                object Body(int v) => new { terminatedOn = "2024-06-30", reason = "经营主体退出", breach = false, version = v };
                return new("Contract", Key(id), () => admin.PostAsJsonAsync($"/api/contracts/{id}/terminate", Body(version), Ct),
                    async () => await admin.PostAsJsonAsync($"/api/contracts/{id}/terminate", Body(await VersionAsync(admin, $"/api/contracts/{id}")), Ct),
                    "contracts.stale", "contracts.not_active", "当前为");
            }
            case "public job end":
            {
                string householdNo, head;
                await using (var db = App.Database.CreateContext())
                {
                    var household = await db.Households.IgnoreQueryFilters().Include(h => h.Members)
                        .Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderBy(h => h.Id).FirstAsync(Ct);
                    (householdNo, head) = (household.HouseholdNo, household.HeadName);
                }
                var village = await App.SignInAsync("village");
                using var registered = await village.PostAsJsonAsync("/api/public-jobs",
                    new { householdNo, memberName = head, post = "Cleaner", monthlyPay = "600.00", startOn = new DateOnly(2024, 1, 1) }, Ct);
                registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Ct));
                var id = (await Json(registered)).GetProperty("id").GetInt64();
                async Task<int> JobVersionAsync() => (await Json(await village.GetAsync("/api/public-jobs", Ct))).GetProperty("items").EnumerateArray()
                    .Single(j => j.GetProperty("id").GetInt64() == id).GetProperty("version").GetInt32();
                var version = await JobVersionAsync();
                return new("PublicWelfareJob", Key(id), () => village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 9, 30), version }, Ct),
                    async () => await village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 9, 30), version = await JobVersionAsync() }, Ct),
                    "jobs.stale", "jobs.ended", "已于 2024-09-30 离岗");
            }
            default:
            {
                var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 50_000m))[0];
                var county = await App.SignInAsync("county");
                using var issued = await county.PostAsync($"/api/assets/{assetId}/certificates", null, Ct);
                issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
                var id = (await Json(issued)).GetProperty("id").GetInt64();
                return new("Certificate", Key(id), () => county.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct),
                    () => county.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct),
                    "certificates.not_valid", "certificates.not_valid", "当前为“已注销”");
            }
        }
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();

    private async Task<int> AuditedAsync(string entity, string key)
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == entity && a.EntityId == key, Ct);
    }

    private static async Task<int> VersionAsync(HttpClient client, string path) => (await Json(await client.GetAsync(path, Ct))).GetProperty("version").GetInt32();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteRepeatedCommandTests(ClockedRuralApp<SqliteTestDatabase> app) : RepeatedCommandTests<SqliteTestDatabase>(app);

public sealed class PostgresRepeatedCommandTests(ClockedRuralApp<PostgresTestDatabase> app) : RepeatedCommandTests<PostgresTestDatabase>(app);
