using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Disposals;

/// <summary>
/// Asset disposals over HTTP: no completion without the villager representatives' resolution, township approval and
/// county approval; each step by the role that may take it; proceeds booked as the asset's income; other income and
/// its corrections; one open disposal per asset; another village's disposals not found.
/// </summary>
public abstract class DisposalTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    protected DisposalTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disposal_cannot_complete_without_its_three_approvals_and_then_disposes_the_asset_and_books_the_proceeds()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 260_000m))[0];
        var village = await App.SignInAsync("village");
        var township = await App.SignInAsync("township");
        var county = await App.SignInAsync("county");

        using var proposed = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "EndOfLife", method = "Auction", reason = "冷库制冷机组达到使用年限，维修费用高于残值" }, Ct);
        proposed.StatusCode.Should().Be(HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync(Ct));
        var id = (await Json(proposed)).GetProperty("id").GetInt64();
        using var second = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "Disaster", method = "Scrap", reason = "重复提出" }, Ct);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(second)).GetProperty("code").GetString().Should().Be("disposals.already_open");

        await CompleteIsRefusedAsync(village, id, assetId, "after the proposal");

        using var noQuorum = await village.PostAsJsonAsync($"/api/disposals/{id}/resolution",
            new { resolutionOn = (string?)null, representativesTotal = 15, representativesPresent = 9, votesFor = 9, note = "", version = await VersionAsync(id) }, Ct);
        noQuorum.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var quorum = await Json(noQuorum);
        quorum.GetProperty("code").GetString().Should().Be("disposals.quorum");
        quorum.GetProperty("errors").GetProperty("present")[0].GetString().Should().Contain("三分之二");
        using var resolution = await village.PostAsJsonAsync($"/api/disposals/{id}/resolution",
            new { representativesTotal = 15, representativesPresent = 10, votesFor = 8, note = "同意公开拍卖", version = await VersionAsync(id) }, Ct);
        resolution.StatusCode.Should().Be(HttpStatusCode.NoContent, await resolution.Content.ReadAsStringAsync(Ct));

        await CompleteIsRefusedAsync(village, id, assetId, "after the resolution");

        using var byVillage = await village.PostAsJsonAsync($"/api/disposals/{id}/township-approval", new { opinion = "自己批", version = await VersionAsync(id) }, Ct);
        byVillage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var countyFirst = await county.PostAsJsonAsync($"/api/disposals/{id}/county-approval", new { opinion = "越级", version = await VersionAsync(id) }, Ct);
        countyFirst.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(countyFirst)).GetProperty("code").GetString().Should().Be("disposals.bad_step");
        using var byTownship = await township.PostAsJsonAsync($"/api/disposals/{id}/township-approval", new { opinion = "同意", version = await VersionAsync(id) }, Ct);
        byTownship.StatusCode.Should().Be(HttpStatusCode.NoContent, await byTownship.Content.ReadAsStringAsync(Ct));

        await CompleteIsRefusedAsync(village, id, assetId, "after the township approval");

        using var byCounty = await county.PostAsJsonAsync($"/api/disposals/{id}/county-approval", new { opinion = "同意处置", version = await VersionAsync(id) }, Ct);
        byCounty.StatusCode.Should().Be(HttpStatusCode.NoContent, await byCounty.Content.ReadAsStringAsync(Ct));
        using var completed = await village.PostAsJsonAsync($"/api/disposals/{id}/complete",
            new { proceeds = "18600.50", buyer = "县再生资源回收公司", version = await VersionAsync(id) }, Ct);
        completed.StatusCode.Should().Be(HttpStatusCode.NoContent, await completed.Content.ReadAsStringAsync(Ct));

        var disposal = await Json(await App.Admin.GetAsync($"/api/disposals/{id}", Ct));
        disposal.GetProperty("status").GetString().Should().Be("Completed");
        disposal.GetProperty("assetStatus").GetString().Should().Be("Disposed");
        disposal.GetProperty("representativesPresent").GetInt32().Should().Be(10);
        disposal.GetProperty("townshipApprover").GetString().Should().Be("township");
        disposal.GetProperty("countyApprover").GetString().Should().Be("county");
        disposal.GetProperty("proceeds").GetYuan().Should().Be(18_600.50m);
        (await AssetStatusAsync(assetId)).Should().Be(AssetStatus.Disposed);
        var income = await Json(await village.GetAsync($"/api/assets/{assetId}/income", Ct));
        var proceeds = income.GetProperty("items").EnumerateArray().Single();
        proceeds.GetProperty("kind").GetString().Should().Be("DisposalProceeds");
        proceeds.GetProperty("amount").GetYuan().Should().Be(18_600.50m);
        proceeds.GetProperty("sourceId").GetInt64().Should().Be(id);
        proceeds.GetProperty("owner").GetString().Should().Contain("混寨村股份经济合作社");
        var page = await village.GetStringAsync($"/disposals/{id}", Ct);
        page.Should().Contain("已完成").And.Contain("应到 15 人，实到 10 人，赞成 8 票").And.Contain("18,600.50");
        using var again = await village.PostAsJsonAsync("/api/contracts", new
        {
            assetIds = new[] { assetId }, operatorKind = "Person", operatorName = "龙某", mode = "Entrusted", signedOn = "2025-01-01",
            termMonths = 12, frequency = "Annual", graceDays = 0, consideration = "FixedRent", annualRent = "1000",
        }, Ct);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(again)).GetProperty("code").GetString().Should().Be("contracts.asset_disposed", "a disposed asset can't be contracted");
    }

    [Fact]
    public async Task A_rejected_disposal_stays_unfinished_and_the_asset_can_be_proposed_again()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 90_000m))[0];
        var village = await App.SignInAsync("village");
        var township = await App.SignInAsync("township");
        using var proposed = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "PoorReturns", method = "Transfer", reason = "经营效益低下" }, Ct);
        var id = (await Json(proposed)).GetProperty("id").GetInt64();

        using var byVillage = await village.PostAsJsonAsync($"/api/disposals/{id}/reject", new { reason = "不想处置了", version = await VersionAsync(id) }, Ct);
        using var noReason = await township.PostAsJsonAsync($"/api/disposals/{id}/reject", new { reason = "", version = await VersionAsync(id) }, Ct);
        using var rejected = await township.PostAsJsonAsync($"/api/disposals/{id}/reject", new { reason = "未经资产评估", version = await VersionAsync(id) }, Ct);
        using var complete = await village.PostAsJsonAsync($"/api/disposals/{id}/complete", new { proceeds = "1", version = await VersionAsync(id) }, Ct);
        using var anew = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "PoorReturns", method = "Transfer", reason = "评估后重新提出" }, Ct);

        byVillage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        rejected.StatusCode.Should().Be(HttpStatusCode.NoContent);
        complete.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(complete)).GetProperty("code").GetString().Should().Be("disposals.approvals_missing");
        anew.StatusCode.Should().Be(HttpStatusCode.Created);
        (await AssetStatusAsync(assetId)).Should().Be(AssetStatus.InUse);
        var list = await Json(await village.GetAsync($"/api/disposals?assetId={assetId}", Ct));
        list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("status").GetString()).Should().BeEquivalentTo(["Rejected", "Proposed"]);
    }

    [Fact]
    public async Task Another_village_gets_404_for_a_disposal_and_an_asset_of_Hunzhai()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 45_000m))[0];
        using var proposed = await App.Admin.PostAsJsonAsync("/api/disposals", new { assetId, @case = "Disaster", method = "Scrap", reason = "洪水冲毁" }, Ct);
        var id = (await Json(proposed)).GetProperty("id").GetInt64();
        var village2 = await App.SignInAsync("village2");

        using var get = await village2.GetAsync($"/api/disposals/{id}", Ct);
        using var page = await village2.GetAsync($"/disposals/{id}", Ct);
        using var resolution = await village2.PostAsJsonAsync($"/api/disposals/{id}/resolution", new { representativesTotal = 3, representativesPresent = 3, votesFor = 3, version = 0 }, Ct);
        using var propose = await village2.PostAsJsonAsync("/api/disposals", new { assetId, @case = "Disaster", method = "Scrap", reason = "别村的" }, Ct);
        using var income = await village2.GetAsync($"/api/assets/{assetId}/income", Ct);
        using var addIncome = await village2.PostAsJsonAsync($"/api/assets/{assetId}/income", new { amount = "10", note = "别村的" }, Ct);
        var list = await Json(await village2.GetAsync("/api/disposals?pageSize=200", Ct));

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        resolution.StatusCode.Should().Be(HttpStatusCode.NotFound);
        propose.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        income.StatusCode.Should().Be(HttpStatusCode.NotFound);
        addIncome.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).Should().NotContain(id);
        (await Json(await App.Admin.GetAsync($"/api/disposals/{id}", Ct))).GetProperty("status").GetString().Should().Be("Proposed");
    }

    [Fact]
    public async Task Other_income_is_entered_and_corrected_by_a_negative_entry_naming_the_wrong_one()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 45_000m))[0];
        var village = await App.SignInAsync("village");

        using var added = await village.PostAsJsonAsync($"/api/assets/{assetId}/income", new { receivedOn = "2025-03-01", amount = "1200.00", note = "场地临时出租" }, Ct);
        var wrongId = (await Json(added)).GetProperty("id").GetInt64();
        using var unnamed = await village.PostAsJsonAsync($"/api/assets/{assetId}/income", new { receivedOn = "2025-03-02", amount = "-200", note = "多记" }, Ct);
        using var tooMuch = await village.PostAsJsonAsync($"/api/assets/{assetId}/income", new { receivedOn = "2025-03-02", amount = "-1200.01", note = "多记", correctsId = wrongId }, Ct);
        using var corrected = await village.PostAsJsonAsync($"/api/assets/{assetId}/income", new { receivedOn = "2025-03-02", amount = "-200", note = "实收 1,000.00 元，多记 200 元", correctsId = wrongId }, Ct);
        using var future = await village.PostAsJsonAsync($"/api/assets/{assetId}/income", new { receivedOn = "2099-01-01", amount = "5" }, Ct);
        var view = await Json(await village.GetAsync($"/api/assets/{assetId}/income", Ct));
        var ledger = await Json(await village.GetAsync($"/api/income?assetId={assetId}&year=2025", Ct));

        added.StatusCode.Should().Be(HttpStatusCode.Created);
        unnamed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(unnamed)).GetProperty("errors").GetProperty("correctsId").GetArrayLength().Should().Be(1);
        tooMuch.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        corrected.StatusCode.Should().Be(HttpStatusCode.Created);
        future.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        view.GetProperty("sum").GetYuan().Should().Be(1_000.00m);
        var rows = view.GetProperty("items").EnumerateArray().ToList();
        rows.Should().HaveCount(2);
        rows.Single(r => r.GetProperty("id").GetInt64() == wrongId).GetProperty("amount").GetYuan().Should().Be(1_200.00m, "posted rows are never edited");
        rows.Single(r => r.GetProperty("amount").GetYuan() < 0).GetProperty("note").GetString().Should().Contain($"更正第 {wrongId} 号收益").And.Contain("多记 200 元");
        ledger.GetProperty("sum").GetYuan().Should().Be(1_000.00m);
        ledger.GetProperty("byKind").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "Other").GetProperty("count").GetInt32().Should().Be(2);
        var html = await village.GetStringAsync("/income?year=2025&kind=Other&assetId=" + assetId, Ct);
        html.Should().Contain("场地临时出租").And.Contain("-200.00").And.Contain("1,000.00");
    }

    [Fact]
    public async Task The_disposal_pages_render_and_the_resolution_form_shows_a_quorum_error_next_to_the_field()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 45_000m))[0];
        var village = await App.SignInAsync("village");

        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, $"/disposals/new?assetId={assetId}");
        using var proposed = await village.PostAsync($"/disposals/new?assetId={assetId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Case"] = "EndOfLife", ["Input.Method"] = "Scrap", ["Input.Reason"] = "达到报废年限",
        }), Ct);
        proposed.StatusCode.Should().Be(HttpStatusCode.Redirect, await proposed.Content.ReadAsStringAsync(Ct));
        var detailPath = proposed.Headers.Location!.OriginalString;
        var detail = await village.GetStringAsync(detailPath, Ct);
        token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, detailPath);
        using var meeting = await village.PostAsync(detailPath + "?handler=Resolution", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Version"] = "0", ["Resolution.ResolutionOn"] = "", ["Resolution.RepresentativesTotal"] = "12",
            ["Resolution.RepresentativesPresent"] = "7", ["Resolution.VotesFor"] = "7",
        }), Ct);
        var html = await meeting.Content.ReadAsStringAsync(Ct);
        var list = await village.GetStringAsync("/disposals", Ct);

        detailPath.Should().MatchRegex(@"^/disposals/\d+$");
        detail.Should().Contain("村民代表会议决议").And.Contain("resolution-form").And.NotContain("township-form");
        meeting.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("实到 7 人，不足应到 12 人的三分之二");
        list.Should().Contain(detailPath);
    }

    private async Task CompleteIsRefusedAsync(HttpClient client, long id, long assetId, string because)
    {
        using var response = await client.PostAsJsonAsync($"/api/disposals/{id}/complete", new { proceeds = "18600.50", buyer = "县再生资源回收公司", version = await VersionAsync(id) }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, because);
        (await Json(response)).GetProperty("code").GetString().Should().Be("disposals.approvals_missing", because);
        (await AssetStatusAsync(assetId)).Should().Be(AssetStatus.InUse, because);
    }

    private async Task<int> VersionAsync(long id) => (await Json(await App.Admin.GetAsync($"/api/disposals/{id}", Ct))).GetProperty("version").GetInt32();

    private async Task<AssetStatus> AssetStatusAsync(long assetId)
    {
        await using var db = App.Database.CreateContext();
        return await db.Assets.AsNoTracking().Where(a => a.Id == new AssetId(assetId)).Select(a => a.Status).SingleAsync(Ct);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteDisposalTests(RuralApp<SqliteTestDatabase> app) : DisposalTests<SqliteTestDatabase>(app);

public sealed class PostgresDisposalTests(RuralApp<PostgresTestDatabase> app) : DisposalTests<PostgresTestDatabase>(app);
