using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
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

        // Signed in now: another test of the class may have moved the fixture's clock past the admin's idle timeout.
        var admin = await App.SignInAsync("admin");
        var answers = await AllAtOnceAsync(i => admin.PostAsJsonAsync("/api/assets", new
        {
            name = "并发冷库" + i.ToString(CultureInfo.InvariantCulture), @class = "Operating", kind = "ColdStore", industry = "EdibleFungi", areaCode = TestAssets.Hunzhai,
            quantity = 1m, unit = "座", formedOn = "2019-06-30", funding = new[] { new { fundSourceId = fund, amount = "1000.00" } },
            shares = new[] { new { kind = "VillageCollective", name = "混寨村股份经济合作社", percent = "100.00" } },
        }, Ct));

        answers.Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Created, a.Body));
        var codes = new List<string>();
        foreach (var a in answers)
        {
            codes.Add((await Json(await admin.GetAsync($"/api/assets/{Id(a.Body)}", Ct))).GetProperty("code").GetString()!);
        }
        Consecutive(codes, $"ZC522699-{BusinessCalendar.Today(App.Clock!).Year}-");
    }

    [Fact]
    public async Task Ten_household_registrations_in_one_village_at_once_get_ten_consecutive_numbers()
    {
        var admin = await App.SignInAsync("admin");
        var day = Random.Shared.Next(0, 5_000);
        var answers = await AllAtOnceAsync(i => admin.PostAsJsonAsync("/api/households", new
        {
            villageCode = TestAssets.Hunzhai, groupCode = TestAssets.Hunzhai + "001", type = "General", status = "Registered",
            head = new
            {
                name = "并发户" + i.ToString(CultureInfo.InvariantCulture), relation = "Head", labour = "Normal", health = "Healthy", education = "JuniorHigh",
                citizenId = Core.Registry.CitizenId.Compose("520103", new DateOnly(1960, 1, 1).AddDays(day + i), 731).Value,
            },
        }, Ct));

        answers.Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Created, a.Body));
        var numbers = new List<string>();
        foreach (var a in answers)
        {
            numbers.Add((await Json(await admin.GetAsync($"/api/households/{Id(a.Body)}", Ct))).GetProperty("householdNo").GetString()!);
        }
        Consecutive(numbers, TestAssets.Hunzhai);
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

    [Fact]
    public async Task Ten_payment_batches_of_one_plan_at_once_make_one_batch()
    {
        var (planId, village) = await TestPlans.PostedAsync(App);
        var audited = await AuditedAsync("PaymentBatch");

        var answers = await AllAtOnceAsync(_ => village.PostAsync($"/api/plans/{planId}/batches", null, Ct));

        OneActed(answers, HttpStatusCode.OK, "payments.open_batch");
        await using var db = App.Database.CreateContext();
        (await db.PaymentBatches.IgnoreQueryFilters().CountAsync(b => b.PlanId == new DistributionPlanId(planId), Ct)).Should().Be(1);
        (await db.PlanLines.IgnoreQueryFilters().Where(l => l.PlanId == new DistributionPlanId(planId) && l.BatchId != null).Select(l => l.BatchId).Distinct().CountAsync(Ct))
            .Should().Be(1, "every line is in the one batch");
        (await AuditedAsync("PaymentBatch")).Should().Be(audited + 1);
    }

    [Fact]
    public async Task Ten_reversals_of_one_plan_at_once_make_one_reversal_plan()
    {
        var (planId, _) = await TestPlans.PostedAsync(App);
        var county = await App.SignInAsync("county");
        var audited = await AuditedAsync("DistributionPlan");

        var answers = await AllAtOnceAsync(_ => county.PostAsJsonAsync($"/api/plans/{planId}/reverse", new { reason = "户数登记有误" }, Ct));

        OneActed(answers, HttpStatusCode.Created, "plans.reversal_exists");
        await using var db = App.Database.CreateContext();
        (await db.DistributionPlans.IgnoreQueryFilters().CountAsync(p => p.ReversesId == new DistributionPlanId(planId), Ct)).Should().Be(1);
        (await AuditedAsync("DistributionPlan")).Should().Be(audited + 1);
    }

    [Fact]
    public async Task Ten_registrations_of_one_post_at_once_give_the_member_one_post()
    {
        string householdNo, head;
        await using (var db = App.Database.CreateContext())
        {
            var household = await db.Households.IgnoreQueryFilters().Where(h => h.VillageCode == DivisionCode.Parse(TestAssets.Hunzhai)).OrderByDescending(h => h.Id).FirstAsync(Ct);
            (householdNo, head) = (household.HouseholdNo, household.HeadName);
        }
        var village = await App.SignInAsync("village");
        var audited = await AuditedAsync("PublicWelfareJob");

        var answers = await AllAtOnceAsync(_ => village.PostAsJsonAsync("/api/public-jobs",
            new { householdNo, memberName = head, post = "Cleaner", monthlyPay = "600.00", startOn = new DateOnly(2025, 1, 1) }, Ct));

        OneActed(answers, HttpStatusCode.Created, "jobs.overlap");
        await using (var db = App.Database.CreateContext())
        {
            (await db.PublicWelfareJobs.IgnoreQueryFilters().CountAsync(j => j.HouseholdNo == householdNo && j.MemberName == head, Ct)).Should().Be(1);
        }
        (await AuditedAsync("PublicWelfareJob")).Should().Be(audited + 1);
    }

    [Fact]
    public async Task Ten_revocations_of_one_certificate_at_once_revoke_it_once()
    {
        var (id, county) = await CertificateAsync();
        var audited = await AuditedAsync("Certificate");

        var answers = await AllAtOnceAsync(_ => county.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct));

        OneActed(answers, HttpStatusCode.NoContent, "certificates.not_valid");
        (await AuditedAsync("Certificate")).Should().Be(audited + 1);
    }

    [Fact]
    public async Task Revocations_and_reissues_of_one_certificate_at_once_leave_it_revoked_or_replaced()
    {
        var (id, county) = await CertificateAsync();
        long assetId;
        await using (var db = App.Database.CreateContext())
        {
            assetId = (await db.Certificates.IgnoreQueryFilters().SingleAsync(c => c.Id == new CertificateId(id), Ct)).AssetId.Value;
        }
        var audited = await AuditedAsync("Certificate");

        var answers = await AllAtOnceAsync(i => i % 2 == 0
            ? county.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct)
            : county.PostAsJsonAsync($"/api/certificates/{id}/reissue", new { reason = "所有权人变更" }, Ct));

        answers.Count(a => (int)a.Status is >= 200 and < 300).Should().Be(1, string.Join(" | ", answers));
        answers.Where(a => (int)a.Status >= 300).Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Conflict, a.Body));
        var reissued = answers.Any(a => a.Status == HttpStatusCode.Created);
        await using (var db = App.Database.CreateContext())
        {
            var certificates = await db.Certificates.IgnoreQueryFilters().Where(c => c.AssetId == new AssetId(assetId)).OrderBy(c => c.Id).Select(c => c.Status).ToListAsync(Ct);
            certificates.Should().Equal(reissued ? [CertificateStatus.Superseded, CertificateStatus.Valid] : [CertificateStatus.Revoked]);
        }
        (await AuditedAsync("Certificate")).Should().Be(audited + (reissued ? 2 : 1), "the old one changed, and a new one if reissued");
    }

    private async Task<(long Id, HttpClient County)> CertificateAsync()
    {
        var assetId = (await TestAssets.CreateAsync(App.Database, TestAssets.Hunzhai, HolderKind.VillageCollective, "混寨村股份经济合作社", 50_000m))[0];
        var county = await App.SignInAsync("county");
        using var issued = await county.PostAsync($"/api/assets/{assetId}/certificates", null, Ct);
        issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
        return (Id(await issued.Content.ReadAsStringAsync(Ct)), county);
    }

    /// <summary>One request acted with <paramref name="success"/>; the nine others are 409 <paramref name="code"/>.</summary>
    private static void OneActed((HttpStatusCode Status, string Body)[] answers, HttpStatusCode success, string code)
    {
        var all = string.Join(" | ", answers);
        answers.Count(a => a.Status == success).Should().Be(1, all);
        var others = answers.Where(a => a.Status != success).ToList();
        others.Should().AllSatisfy(a => a.Status.Should().Be(HttpStatusCode.Conflict, a.Body));
        others.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("code").GetString()).Should().AllBe(code, all);
    }

    private async Task<int> AuditedAsync(string entity)
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == entity, Ct);
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
