using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Credit;

/// <summary>
/// The entrepreneurship platform over HTTP: the demo's processing plant (over 100,000 yuan a year, 10+ poor people
/// employed) in the totals; a project registered for a borrowing household, funded by its own loan (another
/// household's refused), supported, its year's jobs and income recorded and its poor workers named from the registry
/// (a household whose risk was removed refused; no more than the year's jobs); the totals per township and year, the
/// pages, the export, scope and the audit trail.
/// </summary>
public abstract class VentureTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");

    protected VentureTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_project_is_registered_funded_supported_and_counted_with_its_poor_workers_per_township_and_year()
    {
        using var county = await App.SignInAsync("county");
        using var village = await App.SignInAsync("village");
        using var village2 = await App.SignInAsync("village2");
        var year = DateTime.UtcNow.Year - 1;

        // The seed's example from the demo: a processing plant on microcredit, over 100,000 yuan and 10+ poor people last year.
        var demo = await Json(await county.GetAsync("/api/ventures?category=Processing", Ct));
        var plant = demo.GetProperty("items").EnumerateArray().Single(v => v.GetProperty("name").GetString() == DemoVentureLoader.PlantName);
        plant.GetProperty("income").GetFen().Should().BeGreaterThan(10_000_000);
        plant.GetProperty("poorJobs").GetInt32().Should().BeGreaterThanOrEqualTo(10);
        plant.GetProperty("loans").GetInt32().Should().Be(1);

        var (owner, loanNumber, otherLoan, poor, notPoor) = await PeopleAsync(year);

        // Registration: every bad field at once, then the project; the same name twice for a household is one project.
        await ExpectAsync(await county.PostAsJsonAsync("/api/ventures", new { householdNo = "", name = "x", startedOn = "2099-01-01" }, Ct),
            HttpStatusCode.BadRequest, "validation_failed", "householdNo", "category", "startedOn");
        await ExpectAsync(await county.PostAsJsonAsync("/api/ventures", new { householdNo = "NO-SUCH", name = "x", category = "Planting", startedOn = "2024-01-01" }, Ct),
            HttpStatusCode.BadRequest, "ventures.unknown_household", "householdNo");
        var body = new { householdNo = owner.HouseholdNo, name = "红薯粉条作坊", category = "Processing", startedOn = $"{year - 1}-03-01", description = "手工红薯粉条" };
        using var created = await county.PostAsJsonAsync("/api/ventures", body, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await Json(created)).GetProperty("id").GetInt64();
        await ExpectAsync(await county.PostAsJsonAsync("/api/ventures", body, Ct), HttpStatusCode.Conflict, "ventures.exists", "name");

        // Funded by the household's own disbursed loan; another household's loan would be 户贷企用.
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/loans", new { loanNumber = otherLoan, version = 0 }, Ct),
            HttpStatusCode.BadRequest, "ventures.loan_household", "loanNumber");
        (await county.PostAsJsonAsync($"/api/ventures/{id}/loans", new { loanNumber, version = 0 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/loans", new { loanNumber, version = 0 }, Ct), HttpStatusCode.Conflict, "ventures.stale");
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/loans", new { loanNumber, version = 1 }, Ct), HttpStatusCode.Conflict, "ventures.loan_linked");
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/supports", new { kind = "Technique", on = $"{year}-04-02", provider = "", version = 1 }, Ct),
            HttpStatusCode.BadRequest, "ventures.provider", "provider");
        (await county.PostAsJsonAsync($"/api/ventures/{id}/supports", new { kind = "SalesChannel", on = $"{year}-04-02", provider = "县电商公共服务中心", note = "入驻县级电商平台", version = 1 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The year's figures, then its poor workers: a workers before the year is recorded, a household whose risk was removed, one too many are refused.
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = poor[0].Household, memberName = poor[0].Name, version = 2 }, Ct),
            HttpStatusCode.BadRequest, "ventures.year_missing", "year");
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/years", new { year, jobs = 2, income = "12.345", version = 2 }, Ct),
            HttpStatusCode.BadRequest, "money.too_precise", "income");
        (await county.PostAsJsonAsync($"/api/ventures/{id}/years", new { year, jobs = 2, income = "120000.50", version = 2 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = notPoor.Household, memberName = notPoor.Name, version = 3 }, Ct),
            HttpStatusCode.BadRequest, "ventures.not_poor", "householdNo");
        (await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = poor[0].Household, memberName = poor[0].Name, version = 3 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = poor[0].Household, memberName = poor[0].Name, version = 4 }, Ct),
            HttpStatusCode.Conflict, "ventures.worker_exists");
        (await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = poor[1].Household, memberName = poor[1].Name, version = 4 }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/workers", new { year, householdNo = poor[2].Household, memberName = poor[2].Name, version = 5 }, Ct),
            HttpStatusCode.BadRequest, "ventures.jobs_full", "jobs");
        await ExpectAsync(await county.PostAsJsonAsync($"/api/ventures/{id}/years", new { year, jobs = 1, income = "1.00", version = 5 }, Ct),
            HttpStatusCode.BadRequest, "ventures.jobs_below_poor", "jobs");

        var venture = await Json(await village.GetAsync($"/api/ventures/{id}", Ct));
        venture.GetProperty("ownerName").GetString().Should().Be(owner.HeadName);
        venture.GetProperty("loans").EnumerateArray().Single().GetProperty("loanNumber").GetString().Should().Be(loanNumber);
        venture.GetProperty("supports").EnumerateArray().Single().GetProperty("kindName").GetString().Should().Be("销售渠道");
        var figures = venture.GetProperty("years").EnumerateArray().Single();
        figures.GetProperty("income").GetFen().Should().Be(12_000_050);
        figures.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("memberName").GetString()).Should().BeEquivalentTo([poor[0].Name, poor[1].Name]);
        (await village2.GetAsync($"/api/ventures/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await village2.PostAsJsonAsync($"/api/ventures/{id}/supports", new { kind = "Technique", provider = "x", version = 5 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Totals per township and year include the project; the village's own totals are its projects only.
        var totals = await Json(await county.GetAsync("/api/ventures/totals", Ct));
        var township = totals.GetProperty("byTownship").EnumerateArray().Single(t => t.GetProperty("township").GetString() == owner.TownshipCode.Value && t.GetProperty("year").GetInt32() == year);
        township.GetProperty("jobs").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        township.GetProperty("poorJobs").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        township.GetProperty("income").GetFen().Should().BeGreaterThanOrEqualTo(12_000_050);
        var all = totals.GetProperty("byYear").EnumerateArray().Single(t => t.GetProperty("year").GetInt32() == year);
        all.GetProperty("poorJobs").GetInt32().Should().BeGreaterThanOrEqualTo(12);
        var mine = await Json(await village.GetAsync("/api/ventures/totals", Ct));
        mine.GetProperty("projects").GetInt32().Should().BeLessThan(totals.GetProperty("projects").GetInt32());
        mine.GetProperty("byYear").EnumerateArray().Single(t => t.GetProperty("year").GetInt32() == year).GetProperty("income").GetFen().Should().BeGreaterThanOrEqualTo(12_000_050);
        await ExpectAsync(await county.GetAsync("/api/ventures?township=12", Ct), HttpStatusCode.BadRequest, "area.invalid_code", "township");

        // Pages: the list with totals, the project, a form's refusal beside its field; the export as xlsx.
        (await county.GetStringAsync("/credit/ventures", Ct)).Should().Contain("红薯粉条作坊").And.Contain(DemoVentureLoader.PlantName).And.Contain("120,000.50");
        (await village.GetStringAsync($"/credit/ventures/{id}", Ct)).Should().Contain(loanNumber).And.Contain(poor[0].Name).And.Contain("县电商公共服务中心");
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, $"/credit/ventures/{id}");
        using var refused = await county.PostAsync($"/credit/ventures/{id}?handler=Support", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Support.Kind"] = "Technique", ["Support.On"] = $"{year}-05-01", ["Support.Provider"] = "", ["Support.Version"] = "5",
        }), Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("请填写提供方");
        using var export = await county.GetAsync("/api/ventures/export", Ct);
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = (await export.Content.ReadAsStreamAsync(Ct)).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        rows.Should().Contain(r => (string)r["项目名称"] == "红薯粉条作坊" && Convert.ToInt32(r["其中脱贫人口（人）"], Fmt) == 2);

        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "Venture" && a.EntityId == id.ToString(Fmt), Ct)).Should().BeGreaterThanOrEqualTo(5);
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == "Venture" && a.Action == "export", Ct)).Should().Be(1);
    }

    private static readonly IFormatProvider Fmt = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>A household of 混寨村 with a disbursed loan and no project; another household's loan; three poor people of working age and one whose risk was removed.</summary>
    private async Task<(Household Owner, string Loan, string OtherLoan, List<(string Household, string Name)> Poor, (string Household, string Name) NotPoor)> PeopleAsync(int year)
    {
        await using var db = App.Database.CreateContext();
        var owners = await db.Ventures.IgnoreQueryFilters().Select(v => v.HouseholdId).ToListAsync(Ct);
        var loans = await db.Loans.IgnoreQueryFilters().Where(l => l.VillageCode == Hunzhai && l.DisbursedOn != null).OrderBy(l => l.Number)
            .Select(l => new { l.HouseholdId, l.Number }).ToListAsync(Ct);
        var loan = loans.First(l => !owners.Contains(l.HouseholdId));
        var other = loans.First(l => l.HouseholdId != loan.HouseholdId);
        var owner = await db.Households.AsNoTracking().IgnoreQueryFilters().SingleAsync(h => h.Id == loan.HouseholdId, Ct);
        var households = await db.Households.AsNoTracking().IgnoreQueryFilters().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
            .Where(h => h.VillageCode == Hunzhai).OrderBy(h => h.HouseholdNo).ToListAsync(Ct);
        var end = new DateOnly(year, 12, 31);
        var poor = households.Where(h => h.StatusOn(end, DateTimeOffset.UtcNow) is PovertyStatus.Registered or PovertyStatus.Exited && h.Members.Select(m => m.Name).Distinct().Count() == h.Members.Count)
            .Skip(3).Take(3).Select(h => (h.HouseholdNo, h.Members.OrderBy(m => m.Relation).First().Name)).ToList();
        var removed = households.First(h => h.StatusOn(end, DateTimeOffset.UtcNow) == PovertyStatus.RiskRemoved);
        return (owner, loan.Number, other.Number, poor, (removed.HouseholdNo, removed.Members.First().Name));
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string code, params string[] fields)
    {
        using (response)
        {
            var problem = await Json(response);
            response.StatusCode.Should().Be(status, problem.ToString());
            problem.GetProperty("code").GetString().Should().Be(code, problem.ToString());
            foreach (var field in fields)
            {
                problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the error names {field}: {problem}");
            }
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteVentureTests(RuralApp<SqliteTestDatabase> app) : VentureTests<SqliteTestDatabase>(app);

public sealed class PostgresVentureTests(RuralApp<PostgresTestDatabase> app) : VentureTests<PostgresTestDatabase>(app);
