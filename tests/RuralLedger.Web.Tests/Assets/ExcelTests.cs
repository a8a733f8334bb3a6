using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Features.Assets.Excel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Assets;

/// <summary>
/// Asset-side Excel over real HTTP with real .xlsx files: scoped exports with amounts to the fen, the import template,
/// an import whose bad cells are each named by row and column, the corrected file written in one go, and a second
/// import that creates nothing. Every asset, fund source and contract is made here with a random suffix (the demo's own
/// asset data may or may not be there).
/// </summary>
public abstract partial class AssetExcelTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    public const string County = "522699";
    public const string Township1 = "522699001000";
    public const string Village1 = "522699001001";   // 混寨村, user "village"
    public const string Village2 = "522699001002";   // 洪家湾村, user "village2"
    public const string OtherTownshipVillage = "522699002001";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    protected AssetExcelTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_village_officers_asset_export_holds_only_his_villages_rows_with_amounts_to_the_fen()
    {
        var s = Suffix();
        var (central, county) = await FundsAsync(s);
        var mine = await AssetAsync($"洪家湾冷库{s}", Village2, (central, 123_456_78), (county, 1_000_01));
        await AssetAsync($"混寨圈舍{s}", Village1, (central, 50_000_00));
        await AssetAsync($"乡镇仓库{s}", Township1, (central, 80_000_00));
        using var client = await App.SignInAsync("village2");
        var exportsBefore = await AuditCountAsync("export", "village2", nameof(Asset));

        using var response = await client.GetAsync("/assets/export", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(Xlsx);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("资产台账_").And.EndWith(".xlsx");
        MiniExcel.GetSheetNames(new MemoryStream(bytes)).Should().Equal(AssetColumns.ExportSheet, AssetColumns.FundingSheet);
        var rows = Sheet(bytes, AssetColumns.ExportSheet);
        rows.Should().NotBeEmpty().And.AllSatisfy(r => Text(r, AssetColumns.PlaceCode).Should().Be(Village2));
        rows.Should().AllSatisfy(r => Text(r, AssetColumns.Village).Should().Be("洪家湾村"));
        rows.Select(r => Text(r, AssetColumns.Name)).Should().NotContain($"混寨圈舍{s}").And.NotContain($"乡镇仓库{s}");
        var row = rows.Single(r => Text(r, AssetColumns.Code) == mine.Code);
        row[AssetColumns.OriginalValue].Should().BeOfType<double>("amounts are numbers, not text");
        Yuan(row[AssetColumns.OriginalValue]).Should().Be(124_456.79m);
        Text(row, AssetColumns.Funding).Should().Be($"2019年中央财政衔接资金{s}:123456.78;2019年县级财政衔接资金{s}:1000.01");
        Text(row, AssetColumns.Owners).Should().Be("洪家湾村股份经济合作社:100");
        Text(row, AssetColumns.Class).Should().Be("经营性");
        await using (var db = App.Database.CreateContext())
        {
            var values = await db.Assets.Where(a => a.VillageCode == DivisionCode.Parse(Village2)).Select(a => a.OriginalValue).ToListAsync(Ct);
            rows.Should().HaveCount(values.Count);
            rows.Sum(r => Yuan(r[AssetColumns.OriginalValue])).Should().Be(Money.Sum(values).Yuan, "the sheet adds up to the fen with the database");
        }
        var funding = Sheet(bytes, AssetColumns.FundingSheet).Where(r => Text(r, AssetColumns.Code) == mine.Code).ToList();
        funding.Select(r => Yuan(r["金额（元）"])).Should().Equal(123_456.78m, 1_000.01m);
        (await AuditCountAsync("export", "village2", nameof(Asset))).Should().Be(exportsBefore + 1, "one audit event per export");
    }

    [Fact]
    public async Task The_export_api_applies_the_filters_and_the_other_ledgers_export_within_scope()
    {
        var s = Suffix();
        var (central, _) = await FundsAsync(s);
        var operating = await AssetAsync($"筛选冷库{s}", Village1, (central, 10_000_00));
        var welfare = await AssetAsync($"筛选道路{s}", Village1, AssetClass.PublicWelfare, (central, 20_000_00));
        var contract = await ContractAsync(operating, s, BusinessCalendar.Today(TimeProvider.System).AddMonths(-1));
        using var county = await App.SignInAsync("county");

        using var filtered = await county.GetAsync($"/api/assets/export?village={Village1}&class=PublicWelfare", Ct);
        var rows = Sheet(await filtered.Content.ReadAsByteArrayAsync(Ct), AssetColumns.ExportSheet);
        rows.Should().AllSatisfy(r => Text(r, AssetColumns.Class).Should().Be("公益性"));
        rows.Select(r => Text(r, AssetColumns.Code)).Should().Contain(welfare.Code).And.NotContain(operating.Code);

        using var byOwner = await county.GetAsync($"/assets/export?village={Village1}&ownerKind=CountyCompany&q={s}", Ct);
        Sheet(await byOwner.Content.ReadAsByteArrayAsync(Ct), AssetColumns.ExportSheet).Should().BeEmpty("both assets belong to the village collective");

        using var contracts = await county.GetAsync($"/contracts/export?village={Village1}", Ct);
        contracts.StatusCode.Should().Be(HttpStatusCode.OK);
        var line = Sheet(await contracts.Content.ReadAsByteArrayAsync(Ct), "经营合同").Single(r => Text(r, "合同编号") == contract.Number);
        Text(line, "涉及资产").Should().Be(operating.Code);
        Yuan(line["年度金额（元）"]).Should().Be(12_000.00m);
        Yuan(line["应收（元）"]).Should().Be(12_000.00m);
        Yuan(line["已收（元）"]).Should().Be(1_000.00m);
        Yuan(line["欠款（元）"]).Should().Be(11_000.00m);
        Text(line, "状态").Should().Be("履行中");

        using var village2 = await App.SignInAsync("village2");
        using var outside = await village2.GetAsync("/api/contracts/export", Ct);
        Sheet(await outside.Content.ReadAsByteArrayAsync(Ct), "经营合同").Select(r => Text(r, "合同编号")).Should().NotContain(contract.Number, "another village's contract is outside the officer's scope");

        foreach (var (url, sheet) in new[]
                 {
                     ("/api/projects/export", "项目"), ($"/projects/export?year=2024&village={Village1}&status=Planned&industry=Pigs", "项目"), ("/projects/export?township=" + Township1, "项目"),
                     ("/api/certificates/export", "所有权证"), ($"/certificates/export?class=Operating&status=Valid&year=2026&township={Township1}", "所有权证"),
                     ($"/api/contracts/export?status=Active&year=2025&township={Township1}", "经营合同"),
                 })
        {
            using var r = await county.GetAsync(url, Ct);
            r.StatusCode.Should().Be(HttpStatusCode.OK, url);
            MiniExcel.GetSheetNames(new MemoryStream(await r.Content.ReadAsByteArrayAsync(Ct))).Should().Contain(sheet);
        }
    }

    [Fact]
    public async Task The_template_has_the_columns_and_a_note_sheet_naming_the_countys_fund_sources()
    {
        var s = Suffix();
        await FundsAsync(s);
        using var client = await App.SignInAsync("township");

        using var response = await client.GetAsync("/assets/import/template", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("资产台账导入模板.xlsx");
        MiniExcel.GetSheetNames(new MemoryStream(bytes)).Should().Equal(AssetColumns.ImportSheet, AssetColumns.NoteSheet);
        var header = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, sheetName: AssetColumns.ImportSheet).Cast<IDictionary<string, object?>>().First();
        header.Values.Select(v => v?.ToString()).Should().Equal(AssetColumns.All.Select(c => c.Header));
        var notes = Sheet(bytes, AssetColumns.NoteSheet);
        notes.Select(r => Text(r, "列名")).Should().Contain(AssetColumns.All.Select(c => c.Header));
        notes.Select(r => Text(r, "可填内容")).Should().Contain($"2019年中央财政衔接资金{s}").And.Contain(v => v.Contains("经营性、公益性、到户类"));
        string.Join("\n", notes.Select(r => Text(r, "可填内容"))).Should().Contain(AssetColumns.OwnersExample).And.Contain(AssetColumns.FundingExample);

        using var supervisor = await App.SignInAsync("supervisor");
        using var refused = await supervisor.GetAsync("/api/assets/import/template", Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await PostFileAsync(supervisor, "/api/assets/import", bytes)).Status.Should().Be(HttpStatusCode.Forbidden, "supervisors read only");
    }

    [Fact]
    public async Task An_import_names_row_and_column_of_every_bad_cell_writes_nothing_then_the_corrected_file_writes_all_once()
    {
        var s = Suffix();
        var (central, county) = await FundsAsync(s);
        var taken = await AssetAsync($"已有资产{s}", Village2, (central, 1_000_00));
        var c = $"2019年中央财政衔接资金{s}";
        var k = $"2019年县级财政衔接资金{s}";
        var code = $"T{s}-001";
        var good = new[]
        {
            Row(code, $"油茶加工厂{s}", Village1, $"{c}:300000.00;{k}:120000.50", "混寨村股份经济合作社:60;茶乡县扶贫开发投资有限责任公司:40", "村集体经济组织;县属国有公司"),  // row 2
            Row(null, $"食用菌大棚{s}", Village2, $"{c}:88000", "洪家湾村股份经济合作社", "村集体经济组织"),                                                     // row 3
            Row(null, $"乡镇冷库{s}", Township1, $"{k}:150000.25", "乡人民政府", "乡镇"),                                                                          // row 4
        };
        var bad = new[]
        {
            Row(null, $"坏类别{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织", cls: "经营类"),                 // row 5: 资产类别
            Row(null, $"外乡资产{s}", OtherTownshipVillage, $"{c}:1000", "某村股份经济合作社", "村集体经济组织"),                   // row 6: 所在地代码 (scope)
            Row(null, $"未知村资产{s}", "522699001099", $"{c}:1000", "某村股份经济合作社", "村集体经济组织"),                        // row 7: 所在地代码 (unknown)
            Row(null, $"未知资金{s}", Village1, $"不存在的资金{s}:1000", "混寨村股份经济合作社", "村集体经济组织"),                   // row 8: 资金来源及金额
            Row(null, $"份额不足{s}", Village1, $"{c}:1000", "混寨村股份经济合作社:60;茶乡县扶贫开发投资有限责任公司:30", "村集体经济组织;县属国有公司"), // row 9: 所有权人及份额
            Row(null, $"三位小数{s}", Village1, $"{c}:1000.125", "混寨村股份经济合作社", "村集体经济组织"),                          // row 10: 资金来源及金额
            Row(code, $"重复编码{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织"),                              // row 11: 资产编码 (file)
            Row(taken.Code, $"占用编码{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织"),                       // row 12: 资产编码 (database)
        };
        using var client = await App.SignInAsync("township");
        var before = await CountAssetsAsync(s);

        var preview = await PostFileAsync(client, "/api/assets/import", Workbook([.. good, .. bad]));

        preview.Status.Should().Be(HttpStatusCode.BadRequest, preview.Body.ToString());
        preview.Body.GetProperty("code").GetString().Should().Be("assets.import_invalid");
        var errors = preview.Body.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString()!, Code: e.GetProperty("code").GetString()!, Message: e.GetProperty("message").GetString()!))
            .ToList();
        errors.Select(e => (e.Row, e.Column)).Should().BeEquivalentTo(new[]
        {
            (5, AssetColumns.Class), (6, AssetColumns.PlaceCode), (7, AssetColumns.PlaceCode), (8, AssetColumns.Funding),
            (9, AssetColumns.Owners), (10, AssetColumns.Funding), (11, AssetColumns.Code), (12, AssetColumns.Code),
        });
        errors.Should().AllSatisfy(e => e.Message.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}"));
        errors.Single(e => e.Row == 5).Message.Should().Contain("经营类").And.Contain("经营性、公益性、到户类");
        errors.Single(e => e.Row == 6).Code.Should().Be("scope.out_of_scope");
        errors.Single(e => e.Row == 7).Code.Should().Be("area.not_found");
        errors.Single(e => e.Row == 8).Message.Should().Contain($"不存在的资金{s}");
        errors.Single(e => e.Row == 9).Message.Should().Contain("100%").And.Contain("90%");
        errors.Single(e => e.Row == 10).Message.Should().Contain("两位小数");
        errors.Single(e => e.Row == 11).Message.Should().Contain("第 2 行");
        errors.Single(e => e.Row == 12).Code.Should().Be("assets.duplicate_code");
        (await CountAssetsAsync(s)).Should().Be(before, "a file with errors writes nothing, not even its good rows");

        // The same rows corrected.
        var fixedRows = new[]
        {
            Row(null, $"坏类别{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织"),
            Row(null, $"外乡资产{s}", Village2, $"{c}:1000", "洪家湾村股份经济合作社", "村集体经济组织"),
            Row(null, $"未知村资产{s}", Village2, $"{c}:1000", "洪家湾村股份经济合作社", "村集体经济组织"),
            Row(null, $"未知资金{s}", Village1, $"{k}:1000", "混寨村股份经济合作社", "村集体经济组织"),
            Row(null, $"份额不足{s}", Village1, $"{c}:1000", "混寨村股份经济合作社:60;茶乡县扶贫开发投资有限责任公司:40", "村集体经济组织;县属国有公司"),
            Row(null, $"三位小数{s}", Village1, $"{c}:1000.13", "混寨村股份经济合作社", "村集体经济组织"),
            Row(null, $"重复编码{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织"),
            Row(null, $"占用编码{s}", Village1, $"{c}:1000", "混寨村股份经济合作社", "村集体经济组织"),
        };
        var corrected = Workbook([.. good, .. fixedRows]);
        var importsBefore = await AuditCountAsync("import", "township", nameof(Asset));

        var ok = await PostFileAsync(client, "/api/assets/import", corrected);

        ok.Status.Should().Be(HttpStatusCode.OK, ok.Body.ToString());
        ok.Body.GetProperty("counts").GetProperty("new").GetInt32().Should().Be(11);
        ok.Body.GetProperty("counts").GetProperty("newValue").GetYuan().Should().Be(300_000.00m + 120_000.50m + 88_000m + 150_000.25m + 7 * 1_000m + 1_000.13m);
        (await CountAssetsAsync(s)).Should().Be(before, "a preview writes nothing");
        var token = ok.Body.GetProperty("token").GetString();
        token.Should().MatchRegex("^[0-9a-f]{32}$");

        using var confirmed = await client.PostAsync($"/api/assets/import/{token}/confirm", null, Ct);
        var written = JsonDocument.Parse(await confirmed.Content.ReadAsStringAsync(Ct)).RootElement;

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, written.ToString());
        written.GetProperty("written").GetBoolean().Should().BeTrue();
        (await CountAssetsAsync(s)).Should().Be(before + 11);
        await using (var db = App.Database.CreateContext())
        {
            var plant = await db.Assets.SingleAsync(a => a.Code == code, Ct);
            plant.Name.Should().Be($"油茶加工厂{s}");
            plant.OriginalValue.Should().Be(Money.FromYuan(420_000.50m));
            plant.Shares.Select(x => (x.HolderName, x.HolderKind, x.BasisPoints)).Should().Equal(
                ("混寨村股份经济合作社", HolderKind.VillageCollective, 6000), ("茶乡县扶贫开发投资有限责任公司", HolderKind.CountyCompany, 4000));
            plant.Funding.Should().HaveCount(2);
            var numbered = await db.Assets.Where(a => a.Name == $"乡镇冷库{s}").SingleAsync(Ct);
            numbered.Code.Should().MatchRegex($@"^ZC{County}-\d{{4}}-\d{{5}}$");
            numbered.TownshipCode.Should().Be(DivisionCode.Parse(Township1));
            numbered.VillageCode.Should().BeNull();
        }
        (await AuditCountAsync("import", "township", nameof(Asset))).Should().Be(importsBefore + 1);
        using (var replay = await client.PostAsync($"/api/assets/import/{token}/confirm", null, Ct))
        {
            replay.StatusCode.Should().Be(HttpStatusCode.NotFound, "a confirmed file is gone");
        }

        var again = await PostFileAsync(client, "/api/assets/import", corrected);

        again.Status.Should().Be(HttpStatusCode.OK, again.Body.ToString());
        again.Body.GetProperty("counts").GetProperty("new").GetInt32().Should().Be(0);
        again.Body.GetProperty("counts").GetProperty("existing").GetInt32().Should().Be(11);
        again.Body.GetProperty("token").ValueKind.Should().Be(JsonValueKind.Null, "nothing to confirm");
        (await CountAssetsAsync(s)).Should().Be(before + 11, "importing the same file again creates nothing");
    }

    [Fact]
    public async Task An_exported_ledger_imports_back_as_already_registered()
    {
        var s = Suffix();
        var (central, county) = await FundsAsync(s);
        await AssetAsync($"回导冷库{s}", Village2, (central, 77_777_77), (county, 1));
        using var client = await App.SignInAsync("village2");
        using var export = await client.GetAsync($"/api/assets/export?q={s}", Ct);

        var result = await PostFileAsync(client, "/api/assets/import", await export.Content.ReadAsByteArrayAsync(Ct));

        result.Status.Should().Be(HttpStatusCode.OK, result.Body.ToString());
        result.Body.GetProperty("counts").GetProperty("rows").GetInt32().Should().Be(1);
        result.Body.GetProperty("counts").GetProperty("existing").GetInt32().Should().Be(1);
        result.Body.GetProperty("counts").GetProperty("new").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task The_import_page_previews_errors_by_row_and_column_and_confirms_a_good_file()
    {
        var s = Suffix();
        await FundsAsync(s);
        using var client = await App.SignInAsync("village2");
        var page = await client.GetStringAsync("/assets/import", Ct);
        page.Should().Contain("href=\"/assets/import/template\"");
        var badFile = Workbook([Row(null, $"页面坏行{s}", Village2, $"2019年中央财政衔接资金{s}:100", "洪家湾村股份经济合作社", "农户")]);

        var html = await UploadAsync(client, page, badFile);

        html.Should().Contain("id=\"import-errors\"").And.NotContain("确认导入");
        html.Should().MatchRegex($@"<td class=""text-end"">2</td><td>{AssetColumns.HolderKinds}</td><td>农户所有权人须关联户档案");

        var goodFile = Workbook([Row(null, $"页面好行{s}", Village2, $"2019年中央财政衔接资金{s}:100", "洪家湾村股份经济合作社", "村集体经济组织")]);
        var preview = await UploadAsync(client, page, goodFile);
        preview.Should().Contain("data-count=\"new\">1<").And.Contain("确认导入").And.Contain($"页面好行{s}");
        var token = System.Text.RegularExpressions.Regex.Match(preview, "name=\"token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;

        using var confirm = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["__RequestVerificationToken"] = Token(preview) });
        using var done = await client.PostAsync("/assets/import?handler=Confirm", confirm, Ct);

        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        done.Headers.Location!.OriginalString.Should().Be("/assets");
        (await CountAssetsAsync(s)).Should().Be(1);
    }

    // ---------------------------------------------------------------- helpers (also used by the report tests)

    protected static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    protected async Task<(FundSourceId Central, FundSourceId County)> FundsAsync(string s)
    {
        await using var db = App.Database.CreateContext();
        var central = new FundSource(County, FundSourceKind.Central, 2019, $"2019年中央财政衔接资金{s}", Money.FromYuan(50_000_000m), $"黔财农〔2019〕{s}号");
        var county = new FundSource(County, FundSourceKind.County, 2019, $"2019年县级财政衔接资金{s}", Money.FromYuan(10_000_000m), null);
        db.FundSources.AddRange(central, county);
        await db.SaveChangesAsync(Ct);
        return (central.Id, county.Id);
    }

    protected Task<Asset> AssetAsync(string name, string place, params (FundSourceId Source, long Fen)[] funding) =>
        AssetAsync(name, place, AssetClass.Operating, funding);

    protected async Task<Asset> AssetAsync(string name, string place, AssetClass assetClass, params (FundSourceId Source, long Fen)[] funding)
    {
        await using var db = App.Database.CreateContext();
        var code = "T" + Suffix();
        var holder = place == Village2 ? "洪家湾村股份经济合作社" : place == Village1 ? "混寨村股份经济合作社" : "茶乡县扶贫开发投资有限责任公司";
        var asset = new Asset(code, name, assetClass, AssetKind.ColdStore, Industry.EdibleFungi, DivisionCode.Parse(place), 1, "座", new DateOnly(2021, 6, 30), null,
            funding.Select(f => new FundingLine(f.Source, Money.FromFen(f.Fen))).ToList(),
            [new ShareLine(place == Village2 || place == Village1 ? HolderKind.VillageCollective : HolderKind.CountyCompany, holder, null, null, Asset.FullShare)],
            DateTimeOffset.UtcNow, "test");
        db.Assets.Add(asset);
        await db.SaveChangesAsync(Ct);
        return asset;
    }

    /// <summary>A fixed-rent contract of 12,000.00 a year paid yearly, starting on <paramref name="start"/>, with 1,000.00 received.</summary>
    protected async Task<Contract> ContractAsync(Asset asset, string s, DateOnly start)
    {
        await using var db = App.Database.CreateContext();
        var tracked = await db.Assets.SingleAsync(a => a.Id == asset.Id, Ct);
        var contract = new Contract($"HT-T{s}", [tracked],
            new ContractTerms(OperatorKind.Person, "张承包" + s, null, null, OperationMode.Entrusted, start, start, 12, ConsiderationKind.FixedRent,
                Money.FromYuan(12_000m), 0, PaymentFrequency.Annual, 0), []);
        contract.Receive(start, Money.FromYuan(1_000m), "测试", "test", DateTimeOffset.UtcNow);
        db.Contracts.Add(contract);
        await db.SaveChangesAsync(Ct);
        return contract;
    }

    protected async Task IncomeAsync(Asset asset, DateOnly on, decimal yuan)
    {
        await using var db = App.Database.CreateContext();
        var tracked = await db.Assets.SingleAsync(a => a.Id == asset.Id, Ct);
        db.AssetIncomes.Add(new AssetIncome(tracked, IncomeKind.Other, on, Money.FromYuan(yuan), "测试收益", null, null, "test", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(Ct);
    }

    protected static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Dictionary<string, object?> Row(string? code, string name, string place, string funding, string owners, string kinds, string cls = "经营性") =>
        AssetImportTemplate.Row(
            (AssetField.Code, code), (AssetField.Name, name), (AssetField.Class, cls), (AssetField.Kind, "冷库"), (AssetField.Industry, "食用菌"),
            (AssetField.PlaceCode, place), (AssetField.Quantity, 2.5), (AssetField.Unit, "座"), (AssetField.FormedOn, new DateTime(2022, 3, 15)),
            (AssetField.Owners, owners), (AssetField.HolderKinds, kinds), (AssetField.Funding, funding), (AssetField.SupervisionUnit, "乡人民政府"));

    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new Dictionary<string, object> { [AssetColumns.ImportSheet] = rows.ToList() });
        return stream.ToArray();
    }

    private static ByteArrayContent XlsxContent(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        return content;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostFileAsync(HttpClient client, string url, byte[] file)
    {
        using var form = new MultipartFormDataContent { { XlsxContent(file), "file", "资产.xlsx" } };
        using var response = await client.PostAsync(url, form, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<string> UploadAsync(HttpClient client, string page, byte[] file)
    {
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { XlsxContent(file), "file", "资产.xlsx" },
        };
        using var response = await client.PostAsync("/assets/import?handler=Upload", upload, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    private static string Token(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    private async Task<int> CountAssetsAsync(string s)
    {
        await using var db = App.Database.CreateContext();
        return await db.Assets.CountAsync(a => a.Name.EndsWith(s), Ct);
    }

    private async Task<int> AuditCountAsync(string action, string actor, string entity)
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.ActorName == actor && e.EntityType == entity, Ct);
    }

    private static List<IDictionary<string, object?>> Sheet(byte[] file, string sheet) =>
        MiniExcel.Query(new MemoryStream(file), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    private static string Text(IDictionary<string, object?> row, string column) => row[column]?.ToString() ?? "";

    private static decimal Yuan(object? cell) => Math.Round(Convert.ToDecimal(cell, CultureInfo.InvariantCulture), 2);
}

public sealed class SqliteAssetExcelTests(RuralApp<SqliteTestDatabase> app) : AssetExcelTests<SqliteTestDatabase>(app);

public sealed class PostgresAssetExcelTests(RuralApp<PostgresTestDatabase> app) : AssetExcelTests<PostgresTestDatabase>(app);
