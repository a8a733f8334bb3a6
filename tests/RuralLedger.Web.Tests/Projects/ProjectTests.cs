using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Projects;

/// <summary>
/// Funds → project → acceptance into assets over HTTP with real sessions: mixed funding to the fen, refusals that
/// write nothing, stable codes for wrong transitions, scope (404) and role (403), and the pages.
/// Names carry a random suffix so parallel classes and the demo data never collide.
/// </summary>
public abstract class ProjectTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";      // 混寨村, the "village" officer's village
    private const string Hongjiawan = "522699001002";   // 洪家湾村, the "village2" officer's village

    protected ProjectTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> CreateFundAsync(HttpClient client, FundSourceKind kind, string name, decimal allocated)
    {
        using var response = await client.PostAsJsonAsync("/api/funds", new { kind = kind.ToString(), year = 2024, name, allocated = ApiValues.Text(allocated), documentNo = "黔财农〔2024〕1号" }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    /// <summary>Two fund sources and a project budgeted 500,000.00 central + 200,000.50 county over both demo villages, taken to Building.</summary>
    private async Task<(long Project, long Central, long County, string Name)> BuildingProjectAsync(HttpClient client)
    {
        var s = Suffix();
        var central = await CreateFundAsync(client, FundSourceKind.Central, $"测试中央衔接资金{s}", 1_000_000m);
        var county = await CreateFundAsync(client, FundSourceKind.County, $"测试县级衔接资金{s}", 400_000m);
        var name = $"测试冷库项目{s}";
        using var created = await client.PostAsJsonAsync("/api/projects", new
        {
            name, year = 2024, industry = "EdibleFungi", villageCodes = new[] { Hunzhai, Hongjiawan },
            budget = new[] { new { fundSourceId = central, amount = "500000" }, new { fundSourceId = county, amount = "200000.50" } },
            description = "食用菌冷库与烘干房",
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await Json(created)).GetProperty("id").GetInt64();
        await PassAssessmentAsync(client, id);
        (await client.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-01", approvalDocument = "茶乡府发〔2024〕12号", version = await VersionAsync(client, id) }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsJsonAsync($"/api/projects/{id}/start", new { startedOn = "2024-04-01", version = await VersionAsync(client, id) }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        return (id, central, county, name);
    }

    /// <summary>An industrial project is approved only after it passes the eight-element assessment (issue 18).</summary>
    private async Task PassAssessmentAsync(HttpClient client, long id)
    {
        var scores = SelectionNames.Elements.Select(e => new { element = e.ToString(), score = 8, evidence = "已核实" }).ToArray();
        using var assessed = await client.PostAsJsonAsync($"/api/projects/{id}/assessments", new { scores, version = await VersionAsync(client, id) }, Ct);
        assessed.StatusCode.Should().Be(HttpStatusCode.Created, await assessed.Content.ReadAsStringAsync(Ct));
    }

    private async Task<int> VersionAsync(HttpClient client, long id) =>
        (await Json(await client.GetAsync($"/api/projects/{id}", Ct))).GetProperty("version").GetInt32();

    private static object Asset(string name, string village, params object[] funding) => new
    {
        name, @class = "Operating", kind = "ColdStore", villageCode = village, quantity = 1, unit = "座", funding,
    };

    [Fact]
    public async Task A_county_officer_accepts_a_project_into_two_assets_whose_values_are_their_funding_to_the_fen()
    {
        var county = await App.SignInAsync("county");
        var (id, central, countyFund, name) = await BuildingProjectAsync(county);

        using var accepted = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-11-20",
            assets = new object[]
            {
                Asset("食用菌冷库A", Hunzhai, new { fundSourceId = central, amount = "300000" }, new { fundSourceId = countyFund, amount = "120000.50" }),
                new
                {
                    name = "食用菌烘干房B", @class = "Operating", kind = "ProcessingPlant", villageCode = Hongjiawan, quantity = 240.5m, unit = "平方米",
                    funding = new[] { new { fundSourceId = countyFund, amount = "80000" } },
                    owners = new[] { new { kind = "CountyCompany", name = (string?)null, percent = "100" } },
                },
            },
        }, Ct);
        var result = await Json(accepted);
        var project = await Json(await county.GetAsync($"/api/projects/{id}", Ct));

        accepted.StatusCode.Should().Be(HttpStatusCode.OK, result.GetRawText());
        var assets = result.GetProperty("assets").EnumerateArray().ToList();
        assets.Select(a => a.GetProperty("code").GetString()).Should().AllSatisfy(c => c.Should().MatchRegex(@"^ZC522699-2024-\d{5}$"));
        assets.Select(a => a.GetProperty("originalValue").GetYuan()).Should().Equal(420_000.50m, 80_000m);
        project.GetProperty("status").GetString().Should().Be("Accepted");
        project.GetProperty("acceptedOn").GetString().Should().Be("2024-11-20");
        project.GetProperty("assets").GetArrayLength().Should().Be(2);
        project.GetProperty("budget").EnumerateArray().Select(b => b.GetProperty("formedIntoAssets").GetYuan()).Should().Equal(300_000m, 200_000.50m);

        await using var db = App.Database.CreateContext();
        var ids = assets.Select(a => new AssetId(a.GetProperty("id").GetInt64())).ToList();
        var stored = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Code).ToListAsync(Ct);
        stored.Should().HaveCount(2);
        stored.Should().AllSatisfy(a =>
        {
            a.OriginalValue.Should().Be(Money.Sum(a.Funding.Select(f => f.Amount)));
            a.Shares.Sum(s => s.BasisPoints).Should().Be(10_000);
            a.ProjectId.Should().Be(new ProjectId(id));
            a.FormedOn.Should().Be(new DateOnly(2024, 11, 20));
        });
        stored[0].Name.Should().Be("食用菌冷库A");
        stored[0].OriginalValue.Should().Be(Money.FromFen(42_000_050));
        stored[0].Funding.Select(f => (f.FundSourceId.Value, f.Amount.Fen)).Should().BeEquivalentTo([(central, 30_000_000L), (countyFund, 12_000_050L)]);
        stored[0].Shares.Single().HolderKind.Should().Be(HolderKind.VillageCollective);
        stored[0].Shares.Single().HolderName.Should().Be("混寨村股份经济合作社");
        stored[0].VillageCode!.Value.Value.Should().Be(Hunzhai);
        stored[1].Shares.Single().HolderName.Should().Be("茶乡县扶贫开发投资有限责任公司");
        stored[1].Shares.Single().HolderKind.Should().Be(HolderKind.CountyCompany);
        stored[1].OriginalValue.Should().Be(Money.FromYuan(80_000m));

        var funds = await Json(await county.GetAsync("/api/funds?year=2024", Ct));
        var countyRow = funds.EnumerateArray().Single(f => f.GetProperty("id").GetInt64() == countyFund);
        countyRow.GetProperty("budgeted").GetYuan().Should().Be(200_000.50m);
        countyRow.GetProperty("formedIntoAssets").GetYuan().Should().Be(200_000.50m);

        var page = await county.GetStringAsync($"/projects/{id}", Ct);
        page.Should().Contain(name).And.Contain("已验收").And.Contain($"href=\"/assets/{ids[0].Value}\"").And.Contain("420,000.50 元");
    }

    [Fact]
    public async Task Over_budget_and_foreign_source_acceptance_is_refused_with_the_field_named_and_nothing_written()
    {
        var county = await App.SignInAsync("county");
        var (id, central, countyFund, _) = await BuildingProjectAsync(county);
        var foreign = await CreateFundAsync(county, FundSourceKind.Donation, $"测试社会捐赠{Suffix()}", 50_000m);
        await using var db = App.Database.CreateContext();
        var before = await db.Assets.IgnoreQueryFilters().CountAsync(Ct);

        using var overBudget = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-11-20",
            assets = new[]
            {
                Asset("超预算冷库A", Hunzhai, new { fundSourceId = countyFund, amount = "150000" }),
                Asset("超预算冷库B", Hongjiawan, new { fundSourceId = countyFund, amount = "50000.51" }, new { fundSourceId = central, amount = "1" }),
            },
        }, Ct);
        using var foreignSource = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-11-20",
            assets = new[] { Asset("外来资金冷库", Hunzhai, new { fundSourceId = foreign, amount = "10000" }) },
        }, Ct);
        using var wrongVillage = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-11-20",
            assets = new[] { Asset("他村冷库", "522699001003", new { fundSourceId = central, amount = "10000" }) },
        }, Ct);
        var over = await Json(overBudget);
        var outside = await Json(foreignSource);
        var village = await Json(wrongVillage);

        overBudget.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        over.GetProperty("code").GetString().Should().Be("projects.over_budget");
        over.GetProperty("errors").EnumerateObject().Single().Name.Should().Be("assets[1].funding");
        foreignSource.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        outside.GetProperty("code").GetString().Should().Be("projects.source_not_in_budget");
        outside.GetProperty("errors").EnumerateObject().Single().Name.Should().Be("assets[0].funding");
        wrongVillage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        village.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("assets[0].villageCode");

        var project = await Json(await county.GetAsync($"/api/projects/{id}", Ct));
        project.GetProperty("status").GetString().Should().Be("Building");
        project.GetProperty("assets").GetArrayLength().Should().Be(0);
        (await db.Assets.IgnoreQueryFilters().CountAsync(Ct)).Should().Be(before);
        (await db.Assets.IgnoreQueryFilters().CountAsync(a => a.ProjectId == new ProjectId(id), Ct)).Should().Be(0);
    }

    [Fact]
    public async Task Wrong_transitions_are_refused_with_stable_codes()
    {
        var county = await App.SignInAsync("county");
        var (id, central, _, _) = await BuildingProjectAsync(county);

        using var approveAgain = await county.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-02", approvalDocument = "重复批复", version = await VersionAsync(county, id) }, Ct);
        using var startAgain = await county.PostAsJsonAsync($"/api/projects/{id}/start", new { startedOn = "2024-04-02", version = await VersionAsync(county, id) }, Ct);
        using var acceptEarly = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-03-15",
            assets = new[] { Asset("早验收冷库", Hunzhai, new { fundSourceId = central, amount = "1000" }) },
        }, Ct);
        using var unversioned = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { }, Ct);
        using var stale = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { version = 1 }, Ct);
        using var noReason = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { version = await VersionAsync(county, id) }, Ct);
        using var controlReason = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { reason = "资金\u0000调整", version = await VersionAsync(county, id) }, Ct);
        using var longReason = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { reason = new string('因', 201), version = await VersionAsync(county, id) }, Ct);
        using var cancelled = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { reason = "资金调整，项目不再实施", version = await VersionAsync(county, id) }, Ct);
        using var cancelAgain = await county.PostAsJsonAsync($"/api/projects/{id}/cancel", new { reason = "再次取消", version = await VersionAsync(county, id) }, Ct);
        using var acceptCancelled = await county.PostAsJsonAsync($"/api/projects/{id}/accept", new
        {
            version = await VersionAsync(county, id),
            acceptedOn = "2024-11-20",
            assets = new[] { Asset("已取消冷库", Hunzhai, new { fundSourceId = central, amount = "1000" }) },
        }, Ct);

        approveAgain.StatusCode.Should().Be(HttpStatusCode.Conflict, "a repeated step is refused by the project's state");
        (await Json(approveAgain)).GetProperty("code").GetString().Should().Be("projects.bad_transition");
        (await Json(startAgain)).GetProperty("code").GetString().Should().Be("projects.bad_transition");
        acceptEarly.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(acceptEarly)).GetProperty("code").GetString().Should().Be("projects.date_order");
        unversioned.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(unversioned)).GetProperty("code").GetString().Should().Be("version.required");
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(stale)).GetProperty("code").GetString().Should().Be("projects.stale");
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("code").GetString().Should().Be("reason.required");
        (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString().Should().Be("请填写取消原因。");
        (await Json(controlReason)).GetProperty("code").GetString().Should().Be("text.control_characters");
        (await Json(longReason)).GetProperty("code").GetString().Should().Be("reason.too_long");
        cancelled.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var audit = await App.Admin.GetStringAsync($"/api/audit?entityType=Project&entityId={id}", Ct);
        audit.Should().Contain("资金调整，项目不再实施", "the reason is audited with the change");
        cancelAgain.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(cancelAgain)).GetProperty("code").GetString().Should().Be("projects.bad_transition");
        (await Json(acceptCancelled)).GetProperty("code").GetString().Should().Be("projects.bad_transition");
        (await Json(await county.GetAsync($"/api/projects/{id}", Ct))).GetProperty("status").GetString().Should().Be("Cancelled");
    }

    [Fact]
    public async Task Another_village_cannot_see_the_project_and_village_officers_cannot_write()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();
        var fund = await CreateFundAsync(county, FundSourceKind.Provincial, $"测试省级资金{s}", 100_000m);
        var name = $"混寨村油茶基地{s}";
        using var created = await county.PostAsJsonAsync("/api/projects", new
        {
            name, year = 2024, industry = "CamelliaOil", villageCodes = new[] { Hunzhai },
            budget = new[] { new { fundSourceId = fund, amount = "90000" } },
        }, Ct);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");

        using var ownVillageRead = await village.GetAsync($"/api/projects/{id}", Ct);
        using var otherVillageRead = await village2.GetAsync($"/api/projects/{id}", Ct);
        using var otherVillagePage = await village2.GetAsync($"/projects/{id}", Ct);
        var otherVillageList = await Json(await village2.GetAsync("/api/projects?year=2024", Ct));
        using var villageApprove = await village.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-01", approvalDocument = "越权" }, Ct);
        using var village2Approve = await village2.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-01", approvalDocument = "越权" }, Ct);
        using var villageCreate = await village.PostAsJsonAsync("/api/projects", new
        {
            name = "越权项目", year = 2024, industry = "CamelliaOil", villageCodes = new[] { Hunzhai },
            budget = new[] { new { fundSourceId = fund, amount = "1" } },
        }, Ct);
        using var villageFund = await village.PostAsJsonAsync("/api/funds", new { kind = "County", year = 2024, name = "越权资金", allocated = "1" }, Ct);
        var villageToken = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, "/funds");
        using var villagePageApprove = await village.PostAsync($"/projects/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Transition.On"] = "2024-03-01", ["Transition.ApprovalDocument"] = "越权", ["__RequestVerificationToken"] = villageToken,
        }), Ct);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        ownVillageRead.StatusCode.Should().Be(HttpStatusCode.OK);
        otherVillageRead.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherVillagePage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherVillageList.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().NotContain(name);
        villageApprove.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        village2Approve.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        villageCreate.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        villageFund.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        villagePageApprove.StatusCode.Should().Be(HttpStatusCode.Redirect, "a page answers a refused role with the 无权访问 page");
        villagePageApprove.Headers.Location!.AbsolutePath.Should().Be("/forbidden");
        (await Json(await county.GetAsync($"/api/projects/{id}", Ct))).GetProperty("status").GetString().Should().Be("Planned");
    }

    [Fact]
    public async Task The_pages_render_and_the_forms_create_approve_start_and_accept()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();
        var fundName = $"页面测试东西部协作资金{s}";
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/funds");
        using var fundPosted = await county.PostAsync("/funds", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Year"] = "2023", ["Input.Kind"] = "EastWest", ["Input.Name"] = fundName, ["Input.Allocated"] = "250000.00", ["__RequestVerificationToken"] = token,
        }), Ct);
        fundPosted.StatusCode.Should().Be(HttpStatusCode.Redirect, await fundPosted.Content.ReadAsStringAsync(Ct));
        var fundsPage = await county.GetStringAsync("/funds?year=2023", Ct);
        fundsPage.Should().Contain(fundName).And.Contain("250,000.00 元");
        var fundId = (await Json(await county.GetAsync("/api/funds?year=2023", Ct))).EnumerateArray().Single(f => f.GetProperty("name").GetString() == fundName).GetProperty("id").GetInt64();

        var projectName = $"页面测试黄桃基地{s}";
        token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, "/projects/new");
        using var missing = await county.PostAsync("/projects/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = projectName, ["Input.Year"] = "2023", ["Input.Industry"] = "FineFruit", ["__RequestVerificationToken"] = token,
        }), Ct);
        var missingHtml = await missing.Content.ReadAsStringAsync(Ct);
        missing.StatusCode.Should().Be(HttpStatusCode.OK);
        missingHtml.Should().Contain("至少选择一个受益行政村");
        using var createdPage = await county.PostAsync("/projects/new", new FormUrlEncodedContent(
        [
            new("Input.Name", projectName), new("Input.Year", "2023"), new("Input.Industry", "FineFruit"),
            new("Input.VillageCodes", Hunzhai), new("Input.Budget[0].FundSourceId", fundId.ToString(Fmt)), new("Input.Budget[0].Amount", "200000.00"),
            new("__RequestVerificationToken", token),
        ]), Ct);
        createdPage.StatusCode.Should().Be(HttpStatusCode.Redirect, await createdPage.Content.ReadAsStringAsync(Ct));
        var path = createdPage.Headers.Location!.OriginalString;
        path.Should().MatchRegex(@"^/projects/\d+$");

        await PassAssessmentAsync(county, long.Parse(path["/projects/".Length..], Fmt));
        await PostFormAsync(county, path, "Approve", new() { ["Transition.Version"] = await PageVersionAsync(county, path), ["Transition.On"] = "2023-05-01", ["Transition.ApprovalDocument"] = "茶乡府复〔2023〕5号" });
        await PostFormAsync(county, path, "Start", new() { ["Transition.Version"] = await PageVersionAsync(county, path), ["Transition.On"] = "2023-06-01" });
        var acceptRefused = await PostFormAsync(county, path, "Accept", new()
        {
            ["Accept.Version"] = await PageVersionAsync(county, path),
            ["Accept.AcceptedOn"] = "2023-12-01", ["Accept.Assets[0].Name"] = "黄桃种植基地", ["Accept.Assets[0].Class"] = "Operating", ["Accept.Assets[0].Kind"] = "PlantingBase",
            ["Accept.Assets[0].Industry"] = "FineFruit", ["Accept.Assets[0].VillageCode"] = Hunzhai, ["Accept.Assets[0].Quantity"] = "120", ["Accept.Assets[0].Unit"] = "亩",
            ["Accept.Assets[0].Funding[0].FundSourceId"] = fundId.ToString(Fmt), ["Accept.Assets[0].Funding[0].Amount"] = "200000.01",
        }, expectRedirect: false);
        acceptRefused.Should().Contain("超过该来源预算");
        await PostFormAsync(county, path, "Accept", new()
        {
            ["Accept.Version"] = await PageVersionAsync(county, path),
            ["Accept.AcceptedOn"] = "2023-12-01", ["Accept.Assets[0].Name"] = "黄桃种植基地", ["Accept.Assets[0].Class"] = "Operating", ["Accept.Assets[0].Kind"] = "PlantingBase",
            ["Accept.Assets[0].Industry"] = "FineFruit", ["Accept.Assets[0].VillageCode"] = Hunzhai, ["Accept.Assets[0].Quantity"] = "120", ["Accept.Assets[0].Unit"] = "亩",
            ["Accept.Assets[0].OwnerKind"] = "CountyCompany",
            ["Accept.Assets[0].Funding[0].FundSourceId"] = fundId.ToString(Fmt), ["Accept.Assets[0].Funding[0].Amount"] = "199999.99",
        });

        var detail = await county.GetStringAsync(path, Ct);
        detail.Should().Contain(projectName).And.Contain("已验收").And.Contain("黄桃种植基地").And.Contain("199,999.99 元").And.Contain("茶乡县扶贫开发投资有限责任公司");
        var list = await county.GetStringAsync("/projects?year=2023&industry=FineFruit", Ct);
        list.Should().Contain(projectName);
        (await county.GetAsync("/projects", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await county.GetAsync("/projects?page=2", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var villageList = await (await App.SignInAsync("village")).GetStringAsync("/projects", Ct);
        villageList.Should().Contain(projectName).And.NotContain("项目入库");
    }

    [Fact]
    public async Task The_home_page_shows_fund_project_and_asset_figures_scoped_to_the_user()
    {
        var county = await App.SignInAsync("county");
        var village = await App.SignInAsync("village");

        using var countyResponse = await county.GetAsync("/api/overview", Ct);
        countyResponse.StatusCode.Should().Be(HttpStatusCode.OK, await countyResponse.Content.ReadAsStringAsync(Ct));
        var countyFigures = (await Json(countyResponse)).GetProperty("assets");
        var villageFigures = (await Json(await village.GetAsync("/api/overview", Ct))).GetProperty("assets");
        var home = await county.GetStringAsync("/", Ct);

        countyFigures.GetProperty("fundsAllocated").GetYuan().Should().BeGreaterThan(0);
        countyFigures.GetProperty("assets").GetInt32().Should().BeGreaterThan(200, "the demo county has its assets");
        countyFigures.GetProperty("byClass").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()).Should().Be(countyFigures.GetProperty("assets").GetInt32());
        countyFigures.GetProperty("byIndustry").EnumerateArray().Sum(g => g.GetProperty("originalValue").GetYuan()).Should().Be(countyFigures.GetProperty("assetsOriginalValue").GetYuan());
        countyFigures.GetProperty("byIndustry").EnumerateArray().Select(g => g.GetProperty("name").GetString()).Should().Contain(["油茶", "食用菌", "精品水果", "生猪"]);
        countyFigures.GetProperty("wagesToPoor").GetYuan().Should().BeGreaterThanOrEqualTo(406_700m);
        villageFigures.GetProperty("assets").GetInt32().Should().BeLessThan(countyFigures.GetProperty("assets").GetInt32());
        villageFigures.GetProperty("fundsAllocated").GetYuan().Should().Be(countyFigures.GetProperty("fundsAllocated").GetYuan(), "fund sources are county reference data");
        home.Should().Contain("资产按类别").And.Contain("资产按产业").And.Contain("经营性").And.Contain("data-figure=\"assets\"");
    }

    private static readonly IFormatProvider Fmt = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>The version the project page carries in its forms' hidden field.</summary>
    private async Task<string> PageVersionAsync(HttpClient client, string page) =>
        (await Json(await client.GetAsync("/api" + page, Ct))).GetProperty("version").GetInt32().ToString(Fmt);

    private static async Task<string> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, bool expectRedirect = true)
    {
        fields["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(client, path);
        using var response = await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(fields), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expectRedirect ? HttpStatusCode.Redirect : HttpStatusCode.OK, html);
        return html;
    }
}

public sealed class SqliteProjectTests(RuralApp<SqliteTestDatabase> app) : ProjectTests<SqliteTestDatabase>(app);

public sealed class PostgresProjectTests(RuralApp<PostgresTestDatabase> app) : ProjectTests<PostgresTestDatabase>(app);
