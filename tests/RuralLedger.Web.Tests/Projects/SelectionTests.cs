using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Projects;

/// <summary>
/// Project selection on the eight elements over HTTP, as county staff would: assess a planned pig-farming project,
/// link 30 registered households with a planned dividend each, approve it; a second project weak on 产销对接 is
/// returned with that element named; the ranking sets both against the year's funds. Refusals carry stable codes,
/// the printed assessment is a real PDF, and another township's officer neither sees nor assesses.
/// </summary>
public abstract class SelectionTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";
    private const string Hongjiawan = "522699001002";
    private const string OtherTownshipVillage = "522699002001";

    protected SelectionTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<string> ProblemCode(HttpResponseMessage response) => (await Json(response)).GetProperty("code").GetString()!;

    private async Task<long> FundAsync(HttpClient client, string name, decimal allocated)
    {
        using var response = await client.PostAsJsonAsync("/api/funds", new { kind = "Central", year = 2024, name, allocated = ApiValues.Text(allocated) }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private async Task<long> ProjectAsync(HttpClient client, string name, string industry, string[] villages, long fund, decimal amount)
    {
        using var response = await client.PostAsJsonAsync("/api/projects", new
        {
            name, year = 2024, industry, villageCodes = villages, budget = new[] { new { fundSourceId = fund, amount = ApiValues.Text(amount) } },
        }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private async Task<int> VersionAsync(HttpClient client, long id) =>
        (await Json(await client.GetAsync($"/api/projects/{id}", Ct))).GetProperty("version").GetInt32();

    /// <summary>Eight rows in the elements' order; <paramref name="scores"/> are 产业选择 … 基层党建.</summary>
    private static object[] Rows(params int[] scores) => SelectionNames.Elements
        .Select((e, i) => (object)new { element = e.ToString(), score = scores[i], evidence = $"{SelectionNames.Of(e)}：已核实（测试）" }).ToArray();

    private async Task<HttpResponseMessage> AssessAsync(HttpClient client, long id, object[] rows, int? version = null) =>
        await client.PostAsJsonAsync($"/api/projects/{id}/assessments", new { scores = rows, conclusion = "经县乡村振兴局集体评估", version = version ?? await VersionAsync(client, id) }, Ct);

    private async Task<HttpResponseMessage> ApproveAsync(HttpClient client, long id) =>
        await client.PostAsJsonAsync($"/api/projects/{id}/approve", new { approvedOn = "2024-03-01", approvalDocument = "茶乡府发〔2024〕8号", version = await VersionAsync(client, id) }, Ct);

    [Fact]
    public async Task County_staff_assess_link_thirty_households_approve_and_see_both_projects_ranked_against_the_funds()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();
        var fund = await FundAsync(county, $"遴选测试衔接资金{s}", 1_000_000m);
        var pigs = await ProjectAsync(county, $"生猪养殖场{s}", "Pigs", [Hunzhai], fund, 600_000m);
        var veg = await ProjectAsync(county, $"蔬菜基地{s}", "Vegetables", [Hunzhai, Hongjiawan], fund, 500_000m);

        // An industrial project is not approved before it passes.
        using (var early = await ApproveAsync(county, pigs))
        {
            early.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ProblemCode(early)).Should().Be("selection.assessment_required");
        }

        // Bad input: a score of 11, an element left out, no version; nothing is written.
        using (var eleven = await AssessAsync(county, pigs, Rows(8, 7, 7, 8, 8, 11, 9, 8)))
        {
            eleven.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = await Json(eleven);
            problem.GetProperty("code").GetString().Should().Be("selection.score_range");
            problem.GetProperty("errors").TryGetProperty("scores[5].score", out _).Should().BeTrue(problem.ToString());
        }
        using (var seven = await AssessAsync(county, pigs, Rows(8, 7, 7, 8, 8, 7, 9, 8)[..7]))
        {
            seven.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = await Json(seven);
            problem.GetProperty("code").GetString().Should().Be("selection.element_missing");
            problem.GetProperty("errors").TryGetProperty("scores[7]", out _).Should().BeTrue(problem.ToString());
        }
        using (var noVersion = await county.PostAsJsonAsync($"/api/projects/{pigs}/assessments", new { scores = Rows(8, 7, 7, 8, 8, 7, 9, 8) }, Ct))
        {
            noVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ProblemCode(noVersion)).Should().Be("version.required");
        }
        (await Json(await county.GetAsync($"/api/projects/{pigs}/selection", Ct))).GetProperty("history").GetArrayLength().Should().Be(0);

        // 62 of 80 on equal weights: 77.50 of 100.
        using (var passed = await AssessAsync(county, pigs, Rows(8, 7, 7, 8, 8, 7, 9, 8)))
        {
            passed.StatusCode.Should().Be(HttpStatusCode.Created, await passed.Content.ReadAsStringAsync(Ct));
            var result = await Json(passed);
            result.GetProperty("passed").GetBoolean().Should().BeTrue();
            result.GetProperty("total").GetString().Should().Be("77.50");
        }

        // Thirty registered households of the project's village, a planned dividend of 1,200.00 each.
        var candidates = await Json(await county.GetAsync($"/api/projects/{pigs}/households/candidates", Ct));
        var picked = candidates.EnumerateArray().Take(30).Select(c => c.GetProperty("id").GetInt64()).ToList();
        picked.Should().HaveCount(30);
        var foreign = await ForeignHouseholdAsync();
        using (var other = await county.PostAsJsonAsync($"/api/projects/{pigs}/households", new
        {
            version = await VersionAsync(county, pigs),
            households = new[] { new { householdId = picked[0], benefitKind = "Dividend", plannedBenefit = "1200" }, new { householdId = foreign, benefitKind = "Dividend", plannedBenefit = "1200" } },
        }, Ct))
        {
            other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = await Json(other);
            problem.GetProperty("code").GetString().Should().Be("selection.household_county");
            problem.GetProperty("errors").TryGetProperty("households[1].householdId", out _).Should().BeTrue(problem.ToString());
        }
        using (var unknown = await county.PostAsJsonAsync($"/api/projects/{pigs}/households", new
        {
            version = await VersionAsync(county, pigs), households = new[] { new { householdId = 987_654_321L, benefitKind = "Dividend", plannedBenefit = "1200" } },
        }, Ct))
        {
            unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ProblemCode(unknown)).Should().Be("selection.household_unknown");
        }
        var linkVersion = await VersionAsync(county, pigs);
        var linkBody = new { version = linkVersion, households = picked.Select(id => new { householdId = id, benefitKind = "Dividend", plannedBenefit = "1200.00" }).ToArray() };
        // Ten identical requests at once: one links the thirty, the rest find the version moved on.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => county.PostAsJsonAsync($"/api/projects/{pigs}/households", linkBody, Ct)));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, string.Join(" | ", responses.Select(r => r.StatusCode)));
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var r in responses)
        {
            r.Dispose();
        }
        var selection = await Json(await county.GetAsync($"/api/projects/{pigs}/selection", Ct));
        selection.GetProperty("households").GetArrayLength().Should().Be(30);
        selection.GetProperty("plannedBenefitTotal").GetString().Should().Be("36000.00");
        selection.GetProperty("latest").GetProperty("scores").GetArrayLength().Should().Be(8);

        using (var approved = await ApproveAsync(county, pigs))
        {
            approved.StatusCode.Should().Be(HttpStatusCode.NoContent, await approved.Content.ReadAsStringAsync(Ct));
        }
        using (var again = await AssessAsync(county, pigs, Rows(8, 8, 8, 8, 8, 8, 8, 8)))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ProblemCode(again)).Should().Be("selection.not_planned");
        }

        // 2 on 产销对接, 6 elsewhere: 44 of 80 = 55.00, returned with 产销对接 named.
        long failedId;
        using (var failed = await AssessAsync(county, veg, Rows(6, 6, 6, 6, 6, 2, 6, 6)))
        {
            failed.StatusCode.Should().Be(HttpStatusCode.Created);
            var result = await Json(failed);
            result.GetProperty("passed").GetBoolean().Should().BeFalse();
            result.GetProperty("total").GetString().Should().Be("55.00");
            result.GetProperty("code").GetString().Should().Be("selection.failed");
            result.GetProperty("message").GetString().Should().Contain("产销对接").And.NotContain("培训农民");
            result.GetProperty("weakElements").EnumerateArray().Select(e => e.GetString()).Should().Equal("MarketLinkage");
            failedId = result.GetProperty("id").GetInt64();
        }
        using (var refused = await ApproveAsync(county, veg))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
            var problem = await Json(refused);
            problem.GetProperty("code").GetString().Should().Be("selection.failed");
            problem.GetProperty("detail").GetString().Should().Contain("产销对接");
        }

        // The ranking: the approved pig farm first and covered; the vegetable base's 500,000 no longer fits the 1,000,000.
        var ranking = await Json(await county.GetAsync("/api/selection/ranking?year=2024", Ct));
        var rows = ranking.GetProperty("projects").EnumerateArray().Where(p => p.GetProperty("id").GetInt64() is var id && (id == pigs || id == veg)).ToList();
        rows.Select(r => r.GetProperty("id").GetInt64()).Should().Equal(pigs, veg);
        rows[0].GetProperty("covered").GetBoolean().Should().BeTrue();
        rows[1].GetProperty("covered").GetBoolean().Should().BeFalse();
        rows[1].GetProperty("lines")[0].GetProperty("cumulativeAfter").GetString().Should().Be("1100000.00");
        var fundRow = ranking.GetProperty("funds").EnumerateArray().Single(f => f.GetProperty("fundSourceId").GetInt64() == fund);
        fundRow.GetProperty("available").GetString().Should().Be("1000000.00");
        var page = await county.GetStringAsync("/projects/ranking?year=2024", Ct);
        page.Should().Contain($"生猪养殖场{s}").And.Contain($"蔬菜基地{s}").And.Contain("资金不足").And.Contain("1,000,000.00 元");

        // The printed assessment names the weak element, as text a reader can search.
        using (var pdf = await county.GetAsync($"/api/projects/{veg}/assessments/{failedId}/pdf", Ct))
        {
            pdf.StatusCode.Should().Be(HttpStatusCode.OK);
            pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
            var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
            System.Text.Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");
            var text = Certificates.CertificateTests<TDatabase>.PdfText(bytes);
            text.Should().Contain("八要素").And.Contain($"蔬菜基地{s}").And.Contain("产销对接").And.Contain("55.00");
        }

        // Acceptance carries the linked households over to the asset's beneficiaries.
        (await county.PostAsJsonAsync($"/api/projects/{pigs}/start", new { startedOn = "2024-04-01", version = await VersionAsync(county, pigs) }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var accepted = await county.PostAsJsonAsync($"/api/projects/{pigs}/accept", new
        {
            acceptedOn = "2024-10-01", version = await VersionAsync(county, pigs),
            assets = new[] { new { name = $"生猪圈舍{s}", @class = "Operating", kind = "Pen", villageCode = Hunzhai, quantity = 1, unit = "座", funding = new[] { new { fundSourceId = fund, amount = "600000" } } } },
        }, Ct))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync(Ct));
            var assetId = (await Json(accepted)).GetProperty("assets")[0].GetProperty("id").GetInt64();
            var asset = await Json(await county.GetAsync($"/api/assets/{assetId}", Ct));
            asset.GetProperty("beneficiaries").GetString().Should().Contain("联结农户 30 户").And.Contain("入股分红 30 户").And.Contain("36,000.00");
        }
        (await Json(await county.GetAsync($"/api/projects/{pigs}/households", Ct))).GetArrayLength().Should().Be(30);

        // ...and to an agreement draft for the linkage office: the thirty households with their planned dividend, not yet in force.
        long draftId;
        await using (var db0 = App.Database.CreateContext())
        {
            draftId = (await db0.LinkageAgreements.AsNoTracking().SingleAsync(a => a.ProjectId == pigs, Ct)).Id.Value;
        }
        var draft = await Json(await county.GetAsync($"/api/linkage/agreements/{draftId}", Ct));
        draft.GetProperty("status").GetString().Should().Be("Draft");
        draft.GetProperty("type").GetString().Should().Be("Shareholding");
        draft.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("plannedBenefit").GetYuan()).Should().HaveCount(30).And.OnlyContain(b => b == 1_200m);

        // Every assessment and link is in the audit chain.
        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.CountAsync(e => e.EntityType == "ProjectAssessment", Ct)).Should().BeGreaterThanOrEqualTo(2);
        (await db.AuditEntries.CountAsync(e => e.EntityType == "ProjectHousehold", Ct)).Should().BeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public async Task Exempt_kinds_skip_the_assessment_and_a_new_policy_version_scores_later_assessments()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();
        var fund = await FundAsync(county, $"遴选测试基础设施资金{s}", 500_000m);
        var road = await ProjectAsync(county, $"通组路{s}", "Infrastructure", [Hunzhai], fund, 100_000m);
        using (var approved = await ApproveAsync(county, road))
        {
            approved.StatusCode.Should().Be(HttpStatusCode.NoContent, await approved.Content.ReadAsStringAsync(Ct));
        }

        var fungi = await ProjectAsync(county, $"食用菌大棚{s}", "EdibleFungi", [Hongjiawan], fund, 100_000m);
        using (var bad = await county.PostAsJsonAsync("/api/selection/policies", new { effectiveFrom = "2024-01-01", weights = new[] { 1, 1, 1 }, passingScore = 60, leastElementScore = 1 }, Ct))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ProblemCode(bad)).Should().Be("selection.weights");
        }
        using (var published = await county.PostAsJsonAsync("/api/selection/policies", new
        {
            effectiveFrom = "2024-01-01", weights = new[] { 2, 1, 1, 2, 1, 3, 3, 1 }, passingScore = 65, leastElementScore = 2, exemptIndustries = new[] { "Infrastructure" },
        }, Ct))
        {
            published.StatusCode.Should().Be(HttpStatusCode.OK, await published.Content.ReadAsStringAsync(Ct));
        }
        var policy = await Json(await county.GetAsync("/api/selection/policy", Ct));
        policy.GetProperty("version").GetInt32().Should().BeGreaterThan(1);
        policy.GetProperty("passingScore").GetInt32().Should().Be(65);

        // (2·8 + 7 + 7 + 2·8 + 8 + 3·7 + 3·9 + 8) × 10 / 14 = 1100 / 14 = 78.571… → 78.57.
        using var assessed = await AssessAsync(county, fungi, Rows(8, 7, 7, 8, 8, 7, 9, 8));
        assessed.StatusCode.Should().Be(HttpStatusCode.Created, await assessed.Content.ReadAsStringAsync(Ct));
        var result = await Json(assessed);
        result.GetProperty("total").GetString().Should().Be("78.57");
        result.GetProperty("policyVersion").GetInt32().Should().Be(policy.GetProperty("version").GetInt32());

        // The county goes back to the default's numbers as a version of its own: the other tests of the class score on them.
        using var restored = await county.PostAsJsonAsync("/api/selection/policies", new
        {
            effectiveFrom = "2024-01-02", weights = new[] { 1, 1, 1, 1, 1, 1, 1, 1 }, passingScore = 60, leastElementScore = 1, exemptIndustries = new[] { "Infrastructure" },
        }, Ct);
        restored.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_assessment_form_scores_on_the_page_and_another_townships_officer_neither_sees_nor_assesses()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();
        var fund = await FundAsync(county, $"遴选测试页面资金{s}", 300_000m);
        var tea = await ProjectAsync(county, $"茶园提质{s}", "Tea", [OtherTownshipVillage], fund, 100_000m);
        var path = $"/projects/{tea}/selection";

        var form = new Dictionary<string, string> { ["Assess.Version"] = (await VersionAsync(county, tea)).ToString(CultureInfo.InvariantCulture) };
        for (var i = 0; i < 8; i++)
        {
            form[$"Assess.Scores[{i}].Element"] = SelectionNames.Elements[i].ToString();
            form[$"Assess.Scores[{i}].Score"] = i == 5 ? "11" : "8";
            form[$"Assess.Scores[{i}].Evidence"] = "现场核实";
        }
        var refused = await PostFormAsync(county, path, "Assess", form, expectRedirect: false);
        refused.Should().Contain("得分应为 0–10 的整数");
        form["Assess.Scores[5].Score"] = "8";
        await PostFormAsync(county, path, "Assess", form);
        var html = await county.GetStringAsync(path, Ct);
        html.Should().Contain("80.00 分").And.Contain("通过").And.Contain("打印评估表");
        (await county.GetStringAsync($"/projects/{tea}", Ct)).Should().Contain("评估通过（80.00 分）");

        var township = await App.SignInAsync("township");
        (await township.GetAsync($"/api/projects/{tea}/selection", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await township.GetAsync(path, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var assess = await township.PostAsJsonAsync($"/api/projects/{tea}/assessments", new { scores = Rows(8, 8, 8, 8, 8, 8, 8, 8), version = 1 }, Ct);
        assess.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var ranking = await Json(await township.GetAsync("/api/selection/ranking?year=2024", Ct));
        ranking.GetProperty("projects").EnumerateArray().Should().NotContain(p => p.GetProperty("id").GetInt64() == tea);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once_the_policy_is_published_on_a_page_and_evidence_is_deleted_with_a_reason()
    {
        var county = await App.SignInAsync("county");
        var s = Suffix();

        // The API names every wrong term of a request, each with its code; one wrong term keeps its own code.
        using (var bad = await county.PostAsJsonAsync("/api/selection/policies", new
        {
            effectiveFrom = "2031-01-01", weights = new[] { 0, 1, 1, 1, 1, 1, 1, 101 }, passingScore = 101, leastElementScore = 11,
        }, Ct))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = await Json(bad);
            problem.GetProperty("code").GetString().Should().Be("validation_failed");
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["weights[0]", "weights[7]", "passingScore", "leastElementScore"]);
            problem.GetProperty("codes").GetProperty("passingScore").GetString().Should().Be("selection.passing_range");
            problem.GetProperty("codes").GetProperty("weights[7]").GetString().Should().Be("selection.weight_range");
        }
        var fund = await FundAsync(county, $"遴选测试材料资金{s}", 300_000m);
        var fruit = await ProjectAsync(county, $"黄桃园{s}", "FineFruit", [Hunzhai], fund, 100_000m);
        var rows = Rows(8, 8, 8, 8, 8, 11, 8, 8);
        rows[1] = new { element = SelectionNames.Elements[1].ToString(), score = 8, evidence = " " };
        using (var assess = await AssessAsync(county, fruit, rows))
        {
            assess.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await Json(assess)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["scores[1].evidence", "scores[5].score"]);
        }

        // The policy page: the versions, every field error of a bad form, then a new version.
        const string page = "/projects/selection-policy";
        var html = System.Net.WebUtility.HtmlDecode(await county.GetStringAsync(page, Ct));
        html.Should().Contain("各版本").And.Contain("产销对接").And.Contain("name=\"Input.Weights[7]\"");
        var form = new Dictionary<string, string>
        {
            ["Input.EffectiveFrom"] = "2031-01-01", ["Input.PassingScore"] = "101", ["Input.LeastElementScore"] = "1", ["Input.ExemptIndustries"] = "Infrastructure",
            ["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, page),
        };
        for (var i = 0; i < 8; i++)
        {
            form[$"Input.Weights[{i}]"] = i == 2 ? "0" : "1";
        }
        using (var refused = await county.PostAsync(page, new FormUrlEncodedContent(form), Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("及格分应为 0–100 的整数").And.Contain("“技术服务”的权重应为 1–100 的整数");
        }
        form["Input.PassingScore"] = "60";
        form["Input.Weights[2]"] = "1";
        form["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, page);
        using (var published = await county.PostAsync(page, new FormUrlEncodedContent(form), Ct))
        {
            published.StatusCode.Should().Be(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync(Ct));
        }
        System.Net.WebUtility.HtmlDecode(await county.GetStringAsync(page, Ct)).Should().Contain("2031-01-01");
        var township = await App.SignInAsync("township");
        (await township.GetAsync(page, Ct)).StatusCode.Should().NotBe(HttpStatusCode.OK);

        // Evidence: deleted only with a reason, once; the reason and the file's description are audited, the content is gone.
        async Task<long> UploadAsync()
        {
            using var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            content.Add(file, "file", "订单合同.png");
            content.Add(new StringContent("MarketLinkage"), "element");
            using var up = await county.PostAsync($"/api/projects/{fruit}/evidence", content, Ct);
            up.StatusCode.Should().Be(HttpStatusCode.Created, await up.Content.ReadAsStringAsync(Ct));
            return (await Json(up)).GetProperty("id").GetInt64();
        }
        var first = await UploadAsync();
        using (var noReason = await county.DeleteAsync($"/api/projects/{fruit}/evidence/{first}", Ct))
        {
            noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ProblemCode(noReason)).Should().Be("selection.reason_required");
        }
        (await township.DeleteAsync($"/api/projects/{fruit}/evidence/{first}?reason=x", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var deletions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => county.DeleteAsync($"/api/projects/{fruit}/evidence/{first}?reason=传错文件", Ct)));
        deletions.Count(d => d.StatusCode == HttpStatusCode.NoContent).Should().Be(1);
        deletions.Where(d => d.StatusCode != HttpStatusCode.NoContent).Should().AllSatisfy(d => d.StatusCode.Should().Be(HttpStatusCode.NotFound));
        (await county.GetAsync($"/api/projects/{fruit}/evidence/{first}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var second = await UploadAsync();
        var selectionPage = $"/projects/{fruit}/selection";
        (await county.GetStringAsync(selectionPage, Ct)).Should().Contain("data-confirm=").And.Contain("handler=DeleteEvidence");
        await PostFormAsync(county, selectionPage, $"DeleteEvidence&fileId={second}", new() { ["reason"] = "" }, expectRedirect: false);
        await PostFormAsync(county, selectionPage, $"DeleteEvidence&fileId={second}", new() { ["reason"] = "重复上传" });

        await using var db = App.Database.CreateContext();
        (await db.ProjectEvidenceFiles.IgnoreQueryFilters().CountAsync(f => f.ProjectId == new ProjectId(fruit), Ct)).Should().Be(0);
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "ProjectEvidenceFile" && a.Action == "delete").ToListAsync(Ct);
        audited.Should().Contain(a => a.EntityId == first.ToString(CultureInfo.InvariantCulture) && a.After!.Contains("传错文件") && a.Before!.Contains("订单合同.png"));
        audited.Should().Contain(a => a.EntityId == second.ToString(CultureInfo.InvariantCulture) && a.After!.Contains("重复上传"));
        audited.Count(a => a.EntityId == first.ToString(CultureInfo.InvariantCulture)).Should().Be(1);
    }

    private async Task<string> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, bool expectRedirect = true)
    {
        fields["__RequestVerificationToken"] = await RuralApp<TDatabase>.AntiforgeryTokenAsync(client, path);
        using var response = await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(fields), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expectRedirect ? HttpStatusCode.Redirect : HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>A registered household of a neighbouring county, written straight to the database.</summary>
    private async Task<long> ForeignHouseholdAsync()
    {
        await using var db = App.Database.CreateContext();
        var no = "5226980010" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var household = new Household(no, DivisionCode.Parse("522698001001"), null, HouseholdType.General, PovertyStatus.Registered, new DateOnly(2018, 3, 1), DateTimeOffset.UtcNow, "测试");
        db.Households.Add(household);
        await db.SaveChangesAsync(Ct);
        return household.Id.Value;
    }
}

public sealed class SqliteSelectionTests(RuralApp<SqliteTestDatabase> app) : SelectionTests<SqliteTestDatabase>(app);

public sealed class PostgresSelectionTests(RuralApp<PostgresTestDatabase> app) : SelectionTests<PostgresTestDatabase>(app);
