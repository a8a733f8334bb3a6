using System.Net;
using System.Text;
using System.Text.Json;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// The whole app over real HTTP (Kestrel on 127.0.0.1) against a real database of one provider, after the demo
/// county was loaded at startup. <see cref="Client"/> is the county administrator's session, signed in by the fixture
/// through the login form; <see cref="Anonymous"/> has no session.
/// </summary>
public abstract class AppTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    protected AppTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
        Client = app.Admin;
        Anonymous = app.CreateClient();
    }

    protected RuralApp<TDatabase> App { get; }

    protected HttpClient Client { get; }

    protected HttpClient Anonymous { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_is_a_real_kestrel_on_the_loopback_address()
    {
        App.BaseAddress.Host.Should().Be("127.0.0.1");
        App.BaseAddress.Port.Should().BeGreaterThan(0);

        using var response = await Anonymous.GetAsync("/health", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.TryGetValues("Server", out var server).Should().BeTrue();
        server.Should().Contain("Kestrel");
    }

    [Fact]
    public async Task Home_page_shows_the_heading_and_the_demo_county_figures()
    {
        using var response = await Client.GetAsync("/", Ct);
        // Razor writes non-ASCII values as character references (&#x8336;); compare what the reader sees.
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().MatchRegex("<h1[^>]*>乡村扶贫资产与收益管理平台</h1>");
        html.Should().Contain("茶乡县");
        html.Should().Contain("data-figure=\"households\">6,279<");
        html.Should().Contain("data-figure=\"people\">22,498<");
        html.Should().Contain("data-figure=\"villages\">100<");
        html.Should().Contain("data-figure=\"townships\">12<");
    }

    [Fact]
    public async Task Overview_api_gives_the_county_figures()
    {
        using var response = await Client.GetAsync("/api/overview", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var overview = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        overview.GetProperty("countyName").GetString().Should().Be("茶乡县");
        overview.GetProperty("households").GetInt32().Should().Be(6_279);
        overview.GetProperty("people").GetInt32().Should().Be(22_498);
        overview.GetProperty("villages").GetInt32().Should().Be(100);
        overview.GetProperty("formerlyPoorVillages").GetInt32().Should().Be(44);
        overview.GetProperty("townships").GetInt32().Should().Be(12);
        var byTownship = overview.GetProperty("byTownship").EnumerateArray().ToList();
        byTownship.Should().HaveCount(12);
        byTownship.Sum(t => t.GetProperty("households").GetInt32()).Should().Be(6_279);
        byTownship.Sum(t => t.GetProperty("people").GetInt32()).Should().Be(22_498);
        byTownship.Sum(t => t.GetProperty("villages").GetInt32()).Should().Be(100);
    }

    [Fact]
    public async Task Areas_api_without_parent_lists_the_county()
    {
        using var response = await Client.GetAsync("/api/areas", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var counties = json.RootElement.GetProperty("children").EnumerateArray().ToList();
        counties.Should().ContainSingle();
        counties[0].GetProperty("code").GetString().Should().Be("522699000000");
        counties[0].GetProperty("name").GetString().Should().Be("茶乡县");
        counties[0].GetProperty("levelName").GetString().Should().Be("县");
        counties[0].GetProperty("children").GetInt32().Should().Be(12);
        counties[0].GetProperty("households").GetInt32().Should().Be(6_279);
        counties[0].GetProperty("people").GetInt32().Should().Be(22_498);
    }

    [Fact]
    public async Task Areas_api_lists_the_twelve_townships_of_the_county()
    {
        using var response = await Client.GetAsync("/api/areas?parent=522699000000", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json.RootElement.GetProperty("parent").GetProperty("code").GetString().Should().Be("522699000000");
        var townships = json.RootElement.GetProperty("children").EnumerateArray().ToList();
        townships.Should().HaveCount(12);
        townships.Should().AllSatisfy(t => t.GetProperty("levelName").GetString().Should().Be("乡镇"));
        townships.Select(t => t.GetProperty("code").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        townships.Sum(t => t.GetProperty("households").GetInt32()).Should().Be(6_279);
        townships.Sum(t => t.GetProperty("people").GetInt32()).Should().Be(22_498);
        townships.Sum(t => t.GetProperty("children").GetInt32()).Should().Be(100);
    }

    [Fact]
    public async Task Villages_of_all_townships_add_up_to_the_county()
    {
        var villages = new List<JsonElement>();
        for (var t = 1; t <= 12; t++)
        {
            using var response = await Client.GetAsync($"/api/areas?parent=522699{t:D3}000", Ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            villages.AddRange(json.RootElement.GetProperty("children").EnumerateArray().Select(v => v.Clone()));
        }

        villages.Should().HaveCount(100);
        villages.Count(v => v.GetProperty("formerlyPoor").GetBoolean()).Should().Be(44);
        villages.Sum(v => v.GetProperty("households").GetInt32()).Should().Be(6_279);
        villages.Sum(v => v.GetProperty("people").GetInt32()).Should().Be(22_498);
        villages.Should().AllSatisfy(v => v.GetProperty("levelName").GetString().Should().Be("行政村"));
    }

    [Fact]
    public async Task An_invalid_area_code_is_a_400_problem_with_a_code_and_a_chinese_detail()
    {
        using var response = await Client.GetAsync("/api/areas?parent=123", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var problem = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("code").GetString().Should().Be("area.invalid_code");
        problem.GetProperty("title").GetString().Should().Be("请求有误");
        problem.GetProperty("detail").GetString().Should().Be("区划代码“123”应为 12 位数字（村民组为 15 位）。");
        problem.GetProperty("errors").GetProperty("parent")[0].GetString().Should().Contain("12 位数字");
    }

    [Fact]
    public async Task An_area_that_does_not_exist_is_a_404_problem()
    {
        using var response = await Client.GetAsync("/api/areas?parent=522699099000", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        json.RootElement.GetProperty("code").GetString().Should().Be("area.not_found");
        json.RootElement.GetProperty("title").GetString().Should().Be("未找到");
        json.RootElement.GetProperty("detail").GetString().Should().Contain("522699099000");
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nope");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Client.SendAsync(request, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        json.RootElement.GetProperty("status").GetInt32().Should().Be(404);
        json.RootElement.GetProperty("code").GetString().Should().Be("not_found");
        json.RootElement.GetProperty("title").GetString().Should().Be("未找到");
    }

    [Fact]
    public async Task Health_reports_healthy_with_the_database_check()
    {
        using var response = await Anonymous.GetAsync("/health", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString()
            .Should().Be($"{App.Database.Provider} 数据库可连接");
        var font = json.RootElement.GetProperty("checks").GetProperty("certificateFont");
        font.GetProperty("status").GetString().Should().Be("Healthy", "the test machine has fonts-arphic-gbsn00lp");
        font.GetProperty("description").GetString().Should().Contain("gbsn00lp.ttf");
    }

    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task A_browser_gets_html_error_pages_and_a_program_gets_problem_details()
    {
        var village = await App.SignInAsync("village");
        using var foreign = JsonDocument.Parse(await Client.GetStringAsync("/api/households?village=522699012008", Ct));
        var foreignId = foreign.RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();

        var page = await GetAsync(village, $"/registry/{foreignId}", BrowserAccept);
        var asJson = await GetAsync(village, $"/registry/{foreignId}", "application/json");
        var api = await GetAsync(village, $"/api/households/{foreignId}", BrowserAccept);
        var unknown = await GetAsync(village, "/no-such-page", BrowserAccept);
        var forbidden = await GetAsync(village, "/error/403", BrowserAccept);
        var failure = await GetAsync(village, "/error/500", BrowserAccept);

        page.Status.Should().Be(HttpStatusCode.NotFound, "a household of another village is not found for this officer");
        page.MediaType.Should().Be("text/html");
        page.Body.Should().Contain("未找到").And.Contain($"户档案 {foreignId} 不存在或不在您的权限范围内").And.Contain("id=\"request-id\"").And.Contain("模块导航");
        asJson.Status.Should().Be(HttpStatusCode.NotFound);
        asJson.MediaType.Should().Be("application/problem+json");
        asJson.Body.Should().Contain("registry.household_not_found");
        api.Status.Should().Be(HttpStatusCode.NotFound);
        api.MediaType.Should().Be("application/problem+json", "the API answers problem details whatever the browser accepts");
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.MediaType.Should().Be("text/html");
        unknown.Body.Should().Contain("您要打开的页面或记录不存在");
        forbidden.Status.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Body.Should().Contain("无权访问");
        failure.Status.Should().Be(HttpStatusCode.InternalServerError);
        failure.Body.Should().Contain("服务器内部错误").And.MatchRegex("id=\"request-id\">[^<]+<");
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var response = await Anonymous.GetAsync("/openapi/v1.json", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json.RootElement.GetProperty("openapi").GetString().Should().StartWith("3.");
        json.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Contain("乡村扶贫资产与收益管理平台");
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/overview", "/api/areas", "/api/households", "/api/households/{id}", "/api/people/search"]);
    }

    [Fact]
    public async Task Every_money_and_rate_field_of_the_api_is_the_one_documented_shape()
    {
        using var response = await Anonymous.GetAsync("/openapi/v1.json", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");

        string.Join(Environment.NewLine, ApiShapes.Violations(json.RootElement)).Should().BeEmpty();
        schemas.GetProperty("Money").GetProperty("type").GetString().Should().Be("string");
        schemas.GetProperty("Money").GetProperty("pattern").GetString().Should().NotBeNullOrEmpty();
        schemas.GetProperty("Money").GetProperty("description").GetString().Should().Contain("元");
        schemas.GetProperty("Rate").GetProperty("type").GetString().Should().Be("string");
        schemas.GetProperty("Rate").GetProperty("description").GetString().Should().Contain("百分数");
    }

    [Theory]
    [InlineData("/api/projects", """{"budget":[{"fundSourceId":1,"amount":1.5}]}""", "money.format", "budget[0].amount")]
    [InlineData("/api/projects", """{"budget":[{"fundSourceId":1,"amount":"1,234.00"}]}""", "money.format", "budget[0].amount")]
    [InlineData("/api/projects", """{"budget":[{"fundSourceId":1,"amount":"1e3"}]}""", "money.format", "budget[0].amount")]
    [InlineData("/api/projects", """{"budget":[{"fundSourceId":1,"amount":"1.234"}]}""", "money.too_precise", "budget[0].amount")]
    [InlineData("/api/projects", """{"budget":[{"fundSourceId":1,"amount":"99999999999999999999"}]}""", "money.overflow", "budget[0].amount")]
    [InlineData("/api/contracts", """{"ratePercent":"99999999999999999999"}""", "rate.range", "ratePercent")]
    [InlineData("/api/contracts", """{"ratePercent":6.5}""", "rate.format", "ratePercent")]
    [InlineData("/api/contracts", """{"ratePercent":"6.505"}""", "rate.format", "ratePercent")]
    [InlineData("/api/households", """{"type":999}""", "enum.undefined", "type")]
    [InlineData("/api/households", """{"type":"Nobody"}""", "enum.undefined", "type")]
    [InlineData("/api/rules", """{"weighting":999}""", "enum.undefined", "weighting")]
    public async Task A_malformed_amount_rate_or_enum_in_a_json_body_is_a_400_naming_the_field(string path, string body, string code, string field)
    {
        using var response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var problem = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().MatchRegex("[\\u4e00-\\u9fff]", "the message is for people, in Chinese");
    }

    [Fact]
    public async Task Scalar_api_reference_is_served_as_html()
    {
        using var response = await Anonymous.GetAsync("/scalar/v1", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("RuralLedger API 文档");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/overview")]
    [InlineData("/api/areas?parent=123")]
    [InlineData("/scalar/v1")]
    public async Task Security_headers_are_on_every_response(string path)
    {
        using var response = await Client.GetAsync(path, Ct);

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("strict-origin-when-cross-origin");
        response.Headers.CacheControl?.NoStore.Should().BeTrue("a signed-in user's pages and data are kept by no cache");
    }

    [Fact]
    public async Task Without_a_session_an_api_call_is_a_401_problem_and_a_page_redirects_to_the_login()
    {
        using var api = await Anonymous.GetAsync("/api/overview", Ct);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct));
        using var page = await Anonymous.GetAsync("/areas?township=522699001000", Ct);
        using var login = await Anonymous.GetAsync("/login", Ct);
        using var icon = await Anonymous.GetAsync("/favicon.svg", Ct);
        using var styles = await Anonymous.GetAsync("/css/site.css", Ct);

        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        json.RootElement.GetProperty("code").GetString().Should().Be("auth.required");
        json.RootElement.GetProperty("detail").GetString().Should().Be("请先登录。");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.AbsolutePath.Should().Be("/login");
        page.Headers.Location.Query.Should().Contain("ReturnUrl=%2Fareas");
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        (await login.Content.ReadAsStringAsync(Ct)).Should().Contain("请登录").And.Contain("href=\"/favicon.svg\"");
        icon.StatusCode.Should().Be(HttpStatusCode.OK, "static files need no session");
        icon.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
        styles.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Township_link_from_the_home_page_lists_its_villages()
    {
        var home = await Client.GetStringAsync("/", Ct);
        home.Should().Contain("href=\"/areas?township=522699001000\"");

        using var response = await Client.GetAsync("/areas?township=522699001000", Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("区划管理");
        html.Should().Contain("混寨村").And.Contain("洪家湾村");
        html.Should().Contain("522699001001").And.Contain("522699001002");
    }

    [Fact]
    public async Task A_module_not_built_yet_says_so()
    {
        using var notBuilt = await Client.GetAsync("/modules/reports", Ct);
        using var built = await Client.GetAsync("/modules/areas", Ct);
        using var unknown = await Client.GetAsync("/modules/nonexistent", Ct);

        notBuilt.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await notBuilt.Content.ReadAsStringAsync(Ct)).Should().Contain("本模块尚未建成").And.Contain("统计报表");
        built.StatusCode.Should().Be(HttpStatusCode.NotFound, "a built module has its own page");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteAppTests(RuralApp<SqliteTestDatabase> app) : AppTests<SqliteTestDatabase>(app)
{
    [Fact]
    public async Task Citizen_ids_bank_accounts_and_phones_are_not_in_the_database_file_as_plain_text()
    {
        // The demo's plaintext values are deterministic: regenerate them under a throwaway vault.
        var throwaway = PersonalDataVault.CreateRandom();
        var households = new DemoCountyGenerator(throwaway).Generate(DemoSize.County).Single().Households.Take(30).ToList();
        var members = households.SelectMany(h => h.Members).ToList();
        var citizenIds = members.Select(m => throwaway.Decrypt(m.CitizenIdCipher)).ToList();
        var bankAccounts = households.Select(h => throwaway.Decrypt(h.BankAccountCipher!)).ToList();
        var phones = households.Select(h => throwaway.Decrypt(h.PhoneCipher!)).ToList();
        (await Client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the app is up and has loaded the demo");

        var content = await SqliteFileBytes.ReadAsync(App.Database.DatabaseFile, Ct);

        // The search works: the masked values of the same people are stored in plain text on purpose.
        content.AsSpan().IndexOf(Encoding.ASCII.GetBytes(members[0].CitizenIdMasked)).Should().BeGreaterThanOrEqualTo(0);
        content.AsSpan().IndexOf(Encoding.ASCII.GetBytes(households[0].BankAccountMasked!)).Should().BeGreaterThanOrEqualTo(0);
        content.AsSpan().IndexOf(Encoding.ASCII.GetBytes(households[0].PhoneMasked!)).Should().BeGreaterThanOrEqualTo(0);
        content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(members[0].Name)).Should().BeGreaterThanOrEqualTo(0);
        citizenIds.Should().HaveCountGreaterThan(50);
        bankAccounts.Should().HaveCount(30).And.AllSatisfy(a => a.Should().MatchRegex("^[0-9]{16}$"));
        phones.Should().HaveCount(30).And.AllSatisfy(p => p.Should().MatchRegex("^1[3-9][0-9]{9}$"));
        foreach (var plain in citizenIds.Concat(bankAccounts).Concat(phones))
        {
            SqliteFileBytes.Contains(content, plain).Should().BeFalse($"{plain} must be stored encrypted");
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_outside_the_database_and_readable_only_by_its_owner()
    {
        File.Exists(App.Database.KeyFile).Should().BeTrue();
        File.GetUnixFileMode(App.Database.KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}

public sealed class PostgresAppTests(RuralApp<PostgresTestDatabase> app) : AppTests<PostgresTestDatabase>(app);
