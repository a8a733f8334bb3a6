using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;
using Member = RuralLedger.Core.Registry.Member;

namespace RuralLedger.Web.Tests.Credit;

/// <summary>
/// Loan usage supervision over HTTP: five loans of five households repaid from one account in the bank's file raise
/// one 户贷企用 case naming the five loans, which is confirmed and rectified, and a second run raises nothing new;
/// the risk compensation fund refuses an approval past its leverage, charges 21,000.00 of a 30,000.00 write-off under
/// 70/30, returns a recovery in the same shares and ties its statement to the loans; scope for banks and villages. Rule 5 reads
/// an imported account-flow sheet; its thresholds, the fund's policy and a recovery are also set from the pages.
/// </summary>
public abstract class LoanUsageTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");

    protected LoanUsageTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_account_repaying_five_households_raises_one_case_that_is_confirmed_rectified_and_not_raised_again()
    {
        const string bankCode = "TEST-USE-0001";
        var bankUser = await BankOfficerAsync("bank-usage", bankCode);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        using var otherBank = await App.SignInAsync("bank");
        using var village2 = await App.SignInAsync("village2");

        var numbers = new List<string>();
        foreach (var (household, member) in await BorrowersAsync(new DateOnly(2025, 5, 6), 0, 5))
        {
            var id = await LoanAsync(village, township, county, bank, household, member, "10000.00", bankCode, new DateOnly(2025, 5, 6));
            numbers.Add((await Json(await bank.GetAsync($"/api/loans/{id}", Ct))).GetProperty("number").GetString()!);
        }
        // The bank's file: an enterprise's account pays the first quarter's interest of all five loans.
        var sheet = RepaymentSheet(numbers.Select(n => (n, "2025-08-12", "0", "10.00", "黔丰农业开发有限公司", "6222020200112233")).ToArray());
        using (var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "还款.xlsx" } })
        using (var preview = await bank.PostAsync("/api/loans/repayments/import", content, Ct))
        {
            var token = (await Json(preview)).GetProperty("token").GetString();
            (await bank.PostAsync($"/api/loans/repayments/import/{token}/confirm", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The county asks for five households (rules are dated data); the village officer may not change rules or run them.
        (await county.PostAsJsonAsync("/api/loan-usage/rules", new { kind = "SharedPayerAccount", effectiveFrom = "2025-01-01", minHouseholds = 5 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await ExpectAsync(await county.PostAsJsonAsync("/api/loan-usage/rules", new { kind = "SharedPayerAccount", effectiveFrom = "2025-01-01", minHouseholds = 4 }, Ct),
            HttpStatusCode.Conflict, "usage.rule_exists");
        (await village.PostAsync("/api/loan-usage/run", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var ran = await county.PostAsync("/api/loan-usage/run", null, Ct);
        ran.StatusCode.Should().Be(HttpStatusCode.OK, await ran.Content.ReadAsStringAsync(Ct));
        var run = await Json(ran);
        var shared = run.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "SharedPayerAccount");
        shared.GetProperty("minHouseholds").GetInt32().Should().Be(5);
        var cases = (await Json(await county.GetAsync("/api/loan-usage/cases?rule=SharedPayerAccount", Ct))).EnumerateArray()
            .Where(c => c.GetProperty("bankCode").GetString() == bankCode).ToList();
        cases.Should().ContainSingle("one account, one case");
        var found = cases[0];
        var caseId = found.GetProperty("id").GetInt64();
        found.GetProperty("subject").GetString().Should().Be("6222********2233");
        found.GetProperty("households").GetInt32().Should().Be(5);
        found.GetProperty("amount").GetFen().Should().Be(5_000_000);
        found.GetProperty("loans").EnumerateArray().Select(l => l.GetProperty("loanNumber").GetString()).Should().BeEquivalentTo(numbers);
        found.GetProperty("statusName").GetString().Should().Be("待核实");

        // Scope: another bank's officer and another village's officer don't find it; its bank and village do.
        (await otherBank.GetAsync($"/api/loan-usage/cases/{caseId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await village2.GetAsync($"/api/loan-usage/cases/{caseId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bank.GetAsync($"/api/loan-usage/cases/{caseId}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Json(await otherBank.GetAsync("/api/loan-usage/cases", Ct))).EnumerateArray().Should().NotContain(c => c.GetProperty("id").GetInt64() == caseId);

        // Confirmed by the township with an officer and a deadline; a stale second click and a rectification without a note are refused.
        var version = found.GetProperty("version").GetInt32();
        await ExpectAsync(await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/confirm", new { officer = "", deadline = "2026-12-31", version }, Ct),
            HttpStatusCode.BadRequest, "usage.officer", "officer");
        (await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/confirm",
            new { officer = "王建国", deadline = "2026-12-31", finding = "五户贷款资金均转入该公司，按年领取固定分红", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectAsync(await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/confirm", new { officer = "王建国", deadline = "2026-12-31", version }, Ct),
            HttpStatusCode.Conflict, "usage.stale");
        version = (await Json(await township.GetAsync($"/api/loan-usage/cases/{caseId}", Ct))).GetProperty("version").GetInt32();
        await ExpectAsync(await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/dismiss", new { reason = "亲属代还", version }, Ct),
            HttpStatusCode.Conflict, "usage.bad_step");
        await ExpectAsync(await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/rectify", new { how = "Recovered", version }, Ct),
            HttpStatusCode.BadRequest, "reason.required", "note");
        (await township.PostAsJsonAsync($"/api/loan-usage/cases/{caseId}/rectify",
            new { how = "Recovered", note = "公司已将 50,000.00 元退回五户账户，由农户自主发展养殖", version }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var rectified = await Json(await county.GetAsync($"/api/loan-usage/cases/{caseId}", Ct));
        rectified.GetProperty("statusName").GetString().Should().Be("已整改");
        rectified.GetProperty("rectifiedAsName").GetString().Should().Be("资金已收回");
        rectified.GetProperty("officer").GetString().Should().Be("王建国");

        // Running again, and ten runs at once, raise nothing new for the same evidence.
        var again = await Json(await county.PostAsync("/api/loan-usage/run", null, Ct));
        again.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "SharedPayerAccount").GetProperty("raised").GetInt32().Should().Be(0);
        var runs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => county.PostAsync("/api/loan-usage/run", null, Ct)));
        runs.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        (await Json(await county.GetAsync("/api/loan-usage/cases?rule=SharedPayerAccount", Ct))).EnumerateArray()
            .Count(c => c.GetProperty("bankCode").GetString() == bankCode).Should().Be(1);

        // Counts per rule and township, on the page and in the API.
        var summary = await Json(await county.GetAsync("/api/loan-usage/summary", Ct));
        summary.GetProperty("byRule").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "SharedPayerAccount").GetProperty("rectified").GetInt32()
            .Should().BeGreaterThanOrEqualTo(1);
        var page = await county.GetStringAsync("/credit/usage", Ct);
        page.Should().Contain("同一账户为多户还款").And.Contain("6222********2233");
        (await county.GetStringAsync($"/credit/usage/{caseId}", Ct)).Should().Contain(numbers[0]).And.Contain("资金已收回");

        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "UsageCase" && a.EntityId == caseId.ToString(Fmt), Ct)).Should().BeGreaterThanOrEqualTo(3);

        // The payer links the rules read (decision 0047): one per loan, account and payer name, however many repayments name it.
        var loanIds = await db.Loans.AsNoTracking().Where(l => numbers.Contains(l.Number)).Select(l => l.Id).ToListAsync(Ct);
        async Task<List<LoanPayerLink>> LinksAsync(RuralDbContext context) =>
            await context.LoanPayerLinks.AsNoTracking().Where(l => loanIds.Contains(l.LoanId)).ToListAsync(Ct);
        (await LinksAsync(db)).Should().HaveCount(5).And.OnlyContain(l => l.PayerAccountMasked == "6222********2233" && l.BankCode == bankCode);
        // A file repaying the same loans twice from the same account, and the first once from another: one link more; the next
        // file from the same payers adds none.
        var twice = RepaymentSheet([.. numbers.SelectMany(n => new[]
        {
            (n, "2025-11-12", "0", "10.00", "黔丰农业开发有限公司", "6222020200112233"), (n, "2025-12-12", "0", "10.00", "黔丰农业开发有限公司", "6222020200112233"),
        }), (numbers[0], "2026-01-12", "0", "10.00", "龙德贵", "6217000011112222")]);
        (await ConfirmAsync(bank, twice)).Should().Be(HttpStatusCode.OK);
        (await LinksAsync(db)).Should().HaveCount(6);
        var next = RepaymentSheet([.. numbers.Select(n => (n, "2026-01-20", "0", "5.00", "黔丰农业开发有限公司", "6222020200112233")),
            (numbers[0], "2026-01-21", "0", "5.00", "龙德贵", "6217000011112222")]);
        (await ConfirmAsync(bank, next)).Should().Be(HttpStatusCode.OK);
        (await LinksAsync(db)).Should().HaveCount(6);
        // A repayment entered by hand: a known payer adds nothing, a new one its link.
        (await bank.PostAsJsonAsync($"/api/loans/{loanIds[1].Value}/repayments",
            new { paidOn = "2026-02-12", principal = "0", interest = "1.00", payerName = "黔丰农业开发有限公司", payerAccount = "6222020200112233" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await bank.PostAsJsonAsync($"/api/loans/{loanIds[1].Value}/repayments",
            new { paidOn = "2026-02-13", principal = "0", interest = "1.00", payerName = "龙德贵", payerAccount = "6217000011112222" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var links = await LinksAsync(db);
        links.Should().HaveCount(7);
        links.Where(l => l.PayerName == "龙德贵").Select(l => l.LoanId).Should().BeEquivalentTo([loanIds[0], loanIds[1]]);
        // Scoped as the repayments: another bank's officer and another village's see none of them, this bank's all.
        await using (var other = App.Database.CreateContext(Officer(Role.BankOfficer, AreaScope.Of(DivisionCode.ForCounty(Hunzhai.County)), "OTHER-BANK")))
        {
            (await LinksAsync(other)).Should().BeEmpty();
        }
        await using (var own = App.Database.CreateContext(Officer(Role.BankOfficer, AreaScope.Of(DivisionCode.ForCounty(Hunzhai.County)), bankCode)))
        {
            (await LinksAsync(own)).Should().HaveCount(7);
        }
        await using (var hunzhai = App.Database.CreateContext(Officer(Role.VillageOfficer, AreaScope.Of(Hunzhai), null)))
        {
            (await LinksAsync(hunzhai)).Should().HaveCount(7);
        }
        await using (var elsewhere = App.Database.CreateContext(Officer(Role.VillageOfficer, AreaScope.Of(DivisionCode.Parse("522699001002")), null)))
        {
            (await LinksAsync(elsewhere)).Should().BeEmpty();
        }
    }

    private static AccessContext Officer(Role role, AreaScope scope, string? bankCode)
    {
        var access = new AccessContext();
        access.SignedIn(1, "officer", role, scope, bankCode is null ? null : "银行", bankCode);
        return access;
    }

    /// <summary>Previews and confirms a repayment file; the confirmation's status.</summary>
    private static async Task<HttpStatusCode> ConfirmAsync(HttpClient bank, byte[] sheet)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "还款.xlsx" } };
        using var preview = await bank.PostAsync("/api/loans/repayments/import", content, Ct);
        var token = (await Json(preview)).GetProperty("token").GetString();
        using var confirm = await bank.PostAsync($"/api/loans/repayments/import/{token}/confirm", null, Ct);
        return confirm.StatusCode;
    }

    [Fact]
    public async Task The_risk_fund_stops_an_approval_past_its_leverage_and_bears_seventy_percent_of_a_write_off_to_the_fen()
    {
        const string bankCode = "TEST-FUND-0003";
        var bankUser = await BankOfficerAsync("bank-fund", bankCode);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        using var otherBank = await App.SignInAsync("bank");

        // 50,000.00 in the fund × 1 = 50,000.00 of loans; refused beyond; the fund bears 70% of a loss.
        (await county.PostAsJsonAsync("/api/risk-fund/policies", new { bankCode, effectiveFrom = "2025-01-01", leverage = 1, mode = "Refuse", fundShare = "70.00" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await ExpectAsync(await county.PostAsJsonAsync("/api/risk-fund/policies", new { bankCode, effectiveFrom = "2025-01-01", leverage = 0, fundShare = "70.00" }, Ct),
            HttpStatusCode.BadRequest, "riskfund.leverage_range", "leverage");
        var contribution = new { bankCode, documentNo = "县财预〔2025〕12号", on = "2025-02-01", amount = "50000.00" };
        (await county.PostAsJsonAsync("/api/risk-fund/contributions", contribution, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        await ExpectAsync(await county.PostAsJsonAsync("/api/risk-fund/contributions", contribution, Ct), HttpStatusCode.Conflict, "riskfund.contribution_exists");
        await ExpectAsync(await county.PostAsJsonAsync("/api/risk-fund/contributions", contribution with { amount = "1.001", documentNo = "x" }, Ct),
            HttpStatusCode.BadRequest, "money.too_precise", "amount");

        var borrowers = await BorrowersAsync(new DateOnly(2025, 3, 3), 5, 2);
        var first = await LoanAsync(village, township, county, bank, borrowers[0].Item1, borrowers[0].Item2, "30000.00", bankCode, new DateOnly(2025, 3, 3));
        var second = await ApplyAsync(village, borrowers[1].Item1, borrowers[1].Item2, "30000.00", bankCode, new DateOnly(2025, 3, 3));
        await StepAsync(village, second, "review", new { approve = true, on = "2025-03-04" });
        await StepAsync(township, second, "review", new { approve = true, on = "2025-03-05" });
        await StepAsync(county, second, "review", new { approve = true, on = "2025-03-06" });
        // 30,000.00 outstanding + 30,000.00 > 50,000.00: refused, and the loan is untouched.
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{second}/decision",
            new { approve = true, rate = "3.10", termMonths = 36, on = "2025-03-10", version = await VersionAsync(second) }, Ct), HttpStatusCode.Conflict, "riskfund.over_leverage");
        (await Json(await bank.GetAsync($"/api/loans/{second}", Ct))).GetProperty("stateName").GetString().Should().Be("待银行审批");

        // The first loan is written off with 30,000.00 unpaid: the fund bears 21,000.00, the bank 9,000.00.
        await StepAsync(county, first, "write-off", new { on = "2025-11-20", reason = "借款人因病丧失劳动能力，经法院裁定无财产可供执行" });
        var number = (await Json(await bank.GetAsync($"/api/loans/{first}", Ct))).GetProperty("number").GetString()!;
        // Recovered later: 1,000.01 back, 700.01 to the fund (the odd fen to the larger remainder), 300.00 to the bank.
        (await bank.PostAsJsonAsync("/api/risk-fund/recoveries", new { loanNumber = number, on = "2025-12-10", amount = "1000.01" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        await ExpectAsync(await bank.PostAsJsonAsync("/api/risk-fund/recoveries", new { loanNumber = number, on = "2025-12-11", amount = "29000.00" }, Ct),
            HttpStatusCode.BadRequest, "riskfund.over_recovered", "amount");

        var statement = await Json(await county.GetAsync($"/api/risk-fund/statement?bank={bankCode}&year=2025", Ct));
        statement.GetProperty("contributions").GetFen().Should().Be(5_000_000);
        statement.GetProperty("lossCharged").GetFen().Should().Be(2_100_000);
        statement.GetProperty("bankLoss").GetFen().Should().Be(900_000);
        statement.GetProperty("recovered").GetFen().Should().Be(70_001);
        statement.GetProperty("closing").GetFen().Should().Be(5_000_000 - 2_100_000 + 70_001);
        statement.GetProperty("writtenOffLoans").EnumerateArray().Select(n => n.GetString()).Should().Equal(number);
        statement.GetProperty("tiesToLoans").GetBoolean().Should().BeTrue();
        var recovery = statement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Recovery");
        recovery.GetProperty("bankPart").GetFen().Should().Be(30_000);

        // With the fund at 29,700.01 the second loan still doesn't fit; the bank's own view shows its fund, another bank's not.
        await ExpectAsync(await bank.PostAsJsonAsync($"/api/loans/{second}/decision",
            new { approve = true, rate = "3.10", termMonths = 36, on = "2025-12-12", version = await VersionAsync(second) }, Ct), HttpStatusCode.Conflict, "riskfund.over_leverage");
        (await Json(await bank.GetAsync("/api/risk-fund", Ct))).EnumerateArray().Single().GetProperty("balance").GetFen().Should().Be(2_970_001);
        (await Json(await otherBank.GetAsync("/api/risk-fund", Ct))).EnumerateArray().Should().NotContain(b => b.GetProperty("bankCode").GetString() == bankCode);
        (await village.GetAsync("/api/risk-fund", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await county.GetStringAsync($"/credit/risk-fund?bank={bankCode}&year=2025", Ct)).Should().Contain("21,000.00").And.Contain(number);

        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "RiskFundEntry", Ct)).Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Most_of_a_loan_paid_to_one_third_party_right_after_disbursement_raises_a_case_from_the_imported_account_flow_sheet()
    {
        const string bankCode = "TEST-FLOW-0005";
        var bankUser = await BankOfficerAsync("bank-flow", bankCode);
        using var village = await App.SignInAsync("village");
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var bank = await App.SignInAsync(bankUser);
        using var otherBank = await App.SignInAsync("bank");

        // The county sets the rule's thresholds on the rules page: a new dated version (60% within 5 days); a form without a rule is refused beside the field.
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/credit/usage/rules");
        using (var refused = await county.PostAsync("/credit/usage/rules", Form(token, ("Input.EffectiveFrom", "2025-01-02"), ("Input.Share", "60"))))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("请选择规则");
        }
        using (var published = await county.PostAsync("/credit/usage/rules", Form(token, ("Input.Kind", "TransferOut"), ("Input.EffectiveFrom", "2025-01-02"),
                   ("Input.Share", "60"), ("Input.WithinDays", "5"), ("Input.Enabled", "true"))))
        {
            published.StatusCode.Should().Be(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync(Ct));
        }
        var rule = (await Json(await county.GetAsync("/api/loan-usage/rules", Ct))).EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "TransferOut" && r.GetProperty("inForce").GetBoolean());
        rule.GetProperty("share").GetString().Should().Be("60.00");
        rule.GetProperty("withinDays").GetInt32().Should().Be(5);
        (await county.GetStringAsync("/credit/usage/rules", Ct)).Should().Contain("放款后资金随即转给第三方").And.Contain("60%");

        var (household, member) = (await BorrowersAsync(new DateOnly(2025, 6, 2), 8, 1))[0];
        var id = await LoanAsync(village, township, county, bank, household, member, "20000.00", bankCode, new DateOnly(2025, 6, 2));
        var number = (await Json(await bank.GetAsync($"/api/loans/{id}", Ct))).GetProperty("number").GetString()!;
        var account = "62305200" + household.Id.Value.ToString("D8", Fmt);

        // A sheet with an unknown loan and a bad direction: every error by row and column, nothing written.
        var bad = FlowSheet((number, "", "2025-06-08", "15000.00", "转出", "黔丰农业开发有限公司", "6217000011112222"),
            ("DK-NO-SUCH", "", "2025-06-08", "1.00", "转出", "某人", "6217000011113333"), (number, "", "2025-06-08", "1.00", "划走", "某人", "6217000011113333"));
        var problem = await Json(await UploadAsync(bank, bad, HttpStatusCode.BadRequest));
        problem.GetProperty("code").GetString().Should().Be("flows.import_invalid");
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()))
            .Should().BeEquivalentTo([(3, "贷款编号"), (4, "收支")]);

        // 15,000.00 + 1,000.00 (a row naming only the disbursement account) to one company within two days: 80% of 20,000.00.
        var sheet = FlowSheet((number, "", "2025-06-08", "15000.00", "转出", "黔丰农业开发有限公司", "6217000011112222"),
            ("", account, "2025-06-09", "1000.00", "支出", "黔丰农业开发有限公司", "6217000011112222"),
            (number, "", "2025-06-09", "2000.00", "转出", "县农资商店", "6217000099998888"), (number, "", "2025-06-10", "500.00", "转入", "县农资商店", "6217000099998888"));
        (await UploadAsync(otherBank, sheet, HttpStatusCode.BadRequest)).Dispose();
        var first = await Json(await UploadAsync(bank, sheet, HttpStatusCode.OK));
        first.GetProperty("new").GetInt32().Should().Be(4);
        var again = await Json(await UploadAsync(bank, sheet, HttpStatusCode.OK));
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32()).Should().Be((0, 4));

        (await county.PostAsync("/api/loan-usage/run", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var cases = (await Json(await bank.GetAsync("/api/loan-usage/cases?rule=TransferOut", Ct))).EnumerateArray().ToList();
        var found = cases.Should().ContainSingle("one counterparty took 80%; the shop's 10% is below the threshold").Subject;
        found.GetProperty("subject").GetString().Should().Be("黔丰农业开发有限公司 6217********2222");
        var evidence = found.GetProperty("loans").EnumerateArray().Single();
        evidence.GetProperty("loanNumber").GetString().Should().Be(number);
        evidence.GetProperty("evidence").GetString().Should().Contain("16,000.00").And.Contain("80");
        var rerun = await Json(await county.PostAsync("/api/loan-usage/run", null, Ct));
        rerun.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "TransferOut").GetProperty("raised").GetInt32().Should().Be(0);
        (await otherBank.GetAsync($"/api/loan-usage/cases/{found.GetProperty("id").GetInt64()}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await using var db = App.Database.CreateContext();
        var stored = await db.AccountFlows.AsNoTracking().IgnoreQueryFilters().Where(f => f.LoanNumber == number).ToListAsync(Ct);
        stored.Should().HaveCount(4).And.OnlyContain(f => !System.Text.Encoding.UTF8.GetString(f.CounterpartyAccountCipher).Contains("6217000011112222"));
        stored.Select(f => f.CounterpartyAccountMasked).Should().Contain("6217********2222");

        // Rows naming only the counterparty's account: the household is found by the account's keyed hash (a payout account of
        // the registry, another bank's loan account); an account nobody registered needs a name, and nothing is written.
        var vault = RuralLedger.Data.KeyFile.LoadOrCreate(App.Database.KeyFile);
        var payee = await db.Households.AsNoTracking().IgnoreQueryFilters().Where(h => h.VillageCode == Hunzhai && h.BankAccountCipher != null && h.Id != household.Id)
            .OrderBy(h => h.HouseholdNo).FirstAsync(Ct);
        var lent = await db.Loans.AsNoTracking().IgnoreQueryFilters().Where(l => l.BankCode == DemoLoader.DemoBankCode && l.AccountCipher != null)
            .OrderBy(l => l.Number).FirstAsync(Ct);
        var lentHead = await db.Households.IgnoreQueryFilters().Where(h => h.Id == lent.HouseholdId).Select(h => h.HeadName).SingleAsync(Ct);
        var unknown = await Json(await UploadAsync(bank, FlowSheet((number, "", "2025-07-20", "300.00", "转出", "", vault.Decrypt(payee.BankAccountCipher!)),
            (number, "", "2025-07-22", "100.00", "转出", "", "6217000055554444")), HttpStatusCode.BadRequest));
        unknown.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
            .Should().Equal((3, "对方户名", "flows.counterparty_unknown"));
        var named = FlowSheet((number, "", "2025-07-20", "300.00", "转出", "", vault.Decrypt(payee.BankAccountCipher!)),
            (number, "", "2025-07-21", "400.00", "转出", "", vault.Decrypt(lent.AccountCipher!)));
        (await Json(await UploadAsync(bank, named, HttpStatusCode.OK))).GetProperty("new").GetInt32().Should().Be(2);
        var matched = await db.AccountFlows.AsNoTracking().IgnoreQueryFilters().Where(f => f.LoanNumber == number && f.On >= new DateOnly(2025, 7, 20))
            .OrderBy(f => f.On).ToListAsync(Ct);
        matched.Select(f => (f.CounterpartyName, f.CounterpartyHouseholdId)).Should().Equal((payee.HeadName, (HouseholdId?)payee.Id), (lentHead, lent.HouseholdId));

        // The fund's pages: a policy version published from the page; a recovery without a note, or on a loan not written off, refused beside its field.
        token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/credit/risk-fund");
        using (var policy = await county.PostAsync("/credit/risk-fund?handler=Policy", Form(token, ("Policy.BankCode", bankCode), ("Policy.EffectiveFrom", "2025-01-01"),
                   ("Policy.Leverage", "8"), ("Policy.Mode", "Warn"), ("Policy.FundShare", "70"))))
        {
            policy.StatusCode.Should().Be(HttpStatusCode.Redirect, await policy.Content.ReadAsStringAsync(Ct));
        }
        var fund = (await Json(await county.GetAsync("/api/risk-fund", Ct))).EnumerateArray().Single(b => b.GetProperty("bankCode").GetString() == bankCode);
        (fund.GetProperty("leverage").GetInt32(), fund.GetProperty("fundShare").GetString()).Should().Be((8, "70.00"));
        using (var noNote = await county.PostAsync("/credit/risk-fund?handler=Recover", Form(token, ("Recovery.LoanNumber", number), ("Recovery.On", "2025-12-01"),
                   ("Recovery.Amount", "100"))))
        {
            (await noNote.Content.ReadAsStringAsync(Ct)).Should().Contain("请填写收回说明");
        }
        using (var notWrittenOff = await county.PostAsync("/credit/risk-fund?handler=Recover", Form(token, ("Recovery.LoanNumber", number), ("Recovery.On", "2025-12-01"),
                   ("Recovery.Amount", "100"), ("Recovery.Note", "借款人以养殖收入归还"))))
        {
            (await notWrittenOff.Content.ReadAsStringAsync(Ct)).Should().Contain("没有风险补偿金代偿记录");
        }
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "AccountFlow", Ct)).Should().BeGreaterThanOrEqualTo(4);
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] sheet, HttpStatusCode expected)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "流水.xlsx" } };
        var response = await client.PostAsync("/api/loan-usage/flows/import", content, Ct);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync(Ct));
        return response;
    }

    private static byte[] FlowSheet(params (string Number, string Account, string On, string Amount, string Direction, string Name, string Counterparty)[] rows)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.Select(r => new Dictionary<string, object>
        {
            ["贷款编号"] = r.Number, ["账号"] = r.Account, ["交易日期"] = r.On, ["金额（元）"] = r.Amount, ["收支"] = r.Direction, ["对方户名"] = r.Name,
            ["对方账号"] = r.Counterparty,
        }).ToList(), sheetName: "账户流水");
        return buffer.ToArray();
    }

    private static readonly IFormatProvider Fmt = System.Globalization.CultureInfo.InvariantCulture;

    private async Task<long> LoanAsync(HttpClient village, HttpClient township, HttpClient county, HttpClient bank, Household h, Member m, string amount, string bankCode,
        DateOnly on)
    {
        var id = await ApplyAsync(village, h, m, amount, bankCode, on);
        await StepAsync(village, id, "review", new { approve = true, on = on.AddDays(1) });
        await StepAsync(township, id, "review", new { approve = true, on = on.AddDays(2) });
        await StepAsync(county, id, "review", new { approve = true, on = on.AddDays(3) });
        await StepAsync(bank, id, "decision", new { approve = true, rate = "3.00", termMonths = 36, on = on.AddDays(4) });
        await StepAsync(bank, id, "disburse", new { on = on.AddDays(5), account = "62305200" + h.Id.Value.ToString("D8", Fmt) });
        return id;
    }

    private static async Task<long> ApplyAsync(HttpClient village, Household h, Member m, string amount, string bankCode, DateOnly on)
    {
        using var response = await village.PostAsJsonAsync("/api/loans", new
        {
            householdNo = h.HouseholdNo, memberId = m.Id.Value, amount, termMonths = 36, method = "QuarterlyInterestBullet", purpose = "养殖业",
            purposeDetail = "养殖肉牛", appliedOn = on, signedOn = on, bankCode, bankName = "测试银行县支行",
        }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private async Task StepAsync(HttpClient client, long id, string step, object body)
    {
        var fields = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["version"] = await VersionAsync(id);
        using var response = await client.PostAsJsonAsync($"/api/loans/{id}/{step}", fields, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, $"{step}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private async Task<int> VersionAsync(long id)
    {
        await using var db = App.Database.CreateContext();
        return await db.Loans.IgnoreQueryFilters().Where(l => l.Id == new LoanId(id)).Select(l => l.Version).SingleAsync(Ct);
    }

    private async Task<string> BankOfficerAsync(string name, string bankCode)
    {
        await using var db = App.Database.CreateContext();
        if (!await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == name, Ct))
        {
            db.Users.Add(User.Demo(name, "测试银行经办员", Role.BankOfficer, DivisionCode.ForCounty("522699"), DemoLoader.DemoPassword, "测试银行县支行",
                DateTimeOffset.UtcNow, bankCode));
            await db.SaveChangesAsync(Ct);
        }
        return name;
    }

    /// <summary><paramref name="take"/> eligible households of 混寨村 without a loan, after the first <paramref name="skip"/>, each with a member of 30–50.</summary>
    private async Task<List<(Household, Member)>> BorrowersAsync(DateOnly on, int skip, int take)
    {
        await using var db = App.Database.CreateContext();
        var withLoans = await db.Loans.IgnoreQueryFilters().Select(l => l.HouseholdId).Distinct().ToListAsync(Ct);
        var all = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).Where(h => h.VillageCode == Hunzhai).ToListAsync(Ct);
        return all.Where(h => !withLoans.Contains(h.Id) && h.StatusOn(on, DateTimeOffset.UtcNow) is PovertyStatus.Registered or PovertyStatus.Exited
                && h.Members.Any(m => Loan.AgeOn(m.BirthDate, on) is >= 30 and <= 50))
            .OrderBy(h => h.HouseholdNo, StringComparer.Ordinal).Skip(skip).Take(take)
            .Select(h => (h, h.Members.First(m => Loan.AgeOn(m.BirthDate, on) is >= 30 and <= 50))).ToList();
    }

    private static byte[] RepaymentSheet(params (string Number, string PaidOn, string Principal, string Interest, string Payer, string Account)[] rows)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.Select(r => new Dictionary<string, object>
        {
            ["贷款编号"] = r.Number, ["还款日期"] = r.PaidOn, ["还款本金（元）"] = r.Principal, ["还款利息（元）"] = r.Interest,
            ["还款人姓名"] = r.Payer, ["还款账号"] = r.Account,
        }).ToList(), sheetName: "还款明细");
        return buffer.ToArray();
    }

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

public sealed class SqliteLoanUsageTests(RuralApp<SqliteTestDatabase> app) : LoanUsageTests<SqliteTestDatabase>(app);

public sealed class PostgresLoanUsageTests(RuralApp<PostgresTestDatabase> app) : LoanUsageTests<PostgresTestDatabase>(app);
