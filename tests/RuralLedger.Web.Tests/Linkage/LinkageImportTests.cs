using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Linkage;

/// <summary>
/// The linkage sheets (issue 16): a cooperative's agreement with 100 households entered from one file, land transfers
/// and a class's 40 attendees likewise — each previewed with its bad rows named by row, column and code, written all
/// or nothing, and imported again without changing anything — and a land transfer ended early with its rent cut.
/// </summary>
public abstract class LinkageImportTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly string Cooperative = CreditCode.Complete("93522699MA6G8K3P").Value;
    private static readonly int Year = BusinessCalendar.Today(TimeProvider.System).Year - 1;

    protected LinkageImportTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cooperative_s_agreement_with_100_households_is_one_file_a_bad_row_is_named_and_the_same_file_again_changes_nothing()
    {
        using var county = await App.SignInAsync("county");
        var households = await HouseholdsAsync(null, 100);
        var headId = await HeadCitizenIdAsync(households[1].No);
        Dictionary<string, object?> Row(int i, string? dividend = "300.00") => new()
        {
            ["协议号"] = "LZ-2025-018", ["统一社会信用代码"] = Cooperative, ["经营主体名称"] = "茶乡县绿丰种养殖专业合作社", ["联结方式"] = "混合联结",
            ["签订日期"] = $"{Year}-01-05", ["起日"] = $"{Year}-02-01", ["止日"] = $"{Year + 2}-01-31", ["保底工资（元/月）"] = "2,400.00", ["保护价（元/千克）"] = "6.50",
            ["租金（元/亩·年）"] = "", ["分红（元/年）"] = dividend, ["涉及资产或项目"] = "食用菌基地", ["户编号"] = i == 1 ? "" : households[i].No,
            ["户主身份证号"] = i == 1 ? headId : "",
        };
        var rows = Enumerable.Range(0, 100).Select(i => Row(i)).ToList();
        var (agreements, audit) = await CountAsync();

        // Row 4 names a household nobody registered; row 7's dividend differs from the agreement's first row: nothing is written.
        var bad = rows.Select(r => new Dictionary<string, object?>(r)).ToList();
        bad[2]["户编号"] = "522699999999999";
        bad[5] = Row(5, "350.00");
        var problem = await JsonAsync(await UploadAsync(county, "/api/linkage/agreements/import", Sheet("联结协议", bad)), HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().Should().Be("agreements.import_invalid");
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
            .Should().BeEquivalentTo([(4, "户编号", "linkage.household_unknown"), (7, "协议号", "agreements.import_terms_differ")]);
        (await CountAsync()).Should().Be((agreements, audit));

        var preview = await JsonAsync(await UploadAsync(county, "/api/linkage/agreements/import", Sheet("联结协议", rows)), HttpStatusCode.OK);
        (preview.GetProperty("rows").GetInt32(), preview.GetProperty("new").GetInt32(), preview.GetProperty("written").GetBoolean()).Should().Be((100, 1, false));
        preview.GetProperty("items")[0].GetProperty("household").GetString().Should().Be("100 户");
        (await CountAsync()).Should().Be((agreements, audit), "a preview writes nothing");
        var confirmed = await JsonAsync(await county.PostAsync($"/api/linkage/agreements/import/{preview.GetProperty("token").GetString()}/confirm", null, Ct),
            HttpStatusCode.OK);
        (confirmed.GetProperty("new").GetInt32(), confirmed.GetProperty("written").GetBoolean()).Should().Be((1, true));

        await using (var db = App.Database.CreateContext())
        {
            var a = await db.LinkageAgreements.AsNoTracking().Include(x => x.Households).SingleAsync(x => x.PartnerNumber == "LZ-2025-018", Ct);
            (a.Households.Count, a.Type, a.Status, a.Benefits.MonthlyWage, a.Benefits.Dividend).Should()
                .Be((100, AgreementType.Mixed, AgreementStatus.Active, Money.FromYuan(2_400m), Money.FromYuan(300m)));
            a.Households.Select(h => h.HouseholdNo).Should().Contain(households[1].No, "the row named by the head's citizen ID");
            a.Number.Should().StartWith($"LJ522699-{Year}-");
            (await db.AuditEntries.CountAsync(e => e.EntityType == nameof(LinkageAgreement) && e.EntityId == a.Id.Value.ToString(CultureInfo.InvariantCulture), Ct))
                .Should().Be(1);
        }
        var counted = await CountAsync();
        counted.Agreements.Should().Be(agreements + 1);

        var again = await JsonAsync(await UploadAsync(county, "/api/linkage/agreements/import", Sheet("联结协议", rows)), HttpStatusCode.OK);
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32(), again.GetProperty("token").ValueKind).Should().Be((0, 1, JsonValueKind.Null));
        var changed = await JsonAsync(await UploadAsync(county, "/api/linkage/agreements/import", Sheet("联结协议", rows.Take(99).ToList())), HttpStatusCode.BadRequest);
        changed.GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("agreements.conflicts_recorded");
        (await CountAsync()).Should().Be(counted, "the same agreement again, or with other households, changes nothing");

        // A village officer's sheet may only name the village's households.
        using var village = await App.SignInAsync("village");
        string outside;
        await using (var db = App.Database.CreateContext())
        {
            outside = await db.Households.AsNoTracking().Where(h => h.VillageCode != Hunzhai).OrderBy(h => h.HouseholdNo).Select(h => h.HouseholdNo).FirstAsync(Ct);
        }
        var refused = await JsonAsync(await UploadAsync(village, "/api/linkage/agreements/import",
            Sheet("联结协议", [new Dictionary<string, object?>(Row(0)) { ["协议号"] = "LZ-2025-019", ["户编号"] = outside }])), HttpStatusCode.BadRequest);
        refused.GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("linkage.household_unknown");

        using var template = await county.GetAsync("/api/linkage/agreements/import/template", Ct);
        template.StatusCode.Should().Be(HttpStatusCode.OK);
        MiniExcel.GetColumns(await template.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Should().Contain(["协议号", "户编号", "户主身份证号"]);
        (await county.GetStringAsync("/linkage/agreements/import", Ct)).Should().Contain("联结协议导入").And.Contain("下载模板");
    }

    [Fact]
    public async Task Land_transfers_import_all_or_nothing_once_and_a_transfer_ended_early_owes_rent_to_its_end_date_pro_rata()
    {
        using var village = await App.SignInAsync("village");
        var h = await HouseholdsAsync(Hunzhai, 3);
        var start = new DateOnly(Year - 1, 3, 1);
        Dictionary<string, object?> Row(Hh x, string location, string area) => new()
        {
            ["户编号"] = x.No, ["户主"] = x.Head, ["流入方名称"] = "茶乡县绿丰种养殖专业合作社", ["流入方统一社会信用代码"] = Cooperative, ["地块位置"] = location, ["面积（亩）"] = area,
            ["租金（元/亩·年）"] = "500.00", ["起日"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["止日"] = $"{Year + 3}-02-28",
        };
        var before = await LandCountAsync();
        var problem = await JsonAsync(await UploadAsync(village, "/api/linkage/land/import",
            Sheet("土地流转", [Row(h[0], "坝子田", "2.00"), Row(h[1], "坡地", "1.234"), Row(h[2] with { Head = "张冒名" }, "河边地", "3")])), HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
            .Should().BeEquivalentTo([(3, "面积（亩）", "input.hundredths"), (4, "户主", "land.head_mismatch")]);
        (await LandCountAsync()).Should().Be(before);

        var sheet = Sheet("土地流转", [Row(h[0], "坝子田", "2.00"), Row(h[1], "坡地", "1.25"), Row(h[2], "河边地", "3")]);
        var preview = await JsonAsync(await UploadAsync(village, "/api/linkage/land/import", sheet), HttpStatusCode.OK);
        preview.GetProperty("new").GetInt32().Should().Be(3);
        (await JsonAsync(await village.PostAsync($"/api/linkage/land/import/{preview.GetProperty("token").GetString()}/confirm", null, Ct), HttpStatusCode.OK))
            .GetProperty("written").GetBoolean().Should().BeTrue();
        (await LandCountAsync()).Should().Be(before + 3);
        var again = await JsonAsync(await UploadAsync(village, "/api/linkage/land/import", sheet), HttpStatusCode.OK);
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32()).Should().Be((0, 3));
        (await LandCountAsync()).Should().Be(before + 3);

        // 2.00 亩 × 500.00 = 1,000.00 a year. Ended on 1 September of its second lease year: that year owes the days held.
        var list = await JsonAsync(await village.GetAsync($"/api/linkage/land?householdNo={h[0].No}", Ct), HttpStatusCode.OK);
        var land = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("location").GetString() == "坝子田");
        var id = land.GetProperty("id").GetInt64();
        var version = land.GetProperty("version").GetInt32();
        var endOn = new DateOnly(Year, 9, 1);
        using (var noReason = await village.PostAsync($"/api/linkage/land/{id}/end", Body(new { on = endOn, version }), Ct))
        {
            (await JsonAsync(noReason, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("reason.required");
        }
        using (var stale = await village.PostAsync($"/api/linkage/land/{id}/end", Body(new { on = endOn, reason = "合作社退租", version = version + 1 }), Ct))
        {
            (await JsonAsync(stale, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("land.stale");
        }
        using (var late = await village.PostAsync($"/api/linkage/land/{id}/end", Body(new { on = new DateOnly(Year + 3, 2, 28), reason = "合作社退租", version }), Ct))
        {
            (await JsonAsync(late, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("land.end_on");
        }
        using (var ended = await village.PostAsync($"/api/linkage/land/{id}/end", Body(new { on = endOn, reason = "合作社退租", version }), Ct))
        {
            ended.StatusCode.Should().Be(HttpStatusCode.NoContent, await ended.Content.ReadAsStringAsync(Ct));
        }
        var yearStart = new DateOnly(Year, 3, 1);
        var held = endOn.DayNumber - yearStart.DayNumber + 1;
        var length = new DateOnly(Year + 1, 3, 1).DayNumber - yearStart.DayNumber;
        var prorated = (100_000L * held + length / 2) / length;
        land = await JsonAsync(await village.GetAsync($"/api/linkage/land/{id}", Ct), HttpStatusCode.OK);
        (land.GetProperty("yearsDue").GetInt32(), land.GetProperty("due").GetYuan(), land.GetProperty("endedOn").GetString())
            .Should().Be((2, 1_000m + prorated / 100m, endOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        using (var twice = await village.PostAsync($"/api/linkage/land/{id}/end", Body(new { on = endOn, reason = "合作社退租", version = version + 1 }), Ct))
        {
            (await JsonAsync(twice, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("land.ended");
        }
        (await village.GetStringAsync($"/linkage/land/{id}", Ct)).Should().Contain("终止").And.Contain("合作社退租");
        await using (var db = App.Database.CreateContext())
        {
            (await db.AuditEntries.CountAsync(e => e.EntityType == nameof(LandTransfer) && e.EntityId == id.ToString(CultureInfo.InvariantCulture), Ct))
                .Should().Be(2, "the import and the end");
        }
        (await village.GetStringAsync("/linkage/land/import", Ct)).Should().Contain("土地流转导入");
    }

    [Fact]
    public async Task A_class_s_40_attendees_with_results_are_one_file_and_the_year_s_training_exports()
    {
        using var county = await App.SignInAsync("county");
        var people = await MembersAsync(Hunzhai, 40);
        using var created = await county.PostAsync("/api/linkage/training", Body(new
        {
            topic = "Breeding", subject = "生猪养殖防疫", heldOn = new DateOnly(Year, 5, 12), place = "村委会会议室", trainer = "县畜牧站", hours = 3m,
            attendees = new[] { new { householdNo = people[0].No, name = people[0].Head } },
        }), Ct);
        var id = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Dictionary<string, object?> Row(Hh p, int i) => new()
        {
            ["户编号"] = p.No, ["姓名"] = p.Head, ["到课"] = i % 10 == 9 ? "否" : "是", ["结业"] = i % 10 == 9 ? "否" : "是",
            ["证书编号"] = i % 10 == 9 ? "" : $"XM{Year}-{i + 1:D3}",
        };
        var rows = people.Select(Row).ToList();
        var bad = rows.Select(r => new Dictionary<string, object?>(r)).ToList();
        bad[9]["证书编号"] = "XM-缺课";
        bad[12]["姓名"] = "查无此人";
        var problem = await JsonAsync(await UploadAsync(county, $"/api/linkage/training/{id}/import", Sheet("参训人员", bad)), HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()))
            .Should().BeEquivalentTo([(11, "证书编号", "training.certificate_incomplete"), (14, "姓名", "training.member_unknown")]);

        var preview = await JsonAsync(await UploadAsync(county, $"/api/linkage/training/{id}/import", Sheet("参训人员", rows)), HttpStatusCode.OK);
        preview.GetProperty("new").GetInt32().Should().Be(40, "39 join the list, the one on it has results");
        (await JsonAsync(await county.PostAsync($"/api/linkage/training/{id}/import/{preview.GetProperty("token").GetString()}/confirm", null, Ct), HttpStatusCode.OK))
            .GetProperty("written").GetBoolean().Should().BeTrue();
        var session = await JsonAsync(await county.GetAsync($"/api/linkage/training/{id}", Ct), HttpStatusCode.OK);
        (session.GetProperty("attendees").GetInt32(), session.GetProperty("attended").GetInt32(), session.GetProperty("certificates").GetInt32()).Should().Be((40, 36, 36));
        var again = await JsonAsync(await UploadAsync(county, $"/api/linkage/training/{id}/import", Sheet("参训人员", rows)), HttpStatusCode.OK);
        (again.GetProperty("new").GetInt32(), again.GetProperty("existing").GetInt32()).Should().Be((0, 40));
        (await JsonAsync(await county.GetAsync($"/api/linkage/training/{id}", Ct), HttpStatusCode.OK)).GetProperty("version").GetInt32()
            .Should().Be(session.GetProperty("version").GetInt32(), "the same sheet again changes nothing");

        using (var village = await App.SignInAsync("village"))
        using (var hidden = await UploadAsync(village, $"/api/linkage/training/{id}/import", Sheet("参训人员", rows)))
        {
            hidden.StatusCode.Should().Be(HttpStatusCode.NotFound, "the county's class is not the village's");
        }
        using var export = await county.GetAsync($"/api/linkage/training/export?year={Year}", Ct);
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var exported = MiniExcel.Query(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        exported.Count(r => (string?)r["培训主题"] == "生猪养殖防疫").Should().Be(40);
        (await county.GetStringAsync($"/linkage/training/{id}/import", Ct)).Should().Contain("参训人员导入");
    }

    private sealed record Hh(string No, string Head);

    /// <summary>Households by number (of a village, or the county's), with their heads.</summary>
    private async Task<List<Hh>> HouseholdsAsync(DivisionCode? village, int count)
    {
        await using var db = App.Database.CreateContext();
        var query = db.Households.AsNoTracking();
        if (village is { } v)
        {
            query = query.Where(h => h.VillageCode == v);
        }
        return (await query.OrderBy(h => h.HouseholdNo).Take(count).Select(h => new { h.HouseholdNo, h.HeadName }).ToListAsync(Ct))
            .Select(h => new Hh(h.HouseholdNo, h.HeadName)).ToList();
    }

    /// <summary>Members of the village with a name unique in their household, by household number and name.</summary>
    private async Task<List<Hh>> MembersAsync(DivisionCode village, int count)
    {
        await using var db = App.Database.CreateContext();
        var members = await db.Members.AsNoTracking().Where(m => m.VillageCode == village).Select(m => new { m.Household!.HouseholdNo, m.Name }).ToListAsync(Ct);
        return members.GroupBy(m => (m.HouseholdNo, m.Name)).Where(g => g.Count() == 1).Select(g => new Hh(g.Key.HouseholdNo, g.Key.Name))
            .OrderBy(m => m.No, StringComparer.Ordinal).ThenBy(m => m.Head, StringComparer.Ordinal).Take(count).ToList();
    }

    private async Task<string> HeadCitizenIdAsync(string householdNo)
    {
        await using var db = App.Database.CreateContext();
        var vault = KeyFile.LoadOrCreate(App.Database.Storage.ResolveKeyFile());
        var cipher = await db.Members.AsNoTracking().Where(m => m.Household!.HouseholdNo == householdNo && m.Relation == Relation.Head).Select(m => m.CitizenIdCipher)
            .SingleAsync(Ct);
        return vault.Decrypt(cipher);
    }

    private async Task<(int Agreements, int Audit)> CountAsync()
    {
        await using var db = App.Database.CreateContext();
        return (await db.LinkageAgreements.IgnoreQueryFilters().CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
    }

    private async Task<int> LandCountAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.LandTransfers.IgnoreQueryFilters().CountAsync(Ct);
    }

    private static byte[] Sheet(string name, List<Dictionary<string, object?>> rows)
    {
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, new Dictionary<string, object> { [name] = rows });
        return buffer.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] sheet)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "表.xlsx" } };
        return await client.PostAsync(url, content, Ct);
    }

    private static StringContent Body(object value) => new(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.Should().Be(expected, text);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }
}

public sealed class SqliteLinkageImportTests(RuralApp<SqliteTestDatabase> app) : LinkageImportTests<SqliteTestDatabase>(app);

public sealed class PostgresLinkageImportTests(RuralApp<PostgresTestDatabase> app) : LinkageImportTests<PostgresTestDatabase>(app);
