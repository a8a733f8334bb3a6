using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Credit;

/// <summary>
/// Loan usage inspections over HTTP: the plan's due list per township and bank (and its Excel), an inspection with a
/// photo recorded once however often the phone re-sends it, bad photos and fields refused with nothing written, a
/// diverted conclusion opening one case that the next inspection of the loan joins, campaign totals, scope, the pages.
/// </summary>
public abstract class LoanInspectionTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    private static readonly CultureInfo Fmt = CultureInfo.InvariantCulture;

    protected LoanInspectionTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_due_list_follows_the_dated_plan_per_township_and_bank_and_an_inspection_takes_a_loan_off_it()
    {
        using var township = await App.SignInAsync("township");
        using var bank = await App.SignInAsync("bank");
        using var county = await App.SignInAsync("county");
        using var village = await App.SignInAsync("village");

        var due = await Json(await township.GetAsync("/api/loan-inspections/due", Ct));
        due.GetProperty("firstWithinMonths").GetInt32().Should().Be(6);
        due.GetProperty("everyMonths").GetInt32().Should().Be(12);
        var rows = due.GetProperty("rows").EnumerateArray().ToList();
        rows.Should().NotBeEmpty("the demo county has unpaid loans never inspected");
        var townshipCode = (await TownshipCodeAsync())!;
        rows.Should().OnlyContain(r => r.GetProperty("townshipCode").GetString() == townshipCode);
        foreach (var r in rows.Where(r => r.GetProperty("lastInspectedOn").ValueKind == JsonValueKind.Null).Take(20))
        {
            DateOnly.Parse(r.GetProperty("dueOn").GetString()!, Fmt).Should().Be(DateOnly.Parse(r.GetProperty("disbursedOn").GetString()!, Fmt).AddMonths(6));
        }
        due.GetProperty("byTownship").EnumerateArray().Should().ContainSingle();
        due.GetProperty("byVillage").EnumerateArray().Sum(v => v.GetProperty("due").GetInt32() + v.GetProperty("overdue").GetInt32())
            .Should().Be(due.GetProperty("total").GetInt32());
        var overdueOnly = await Json(await township.GetAsync("/api/loan-inspections/due?overdue=true", Ct));
        overdueOnly.GetProperty("rows").EnumerateArray().Should().OnlyContain(r => r.GetProperty("overdue").GetBoolean());

        // A bank officer sees its bank's loans only; a bad township code is a 400 naming it.
        (await Json(await bank.GetAsync("/api/loan-inspections/due", Ct))).GetProperty("rows").EnumerateArray()
            .Should().OnlyContain(r => r.GetProperty("bankCode").GetString() == DemoLoader.DemoBankCode);
        await ExpectAsync(await county.GetAsync("/api/loan-inspections/due?township=12x", Ct), HttpStatusCode.BadRequest, "area.invalid_code", "township");

        // The export holds every due row of the caller's scope.
        using (var export = await township.GetAsync("/api/loan-inspections/due/export", Ct))
        {
            export.StatusCode.Should().Be(HttpStatusCode.OK);
            await using var stream = await export.Content.ReadAsStreamAsync(Ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            copy.Position = 0;
            copy.Query(useHeaderRow: true).Count().Should().Be(due.GetProperty("total").GetInt32());
        }

        // An inspection takes the loan off the list until the next one falls due (12 months on).
        var loan = rows[0].GetProperty("loanNumber").GetString()!;
        using (var recorded = await PostAsync(township, Form(loan, "AsDeclared", Guid.NewGuid())))
        {
            recorded.StatusCode.Should().Be(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(Ct));
        }
        var after = await Json(await township.GetAsync("/api/loan-inspections/due", Ct));
        after.GetProperty("rows").EnumerateArray().Should().NotContain(r => r.GetProperty("loanNumber").GetString() == loan);
        after.GetProperty("total").GetInt32().Should().Be(due.GetProperty("total").GetInt32() - 1);

        // The plan is dated data: a county version from today moves every first inspection to 3 months; a village may not.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        (await village.PostAsJsonAsync("/api/loan-inspections/plan", new { effectiveFrom = today, firstWithinMonths = 3, everyMonths = 6 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await ExpectAsync(await county.PostAsJsonAsync("/api/loan-inspections/plan", new { effectiveFrom = today, firstWithinMonths = 0, everyMonths = 6 }, Ct),
            HttpStatusCode.BadRequest, "inspections.first_within", "firstWithinMonths");
        (await county.PostAsJsonAsync("/api/loan-inspections/plan", new { effectiveFrom = today, firstWithinMonths = 3, everyMonths = 6, documentNo = "县金融办〔2026〕9号" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await ExpectAsync(await county.PostAsJsonAsync("/api/loan-inspections/plan", new { effectiveFrom = today, firstWithinMonths = 4, everyMonths = 6 }, Ct),
            HttpStatusCode.Conflict, "inspections.plan_exists");
        var moved = await Json(await township.GetAsync("/api/loan-inspections/due", Ct));
        moved.GetProperty("firstWithinMonths").GetInt32().Should().Be(3);
        moved.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("lastInspectedOn").ValueKind == JsonValueKind.Null).Take(20)
            .Should().OnlyContain(r => DateOnly.Parse(r.GetProperty("dueOn").GetString()!, Fmt) == DateOnly.Parse(r.GetProperty("disbursedOn").GetString()!, Fmt).AddMonths(3));

        // The versions on their page, linked from the list: the demo's published one and today's; the county publishes the next
        // one from the form (asked first, audited), a bad period is shown beside its field, a township officer gets no form.
        var plans = await county.GetStringAsync("/credit/loan-inspections/plan", Ct);
        plans.Should().Contain("县乡村振兴局〔2021〕12号").And.Contain("县金融办〔2026〕9号").And.Contain("data-confirm").And.Contain("现行");
        (await township.GetStringAsync("/credit/loan-inspections/plan", Ct)).Should().Contain("县金融办〔2026〕9号").And.NotContain("plan-form");
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/credit/loan-inspections/plan");
        var tomorrow = today.AddDays(1).ToString("yyyy-MM-dd", Fmt);
        FormUrlEncodedContent PlanForm(string first) => new([KeyValuePair.Create("Input.EffectiveFrom", tomorrow), KeyValuePair.Create("Input.FirstWithinMonths", first),
            KeyValuePair.Create("Input.EveryMonths", "12"), KeyValuePair.Create("Input.DocumentNo", "县金融办〔2026〕15号"), KeyValuePair.Create("__RequestVerificationToken", token)]);
        using (var refused = await county.PostAsync("/credit/loan-inspections/plan", PlanForm("40"), Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("首次检查期限应在 1–36 个月之间");
        }
        using (var published = await county.PostAsync("/credit/loan-inspections/plan", PlanForm("4"), Ct))
        {
            published.StatusCode.Should().Be(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync(Ct));
        }
        var next = (await Json(await county.GetAsync("/api/loan-inspections/plan", Ct))).EnumerateArray().Single(p => p.GetProperty("documentNo").GetString() == "县金融办〔2026〕15号");
        (next.GetProperty("firstWithinMonths").GetInt32(), next.GetProperty("inForce").GetBoolean()).Should().Be((4, false), "it begins tomorrow");
        (await township.GetStringAsync("/credit/loan-inspections", Ct)).Should().Contain("href=\"/credit/loan-inspections/plan\"");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == nameof(InspectionPlanPolicy) && a.EntityId == next.GetProperty("id").GetInt64().ToString(Fmt), Ct))
                .Should().Be(1);
        }

        // The pages: the list at 390 px as a township officer, the form with the camera.
        var page = await township.GetStringAsync("/credit/loan-inspections", Ct);
        page.Should().Contain("贷后用途检查").And.Contain(after.GetProperty("rows")[0].GetProperty("loanNumber").GetString()!);
        var form = await township.GetStringAsync($"/credit/loan-inspections/new?loan={Uri.EscapeDataString(loan)}", Ct);
        form.Should().Contain("capture=\"environment\"").And.Contain("/js/inspection-offline.js").And.Contain(rows[0].GetProperty("borrowerName").GetString()!);
        (await village.GetAsync("/credit/loan-inspections/new", Ct)).StatusCode.Should().NotBe(HttpStatusCode.OK, "a village officer does not record usage inspections");
        using var manifest = await township.GetAsync("/manifest.webmanifest", Ct);
        manifest.StatusCode.Should().Be(HttpStatusCode.OK);
        (await manifest.Content.ReadAsStringAsync(Ct)).Should().Contain("\"start_url\": \"/credit/loan-inspections/new\"");
        (await township.GetAsync("/sw.js", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_inspection_is_recorded_once_per_client_key_and_a_diverted_one_opens_one_case_the_next_joins()
    {
        using var township = await App.SignInAsync("township");
        using var county = await App.SignInAsync("county");
        using var village2 = await App.SignInAsync("village2");
        var loan = await LoanAsync();
        using var otherBank = await App.SignInAsync(await BankOfficerAsync("bank-insp-other", "TEST-INSP-OTHER"));

        // Bad input: every bad field at once, nothing written.
        var before = await CountAsync(loan.Number);
        using (var bad = Form(loan.Number, null, Guid.NewGuid(), photo: "%PDF-1.4 not a photo"u8.ToArray()))
        {
            bad.Add(new StringContent("26.5"), "latitude");
            var problem = await ExpectAsync(await PostAsync(township, bad), HttpStatusCode.BadRequest, null, "conclusion");
            problem.GetProperty("errors").TryGetProperty("files[0]", out _).Should().BeTrue(problem.ToString());
        }
        await ExpectAsync(await PostAsync(township, Form(loan.Number, "Diverted", Guid.NewGuid(), followUp: "")), HttpStatusCode.BadRequest, "inspections.required", "followUp");
        await ExpectAsync(await PostAsync(township, Form(loan.Number, "AsDeclared", Guid.NewGuid(), on: "2099-01-01")), HttpStatusCode.BadRequest, null, "inspectedOn");
        await ExpectAsync(await PostAsync(township, Form(loan.Number, "AsDeclared", null, campaign: 999_999)), HttpStatusCode.BadRequest, "inspections.unknown_campaign", "campaignId");
        (await CountAsync(loan.Number)).Should().Be(before);

        // A campaign of the county (supervision's 专项检查) groups the inspection.
        using var created = await county.PostAsJsonAsync("/api/campaigns", new { name = "2026 年小额信贷资金用途专项检查", year = 2026 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var campaign = (await Json(created)).GetProperty("id").GetInt64();

        // The phone sends; the answer is lost; it sends again: one inspection, the same id, the photo kept once.
        var key = Guid.NewGuid();
        using var first = await PostAsync(township, Form(loan.Number, "AsDeclared", key, campaign: campaign));
        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync(Ct));
        var id = (await Json(first)).GetProperty("id").GetInt64();
        using var again = await PostAsync(township, Form(loan.Number, "AsDeclared", key, campaign: campaign));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var repeated = await Json(again);
        repeated.GetProperty("id").GetInt64().Should().Be(id);
        repeated.GetProperty("repeated").GetBoolean().Should().BeTrue();
        // Ten re-sends at once of a new inspection: one record.
        var racing = Guid.NewGuid();
        var sends = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(township, Form(loan.Number, "Idle", racing, followUp: "督促农户尽快购进种苗"))));
        sends.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK);
        sends.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        (await CountAsync(loan.Number)).Should().Be(before + 2);

        var view = await Json(await township.GetAsync($"/api/loan-inspections/{id}", Ct));
        view.GetProperty("conclusionName").GetString().Should().Be("按申报用途使用");
        view.GetProperty("latitude").GetDecimal().Should().Be(26.583112m);
        view.GetProperty("campaignName").GetString().Should().Be("2026 年小额信贷资金用途专项检查");
        var photo = view.GetProperty("photos").EnumerateArray().Should().ContainSingle().Subject;
        using (var image = await township.GetAsync($"/api/loan-inspections/{id}/photos/{photo.GetProperty("id").GetInt64()}", Ct))
        {
            image.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
            (await image.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(Jpeg);
        }
        (await township.GetStringAsync($"/credit/loan-inspections/{id}", Ct)).Should().Contain("按申报用途使用").And.Contain(loan.Number);

        // Scope: another village and another bank don't find it, nor the loan to inspect.
        (await village2.GetAsync($"/api/loan-inspections/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherBank.GetAsync($"/api/loan-inspections/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ExpectAsync(await PostAsync(otherBank, Form(loan.Number, "AsDeclared", Guid.NewGuid())), HttpStatusCode.BadRequest, "inspections.unknown_loan", "loanNumber");

        // Diverted: a case of the loan is opened, once; a later 户贷企用 inspection of the same loan joins it.
        using var diverted = await PostAsync(township, Form(loan.Number, "Diverted", Guid.NewGuid(), followUp: "限期 30 日内收回资金"));
        diverted.StatusCode.Should().Be(HttpStatusCode.Created, await diverted.Content.ReadAsStringAsync(Ct));
        var caseId = (await Json(diverted)).GetProperty("caseId").GetInt64();
        using var enterprise = await PostAsync(township, Form(loan.Number, "EnterpriseUse", Guid.NewGuid(), followUp: "资金已转入合作社，约谈负责人"));
        (await Json(enterprise)).GetProperty("caseId").GetInt64().Should().Be(caseId);
        var found = await Json(await county.GetAsync($"/api/loan-usage/cases/{caseId}", Ct));
        found.GetProperty("ruleKind").GetString().Should().Be("InspectionFound");
        found.GetProperty("loans").EnumerateArray().Select(l => l.GetProperty("loanNumber").GetString()).Should().Equal(loan.Number);
        (await Json(await county.GetAsync("/api/loan-usage/cases?rule=InspectionFound", Ct))).EnumerateArray()
            .Count(c => c.GetProperty("subject").GetString() == loan.Number).Should().Be(1);

        // Campaign totals and the audit trail.
        var totals = (await Json(await county.GetAsync("/api/loan-inspections/campaigns", Ct))).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == campaign);
        totals.GetProperty("inspections").GetInt32().Should().Be(1);
        totals.GetProperty("asDeclared").GetInt32().Should().Be(1);
        totals.GetProperty("loanAmount").GetFen().Should().Be(loan.Amount.Fen);
        await using var db = App.Database.CreateContext();
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(LoanInspection) && a.EntityId == id.ToString(Fmt)).CountAsync(Ct);
        audited.Should().Be(1);
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == nameof(LoanInspectionPhoto), Ct)).Should().BeGreaterThan(0);
    }

    private static MultipartFormDataContent Form(string loan, string? conclusion, Guid? key, string? followUp = null, string on = "", long? campaign = null, byte[]? photo = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(loan), "loanNumber" },
            { new StringContent("张三、李四"), "inspectors" },
            { new StringContent("养殖业"), "useCategory" },
            { new StringContent("农户称贷款用于购买母牛 3 头，现场见牛 3 头"), "statement" },
        };
        if (conclusion is not null)
        {
            form.Add(new StringContent(conclusion), "conclusion");
        }
        if (key is { } k)
        {
            form.Add(new StringContent(k.ToString()), "clientKey");
        }
        if (followUp is not null)
        {
            form.Add(new StringContent(followUp), "followUp");
        }
        if (on.Length > 0)
        {
            form.Add(new StringContent(on), "inspectedOn");
        }
        if (campaign is { } c)
        {
            form.Add(new StringContent(c.ToString(Fmt)), "campaignId");
            form.Add(new StringContent("26.583112"), "latitude");
            form.Add(new StringContent("106.707501"), "longitude");
        }
        form.Add(new ByteArrayContent(photo ?? Jpeg), "files", "现场.jpg");
        return form;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, MultipartFormDataContent form)
    {
        using (form)
        {
            return await client.PostAsync("/api/loan-inspections", form, Ct);
        }
    }

    /// <summary>An unpaid disbursed loan of the township officer's township and the demo bank that no earlier test inspected.</summary>
    private async Task<(string Number, Money Amount)> LoanAsync()
    {
        var township = DivisionCode.Parse((await TownshipCodeAsync())!);
        await using var db = App.Database.CreateContext();
        var inspected = await db.LoanInspections.IgnoreQueryFilters().Select(i => i.LoanId).Distinct().ToListAsync(Ct);
        var loan = await db.Loans.IgnoreQueryFilters()
            .Where(l => l.TownshipCode == township && l.BankCode == DemoLoader.DemoBankCode && l.Status == LoanStatus.Active && !inspected.Contains(l.Id))
            .OrderByDescending(l => l.Number).Select(l => new { l.Number, l.DisbursedAmount }).FirstAsync(Ct);
        return (loan.Number, loan.DisbursedAmount);
    }

    private async Task<string?> TownshipCodeAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.Users.IgnoreQueryFilters().Where(u => u.UserName == "township").Select(u => u.ScopeCode).SingleAsync(Ct) is { } code ? code.Value : null;
    }

    private async Task<int> CountAsync(string loan)
    {
        await using var db = App.Database.CreateContext();
        return await db.LoanInspections.IgnoreQueryFilters().CountAsync(i => i.LoanNumber == loan, Ct);
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

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string? code, string? field = null)
    {
        using (response)
        {
            var problem = await Json(response);
            response.StatusCode.Should().Be(status, problem.ToString());
            if (code is not null)
            {
                problem.GetProperty("code").GetString().Should().Be(code, problem.ToString());
            }
            if (field is not null)
            {
                problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the error names {field}: {problem}");
            }
            return problem;
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteLoanInspectionTests(RuralApp<SqliteTestDatabase> app) : LoanInspectionTests<SqliteTestDatabase>(app);

public sealed class PostgresLoanInspectionTests(RuralApp<PostgresTestDatabase> app) : LoanInspectionTests<PostgresTestDatabase>(app);
