using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// The 721 plan of issue #5 from income to bank card: built by the village officer from a year's income, the
/// 四议 meeting and the 7-day notice with an objection answered, township approval (refused while the notice runs,
/// idempotent after), posting twice at once that posts once, the bank file, a result with two failures, the two
/// re-issued, and the statement and the journal agreeing to the fen.
/// </summary>
public abstract class DistributionFlowTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";

    protected DistributionFlowTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_721_plan_goes_from_income_to_every_household_card_once_and_the_books_agree()
    {
        var year = BusinessCalendar.Today(App.Clock!).Year - 1;
        var incomeId = await TestIncome.AddAsync(App.Database, DivisionCode.Parse(Hunzhai), Money.FromYuan(1_300_000m), year);
        using var village = await App.SignInAsync("village");

        using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
        var planId = (await Json(built)).GetProperty("id").GetInt64();
        var plan = await Json(await village.GetAsync($"/api/plans/{planId}", Ct));

        plan.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("amount").GetFen()).Should().Equal(91_000_000, 26_000_000, 13_000_000);
        var lines = plan.GetProperty("lines").EnumerateArray().ToList();
        lines.Should().NotBeEmpty();
        lines.Sum(l => l.GetProperty("amount").GetFen()).Should().Be(91_000_000);
        lines[0].GetProperty("explanation").GetString().Should().Contain("权重");
        plan.GetProperty("remainderRule").GetString().Should().Contain("余数");

        // The income is taken: a second plan over it is refused.
        using var again = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(again)).GetProperty("code").GetString().Should().Be("plans.income_unavailable");

        var version = plan.GetProperty("version").GetInt32();
        (await village.PostAsJsonAsync($"/api/plans/{planId}/meeting", new { entitled = 30, present = 19, votesFor = 15, version }, Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await village.PostAsJsonAsync($"/api/plans/{planId}/meeting", new { entitled = 30, present = 24, votesFor = 20, minutes = "四议：党支部提议、两委商议、党员大会审议、村民代表会议决议", version }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        version = await VersionAsync(village, planId);
        var today = BusinessCalendar.Today(App.Clock!);
        (await village.PostAsJsonAsync($"/api/plans/{planId}/notice", new { from = today, to = today.AddDays(5), version }, Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await village.PostAsJsonAsync($"/api/plans/{planId}/notice", new { from = today, to = today.AddDays(6), place = "村委会公开栏", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var objection = await village.PostAsJsonAsync($"/api/plans/{planId}/objections", new { filedBy = "村民", content = "分红名单是否包含新增户？" }, Ct);
        var objectionId = (await Json(objection)).GetProperty("id").GetInt64();

        using (var township = await App.SignInAsync("township"))
        {
            using var early = await township.PostAsJsonAsync($"/api/plans/{planId}/approve", new { version = await VersionAsync(township, planId) }, Ct);
            early.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await Json(early)).GetProperty("code").GetString().Should().Be("plans.notice_running");
        }
        App.Clock!.Advance(TimeSpan.FromDays(7));
        using var village2 = await App.SignInAsync("village");
        using var township2 = await App.SignInAsync("township");
        using var open = await township2.PostAsJsonAsync($"/api/plans/{planId}/approve", new { version = await VersionAsync(township2, planId) }, Ct);
        (await Json(open)).GetProperty("code").GetString().Should().Be("plans.open_objections");
        (await village2.PostAsJsonAsync($"/api/plans/{planId}/objections/{objectionId}/answer", new { answer = "名单以冻结日登记状态为准。" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await village2.PostAsJsonAsync($"/api/plans/{planId}/approve", new { version = 0 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "approval is the township's");
        var v = await VersionAsync(township2, planId);
        var approvals = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => township2.PostAsJsonAsync($"/api/plans/{planId}/approve", new { opinion = "同意", version = v }, Ct)));
        approvals.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict], "approved once, the other told plans.stale");

        // A double click and a second officer at the same moment: posted once.
        using var other = await App.SignInAsync("village");
        var posts = await Task.WhenAll(village2.PostAsync($"/api/plans/{planId}/post", null, Ct), village2.PostAsync($"/api/plans/{planId}/post", null, Ct), other.PostAsync($"/api/plans/{planId}/post", null, Ct));
        posts.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        (await Task.WhenAll(posts.Where(r => r.StatusCode != HttpStatusCode.OK).Select(Json))).Select(r => r.GetProperty("code").GetString()).Should().AllBe("plans.bad_step");
        await using (var db = App.Database.CreateContext())
        {
            var journal = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId)).ToListAsync(Ct);
            journal.Should().HaveCount(2 + lines.Count, "collective income, the fund, and one payable per household");
            Money.Sum(journal.Select(j => j.Amount)).Should().Be(Money.FromYuan(1_300_000m));
        }

        // The bank file, and a result with two failures.
        using var batch1 = await village2.PostAsync($"/api/plans/{planId}/batches", null, Ct);
        batch1.StatusCode.Should().Be(HttpStatusCode.OK, await batch1.Content.ReadAsStringAsync(Ct));
        var batchId = (await Json(batch1)).GetProperty("batchId").GetInt64();
        var xlsx = await village2.GetByteArrayAsync($"/api/batches/{batchId}/file?format=Xlsx", Ct);
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Should().NotBeEmpty();
        rows.Sum(r => Convert.ToDecimal(r["金额（元）"], CultureInfo.InvariantCulture)).Should().BeGreaterThan(0);
        var failed = rows.Take(2).Select(r => (string)r["户编号"]!).ToList();
        var result = Csv(rows, r => failed.Contains((string)r["户编号"]!) ? ("失败", "账户已销户") : ("成功", ""));
        using var imported = await Upload(village2, $"/api/batches/{batchId}/result", result, "回盘.csv");
        imported.StatusCode.Should().Be(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Ct));
        (await Json(imported)).GetProperty("failed").GetInt32().Should().Be(2);
        using var importedAgain = await Upload(village2, $"/api/batches/{batchId}/result", result, "回盘.csv");
        (await Json(importedAgain)).GetProperty("alreadyImported").GetBoolean().Should().BeTrue();

        // The two are re-issued in a second batch, which the bank pays.
        using var batch2 = await village2.PostAsync($"/api/plans/{planId}/batches", null, Ct);
        var batch2Json = await Json(batch2);
        batch2Json.GetProperty("sequence").GetInt32().Should().Be(2);
        batch2Json.GetProperty("lines").GetInt32().Should().Be(2);
        var csv = Encoding.UTF8.GetString(await village2.GetByteArrayAsync($"/api/batches/{batch2Json.GetProperty("batchId").GetInt64()}/file?format=Csv", Ct));
        var rows2 = csv.Trim('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        rows2.Select(r => r[1]).Should().BeEquivalentTo(failed);
        var result2 = "序号,户编号,户主姓名,开户银行,银行账号,金额（元）,结果,失败原因\n" + string.Join("\n", rows2.Select(r => string.Join(",", r) + ",成功,"));
        using var imported2 = await Upload(village2, $"/api/batches/{batch2Json.GetProperty("batchId").GetInt64()}/result", Encoding.UTF8.GetBytes(result2), "回盘2.csv");
        imported2.StatusCode.Should().Be(HttpStatusCode.OK, await imported2.Content.ReadAsStringAsync(Ct));

        // Every household's statement and the ledger agree to the fen.
        var detail = await Json(await village2.GetAsync($"/api/plans/{planId}", Ct));
        var finalLines = detail.GetProperty("lines").EnumerateArray().ToList();
        var paidFen = finalLines.Where(l => l.GetProperty("payment").GetString() == "Paid").Sum(l => l.GetProperty("amount").GetFen());
        var pendingFen = finalLines.Where(l => l.GetProperty("payment").GetString() == "Pending").Sum(l => l.GetProperty("amount").GetFen());
        (paidFen + pendingFen).Should().Be(91_000_000, "households without an account stay pending; none is paid twice");
        finalLines.Should().NotContain(l => l.GetProperty("payment").GetString() == "Failed" || l.GetProperty("payment").GetString() == "InBatch");
        await using (var db = App.Database.CreateContext())
        {
            var bank = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) && j.Credit == LedgerAccount.Bank).ToListAsync(Ct);
            Money.Sum(bank.Select(j => j.Amount)).Fen.Should().Be(paidFen);
            // Per household: the payable posted equals the line, and what the bank paid is the line or nothing.
            var payables = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) && j.Credit == LedgerAccount.DividendsPayable).ToListAsync(Ct);
            foreach (var line in finalLines)
            {
                var hid = new HouseholdId(line.GetProperty("householdId").GetInt64());
                payables.Single(j => j.HouseholdId == hid).Amount.Fen.Should().Be(line.GetProperty("amount").GetFen());
                Money.Sum(bank.Where(j => j.HouseholdId == hid).Select(j => j.Amount)).Fen
                    .Should().Be(line.GetProperty("payment").GetString() == "Paid" ? line.GetProperty("amount").GetFen() : 0);
            }
        }
        foreach (var line in finalLines.Take(5))
        {
            var statement = await Json(await village2.GetAsync($"/api/households/{line.GetProperty("householdId").GetInt64()}/dividends", Ct));
            var y = statement.EnumerateArray().Single(s => s.GetProperty("year").GetInt32() == year);
            y.GetProperty("total").GetFen().Should().Be(line.GetProperty("amount").GetFen());
        }
        // The exports: the plan's lines as on the page, the summary with the village's year.
        var planXlsx = MiniExcel.Query(new MemoryStream(await village2.GetByteArrayAsync($"/api/plans/{planId}/export", Ct)), useHeaderRow: true, sheetName: "各户分红")
            .Cast<IDictionary<string, object?>>().ToList();
        planXlsx.Should().HaveCount(finalLines.Count);
        planXlsx.Sum(r => Convert.ToDecimal(r["金额（元）"], CultureInfo.InvariantCulture)).Should().Be(910_000m);
        var summaryXlsx = MiniExcel.Query(new MemoryStream(await village2.GetByteArrayAsync($"/api/distribution/summary/export?year={year}", Ct)), useHeaderRow: true, sheetName: "村级汇总")
            .Cast<IDictionary<string, object?>>().ToList();
        summaryXlsx.Should().ContainSingle(r => (string)r["行政村"]! == Hunzhai);
        Convert.ToDecimal(summaryXlsx.Single()["已入账（元）"], CultureInfo.InvariantCulture).Should().Be(paidFen / 100m);

        // Issue #13: the inspector reads the posting in Chinese — kinds, fields and values by name, the plan and its lines
        // by number with a link, people by name and role; the raw values stay one click away.
        using var supervisor = await App.SignInAsync("supervisor");
        var planAudit = await supervisor.GetStringAsync($"/audit?entityType=DistributionPlan&entityId={planId}", Ct);
        planAudit.Should().Contain("分配方案").And.Contain($"href=\"/distribution/{planId}\"").And.Contain("方案状态").And.Contain("乡镇已审批")
            .And.Contain("（村干部）").And.Contain("原始值");
        var posting = Regex.Matches(WebUtility.HtmlDecode(planAudit), "<tr data-audit-id=.*?</tr>", RegexOptions.Singleline).Select(m => m.Value)
            .Where(r => r.Contains("记账日期", StringComparison.Ordinal)).ToList();
        posting.Should().ContainSingle("one audit row records the posting, under the plan's own id");
        posting[0].Should().Contain("记账").And.Contain("<del>乡镇已审批</del>").And.Contain("已记账");
        var lineAudit = await supervisor.GetStringAsync("/audit?entityType=PlanLine&action=update", Ct);
        lineAudit.Should().Contain("分配明细（户）").And.Contain("代发批次").And.Contain("发放状态").And.Contain("代发中")
            .And.Contain($"href=\"/distribution/{planId}\"").And.Contain("InBatch");
        var filter = await supervisor.GetStringAsync("/audit", Ct);
        filter.Should().Contain("<option value=\"PlanLine\"").And.Contain("<option value=\"Contract\"").And.Contain("<option value=\"PublicWelfareJob\"");

        using var foreign = await App.SignInAsync("village2");
        (await foreign.GetAsync($"/api/plans/{planId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await foreign.GetAsync($"/api/batches/{batchId}/file", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await foreign.GetAsync($"/api/plans/{planId}/export", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_posted_plan_is_corrected_by_a_reversal_that_nets_the_books_to_zero_and_frees_the_income()
    {
        var year = BusinessCalendar.Today(App.Clock!).Year - 3;
        var incomeId = await TestIncome.AddAsync(App.Database, DivisionCode.Parse(Hunzhai), Money.FromYuan(10_000.01m), year);
        var today = BusinessCalendar.Today(App.Clock!);
        long planId;
        using (var early = await App.SignInAsync("village"))
        {
            using var built = await early.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
            planId = (await Json(built)).GetProperty("id").GetInt64();
            (await early.PostAsJsonAsync($"/api/plans/{planId}/meeting", new { meetingOn = today, entitled = 30, present = 25, votesFor = 20, version = await VersionAsync(early, planId) }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await early.PostAsJsonAsync($"/api/plans/{planId}/notice", new { from = today, to = today.AddDays(6), version = await VersionAsync(early, planId) }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        App.Clock!.Advance(TimeSpan.FromDays(8));
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        (await township.PostAsJsonAsync($"/api/plans/{planId}/approve", new { version = await VersionAsync(township, planId) }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await village.PostAsync($"/api/plans/{planId}/post", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var household = (await Json(await village.GetAsync($"/api/plans/{planId}", Ct))).GetProperty("lines")[0].GetProperty("householdId").GetInt64();

        (await village.PostAsJsonAsync($"/api/plans/{planId}/reverse", new { reason = "x" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a correction is decided at county level");
        using var reversed = await county.PostAsJsonAsync($"/api/plans/{planId}/reverse", new { reason = "受益户名单冻结日期有误" }, Ct);
        reversed.StatusCode.Should().Be(HttpStatusCode.Created, await reversed.Content.ReadAsStringAsync(Ct));
        var reversalId = (await Json(reversed)).GetProperty("id").GetInt64();
        (await county.PostAsJsonAsync($"/api/plans/{planId}/reverse", new { reason = "again" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await township.PostAsJsonAsync($"/api/plans/{reversalId}/approve", new { version = await VersionAsync(township, reversalId) }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var posted = await village.PostAsync($"/api/plans/{reversalId}/post", null, Ct);
        posted.StatusCode.Should().Be(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync(Ct));

        var original = await Json(await village.GetAsync($"/api/plans/{planId}", Ct));
        original.GetProperty("plan").GetProperty("status").GetString().Should().Be("Reversed");
        original.GetProperty("reversedById").GetInt64().Should().Be(reversalId);
        await using (var db = App.Database.CreateContext())
        {
            var journal = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) || j.PlanId == new DistributionPlanId(reversalId)).ToListAsync(Ct);
            Money.Sum(journal.Select(j => j.Amount)).Should().Be(Money.Zero, "the reversal mirrors every posting");
            journal.Where(j => j.PlanId.Value == reversalId).Should().HaveCount(journal.Count / 2);
            (await db.AssetIncomes.SingleAsync(i => i.Id == new AssetIncomeId(incomeId), Ct)).PlanId.Should().BeNull("the corrected plan may take the income again");
        }
        var statement = await Json(await village.GetAsync($"/api/households/{household}/dividends", Ct));
        statement.EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == year).GetProperty("total").GetFen().Should().Be(0);
        using var rebuilt = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        rebuilt.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Half_a_billion_present_of_1_1_billion_entitled_is_no_meeting()
    {
        // Issue #11: 1,100,000,000 × 2 overflowed a 32-bit int, so this attendance once "made" the two-thirds quorum.
        var year = BusinessCalendar.Today(App.Clock!).Year - 5;
        var incomeId = await TestIncome.AddAsync(App.Database, DivisionCode.Parse(Hunzhai), Money.FromYuan(3_000m), year);
        using var village = await App.SignInAsync("village");
        using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
        var planId = (await Json(built)).GetProperty("id").GetInt64();

        using var meeting = await village.PostAsJsonAsync($"/api/plans/{planId}/meeting",
            new { entitled = 1_100_000_000, present = 500_000_000, votesFor = 400_000_000, version = await VersionAsync(village, planId) }, Ct);

        meeting.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await Json(meeting);
        problem.GetProperty("code").GetString().Should().Be("plans.quorum");
        problem.GetProperty("errors").GetProperty("present")[0].GetString().Should().Contain("三分之二");
        (await Json(await village.GetAsync($"/api/plans/{planId}", Ct))).GetProperty("plan").GetProperty("status").GetString().Should().Be("Computed");
    }

    [Fact]
    public async Task The_township_returns_a_plan_with_its_reason_a_mistaken_plan_is_discarded_and_dates_out_of_order_are_refused()
    {
        var year = BusinessCalendar.Today(App.Clock!).Year - 6;
        var incomeId = await TestIncome.AddAsync(App.Database, DivisionCode.Parse(Hunzhai), Money.FromYuan(8_000m), year);
        var today = BusinessCalendar.Today(App.Clock!);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        var planId = (await Json(built)).GetProperty("id").GetInt64();

        using var early = await village.PostAsJsonAsync($"/api/plans/{planId}/meeting",
            new { meetingOn = today.AddDays(-1), entitled = 30, present = 25, votesFor = 20, version = await VersionAsync(village, planId) }, Ct);
        early.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await Json(early);
        problem.GetProperty("code").GetString().Should().Be("plans.meeting_before_plan");
        problem.GetProperty("errors").GetProperty("meetingOn")[0].GetString().Should().Contain("不能早于方案测算日期");
        (await village.PostAsJsonAsync($"/api/plans/{planId}/meeting", new { meetingOn = today, entitled = 30, present = 25, votesFor = 20, version = await VersionAsync(village, planId) }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var late = await village.PostAsJsonAsync($"/api/plans/{planId}/notice", new { from = today.AddDays(-8), to = today.AddDays(-1), version = await VersionAsync(village, planId) }, Ct);
        late.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem = await Json(late);
        problem.GetProperty("code").GetString().Should().Be("plans.notice_ended");
        problem.GetProperty("errors").GetProperty("noticeTo")[0].GetString().Should().Contain("已结束");
        (await village.PostAsJsonAsync($"/api/plans/{planId}/notice", new { from = today, to = today.AddDays(6), version = await VersionAsync(village, planId) }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        // 退回: the village may not, the township must say why; the plan goes back to the village's first step.
        (await village.PostAsJsonAsync($"/api/plans/{planId}/return", new { reason = "x", version = await VersionAsync(village, planId) }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var noReason = await township.PostAsJsonAsync($"/api/plans/{planId}/return", new { reason = " ", version = await VersionAsync(township, planId) }, Ct);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString().Should().Contain("理由");
        (await township.PostAsJsonAsync($"/api/plans/{planId}/return", new { reason = "受益户名单未剔除已故人员", version = await VersionAsync(township, planId) }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var returned = await Json(await village.GetAsync($"/api/plans/{planId}", Ct));
        returned.GetProperty("plan").GetProperty("status").GetString().Should().Be("Computed");
        returned.GetProperty("returnReason").GetString().Should().Be("受益户名单未剔除已故人员");
        returned.GetProperty("meetingOn").ValueKind.Should().Be(JsonValueKind.Null);
        returned.GetProperty("plan").GetProperty("villageName").GetString().Should().Contain("混寨村");
        var page = await village.GetStringAsync($"/distribution/{planId}", Ct);
        page.Should().Contain("受益户名单未剔除已故人员").And.Contain("混寨村").And.Contain("id=\"discard\"");

        // 作废 before the meeting: the reason is required and kept, and the income can make a new plan.
        using var noDiscardReason = await village.PostAsJsonAsync($"/api/plans/{planId}/discard", new { reason = "", version = await VersionAsync(village, planId) }, Ct);
        noDiscardReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noDiscardReason)).GetProperty("code").GetString().Should().Be("plans.reason_required");
        var version = await VersionAsync(village, planId);
        (await village.PostAsJsonAsync($"/api/plans/{planId}/discard", new { reason = "收益年度选错", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await village.PostAsJsonAsync($"/api/plans/{planId}/discard", new { reason = "收益年度选错", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict, "the same request twice has one effect");
        var discarded = await Json(await village.GetAsync($"/api/plans/{planId}", Ct));
        discarded.GetProperty("plan").GetProperty("status").GetString().Should().Be("Discarded");
        discarded.GetProperty("discardReason").GetString().Should().Be("收益年度选错");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AssetIncomes.SingleAsync(i => i.Id == new AssetIncomeId(incomeId), Ct)).PlanId.Should().BeNull("a discarded plan frees its income");
            var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(DistributionPlan) && a.EntityId == planId.ToString(CultureInfo.InvariantCulture)).ToListAsync(Ct);
            audit.Should().Contain(a => a.After != null && a.After.Contains("受益户名单未剔除已故人员"));
            audit.Should().Contain(a => a.After != null && a.After.Contains("收益年度选错"));
        }
        using var rebuilt = await village.PostAsJsonAsync("/api/plans", new { villageCode = Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        rebuilt.StatusCode.Should().Be(HttpStatusCode.Created, await rebuilt.Content.ReadAsStringAsync(Ct));
    }

    private static byte[] Csv(List<IDictionary<string, object?>> rows, Func<IDictionary<string, object?>, (string Result, string Reason)> result)
    {
        var sb = new StringBuilder("序号,户编号,户主姓名,开户银行,银行账号,金额（元）,结果,失败原因\n");
        foreach (var r in rows)
        {
            var (res, reason) = result(r);
            sb.Append(CultureInfo.InvariantCulture, $"{r["序号"]},{r["户编号"]},{r["户主姓名"]},{r["开户银行"]},{r["银行账号"]},{Convert.ToDecimal(r["金额（元）"], CultureInfo.InvariantCulture):0.00},{res},{reason}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string url, byte[] content, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        return await client.PostAsync(url, form, Ct);
    }

    private static async Task<int> VersionAsync(HttpClient client, long planId) =>
        (await Json(await client.GetAsync($"/api/plans/{planId}", Ct))).GetProperty("version").GetInt32();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteDistributionFlowTests(ClockedRuralApp<SqliteTestDatabase> app) : DistributionFlowTests<SqliteTestDatabase>(app);

public sealed class PostgresDistributionFlowTests(ClockedRuralApp<PostgresTestDatabase> app) : DistributionFlowTests<PostgresTestDatabase>(app);
