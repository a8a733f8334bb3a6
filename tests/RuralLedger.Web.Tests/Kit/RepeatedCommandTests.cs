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
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Supervision;
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
        "finding submit", "finding accept", "finding return", "warning handle", "warning dismiss", "agreement renew", "agreement terminate",
        "order delivery", "rent payment", "training results", "agreement draft edit", "agreement activate", "agreement discard", "land transfer end",
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
            case "finding submit":
            {
                var (id, village, _) = await FindingAsync(submitted: false);
                var version = await VersionAsync(village, $"/api/findings/{id}");
                return new("Finding", Key(id), () => village.PostAsync($"/api/findings/{id}/rectification", ProofForm(version), Ct),
                    async () => await village.PostAsync($"/api/findings/{id}/rectification", ProofForm(await VersionAsync(village, $"/api/findings/{id}")), Ct),
                    "findings.stale", "supervision.bad_step", "当前为“");
            }
            case "finding accept" or "finding return":
            {
                var (id, _, supervisor) = await FindingAsync(submitted: true);
                var step = command == "finding accept" ? "accept" : "return";
                var version = await VersionAsync(supervisor, $"/api/findings/{id}");
                return new("Finding", Key(id), () => supervisor.PostAsJsonAsync($"/api/findings/{id}/{step}", new { reason = "佐证不足", version }, Ct),
                    async () => await supervisor.PostAsJsonAsync($"/api/findings/{id}/{step}", new { reason = "佐证不足", version = await VersionAsync(supervisor, $"/api/findings/{id}") }, Ct),
                    "findings.stale", "supervision.bad_step", "当前为“");
            }
            case "warning handle" or "warning dismiss":
            {
                var id = await WarningAsync();
                // The village closes its warning with a note; dismissing one is the inspector's call.
                var (step, user) = command == "warning handle" ? ("handle", "village") : ("dismiss", "supervisor");
                var client = await App.SignInAsync(user);
                return new("AnomalyWarning", Key(id), () => client.PostAsJsonAsync($"/api/warnings/{id}/{step}", new { note = "已核实", version = 0 }, Ct),
                    () => client.PostAsJsonAsync($"/api/warnings/{id}/{step}", new { note = "已核实", version = 1 }, Ct),
                    "warnings.stale", "warnings.bad_step", "当前为“");
            }
            case "agreement renew" or "agreement terminate":
            {
                var (id, village) = await AgreementAsync();
                var renew = command == "agreement renew";
                object Body(int v) => renew ? new { endOn = new DateOnly(2030, 12, 31), reason = "续签", version = v } : new { on = new DateOnly(2026, 6, 30), reason = "合作社解散", version = v };
                var path = $"/api/linkage/agreements/{id}/{(renew ? "renew" : "terminate")}";
                var version = await VersionAsync(village, $"/api/linkage/agreements/{id}");
                return new("LinkageAgreement", Key(id), () => village.PostAsJsonAsync(path, Body(version), Ct),
                    async () => await village.PostAsJsonAsync(path, Body(await VersionAsync(village, $"/api/linkage/agreements/{id}")), Ct),
                    "agreements.stale", renew ? "agreements.renewed" : "agreements.bad_status", renew ? "已续签至 2030-12-31" : "当前为“");
            }
            case "order delivery":
            {
                var village = await App.SignInAsync("village");
                var order = await CreatedIdAsync(await village.PostAsJsonAsync("/api/linkage/orders", new
                {
                    buyerName = "重复提交测试超市", buyerCode = CreditCode.Complete("91522699MA6H2K7Q").Value, product = "鲜香菇", quantityKg = 1000m, guaranteedPrice = "6.50",
                    pricing = "Guaranteed", year = Yesterday.Year, season = "秋季",
                }, Ct));
                var body = new { householdNo = (await HunzhaiHouseholdsAsync(1))[0], deliveredOn = Yesterday, weightKg = 52.5m, marketPrice = "6.20" };
                Task<HttpResponseMessage> Deliver() => village.PostAsJsonAsync($"/api/linkage/orders/{order}/deliveries", body, Ct);
                // A delivery has no version: the order, household and day are its key, so every repeat is the delivery already recorded.
                return new("FarmDelivery", "*", Deliver, Deliver, "orders.delivery_exists", "orders.delivery_exists", "已登记");
            }
            case "rent payment" or "land transfer end":
            {
                var (id, village) = await LandAsync();
                var pay = command == "rent payment";
                object Body(int v) => pay ? new { paidOn = Yesterday, amount = "1000.00", version = v } : new { on = Yesterday, reason = "流入方退租", version = v };
                var path = $"/api/linkage/land/{id}/{(pay ? "payments" : "end")}";
                var version = await VersionAsync(village, $"/api/linkage/land/{id}");
                return new("LandTransfer", Key(id), () => village.PostAsJsonAsync(path, Body(version), Ct),
                    async () => await village.PostAsJsonAsync(path, Body(await VersionAsync(village, $"/api/linkage/land/{id}")), Ct),
                    "land.stale", pay ? "land.payment_recorded" : "land.ended", pay ? "已登记" : "已于");
            }
            case "training results":
            {
                var village = await App.SignInAsync("village");
                var householdNo = (await HunzhaiHouseholdsAsync(1))[0];
                string head;
                await using (var db = App.Database.CreateContext())
                {
                    head = await db.Households.AsNoTracking().Where(h => h.HouseholdNo == householdNo).Select(h => h.HeadName).SingleAsync(Ct);
                }
                var id = await CreatedIdAsync(await village.PostAsJsonAsync("/api/linkage/training", new
                {
                    topic = "Planting", subject = "重复提交测试", heldOn = Yesterday, place = "村委会", trainer = "农技站", hours = 2m, attendees = new[] { new { householdNo, name = head } },
                }, Ct));
                var member = (await Json(await village.GetAsync($"/api/linkage/training/{id}", Ct))).GetProperty("people")[0].GetProperty("memberId").GetInt64();
                object Body(int v) => new { version = v, results = new[] { new { memberId = member, attended = true, completed = true, certificateNo = "CF-001" } } };
                var version = await VersionAsync(village, $"/api/linkage/training/{id}");
                return new("TrainingSession", Key(id), () => village.PostAsJsonAsync($"/api/linkage/training/{id}/results", Body(version), Ct),
                    async () => await village.PostAsJsonAsync($"/api/linkage/training/{id}/results", Body(await VersionAsync(village, $"/api/linkage/training/{id}")), Ct),
                    "training.stale", "training.results_recorded", "已登记这些结果");
            }
            case "agreement draft edit" or "agreement activate" or "agreement discard":
            {
                var village = await App.SignInAsync("village");
                var id = await DraftAsync(completed: command != "agreement draft edit");
                var (method, path, state, named) = command switch
                {
                    "agreement draft edit" => (HttpMethod.Put, "draft", "agreements.draft_unchanged", "已是这些内容"),
                    "agreement activate" => (HttpMethod.Post, "activate", "agreements.bad_status", "当前为“履行中”"),
                    _ => (HttpMethod.Post, "discard", "agreements.bad_status", "当前为“已作废”"),
                };
                object Body(int v) => command switch
                {
                    "agreement draft edit" => new
                    {
                        partnerName = "重复提交测试合作社", partnerCode = CreditCode.Complete("93522699MA6F1JY5").Value, type = "Employment", signedOn = new DateOnly(2025, 1, 1),
                        startOn = new DateOnly(2025, 1, 1), endOn = new DateOnly(2027, 12, 31), monthlyWage = "2400.00", version = v,
                    },
                    "agreement activate" => new { version = v },
                    _ => new { reason = "经营主体未落实", version = v },
                };
                Task<HttpResponseMessage> Send(int v) => village.SendAsync(new HttpRequestMessage(method, $"/api/linkage/agreements/{id}/{path}") { Content = JsonContent.Create(Body(v)) }, Ct);
                var version = await VersionAsync(village, $"/api/linkage/agreements/{id}");
                return new("LinkageAgreement", Key(id), () => Send(version), async () => await Send(await VersionAsync(village, $"/api/linkage/agreements/{id}")),
                    "agreements.stale", state, named);
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

    /// <summary>A finding on an inspection of 混寨村, open or with the village's rectification submitted; the village and the supervisor signed in.</summary>
    private async Task<(long Id, HttpClient Village, HttpClient Supervisor)> FindingAsync(bool submitted)
    {
        var supervisor = await App.SignInAsync("supervisor");
        var village = await App.SignInAsync("village");
        using var inspected = await supervisor.PostAsJsonAsync("/api/inspections",
            new { target = "Village", targetId = long.Parse(TestAssets.Hunzhai, CultureInfo.InvariantCulture), summary = "重复提交测试检查" }, Ct);
        inspected.StatusCode.Should().Be(HttpStatusCode.Created, await inspected.Content.ReadAsStringAsync(Ct));
        var inspection = (await Json(inspected)).GetProperty("id").GetInt64();
        var deadline = BusinessCalendar.Today(App.Clock!).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("RecordsMissing"), "category" }, { new StringContent("台账资料缺失"), "description" }, { new StringContent("混寨村村委会"), "responsibleUnit" },
            { new StringContent("王村长"), "responsiblePerson" }, { new StringContent(deadline), "deadline" },
            { new StringContent((await VersionAsync(supervisor, $"/api/inspections/{inspection}")).ToString(CultureInfo.InvariantCulture)), "version" },
        };
        using var found = await supervisor.PostAsync($"/api/inspections/{inspection}/findings", form, Ct);
        found.StatusCode.Should().Be(HttpStatusCode.Created, await found.Content.ReadAsStringAsync(Ct));
        var id = (await Json(found)).GetProperty("id").GetInt64();
        if (submitted)
        {
            (await village.PostAsync($"/api/findings/{id}/rectification", ProofForm(await VersionAsync(village, $"/api/findings/{id}")), Ct)).StatusCode
                .Should().Be(HttpStatusCode.NoContent);
        }
        return (id, village, supervisor);
    }

    private static MultipartFormDataContent ProofForm(int version) =>
        new() { { new StringContent("已补齐台账"), "proof" }, { new StringContent(version.ToString(CultureInfo.InvariantCulture)), "version" } };

    /// <summary>An open warning on a new asset of 混寨村 (a run of the rules would raise it too; written directly to be independent of the demo's hits).</summary>
    private async Task<long> WarningAsync()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 10_000m))[0];
        await using var db = App.Database.CreateContext();
        var village = DivisionCode.Parse(TestAssets.Hunzhai);
        var warning = new AnomalyWarning(RuleCodes.NoCertificate, 0, Severity.Low, "asset", assetId, "重复提交测试资产", "没有有效的确权证书", $"/assets/{assetId}",
            village.County, village.TownshipOf(), village, DateTimeOffset.UtcNow);
        db.AnomalyWarnings.Add(warning);
        await db.SaveChangesAsync(Ct);
        return warning.Id;
    }

    /// <summary>An agreement of the demo cooperative with two households of 混寨村, 2025–2028; the village officer signed in.</summary>
    private async Task<(long Id, HttpClient Village)> AgreementAsync()
    {
        List<string> numbers;
        await using (var db = App.Database.CreateContext())
        {
            numbers = await db.Households.AsNoTracking().Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderBy(h => h.HouseholdNo)
                .Select(h => h.HouseholdNo).Take(2).ToListAsync(Ct);
        }
        var village = await App.SignInAsync("village");
        using var signed = await village.PostAsJsonAsync("/api/linkage/agreements", new
        {
            partnerName = "重复提交测试合作社", partnerCode = CreditCode.Complete("93522699MA6F1JY5").Value, type = "Employment", signedOn = new DateOnly(2025, 1, 1),
            startOn = new DateOnly(2025, 1, 1), endOn = new DateOnly(2028, 12, 31), monthlyWage = "2400.00", projects = "食用菌基地", households = numbers,
        }, Ct);
        signed.StatusCode.Should().Be(HttpStatusCode.Created, await signed.Content.ReadAsStringAsync(Ct));
        return ((await Json(signed)).GetProperty("id").GetInt64(), village);
    }

    private DateOnly Yesterday => BusinessCalendar.Today(App.Clock!).AddDays(-1);

    private async Task<List<string>> HunzhaiHouseholdsAsync(int count)
    {
        await using var db = App.Database.CreateContext();
        return await db.Households.AsNoTracking().Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderBy(h => h.HouseholdNo)
            .Select(h => h.HouseholdNo).Take(count).ToListAsync(Ct);
    }

    /// <summary>A plot of 混寨村's first household let to a cooperative from two years ago for five years; the village officer signed in.</summary>
    private async Task<(long Id, HttpClient Village)> LandAsync()
    {
        var village = await App.SignInAsync("village");
        var start = Yesterday.AddYears(-2);
        var id = await CreatedIdAsync(await village.PostAsJsonAsync("/api/linkage/land", new
        {
            householdNo = (await HunzhaiHouseholdsAsync(1))[0], tenantName = "重复提交测试合作社", location = "测试地块" + Guid.NewGuid().ToString("N")[..8], areaMu = 2m,
            rentPerMu = "500.00", startOn = start, endOn = start.AddYears(5),
        }, Ct));
        return (id, village);
    }

    /// <summary>An agreement draft for two households of 混寨村, as an accepted project leaves it; completed with a partner when asked.</summary>
    private async Task<long> DraftAsync(bool completed)
    {
        await using var db = App.Database.CreateContext();
        var households = await db.Households.AsNoTracking().Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderBy(h => h.HouseholdNo).Take(2)
            .Select(h => new { h.Id, h.HouseholdNo, h.HeadName, h.VillageCode }).ToListAsync(Ct);
        var n = Random.Shared.Next(10_000, 99_999);
        var draft = LinkageAgreement.DraftFor($"LJ522699-2099-{n:D5}", "522699", -n, "重复提交测试项目", AgreementType.Employment, new DateOnly(2025, 1, 1),
            households.Select(h => new AgreementHousehold(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode)).ToList(), "测试", DateTimeOffset.UtcNow);
        if (completed)
        {
            draft.Edit("重复提交测试合作社", CreditCode.Complete("93522699MA6F1JY5").Value, AgreementType.Employment, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1),
                new DateOnly(2027, 12, 31), new PromisedBenefits(Money.FromYuan(2_400m), Money.Zero, Money.Zero, Money.Zero), null);
        }
        db.LinkageAgreements.Add(draft);
        await db.SaveChangesAsync(Ct);
        return draft.Id.Value;
    }

    private static async Task<long> CreatedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await Json(response)).GetProperty("id").GetInt64();
        }
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();

    private async Task<int> AuditedAsync(string entity, string key)
    {
        await using var db = App.Database.CreateContext();
        // "*": a command whose record has no id before it is created (a delivery) counts the entity's rows of any key.
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == entity && (key == "*" || a.EntityId == key), Ct);
    }

    private static async Task<int> VersionAsync(HttpClient client, string path) => (await Json(await client.GetAsync(path, Ct))).GetProperty("version").GetInt32();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteRepeatedCommandTests(ClockedRuralApp<SqliteTestDatabase> app) : RepeatedCommandTests<SqliteTestDatabase>(app);

public sealed class PostgresRepeatedCommandTests(ClockedRuralApp<PostgresTestDatabase> app) : RepeatedCommandTests<PostgresTestDatabase>(app);
