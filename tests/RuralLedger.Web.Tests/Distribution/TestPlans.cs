using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// Plans for tests of what happens to a plan later: one of 混寨村's own income of last year (the demo's income of
/// that year set aside), through its meeting and a notice that has run (the fixture's clock moves a week on).
/// </summary>
internal static class TestPlans
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A plan ready for the township's approval, and the township officer signed in.</summary>
    /// <param name="noticeEnded">False leaves the clock inside the notice (objections can still be filed).</param>
    public static async Task<(long Id, HttpClient Township)> NoticedAsync<TDatabase>(ClockedRuralApp<TDatabase> app, bool noticeEnded = true) where TDatabase : TestDatabase, new()
    {
        var year = BusinessCalendar.Today(app.Clock!).Year - 1;
        await TestIncome.SetAsideDemoAsync(app.Database, year);
        var incomeId = await TestIncome.AddAsync(app.Database, DivisionCode.Parse(TestAssets.Hunzhai), Money.FromYuan(10_000m), year);
        var village = await app.SignInAsync("village");
        using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = TestAssets.Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
        built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
        var id = (await JsonAsync(built)).GetProperty("id").GetInt64();
        (await village.PostAsJsonAsync($"/api/plans/{id}/meeting", new { entitled = 30, present = 24, votesFor = 20, minutes = "四议", version = await VersionAsync(village, $"/api/plans/{id}") }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var today = BusinessCalendar.Today(app.Clock!);
        (await village.PostAsJsonAsync($"/api/plans/{id}/notice", new { from = today, to = today.AddDays(6), place = "村委会公开栏", version = await VersionAsync(village, $"/api/plans/{id}") }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        if (noticeEnded)
        {
            app.Clock!.Advance(TimeSpan.FromDays(7));
        }
        return (id, await app.SignInAsync("township"));
    }

    /// <summary>A plan approved by the township and posted; the village officer signed in.</summary>
    public static async Task<(long Id, HttpClient Village)> PostedAsync<TDatabase>(ClockedRuralApp<TDatabase> app) where TDatabase : TestDatabase, new()
    {
        var (id, township) = await NoticedAsync(app);
        (await township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version = await VersionAsync(township, $"/api/plans/{id}") }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var village = await app.SignInAsync("village");
        (await village.PostAsync($"/api/plans/{id}/post", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        return (id, village);
    }

    public static async Task<int> VersionAsync(HttpClient client, string path) => (await JsonAsync(await client.GetAsync(path, Ct))).GetProperty("version").GetInt32();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}
