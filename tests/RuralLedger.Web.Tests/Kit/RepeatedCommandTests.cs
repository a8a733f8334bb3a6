using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// Ten identical requests at once (a double click, a retry, two officers) change the record once: one audit row, one
/// state change; the other nine are told nothing was done — 409 <c>&lt;module&gt;.stale</c> for a command that carries the
/// version it read, the plans' 200 with <c>alreadyDone</c> for their approval, and the state's own refusal for a command
/// without a version.
/// </summary>
public abstract class RepeatedCommandTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const int Times = 10;

    protected RepeatedCommandTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Commands => new() { "plan approval", "disposal approval", "public job end", "certificate revoke" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ten_identical_requests_at_once_change_the_record_once(string command)
    {
        var (entity, id, send) = await PrepareAsync(command);
        var key = id.ToString(CultureInfo.InvariantCulture);
        var audited = await AuditedAsync(entity, key);

        var responses = await Task.WhenAll(Enumerable.Range(0, Times).Select(_ => send()));
        var answers = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await r.Content.ReadAsStringAsync(Ct))));

        (await AuditedAsync(entity, key)).Should().Be(audited + 1, $"{command}: one change, one audit row ({string.Join(" | ", answers)})");
        if (command == "plan approval")
        {
            answers.Should().AllSatisfy(a => a.StatusCode.Should().Be(HttpStatusCode.OK, a.Body));
            answers.Count(a => !JsonDocument.Parse(a.Body).RootElement.GetProperty("alreadyDone").GetBoolean()).Should().Be(1);
            return;
        }
        answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).Should().Be(1, string.Join(" | ", answers));
        var repeated = answers.Where(a => a.StatusCode != HttpStatusCode.NoContent).ToList();
        repeated.Should().AllSatisfy(a => a.StatusCode.Should().Be(HttpStatusCode.Conflict, a.Body));
        var expected = command switch
        {
            "disposal approval" => "disposals.stale",
            "public job end" => "jobs.stale",
            _ => "certificates.not_valid",
        };
        repeated.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("code").GetString()).Should().AllBe(expected);
    }

    private async Task<(string Entity, long Id, Func<Task<HttpResponseMessage>> Send)> PrepareAsync(string command)
    {
        switch (command)
        {
            case "plan approval":
            {
                var year = BusinessCalendar.Today(App.Clock!).Year - 1;
                await TestIncome.SetAsideDemoAsync(App.Database, year);
                var incomeId = await TestIncome.AddAsync(App.Database, DivisionCode.Parse(TestAssets.Hunzhai), Money.FromYuan(10_000m), year);
                var village = await App.SignInAsync("village");
                using var built = await village.PostAsJsonAsync("/api/plans", new { villageCode = TestAssets.Hunzhai, year, incomeIds = new[] { incomeId } }, Ct);
                built.StatusCode.Should().Be(HttpStatusCode.Created, await built.Content.ReadAsStringAsync(Ct));
                var id = (await Json(built)).GetProperty("id").GetInt64();
                (await village.PostAsJsonAsync($"/api/plans/{id}/meeting", new { entitled = 30, present = 24, votesFor = 20, minutes = "四议", version = await VersionAsync(village, $"/api/plans/{id}") }, Ct))
                    .StatusCode.Should().Be(HttpStatusCode.NoContent);
                var today = BusinessCalendar.Today(App.Clock!);
                (await village.PostAsJsonAsync($"/api/plans/{id}/notice", new { from = today, to = today.AddDays(6), place = "村委会公开栏", version = await VersionAsync(village, $"/api/plans/{id}") }, Ct))
                    .StatusCode.Should().Be(HttpStatusCode.NoContent);
                App.Clock!.Advance(TimeSpan.FromDays(7));
                var township = await App.SignInAsync("township");
                var version = await VersionAsync(township, $"/api/plans/{id}");
                return ("DistributionPlan", id, () => township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version }, Ct));
            }
            case "disposal approval":
            {
                var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 80_000m))[0];
                var village = await App.SignInAsync("village");
                using var proposed = await village.PostAsJsonAsync("/api/disposals", new { assetId, @case = "EndOfLife", method = "Auction", reason = "达到使用年限" }, Ct);
                proposed.StatusCode.Should().Be(HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync(Ct));
                var id = (await Json(proposed)).GetProperty("id").GetInt64();
                (await village.PostAsJsonAsync($"/api/disposals/{id}/resolution",
                    new { representativesTotal = 15, representativesPresent = 10, votesFor = 8, note = "同意", version = await VersionAsync(village, $"/api/disposals/{id}") }, Ct))
                    .StatusCode.Should().Be(HttpStatusCode.NoContent);
                var township = await App.SignInAsync("township");
                var version = await VersionAsync(township, $"/api/disposals/{id}");
                return ("Disposal", id, () => township.PostAsJsonAsync($"/api/disposals/{id}/township-approval", new { opinion = "同意", version }, Ct));
            }
            case "public job end":
            {
                string householdNo, head;
                await using (var db = App.Database.CreateContext())
                {
                    var household = await db.Households.IgnoreQueryFilters().Include(h => h.Members)
                        .Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderBy(h => h.Id).FirstAsync(Ct);
                    (householdNo, head) = (household.HouseholdNo, household.HeadName);
                }
                var village = await App.SignInAsync("village");
                using var registered = await village.PostAsJsonAsync("/api/public-jobs",
                    new { householdNo, memberName = head, post = "Cleaner", monthlyPay = "600.00", startOn = new DateOnly(2024, 1, 1) }, Ct);
                registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Ct));
                var id = (await Json(registered)).GetProperty("id").GetInt64();
                var version = (await Json(await village.GetAsync("/api/public-jobs", Ct))).GetProperty("items").EnumerateArray()
                    .Single(j => j.GetProperty("id").GetInt64() == id).GetProperty("version").GetInt32();
                return ("PublicWelfareJob", id, () => village.PostAsJsonAsync($"/api/public-jobs/{id}/end", new { on = new DateOnly(2024, 9, 30), version }, Ct));
            }
            default:
            {
                var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 50_000m))[0];
                var county = await App.SignInAsync("county");
                using var issued = await county.PostAsync($"/api/assets/{assetId}/certificates", null, Ct);
                issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
                var id = (await Json(issued)).GetProperty("id").GetInt64();
                return ("Certificate", id, () => county.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct));
            }
        }
    }

    private async Task<int> AuditedAsync(string entity, string key)
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == entity && a.EntityId == key, Ct);
    }

    private static async Task<int> VersionAsync(HttpClient client, string path) => (await Json(await client.GetAsync(path, Ct))).GetProperty("version").GetInt32();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteRepeatedCommandTests(ClockedRuralApp<SqliteTestDatabase> app) : RepeatedCommandTests<SqliteTestDatabase>(app);

public sealed class PostgresRepeatedCommandTests(ClockedRuralApp<PostgresTestDatabase> app) : RepeatedCommandTests<PostgresTestDatabase>(app);
