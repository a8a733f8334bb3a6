using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Linkage;

/// <summary>
/// Benefit linkage as a new user meets it: the contract's wage share (the seed's 20.34%), a cooperative's agreement with
/// 100 households (renewed, terminated, exported), a 12-month payroll sheet imported with one bad row named and then
/// fixed (importing it again changes nothing), each household's income by category against the monitoring line, the
/// 一股了之 list, and the scope of all of it.
/// </summary>
public abstract class LinkageTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly DivisionCode Hongjiawan = DivisionCode.Parse("522699001002");
    private static readonly string Cooperative = CreditCode.Complete("93522699MA6E9LK3").Value;
    private static readonly int Year = BusinessCalendar.Today(TimeProvider.System).Year - 1;

    protected LinkageTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seed_contract_shows_20_34_percent_of_its_wages_paid_to_poor_households_on_its_page_in_the_api_and_in_the_county_wage_view()
    {
        long contractId;
        await using (var db = App.Database.CreateContext())
        {
            contractId = (await db.Contracts.AsNoTracking().ToListAsync(Ct))
                .Single(c => c.Employment.Any(e => e.Wages == DemoAssetGenerator.SeedWages && e.WagesToPoor == DemoAssetGenerator.SeedWagesToPoor)).Id.Value;
        }
        using var county = await App.SignInAsync("county");
        var contract = await GetJsonAsync(county, $"/api/contracts/{contractId}");
        var report = contract.GetProperty("employment").EnumerateArray().Single(e => e.GetProperty("wages").GetYuan() == 2_000_000m);
        report.GetProperty("wagesToPoor").GetYuan().Should().Be(406_700m);
        report.GetProperty("shareToPoor").GetString().Should().Be("20.34", "406,700.00 / 2,000,000.00 = 0.20335, half away from zero");

        var page = await county.GetStringAsync($"/contracts/{contractId}", Ct);
        page.Should().Contain($"data-share=\"{report.GetProperty("year").GetInt32()}\">20.34%");

        var summary = await GetJsonAsync(county, $"/api/linkage/wages/summary?year={report.GetProperty("year").GetInt32()}");
        summary.GetProperty("employers").EnumerateArray()
            .Single(e => e.GetProperty("source").GetString() == "经营合同" && e.GetProperty("wages").GetYuan() == 2_000_000m)
            .GetProperty("shareToPoor").GetString().Should().Be("20.34");
        (await county.GetStringAsync($"/linkage/wages?year={report.GetProperty("year").GetInt32()}", Ct)).Should().Contain("20.34%");
    }

    [Fact]
    public async Task A_cooperative_s_agreement_binds_100_households_is_renewed_and_terminated_with_reasons_audited_exported_and_kept_in_scope()
    {
        List<string> numbers;
        await using (var db = App.Database.CreateContext())
        {
            // Every 60th household: they span the county's townships, so the agreement is county-level.
            numbers = (await db.Households.AsNoTracking().OrderBy(h => h.HouseholdNo).Select(h => h.HouseholdNo).ToListAsync(Ct)).Where((_, i) => i % 60 == 0).Take(100).ToList();
            numbers.Should().HaveCount(100);
        }
        using var county = await App.SignInAsync("county");
        object Body(string code, IEnumerable<string> households) => new
        {
            partnerName = "茶乡县绿丰种养殖专业合作社", partnerCode = code, type = "Mixed", signedOn = new DateOnly(Year, 2, 20),
            startOn = new DateOnly(Year, 3, 1), endOn = new DateOnly(Year + 2, 2, 28), monthlyWage = "2400.00", guaranteedPrice = "6.50",
            rentPerMu = "500.00", dividend = "300.00", projects = "食用菌种植基地（扶贫资产）", households,
        };
        using (var bad = await county.PostAsJsonAsync("/api/linkage/agreements", Body(Cooperative[..17] + (Cooperative[17] == '0' ? '1' : '0'), numbers.Append("NOPE-0001")), Ct))
        {
            var problem = await JsonAsync(bad);
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
            problem.GetProperty("errors").TryGetProperty("partnerCode", out var code).Should().BeTrue(problem.ToString());
            code[0].GetString().Should().Contain("校验位");
        }
        using (var missing = await county.PostAsJsonAsync("/api/linkage/agreements", Body(Cooperative, numbers.Append("NOPE-0001")), Ct))
        {
            var problem = await JsonAsync(missing);
            missing.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
            problem.GetProperty("errors").TryGetProperty("households[100]", out _).Should().BeTrue(problem.ToString());
        }
        long id;
        using (var signed = await county.PostAsJsonAsync("/api/linkage/agreements", Body(Cooperative, numbers), Ct))
        {
            signed.StatusCode.Should().Be(HttpStatusCode.Created, await signed.Content.ReadAsStringAsync(Ct));
            id = (await JsonAsync(signed)).GetProperty("id").GetInt64();
        }
        var agreement = await GetJsonAsync(county, $"/api/linkage/agreements/{id}");
        agreement.GetProperty("households").GetArrayLength().Should().Be(100);
        agreement.GetProperty("number").GetString().Should().StartWith($"LJ522699-{Year}-");
        agreement.GetProperty("monthlyWage").GetYuan().Should().Be(2_400m);
        agreement.GetProperty("rentPerMu").GetYuan().Should().Be(500m);
        var version = agreement.GetProperty("version").GetInt32();

        using (var noReason = await county.PostAsJsonAsync($"/api/linkage/agreements/{id}/renew", new { endOn = new DateOnly(Year + 4, 2, 28), version }, Ct))
        {
            noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await JsonAsync(noReason)).GetProperty("code").GetString().Should().Be("reason.required");
        }
        using (var renewed = await county.PostAsJsonAsync($"/api/linkage/agreements/{id}/renew", new { endOn = new DateOnly(Year + 4, 2, 28), reason = "基地扩建，续签两年", version }, Ct))
        {
            renewed.StatusCode.Should().Be(HttpStatusCode.NoContent, await renewed.Content.ReadAsStringAsync(Ct));
        }
        using (var stale = await county.PostAsJsonAsync($"/api/linkage/agreements/{id}/terminate", new { on = new DateOnly(Year + 1, 6, 30), reason = "合作社解散", version }, Ct))
        {
            stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await JsonAsync(stale)).GetProperty("code").GetString().Should().Be("agreements.stale");
        }
        using (var ended = await county.PostAsJsonAsync($"/api/linkage/agreements/{id}/terminate", new { on = new DateOnly(Year + 1, 6, 30), reason = "合作社解散", version = version + 1 }, Ct))
        {
            ended.StatusCode.Should().Be(HttpStatusCode.NoContent, await ended.Content.ReadAsStringAsync(Ct));
        }
        using (var again = await county.PostAsJsonAsync($"/api/linkage/agreements/{id}/terminate", new { on = new DateOnly(Year + 1, 6, 30), reason = "合作社解散", version = version + 2 }, Ct))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await JsonAsync(again)).GetProperty("code").GetString().Should().Be("agreements.bad_status");
        }
        agreement = await GetJsonAsync(county, $"/api/linkage/agreements/{id}");
        agreement.GetProperty("edition").GetInt32().Should().Be(2);
        agreement.GetProperty("statusName").GetString().Should().Be("已终止");
        agreement.GetProperty("lastReason").GetString().Should().Be("合作社解散");
        await using (var db = App.Database.CreateContext())
        {
            var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "LinkageAgreement" && a.EntityId == key).ToListAsync(Ct);
            audited.Select(a => a.Action).Should().BeEquivalentTo(["create", "update", "update"]);
            audited.Should().Contain(a => a.After != null && a.After.Contains("基地扩建，续签两年"));
        }

        var page = await county.GetStringAsync($"/linkage/agreements/{id}", Ct);
        page.Should().Contain("已终止").And.Contain("合作社解散").And.Contain("联结户（100 户）");
        using (var export = await county.GetAsync("/api/linkage/agreements/export", Ct))
        {
            export.StatusCode.Should().Be(HttpStatusCode.OK);
            var rows = MiniExcel.Query(new MemoryStream(await export.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true).Cast<IDictionary<string, object?>>()
                .Where(r => Equals(r["协议编号"], agreement.GetProperty("number").GetString())).ToList();
            rows.Should().HaveCount(100);
            rows.Select(r => r["户编号"]).Should().BeEquivalentTo(numbers);
        }

        // The households span the county: a village officer sees neither the agreement nor its page.
        using var village = await App.SignInAsync("village");
        using (var hidden = await village.GetAsync($"/api/linkage/agreements/{id}", Ct))
        {
            hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        (await GetJsonAsync(village, "/api/linkage/agreements")).EnumerateArray().Should().NotContain(a => a.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task A_twelve_month_payroll_sheet_is_refused_whole_for_one_bad_row_then_imported_and_importing_it_again_changes_nothing_and_income_follows()
    {
        var workers = await WorkersAsync(Hunzhai, 12);
        var demoRows = await CountWagesAsync();
        using var village = await App.SignInAsync("village");
        var rows = new List<Dictionary<string, object>>();
        foreach (var month in Enumerable.Range(1, 12))
        {
            foreach (var (w, i) in workers.Select((w, i) => (w, i)))
            {
                rows.Add(Row(w.CitizenId, w.Name, month, 22, $"{2_800 + 10 * i}.50"));
            }
            rows.Add(Row("52269919800101123X", "外村职工", month, 20, "3000.00"));
        }
        var bad = rows.Select(r => new Dictionary<string, object>(r)).ToList();
        bad[40]["应发工资（元）"] = "三千";
        using (var refused = await UploadAsync(village, Sheet(bad)))
        {
            var problem = await JsonAsync(refused);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
            problem.GetProperty("code").GetString().Should().Be("wages.import_invalid");
            var error = problem.GetProperty("errors").EnumerateArray().Should().ContainSingle().Subject;
            error.GetProperty("row").GetInt32().Should().Be(42, "the header is row 1, so list item 40 is row 42");
            error.GetProperty("column").GetString().Should().Be("应发工资（元）");
            error.GetProperty("code").GetString().Should().StartWith("money.");
        }
        (await CountWagesAsync()).Should().Be(demoRows, "all or nothing");

        var fixedSheet = Sheet(rows);
        var preview = await JsonAsync(await UploadAsync(village, fixedSheet), HttpStatusCode.OK);
        preview.GetProperty("new").GetInt32().Should().Be(13 * 12);
        var confirmed = await ConfirmAsync(village, preview.GetProperty("token").GetString()!);
        confirmed.GetProperty("written").GetBoolean().Should().BeTrue();
        (await CountWagesAsync()).Should().Be(demoRows + 13 * 12);
        var audit = await CountAuditAsync();

        var again = await JsonAsync(await UploadAsync(village, fixedSheet), HttpStatusCode.OK);
        again.GetProperty("new").GetInt32().Should().Be(0);
        again.GetProperty("existing").GetInt32().Should().Be(13 * 12);
        again.GetProperty("token").ValueKind.Should().Be(JsonValueKind.Null, "nothing left to confirm");
        (await CountWagesAsync()).Should().Be(demoRows + 13 * 12);
        (await CountAuditAsync()).Should().Be(audit, "the same sheet again changes nothing");

        // A changed figure for a recorded month is refused, not applied.
        var changed = rows.Select(r => new Dictionary<string, object>(r)).ToList();
        changed[0]["应发工资（元）"] = "1.00";
        using (var conflict = await UploadAsync(village, Sheet(changed)))
        {
            conflict.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await JsonAsync(conflict)).GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("wages.conflicts_recorded");
        }
        // A member of another village is outside this officer's scope: named, not recorded as an outsider.
        var foreign = (await WorkersAsync(Hongjiawan, 1))[0];
        using (var outside = await UploadAsync(village, Sheet([Row(foreign.CitizenId, foreign.Name, 1, 20, "100.00")])))
        {
            outside.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var e = (await JsonAsync(outside)).GetProperty("errors")[0];
            (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()).Should().Be((2, "身份证号", "wages.member_out_of_scope"));
        }

        // The employer's share: 12 registry workers and one outsider (a county-level row, so the county's view).
        using var county = await App.SignInAsync("county");
        var summary = await GetJsonAsync(county, $"/api/linkage/wages/summary?year={Year}");
        var employer = summary.GetProperty("employers").EnumerateArray().Single(e => e.GetProperty("employerCode").GetString() == Cooperative);
        var poorFen = workers.Select((_, i) => (280_050L + 1_000 * i) * 12).Sum();
        employer.GetProperty("wagesToPoor").GetFen().Should().Be(poorFen);
        employer.GetProperty("wages").GetFen().Should().Be(poorFen + 300_000L * 12);
        employer.GetProperty("shareToPoor").GetString().Should().Be(Rate.ShareOf(Money.FromFen(poorFen), Money.FromFen(poorFen + 3_600_000))!.Value.ToInvariantString());

        // Income by category: payroll + a public-welfare post are wage; business and transfer entered; per person vs the line.
        using (var admin = await App.SignInAsync("admin"))
        {
            // The demo's lines: last year's is 8,700.00 per person; a line is set once per province and year.
            (await GetJsonAsync(admin, "/api/linkage/income/lines")).EnumerateArray()
                .Single(l => l.GetProperty("provinceCode").GetString() == "52" && l.GetProperty("year").GetInt32() == Year).GetProperty("perPerson").GetYuan().Should().Be(8_700m);
            using var twice = await admin.PostAsJsonAsync("/api/linkage/income/lines", new { province = "52", year = Year, perPerson = "9000.00", effectiveOn = new DateOnly(Year, 1, 1) }, Ct);
            twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await JsonAsync(twice)).GetProperty("code").GetString().Should().Be("income.line_exists");
            using var later = await admin.PostAsJsonAsync("/api/linkage/income/lines", new { province = "52", year = Year + 10, perPerson = "9900.00", effectiveOn = new DateOnly(Year + 10, 1, 1) }, Ct);
            later.StatusCode.Should().Be(HttpStatusCode.Created, await later.Content.ReadAsStringAsync(Ct));
            using var village1 = await App.SignInAsync("village");
            using var forbidden = await village1.PostAsJsonAsync("/api/linkage/income/lines", new { province = "52", year = Year + 11, perPerson = "1.00", effectiveOn = new DateOnly(Year + 11, 1, 1) }, Ct);
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        var first = workers[0];
        using (var post = await village.PostAsJsonAsync("/api/public-jobs", new
               {
                   householdNo = first.HouseholdNo, memberName = first.Name, post = "Cleaner", monthlyPay = "500.00", startOn = new DateOnly(Year, 10, 1),
                   endOn = new DateOnly(Year, 12, 31),
               }, Ct))
        {
            post.StatusCode.Should().Be(HttpStatusCode.Created, await post.Content.ReadAsStringAsync(Ct));
        }
        await EnterAsync(village, first.HouseholdNo, "Business", "1000.00");
        await EnterAsync(village, first.HouseholdNo, "Transfer", "456.78");
        using (var unversioned = await village.PostAsJsonAsync("/api/linkage/income/entries", new { householdNo = first.HouseholdNo, year = Year, category = "Transfer", amount = "1.00" }, Ct))
        {
            unversioned.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await JsonAsync(unversioned)).GetProperty("code").GetString().Should().Be("version.required");
        }

        var table = await GetJsonAsync(village, $"/api/linkage/income?year={Year}&village={Hunzhai.Value}");
        table.GetProperty("line").GetProperty("perPerson").GetYuan().Should().Be(8_700m);
        var items = table.GetProperty("items").EnumerateArray().ToList();
        foreach (var item in items)
        {
            var total = item.GetProperty("wage").GetFen() + item.GetProperty("business").GetFen() + item.GetProperty("property").GetFen() + item.GetProperty("transfer").GetFen();
            item.GetProperty("total").GetFen().Should().Be(total);
            var people = item.GetProperty("people").GetInt32();
            var perPerson = (long)Math.Round(total / (decimal)people, MidpointRounding.AwayFromZero);
            item.GetProperty("perPerson").GetFen().Should().Be(perPerson);
            item.GetProperty("belowLine").GetBoolean().Should().Be(perPerson < 870_000);
        }
        var mine = items.Single(i => i.GetProperty("householdNo").GetString() == first.HouseholdNo);
        var payroll = workers.Select((w, i) => (w, i)).Where(x => x.w.HouseholdNo == first.HouseholdNo).Sum(x => (280_050L + 1_000 * x.i) * 12);
        mine.GetProperty("payroll").GetFen().Should().Be(payroll);
        mine.GetProperty("publicJobs").GetFen().Should().Be(150_000, "October to December at 500.00");
        mine.GetProperty("wage").GetFen().Should().Be(payroll + 150_000);
        mine.GetProperty("business").GetFen().Should().Be(100_000);
        mine.GetProperty("transfer").GetFen().Should().Be(45_678);
        table.GetProperty("belowLine").GetInt32().Should().Be(items.Count(i => i.GetProperty("belowLine").GetBoolean()));

        // The household file shows the five-year table, the last year with these figures.
        var file = await village.GetStringAsync($"/registry/{first.HouseholdId}", Ct);
        file.Should().Contain("id=\"household-income\"").And.Contain($"data-year=\"{Year}\"").And.Contain(Yuan(mine.GetProperty("total").GetFen()));
        var trend = await GetJsonAsync(village, $"/api/linkage/income/households/{first.HouseholdId}?year={Year}");
        trend.GetArrayLength().Should().Be(5);
        trend[4].GetProperty("total").GetFen().Should().Be(mine.GetProperty("total").GetFen());

        // Scope: another village's officer reads none of it.
        using var village2 = await App.SignInAsync("village2");
        using (var hidden = await village2.GetAsync($"/api/linkage/income/households/{first.HouseholdId}?year={Year}", Ct))
        {
            hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        (await GetJsonAsync(village2, $"/api/linkage/income?year={Year}")).GetProperty("items").EnumerateArray()
            .Should().NotContain(i => i.GetProperty("householdNo").GetString() == first.HouseholdNo);
        (await GetJsonAsync(village2, $"/api/linkage/wages?year={Year}")).GetProperty("total").GetInt32().Should().Be(0);

        // 一股了之: a shareholding agreement alone lists the household; one with wages in the year is not listed.
        var idle = await NumbersWithoutWagesAsync(Hunzhai, 2);
        using (var share = await village.PostAsJsonAsync("/api/linkage/agreements", new
               {
                   partnerName = "茶乡县绿丰种养殖专业合作社", partnerCode = Cooperative, type = "Shareholding", signedOn = new DateOnly(Year, 1, 5),
                   startOn = new DateOnly(Year, 1, 5), endOn = new DateOnly(Year + 4, 1, 4), dividend = "300.00",
                   households = new[] { idle[0], first.HouseholdNo },
               }, Ct))
        {
            share.StatusCode.Should().Be(HttpStatusCode.Created, await share.Content.ReadAsStringAsync(Ct));
        }
        using (var jobs = await village.PostAsJsonAsync("/api/linkage/agreements", new
               {
                   partnerName = "茶乡县绿丰种养殖专业合作社", partnerCode = Cooperative, type = "Shareholding", signedOn = new DateOnly(Year, 1, 5),
                   startOn = new DateOnly(Year, 1, 5), endOn = new DateOnly(Year + 4, 1, 4), dividend = "300.00", households = new[] { idle[1] },
               }, Ct))
        {
            jobs.StatusCode.Should().Be(HttpStatusCode.Created);
        }
        using (var employment = await village.PostAsJsonAsync("/api/linkage/agreements", new
               {
                   partnerName = "茶乡县绿丰种养殖专业合作社", partnerCode = Cooperative, type = "Employment", signedOn = new DateOnly(Year, 1, 5),
                   startOn = new DateOnly(Year, 1, 5), endOn = new DateOnly(Year + 1, 1, 4), monthlyWage = "2400.00", households = new[] { idle[1] },
               }, Ct))
        {
            employment.StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var shareOnly = (await GetJsonAsync(village, $"/api/linkage/income/share-only?year={Year}")).EnumerateArray().Select(h => h.GetProperty("householdNo").GetString()).ToList();
        shareOnly.Should().Equal([idle[0]], "the paid worker and the employed household have more than a share");
        (await GetJsonAsync(village, $"/api/linkage/income/share-only?year={Year + 5}")).GetArrayLength().Should().Be(0, "the agreement has ended by then");
        (await village.GetStringAsync($"/linkage/income/share-only?year={Year}", Ct)).Should().Contain(idle[0]);
        (await village.GetStringAsync($"/linkage/income?year={Year}", Ct)).Should().Contain(first.HouseholdNo).And.Contain("8,700.00");
    }

    private static Dictionary<string, object> Row(string citizenId, string name, int month, int days, string wage) => new()
    {
        ["身份证号"] = citizenId, ["姓名"] = name, ["用工单位统一社会信用代码"] = Cooperative, ["用工单位名称"] = "茶乡县绿丰种养殖专业合作社",
        ["年月"] = $"{Year}-{month:D2}", ["出勤天数"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture), ["应发工资（元）"] = wage,
    };

    private static byte[] Sheet(List<Dictionary<string, object>> rows)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows, sheetName: "工资表");
        return buffer.ToArray();
    }

    private static string Yuan(long fen) => Money.FromFen(fen).ToString(withUnit: false);

    private sealed record Worker(long HouseholdId, string HouseholdNo, string Name, string CitizenId);

    /// <summary>Members of the village's first households (one per household), with their plain citizen IDs read with the app's key.</summary>
    private async Task<List<Worker>> WorkersAsync(DivisionCode village, int count)
    {
        await using var db = App.Database.CreateContext();
        var vault = KeyFile.LoadOrCreate(App.Database.Storage.ResolveKeyFile());
        var members = await db.Members.AsNoTracking().Where(m => m.VillageCode == village)
            .Select(m => new { m.HouseholdId, m.Household!.HouseholdNo, m.Name, m.CitizenIdCipher, m.Id }).ToListAsync(Ct);
        return members.GroupBy(m => m.HouseholdNo).OrderBy(g => g.Key, StringComparer.Ordinal).Take(count)
            .Select(g => g.OrderBy(m => m.Id.Value).First())
            .Select(m => new Worker(m.HouseholdId.Value, m.HouseholdNo, m.Name, vault.Decrypt(m.CitizenIdCipher))).ToList();
    }

    private async Task<List<string>> NumbersWithoutWagesAsync(DivisionCode village, int count)
    {
        await using var db = App.Database.CreateContext();
        var paid = await db.WageRecords.AsNoTracking().Where(w => w.HouseholdId != null).Select(w => w.HouseholdId!.Value).Distinct().ToListAsync(Ct);
        var numbers = await db.Households.AsNoTracking().Where(h => h.VillageCode == village && !paid.Contains(h.Id)).OrderByDescending(h => h.HouseholdNo)
            .Select(h => h.HouseholdNo).Take(count).ToListAsync(Ct);
        numbers.Should().HaveCount(count);
        return numbers;
    }

    private async Task<int> CountWagesAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.WageRecords.CountAsync(Ct);
    }

    private async Task<int> CountAuditAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.CountAsync(Ct);
    }

    private static async Task EnterAsync(HttpClient client, string householdNo, string category, string amount)
    {
        using var response = await client.PostAsJsonAsync("/api/linkage/income/entries", new { householdNo, year = Year, category, amount, note = "入户调查" }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] sheet)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "工资表.xlsx" } };
        return await client.PostAsync("/api/linkage/wages/import", content, Ct);
    }

    private static async Task<JsonElement> ConfirmAsync(HttpClient client, string token) =>
        await JsonAsync(await client.PostAsync($"/api/linkage/wages/import/{token}/confirm", null, Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url) => await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (expected is { } status)
        {
            response.StatusCode.Should().Be(status, text);
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

public sealed class SqliteLinkageTests(RuralApp<SqliteTestDatabase> app) : LinkageTests<SqliteTestDatabase>(app);

public sealed class PostgresLinkageTests(RuralApp<PostgresTestDatabase> app) : LinkageTests<PostgresTestDatabase>(app);
