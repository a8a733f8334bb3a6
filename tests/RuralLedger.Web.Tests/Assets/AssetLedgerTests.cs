using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Assets;

/// <summary>
/// The asset ledger (资产台账) over HTTP with real sessions: registration with mixed funding and joint owners, exact
/// shares, optimistic concurrency, status and ownership history, files typed by their bytes, scope, and the list's
/// filters and totals. Test assets carry a random tag in their names so they never mix with other tests' rows.
/// </summary>
public abstract class AssetLedgerTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";      // 混寨村, the demo "village" officer's village
    private const string Hongjiawan = "522699001002";   // 洪家湾村, the demo "village2" officer's village

    protected AssetLedgerTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_asset_with_two_funding_lines_and_joint_owners_has_the_exact_sum_as_original_value()
    {
        var (central, county) = await FundsAsync();
        var tag = Tag();
        var body = NewAsset(Hunzhai, "冷库" + tag,
            [new { fundSourceId = central, amount = "1234567.89" }, new { fundSourceId = county, amount = "100000.01" }],
            [Owner("VillageCollective", "混寨村股份经济合作联合社", 60.00m), Owner("CountyCompany", "茶乡县扶贫开发投资有限责任公司", 40.00m)]);

        using var created = await App.Admin.PostAsJsonAsync("/api/assets", body, Ct);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var asset = await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.OriginalString.Should().Be($"/api/assets/{id}");
        asset.GetProperty("code").GetString().Should().MatchRegex($"^ZC522699-{DateTime.UtcNow.AddHours(8).Year}-[0-9]{{5}}$");
        asset.GetProperty("originalValue").GetFen().Should().Be(133_456_790L, "1,234,567.89 + 100,000.01 yuan");
        asset.GetProperty("funding").EnumerateArray().Select(f => f.GetProperty("amount").GetFen()).Should().BeEquivalentTo([123_456_789L, 10_000_001L]);
        asset.GetProperty("funding").EnumerateArray().Select(f => f.GetProperty("fundName").GetString()).Should().OnlyContain(n => n!.StartsWith("测试", StringComparison.Ordinal));
        asset.GetProperty("shares").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("percent").GetBasisPoints()))
            .Should().Equal(("混寨村股份经济合作联合社", 6_000), ("茶乡县扶贫开发投资有限责任公司", 4_000));
        asset.GetProperty("villageName").GetString().Should().Be("混寨村");
        asset.GetProperty("class").GetString().Should().Be("Operating");
        asset.GetProperty("status").GetString().Should().Be("InUse");
        asset.GetProperty("incomeRule").GetString().Should().Be("721");
        asset.GetProperty("statusHistory").EnumerateArray().Select(c => c.GetProperty("to").GetString()).Should().Equal("InUse");
        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.CountAsync(a => a.Action == "create" && a.EntityType == "Asset" && a.EntityId == id.ToString(CultureInfo.InvariantCulture) && a.ActorName == "admin", Ct))
            .Should().Be(1);
    }

    [Fact]
    public async Task Shares_summing_to_99_99_percent_are_refused_under_shares()
    {
        var (central, _) = await FundsAsync();
        var tag = Tag();

        using var response = await App.Admin.PostAsJsonAsync("/api/assets", NewAsset(Hunzhai, "圈舍" + tag,
            [new { fundSourceId = central, amount = "50000" }],
            [Owner("VillageCollective", "混寨村股份经济合作联合社", 60.00m), Owner("Township", "茶乡镇人民政府", 39.99m)]), Ct);
        var problem = await Json(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("shares")[0].GetString().Should().Contain("100%").And.Contain("99.99%");
        await using var db = App.Database.CreateContext();
        (await db.Assets.CountAsync(a => a.Name == "圈舍" + tag, Ct)).Should().Be(0);
    }

    [Fact]
    public async Task A_household_owner_must_be_a_household_of_the_register()
    {
        var (central, _) = await FundsAsync();

        using var response = await App.Admin.PostAsJsonAsync("/api/assets", NewAsset(Hunzhai, "到户牛" + Tag(),
            [new { fundSourceId = central, amount = "6000" }],
            [new { kind = "Household", name = "龙某某", code = (string?)null, householdId = (long?)999_999_999, percent = "100" }]), Ct);
        var problem = await Json(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("shares[0].householdId")[0].GetString().Should().Contain("户档案");
    }

    [Fact]
    public async Task Assets_registered_at_the_same_time_all_get_their_own_code()
    {
        var (central, _) = await FundsAsync();
        var tag = Tag();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => App.Admin.PostAsJsonAsync("/api/assets", NewAsset("522699001005", $"并发{tag}-{i}",
            [new { fundSourceId = central, amount = ApiValues.Text(1_000m + i) }], [Owner("VillageCollective", "村集体", 100m)]), Ct)));
        var problems = await Task.WhenAll(responses.Where(r => r.StatusCode != HttpStatusCode.Created).Select(r => r.Content.ReadAsStringAsync(Ct)));

        problems.Should().BeEmpty("asset codes must not collide");
        var codes = new List<string>();
        foreach (var r in responses)
        {
            codes.Add((await Json(await App.Admin.GetAsync(r.Headers.Location, Ct))).GetProperty("code").GetString()!);
        }
        codes.Should().OnlyHaveUniqueItems().And.AllSatisfy(c => c.Should().StartWith("ZC522699-"));
    }

    [Fact]
    public async Task Editing_with_a_stale_version_is_a_409_and_changes_nothing()
    {
        var (id, _) = await CreateAsync(Hunzhai, "仓库" + Tag());
        var version = (await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct))).GetProperty("version").GetInt32();
        var update = new { name = "仓库改", @class = "Operating", kind = "Warehouse", industry = "Tea", quantity = 2.5m, unit = "栋", funding = (object?)null, version };

        using var first = await App.Admin.PutAsJsonAsync($"/api/assets/{id}", update, Ct);
        using var stale = await App.Admin.PutAsJsonAsync($"/api/assets/{id}", update with { name = "仓库再改" }, Ct);
        var problem = await Json(stale);
        var asset = await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct));

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("assets.stale");
        asset.GetProperty("name").GetString().Should().Be("仓库改");
        asset.GetProperty("quantity").GetDecimal().Should().Be(2.5m);
        asset.GetProperty("industry").GetString().Should().Be("Tea");
        asset.GetProperty("version").GetInt32().Should().BeGreaterThan(version);
    }

    [Fact]
    public async Task A_status_change_is_kept_in_the_history_and_disposal_by_status_is_refused()
    {
        var (id, _) = await CreateAsync(Hunzhai, "大棚" + Tag());

        using var idle = await App.Admin.PostAsJsonAsync($"/api/assets/{id}/status", new { to = "Idle", effectiveOn = "2024-03-01", reason = "经营主体退出" }, Ct);
        using var noReason = await App.Admin.PostAsJsonAsync($"/api/assets/{id}/status", new { to = "Damaged", reason = "" }, Ct);
        using var disposed = await App.Admin.PostAsJsonAsync($"/api/assets/{id}/status", new { to = "Disposed", reason = "拆除" }, Ct);
        var refusal = await Json(disposed);
        var asset = await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct));

        idle.StatusCode.Should().Be(HttpStatusCode.NoContent);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("errors").GetProperty("reason").GetArrayLength().Should().Be(1);
        disposed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refusal.GetProperty("code").GetString().Should().Be("assets.dispose_via_disposal");
        refusal.GetProperty("detail").GetString().Should().Contain("处置流程");
        asset.GetProperty("status").GetString().Should().Be("Idle");
        asset.GetProperty("statusHistory").EnumerateArray().Select(c => (c.GetProperty("from").GetString(), c.GetProperty("to").GetString(), c.GetProperty("effectiveOn").GetString(), c.GetProperty("reason").GetString()))
            .Should().Equal((null, "InUse", "2019-06-30", "资产形成登记"), ("InUse", "Idle", "2024-03-01", "经营主体退出"));
    }

    [Fact]
    public async Task A_transfer_replaces_the_owners_and_records_the_change()
    {
        var (id, _) = await CreateAsync(Hunzhai, "农机" + Tag());

        var read = (await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct))).GetProperty("version").GetInt32();
        using var transfer = await App.Admin.PostAsJsonAsync($"/api/assets/{id}/transfer", new
        {
            version = read,
            shares = new[] { Owner("VillageCollective", "混寨村股份经济合作联合社", 70m), Owner("Township", "茶乡镇人民政府", 30m) },
            effectiveOn = "2025-01-15",
            reason = "乡镇入股",
        }, Ct);
        var rightsInput = new { supervisionUnit = "茶乡镇农业服务中心", supervisionPerson = "杨监管", beneficiaries = "本村脱贫户", incomeRule = "3+3+2+2", version = (int?)null };
        using var unversioned = await App.Admin.PutAsJsonAsync($"/api/assets/{id}/rights", rightsInput, Ct);
        using var stale = await App.Admin.PutAsJsonAsync($"/api/assets/{id}/rights", rightsInput with { version = (int?)read }, Ct);
        var current = (await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct))).GetProperty("version").GetInt32();
        using var rights = await App.Admin.PutAsJsonAsync($"/api/assets/{id}/rights", rightsInput with { version = (int?)current }, Ct);
        var asset = await Json(await App.Admin.GetAsync($"/api/assets/{id}", Ct));

        transfer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        unversioned.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(unversioned)).GetProperty("errors").TryGetProperty("version", out _).Should().BeTrue();
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict, "the version sent was read before the transfer");
        (await Json(stale)).GetProperty("code").GetString().Should().Be("assets.stale");
        rights.StatusCode.Should().Be(HttpStatusCode.NoContent);
        asset.GetProperty("shares").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("percent").GetBasisPoints()))
            .Should().Equal(("混寨村股份经济合作联合社", 7_000), ("茶乡镇人民政府", 3_000));
        var change = asset.GetProperty("ownershipHistory").EnumerateArray().Should().ContainSingle().Subject;
        change.GetProperty("effectiveOn").GetString().Should().Be("2025-01-15");
        change.GetProperty("before").GetString().Should().Be("混寨村股份经济合作联合社 100%");
        change.GetProperty("after").GetString().Should().Be("混寨村股份经济合作联合社 70%；茶乡镇人民政府 30%");
        change.GetProperty("reason").GetString().Should().Be("乡镇入股");
        change.GetProperty("recordedBy").GetString().Should().Be("admin");
        asset.GetProperty("supervisionPerson").GetString().Should().Be("杨监管");
        asset.GetProperty("incomeRule").GetString().Should().Be("3+3+2+2");
    }

    [Fact]
    public async Task A_png_and_a_pdf_come_back_identical_and_a_renamed_exe_or_an_oversized_file_is_refused()
    {
        var (id, _) = await CreateAsync(Hunzhai, "光伏" + Tag());
        var png = TinyPng();
        var pdf = TinyPdf();
        var exe = "MZ\u0090\0\u0003\0\0\0\u0004\0\0\0"u8.ToArray().Concat(new byte[512]).ToArray();
        var huge = new byte[AssetFile.MaxBytes + 1];
        png.CopyTo(huge, 0);

        using var pngUp = await UploadAsync(App.Admin, id, png, "现场照片.png", "image/png", "冷库外观");
        using var pdfUp = await UploadAsync(App.Admin, id, pdf, "验收报告.pdf", "application/pdf");
        using var exeUp = await UploadAsync(App.Admin, id, exe, "photo.png", "image/png");
        using var hugeUp = await UploadAsync(App.Admin, id, huge, "big.png", "image/png");
        var pngId = (await Json(pngUp)).GetProperty("id").GetInt64();
        var pdfId = (await Json(pdfUp)).GetProperty("id").GetInt64();
        using var pngBack = await App.Admin.GetAsync($"/assets/{id}/files/{pngId}", Ct);
        using var pdfBack = await App.Admin.GetAsync($"/api/assets/{id}/files/{pdfId}", Ct);
        var list = await Json(await App.Admin.GetAsync($"/api/assets/{id}/files", Ct));

        pngUp.StatusCode.Should().Be(HttpStatusCode.Created);
        pdfUp.StatusCode.Should().Be(HttpStatusCode.Created);
        (await pngBack.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(png);
        pngBack.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        pngBack.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        pngBack.Content.Headers.ContentDisposition.FileNameStar.Should().Be("现场照片.png");
        (await pdfBack.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(pdf);
        pdfBack.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        pdfBack.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        exeUp.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(exeUp)).GetProperty("code").GetString().Should().Be("files.type");
        hugeUp.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(hugeUp)).GetProperty("code").GetString().Should().Be("files.too_large");
        list.EnumerateArray().Select(f => (f.GetProperty("fileName").GetString(), f.GetProperty("contentType").GetString(), f.GetProperty("size").GetInt32()))
            .Should().Equal(("现场照片.png", "image/png", png.Length), ("验收报告.pdf", "application/pdf", pdf.Length));

        using var deleted = await App.Admin.DeleteAsync($"/api/assets/{id}/files/{pdfId}", Ct);
        using var gone = await App.Admin.GetAsync($"/api/assets/{id}/files/{pdfId}", Ct);
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var db = App.Database.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "delete" && a.EntityType == "AssetFile" && a.EntityId == pdfId.ToString(CultureInfo.InvariantCulture), Ct);
        audit.ActorName.Should().Be("admin");
        audit.Before.Should().Contain("验收报告.pdf");
    }

    [Fact]
    public async Task Another_village_gets_404_for_the_asset_and_its_file_and_cannot_register_in_the_village()
    {
        var (id, _) = await CreateAsync(Hunzhai, "加工厂" + Tag());
        using var up = await UploadAsync(App.Admin, id, TinyPng(), "厂房.png", "image/png");
        var fileId = (await Json(up)).GetProperty("id").GetInt64();
        var (central, _) = await FundsAsync();
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");

        using var ownVillage = await village.GetAsync($"/api/assets/{id}", Ct);
        using var asset = await village2.GetAsync($"/api/assets/{id}", Ct);
        using var page = await village2.GetAsync($"/assets/{id}", Ct);
        using var file = await village2.GetAsync($"/api/assets/{id}/files/{fileId}", Ct);
        using var fileLink = await village2.GetAsync($"/assets/{id}/files/{fileId}", Ct);
        using var status = await village2.PostAsJsonAsync($"/api/assets/{id}/status", new { to = "Idle", reason = "越权" }, Ct);
        using var delete = await village2.DeleteAsync($"/api/assets/{id}/files/{fileId}", Ct);
        using var create = await village2.PostAsJsonAsync("/api/assets", NewAsset(Hunzhai, "越权登记" + Tag(),
            [new { fundSourceId = central, amount = "1000" }], [Owner("VillageCollective", "混寨村股份经济合作联合社", 100m)]), Ct);
        var refusal = await Json(create);
        var listed = await Json(await village2.GetAsync($"/api/assets?q={Uri.EscapeDataString("加工厂")}", Ct));

        ownVillage.StatusCode.Should().Be(HttpStatusCode.OK);
        asset.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Json(asset)).GetRawText().Should().NotContain("加工厂");
        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        file.StatusCode.Should().Be(HttpStatusCode.NotFound);
        fileLink.StatusCode.Should().Be(HttpStatusCode.NotFound);
        status.StatusCode.Should().Be(HttpStatusCode.NotFound);
        delete.StatusCode.Should().Be(HttpStatusCode.NotFound);
        create.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refusal.GetProperty("errors").GetProperty("areaCode")[0].GetString().Should().Contain("不在您的权限范围内");
        listed.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("villageCode").GetString() == Hongjiawan);
    }

    [Fact]
    public async Task The_list_filters_by_class_and_village_and_its_totals_are_the_sum_of_the_rows()
    {
        const string village = "522699001003";
        var tag = Tag();
        var (a1, v1) = await CreateAsync(village, "台账" + tag + "甲", amount: 10_000.10m);
        var (a2, v2) = await CreateAsync(village, "台账" + tag + "乙", amount: 25_000.25m);
        var (_, _) = await CreateAsync(village, "台账" + tag + "丙", amount: 7_777.77m, assetClass: "PublicWelfare");
        var (_, _) = await CreateAsync("522699001004", "台账" + tag + "丁", amount: 3_333.33m);
        var q = Uri.EscapeDataString("台账" + tag);

        var operating = await Json(await App.Admin.GetAsync($"/api/assets?village={village}&class=Operating&q={q}", Ct));
        var paged = await Json(await App.Admin.GetAsync($"/api/assets?village={village}&class=Operating&q={q}&pageSize=1&page=2", Ct));
        var all = await Json(await App.Admin.GetAsync($"/api/assets?q={q}", Ct));
        var township = await Json(await App.Admin.GetAsync($"/api/assets?township=522699001000&q={q}&class=PublicWelfare", Ct));

        operating.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Should().BeEquivalentTo([a1, a2]);
        operating.GetProperty("totals").GetProperty("count").GetInt32().Should().Be(2);
        operating.GetProperty("totals").GetProperty("originalValue").GetFen()
            .Should().Be(operating.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("originalValue").GetFen()))
            .And.Be(v1 + v2);
        paged.GetProperty("items").GetArrayLength().Should().Be(1);
        paged.GetProperty("pages").GetInt32().Should().Be(2);
        paged.GetProperty("totals").GetProperty("originalValue").GetFen().Should().Be(v1 + v2, "totals cover the filtered set, not the page");
        all.GetProperty("totals").GetProperty("count").GetInt32().Should().Be(4);
        all.GetProperty("totals").GetProperty("originalValue").GetFen().Should().Be(1_000_010 + 2_500_025 + 777_777 + 333_333);
        township.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should().Equal("台账" + tag + "丙");
    }

    [Fact]
    public async Task The_ledger_page_shows_the_totals_and_the_asset_page_the_four_rights()
    {
        var tag = Tag();
        var (id, _) = await CreateAsync(Hunzhai, "页面" + tag, amount: 1_234.56m);
        var village = await App.SignInAsync("village");

        var ledger = await village.GetStringAsync($"/assets?q={Uri.EscapeDataString("页面" + tag)}", Ct);
        var file = await village.GetStringAsync($"/assets/{id}", Ct);
        var asAdmin = await App.Admin.GetStringAsync($"/assets/{id}", Ct);

        ledger.Should().Contain("共 <strong>1</strong> 项资产").And.Contain("1,234.56 元").And.Contain($"href=\"/assets/{id}\"");
        file.Should().Contain("所有权").And.Contain("经营权").And.Contain("收益权").And.Contain("监管权");
        file.Should().Contain("混寨村股份经济合作联合社").And.Contain("100.00%").And.Contain($"/contracts/new?assetId={id}").And.Contain($"/disposals/new?assetId={id}");
        file.Should().NotContain("发放所有权证", "certificates are issued by county staff");
        asAdmin.Should().Contain($"/certificates/issue?assetId={id}");
    }

    private static int _tag = Random.Shared.Next(100_000, 900_000);

    protected static string Tag() => Interlocked.Increment(ref _tag).ToString(CultureInfo.InvariantCulture);

    /// <summary>Two fresh fund sources of the demo county (the asset side of the demo is built by other work).</summary>
    protected async Task<(long Central, long County)> FundsAsync()
    {
        var tag = Tag();
        await using var db = App.Database.CreateContext();
        var central = new FundSource("522699", FundSourceKind.Central, 2019, "测试中央衔接资金" + tag, Money.FromYuan(10_000_000m), "黔财农〔2019〕1号");
        var county = new FundSource("522699", FundSourceKind.County, 2019, "测试县级衔接资金" + tag, Money.FromYuan(2_000_000m), null);
        db.FundSources.AddRange(central, county);
        await db.SaveChangesAsync(Ct);
        return (central.Id.Value, county.Id.Value);
    }

    protected static object Owner(string kind, string name, decimal percent) => new { kind, name, code = (string?)null, householdId = (long?)null, percent = ApiValues.Text(percent) };

    protected static object NewAsset(string area, string name, object[] funding, object[] shares, string assetClass = "Operating") => new
    {
        name,
        @class = assetClass,
        kind = "ColdStore",
        industry = "EdibleFungi",
        areaCode = area,
        quantity = 1m,
        unit = "座",
        formedOn = "2019-06-30",
        funding,
        shares,
        supervisionUnit = "茶乡镇农业服务中心",
        supervisionPerson = "王监管",
        beneficiaries = "本村建档立卡脱贫户",
        incomeRule = (string?)null,
    };

    /// <summary>Creates an asset as the county administrator, wholly owned by the village collective; returns its id and value in fen.</summary>
    protected async Task<(long Id, long Fen)> CreateAsync(string area, string name, decimal amount = 80_000m, string assetClass = "Operating")
    {
        var (central, _) = await FundsAsync();
        using var created = await App.Admin.PostAsJsonAsync("/api/assets", NewAsset(area, name,
            [new { fundSourceId = central, amount = ApiValues.Text(amount) }], [Owner("VillageCollective", "混寨村股份经济合作联合社", 100m)], assetClass), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return ((await Json(created)).GetProperty("id").GetInt64(), (long)(amount * 100));
    }

    protected static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long assetId, byte[] content, string fileName, string contentType, string? caption = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (caption is not null)
        {
            form.Add(new StringContent(caption), "caption");
        }
        return await client.PostAsync($"/api/assets/{assetId}/files", form, Ct);
    }

    /// <summary>A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs).</summary>
    protected static byte[] TinyPng() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A real one-page PDF with a correct cross-reference table.</summary>
    protected static byte[] TinyPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        };
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteAssetLedgerTests(RuralApp<SqliteTestDatabase> app) : AssetLedgerTests<SqliteTestDatabase>(app);

public sealed class PostgresAssetLedgerTests(RuralApp<PostgresTestDatabase> app) : AssetLedgerTests<PostgresTestDatabase>(app);
