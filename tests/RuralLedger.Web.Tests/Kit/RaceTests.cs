using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// Ten requests at once over real HTTP, on both databases: numbers from the counter stay distinct and consecutive,
/// and a state change guarded in the database (a version, a unique key) acts once — one row, one audit entry — while
/// the other nine are told 409 with a stable code.
/// </summary>
public abstract class RaceTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const int Times = 10;

    protected RaceTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_asset_creations_at_once_get_ten_consecutive_codes()
    {
        long fund;
        await using (var db = App.Database.CreateContext())
        {
            var source = new Core.Projects.FundSource("522699", Core.Projects.FundSourceKind.Central, 2019, "并发测试资金" + Guid.NewGuid().ToString("N")[..8], Money.FromYuan(10_000_000m), null);
            db.FundSources.Add(source);
            await db.SaveChangesAsync(Ct);
            fund = source.Id.Value;
        }

        var answers = await AllAtOnceAsync(i => App.Admin.PostAsJsonAsync("/api/assets", new
        {
            name = "并发冷库" + i.ToString(CultureInfo.InvariantCulture), @class = "Operating", kind = "ColdStore", industry = "EdibleFungi", areaCode = TestAssets.Hunzhai,
            quantity = 1m, unit = "座", formedOn = "2019-06-30", funding = new[] { new { fundSourceId = fund, amount = "1000.00" } },
            shares = new[] { new { kind = "VillageCollective", name = "混寨村股份经济合作社", percent = "100.00" } },
        }, Ct));

        answers.Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Created, a.Body));
        var codes = new List<string>();
        foreach (var a in answers)
        {
            codes.Add((await Json(await App.Admin.GetAsync($"/api/assets/{Id(a.Body)}", Ct))).GetProperty("code").GetString()!);
        }
        Consecutive(codes, $"ZC522699-{BusinessCalendar.Today(App.Clock!).Year}-");
    }

    [Fact]
    public async Task Ten_plan_builds_of_one_village_at_once_get_ten_consecutive_numbers()
    {
        var year = BusinessCalendar.Today(App.Clock!).Year - 1;
        await TestIncome.SetAsideDemoAsync(App.Database, year);
        var incomes = new List<long>();
        for (var i = 0; i < Times; i++)
        {
            incomes.Add(await TestIncome.AddAsync(App.Database, DivisionCode.Parse(TestAssets.Hunzhai), Money.FromYuan(10_000m), year));
        }
        var village = await App.SignInAsync("village");

        var answers = await AllAtOnceAsync(i => village.PostAsJsonAsync("/api/plans", new { villageCode = TestAssets.Hunzhai, year, incomeIds = new[] { incomes[i] } }, Ct));

        answers.Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Created, a.Body));
        var ids = answers.Select(a => new DistributionPlanId(Id(a.Body))).ToList();
        await using var db = App.Database.CreateContext();
        var numbers = await db.DistributionPlans.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).Select(p => p.Number).ToListAsync(Ct);
        Consecutive(numbers, $"FP{TestAssets.Hunzhai}-{year}-");
    }

    /// <summary>Fires <see cref="Times"/> requests together and reads every answer.</summary>
    private static async Task<(HttpStatusCode Status, string Body)[]> AllAtOnceAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, Times).Select(send));
        return await Task.WhenAll(responses.Select(async r =>
        {
            using (r)
            {
                return (r.StatusCode, await r.Content.ReadAsStringAsync(Ct));
            }
        }));
    }

    private static void Consecutive(IReadOnlyCollection<string> numbers, string prefix)
    {
        numbers.Should().HaveCount(Times).And.OnlyContain(n => n.StartsWith(prefix, StringComparison.Ordinal)).And.OnlyHaveUniqueItems();
        var tails = numbers.Select(n => int.Parse(n.AsSpan(prefix.Length), CultureInfo.InvariantCulture)).Order().ToList();
        tails.Should().Equal(Enumerable.Range(tails[0], Times), string.Join(", ", numbers));
    }

    private static long Id(string body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteRaceTests(ClockedRuralApp<SqliteTestDatabase> app) : RaceTests<SqliteTestDatabase>(app);

public sealed class PostgresRaceTests(ClockedRuralApp<PostgresTestDatabase> app) : RaceTests<PostgresTestDatabase>(app);
