using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Core.Supervision;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Supervision;

/// <summary>
/// Supervision as a new user meets it: the supervisor inspects an asset of 混寨村, records two findings with photos,
/// the village rectifies both, the supervisor accepts one and returns the other with a reason; the supervisor writes no
/// business record; the anomaly rules flag an idle asset and a payout to a head of household who had died before the
/// freeze date, a second run raises nothing new, and a township sees only its own warnings.
/// </summary>
public abstract class SupervisionTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");

    // 洪家湾村, the demo "village2" officer's: plans of the two-counties test stay off 混寨村, whose plans other tests read.
    private static readonly DivisionCode Hongjiawan = DivisionCode.Parse("522699001002");

    // The smallest files whose first bytes say JPEG and PNG: the server judges the content, not the name.
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];

    // A camera's JPEG reduced to its EXIF GPS block (IFD0 → GPS IFD → latitude ref "N") and a scan: the GPS must not be stored.
    private static readonly byte[] GpsScan = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9];
    private static readonly byte[] GpsJpeg =
    [
        0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x34, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
        (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01, 0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, (byte)'N', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        .. GpsScan,
    ];

    protected SupervisionTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_supervisor_inspects_records_findings_with_photos_and_checks_the_village_rectification_but_writes_no_business_record()
    {
        var today = BusinessCalendar.Today(TimeProvider.System);
        var assetId = await VillageAssetAsync(today.Year - 3);
        using var supervisor = await App.SignInAsync("supervisor");
        using var village = await App.SignInAsync("village");
        using var village2 = await App.SignInAsync("village2");

        // A campaign and an inspection of the asset, dated two months ago; a target outside any scope is not found.
        var campaign = await CreatedAsync(await supervisor.PostAsJsonAsync("/api/campaigns", new { name = "扶贫资产专项清查" }, Ct));
        var inspection = await CreatedAsync(await supervisor.PostAsJsonAsync("/api/inspections",
            new { target = "Asset", targetId = assetId, campaignId = campaign, inspectedOn = today.AddMonths(-2), summary = "现场查看冷库，设备停用，台账不全。" }, Ct));
        using (var missing = await supervisor.PostAsJsonAsync("/api/inspections", new { target = "Asset", targetId = 999_999_999, summary = "无" }, Ct))
        {
            missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        using (var noSummary = await supervisor.PostAsJsonAsync("/api/inspections", new { target = "Village", targetId = long.Parse(Hunzhai.Value, Fmt) }, Ct))
        {
            (await Problem(noSummary, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("summary", out _).Should().BeTrue();
        }

        // Two findings with photos; a file that is not an image is refused, naming it, and nothing is written.
        var version = (await Json(await supervisor.GetAsync($"/api/inspections/{inspection}", Ct))).GetProperty("version").GetInt32();
        using (var bad = await supervisor.PostAsync($"/api/inspections/{inspection}/findings",
                   FindingForm("AssetIdle", "12000.50", today.AddMonths(-1), version, ("note.jpg", "不是照片"u8.ToArray())), Ct))
        {
            (await Problem(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("files[0]", out _).Should().BeTrue();
        }
        var idle = await CreatedAsync(await supervisor.PostAsync($"/api/inspections/{inspection}/findings",
            FindingForm("AssetIdle", "12000.50", today.AddMonths(-1), version, ("idle.jpg", GpsJpeg), ("door.png", Png)), Ct));
        var records = await CreatedAsync(await supervisor.PostAsync($"/api/inspections/{inspection}/findings",
            FindingForm("RecordsMissing", null, today.AddMonths(1), version + 1, ("ledger.jpg", Jpeg)), Ct));
        var first = await Json(await supervisor.GetAsync($"/api/findings/{idle}", Ct));
        first.GetProperty("amount").GetString().Should().Be("12000.50");
        first.GetProperty("files").GetArrayLength().Should().Be(2);
        first.GetProperty("overdue").GetBoolean().Should().BeTrue();
        var photo = first.GetProperty("files")[1].GetProperty("id").GetInt64();
        using (var image = await village.GetAsync($"/api/findings/{idle}/files/{photo}", Ct))
        {
            image.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        }
        // The camera's EXIF (its GPS position) was stripped before storing: the photo is its picture alone.
        using (var image = await village.GetAsync($"/api/findings/{idle}/files/{first.GetProperty("files")[0].GetProperty("id").GetInt64()}", Ct))
        {
            (await image.Content.ReadAsByteArrayAsync(Ct)).Should().Equal([0xFF, 0xD8, .. GpsScan]);
        }
        using (var campaigns = await supervisor.GetAsync("/api/campaigns", Ct))
        {
            var mine = (await Json(campaigns)).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == campaign);
            mine.GetProperty("findings").GetInt32().Should().Be(2);
            mine.GetProperty("overdue").GetInt32().Should().Be(1);
            mine.GetProperty("amount").GetString().Should().Be("12000.50");
        }

        // The village owns the findings: the overdue one is on its home page; another village does not see them.
        (await village.GetStringAsync("/", Ct)).Should().Contain("overdue-findings");
        (await village.GetStringAsync("/supervision/findings?overdue=true", Ct)).Should().Contain($"data-finding=\"{idle}\"");
        (await village2.GetAsync($"/api/findings/{idle}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await village2.GetStringAsync("/", Ct)).Should().NotContain("overdue-findings");

        // Supervisors are read-only on business records and can't rectify; they read them.
        using (var asset = await supervisor.PostAsJsonAsync($"/api/assets/{assetId}/status", new { to = "Damaged", effectiveOn = today, reason = "检查发现" }, Ct))
        {
            asset.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        using (var job = await supervisor.PostAsJsonAsync("/api/public-jobs", new { householdNo = "x", post = "Cleaner", monthlyPay = "1", startOn = today }, Ct))
        {
            job.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        (await supervisor.PostAsync($"/api/findings/{idle}/rectification", ProofForm("已整改", 0), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await supervisor.GetAsync($"/api/assets/{assetId}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        // …and the village can't inspect or check.
        (await village.PostAsJsonAsync($"/api/findings/{idle}/accept", new { version = 0 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The village rectifies both, with proof; a check before the proof is a state conflict.
        using (var early = await supervisor.PostAsJsonAsync($"/api/findings/{idle}/accept", new { version = 0 }, Ct))
        {
            (await Problem(early, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("supervision.bad_step");
        }
        (await village.PostAsync($"/api/findings/{idle}/rectification", ProofForm("冷库已重新发包，签订合同。", 0, ("contract.jpg", Jpeg)), Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var stale = await village.PostAsync($"/api/findings/{records}/rectification", ProofForm("已补齐台账。", 5), Ct))
        {
            (await Problem(stale, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("findings.stale");
        }
        (await village.PostAsync($"/api/findings/{records}/rectification", ProofForm("已补齐台账。", 0), Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The supervisor accepts the first and returns the second with a reason (required).
        (await supervisor.PostAsJsonAsync($"/api/findings/{idle}/accept", new { version = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var again = await supervisor.PostAsJsonAsync($"/api/findings/{idle}/accept", new { version = 2 }, Ct))
        {
            (await Problem(again, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("supervision.bad_step");
        }
        using (var noReason = await supervisor.PostAsJsonAsync($"/api/findings/{records}/return", new { version = 1, reason = " " }, Ct))
        {
            (await Problem(noReason, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("reason.required");
        }
        (await supervisor.PostAsJsonAsync($"/api/findings/{records}/return", new { version = 1, reason = "台账缺少 2023 年收益记录" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        var accepted = await Json(await village.GetAsync($"/api/findings/{idle}", Ct));
        accepted.GetProperty("status").GetString().Should().Be("Accepted");
        accepted.GetProperty("overdue").GetBoolean().Should().BeFalse();
        accepted.GetProperty("files").EnumerateArray().Count(f => f.GetProperty("kind").GetString() == "Proof").Should().Be(1);
        var returned = await Json(await village.GetAsync($"/api/findings/{records}", Ct));
        returned.GetProperty("status").GetString().Should().Be("Returned");
        returned.GetProperty("returnReason").GetString().Should().Be("台账缺少 2023 年收益记录");
        (await village.GetStringAsync("/", Ct)).Should().NotContain("overdue-findings");

        // Every step is in the audit trail.
        await using var db = App.Database.CreateContext();
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Finding) && (a.EntityId == idle.ToString(Fmt) || a.EntityId == records.ToString(Fmt)))
            .CountAsync(Ct);
        audited.Should().Be(6); // two inserts, two submissions, one acceptance, one return; the refused and stale requests wrote nothing
    }

    [Fact]
    public async Task The_rules_flag_an_idle_asset_and_a_payout_to_a_dead_head_of_household_once_and_each_township_sees_its_own()
    {
        var today = BusinessCalendar.Today(TimeProvider.System);
        var year = today.Year - 2;
        var assetId = await VillageAssetAsync(year);
        using var supervisor = await App.SignInAsync("supervisor");
        using var village = await App.SignInAsync("village");

        // The asset has stood idle for eight months (the default threshold is six).
        (await village.PostAsJsonAsync($"/api/assets/{assetId}/status", new { to = "Idle", effectiveOn = today.AddMonths(-8), reason = "经营主体退出" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        // A plan of the year for 混寨村; then the head of one paid household is recorded as dead before the freeze date.
        await TestIncome.SetAsideDemoAsync(App.Database, year);
        var income = await TestIncome.AddAsync(App.Database, Hunzhai, Money.FromYuan(50_000m), year);
        var plan = await CreatedAsync(await village.PostAsJsonAsync("/api/plans",
            new { villageCode = Hunzhai.Value, year, freezeOn = new DateOnly(year, 12, 31), incomeIds = new[] { income } }, Ct));
        long lineId;
        await using (var db = App.Database.CreateContext())
        {
            var line = await db.PlanLines.Where(l => l.PlanId == new DistributionPlanId(plan) && l.Amount > Money.Zero && l.People > 1)
                .OrderBy(l => l.HouseholdNo).FirstAsync(Ct);
            var household = await db.Households.Include(h => h.Members).FirstAsync(h => h.Id == line.HouseholdId, Ct);
            var head = household.Members.Single(m => m.Relation == Relation.Head);
            head.Update(head.Name, Relation.Other, head.Labour, head.Health, head.Education);
            household.RemoveMember(head, new DateOnly(year, 11, 2), "死亡", DateTimeOffset.UtcNow, "测试");
            await db.SaveChangesAsync(Ct);
            lineId = line.Id.Value;
        }

        var run = await Json(await supervisor.PostAsync("/api/anomaly-rules/run", null, Ct));
        run.GetProperty("raised").GetInt32().Should().BeGreaterThan(0);
        var warnings = await Json(await supervisor.GetAsync("/api/warnings?status=Open", Ct));
        var items = warnings.GetProperty("items").EnumerateArray().ToList();
        var idleWarning = items.Single(w => w.GetProperty("ruleCode").GetString() == RuleCodes.IdleAsset && w.GetProperty("targetId").GetInt64() == assetId);
        idleWarning.GetProperty("link").GetString().Should().Be($"/assets/{assetId}");
        idleWarning.GetProperty("severity").GetString().Should().Be("High");
        var payout = items.Single(w => w.GetProperty("ruleCode").GetString() == RuleCodes.PayoutToRemoved);
        payout.GetProperty("targetId").GetInt64().Should().Be(lineId);
        payout.GetProperty("link").GetString().Should().Be($"/distribution/{plan}");

        // A second run raises nothing new: the open warnings stand.
        var second = await Json(await supervisor.PostAsync("/api/anomaly-rules/run", null, Ct));
        second.GetProperty("raised").GetInt32().Should().Be(0);
        second.GetProperty("hits").GetInt32().Should().Be(run.GetProperty("hits").GetInt32());
        // So does the command line, which the nightly job mirrors.
        var cli = await new RuralCli(App.Database).RunAsync("rules", "run", "--county", "522699");
        cli.Exit.Should().Be(0, cli.Err);
        cli.Out.Should().Contain("新增预警 0 条");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AnomalyWarnings.CountAsync(w => w.RuleCode == RuleCodes.IdleAsset && w.TargetId == assetId, Ct)).Should().Be(1);
        }

        // Scope: 混寨村's township sees the warning; another township of the county does not; the village handles it.
        using var township = await App.SignInAsync("township");
        (await township.GetStringAsync($"/api/warnings?rule={RuleCodes.IdleAsset}", Ct)).Should().Contain($"\"targetId\":{assetId},");
        using var other = await App.SignInAsync(await OtherTownshipOfficerAsync());
        var seen = await Json(await other.GetAsync($"/api/warnings?rule={RuleCodes.IdleAsset}", Ct));
        seen.GetProperty("items").EnumerateArray().Should().NotContain(w => w.GetProperty("targetId").GetInt64() == assetId);
        (await other.PostAsJsonAsync($"/api/warnings/{idleWarning.GetProperty("id").GetInt64()}/handle", new { note = "x", version = 0 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await village.PostAsJsonAsync($"/api/warnings/{idleWarning.GetProperty("id").GetInt64()}/handle", new { note = "已重新发包", version = 0 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The payout warning becomes a finding for the village to rectify.
        var finding = await CreatedAsync(await supervisor.PostAsJsonAsync($"/api/warnings/{payout.GetProperty("id").GetInt64()}/finding",
            new { category = "DistributionIrregular", amount = "100", description = "已故户主仍列入分配", responsibleUnit = "混寨村村委会", responsiblePerson = "村支书",
                deadline = today.AddDays(30), version = 0 }, Ct));
        (await Json(await village.GetAsync($"/api/findings/{finding}", Ct))).GetProperty("status").GetString().Should().Be("Open");

        // A published rule version applies from its date: turning the idle rule off leaves it out of the next run.
        (await supervisor.PostAsJsonAsync("/api/anomaly-rules", new { code = RuleCodes.IdleAsset, threshold = 3, severity = "Medium", enabled = false }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var third = await Json(await supervisor.PostAsync("/api/anomaly-rules/run", null, Ct));
        third.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == RuleCodes.IdleAsset).GetProperty("enabled").GetBoolean().Should().BeFalse();
        (await supervisor.GetStringAsync("/supervision/warnings", Ct)).Should().Contain("立即运行预警规则");
    }

    [Fact]
    public async Task The_same_citizen_id_paid_by_two_counties_plans_of_one_year_flags_both_lines_once_and_each_county_sees_its_own()
    {
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 1;
        var (officerB, villagesB) = await SecondCountyAsync();
        using var supervisor = await App.SignInAsync("supervisor");
        using var villageA = await App.SignInAsync("village2");
        using var countyB = await App.SignInAsync(officerB);

        // Three people registered in 洪家湾村 and again in county B: the first is paid by both counties' plans of the
        // year; the second by county B's plan of the year before; the third by a plan of county B that was discarded.
        string[] ids = [.. Enumerable.Range(0, 3).Select(i => CitizenId.Compose("520102", new DateOnly(1966 + i, 3, 4), 211).Value)];
        var inA = new List<long>();
        var inB = new List<long>();
        for (var i = 0; i < ids.Length; i++)
        {
            inA.Add(await HouseholdAsync(villageA, Hongjiawan, ids[i], "龙甲" + i, year));
            inB.Add(await HouseholdAsync(countyB, villagesB[i], ids[i], "龙乙" + i, year));
        }
        // Within one county an ID is held once: a second household with it is refused, so no county pays it twice.
        using (var twice = await App.Admin.PostAsJsonAsync("/api/households", HouseholdBody(Hunzhai, ids[0], "龙重", year), Ct))
        {
            (await Problem(twice, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("registry.duplicate_citizen_id");
        }

        var planA = await PlanAsync(villageA, Hongjiawan, year);
        var planB = await PlanAsync(countyB, villagesB[0], year);
        await PlanAsync(countyB, villagesB[1], year - 1);
        var discarded = await PlanAsync(countyB, villagesB[2], year);
        (await countyB.PostAsJsonAsync($"/api/plans/{discarded}/discard",
                new { reason = "冻结名单有误", version = await TestPlans.VersionAsync(countyB, $"/api/plans/{discarded}") }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var lineA = await LineAsync(villageA, planA, inA[0]);
        var lineB = await LineAsync(countyB, planB, inB[0]);
        foreach (var household in inA)
        {
            (await LineAsync(villageA, planA, household)).GetProperty("amount").GetString().Should().NotBe("0.00", "all three are paid in county A that year");
        }

        // The nightly run over every county (`rural rules run` without a county) flags the two lines, one warning each.
        var cli = await new RuralCli(App.Database).RunAsync("rules", "run");
        cli.Exit.Should().Be(0, cli.Err);
        cli.Out.Should().Contain($"522699 {RuleCodes.PaidInTwoCounties}: 1 条命中，新增预警 1 条").And.Contain($"520102 {RuleCodes.PaidInTwoCounties}: 1 条命中，新增预警 1 条");

        // Each county's run (the page's button) finds its own line and raises nothing new: its warning is open.
        foreach (var (client, county) in new[] { (supervisor, "522699"), (countyB, "520102") })
        {
            var run = await Json(await client.PostAsync("/api/anomaly-rules/run", null, Ct));
            var rule = run.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == RuleCodes.PaidInTwoCounties);
            rule.GetProperty("countyCode").GetString().Should().Be(county);
            (rule.GetProperty("hits").GetInt32(), rule.GetProperty("raised").GetInt32()).Should().Be((1, 0));
        }

        // Each county sees the warning on its own line, linked to its plan, and not the other county's.
        var seenA = (await PaidTwiceWarningsAsync(supervisor)).Should().ContainSingle().Which;
        seenA.GetProperty("targetId").GetInt64().Should().Be(lineA.GetProperty("id").GetInt64());
        seenA.GetProperty("targetKind").GetString().Should().Be("plan_line");
        seenA.GetProperty("link").GetString().Should().Be($"/distribution/{planA}");
        seenA.GetProperty("targetLabel").GetString().Should().Be($"{year} 年 户 {lineA.GetProperty("householdNo").GetString()} 龙甲0");
        seenA.GetProperty("severity").GetString().Should().Be("High");
        (await PaidTwiceWarningsAsync(villageA)).Should().ContainSingle(w => w.GetProperty("id").GetInt64() == seenA.GetProperty("id").GetInt64());
        var seenB = (await PaidTwiceWarningsAsync(countyB)).Should().ContainSingle().Which;
        seenB.GetProperty("targetId").GetInt64().Should().Be(lineB.GetProperty("id").GetInt64());
        seenB.GetProperty("link").GetString().Should().Be($"/distribution/{planB}");
        (await supervisor.PostAsJsonAsync($"/api/warnings/{seenB.GetProperty("id").GetInt64()}/dismiss", new { note = "x", version = 0 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await countyB.PostAsJsonAsync($"/api/warnings/{seenA.GetProperty("id").GetInt64()}/dismiss", new { note = "x", version = 0 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Three runs, two warnings in the database: nothing for another year's plan, a discarded plan, or twice.
        await using var db = App.Database.CreateContext();
        (await db.AnomalyWarnings.AsNoTracking().Where(w => w.RuleCode == RuleCodes.PaidInTwoCounties).Select(w => w.TargetId).ToListAsync(Ct))
            .Should().BeEquivalentTo([lineA.GetProperty("id").GetInt64(), lineB.GetProperty("id").GetInt64()]);
    }

    [Fact]
    public async Task The_monitoring_line_rule_flags_a_household_under_the_line_of_last_year_by_the_published_percentage()
    {
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 1;
        using var supervisor = await App.SignInAsync("supervisor");
        using var village = await App.SignInAsync("village");
        List<(long Id, string No, int People)> households;
        Money line;
        await using (var db = App.Database.CreateContext())
        {
            // The village's first households have no demo wages; the demo set the province's line of every recent year.
            households = (await db.Households.AsNoTracking().Where(h => h.VillageCode == Hunzhai && h.MemberCount >= 2).OrderBy(h => h.HouseholdNo).Take(3)
                .Select(h => new { h.Id, h.HouseholdNo, h.MemberCount }).ToListAsync(Ct)).Select(h => (h.Id.Value, h.HouseholdNo, h.MemberCount)).ToList();
            line = (await db.MonitoringLines.SingleAsync(l => l.ProvinceCode == "52" && l.Year == year, Ct)).PerPerson;
        }
        var (poor, comfortable, unsurveyed) = (households[0], households[1], households[2]);
        // 1,000 元 of business income for the household, and wage + transfer twice the line per person for the next.
        await EnterIncomeAsync(village, poor.No, year, "Business", "1000.00");
        await EnterIncomeAsync(village, comfortable.No, year, "Wage", (line.Fen * comfortable.People / 100m).ToString("0.00", Fmt));
        await EnterIncomeAsync(village, comfortable.No, year, "Transfer", (line.Fen * comfortable.People / 100m).ToString("0.00", Fmt));

        (await supervisor.PostAsync("/api/anomaly-rules/run", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var below = await BelowLineWarningsAsync(supervisor);
        var hit = below.Single(w => w.GetProperty("targetId").GetInt64() == poor.Id);
        hit.GetProperty("link").GetString().Should().Be($"/registry/{poor.Id}");
        hit.GetProperty("ruleVersion").GetInt32().Should().Be(0);
        hit.GetProperty("detail").GetString().Should().Be($"{year} 年人均收入 {Money.FromFen((100_000 + poor.People / 2) / poor.People)}，低于监测线 {line}");
        below.Should().NotContain(w => w.GetProperty("targetId").GetInt64() == comfortable.Id);
        below.Should().NotContain(w => w.GetProperty("targetId").GetInt64() == unsurveyed.Id, "a household without any income recorded is not judged");

        // The county also watches households under 250 % of the line: a new version from today flags the second one, not the first again.
        (await supervisor.PostAsJsonAsync("/api/anomaly-rules", new { code = RuleCodes.BelowMonitoringLine, threshold = 250, severity = "Medium", enabled = true }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var run = await Json(await supervisor.PostAsync("/api/anomaly-rules/run", null, Ct));
        run.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == RuleCodes.BelowMonitoringLine).GetProperty("version").GetInt32()
            .Should().Be(1);
        below = await BelowLineWarningsAsync(supervisor);
        below.Should().ContainSingle(w => w.GetProperty("targetId").GetInt64() == poor.Id);
        var marginal = below.Single(w => w.GetProperty("targetId").GetInt64() == comfortable.Id);
        marginal.GetProperty("ruleVersion").GetInt32().Should().Be(1);
        marginal.GetProperty("severity").GetString().Should().Be("Medium");
        marginal.GetProperty("detail").GetString().Should().EndWith($"低于监测线 {line} 的 250%");
        (await village.GetStringAsync("/api/warnings?rule=" + RuleCodes.BelowMonitoringLine, Ct)).Should().Contain($"\"targetId\":{poor.Id},");
    }

    private static async Task EnterIncomeAsync(HttpClient client, string householdNo, int year, string category, string amount)
    {
        using var response = await client.PostAsJsonAsync("/api/linkage/income/entries", new { householdNo, year, category, amount, note = "入户调查" }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<List<JsonElement>> BelowLineWarningsAsync(HttpClient client) =>
        (await Json(await client.GetAsync($"/api/warnings?status=Open&rule={RuleCodes.BelowMonitoringLine}", Ct))).GetProperty("items").EnumerateArray().ToList();

    /// <summary>
    /// A second county (520102) beside the demo's, as a province's database holds them: its area tree (loaded, as the
    /// demo loads its own: no page or API creates areas) with three villages, and a county officer.
    /// </summary>
    private async Task<(string Officer, DivisionCode[] Villages)> SecondCountyAsync()
    {
        const string officer = "county-b";
        var code = DivisionCode.ForCounty("520102");
        var townshipCode = code.Child(1);
        DivisionCode[] villages = [townshipCode.Child(1), townshipCode.Child(2), townshipCode.Child(3)];
        await using var db = App.Database.CreateContext();
        var county = new Area(code, "邻县（测试）", null);
        var township = new Area(townshipCode, "邻乡", county);
        db.Areas.AddRange([county, township, .. villages.Select((v, i) => new Area(v, $"邻村{i + 1}", township))]);
        db.Users.Add(User.Demo(officer, "邻县业务员（测试）", Role.CountyStaff, code, DemoLoader.DemoPassword, null, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(Ct);
        return (officer, villages);
    }

    /// <summary>The body of POST /api/households: a household registered early in the year before <paramref name="year"/>, with its head.</summary>
    private static object HouseholdBody(DivisionCode village, string citizenId, string head, int year) => new
    {
        villageCode = village.Value,
        type = "Dibao",
        status = "Registered",
        registeredOn = new DateOnly(year - 1, 1, 10),
        causes = new[] { "Illness" },
        head = new { name = head, citizenId, relation = "Head", labour = "Normal", health = "Healthy", education = "Primary" },
    };

    private static async Task<long> HouseholdAsync(HttpClient client, DivisionCode village, string citizenId, string head, int year) =>
        await CreatedAsync(await client.PostAsJsonAsync("/api/households", HouseholdBody(village, citizenId, head, year), Ct));

    /// <summary>The village's plan of the year over an income of its own, frozen at the year's end.</summary>
    private async Task<long> PlanAsync(HttpClient client, DivisionCode village, int year)
    {
        var income = await TestIncome.AddAsync(App.Database, village, Money.FromYuan(20_000m), year);
        return await CreatedAsync(await client.PostAsJsonAsync("/api/plans",
            new { villageCode = village.Value, year, freezeOn = new DateOnly(year, 12, 31), incomeIds = new[] { income } }, Ct));
    }

    private static async Task<JsonElement> LineAsync(HttpClient client, long plan, long household) =>
        (await Json(await client.GetAsync($"/api/plans/{plan}", Ct))).GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("householdId").GetInt64() == household);

    private static async Task<List<JsonElement>> PaidTwiceWarningsAsync(HttpClient client) =>
        (await Json(await client.GetAsync($"/api/warnings?rule={RuleCodes.PaidInTwoCounties}", Ct))).GetProperty("items").EnumerateArray().ToList();

    /// <summary>An operating asset of 混寨村 (with income of <paramref name="year"/>), in use since 2020.</summary>
    private async Task<long> VillageAssetAsync(int year)
    {
        var incomeId = await TestIncome.AddAsync(App.Database, Hunzhai, Money.FromYuan(1_000m), year);
        await using var db = App.Database.CreateContext();
        return (await db.AssetIncomes.AsNoTracking().FirstAsync(i => i.Id == new AssetIncomeId(incomeId), Ct)).AssetId.Value;
    }

    /// <summary>An officer of the county's second township (the demo's "township" holds 混寨村's).</summary>
    private async Task<string> OtherTownshipOfficerAsync()
    {
        const string name = "township-b";
        await using var db = App.Database.CreateContext();
        if (!await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == name, Ct))
        {
            var mine = Hunzhai.TownshipOf()!.Value;
            var code = await db.Areas.Where(a => a.Level == AreaLevel.Township && a.Code != mine).OrderBy(a => a.Code).Select(a => a.Code).FirstAsync(Ct);
            db.Users.Add(User.Demo(name, "乙乡镇干部（测试）", Role.TownshipOfficer, code, DemoLoader.DemoPassword, null, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
        }
        return name;
    }

    private static readonly IFormatProvider Fmt = System.Globalization.CultureInfo.InvariantCulture;

    private static MultipartFormDataContent FindingForm(string category, string? amount, DateOnly deadline, int version, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(category), "category" },
            { new StringContent("冷库停用超过半年，未发包经营。"), "description" },
            { new StringContent("混寨村村委会"), "responsibleUnit" },
            { new StringContent("王村长"), "responsiblePerson" },
            { new StringContent(deadline.ToString("yyyy-MM-dd", Fmt)), "deadline" },
            { new StringContent(version.ToString(Fmt)), "version" },
        };
        if (amount is not null)
        {
            form.Add(new StringContent(amount), "amount");
        }
        AddFiles(form, files);
        return form;
    }

    private static MultipartFormDataContent ProofForm(string proof, int version, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(proof), "proof" }, { new StringContent(version.ToString(Fmt)), "version" } };
        AddFiles(form, files);
        return form;
    }

    private static void AddFiles(MultipartFormDataContent form, (string Name, byte[] Bytes)[] files)
    {
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, "files", name);
        }
    }

    private static async Task<long> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await Json(response)).GetProperty("id").GetInt64();
        }
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteSupervisionTests(RuralApp<SqliteTestDatabase> app) : SupervisionTests<SqliteTestDatabase>(app);

public sealed class PostgresSupervisionTests(RuralApp<PostgresTestDatabase> app) : SupervisionTests<PostgresTestDatabase>(app);
