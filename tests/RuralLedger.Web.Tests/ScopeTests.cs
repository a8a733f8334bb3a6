using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// Area scope, for every endpoint of the app. The endpoints are not listed here: they are read from the app's
/// <see cref="EndpointDataSource"/> (pages and APIs, every HTTP method), so an endpoint added later is swept too.
/// Only the values are listed: what a route parameter, query parameter or body field gets when it points at a
/// record of another village. An endpoint with a route or query parameter missing from these maps fails the test
/// until a value is added.
/// </summary>
public abstract class ScopeTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly string[] MethodsOfPages = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    protected ScopeTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_county_user_sees_all_6279_households_of_the_county()
    {
        var county = await App.SignInAsync("county");

        var page = await Json(await county.GetAsync("/api/households?pageSize=500", Ct));
        var overview = await Json(await county.GetAsync("/api/overview", Ct));

        page.GetProperty("total").GetInt32().Should().Be(6_279);
        page.GetProperty("items").GetArrayLength().Should().Be(500);
        page.GetProperty("nextAfter").GetInt64().Should().Be(page.GetProperty("items")[499].GetProperty("id").GetInt64());
        overview.GetProperty("households").GetInt32().Should().Be(6_279);
        overview.GetProperty("villages").GetInt32().Should().Be(100);
    }

    [Fact]
    public async Task A_township_user_sees_only_the_households_of_the_township()
    {
        const string township = "522699001000";
        await using var db = App.Database.CreateContext();
        var townshipCode = DivisionCode.Parse(township);
        var inTownship = await db.Households.CountAsync(h => h.TownshipCode == townshipCode, Ct);
        var client = await App.SignInAsync("township");

        var items = new List<JsonElement>();
        int total = 0;
        for (long? after = null; ;)
        {
            var page = await Json(await client.GetAsync($"/api/households?pageSize=100{(after is { } a ? $"&after={a}" : "")}", Ct));
            total = page.GetProperty("total").GetInt32();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null)
            {
                break;
            }
            after = page.GetProperty("nextAfter").GetInt64();
        }
        var overview = await Json(await client.GetAsync("/api/overview", Ct));
        using var otherTownship = await client.GetAsync("/api/households?township=522699002000", Ct);
        using var otherTownshipAreas = await client.GetAsync("/api/areas?parent=522699002000", Ct);

        inTownship.Should().BeInRange(100, 6_278);
        total.Should().Be(inTownship);
        items.Should().HaveCount(inTownship, "keyset paging walks every household once");
        items.Select(i => i.GetProperty("id").GetInt64()).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
        items.Should().AllSatisfy(i => i.GetProperty("villageCode").GetString().Should().StartWith("522699001"));
        overview.GetProperty("households").GetInt32().Should().Be(inTownship);
        overview.GetProperty("townships").GetInt32().Should().Be(1);
        (await Json(otherTownship)).GetProperty("total").GetInt32().Should().Be(0);
        otherTownshipAreas.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_village_officer_sees_only_the_100_households_of_the_village()
    {
        var village = await App.SignInAsync("village");

        var page = await Json(await village.GetAsync("/api/households?pageSize=500", Ct));

        page.GetProperty("total").GetInt32().Should().Be(100);
        page.GetProperty("items").EnumerateArray().Should().AllSatisfy(i => i.GetProperty("villageCode").GetString().Should().Be("522699001001"));
    }

    /// <summary>
    /// THE scope test: signed in as <paramref name="userName"/>, call every endpoint with every method, with ids of a
    /// household of <paramref name="foreignVillage"/> (and its members) in the route, and with that village's codes,
    /// names and citizen ID in the query and body. No response may carry that village's data (nor any village's
    /// outside the scope), id-addressed calls must fail with 400/403/404, nothing may answer 5xx, and the foreign
    /// household must be unchanged afterwards.
    /// </summary>
    [Theory]
    [InlineData("village", "522699001001", "522699001002")]
    [InlineData("village2", "522699001002", "522699001001")]
    [InlineData("township", "522699001", "522699002001")]
    public async Task No_endpoint_gives_a_user_the_data_of_a_village_outside_the_scope(string userName, string ownPrefix, string foreignVillage)
    {
        var foreign = await ForeignHouseholdAsync(foreignVillage);
        var own = await OwnHouseholdAsync(ownPrefix);
        var before = await SnapshotAsync(foreign.Id);

        var sweep = await SweepAsync(userName, ownPrefix, foreignVillage, foreign, own, readOnly: false);

        sweep.Problems.Should().BeEmpty("every call must stay inside the scope (all problems are listed in the test output)");
        sweep.Endpoints.Should().BeGreaterThanOrEqualTo(20, "pages and APIs were found in the endpoint data source");
        sweep.IdAddressedCalls.Should().BeGreaterThanOrEqualTo(10, "the registry's id-addressed endpoints were called with foreign ids");
        (await SnapshotAsync(foreign.Id)).Should().Be(before, "nothing of the foreign household changed");
        await using var db = App.Database.CreateContext();
        var foreignIds = foreign.MemberIds.Select(i => i.ToString(CultureInfo.InvariantCulture)).Append(foreign.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var touched = await db.AuditEntries.AsNoTracking()
            .Where(a => a.ActorName == userName && (a.EntityType == nameof(Household) || a.EntityType == nameof(Member)) && foreignIds.Contains(a.EntityId))
            .ToListAsync(Ct);
        touched.Should().BeEmpty("no write or unmasking of the foreign household was audited");
        var foreignCode = DivisionCode.Parse(foreignVillage);
        (await db.Households.CountAsync(h => h.VillageCode == foreignCode && h.HeadName == "测试", Ct)).Should().Be(0);
    }

    /// <summary>
    /// The control: the same sweep (reads only) for a county user, who may see the household, must report it.
    /// A sweep that found nothing here would prove nothing above.
    /// </summary>
    [Fact]
    public async Task The_sweep_reports_data_of_a_village_outside_the_scope_when_a_response_carries_it()
    {
        var foreign = await ForeignHouseholdAsync("522699001002");
        var own = await OwnHouseholdAsync("522699001001");

        // The registry's and areas' endpoints suffice to prove the detector; the whole county-wide sweep took two minutes.
        var sweep = await SweepAsync("county", "522699001001", "522699001002", foreign, own, readOnly: true,
            only: path => path.StartsWith("/api/households", StringComparison.Ordinal) || path.StartsWith("/api/people", StringComparison.Ordinal) || path.StartsWith("/areas", StringComparison.Ordinal));

        sweep.Problems.Should().Contain($"GET /api/households/{foreign.Id} addresses a record outside the scope but answered 200");
        sweep.Problems.Should().Contain(p => p.StartsWith($"GET /api/households/{foreign.Id} → 200 shows data outside the scope: 522699001002", StringComparison.Ordinal) && p.Contains(foreign.HeadName, StringComparison.Ordinal));
        sweep.Problems.Should().Contain(p => p.StartsWith("GET /api/households?village=522699001002 → 200 shows data outside the scope", StringComparison.Ordinal));
        sweep.Problems.Should().Contain(p => p.StartsWith("GET /areas?code=522699001002 → 200 shows data outside the scope", StringComparison.Ordinal));
    }

    private static bool IsPublicBoard(string path) =>
        path == "/public" || path.StartsWith("/public/", StringComparison.Ordinal) || path.StartsWith("/api/public/", StringComparison.Ordinal);

    private sealed record SweepResult(IReadOnlyList<string> Problems, int Endpoints, int Calls, int IdAddressedCalls);

    private async Task<SweepResult> SweepAsync(string userName, string ownPrefix, string foreignVillage, ForeignHousehold foreign, OwnHousehold own, bool readOnly,
        Func<string, bool>? only = null)
    {
        using var session = await SessionAsync(userName);
        ScopeRecords f, o;
        await using (var db = App.Database.CreateContext())
        {
            f = await ScopeRecords.CreateAsync(db, foreignVillage, foreign.Id, foreign.HouseholdNo, Ct);
            o = await ScopeRecords.CreateAsync(db, own.VillageCode, own.Id, "OWN" + own.Id.ToString(CultureInfo.InvariantCulture), Ct);
        }
        static (string, string) Pair(long a, long b) => (a.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture));
        // Loans of the demo county: one of the foreign village, one inside the caller's scope; a subsidy claim is county-level.
        (string, string) loans, claim, usageCases, ventures, loanInspections, inspectionPhotos, orders, lands, trainings;
        string foreignLoanNumber;
        await using (var db = App.Database.CreateContext())
        {
            var all = await db.Loans.IgnoreQueryFilters().Select(l => new { l.Id, l.VillageCode }).ToListAsync(Ct);
            loans = Pair(all.First(l => l.VillageCode.Value == foreignVillage).Id.Value, all.First(l => l.VillageCode.Value.StartsWith(ownPrefix, StringComparison.Ordinal)).Id.Value);
            var claimId = (await db.SubsidyClaims.IgnoreQueryFilters().Select(c => c.Id).FirstAsync(Ct)).Value;
            claim = Pair(claimId, claimId);
            // 户贷企用 cases (/api/loan-usage/cases/{id}, /credit/usage/{id}): one of the foreign village, one of the caller's.
            var rule = await db.UsageRules.IgnoreQueryFilters().FirstOrDefaultAsync(r => r.EffectiveFrom == new DateOnly(2000, 1, 1), Ct);
            if (rule is null)
            {
                rule = new RuralLedger.Core.Credit.UsageRule("522699", RuralLedger.Core.Credit.UsageRuleKind.ProhibitedUse, new DateOnly(2000, 1, 1), true, 1, "", "scope-test", DateTimeOffset.UtcNow);
                db.UsageRules.Add(rule);
                await db.SaveChangesAsync(Ct);
            }
            RuralLedger.Core.Credit.UsageCase Case(DivisionCode village, string key) => new(rule, "DEMO-RCC-0001", key, key, [], village.TownshipOf(), village,
                new DateOnly(2026, 1, 1), "scope-test", DateTimeOffset.UtcNow);
            var foreignCase = Case(DivisionCode.Parse(foreignVillage), $"scope:{userName}:f");
            var ownCase = Case(DivisionCode.Parse(own.VillageCode), $"scope:{userName}:o");
            db.UsageCases.AddRange(foreignCase, ownCase);
            await db.SaveChangesAsync(Ct);
            usageCases = Pair(foreignCase.Id.Value, ownCase.Id.Value);
            // Entrepreneurship projects (/api/ventures/{id}/…, /credit/ventures/{id}): one of each household.
            async Task<long> VentureAsync(long household, string name)
            {
                var h = await db.Households.IgnoreQueryFilters().AsNoTracking().Include(x => x.Members).SingleAsync(x => x.Id == new HouseholdId(household), Ct);
                var v = new RuralLedger.Core.Credit.Venture(h, name, RuralLedger.Core.Credit.VentureCategory.Planting, new DateOnly(2025, 1, 1), null, "scope-test",
                    DateTimeOffset.UtcNow);
                db.Ventures.Add(v);
                await db.SaveChangesAsync(Ct);
                return v.Id.Value;
            }
            ventures = Pair(await VentureAsync(foreign.Id, $"scope:{userName}:f"), await VentureAsync(own.Id, $"scope:{userName}:o"));
            // Usage inspections with a photo (/api/loan-inspections/{id}/photos/{photoId}): of a disbursed loan of each side.
            var disbursed = await db.Loans.IgnoreQueryFilters().Where(l => l.DisbursedOn != null).OrderBy(l => l.Id).ToListAsync(Ct);
            var foreignLoan = disbursed.First(l => l.VillageCode.Value == foreignVillage);
            var ownLoan = disbursed.First(l => l.VillageCode.Value.StartsWith(ownPrefix, StringComparison.Ordinal));
            RuralLedger.Core.Credit.LoanInspection Inspect(RuralLedger.Core.Credit.Loan l) => new(l, null, null, l.DisbursedOn!.Value, "scope-test", "养殖业", null, null, null,
                RuralLedger.Core.Credit.InspectionConclusion.AsDeclared, null, "scope-test", DateTimeOffset.UtcNow);
            var (foreignInspection, ownInspection) = (Inspect(foreignLoan), Inspect(ownLoan));
            var foreignPhoto = new RuralLedger.Core.Credit.LoanInspectionPhoto(foreignInspection, "p.jpg", [0xFF, 0xD8, 0xFF, 0xD9], 1 << 20);
            var ownPhoto = new RuralLedger.Core.Credit.LoanInspectionPhoto(ownInspection, "p.jpg", [0xFF, 0xD8, 0xFF, 0xD9], 1 << 20);
            db.LoanInspections.AddRange(foreignInspection, ownInspection);
            db.LoanInspectionPhotos.AddRange(foreignPhoto, ownPhoto);
            await db.SaveChangesAsync(Ct);
            loanInspections = Pair(foreignInspection.Id.Value, ownInspection.Id.Value);
            inspectionPhotos = Pair(foreignPhoto.Id, ownPhoto.Id);
            foreignLoanNumber = foreignLoan.Number;
            // Order farming, land transfer and training (/api/linkage/orders|land|training/{id}): one of each household's village (a
            // plot of its own each sweep: household, plot and start are a transfer's key).
            async Task<(long Order, long Land, long Training)> LinkageRecordsAsync(long household)
            {
                var h = await db.Households.IgnoreQueryFilters().AsNoTracking().Include(x => x.Members).SingleAsync(x => x.Id == new HouseholdId(household), Ct);
                var place = new RuralLedger.Core.Linkage.EntryPlace(h.CountyCode, h.TownshipCode, h.VillageCode);
                var order = new RuralLedger.Core.Linkage.FarmOrder(place, "范围测试收购商", RuralLedger.Core.Contracts.CreditCode.Complete("93522699MA6E3LY2").Value, "香菇",
                    new RuralLedger.Core.Linkage.Hundredths(100_000), Money.FromYuan(6.5m), RuralLedger.Core.Linkage.PricingRule.Guaranteed, 2025, "春季", null, "scope-test",
                    DateTimeOffset.UtcNow);
                var land = new RuralLedger.Core.Linkage.LandTransfer(new RuralLedger.Core.Linkage.HouseholdRef(h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode,
                    h.VillageCode), "范围测试合作社", null, "村口" + Guid.NewGuid().ToString("N")[..6], new RuralLedger.Core.Linkage.Hundredths(250), Money.FromYuan(600m), new DateOnly(2025, 1, 1),
                    new DateOnly(2029, 12, 31), null, "scope-test", DateTimeOffset.UtcNow);
                var m = h.Members[0];
                var training = new RuralLedger.Core.Linkage.TrainingSession(place, RuralLedger.Core.Linkage.TrainingTopic.Planting, null, new DateOnly(2025, 5, 1), "村委会",
                    "农技员", new RuralLedger.Core.Linkage.Hundredths(400),
                    [new RuralLedger.Core.Linkage.TrainingAttendee(m.Id, m.Name, h.Id, h.HouseholdNo, h.VillageCode)], "scope-test", DateTimeOffset.UtcNow);
                db.FarmOrders.Add(order);
                db.LandTransfers.Add(land);
                db.TrainingSessions.Add(training);
                await db.SaveChangesAsync(Ct);
                return (order.Id.Value, land.Id.Value, training.Id.Value);
            }
            var (fl, ol) = (await LinkageRecordsAsync(foreign.Id), await LinkageRecordsAsync(own.Id));
            (orders, lands, trainings) = (Pair(fl.Order, ol.Order), Pair(fl.Land, ol.Land), Pair(fl.Training, ol.Training));
        }

        // Route parameters: the kind of record each names. {id} takes its kind from the collection it follows.
        var recordValues = new Dictionary<string, (string Foreign, string Own)>
        {
            ["household"] = (foreign.Id.ToString(CultureInfo.InvariantCulture), own.Id.ToString(CultureInfo.InvariantCulture)),
            ["member"] = (foreign.MemberIds[0].ToString(CultureInfo.InvariantCulture), own.MemberId.ToString(CultureInfo.InvariantCulture)),
            // Registry pages address households as /registry/{id}.
            ["registry"] = (foreign.Id.ToString(CultureInfo.InvariantCulture), own.Id.ToString(CultureInfo.InvariantCulture)),
            // Accounts: another officer's account and the caller's own (users admin is for county administrators only).
            ["user"] = (await UserIdAsync(userName == "village2" ? "village" : "village2"), await UserIdAsync(userName)),
            // Assets and the four rights, contracts, disposals, certificates, distribution (#4, #5).
            ["asset"] = Pair(f.Asset, o.Asset),
            ["file"] = Pair(f.File, o.File),
            ["project"] = Pair(f.Project, o.Project),
            ["contract"] = Pair(f.Contract, o.Contract),
            ["disposal"] = Pair(f.Disposal, o.Disposal),
            ["certificate"] = Pair(f.Certificate, o.Certificate),
            ["plan"] = Pair(f.Plan, o.Plan),
            ["distribution"] = Pair(f.Plan, o.Plan),
            ["objection"] = Pair(f.Objection, o.Objection),
            ["batche"] = Pair(f.Batch, o.Batch),
            // Public-welfare posts (/api/public-jobs/{id}/end, /linkage/public-jobs/{id}/end).
            ["public-job"] = Pair(f.PublicJob, o.PublicJob),
            // Linkage agreements (/api/linkage/agreements/{id}/…, /linkage/agreements/{id}).
            ["agreement"] = Pair(f.Agreement, o.Agreement),
            // Project selection (/api/projects/{id}/assessments/{assessmentId}).
            ["assessment"] = Pair(f.Assessment, o.Assessment),
            ["inspection"] = Pair(f.Inspection, o.Inspection),
            ["finding"] = Pair(f.Finding, o.Finding),
            ["warning"] = Pair(f.Warning, o.Warning),
            // Microcredit (/api/loans/{id}/…, /credit/{id}) and subsidy claims (/api/loan-subsidy-claims/{id}/…, /credit/claims/{id}).
            ["loan"] = loans,
            ["credit"] = loans,
            ["loan-subsidy-claim"] = claim,
            ["claim"] = claim,
            ["case"] = usageCases,
            ["usage"] = usageCases,
            ["venture"] = ventures,
            ["order"] = orders,
            ["land"] = lands,
            ["training"] = trainings,
            // API tokens (/api/tokens/{id}/revoke): county administrators' only, so any id is refused to a village officer.
            ["token"] = ("1", "2"),
            ["loan-inspection"] = loanInspections,
            ["photo"] = inspectionPhotos,
        };
        var neutralValues = new Dictionary<string, string>
        {
            ["slug"] = "credit",
            ["documentName"] = "v1",
            // Public certificate verification (no scope: the code is the secret) and an import preview's token.
            ["code"] = "abcdefghijkmnpqrstuvwxyz23",
            ["token"] = "0123456789abcdef0123456789abcdef",
            // The browser's error page (/error/{status}).
            ["status"] = "404",
            // A session of an account (/api/users/{id}/sessions/{sessionId}/revoke): the account is what is scoped.
            ["sessionId"] = "1",
        };
        // Query parameters: each value is tried on its own on every endpoint (unknown ones are ignored by the app).
        var queryValues = new Dictionary<string, string[]>
        {
            ["township"] = new[] { foreignVillage[..9] + "000", "522699002000" }.Distinct().ToArray(),
            ["village"] = [foreignVillage],
            ["parent"] = [foreignVillage],
            ["code"] = [foreignVillage],
            ["q"] = [foreign.HeadName, foreign.HouseholdNo, foreign.CitizenIds[0]],
            ["citizenId"] = [foreign.CitizenIds[0]],
            ["householdNo"] = [foreign.HouseholdNo],
            ["status"] = ["Exited"],
            ["statusOn"] = ["2020-01-01"],
            ["type"] = ["General"],
            ["after"] = ["0"],
            ["pageSize"] = ["500"],
            ["version"] = [foreign.Version.ToString(CultureInfo.InvariantCulture)],
            // Users admin and audit log (county roles only; a village or township officer must get 403).
            ["role"] = ["VillageOfficer"],
            ["actor"] = ["village2", "village"],
            ["entityType"] = ["Household"],
            ["entityId"] = [foreign.Id.ToString(CultureInfo.InvariantCulture)],
            ["action"] = ["update"],
            ["from"] = ["2020-01-01"],
            ["to"] = ["2030-01-01"],
            ["before"] = ["999999999"],
            ["chain"] = ["522699"],
            ["dryRun"] = ["true"],
            // Asset ledgers, projects, contracts, income, certificates, distribution.
            ["class"] = ["Operating"],
            // Payroll rows by employer (/api/linkage/wages?employer=).
            ["employer"] = [RuralLedger.Core.Contracts.CreditCode.Complete("93522699MA6F1JY5").Value],
            ["kind"] = ["Pen"],
            ["industry"] = ["Pigs"],
            ["ownerKind"] = ["VillageCollective"],
            ["year"] = ["2019", "2023"],
            ["page"] = ["1"],
            ["p"] = ["1"],
            ["months"] = ["12"],
            ["mode"] = ["Cooperation"],
            ["operatorKind"] = ["Person"],
            ["assetId"] = [f.Asset.ToString(CultureInfo.InvariantCulture)],
            ["fileId"] = [f.File.ToString(CultureInfo.InvariantCulture)],
            ["objectionId"] = [f.Objection.ToString(CultureInfo.InvariantCulture)],
            ["batchId"] = [f.Batch.ToString(CultureInfo.InvariantCulture)],
            ["asOf"] = ["2026-01-01"],
            // A bank filter never widens a caller's scope (the overdue list of loans).
            ["bank"] = ["DEMO-RCC-0001"],
            ["rule"] = ["SharedPayerAccount"],
            ["category"] = ["Planting"],
            ["format"] = ["Xlsx", "Csv"],
            ["caption"] = ["c"],
            // Supervision: findings of an inspection, overdue ones, warnings by rule and severity.
            ["campaignId"] = ["1"],
            // Usage inspections of one loan (/api/loan-inspections?loan=).
            ["loan"] = [foreignLoanNumber],
            ["inspectionId"] = [f.Inspection.ToString(CultureInfo.InvariantCulture)],
            ["overdue"] = ["true"],
            ["rule"] = [RuralLedger.Core.Supervision.RuleCodes.NoCertificate],
            ["severity"] = ["Low"],
            // Razor page handlers that act on a record (a foreign household must be "not found" for each).
            ["handler"] = ["RevealMember", "RevealContacts", "RemoveMember"],
            ["memberId"] = [foreign.MemberIds[0].ToString(CultureInfo.InvariantCulture)],
            // Irreversible steps take a reason and the date it took effect.
            ["reason"] = ["迁出"],
            ["removedOn"] = ["2026-01-01"],
        };
        // Body fields by path (leaf name as fallback): values that would succeed if the scope check were missing.
        var bodyValues = new Dictionary<string, object?[]>
        {
            ["villageCode"] = [foreignVillage, own.VillageCode],
            ["areaCode"] = [foreignVillage, own.VillageCode],
            ["location"] = [foreignVillage, own.VillageCode],
            ["villageCodes"] = [new[] { foreignVillage }, new[] { own.VillageCode }],
            ["assetIds"] = [new[] { f.Asset }, new[] { o.Asset }],
            ["assetId"] = [f.Asset, o.Asset],
            ["incomeIds"] = [null],
            ["groupCode"] = [null],
            ["householdNo"] = [null],
            // A public-welfare post registered for a member: the foreign household's member, then the caller's own.
            ["memberId"] = [foreign.MemberIds[0], own.MemberId],
            ["citizenId"] = [foreign.CitizenIds[0]],
            ["head.relation"] = ["Head"],
            ["relation"] = ["Spouse"],
            ["to"] = ["MonitoredUnstable"],
            ["effectiveOn"] = [null],
            ["registeredOn"] = [null],
            ["bankName"] = [null],
            ["bankAccount"] = [null],
            ["phone"] = [null],
            ["version"] = [foreign.Version],
        };

        var forbiddenTexts = foreign.MemberNames.Concat(foreign.CitizenIds).Append(foreign.HouseholdNo).Append(foreign.VillageName)
            .Concat(foreign.Secrets).ToList();
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true)
            .Where(e => only is null || only("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            // The public notice boards show every village to everyone by design; BoardTests checks what they may show.
            .Where(e => !IsPublicBoard("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            // Signing out revokes the session on the server (decision 0030): the sweep would lose its own session.
            .Where(e => (e.RoutePattern.RawText ?? "").Trim('/') != "logout")
            .ToList();
        var output = TestContext.Current.TestOutputHelper;
        var problems = new List<string>();
        var calls = 0;
        var idAddressedCalls = 0;

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor;
            var methods = (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? MethodsOfPages).Where(m => !readOnly || m == "GET").ToList();

            // Every combination of foreign/own values for the record parameters, except all-own (a legitimate call).
            var routeChoices = new List<List<(string Name, string Kind, string Value, bool Foreign)>> { new() };
            foreach (var parameter in pattern.Parameters)
            {
                var kind = KindOf(pattern, parameter);
                if (recordValues.TryGetValue(kind, out var values))
                {
                    routeChoices = routeChoices.SelectMany(c => new[] { c.Append((parameter.Name, kind, values.Foreign, true)).ToList(), c.Append((parameter.Name, kind, values.Own, false)).ToList() }).ToList();
                }
                else if (neutralValues.TryGetValue(parameter.Name, out var neutral))
                {
                    routeChoices = routeChoices.Select(c => c.Append((parameter.Name, parameter.Name, neutral, false)).ToList()).ToList();
                }
                else
                {
                    problems.Add($"{pattern.RawText}: no value for route parameter {{{parameter.Name}}} (kind '{kind}'); add one to the maps of this test.");
                    routeChoices.Clear();
                }
            }
            var hasRecordParameter = pattern.Parameters.Any(p => recordValues.ContainsKey(KindOf(pattern, p)));
            if (hasRecordParameter)
            {
                routeChoices = routeChoices.Where(c => c.Any(v => v.Foreign)).ToList();
            }

            var declared = DeclaredQueryParameters(endpoint, pattern);
            problems.AddRange(declared.Where(d => !queryValues.ContainsKey(d.Name)).Select(d => $"{pattern.RawText}: no value for query parameter '{d.Name}'; add one to the maps of this test."));
            var requestType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

            foreach (var method in methods)
            {
                foreach (var route in routeChoices)
                {
                    // The version sent is the addressed household's, so that a missing scope check would not hide behind a 409.
                    var version = route.Any(r => r.Kind == "household" && !r.Foreign) ? own.Version : foreign.Version;
                    queryValues["version"] = [version.ToString(CultureInfo.InvariantCulture)];
                    bodyValues["version"] = [version];
                    var baseQuery = declared.Where(d => d.Required && queryValues.ContainsKey(d.Name)).Select(d => (d.Name, queryValues[d.Name][0])).ToList();
                    var queries = new List<List<(string Name, string Value)>> { baseQuery };
                    if (!hasRecordParameter)
                    {
                        queries.AddRange(queryValues.SelectMany(q => q.Value.Select(v => baseQuery.Where(b => b.Name != q.Key).Append((q.Key, v)).ToList())));
                    }
                    var bodies = requestType is null ? [null] : SampleBodies(requestType, bodyValues);

                    var path = "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
                    {
                        RoutePatternLiteralPart l => l.Content,
                        RoutePatternSeparatorPart s2 => s2.Content,
                        RoutePatternParameterPart p => Uri.EscapeDataString(route.Single(r => r.Name == p.Name).Value),
                        _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
                    }))));
                    var foreignRoute = route.Any(r => r.Foreign);
                    foreach (var query in queries)
                    {
                        var url = path + (query.Count == 0 ? "" : "?" + string.Join("&", query.Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value))));
                        foreach (var body in method is "GET" or "HEAD" ? [null] : bodies)
                        {
                            using var request = new HttpRequestMessage(new HttpMethod(method), url);
                            if (isPage && method != "GET")
                            {
                                request.Content = new FormUrlEncodedContent(query.Select(q => KeyValuePair.Create(q.Name, q.Value))
                                    .Append(KeyValuePair.Create("__RequestVerificationToken", session.AntiforgeryToken)));
                            }
                            else if (body is not null)
                            {
                                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                            }
                            using var response = await session.SendAsync(request);
                            var text = await ReadableTextAsync(response);
                            calls++;
                            idAddressedCalls += foreignRoute ? 1 : 0;
                            var status = (int)response.StatusCode;
                            output?.WriteLine($"{method} {url}{(body is null ? "" : " " + body)} → {status}");

                            var sent = route.Select(r => r.Value).Concat(query.Select(q => q.Value)).Concat(body is null ? [] : StringsOf(body)).ToList();
                            var leaks = Leaks(text, sent, ownPrefix, forbiddenTexts);
                            if (leaks.Count > 0)
                            {
                                problems.Add($"{method} {url} → {status} shows data outside the scope: {string.Join(", ", leaks)}");
                            }
                            if (status >= 500)
                            {
                                problems.Add($"{method} {url} → {status}");
                            }
                            // A page refused by role redirects to the "no access" page: also a refusal.
                            var refusedPage = status == 302 && response.Headers.Location is { } location
                                && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString).StartsWith("/forbidden", StringComparison.Ordinal);
                            if (foreignRoute && status is not (400 or 403 or 404 or 405) && !refusedPage)
                            {
                                problems.Add($"{method} {url}{(body is null ? "" : " " + body)} addresses a record outside the scope but answered {status}");
                            }
                        }
                    }
                }
            }
        }

        foreach (var problem in problems)
        {
            output?.WriteLine("PROBLEM: " + problem);
        }
        output?.WriteLine($"{endpoints.Count} endpoints, {calls} calls, {idAddressedCalls} of them addressed to records of {foreignVillage}");
        return new SweepResult(problems, endpoints.Count, calls, idAddressedCalls);
    }

    /// <summary>The numeric strings of a JSON body (codes and numbers the response may echo).</summary>
    private static IEnumerable<string> StringsOf(string json) =>
        Regex.Matches(json, "\"([0-9]+)\"").Select(m => m.Groups[1].Value).ToList();

    private static string KindOf(RoutePattern pattern, RoutePatternParameterPart parameter)
    {
        if (parameter.Name != "id")
        {
            return parameter.Name.EndsWith("Id", StringComparison.Ordinal) ? parameter.Name[..^2] : parameter.Name;
        }
        var index = pattern.PathSegments.ToList().FindIndex(s => s.Parts.Contains(parameter));
        var collection = index > 0 && pattern.PathSegments[index - 1].Parts is [RoutePatternLiteralPart literal] ? literal.Content : "";
        return collection.EndsWith('s') ? collection[..^1] : collection;
    }

    /// <summary>Query-bound parameters of a minimal API handler (simple types not in the route, and [AsParameters] properties).</summary>
    private static List<(string Name, bool Required)> DeclaredQueryParameters(RouteEndpoint endpoint, RoutePattern pattern)
    {
        var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        if (method is null)
        {
            return [];
        }
        var result = new List<(string, bool)>();
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                result.AddRange(p.ParameterType.GetProperties().Where(pp => IsSimple(pp.PropertyType)).Select(pp => (JsonNamingPolicy.CamelCase.ConvertName(pp.Name), false)));
            }
            else if (IsSimple(p.ParameterType) && pattern.GetParameter(p.Name!) is null)
            {
                var required = !p.HasDefaultValue && Nullable.GetUnderlyingType(p.ParameterType) is null && new NullabilityInfoContext().Create(p).ReadState != NullabilityState.Nullable;
                result.Add((p.Name!, required));
            }
        }
        return result;
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }

    /// <summary>JSON bodies for a request type: all first values, then each alternative value on its own.</summary>
    private static List<string?> SampleBodies(Type type, Dictionary<string, object?[]> values)
    {
        var bodies = new List<string?> { JsonSerializer.Serialize(Sample(type, "", values, null)) };
        foreach (var (path, alternatives) in values.Where(v => v.Value.Length > 1))
        {
            foreach (var alternative in alternatives.Skip(1))
            {
                bodies.Add(JsonSerializer.Serialize(Sample(type, "", values, (path, alternative))));
            }
        }
        return bodies.Distinct().ToList();
    }

    private static object? Sample(Type type, string path, Dictionary<string, object?[]> values, (string Path, object? Value)? alternative)
    {
        var leaf = path.Contains('.', StringComparison.Ordinal) ? path[(path.LastIndexOf('.') + 1)..] : path;
        foreach (var key in new[] { path, leaf })
        {
            if (alternative is { } a && a.Path == key)
            {
                return a.Value;
            }
            if (key.Length > 0 && values.TryGetValue(key, out var known))
            {
                return known[0];
            }
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "测试";
        }
        if (type.IsEnum)
        {
            return Enum.GetNames(type)[0];
        }
        if (type.IsPrimitive || type == typeof(decimal))
        {
            return 0;
        }
        if (type == typeof(DateOnly))
        {
            return "2024-01-01";
        }
        if (type.IsArray || (type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))))
        {
            return Array.Empty<object>();
        }
        if (type.IsInterface || type.IsAbstract)
        {
            // Form files and other bound services: not a JSON body.
            return null;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null || constructor.GetParameters().Length == 0)
        {
            // A class with settable properties instead of a positional constructor.
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToDictionary(
                p => JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p => Sample(p.PropertyType, path.Length == 0 ? JsonNamingPolicy.CamelCase.ConvertName(p.Name) : path + "." + JsonNamingPolicy.CamelCase.ConvertName(p.Name), values, alternative));
        }
        return constructor.GetParameters().ToDictionary(
            p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!),
            p => Sample(p.ParameterType, path.Length == 0 ? JsonNamingPolicy.CamelCase.ConvertName(p.Name!) : path + "." + JsonNamingPolicy.CamelCase.ConvertName(p.Name!), values, alternative));
    }

    /// <summary>
    /// What of the response shows data outside the scope: a village-level code (or a longer code: group, household
    /// number) not under <paramref name="ownPrefix"/>, or a text of the foreign household. A number the request
    /// itself sent (an echo in "区划 … 不存在") is not data.
    /// </summary>
    private static List<string> Leaks(string text, IEnumerable<string> sent, string ownPrefix, IEnumerable<string> forbiddenTexts)
    {
        foreach (var value in sent.Where(v => v.Length > 0))
        {
            // The search box shows back what was searched for: an echo of the request, not data.
            text = text.Replace($"value=\"{value}\"", "", StringComparison.Ordinal);
        }
        foreach (var value in sent.Where(v => v.Length > 0 && v.All(char.IsAsciiDigit)))
        {
            text = Regex.Replace(text, $"(?<![0-9]){value}(?![0-9])", "");
        }
        var leaks = Regex.Matches(text, "(?<![0-9])522699[0-9]{6}")
            .Select(m => m.Value)
            .Where(code => code[9..] != "000" && !code.StartsWith(ownPrefix, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        leaks.AddRange(forbiddenTexts.Where(f => text.Contains(f, StringComparison.Ordinal)));
        return leaks;
    }

    /// <summary>The body as a person reads it: HTML entities decoded, JSON strings unescaped.</summary>
    private static async Task<string> ReadableTextAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var text = new StringBuilder(WebUtility.HtmlDecode(raw));
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && raw.Length > 0)
        {
            try
            {
                using var json = JsonDocument.Parse(raw);
                Collect(json.RootElement, text);
            }
            catch (JsonException)
            {
                // Not JSON after all; the raw text is checked.
            }
        }
        return text.ToString();

        static void Collect(JsonElement e, StringBuilder into)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        into.Append('\n').Append(p.Name);
                        Collect(p.Value, into);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Collect(item, into);
                    }
                    break;
                default:
                    into.Append('\n').Append(e.ToString());
                    break;
            }
        }
    }

    private sealed record ForeignHousehold(long Id, string HouseholdNo, string HeadName, string VillageName, int Version, IReadOnlyList<long> MemberIds,
        IReadOnlyList<string> MemberNames, IReadOnlyList<string> CitizenIds, IReadOnlyList<string> Secrets);

    private sealed record OwnHousehold(long Id, long MemberId, string VillageCode, int Version);

    /// <summary>A household of the village, already exited (so a status change would be valid), whose members' names occur nowhere else.</summary>
    private async Task<ForeignHousehold> ForeignHouseholdAsync(string village)
    {
        var vault = KeyFile.LoadOrCreate(App.Database.KeyFile);
        var code = DivisionCode.Parse(village);
        await using var db = App.Database.CreateContext();
        var villageName = await db.Areas.Where(a => a.Code == code).Select(a => a.Name).SingleAsync(Ct);
        var candidates = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.VillageCode == code && h.Status == PovertyStatus.Exited)
            .OrderBy(h => h.Id).Take(20).ToListAsync(Ct);
        foreach (var h in candidates)
        {
            var names = h.Members.Select(m => m.Name).ToList();
            if (await db.Members.CountAsync(m => names.Contains(m.Name), Ct) == names.Count)
            {
                return new ForeignHousehold(h.Id.Value, h.HouseholdNo, h.HeadName, villageName, h.Version,
                    h.Members.OrderBy(m => m.Relation).Select(m => m.Id.Value).ToList(), names,
                    h.Members.OrderBy(m => m.Relation).Select(m => vault.Decrypt(m.CitizenIdCipher)).ToList(),
                    [vault.Decrypt(h.BankAccountCipher!), vault.Decrypt(h.PhoneCipher!)]);
            }
        }
        throw new InvalidOperationException($"No household of {village} with unique member names.");
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = App.Database.CreateContext();
        var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Ct);
        return id.Value.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<OwnHousehold> OwnHouseholdAsync(string ownPrefix)
    {
        await using var db = App.Database.CreateContext();
        var code = DivisionCode.Parse(ownPrefix.PadRight(12, '0'));
        var query = code.Level == AreaLevel.Village
            ? db.Households.Where(x => x.VillageCode == code)
            : db.Households.Where(x => x.TownshipCode == code);
        var h = await query.AsNoTracking().Include(x => x.Members).OrderBy(x => x.Id).FirstAsync(Ct);
        return new OwnHousehold(h.Id.Value, h.Members.Single(m => m.Relation == Relation.Head).Id.Value, h.VillageCode.Value, h.Version);
    }

    private async Task<string> SnapshotAsync(long id)
    {
        await using var db = App.Database.CreateContext();
        var householdId = new HouseholdId(id);
        var h = await db.Households.AsNoTracking().Include(x => x.Members).Include(x => x.StatusHistory).SingleAsync(x => x.Id == householdId, Ct);
        return JsonSerializer.Serialize(new
        {
            h.HouseholdNo, h.Version, h.Status, h.Type, h.Causes, h.HeadName, h.MemberCount, h.GroupCode, h.BankAccountMasked, h.PhoneMasked,
            Members = h.Members.OrderBy(m => m.Id.Value).Select(m => new { m.Id, m.Name, m.Relation, m.CitizenIdMasked, m.Labour }),
            History = h.StatusHistory.Count,
        });
    }

    /// <summary>
    /// The user's session as raw cookies, sent by hand with each request. The anti-forgery token comes from a form the signed-in user sees.
    /// </summary>
    private async Task<Session> SessionAsync(string userName)
    {
        var cookies = new CookieContainer();
        using (var signIn = App.CreateClient(cookies))
        {
            using var login = await RuralApp<TDatabase>.PostLoginAsync(signIn, userName, Data.Demo.DemoLoader.DemoPassword);
            login.StatusCode.Should().Be(HttpStatusCode.Redirect);
            var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(signIn, "/account/password");
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.BaseAddress };
            return new Session(client, cookies.GetCookieHeader(App.BaseAddress), token);
        }
    }

    private sealed class Session(HttpClient client, string cookieHeader, string antiforgeryToken) : IDisposable
    {
        public string AntiforgeryToken { get; } = antiforgeryToken;

        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("Cookie", cookieHeader);
            return client.SendAsync(request, Ct);
        }

        public void Dispose() => client.Dispose();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}

public sealed class SqliteScopeTests(RuralApp<SqliteTestDatabase> app) : ScopeTests<SqliteTestDatabase>(app);

public sealed class PostgresScopeTests(RuralApp<PostgresTestDatabase> app) : ScopeTests<PostgresTestDatabase>(app);
