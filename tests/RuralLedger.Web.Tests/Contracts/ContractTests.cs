using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Contracts;

/// <summary>
/// Operating contracts over HTTP with real sessions: the seed's example as data, the schedule's arrears aged as of a
/// chosen date, receipts applied oldest-first and booked as asset income to the fen, credit codes and bids refused
/// with the field named, stale versions, expiry warnings and the scope of another village.
/// </summary>
public abstract class ContractTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly string ValidCreditCode = CreditCode.Complete("9152269931415926").Value;

    protected ContractTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seeds_example_is_representable_and_reads_back_exactly()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.CountyCompany, TestAssets.CountyCompany, 3_500_000m))[0];

        using var created = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract([assetId], consideration: "GuaranteedReturn", ratePercent: 6.5m, months: 120), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var version = (await GetAsync($"/api/contracts/{id}")).GetProperty("version").GetInt32();
        using var reported = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/employment", new
        {
            year = 2024, jobs = 120, poorPeople = 85, poorHouseholds = 31, wages = "2000000.00", wagesToPoor = "406700.00", version,
        }, Ct);
        var contract = await GetAsync($"/api/contracts/{id}");

        reported.StatusCode.Should().Be(HttpStatusCode.NoContent, await reported.Content.ReadAsStringAsync(Ct));
        contract.GetProperty("number").GetString().Should().MatchRegex(@"^HT522699-2024-\d{4}$");
        contract.GetProperty("operatorKind").GetString().Should().Be("Enterprise");
        contract.GetProperty("operatorName").GetString().Should().Be("茶乡农业开发有限公司");
        contract.GetProperty("operatorCreditCode").GetString().Should().Be(ValidCreditCode);
        contract.GetProperty("villageCode").GetString().Should().Be(TestAssets.Hunzhai);
        contract.GetProperty("annualAmount").GetYuan().Should().Be(227_500.00m, "6.5% of the base's 3,500,000.00");
        contract.GetProperty("ratePercent").GetPercent().Should().Be(6.5m);
        contract.GetProperty("schedule").GetArrayLength().Should().Be(10);
        contract.GetProperty("receivable").GetYuan().Should().Be(2_275_000.00m);
        var asset = contract.GetProperty("assets").EnumerateArray().Single();
        asset.GetProperty("assetId").GetInt64().Should().Be(assetId);
        asset.GetProperty("valueAtSigning").GetYuan().Should().Be(3_500_000.00m);
        var employment = contract.GetProperty("employment").EnumerateArray().Single();
        employment.GetProperty("year").GetInt32().Should().Be(2024);
        employment.GetProperty("jobs").GetInt32().Should().Be(120);
        employment.GetProperty("poorPeople").GetInt32().Should().Be(85);
        employment.GetProperty("poorHouseholds").GetInt32().Should().Be(31);
        employment.GetProperty("wages").GetYuan().Should().Be(2_000_000.00m);
        employment.GetProperty("wagesToPoor").GetYuan().Should().Be(406_700.00m);
        await using var db = App.Database.CreateContext();
        var owner = await db.Assets.AsNoTracking().Where(a => a.Id == new AssetId(assetId)).Select(a => a.Shares.Single().HolderKind).SingleAsync(Ct);
        owner.Should().Be(HolderKind.CountyCompany);
        var page = await App.Admin.GetStringAsync($"/contracts/{id}", Ct);
        page.Should().Contain("茶乡农业开发有限公司").And.Contain("2,000,000.00").And.Contain("406,700.00").And.Contain($"/assets/{assetId}");
    }

    [Fact]
    public async Task Unpaid_instalments_show_in_the_arrears_aging_and_a_receipt_pays_the_oldest_first_and_becomes_asset_income_to_the_fen()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 100_000.00m, 200_000.01m);
        // Quarterly rent of 40,000.00 a year from 2025-01-01, no grace: 10,000.00 due on 01-01, 04-01, 07-01, 10-01, …
        var id = await CreateAsync(NewContract(assets, annualRent: 40_000m, frequency: "Quarterly", months: 24, signedOn: "2025-01-01", graceDays: 0));
        var asOf = "2025-05-16"; // 135 days after 01-01 (91–180), 45 days after 04-01 (31–90)

        var before = RowOf(await GetAsync($"/api/contracts/arrears?asOf={asOf}"), id);
        var page = await App.Admin.GetStringAsync($"/contracts/arrears?asOf={asOf}", Ct);

        before.GetProperty("upTo30").GetYuan().Should().Be(0m);
        before.GetProperty("upTo90").GetYuan().Should().Be(10_000m);
        before.GetProperty("upTo180").GetYuan().Should().Be(10_000m);
        before.GetProperty("over180").GetYuan().Should().Be(0m);
        before.GetProperty("total").GetYuan().Should().Be(20_000m);
        before.GetProperty("maxDaysOverdue").GetInt32().Should().Be(135);
        page.Should().Contain(before.GetProperty("number").GetString()).And.Contain("10,000.00").And.Contain("20,000.00").And.Contain("31–90 天").And.Contain("2025-05-16");

        var version = (await GetAsync($"/api/contracts/{id}")).GetProperty("version").GetInt32();
        using var paid = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { receivedOn = "2025-05-20", amount = "15000.00", reference = "收据 2025-017", version }, Ct);
        var receipt = await Json(paid);
        var after = RowOf(await GetAsync($"/api/contracts/arrears?asOf={asOf}"), id);
        var contract = await GetAsync($"/api/contracts/{id}");

        paid.StatusCode.Should().Be(HttpStatusCode.OK, receipt.GetRawText());
        after.GetProperty("upTo180").GetYuan().Should().Be(0m, "the oldest instalment was paid first");
        after.GetProperty("upTo90").GetYuan().Should().Be(5_000m);
        after.GetProperty("total").GetYuan().Should().Be(5_000m);
        contract.GetProperty("schedule").EnumerateArray().Take(3).Select(r => r.GetProperty("paid").GetYuan()).Should().Equal(10_000m, 5_000m, 0m);
        contract.GetProperty("received").GetYuan().Should().Be(15_000m);
        var receiptId = receipt.GetProperty("receiptId").GetInt64();
        contract.GetProperty("receipts").EnumerateArray().Single().GetProperty("id").GetInt64().Should().Be(receiptId);

        await using var db = App.Database.CreateContext();
        var income = await db.AssetIncomes.AsNoTracking().Where(i => i.SourceId == receiptId && i.ContractId == new ContractId(id)).ToListAsync(Ct);
        income.Should().HaveCount(2).And.AllSatisfy(i =>
        {
            i.Kind.Should().Be(IncomeKind.ContractReceipt);
            i.ReceivedOn.Should().Be(new DateOnly(2025, 5, 20));
            i.Year.Should().Be(2025);
        });
        Money.Sum(income.Select(i => i.Amount)).Should().Be(Money.FromYuan(15_000m), "the parts add up to the receipt exactly");
        // 15,000.00 × 100,000.00 / 300,000.01 = 4,999.9998…, the leftover fen goes to the larger remainder.
        income.Single(i => i.AssetId == new AssetId(assets[0])).Amount.Should().Be(Money.FromYuan(5_000.00m));
        income.Single(i => i.AssetId == new AssetId(assets[1])).Amount.Should().Be(Money.FromYuan(10_000.00m));
        var ledger = await GetAsync($"/api/income?assetId={assets[1]}&kind=ContractReceipt");
        ledger.GetProperty("sum").GetYuan().Should().Be(10_000.00m);
        ledger.GetProperty("items")[0].GetProperty("contractId").GetInt64().Should().Be(id);
    }

    [Fact]
    public async Task Receipt_splits_that_do_not_divide_evenly_still_sum_to_the_receipt()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 33_333.33m, 33_333.33m, 33_333.34m);
        var id = await CreateAsync(NewContract(assets, annualRent: 10_000m, months: 36, signedOn: "2024-03-01"));
        var version = (await GetAsync($"/api/contracts/{id}")).GetProperty("version").GetInt32();

        using var paid = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { receivedOn = "2024-04-01", amount = "100.01", version }, Ct);
        var receipt = await Json(paid);

        paid.StatusCode.Should().Be(HttpStatusCode.OK, receipt.GetRawText());
        var parts = receipt.GetProperty("income").EnumerateArray().Select(p => p.GetProperty("amount").GetYuan()).ToList();
        parts.Should().HaveCount(3);
        parts.Sum().Should().Be(100.01m);
        parts.Should().OnlyContain(p => p >= 33.33m && p <= 33.35m);
    }

    [Fact]
    public async Task Overpaying_and_stale_versions_are_refused()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 50_000m);
        var id = await CreateAsync(NewContract(assets, annualRent: 5_000m, months: 12, signedOn: "2024-01-01"));
        var version = (await GetAsync($"/api/contracts/{id}")).GetProperty("version").GetInt32();

        using var over = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { receivedOn = "2024-02-01", amount = "5000.01", version }, Ct);
        using var ok = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { receivedOn = "2024-02-01", amount = "1000", version }, Ct);
        using var stale = await App.Admin.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { receivedOn = "2024-02-02", amount = "1000", version }, Ct);

        over.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(over)).GetProperty("code").GetString().Should().Be("contracts.overpaid");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(stale)).GetProperty("code").GetString().Should().Be("contracts.stale");
        (await GetAsync($"/api/contracts/{id}")).GetProperty("received").GetYuan().Should().Be(1_000m);
        await using var db = App.Database.CreateContext();
        (await db.AssetIncomes.CountAsync(i => i.ContractId == new ContractId(id), Ct)).Should().Be(1, "refused receipts booked no income");
    }

    [Fact]
    public async Task An_invalid_credit_code_is_refused_naming_operatorCreditCode()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 50_000m);
        var wrong = ValidCreditCode[..17] + (ValidCreditCode[17] == '0' ? '1' : '0');

        using var response = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract(assets, creditCode: wrong), Ct);
        var problem = await Json(response);
        using var lowercase = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract(assets, creditCode: ValidCreditCode.ToLowerInvariant()), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("operatorCreditCode")[0].GetString().Should().Contain("统一社会信用代码").And.Contain("校验位");
        lowercase.StatusCode.Should().Be(HttpStatusCode.Created, "lowercase letters are the same code");
        (await GetAsync(lowercase.Headers.Location!.OriginalString)).GetProperty("operatorCreditCode").GetString().Should().Be(ValidCreditCode);

        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(App.Admin, "/contracts/new");
        await using var db = App.Database.CreateContext();
        var code = await db.Assets.AsNoTracking().Where(a => a.Id == new AssetId(assets[0])).Select(a => a.Code).SingleAsync(Ct);
        using var form = await App.Admin.PostAsync("/contracts/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.AssetCodes"] = code, ["Input.OperatorKind"] = "Enterprise", ["Input.OperatorName"] = "某公司",
            ["Input.OperatorCreditCode"] = wrong, ["Input.Mode"] = "Entrusted", ["Input.SignedOn"] = "2025-01-01", ["Input.StartOn"] = "2025-01-01",
            ["Input.TermMonths"] = "12", ["Input.Frequency"] = "Annual", ["Input.GraceDays"] = "0", ["Input.Consideration"] = "FixedRent", ["Input.AnnualRent"] = "1000",
        }), Ct);
        var html = await form.Content.ReadAsStringAsync(Ct);
        form.StatusCode.Should().Be(HttpStatusCode.OK, "the form comes back with its errors");
        html.Should().Contain("统一社会信用代码校验位（第 18 位）不正确");
    }

    [Fact]
    public async Task Public_contracting_needs_bids_with_one_winner_who_is_the_operator()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 80_000m);
        var loser = new { bidderName = "另一家合作社", creditCode = (string?)null, annualAmount = "9000", won = false };
        var winner = new { bidderName = "茶乡农业开发有限公司", creditCode = (string?)ValidCreditCode, annualAmount = "10000", won = true };

        using var noWinner = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract(assets, mode: "PublicContracting", bids: [loser]), Ct);
        using var noBids = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract(assets, mode: "PublicContracting", bids: []), Ct);
        using var ok = await App.Admin.PostAsJsonAsync("/api/contracts", NewContract(assets, mode: "PublicContracting", bids: [winner, loser]), Ct);

        noWinner.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await Json(noWinner);
        problem.GetProperty("code").GetString().Should().Be("contracts.one_winner");
        problem.GetProperty("errors").GetProperty("bids").GetArrayLength().Should().Be(1);
        noBids.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noBids)).GetProperty("code").GetString().Should().Be("contracts.bids_required");
        ok.StatusCode.Should().Be(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync(Ct));
        var bids = (await GetAsync(ok.Headers.Location!.OriginalString)).GetProperty("bids").EnumerateArray().ToList();
        bids.Should().HaveCount(2);
        bids.Single(b => b.GetProperty("won").GetBoolean()).GetProperty("bidderName").GetString().Should().Be("茶乡农业开发有限公司");
    }

    [Fact]
    public async Task Termination_cancels_future_instalments_and_a_contract_ending_soon_is_listed_as_expiring()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 60_000m, 40_000m);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var start = today.AddMonths(-11).AddDays(-10);
        var ending = await CreateAsync(NewContract([assets[0]], annualRent: 12_000m, frequency: "Monthly", months: 12, signedOn: start.ToString("yyyy-MM-dd")));
        var other = await CreateAsync(NewContract([assets[1]], annualRent: 12_000m, frequency: "Monthly", months: 12, signedOn: start.ToString("yyyy-MM-dd")));

        var expiring = await GetAsync("/api/contracts/expiring");
        var version = (await GetAsync($"/api/contracts/{other}")).GetProperty("version").GetInt32();
        using var terminated = await App.Admin.PostAsJsonAsync($"/api/contracts/{other}/terminate",
            new { terminatedOn = today.AddMonths(-6).ToString("yyyy-MM-dd"), reason = "经营主体退出", breach = true, breachDescription = "拖欠租金六个月", version }, Ct);
        var after = await GetAsync($"/api/contracts/{other}");
        var expiringAfter = await GetAsync("/api/contracts/expiring");
        var list = await GetAsync("/api/contracts?status=Terminated&pageSize=200");

        expiring.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Should().Contain([ending, other]);
        expiring.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == ending).GetProperty("daysLeft").GetInt32().Should().BeInRange(0, 60);
        terminated.StatusCode.Should().Be(HttpStatusCode.NoContent, await terminated.Content.ReadAsStringAsync(Ct));
        after.GetProperty("state").GetString().Should().Be("Terminated");
        after.GetProperty("breach").GetBoolean().Should().BeTrue();
        var schedule = after.GetProperty("schedule").EnumerateArray().ToList();
        schedule.Count(r => r.GetProperty("cancelled").GetBoolean()).Should().BeInRange(5, 6);
        after.GetProperty("receivable").GetYuan().Should().Be(schedule.Where(r => !r.GetProperty("cancelled").GetBoolean()).Sum(r => r.GetProperty("amount").GetYuan()));
        expiringAfter.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Should().Contain(ending).And.NotContain(other);
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Should().Contain(other).And.NotContain(ending);
        (await App.Admin.GetStringAsync("/contracts/expiring", Ct)).Should().Contain($"/contracts/{ending}");
    }

    [Fact]
    public async Task Another_village_gets_404_for_a_contract_of_Hunzhai_and_may_not_write_to_it()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 30_000m);
        var id = await CreateAsync(NewContract(assets, annualRent: 3_000m, months: 12, signedOn: "2024-01-01"));
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");
        var supervisor = await App.SignInAsync("supervisor");

        using var own = await village.GetAsync($"/api/contracts/{id}", Ct);
        using var other = await village2.GetAsync($"/api/contracts/{id}", Ct);
        using var otherPage = await village2.GetAsync($"/contracts/{id}", Ct);
        using var otherReceipt = await village2.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { amount = "100", version = 0 }, Ct);
        using var otherAsset = await village2.PostAsJsonAsync("/api/contracts", NewContract(assets), Ct);
        using var readOnly = await supervisor.PostAsJsonAsync($"/api/contracts/{id}/receipts", new { amount = "100", version = 0 }, Ct);
        var otherList = await Json(await village2.GetAsync("/api/contracts?pageSize=200", Ct));

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherPage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherReceipt.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherAsset.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(otherAsset)).GetProperty("errors").GetProperty("assetIds")[0].GetString().Should().Contain("不在您的权限范围内");
        readOnly.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Should().NotContain(id);
        (await Json(await village2.GetAsync("/api/contracts/arrears?asOf=2030-01-01", Ct))).GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("contractId").GetInt64()).Should().NotContain(id);
    }

    [Fact]
    public async Task The_contract_pages_render_for_an_officer()
    {
        var assets = await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 30_000m);
        var id = await CreateAsync(NewContract(assets, annualRent: 3_000m, months: 12, signedOn: "2024-01-01"));
        var village = await App.SignInAsync("village");
        var number = (await GetAsync($"/api/contracts/{id}")).GetProperty("number").GetString()!;

        var list = await village.GetStringAsync("/contracts?village=" + TestAssets.Hunzhai + "&q=" + Uri.EscapeDataString(number), Ct);
        var secondPage = await village.GetStringAsync("/contracts?q=" + Uri.EscapeDataString(number) + "&p=2", Ct);
        var form = await village.GetStringAsync($"/contracts/new?assetId={assets[0]}", Ct);
        var detail = await village.GetStringAsync($"/contracts/{id}", Ct);
        var income = await village.GetStringAsync($"/assets/{assets[0]}/income", Ct);

        list.Should().Contain(number).And.Contain("3,000.00").And.Contain("已到期");
        secondPage.Should().NotContain($"/contracts/{id}\"", "the one match is on the first page");
        form.Should().Contain("签订经营合同").And.Contain("TST-");
        detail.Should().Contain(number).And.Contain("登记收款").And.Contain("带贫成效").And.Contain("终止合同");
        income.Should().Contain("登记其他收益");

        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, $"/contracts/{id}");
        var version = (await GetAsync($"/api/contracts/{id}")).GetProperty("version").GetInt32();
        using var receipt = await village.PostAsync($"/contracts/{id}?handler=Receipt", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = version.ToString(), ["Receipt.ReceivedOn"] = "2024-02-15", ["Receipt.Amount"] = "1234.56", ["Receipt.Reference"] = "页面收款",
        }), Ct);
        using var overpaid = await village.PostAsync($"/contracts/{id}?handler=Receipt", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = (version + 1).ToString(), ["Receipt.ReceivedOn"] = "2024-02-16", ["Receipt.Amount"] = "9999",
        }), Ct);

        receipt.StatusCode.Should().Be(HttpStatusCode.Redirect, await receipt.Content.ReadAsStringAsync(Ct));
        (await GetAsync($"/api/contracts/{id}")).GetProperty("received").GetYuan().Should().Be(1_234.56m);
        overpaid.StatusCode.Should().Be(HttpStatusCode.OK, "the page comes back with the error next to the amount");
        (await overpaid.Content.ReadAsStringAsync(Ct)).Should().Contain("超过尚欠金额");
    }

    /// <summary>The body of POST /api/contracts: by default a fixed rent entrusted to an enterprise.</summary>
    protected static object NewContract(
        IReadOnlyList<long> assetIds, string consideration = "FixedRent", decimal? annualRent = 12_000m, decimal? ratePercent = null,
        string frequency = "Annual", int months = 36, string signedOn = "2024-01-01", int graceDays = 30, string mode = "Entrusted",
        string? creditCode = null, object[]? bids = null) => new
    {
        assetIds,
        operatorKind = "Enterprise",
        operatorName = "茶乡农业开发有限公司",
        operatorCreditCode = creditCode ?? ValidCreditCode,
        operatorContact = "龙经理 13800000000",
        mode,
        signedOn,
        startOn = signedOn,
        termMonths = months,
        frequency,
        graceDays,
        consideration,
        annualRent = consideration == "FixedRent" && annualRent is { } rent ? ApiValues.Text(rent) : null,
        ratePercent = ratePercent is { } rate ? ApiValues.Text(rate) : null,
        bids = bids ?? [],
    };

    protected async Task<long> CreateAsync(object body)
    {
        using var created = await App.Admin.PostAsJsonAsync("/api/contracts", body, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await Json(created)).GetProperty("id").GetInt64();
    }

    protected async Task<JsonElement> GetAsync(string path)
    {
        using var response = await App.Admin.GetAsync(path, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await Json(response);
    }

    private static JsonElement RowOf(JsonElement report, long contractId) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("contractId").GetInt64() == contractId);

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteContractTests(RuralApp<SqliteTestDatabase> app) : ContractTests<SqliteTestDatabase>(app);

public sealed class PostgresContractTests(RuralApp<PostgresTestDatabase> app) : ContractTests<PostgresTestDatabase>(app);
