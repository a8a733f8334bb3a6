using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Member = RuralLedger.Core.Registry.Member;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Credit;

/// <summary>
/// Microcredit over HTTP, as a new user would go through it: a 50,000.00 yuan × 36 months application dated 2025 for a
/// registered household, village, township and county reviews, the bank's approval at the LPR and disbursement; the
/// 按季付息到期还本 schedule to the fen; a repayment file with one late quarter, imported once and again; the quarter's
/// subsidy claim without the late interest; the overdue list aging the unpaid quarters; one extension and a second one
/// refused. Then the policy versions by date, bad input with codes, and scope (another village, another bank).
/// </summary>
public abstract class LoanTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string TestBank = "TEST-RCB-0002";
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");

    protected LoanTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => BusinessCalendar.Today(TimeProvider.System);

    [Fact]
    public async Task A_loan_goes_from_application_to_extension_with_an_exact_schedule_an_idempotent_repayment_file_and_a_subsidy_without_late_interest()
    {
        var bankUser = await BankOfficerAsync();
        var (household, borrower) = await BorrowerAsync(new DateOnly(2025, 3, 3), skip: 0);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        using var otherBank = await App.SignInAsync("bank");
        using var village2 = await App.SignInAsync("village2");

        var id = await ApplyAsync(village, household, borrower, "50000.00", 36, new DateOnly(2025, 3, 3));
        var file = await GetAsync(village, id);
        file.GetProperty("programme").GetString().Should().Be("脱贫人口小额信贷", "the version in force on 2025-03-03");
        file.GetProperty("stateName").GetString().Should().Be("待村审核");

        // Scope: another village's officer and another bank's officer don't find it.
        (await village2.GetAsync($"/api/loans/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherBank.GetAsync($"/api/loans/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Out of order: the township can't review before the village.
        await ExpectAsync(await township.PostAsJsonAsync($"/api/loans/{id}/review", new { approve = true, on = "2025-03-04", version = await VersionAsync(id) }, Ct),
            HttpStatusCode.Conflict, "loans.wrong_role");
        await StepAsync(village, id, "review", new { approve = true, opinion = "经村两委评议，符合条件", on = "2025-03-04" });
        await StepAsync(township, id, "review", new { approve = true, on = "2025-03-05" });
        var seen = await VersionAsync(id);
        await StepAsync(county, id, "review", new { approve = true, on = "2025-03-06" });
        // A second click with the version of the first: one approval.
        await ExpectAsync(await county.PostAsJsonAsync($"/api/loans/{id}/review", new { approve = true, on = "2025-03-06", version = seen }, Ct),
            HttpStatusCode.Conflict, "loans.stale");

        // The 1-year LPR on 2025-03-10 is 3.10%: 3.20% is refused, 3.10% approved; the other bank can't decide.
        (await otherBank.PostAsJsonAsync($"/api/loans/{id}/decision", new { approve = true, rate = "3.10", termMonths = 36, on = "2025-03-10", version = await VersionAsync(id) }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{id}/decision", new { approve = true, rate = "3.20", termMonths = 36, on = "2025-03-10", version = await VersionAsync(id) }, Ct),
            HttpStatusCode.BadRequest, "loans.rate_ceiling", "rate");
        await StepAsync(bank, id, "decision", new { approve = true, rate = "3.10", termMonths = 36, on = "2025-03-10" });
        await StepAsync(bank, id, "disburse", new { on = "2025-03-20", amount = "50000.00", account = "6217 0012 3456 7890 123" });

        file = await GetAsync(bank, id);
        file.GetProperty("maturityOn").GetString().Should().Be("2028-03-20");
        file.GetProperty("accountMasked").GetString().Should().Be("6217***********0123");
        var schedule = file.GetProperty("schedule").EnumerateArray().ToList();
        schedule.Should().HaveCount(12, "quarterly over 36 months");
        // 50,000.00 × 3.10% × days / 360, half up to the fen: 92 days 396.11, 91 days 391.81, 90 days 387.50.
        schedule[0].GetProperty("dueOn").GetString().Should().Be("2025-06-20");
        schedule[0].GetProperty("interest").GetFen().Should().Be(39_611);
        schedule[1].GetProperty("interest").GetFen().Should().Be(39_611);
        schedule[2].GetProperty("interest").GetFen().Should().Be(39_181);
        schedule[3].GetProperty("interest").GetFen().Should().Be(38_750);
        schedule.Sum(i => i.GetProperty("principal").GetFen()).Should().Be(5_000_000);
        schedule[11].GetProperty("principal").GetFen().Should().Be(5_000_000);
        schedule.Take(11).Should().OnlyContain(i => i.GetProperty("principal").GetFen() == 0);

        // The bank's file: quarters 1, 2 and 4 on time, quarter 3 (due 2025-12-20) paid on 2026-01-05, late.
        var number = file.GetProperty("number").GetString()!;
        var sheet = RepaymentSheet(
            (number, "2025-06-20", "0", "396.11"),
            (number, "2025-09-19", "0", "396.11"),
            (number, "2026-01-05", "0", "391.81"),
            (number, "2026-03-18", "0", "387.50"));
        var preview = await UploadAsync(bank, sheet);
        preview.GetProperty("new").GetInt32().Should().Be(4);
        (await GetAsync(bank, id)).GetProperty("repayments").GetArrayLength().Should().Be(0, "a preview writes nothing");
        var confirmed = await ConfirmAsync(bank, preview.GetProperty("token").GetString()!);
        confirmed.GetProperty("written").GetBoolean().Should().BeTrue();
        var items = confirmed.GetProperty("items").EnumerateArray().ToList();
        items[2].GetProperty("interestLate").GetFen().Should().Be(39_181);
        items[3].GetProperty("interestOnTime").GetFen().Should().Be(38_750);
        var again = await UploadAsync(bank, sheet);
        again.GetProperty("new").GetInt32().Should().Be(0);
        again.GetProperty("existing").GetInt32().Should().Be(4, "importing the same file again changes nothing");
        again.GetProperty("token").ValueKind.Should().Be(JsonValueKind.Null);
        (await GetAsync(bank, id)).GetProperty("repayments").GetArrayLength().Should().Be(4);

        // 2026 Q1: 387.50 paid on time is subsidised at 100%; the 391.81 paid late is not. A second build is one 409.
        using (var built = await bank.PostAsJsonAsync("/api/loan-subsidy-claims", new { year = 2026, quarter = 1 }, Ct))
        {
            built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
            var claimId = (await Json(built)).GetProperty("id").GetInt64();
            var claim = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct));
            claim.GetProperty("interestOnTime").GetFen().Should().Be(38_750);
            claim.GetProperty("interestLate").GetFen().Should().Be(39_181);
            claim.GetProperty("subsidy").GetFen().Should().Be(38_750);
            claim.GetProperty("repayments").GetInt32().Should().Be(2);
            // The loan file shows which claim counted each repayment and its part: the late interest's part is nothing.
            var counted = (await GetAsync(village, id)).GetProperty("repayments").EnumerateArray().ToList();
            counted.Select(r => r.GetProperty("claimId").ValueKind == JsonValueKind.Null ? 0 : r.GetProperty("claimId").GetInt64())
                .Should().Equal(0, 0, claimId, claimId);
            counted.Select(r => r.GetProperty("subsidy").GetFen()).Should().Equal(0, 0, 0, 38_750);
            await ExpectAsync(await bank.PostAsJsonAsync("/api/loan-subsidy-claims", new { year = 2026, quarter = 1 }, Ct), HttpStatusCode.Conflict, "loans.claim_exists");
            (await otherBank.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            await ExpectAsync(await county.PostAsJsonAsync($"/api/loan-subsidy-claims/{claimId}/paid", new { voucher = "财拨〔2026〕18号", version = claim.GetProperty("version").GetInt32() }, Ct),
                HttpStatusCode.Conflict, "loans.claim_status");
            (await county.PostAsJsonAsync($"/api/loan-subsidy-claims/{claimId}/approve", new { version = claim.GetProperty("version").GetInt32() }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.NoContent);
            var approved = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct));
            // Marking it paid records the voucher that paid it.
            await ExpectAsync(await county.PostAsJsonAsync($"/api/loan-subsidy-claims/{claimId}/paid", new { voucher = " ", version = approved.GetProperty("version").GetInt32() }, Ct),
                HttpStatusCode.BadRequest, "loans.claim_voucher", "voucher");
            (await county.PostAsJsonAsync($"/api/loan-subsidy-claims/{claimId}/paid", new { voucher = "财拨〔2026〕18号", version = approved.GetProperty("version").GetInt32() }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.NoContent);
            var paid = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct));
            (paid.GetProperty("statusName").GetString(), paid.GetProperty("voucherNo").GetString()).Should().Be(("已拨付", "财拨〔2026〕18号"));
        }

        // The quarters due 2026-06-20 and 2026-09-20 are unpaid: the overdue list ages each by days past due.
        var overdue = await Json(await county.GetAsync($"/api/loans/overdue?bank={TestBank}", Ct));
        var rows = overdue.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("loanId").GetInt64() == id).ToList();
        var buckets = AgingBuckets.Parse("30,90,180,360");
        var due = schedule.Where(i => DateOnly.Parse(i.GetProperty("dueOn").GetString()!, Fmt) is var d && d > new DateOnly(2026, 3, 20) && d < Today).ToList();
        rows.Select(r => r.GetProperty("seq").GetInt32()).Should().BeEquivalentTo(due.Select(i => i.GetProperty("seq").GetInt32()));
        foreach (var r in rows)
        {
            var days = Today.DayNumber - DateOnly.Parse(r.GetProperty("dueOn").GetString()!, Fmt).DayNumber;
            r.GetProperty("daysOverdue").GetInt32().Should().Be(days);
            r.GetProperty("bucketName").GetString().Should().Be(buckets.Label(buckets.IndexOf(days)!.Value));
        }
        (await GetAsync(county, id)).GetProperty("stateName").GetString().Should().Be(rows.Count > 0 ? "逾期" : "正常");
        using (var export = await county.GetAsync($"/api/loans/overdue/export?bank={TestBank}", Ct))
        {
            export.StatusCode.Should().Be(HttpStatusCode.OK);
            var exported = MiniExcel.Query(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            exported.Count(x => (string?)x["贷款编号"] == number).Should().Be(rows.Count);
        }
        // `rural loans aging` computes the same report as the page (decision 0022 addendum): the same totals, the same rows.
        var cli = await new RuralCli(App.Database).RunAsync("loans", "aging", "--county", "522699", "--bank", TestBank, "--top", "1000");
        cli.Exit.Should().Be(0, cli.Err);
        cli.Out.Should().Contain($"逾期本息合计 {Money.Parse(overdue.GetProperty("total").GetString()!)}");
        cli.Out.Split('\n').Count(l => l.Contains(number, StringComparison.Ordinal)).Should().Be(rows.Count);

        using (var ledger = await otherBank.GetAsync("/api/loans/export", Ct))
        {
            ledger.StatusCode.Should().Be(HttpStatusCode.OK);
            var exported = MiniExcel.Query(await ledger.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            exported.Should().NotBeEmpty().And.OnlyContain(x => (string?)x["银行"] == "县农村信用合作联社", "a bank officer exports its own bank's loans");
        }

        // Extended once by 12 months from today: the remaining principal re-scheduled to the new maturity; a second extension refused.
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{id}/extend", new { months = 13, reason = "养殖周期延长", version = await VersionAsync(id) }, Ct),
            HttpStatusCode.BadRequest, "loans.extension_months", "months");
        await StepAsync(bank, id, "extend", new { months = 12, reason = "生猪出栏周期与贷款期限不匹配" });
        file = await GetAsync(bank, id);
        file.GetProperty("maturityOn").GetString().Should().Be("2029-03-20");
        file.GetProperty("extensionCount").GetInt32().Should().Be(1);
        var live = file.GetProperty("schedule").EnumerateArray().Where(i => !i.GetProperty("superseded").GetBoolean()).ToList();
        live.Sum(i => i.GetProperty("principal").GetFen()).Should().Be(5_000_000, "the remaining principal, re-scheduled");
        live[^1].GetProperty("dueOn").GetString().Should().Be("2029-03-20");
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{id}/extend", new { months = 6, reason = "再次展期", version = await VersionAsync(id) }, Ct),
            HttpStatusCode.Conflict, "loans.extension_limit");

        // Ten identical repayments at once: one is recorded.
        var body = new { paidOn = Today, principal = "0", interest = "1.00", payerName = borrower.Name, payerAccount = "6217001234567890123" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => bank.PostAsJsonAsync($"/api/loans/{id}/repayments", body, Ct)));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict);

        await using var db = App.Database.CreateContext();
        var stored = await db.Repayments.AsNoTracking().Where(r => r.LoanId == new LoanId(id)).ToListAsync(Ct);
        stored.Should().HaveCount(5);
        stored.Should().OnlyContain(r => r.PayerAccountMasked.StartsWith("6217", StringComparison.Ordinal) && r.PayerAccountCipher.Length > 0);
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "Loan" && a.EntityId == id.ToString(Fmt), Ct)).Should().BeGreaterThan(5);
    }

    [Fact]
    public async Task An_application_is_judged_by_the_policy_in_force_on_its_date_and_bad_input_is_refused_with_codes()
    {
        var (household, borrower) = await BorrowerAsync(new DateOnly(2025, 6, 1), skip: 1);
        using var village = await App.SignInAsync("village");

        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "50000.01", 36, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "loans.over_limit", "amount");
        var (h2, b2) = await BorrowerAsync(new DateOnly(2026, 3, 1), skip: 2);
        var helped = await ApplyAsync(village, h2, b2, "100000.00", 36, new DateOnly(2026, 3, 1));
        (await GetAsync(village, helped)).GetProperty("programme").GetString().Should().Be("帮扶小额信贷");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "100000.01", 36, new DateOnly(2026, 3, 1)), Ct),
            HttpStatusCode.BadRequest, "loans.over_limit", "amount");

        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "1000.001", 36, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "money.too_precise", "amount");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "-1", 36, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "validation_failed", "amount");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "99999999999999999999", 36, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "money.overflow", "amount");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "1000", 0, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "loans.term", "termMonths");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "1000", 37, new DateOnly(2025, 6, 1)), Ct),
            HttpStatusCode.BadRequest, "loans.term", "termMonths");
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "1000", 12, new DateOnly(2025, 6, 1)) with { Purpose = "建房" }, Ct),
            HttpStatusCode.BadRequest, "loans.prohibited_use", "purpose");

        // Age on the application date: 17 and 66 are refused (the day before the 18th birthday, the day after the 66th).
        foreach (var (age, offset) in new[] { (18, -1), (66, 0) })
        {
            var (h, m, on) = await AgedAsync(age, offset);
            await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(h, m, "1000", 12, on), Ct), HttpStatusCode.BadRequest, "loans.age", "memberId");
        }

        var (removed, head, removedOn) = await RiskRemovedAsync();
        using (var county = await App.SignInAsync("county"))
        {
            await ExpectAsync(await county.PostAsJsonAsync("/api/loans", Body(removed, head, "1000", 12, removedOn), Ct), HttpStatusCode.BadRequest, "loans.not_eligible", "householdNo");
        }
        await ExpectAsync(await village.PostAsJsonAsync("/api/loans", Body(household, borrower, "1000", 12, new DateOnly(2025, 6, 1)) with { HouseholdNo = "NOPE-0001" }, Ct),
            HttpStatusCode.BadRequest, "loans.household_not_found", "householdNo");

        // Repayments on a loan not yet disbursed, and bank-only steps by a village officer.
        var bankUser = await BankOfficerAsync();
        using var bank = await App.SignInAsync(bankUser);
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{helped}/repayments",
            new { paidOn = "2026-03-02", principal = "0", interest = "1", payerName = "某", payerAccount = "6217001234567890123" }, Ct), HttpStatusCode.Conflict, "loans.not_disbursed");
        (await village.PostAsJsonAsync($"/api/loans/{helped}/decision", new { approve = false, reason = "x", version = await VersionAsync(helped) }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await using var db = App.Database.CreateContext();
        (await db.Loans.IgnoreQueryFilters().CountAsync(l => l.HouseholdId == household.Id, Ct)).Should().Be(0, "nothing half-written");
    }

    [Fact]
    public async Task The_county_publishes_a_policy_version_on_a_page_with_every_field_error_at_once()
    {
        const string page = "/credit/policies";
        using var admin = await App.SignInAsync("admin");
        var form = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync(page, Ct));
        form.Should().Contain("已发布的版本").And.Contain("帮扶小额信贷").And.Contain("脱贫人口小额信贷").And.Contain("name=\"Input.SubsidyShare\"");

        Dictionary<string, string> Fields(string from, string share, string term, string buckets) => new()
        {
            ["Input.EffectiveFrom"] = from, ["Input.Programme"] = "帮扶小额信贷", ["Input.MaxAmount"] = "100000", ["Input.MaxTermMonths"] = term,
            ["Input.MinAge"] = "18", ["Input.MaxAge"] = "65", ["Input.GuaranteeFree"] = "true", ["Input.SubsidyShare"] = share, ["Input.DayCountBasis"] = "360",
            ["Input.ExtensionMaxCount"] = "1", ["Input.ExtensionMaxMonths"] = "12", ["Input.RenewalMaxCount"] = "1", ["Input.AgingBuckets"] = buckets,
            ["Input.AllowedUses"] = "种植业\n养殖业", ["Input.ProhibitedUses"] = "建房、婚嫁", ["Input.EligibleStatuses"] = "Exited",
            ["__RequestVerificationToken"] = "",
        };
        var bad = Fields("2030-01-01", "70", "0", "90,30");
        bad["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(admin, page);
        using (var refused = await admin.PostAsync(page, new FormUrlEncodedContent(bad), Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            var html = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
            html.Should().Contain("最长期限应为 1–120 个月").And.Contain("账龄分段应为递增的天数", "every field error at once");
        }
        var badShare = Fields("2030-01-01", "150", "36", "30,90,180,360");
        badShare["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(admin, page);
        using (var refused = await admin.PostAsync(page, new FormUrlEncodedContent(badShare), Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("Input_SubsidyShare").And.Contain("alert-danger");
        }
        await using (var db = App.Database.CreateContext())
        {
            (await db.CreditPolicies.IgnoreQueryFilters().CountAsync(p => p.EffectiveFrom == new DateOnly(2030, 1, 1), Ct)).Should().Be(0, "nothing written");
        }

        var good = Fields("2030-01-01", "70", "36", "30,90,180,360");
        good["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(admin, page);
        using (var published = await admin.PostAsync(page, new FormUrlEncodedContent(good), Ct))
        {
            published.StatusCode.Should().Be(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync(Ct));
        }
        var versions = JsonDocument.Parse(await admin.GetStringAsync("/api/loan-policies", Ct)).RootElement.EnumerateArray().ToList();
        var latest = versions.Single(v => v.GetProperty("effectiveFrom").GetString() == "2030-01-01");
        latest.GetProperty("subsidyShare").ToString().Should().Contain("70");
        latest.GetProperty("prohibitedUses").EnumerateArray().Select(u => u.GetString()).Should().Equal("建房", "婚嫁");
        System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync(page, Ct)).Should().Contain("2030-01-01");
        good["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(admin, page);
        using (var again = await admin.PostAsync(page, new FormUrlEncodedContent(good), Ct))
        {
            again.StatusCode.Should().Be(HttpStatusCode.OK);
            System.Net.WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct)).Should().Contain("本县已有自 2030-01-01 起生效的政策版本");
        }

        using var village = await App.SignInAsync("village");
        (await village.GetAsync(page, Ct)).StatusCode.Should().NotBe(HttpStatusCode.OK, "only the county administrator publishes versions");
    }

    [Fact]
    public async Task A_repayment_file_with_bad_rows_writes_nothing_and_names_row_and_column()
    {
        var bankUser = await BankOfficerAsync();
        var (household, borrower) = await BorrowerAsync(new DateOnly(2025, 4, 1), skip: 3);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        var id = await ApplyAsync(village, household, borrower, "20000", 12, new DateOnly(2025, 4, 1));
        await StepAsync(village, id, "review", new { approve = true, on = "2025-04-02" });
        await StepAsync(township, id, "review", new { approve = true, on = "2025-04-02" });
        await StepAsync(county, id, "review", new { approve = true, on = "2025-04-03" });
        await StepAsync(bank, id, "decision", new { approve = true, rate = "3.00", termMonths = 12, on = "2025-04-07" });
        await StepAsync(bank, id, "disburse", new { on = "2025-04-10", account = "6230520012345678" });
        var number = (await GetAsync(bank, id)).GetProperty("number").GetString()!;

        var sheet = RepaymentSheet(
            (number, "2025-07-10", "0", "150.00"),
            (number, "2025-04-01", "0", "1.00"),
            ("XD000000-2025-99999", "2025-07-10", "0", "1.00"),
            (number, "2025-10-10", "30000", "0"),
            (number, "2025-10-11", "1.234", "0"));
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "还款.xlsx" } };
        using var response = await bank.PostAsync("/api/loans/repayments/import", content, Ct);
        var problem = await Json(response);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("code").GetString().Should().Be("loans.import_invalid");
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString())).ToList();
        errors.Should().Contain((3, "还款日期", "loans.before_disbursement"));
        errors.Should().Contain((4, "贷款编号", "loans.unknown_loan"));
        errors.Should().Contain((5, "还款本金（元）", "loans.overpaid"));
        errors.Should().Contain((6, "还款本金（元）", "money.too_precise"));
        (await GetAsync(bank, id)).GetProperty("repayments").GetArrayLength().Should().Be(0, "all or nothing");

        // The same rows as a bank's CSV in GBK: the same row and column errors, nothing written.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gbk = System.Text.Encoding.GetEncoding(936);
        static string Csv(params (string Number, string PaidOn, string Principal, string Interest)[] rows) =>
            "贷款编号,还款日期,还款本金（元）,还款利息（元）,还款人姓名,还款账号\r\n"
            + string.Concat(rows.Select(r => $"{r.Number},{r.PaidOn},{r.Principal},{r.Interest},借款人本人,6217001234567890123\r\n"));
        var badCsv = gbk.GetBytes(Csv((number, "2025-04-01", "0", "1.00"), ("XD000000-2025-99999", "2025-07-10", "0", "1.00"), (number, "2025-10-11", "1.234", "0")));
        using (var csvContent = new MultipartFormDataContent { { new ByteArrayContent(badCsv), "file", "还款.csv" } })
        using (var csvResponse = await bank.PostAsync("/api/loans/repayments/import", csvContent, Ct))
        {
            var csvProblem = await Json(csvResponse);
            csvResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest, csvProblem.ToString());
            csvProblem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
                .Should().BeEquivalentTo([(2, "还款日期", "loans.before_disbursement"), (3, "贷款编号", "loans.unknown_loan"), (4, "还款本金（元）", "money.too_precise")]);
        }
        // A good CSV in UTF-8 (with its byte order mark) is recorded once; the same rows again in GBK change nothing.
        var goodRows = Csv((number, "2025-07-10", "0", "150.00"));
        var preview = await UploadAsync(bank, [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(goodRows)]);
        preview.GetProperty("new").GetInt32().Should().Be(1, preview.ToString());
        (await ConfirmAsync(bank, preview.GetProperty("token").GetString()!)).GetProperty("written").GetBoolean().Should().BeTrue();
        var again = await UploadAsync(bank, gbk.GetBytes(goodRows));
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32()).Should().Be((0, 1));
        var recorded = (await GetAsync(bank, id)).GetProperty("repayments");
        recorded.GetArrayLength().Should().Be(1);
        recorded[0].GetProperty("payerName").GetString().Should().Be("借款人本人", "the GBK and UTF-8 names decode alike");
    }

    [Fact]
    public async Task Existing_loans_from_a_bank_sheet_enter_active_once_with_the_rest_of_their_schedule_and_bad_rows_are_named()
    {
        var bankUser = await BankOfficerAsync();
        var (_, borrower) = await BorrowerAsync(new DateOnly(2025, 6, 15), skip: 6);
        var citizenId = RuralLedger.Data.KeyFile.LoadOrCreate(App.Database.Storage.ResolveKeyFile()).Decrypt(borrower.CitizenIdCipher);
        var stranger = CitizenId.Compose("110101", new DateOnly(1980, 5, 5), 123).Value;
        using var bank = await App.SignInAsync(bankUser);
        using var village = await App.SignInAsync("village");
        var good = new Dictionary<string, object>
        {
            ["银行代码"] = TestBank, ["银行名称"] = "县农村商业银行", ["银行合同编号"] = "HT2025-0615-01", ["借款人身份证号"] = citizenId, ["贷款金额（元）"] = "50000.00",
            ["年利率（%）"] = "3.45", ["期限（月）"] = "36", ["还款方式"] = "按季付息、到期还本", ["发放日期"] = "2025-06-15", ["到期日期"] = "2028-06-15",
            ["贷款项目"] = "脱贫人口小额信贷", ["贷款用途"] = "养殖业", ["剩余本金（元）"] = "50000.00",
        };
        Dictionary<string, object> With(string contract, string column, object value) =>
            new(good) { ["银行合同编号"] = contract, [column] = value };

        // Every bad row named by row and column, in Chinese with a code; nothing written.
        var bad = LoanSheet(With("HT-B2", "借款人身份证号", stranger), With("HT-B3", "贷款金额（元）", "50000.01"), With("HT-B4", "年利率（%）", "三厘"),
            With("HT-B5", "还款方式", "随借随还"), With("HT-B6", "剩余本金（元）", "60000.00"), With("HT-B7", "银行代码", "DEMO-RCC-0001"),
            With("HT-B8", "到期日期", "2027-06-15"), With("HT-B9", "发放日期", "2021-01-05"));
        using (var content = new MultipartFormDataContent { { new ByteArrayContent(bad), "file", "存量贷款.xlsx" } })
        using (var response = await bank.PostAsync("/api/loans/import", content, Ct))
        {
            var problem = await Json(response);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
            problem.GetProperty("code").GetString().Should().Be("loans.import_invalid");
            problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
                .Should().BeEquivalentTo([(2, "借款人身份证号", "loans.import_borrower"), (3, "贷款金额（元）", "loans.over_limit"), (4, "年利率（%）", "rate.format"),
                    (5, "还款方式", "loans.import_method"), (6, "剩余本金（元）", "loans.import_outstanding"), (7, "银行代码", "loans.import_other_bank"),
                    (8, "到期日期", "loans.date_order"), (9, "发放日期", "loans.no_policy")], problem.ToString());
        }
        await using (var db = App.Database.CreateContext())
        {
            (await db.Loans.IgnoreQueryFilters().CountAsync(l => l.BankContractNumber != null && l.BankContractNumber.StartsWith("HT-B"), Ct)).Should().Be(0, "all or nothing");
        }

        // A good sheet: previewed, confirmed once; the same sheet again changes nothing.
        var sheet = LoanSheet(good);
        var preview = await PostFileAsync(bank, "/api/loans/import", sheet);
        (preview.GetProperty("new").GetInt32(), preview.GetProperty("existing").GetInt32()).Should().Be((1, 0), preview.ToString());
        preview.GetProperty("items")[0].GetProperty("number").ValueKind.Should().Be(JsonValueKind.Null, "a preview draws no loan number");
        var confirmed = await PostFileAsync(bank, $"/api/loans/import/{preview.GetProperty("token").GetString()}/confirm", null);
        confirmed.GetProperty("written").GetBoolean().Should().BeTrue();
        var number = confirmed.GetProperty("items")[0].GetProperty("number").GetString();
        number.Should().StartWith("XD522699-2025-");
        var again = await PostFileAsync(bank, "/api/loans/import", sheet);
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32(), again.GetProperty("token").ValueKind)
            .Should().Be((0, 1, JsonValueKind.Null), "importing the same sheet again changes nothing");

        // The loan is active under the programme of its disbursement day, with what is left to pay scheduled from the
        // last due date before today; the step and the audit say it was imported.
        long id;
        await using (var db = App.Database.CreateContext())
        {
            id = (await db.Loans.IgnoreQueryFilters().SingleAsync(l => l.BankCode == TestBank && l.BankContractNumber == "HT2025-0615-01", Ct)).Id.Value;
            (await db.AuditEntries.CountAsync(a => a.EntityType == "Loan" && a.EntityId == id.ToString(Fmt), Ct)).Should().BeGreaterThan(0);
        }
        var file = await GetAsync(bank, id);
        (file.GetProperty("number").GetString(), file.GetProperty("stateName").GetString(), file.GetProperty("programme").GetString()).Should().Be((number, "正常", "脱贫人口小额信贷"));
        file.GetProperty("principalOutstanding").GetString().Should().Be("50000.00");
        file.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("kindName").GetString()).Should().Equal("存量导入");
        var schedule = file.GetProperty("schedule").EnumerateArray().ToList();
        var anchor = new DateOnly(2025, 6, 15);
        var lastDue = Enumerable.Range(1, 12).Select(k => anchor.AddMonths(3 * k)).Where(d => d < Today).DefaultIfEmpty(anchor).Max();
        schedule[0].GetProperty("periodStart").GetString().Should().Be(lastDue.ToString("yyyy-MM-dd", Fmt));
        schedule[^1].GetProperty("dueOn").GetString().Should().Be("2028-06-15");
        schedule.Sum(x => decimal.Parse(x.GetProperty("principal").GetString()!, Fmt)).Should().Be(50000.00m);
        // Interest of the first remaining quarter: 50,000.00 × 3.45% × actual days ÷ 360, to the fen.
        var days = schedule[0].GetProperty("days").GetInt32();
        schedule[0].GetProperty("interest").GetString().Should().Be(Math.Round(50000m * 0.0345m * days / 360m, 2, MidpointRounding.AwayFromZero).ToString("0.00", Fmt));

        // The page: a bank officer and the county import; a village officer may not.
        using (var page = await bank.GetAsync("/credit/import-loans", Ct))
        {
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync(Ct)).Should().Contain("存量贷款导入").And.Contain("银行合同编号");
        }
        (await village.GetAsync("/credit/import-loans", Ct)).StatusCode.Should().NotBe(HttpStatusCode.OK);
        using var refused = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "x.xlsx" } };
        (await village.PostAsync("/api/loans/import", refused, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_claim_opens_with_its_repayments_paged_whose_parts_sum_to_its_subsidy_at_a_share_of_70_percent_and_exports_a_sheet()
    {
        var bankUser = await BankOfficerAsync();
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        using var otherBank = await App.SignInAsync("bank");
        using var township = await App.SignInAsync("township");
        using var admin = await App.SignInAsync("admin");

        // From 2026-06-01 the county subsidises 70 % of the interest paid on time; the other terms carry over.
        using (var published = await admin.PostAsJsonAsync("/api/loan-policies", new { effectiveFrom = "2026-06-01", programme = "帮扶小额信贷", subsidyShare = "70.00" }, Ct))
        {
            published.StatusCode.Should().Be(HttpStatusCode.Created, await published.Content.ReadAsStringAsync(Ct));
        }
        var (id, number) = await DisbursedLoanAsync(bank, skip: 4, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 10));
        var first = (await GetAsync(bank, id)).GetProperty("schedule")[0].GetProperty("interest").GetFen();
        // Three early payments of 1.01 on time, the rest of the first quarter's interest after its due date (2026-07-10), all
        // late, and 1.36 of the second quarter's on time: on-time interest 4.39, late first - 3.03.
        var preview = await UploadAsync(bank, RepaymentSheet(
            (number, "2026-07-01", "0", "1.01"), (number, "2026-07-02", "0", "1.01"), (number, "2026-07-03", "0", "1.01"),
            (number, "2026-07-20", "0", Money.FromFen(first - 303).ToInvariantString()), (number, "2026-08-03", "0", "1.36")));
        (await ConfirmAsync(bank, preview.GetProperty("token").GetString()!)).GetProperty("written").GetBoolean().Should().BeTrue();

        long claimId;
        using (var built = await bank.PostAsJsonAsync("/api/loan-subsidy-claims", new { year = 2026, quarter = 3 }, Ct))
        {
            built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
            claimId = (await Json(built)).GetProperty("id").GetInt64();
        }
        var claim = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct));
        claim.GetProperty("share").ToString().Should().Contain("70");
        (claim.GetProperty("interestOnTime").GetFen(), claim.GetProperty("interestLate").GetFen()).Should().Be((439, first - 303));
        // 4.39 × 70 % = 3.073, half up once on the total: 3.07.
        claim.GetProperty("subsidy").GetFen().Should().Be(307);

        // The parts: 307 fen over the on-time interest 101, 101, 101, 0, 136 → exactly 70.63…, 70.63…, 70.63…, 0, 95.10…;
        // floors 70, 70, 70, 0, 95 leave 2 fen for the largest remainders, the first two of the three equal ones.
        var lines = await Json(await bank.GetAsync($"/api/loan-subsidy-claims/{claimId}/repayments", Ct));
        (lines.GetProperty("total").GetInt32(), lines.GetProperty("page").GetInt32()).Should().Be((5, 1));
        var items = lines.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("paidOn").GetString()).Should().Equal("2026-07-01", "2026-07-02", "2026-07-03", "2026-07-20", "2026-08-03");
        items.Select(i => i.GetProperty("subsidy").GetFen()).Should().Equal(71, 71, 70, 0, 95);
        items.Sum(i => i.GetProperty("subsidy").GetFen()).Should().Be(307, "the parts sum to the claim's subsidy to the fen");
        items.Should().OnlyContain(i => Math.Abs(i.GetProperty("subsidy").GetFen() * 100m - i.GetProperty("interestOnTime").GetFen() * 70m) < 100m,
            "each part is its on-time interest × 70 %, within the fen the split moves");
        items[3].GetProperty("interestLate").GetFen().Should().Be(first - 303, "late interest has no part");
        items.Should().OnlyContain(i => i.GetProperty("loanNumber").GetString() == number && i.GetProperty("borrower").GetString()!.Contains('*'));
        // The loan file shows the same parts.
        (await GetAsync(bank, id)).GetProperty("repayments").EnumerateArray().Select(r => r.GetProperty("subsidy").GetFen()).Should().Equal(71, 71, 70, 0, 95);

        // Scope: another bank, a township officer: not found.
        (await otherBank.GetAsync($"/api/loan-subsidy-claims/{claimId}/repayments", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherBank.GetAsync($"/credit/claims/{claimId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await township.GetAsync($"/credit/claims/{claimId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherBank.GetAsync($"/api/loan-subsidy-claims/{claimId}/export", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The sheet a bank clerk sends: every row and a total row equal to the claim's totals.
        using (var export = await bank.GetAsync($"/api/loan-subsidy-claims/{claimId}/export", Ct))
        {
            export.StatusCode.Should().Be(HttpStatusCode.OK);
            var rows = MiniExcel.Query(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            rows.Should().HaveCount(6);
            rows.Take(5).Select(r => Convert.ToDecimal(r["贴息（元）"], Fmt)).Should().Equal(0.71m, 0.71m, 0.70m, 0m, 0.95m);
            var total = rows[^1];
            (total["贷款编号"], Convert.ToDecimal(total["按期利息（元）"], Fmt), Convert.ToDecimal(total["贴息（元）"], Fmt)).Should().Be(("合计", 4.39m, 3.07m));
            Convert.ToDecimal(total["逾期利息（元，不贴息）"], Fmt).Should().Be((first - 303) / 100m);
        }

        // The page: the totals on top, the county approves and marks it paid from it, each step asking first.
        var page = $"/credit/claims/{claimId}";
        var html = System.Net.WebUtility.HtmlDecode(await county.GetStringAsync(page, Ct));
        html.Should().Contain("合计 5 笔").And.Contain("3.07").And.Contain("4.39").And.Contain("贴息比例 70%").And.Contain($"href=\"/credit/{id}\"")
            .And.Contain("data-confirm=").And.Contain("id=\"approve-form\"");
        System.Net.WebUtility.HtmlDecode(await county.GetStringAsync("/credit/claims", Ct)).Should().Contain($"href=\"/credit/claims/{claimId}\"");
        (await bank.GetStringAsync(page, Ct)).Should().NotContain("approve-form", "only the county approves");
        foreach (var (handler, status) in new[] { ("Approve", "已审核，待拨付"), ("Paid", "已拨付") })
        {
            var version = (await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct))).GetProperty("version").GetInt32();
            using var posted = await county.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Step.On"] = Today.ToString("yyyy-MM-dd", Fmt), ["Step.Version"] = version.ToString(Fmt), ["Step.Voucher"] = "财拨〔2026〕31号",
                ["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, page),
            }), Ct);
            posted.StatusCode.Should().Be(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync(Ct));
            (await Json(await county.GetAsync($"/api/loan-subsidy-claims/{claimId}", Ct))).GetProperty("statusName").GetString().Should().Be(status);
        }
        System.Net.WebUtility.HtmlDecode(await county.GetStringAsync(page, Ct)).Should().Contain("已拨付").And.Contain("凭证 财拨〔2026〕31号").And.NotContain("id=\"paid-form\"");

        // A quarter of the demo bank at the same share: hundreds of repayments, paged; the parts of all pages sum to the subsidy.
        long demoClaim;
        using (var built = await county.PostAsJsonAsync("/api/loan-subsidy-claims", new { bankCode = "DEMO-RCC-0001", year = 2026, quarter = 3 }, Ct))
        {
            built.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.Conflict], await built.Content.ReadAsStringAsync(Ct));
            demoClaim = built.StatusCode == HttpStatusCode.Created
                ? (await Json(built)).GetProperty("id").GetInt64()
                : (await Json(await county.GetAsync("/api/loan-subsidy-claims?year=2026", Ct))).EnumerateArray()
                    .Single(c => c.GetProperty("bankCode").GetString() == "DEMO-RCC-0001" && c.GetProperty("quarter").GetInt32() == 3).GetProperty("id").GetInt64();
        }
        var demo = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{demoClaim}", Ct));
        var count = demo.GetProperty("repayments").GetInt32();
        count.Should().BeGreaterThan(50, "more than one page");
        var (seen, parts, onTime, ids) = (0, 0L, 0L, new HashSet<long>());
        for (var p = 1; p <= (count + 49) / 50; p++)
        {
            var pageLines = await Json(await county.GetAsync($"/api/loan-subsidy-claims/{demoClaim}/repayments?page={p}", Ct));
            pageLines.GetProperty("page").GetInt32().Should().Be(p);
            foreach (var i in pageLines.GetProperty("items").EnumerateArray())
            {
                seen++;
                ids.Add(i.GetProperty("repaymentId").GetInt64());
                parts += i.GetProperty("subsidy").GetFen();
                onTime += i.GetProperty("interestOnTime").GetFen();
            }
        }
        (seen, ids.Count).Should().Be((count, count));
        onTime.Should().Be(demo.GetProperty("interestOnTime").GetFen());
        parts.Should().Be(demo.GetProperty("subsidy").GetFen(), "the parts of every page sum to the claim's subsidy");
        System.Net.WebUtility.HtmlDecode(await county.GetStringAsync($"/credit/claims/{demoClaim}?p=2", Ct)).Should().Contain("第 2 /");
    }

    [Fact]
    public async Task Overlapping_confirmations_of_a_repayment_file_write_it_once_and_the_others_answer_409_or_find_it_recorded()
    {
        var bankUser = await BankOfficerAsync();
        using var bank = await App.SignInAsync(bankUser);
        var (id, number) = await DisbursedLoanAsync(bank, skip: 5, new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 10));
        async Task<int> ImportEventsAsync()
        {
            await using var audit = App.Database.CreateContext();
            return await audit.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == nameof(Repayment) && a.Action == "import", Ct);
        }
        var imports = await ImportEventsAsync();

        // Ten previews of one file, each with its own token, confirmed at once.
        var sheet = RepaymentSheet((number, "2025-05-01", "0", "10.00"), (number, "2025-05-02", "0", "10.00"));
        var tokens = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            tokens.Add((await UploadAsync(bank, sheet)).GetProperty("token").GetString()!);
        }
        var answers = await Task.WhenAll(tokens.Select(t => bank.PostAsync($"/api/loans/repayments/import/{t}/confirm", null, Ct)));
        await ExpectOneEffectAsync(answers, 2);

        // One token confirmed ten times at once (a double-clicked button): one effect.
        var token = (await UploadAsync(bank, RepaymentSheet((number, "2025-05-03", "0", "10.00"), (number, "2025-05-04", "0", "10.00")))).GetProperty("token").GetString();
        answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => bank.PostAsync($"/api/loans/repayments/import/{token}/confirm", null, Ct)));
        await ExpectOneEffectAsync(answers, 2);

        // The same repayment recorded by hand between the preview and the confirmation: the confirmation finds it recorded.
        token = (await UploadAsync(bank, RepaymentSheet((number, "2025-05-05", "0", "10.00")))).GetProperty("token").GetString();
        using (var entered = await bank.PostAsJsonAsync($"/api/loans/{id}/repayments",
            new { paidOn = "2025-05-05", principal = "0", interest = "10.00", payerName = "借款人本人", payerAccount = "6217001234567890123" }, Ct))
        {
            entered.StatusCode.Should().Be(HttpStatusCode.Created, await entered.Content.ReadAsStringAsync(Ct));
        }
        var late = await ConfirmAsync(bank, token!);
        (late.GetProperty("written").GetBoolean(), late.GetProperty("new").GetInt32(), late.GetProperty("existing").GetInt32()).Should().Be((false, 0, 1));

        // Nothing twice, nothing half-written: five repayments, and the loan's interest repaid is their sum.
        await using var db = App.Database.CreateContext();
        var stored = await db.Repayments.IgnoreQueryFilters().AsNoTracking().Where(r => r.LoanId == new LoanId(id)).ToListAsync(Ct);
        stored.Select(r => r.PaidOn.Day).Order().Should().Equal(1, 2, 3, 4, 5);
        var loan = await db.Loans.IgnoreQueryFilters().AsNoTracking().SingleAsync(l => l.Id == new LoanId(id), Ct);
        loan.InterestRepaid.Should().Be(Money.Sum(stored.Select(r => r.Interest)));
        (await ImportEventsAsync()).Should().Be(imports + 2, "one audited import per file written");
    }

    /// <summary>Of concurrent confirmations of one file: one wrote its rows; each other one answered 409 loans.import_race,
    /// found them recorded, or found its token already used; none failed.</summary>
    private static async Task ExpectOneEffectAsync(HttpResponseMessage[] answers, int rows)
    {
        var written = 0;
        foreach (var answer in answers)
        {
            using (answer)
            {
                var body = await Json(answer);
                answer.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound], body.ToString());
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    body.GetProperty("code").GetString().Should().Be("loans.import_race");
                }
                else if (answer.StatusCode == HttpStatusCode.NotFound)
                {
                    body.GetProperty("code").GetString().Should().Be("registry.import_not_found");
                }
                else if (body.GetProperty("written").GetBoolean())
                {
                    written++;
                    body.GetProperty("new").GetInt32().Should().Be(rows);
                }
                else
                {
                    (body.GetProperty("new").GetInt32(), body.GetProperty("existing").GetInt32()).Should().Be((0, rows), "ran after the first had committed");
                }
            }
        }
        written.Should().Be(1);
    }

    /// <summary>A 20,000.00 yuan × 12 months loan of the test bank to a household of 混寨村, disbursed at 3.00 %.</summary>
    private async Task<(long Id, string Number)> DisbursedLoanAsync(HttpClient bank, int skip, DateOnly appliedOn, DateOnly disbursedOn)
    {
        var (household, borrower) = await BorrowerAsync(appliedOn, skip);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        var id = await ApplyAsync(village, household, borrower, "20000", 12, appliedOn);
        await StepAsync(village, id, "review", new { approve = true, on = appliedOn });
        await StepAsync(township, id, "review", new { approve = true, on = appliedOn });
        await StepAsync(county, id, "review", new { approve = true, on = appliedOn.AddDays(1) });
        await StepAsync(bank, id, "decision", new { approve = true, rate = "3.00", termMonths = 12, on = appliedOn.AddDays(2) });
        await StepAsync(bank, id, "disburse", new { on = disbursedOn, account = "6230520012345678" });
        return (id, (await GetAsync(bank, id)).GetProperty("number").GetString()!);
    }

    private static byte[] LoanSheet(params Dictionary<string, object>[] rows)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.ToList(), sheetName: "存量贷款");
        return buffer.ToArray();
    }

    private static async Task<JsonElement> PostFileAsync(HttpClient client, string url, byte[]? sheet)
    {
        using var content = sheet is null ? null : new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "存量贷款.xlsx" } };
        using var response = await client.PostAsync(url, content, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    private sealed record ApplicationBody(string HouseholdNo, long MemberId, string Amount, int TermMonths, string Method, string Purpose, string PurposeDetail,
        DateOnly AppliedOn, DateOnly SignedOn, string BankCode, string BankName);

    private static ApplicationBody Body(Household h, Member m, string amount, int term, DateOnly on) =>
        new(h.HouseholdNo, m.Id.Value, amount, term, "QuarterlyInterestBullet", "养殖业", "养殖生猪 20 头", on, on.AddDays(-1), TestBank, "县农村商业银行");

    private static async Task<long> ApplyAsync(HttpClient client, Household h, Member m, string amount, int term, DateOnly on)
    {
        using var response = await client.PostAsJsonAsync("/api/loans", Body(h, m, amount, term, on), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private async Task StepAsync(HttpClient client, long id, string step, object body)
    {
        var json = JsonSerializer.SerializeToElement(body);
        var withVersion = json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        withVersion["version"] = await VersionAsync(id);
        using var response = await client.PostAsJsonAsync($"/api/loans/{id}/{step}", withVersion, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, $"{step}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private async Task<int> VersionAsync(long id)
    {
        await using var db = App.Database.CreateContext();
        return await db.Loans.IgnoreQueryFilters().Where(l => l.Id == new LoanId(id)).Select(l => l.Version).SingleAsync(Ct);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, long id)
    {
        using var response = await client.GetAsync($"/api/loans/{id}", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    private static byte[] RepaymentSheet(params (string Number, string PaidOn, string Principal, string Interest)[] rows)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.Select(r => new Dictionary<string, object>
        {
            ["贷款编号"] = r.Number, ["还款日期"] = r.PaidOn, ["还款本金（元）"] = r.Principal, ["还款利息（元）"] = r.Interest,
            ["还款人姓名"] = "借款人本人", ["还款账号"] = "6217001234567890123",
        }).ToList(), sheetName: "还款明细");
        return buffer.ToArray();
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] sheet)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "还款.xlsx" } };
        using var response = await client.PostAsync("/api/loans/repayments/import", content, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    private static async Task<JsonElement> ConfirmAsync(HttpClient client, string token)
    {
        using var response = await client.PostAsync($"/api/loans/repayments/import/{token}/confirm", null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    /// <summary>A bank officer of the test bank (the demo's "bank" belongs to another bank).</summary>
    private async Task<string> BankOfficerAsync()
    {
        const string name = "bank-test";
        await using var db = App.Database.CreateContext();
        if (!await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == name, Ct))
        {
            db.Users.Add(User.Demo(name, "县农商银行经办员（测试）", Role.BankOfficer, DivisionCode.ForCounty("522699"), DemoLoader.DemoPassword, "县农村商业银行",
                DateTimeOffset.UtcNow, TestBank));
            try
            {
                await db.SaveChangesAsync(Ct);
            }
            catch (DbUpdateException)
            {
                // Another test of the class made it first.
            }
        }
        return name;
    }

    /// <summary>An eligible household of 混寨村 on <paramref name="on"/> with no loan yet and a member of 30–50 that day.</summary>
    private async Task<(Household, Member)> BorrowerAsync(DateOnly on, int skip)
    {
        await using var db = App.Database.CreateContext();
        var withLoans = await db.Loans.IgnoreQueryFilters().Select(l => l.HouseholdId).Distinct().ToListAsync(Ct);
        var all = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => h.VillageCode == Hunzhai).ToListAsync(Ct);
        var eligible = all.Where(h => !withLoans.Contains(h.Id) && h.StatusOn(on, DateTimeOffset.UtcNow) is PovertyStatus.Registered or PovertyStatus.Exited
                && h.Members.Any(m => Loan.AgeOn(m.BirthDate, on) is >= 30 and <= 50))
            .OrderBy(h => h.HouseholdNo, StringComparer.Ordinal).Skip(skip * 3).First();
        return (eligible, eligible.Members.First(m => Loan.AgeOn(m.BirthDate, on) is >= 30 and <= 50));
    }

    /// <summary>A member of an eligible household of 混寨村 and a date on which they are one day short of, or one day past, <paramref name="age"/>.</summary>
    private async Task<(Household, Member, DateOnly)> AgedAsync(int age, int offset)
    {
        await using var db = App.Database.CreateContext();
        var all = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => h.VillageCode == Hunzhai).ToListAsync(Ct);
        foreach (var h in all.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal))
        {
            foreach (var m in h.Members)
            {
                var on = m.BirthDate.AddYears(age).AddDays(offset == 0 ? 1 : offset);
                if (on >= new DateOnly(2021, 3, 1) && on <= Today && h.StatusOn(on, DateTimeOffset.UtcNow) is PovertyStatus.Registered or PovertyStatus.Exited)
                {
                    return (h, m, on);
                }
            }
        }
        throw new InvalidOperationException($"No member of 混寨村 turns {age} between 2021-03-01 and today.");
    }

    /// <summary>A household of the county whose monitoring risk was removed on a day since 2021-03-01, with a member of 20–60 that day.</summary>
    private async Task<(Household, Member, DateOnly)> RiskRemovedAsync()
    {
        await using var db = App.Database.CreateContext();
        var today = Today;
        var ids = await db.Households.AsNoTracking()
            .Where(h => h.StatusHistory.Any(c => c.ToStatus == PovertyStatus.RiskRemoved && c.EffectiveOn >= new DateOnly(2021, 3, 1) && c.EffectiveOn <= today))
            .OrderBy(h => h.Id).Select(h => h.Id).Take(200).ToListAsync(Ct);
        var all = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => ids.Contains(h.Id)).ToListAsync(Ct);
        foreach (var h in all.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal))
        {
            var on = h.StatusHistory.Where(c => c.ToStatus == PovertyStatus.RiskRemoved).Max(c => c.EffectiveOn);
            if (h.StatusOn(on, DateTimeOffset.UtcNow) == PovertyStatus.RiskRemoved && h.Members.FirstOrDefault(m => Loan.AgeOn(m.BirthDate, on) is >= 20 and <= 60) is { } m)
            {
                return (h, m, on);
            }
        }
        throw new InvalidOperationException("No household of the demo county had its risk removed since 2021-03-01.");
    }

    private static readonly IFormatProvider Fmt = System.Globalization.CultureInfo.InvariantCulture;

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        using (response)
        {
            var problem = await Json(response);
            response.StatusCode.Should().Be(status, problem.ToString());
            problem.GetProperty("code").GetString().Should().Be(code, problem.ToString());
            if (field is not null)
            {
                problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the error names {field}: {problem}");
            }
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteLoanTests(RuralApp<SqliteTestDatabase> app) : LoanTests<SqliteTestDatabase>(app);

public sealed class PostgresLoanTests(RuralApp<PostgresTestDatabase> app) : LoanTests<PostgresTestDatabase>(app);
