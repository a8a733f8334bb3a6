using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Certificates;

/// <summary>
/// Ownership certificates over HTTP with real sessions: issue, the PDF's extracted text (poppler's pdftotext), the
/// anonymous QR page (genuine, revoked, superseded, unknown), reissue in one step, per-county-year numbering, the
/// one-valid-certificate rule, roles and scope. Assets are arranged directly through a system context, each with
/// a unique name so tests never see each other's data.
/// </summary>
public abstract class CertificateTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = "522699001001";      // 混寨村, the demo "village" officer's village

    protected CertificateTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_issued_certificates_pdf_is_an_a4_document_whose_text_names_the_number_the_asset_and_the_holders()
    {
        var asset = await CreateAssetAsync("油茶加工厂");
        var county = await App.SignInAsync("county");

        using var issued = await county.PostAsync($"/api/assets/{asset.Id}/certificates", null, Ct);
        var created = await Json(issued);
        var id = created.GetProperty("id").GetInt64();
        var number = created.GetProperty("number").GetString()!;
        var view = await Json(await county.GetAsync($"/api/certificates/{id}", Ct));
        using var pdf = await county.GetAsync($"/api/certificates/{id}/pdf", Ct);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
        using var pagePdf = await county.GetAsync($"/certificates/{id}/pdf", Ct);
        var text = PdfText(bytes);

        issued.StatusCode.Should().Be(HttpStatusCode.Created);
        issued.Headers.Location!.OriginalString.Should().Be($"/api/certificates/{id}");
        number.Should().MatchRegex($"^522699-{Today.Year}-[0-9]{{5}}$");
        view.GetProperty("status").GetString().Should().Be("Valid");
        view.GetProperty("location").GetString().Should().Be("朱家场镇混寨村");
        view.GetProperty("issuedBy").GetString().Should().Be("茶乡县农业农村局（乡村振兴局）");
        view.GetProperty("issuedOn").GetString().Should().Be(BusinessCalendar.Format(Today));
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        pdf.Content.Headers.ContentDisposition!.FileNameStar.Should().Be(number + ".pdf");
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");
        pagePdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pagePdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");

        var flat = Regex.Replace(text, @"\s+", "");
        flat.Should().Contain("扶贫项目资产所有权证").And.Contain(number).And.Contain(asset.Name).And.Contain(asset.Code);
        flat.Should().Contain("混寨村股份经济合作社").And.Contain(asset.Household).And.Contain("60%").And.Contain("40%");
        flat.Should().Contain("茶乡县").And.Contain("1,234,567.89元").And.Contain("2024-05-20").And.Contain(BusinessCalendar.Format(Today));
        flat.Should().Contain("茶乡县农业农村局（乡村振兴局）");
        var verifyUrl = new Uri(App.BaseAddress, "/verify/" + view.GetProperty("verificationCode").GetString()).ToString();
        flat.Should().Contain(verifyUrl, "the QR code's absolute address is printed under it as well");
        PdfInfo(bytes).Should().MatchRegex(@"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)");
        PdfFonts(bytes).Should().MatchRegex(@"Identity-H\s+yes\s+yes\s+yes", "the Chinese font is embedded as a subset with a Unicode map");

        await using var db = App.Database.CreateContext();
        var audited = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "Certificate" && a.EntityId == id.ToString(CultureInfo.InvariantCulture)).ToListAsync(Ct);
        audited.Should().ContainSingle(a => a.Action == "create").Which.ActorName.Should().Be("county");
        audited.Where(a => a.Action == "print").Should().HaveCount(2, "each printout is audited").And.AllSatisfy(a => a.ActorName.Should().Be("county"));
    }

    [Fact]
    public async Task The_public_page_says_genuine_then_revoked_without_a_session_and_masks_household_names()
    {
        var asset = await CreateAssetAsync("黄桃冷库");
        var (id, number, code) = await IssueAsync(asset.Id);
        using var anonymous = App.CreateClient();

        using var genuine = await anonymous.GetAsync($"/verify/{code}", Ct);
        var genuineHtml = await genuine.Content.ReadAsStringAsync(Ct);
        var genuineJson = await Json(await anonymous.GetAsync($"/api/verify/{code}", Ct));
        using var revoke = await App.Admin.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "资产登记错误" }, Ct);
        using var revoked = await anonymous.GetAsync($"/verify/{code}", Ct);
        var revokedHtml = await revoked.Content.ReadAsStringAsync(Ct);
        var revokedJson = await Json(await anonymous.GetAsync($"/api/verify/{code}", Ct));

        genuine.StatusCode.Should().Be(HttpStatusCode.OK);
        genuine.Headers.GetValues("X-Robots-Tag").Single().Should().Contain("noindex");
        genuineHtml.Should().Contain("真实有效").And.Contain(number).And.Contain(asset.Name).And.Contain(BusinessCalendar.Format(Today));
        genuineHtml.Should().Contain("混寨村股份经济合作社").And.Contain(asset.Household[0] + "*");
        genuineHtml.Should().NotContain(asset.Household, "a household's name is masked on the public page");
        genuineHtml.Should().NotContain("退出").And.NotContain("/login", "the page needs no session and shows no signed-in chrome");
        genuineJson.GetProperty("result").GetString().Should().Be("Genuine");
        genuineJson.GetProperty("message").GetString().Should().Be("真实有效");
        genuineJson.GetProperty("holders").EnumerateArray().Select(h => h.GetString()).Should().Equal("混寨村股份经济合作社", asset.Household[0] + "*");
        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        revoked.StatusCode.Should().Be(HttpStatusCode.OK);
        revokedHtml.Should().Contain("已注销").And.Contain("资产登记错误").And.Contain(number).And.NotContain("真实有效");
        revokedJson.GetProperty("result").GetString().Should().Be("Revoked");
        revokedJson.GetProperty("endedOn").GetString().Should().Be(BusinessCalendar.Format(Today));

        using var again = await App.Admin.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "再次注销" }, Ct);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(again)).GetProperty("code").GetString().Should().Be("certificates.not_valid");
        var pdfText = PdfText(await (await App.Admin.GetAsync($"/api/certificates/{id}/pdf", Ct)).Content.ReadAsByteArrayAsync(Ct));
        Regex.Replace(pdfText, @"\s+", "").Should().Contain("已注销").And.Contain("资产登记错误", "a revoked certificate prints its status across the page");
    }

    [Fact]
    public async Task Unknown_malformed_and_number_shaped_codes_all_get_the_same_not_found_answer()
    {
        var asset = await CreateAssetAsync("食用菌大棚");
        var (_, number, code) = await IssueAsync(asset.Id);
        using var anonymous = App.CreateClient();
        var unknownCode = new string(code.Reverse().ToArray()) == code ? "abcdefghijkmnpqrstuvwxyz23" : new string(code.Reverse().ToArray());

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var path in new[] { unknownCode, "not-a-code", code + "x", number, "%27%20or%201%3D1--", "a/b/c" })
        {
            using var response = await anonymous.GetAsync("/verify/" + path, Ct);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
        }
        using var apiUnknown = await anonymous.GetAsync("/api/verify/" + unknownCode, Ct);
        using var apiMalformed = await anonymous.GetAsync("/api/verify/" + number, Ct);
        using var byNumber = await anonymous.GetAsync("/api/certificates?q=" + number, Ct);

        answers.Should().AllSatisfy(a =>
        {
            a.Status.Should().Be(HttpStatusCode.NotFound);
            a.Body.Should().Contain("查无此证");
        });
        answers.Select(a => a.Body).Distinct().Should().ContainSingle("nothing tells a malformed code from an unknown one");
        answers[0].Body.Should().NotContain(asset.Name).And.NotContain(number);
        apiUnknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        apiMalformed.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await apiUnknown.Content.ReadAsStringAsync(Ct)).Should().Be(await apiMalformed.Content.ReadAsStringAsync(Ct));
        byNumber.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no public endpoint accepts a certificate number");
    }

    [Fact]
    public async Task Reissue_supersedes_the_old_certificate_in_one_step_and_the_new_one_verifies_genuine()
    {
        var asset = await CreateAssetAsync("生猪圈舍");
        var (oldId, oldNumber, oldCode) = await IssueAsync(asset.Id);

        using var noReason = await App.Admin.PostAsJsonAsync($"/api/certificates/{oldId}/reissue", new { reason = " " }, Ct);
        using var reissued = await App.Admin.PostAsJsonAsync($"/api/certificates/{oldId}/reissue", new { reason = "所有权转移" }, Ct);
        var fresh = await Json(reissued);
        var newId = fresh.GetProperty("id").GetInt64();
        var newNumber = fresh.GetProperty("number").GetString()!;
        var oldView = await Json(await App.Admin.GetAsync($"/api/certificates/{oldId}", Ct));
        var newView = await Json(await App.Admin.GetAsync($"/api/certificates/{newId}", Ct));
        using var anonymous = App.CreateClient();
        var oldPage = await (await anonymous.GetAsync($"/verify/{oldCode}", Ct)).Content.ReadAsStringAsync(Ct);
        var newPage = await (await anonymous.GetAsync($"/verify/{newView.GetProperty("verificationCode").GetString()}", Ct)).Content.ReadAsStringAsync(Ct);
        using var twice = await App.Admin.PostAsJsonAsync($"/api/certificates/{oldId}/reissue", new { reason = "损毁补发" }, Ct);

        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("code").GetString().Should().Be("certificates.reason_required");
        reissued.StatusCode.Should().Be(HttpStatusCode.Created);
        newNumber.Should().NotBe(oldNumber);
        oldView.GetProperty("status").GetString().Should().Be("Superseded");
        oldView.GetProperty("replacedByNumber").GetString().Should().Be(newNumber);
        oldView.GetProperty("replacedById").GetInt64().Should().Be(newId);
        oldView.GetProperty("endReason").GetString().Should().Contain("所有权转移");
        newView.GetProperty("status").GetString().Should().Be("Valid");
        newView.GetProperty("replacesId").GetInt64().Should().Be(oldId);
        newView.GetProperty("replacesNumber").GetString().Should().Be(oldNumber);
        newView.GetProperty("reissueReason").GetString().Should().Be("所有权转移");
        newView.GetProperty("assetHistory").EnumerateArray().Select(h => h.GetProperty("number").GetString()).Should().Equal(oldNumber, newNumber);
        oldPage.Should().Contain($"已换发（新证号 {newNumber}）").And.Contain(BusinessCalendar.Format(Today)).And.NotContain("真实有效");
        newPage.Should().Contain("真实有效").And.Contain(newNumber);
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(twice)).GetProperty("code").GetString().Should().Be("certificates.not_valid");
    }

    [Fact]
    public async Task Numbers_run_in_sequence_per_county_and_year_and_a_second_valid_certificate_is_refused()
    {
        var first = await CreateAssetAsync("农机设备甲");
        var second = await CreateAssetAsync("农机设备乙");

        var (_, a, _) = await IssueAsync(first.Id);
        var (_, b, _) = await IssueAsync(second.Id);
        using var duplicate = await App.Admin.PostAsync($"/api/assets/{first.Id}/certificates", null, Ct);
        var problem = await Json(duplicate);
        var issuePage = await App.Admin.GetStringAsync($"/certificates/issue?assetId={first.Id}", Ct);

        var prefix = $"522699-{Today.Year}-";
        a.Should().StartWith(prefix);
        b.Should().StartWith(prefix);
        int.Parse(b[prefix.Length..], CultureInfo.InvariantCulture).Should().BeGreaterThan(int.Parse(a[prefix.Length..], CultureInfo.InvariantCulture));
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("certificates.already_valid");
        problem.GetProperty("detail").GetString().Should().Contain(a);
        issuePage.Should().Contain("已有有效的所有权证").And.Contain(a).And.NotContain("id=\"issue\"");

        await using var db = App.Database.CreateContext();
        var year = Today.Year;
        var sequences = await db.Certificates.AsNoTracking().Where(c => c.CountyCode == "522699" && c.Year == year)
            .OrderBy(c => c.Sequence).Select(c => c.Sequence).ToListAsync(Ct);
        sequences.Should().Equal(Enumerable.Range(1, sequences.Count), "numbers are handed out without gaps or repeats");
    }

    [Fact]
    public async Task Village_officers_may_not_issue_and_another_village_does_not_see_the_certificate()
    {
        var asset = await CreateAssetAsync("光伏电站");
        var (id, _, _) = await IssueAsync(asset.Id);
        var village = await App.SignInAsync("village");
        var village2 = await App.SignInAsync("village2");

        using var issueByVillage = await village.PostAsync($"/api/assets/{asset.Id}/certificates", null, Ct);
        using var revokeByVillage = await village.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "试图注销" }, Ct);
        using var ownVillage = await village.GetAsync($"/api/certificates/{id}", Ct);
        using var otherVillage = await village2.GetAsync($"/api/certificates/{id}", Ct);
        using var otherPdf = await village2.GetAsync($"/api/certificates/{id}/pdf", Ct);
        using var otherPage = await village2.GetAsync($"/certificates/{id}", Ct);
        var otherList = await Json(await village2.GetAsync($"/api/certificates?q={Uri.EscapeDataString(asset.Name)}", Ct));
        using var issuePage = await village.GetAsync($"/certificates/issue?assetId={asset.Id}", Ct);

        issueByVillage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        revokeByVillage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ownVillage.StatusCode.Should().Be(HttpStatusCode.OK);
        otherVillage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherPdf.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherPage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherList.GetProperty("total").GetInt32().Should().Be(0);
        issuePage.StatusCode.Should().Be(HttpStatusCode.Redirect);
        issuePage.Headers.Location!.OriginalString.Should().Contain("/forbidden");
    }

    [Fact]
    public async Task The_pages_issue_list_and_reissue_through_forms_with_the_reason_required()
    {
        var asset = await CreateAssetAsync("茶叶加工厂房");
        var county = await App.SignInAsync("county");

        var issuePage = await county.GetStringAsync($"/certificates/issue?assetId={asset.Id}", Ct);
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, $"/certificates/issue?assetId={asset.Id}");
        using var posted = await county.PostAsync($"/certificates/issue?assetId={asset.Id}", Form(("AssetId", asset.Id.ToString(CultureInfo.InvariantCulture)), ("__RequestVerificationToken", token)), Ct);
        var detailPath = posted.Headers.Location!.OriginalString;
        var detail = await county.GetStringAsync(detailPath, Ct);
        var list = await county.GetStringAsync($"/certificates?q={Uri.EscapeDataString(asset.Name)}&status=Valid", Ct);
        var detailToken = await RuralApp<TDatabase>.AntiforgeryTokenAsync(county, detailPath);
        using var emptyReason = await county.PostAsync(detailPath + "?handler=Reissue", Form(("Reissue.Reason", ""), ("__RequestVerificationToken", detailToken)), Ct);
        var emptyReasonHtml = await emptyReason.Content.ReadAsStringAsync(Ct);
        using var reissued = await county.PostAsync(detailPath + "?handler=Reissue", Form(("Reissue.Reason", "损毁补发"), ("__RequestVerificationToken", detailToken)), Ct);
        var newPath = reissued.Headers.Location!.OriginalString;
        var newDetail = await county.GetStringAsync(newPath, Ct);
        var oldDetail = await county.GetStringAsync(detailPath, Ct);

        issuePage.Should().Contain(asset.Name).And.Contain("混寨村股份经济合作社").And.Contain("60%").And.Contain("id=\"issue\"");
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        detailPath.Should().MatchRegex("^/certificates/[0-9]+$");
        var number = Regex.Match(detail, "id=\"certificate-number\">([^<]+)<").Groups[1].Value;
        number.Should().MatchRegex($"^522699-{Today.Year}-[0-9]{{5}}$");
        detail.Should().Contain("已颁发所有权证 " + number).And.Contain(asset.Name).And.Contain("/verify/").And.Contain("data:image/png;base64,");
        list.Should().Contain(number).And.Contain(asset.Name);
        emptyReason.StatusCode.Should().Be(HttpStatusCode.OK);
        emptyReasonHtml.Should().Contain("请填写换发原因。");
        reissued.StatusCode.Should().Be(HttpStatusCode.Redirect);
        newPath.Should().MatchRegex("^/certificates/[0-9]+$").And.NotBe(detailPath);
        newDetail.Should().Contain("原证已作废").And.Contain(number).And.Contain("损毁补发");
        oldDetail.Should().Contain("已换发").And.NotContain("id=\"reissue\"").And.NotContain("id=\"revoke\"");
    }

    private static DateOnly Today => BusinessCalendar.Today(TimeProvider.System);

    private async Task<(long Id, string Number, string Code)> IssueAsync(long assetId)
    {
        using var response = await App.Admin.PostAsync($"/api/assets/{assetId}/certificates", null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var created = await Json(response);
        var id = created.GetProperty("id").GetInt64();
        var view = await Json(await App.Admin.GetAsync($"/api/certificates/{id}", Ct));
        return (id, created.GetProperty("number").GetString()!, view.GetProperty("verificationCode").GetString()!);
    }

    private sealed record TestAsset(long Id, string Code, string Name, string Household);

    /// <summary>An asset of 混寨村 worth 1,234,567.89 元, 60% the village collective's and 40% a household's (a two-character name: masked 张*).</summary>
    private async Task<TestAsset> CreateAssetAsync(string kind)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"{kind}测{suffix}";
        var household = "张" + "甲乙丙丁戊己庚辛壬"[Random.Shared.Next(0, 9)];
        await using var db = App.Database.CreateContext();
        var householdId = await db.Households.Where(h => h.VillageCode == DivisionCode.Parse(Hunzhai)).Select(h => h.Id).FirstAsync(Ct);
        var fund = new FundSource("522699", FundSourceKind.Central, 2024, "2024 年中央财政衔接资金（测试）" + suffix, Money.FromYuan(5_000_000m), null);
        db.FundSources.Add(fund);
        await db.SaveChangesAsync(Ct);
        var asset = new Asset("ZCT-" + suffix, name, AssetClass.Operating, AssetKind.ProcessingPlant, Industry.CamelliaOil, DivisionCode.Parse(Hunzhai),
            1, "座", new DateOnly(2024, 5, 20), null, [new FundingLine(fund.Id, Money.FromYuan(1_234_567.89m))],
            [new ShareLine(HolderKind.VillageCollective, "混寨村股份经济合作社", null, null, 6000), new ShareLine(HolderKind.Household, household, null, householdId, 4000)],
            DateTimeOffset.UtcNow, "test");
        db.Assets.Add(asset);
        await db.SaveChangesAsync(Ct);
        return new TestAsset(asset.Id.Value, asset.Code, name, household);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static string PdfText(byte[] pdf) => Poppler("pdftotext", pdf, "-enc", "UTF-8", "{file}", "-");

    private static string PdfInfo(byte[] pdf) => Poppler("pdfinfo", pdf, "{file}");

    private static string PdfFonts(byte[] pdf) => Poppler("pdffonts", pdf, "{file}");

    /// <summary>Runs a poppler-utils tool on the bytes (written to a temporary file) and returns what it printed.</summary>
    private static string Poppler(string tool, byte[] pdf, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), "rl-cert-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a == "{file}" ? file : a);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install poppler-utils).");
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public sealed class SqliteCertificateTests(RuralApp<SqliteTestDatabase> app) : CertificateTests<SqliteTestDatabase>(app);

public sealed class PostgresCertificateTests(RuralApp<PostgresTestDatabase> app) : CertificateTests<PostgresTestDatabase>(app);

/// <summary>
/// The public verification routes stop a client after the configured number of requests a minute (30 by default).
/// On an app of its own so the exhausted window can't affect other tests; the limiter never touches the database,
/// so one provider suffices.
/// </summary>
public sealed class VerificationRateLimitTests(RuralApp<SqliteTestDatabase> app) : IClassFixture<RuralApp<SqliteTestDatabase>>
{
    [Fact]
    public async Task The_request_after_the_limit_within_a_minute_is_answered_429()
    {
        var limit = app.Services.GetRequiredService<IOptions<CertificateOptions>>().Value.VerifyPermitsPerMinute;
        Assert.SkipWhen(limit > 200, "the fixture raised the limit beyond what this test should send");
        using var anonymous = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= limit; i++)
        {
            using var response = await anonymous.GetAsync(i % 2 == 0 ? "/api/verify/abcdefghijkmnpqrstuvwxyz23" : "/verify/abcdefghijkmnpqrstuvwxyz23", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        using var limited = await anonymous.GetAsync("/api/verify/abcdefghijkmnpqrstuvwxyz23", TestContext.Current.CancellationToken);
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        statuses.Take(limit).Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.NotFound));
        statuses[limit].Should().Be(HttpStatusCode.TooManyRequests);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        problem.GetProperty("code").GetString().Should().Be("too_many_requests");
    }
}

public sealed class CertificateFontTests
{
    [Fact]
    public void A_missing_font_file_is_reported_with_its_path_and_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rl-no-such-font-" + Guid.NewGuid().ToString("N") + ".ttf");

        var act = () => CertificateFontResolver.FamilyFor(missing);

        act.Should().Throw<RuralLedger.Web.Infrastructure.MissingRequirementException>()
            .WithMessage($"*{missing}*apt-get install fonts-arphic-gbsn00lp*Certificates:FontFile*");
    }
}

/// <summary>
/// A machine without the certificate font (issue #13): the app starts, /health names the package to install, and a
/// certificate PDF is refused with a 503 problem carrying the same fix — never a bare 500.
/// </summary>
public sealed class MissingCertificateFontTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rl-nofont-" + Guid.NewGuid().ToString("N"));
    private AppFactory? _factory;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await PreparedDemo.RestoreSqliteAsync(_folder);
        _factory = new AppFactory(new RuralLedger.Data.StorageOptions { Provider = RuralLedger.Data.DatabaseProvider.Sqlite, DataFolder = _folder });
        _app = _factory.WithWebHostBuilder(b => b.UseSetting("Certificates:FontFile", Path.Combine(_folder, "no-such-font.ttf")));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Health_names_the_fix_and_a_pdf_is_a_503_problem_with_it()
    {
        using var client = _app!.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await RuralApp<SqliteTestDatabase>.PostLoginAsync(client, "county", RuralLedger.Data.Demo.DemoLoader.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health", Ct));
        using var pdf = await client.GetAsync("/api/certificates/1/pdf", Ct);
        using var problem = JsonDocument.Parse(await pdf.Content.ReadAsStringAsync(Ct));

        var font = health.RootElement.GetProperty("checks").GetProperty("certificateFont");
        font.GetProperty("status").GetString().Should().Be("Degraded", "the rest of the app works without the font");
        font.GetProperty("description").GetString().Should().Contain("apt-get install fonts-arphic-gbsn00lp");
        health.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        pdf.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.RootElement.GetProperty("code").GetString().Should().Be("server.requirement_missing");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("apt-get install fonts-arphic-gbsn00lp").And.Contain("Certificates:FontFile");
    }
}
