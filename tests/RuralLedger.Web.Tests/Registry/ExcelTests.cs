using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Registry;

/// <summary>The real app on Kestrel (127.0.0.1, free port) over a fresh copy of the prepared demo county (see <see cref="PreparedDemo"/>).</summary>
public abstract class ExcelApp(TestDatabase database) : IAsyncLifetime
{
    private AppFactory? _factory;

    public DatabaseProvider Provider => database.Provider;

    public string DataFolder => database.DataFolder;

    public string ConnectionString => database.ConnectionString;

    public string? Unavailable => database.Unavailable;

    public Uri BaseAddress { get; private set; } = null!;

    public StorageOptions Storage => database.Storage;

    /// <summary>A context that sees everything, for checking what the app wrote.</summary>
    public RuralDbContext CreateSystemContext() => database.CreateContext();

    public async ValueTask InitializeAsync()
    {
        await database.InitializeFromDemoAsync();
        if (Unavailable is not null)
        {
            return;
        }
        _factory = new AppFactory(Storage);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await database.DisposeAsync();
    }

    /// <summary>A client signed in as a demo user through the login form (antiforgery token from GET /login).</summary>
    public async Task<HttpClient> SignInAsync(string user, CancellationToken ct)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        var token = Token(await client.GetStringAsync("/login", ct));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = "Demo2026pass", ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync("/login", form, ct);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{user} signs in");
        return client;
    }

    public static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } t
            ? t
            : throw new InvalidOperationException("no antiforgery token in the page");
}

public sealed class SqliteExcelApp() : ExcelApp(new SqliteTestDatabase());

/// <summary>A database created on the server named by RURAL_TEST_PG and dropped afterwards; skipped without it (outside CI).</summary>
public sealed class PostgresExcelApp() : ExcelApp(new PostgresTestDatabase());

/// <summary>Registry Excel export, template and import over real HTTP, with real .xlsx files built by MiniExcel.</summary>
public abstract class ExcelTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ExcelApp
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Demo county 茶乡县: users "village" (混寨村) and "village2" (洪家湾村) of township 001.
    private const string Village1 = "522699001001";
    private const string Village2 = "522699001002";
    private const string OtherTownshipVillage = "522699002001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TApp App
    {
        get
        {
            Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
            return app;
        }
    }

    [Fact]
    public async Task A_village_officers_export_holds_only_the_100_households_of_the_village_masked()
    {
        using var client = await App.SignInAsync("village", Ct);
        var exportsBefore = await AuditCountAsync("export", "village");

        using var response = await client.GetAsync("/registry/export", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(Xlsx);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("一户一档_").And.EndWith(".xlsx");
        response.Content.Headers.GetValues("Content-Disposition").Single().Should().Contain("filename*=UTF-8''");
        MiniExcel.GetSheetNames(new MemoryStream(bytes)).Should().Equal("户", "成员");
        var households = Sheet(bytes, "户");
        var members = Sheet(bytes, "成员");
        // The template test may have added its example household to this village; the demo gave it 100.
        households.Count(h => !Text(h, "户编号").EndsWith("9001", StringComparison.Ordinal)).Should().Be(100);
        households.Should().AllSatisfy(h => Text(h, "行政村").Should().Be("混寨村"));
        households.Select(h => Text(h, "户编号")).Should().AllSatisfy(n => n.Should().StartWith(Village1));
        members.Should().HaveCount(households.Sum(h => Convert.ToInt32(h["人数"], System.Globalization.CultureInfo.InvariantCulture)));
        members.Should().AllSatisfy(m =>
        {
            Text(m, "身份证号").Should().MatchRegex(@"^\d{4}\*{12}[\dX]{2}$");
            Text(m, "出生日期").Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
        });
        households.Where(h => Text(h, "一卡通账号").Length > 0).Should().AllSatisfy(h => Text(h, "一卡通账号").Should().Contain("****"));

        await using var db = App.CreateSystemContext();
        var audit = await db.AuditEntries.Where(e => e.Action == "export" && e.ActorName == "village").OrderBy(e => e.Sequence).ToListAsync(Ct);
        audit.Should().HaveCount(exportsBefore + 1, "one audit event per export");
        audit[^1].After.Should().Contain($"\"households\":{households.Count}").And.Contain($"\"members\":{members.Count}");
    }

    [Fact]
    public async Task The_export_api_applies_the_list_filters_within_the_callers_scope()
    {
        using var client = await App.SignInAsync("county", Ct);
        var list = await Json(client, $"/api/households?pageSize=50&village={Village2}&type=Dibao", Ct);

        using var response = await client.GetAsync($"/api/households/export?village={Village2}&type=Dibao", Ct);
        var households = Sheet(await response.Content.ReadAsByteArrayAsync(Ct), "户");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        households.Should().HaveCount(list.GetProperty("total").GetInt32()).And.NotBeEmpty();
        households.Should().AllSatisfy(h => Text(h, "户类型").Should().Be("低保户"));

        using var village = await App.SignInAsync("village", Ct);
        using var outside = await village.GetAsync($"/api/households/export?village={Village2}", Ct);
        Sheet(await outside.Content.ReadAsByteArrayAsync(Ct), "户").Should().BeEmpty("another village is outside the officer's scope");
    }

    [Fact]
    public async Task The_template_downloads_and_reimports_cleanly()
    {
        using var client = await App.SignInAsync("admin", Ct);

        using var response = await client.GetAsync("/registry/import/template", Ct);
        var template = await response.Content.ReadAsByteArrayAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be(ImportTemplate.FileName);
        MiniExcel.GetSheetNames(new MemoryStream(template)).Should().Equal(ImportColumns.SheetName, ImportColumns.NoteSheetName);
        var header = MiniExcel.Query(new MemoryStream(template), useHeaderRow: false, sheetName: ImportColumns.SheetName).Cast<IDictionary<string, object?>>().First();
        header.Values.Select(v => v?.ToString()).Should().Equal(ImportColumns.All.Select(c => c.Header));
        Sheet(template, ImportColumns.NoteSheetName).Select(r => Text(r, "列名")).Should().Contain(ImportColumns.All.Select(c => c.Header));

        var preview = await ImportAsync(client, template, dryRun: true);
        preview.Status.Should().Be(HttpStatusCode.OK, preview.Body.ToString());
        Count(preview.Body, "householdsNew").Should().Be(1);
        Count(preview.Body, "membersNew").Should().Be(2);

        var written = await ImportAsync(client, template, dryRun: false);
        written.Status.Should().Be(HttpStatusCode.OK, written.Body.ToString());
        written.Body.GetProperty("written").GetBoolean().Should().BeTrue();
        using var found = await client.PostAsJsonAsync("/api/people/search", new { citizenId = ImportTemplate.ExampleHeadId }, Ct);
        var person = JsonDocument.Parse(await found.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        person.GetProperty("householdNo").GetString().Should().Be(ImportTemplate.ExampleHouseholdNo);
        var list = await Json(client, $"/api/households?pageSize=50&q={ImportTemplate.ExampleHouseholdNo}", Ct);
        var item = list.GetProperty("items")[0];
        item.GetProperty("headName").GetString().Should().Be("王德明");
        item.GetProperty("memberCount").GetInt32().Should().Be(2);
        item.GetProperty("status").GetString().Should().Be(nameof(PovertyStatus.MonitoredMarginal));
    }

    [Fact]
    public async Task An_import_with_bad_rows_names_row_and_column_of_each_and_writes_nothing()
    {
        using var client = await App.SignInAsync("village2", Ct);
        var existing = (await Json(client, $"/api/households?village={Village2}&pageSize=1", Ct)).GetProperty("items")[0];
        var existingHead = await FirstMemberIdAsync(existing.GetProperty("householdNo").GetString()!);
        var badId = Id(1990, 100)[..17] + (Id(1990, 100)[17] == '0' ? '1' : '0');
        var rows = new[]
        {
            Head("5226990010028001", Village2, "赵一", Id(1980, 100)),                                            // row 2: fine
            Member("5226990010028001", "钱二", badId, "配偶"),                                                    // row 3: check digit
            Member("5226990010028001", "孙三", Id(2005, 102), "之侄"),                                             // row 4: unknown relation
            Head("5226990010028002", OtherTownshipVillage, "李四", Id(1970, 104)),                                // row 5: village outside scope
            Head("5226990010028003", Village2, "周五", existingHead),                                             // row 6: ID of an existing member of another household
            Head("5226990010028004", Village2, "吴六", Id(1966, 106), (ImportField.Phone, "12345")),              // row 7: phone
            Member("5226990010028004", "郑七", Id(1990, 108), "户主"),                                            // row 8: second head
            Member("5226990010028004", "王八", Id(1980, 100), "之子"),                                            // row 9: same ID as row 2
        };

        var result = await ImportAsync(client, Workbook(rows), dryRun: false);

        result.Status.Should().Be(HttpStatusCode.BadRequest);
        result.Body.GetProperty("code").GetString().Should().Be("registry.import_invalid");
        var errors = result.Body.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Code: e.GetProperty("code").GetString(), Message: e.GetProperty("message").GetString()))
            .ToList();
        errors.Select(e => (e.Row, e.Column)).Should().BeEquivalentTo(new[]
        {
            (3, "身份证号"), (4, "与户主关系"), (5, "行政村代码"), (6, "身份证号"), (7, "联系电话"), (8, "与户主关系"), (9, "身份证号"),
        });
        errors.Should().AllSatisfy(e => e.Message.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}"));
        errors.Single(e => e.Row == 9).Message.Should().Contain("第 2 行");
        errors.Single(e => e.Row == 6).Code.Should().Be("registry.duplicate_citizen_id");
        errors.Single(e => e.Row == 5).Code.Should().Be("scope.out_of_scope");

        foreach (var no in new[] { "5226990010028001", "5226990010028003", "5226990010028004" })
        {
            (await Json(client, $"/api/households?pageSize=50&q={no}", Ct)).GetProperty("total").GetInt32().Should().Be(0, $"{no} must not be written");
        }
        using var person = await client.PostAsJsonAsync("/api/people/search", new { citizenId = Id(1980, 100) }, Ct);
        person.StatusCode.Should().Be(HttpStatusCode.NotFound, "the valid row of the file was not written either");
    }

    [Fact]
    public async Task A_good_import_writes_everything_once_and_the_same_file_again_changes_nothing()
    {
        using var client = await App.SignInAsync("village2", Ct);
        var existing = (await Json(client, $"/api/households?village={Village2}&pageSize=1", Ct)).GetProperty("items")[0];
        var existingNo = existing.GetProperty("householdNo").GetString()!;
        var existingCount = existing.GetProperty("memberCount").GetInt32();
        var rows = new List<Dictionary<string, object?>>();
        for (var h = 0; h < 5; h++)
        {
            var no = "522699001002" + (7001 + h).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(Head(no, Village2, "冯" + "甲乙丙丁戊"[h], Id(1960 + h, 200 + 2 * h + 1), (ImportField.RegisteredOn, new DateTime(2023, 5, 1 + h))));
            rows.Add(Member(no, "陈" + "甲乙丙丁戊"[h], Id(1962 + h, 220 + 2 * h), "配偶"));
        }
        rows.Add(Member(existingNo, "褚新", Id(2010, 301), "之孙子"));
        var importsBefore = await AuditCountAsync("import", "village2");

        var first = await ImportAsync(client, Workbook(rows), dryRun: false);

        first.Status.Should().Be(HttpStatusCode.OK, first.Body.ToString());
        first.Body.GetProperty("written").GetBoolean().Should().BeTrue();
        Count(first.Body, "householdsNew").Should().Be(5);
        Count(first.Body, "householdsExisting").Should().Be(1);
        Count(first.Body, "membersNew").Should().Be(11);
        var written = await Json(client, "/api/households?pageSize=50&q=5226990010027003", Ct);
        written.GetProperty("items")[0].GetProperty("memberCount").GetInt32().Should().Be(2);
        written.GetProperty("items")[0].GetProperty("headName").GetString().Should().Be("冯丙");
        var detail = await Json(client, $"/api/households/{written.GetProperty("items")[0].GetProperty("id").GetInt64()}", Ct);
        detail.GetProperty("registeredOn").GetString().Should().Be("2023-05-03");
        detail.GetProperty("phoneMasked").GetString().Should().Be("139****1234");
        (await Json(client, $"/api/households?pageSize=50&q={existingNo}", Ct)).GetProperty("items")[0].GetProperty("memberCount").GetInt32().Should().Be(existingCount + 1);
        var totalAfterFirst = (await Json(client, "/api/households?pageSize=50", Ct)).GetProperty("total").GetInt32();

        var second = await ImportAsync(client, Workbook(rows), dryRun: false);

        second.Status.Should().Be(HttpStatusCode.OK, second.Body.ToString());
        second.Body.GetProperty("written").GetBoolean().Should().BeFalse();
        Count(second.Body, "householdsNew").Should().Be(0);
        Count(second.Body, "householdsExisting").Should().Be(6);
        Count(second.Body, "householdsChanged").Should().Be(0);
        Count(second.Body, "membersNew").Should().Be(0);
        Count(second.Body, "membersChanged").Should().Be(0);
        Count(second.Body, "membersUnchanged").Should().Be(11);
        (await Json(client, "/api/households?pageSize=50", Ct)).GetProperty("total").GetInt32().Should().Be(totalAfterFirst);
        (await Json(client, $"/api/households?pageSize=50&q={existingNo}", Ct)).GetProperty("items")[0].GetProperty("memberCount").GetInt32().Should().Be(existingCount + 1);

        await using var db = App.CreateSystemContext();
        var imports = await db.AuditEntries.Where(e => e.Action == "import" && e.ActorName == "village2").OrderBy(e => e.Sequence).ToListAsync(Ct);
        imports.Should().HaveCount(importsBefore + 1, "the first import is one audit event and the second wrote nothing");
        imports[^1].After.Should().Contain("\"sha256\"").And.Contain("\"householdsNew\":5").And.Contain("\"membersNew\":11");
    }

    [Fact]
    public async Task A_changed_member_row_updates_that_member_only()
    {
        using var client = await App.SignInAsync("township", Ct);
        var no = "5226990010026001";
        var rows = new[] { Head(no, Village2, "蒋一", Id(1958, 401)), Member(no, "沈二", Id(1959, 402), "配偶") };
        (await ImportAsync(client, Workbook(rows), dryRun: false)).Status.Should().Be(HttpStatusCode.OK);
        rows[1]["健康状况"] = "患有大病";

        var preview = await ImportAsync(client, Workbook(rows), dryRun: true);
        var result = await ImportAsync(client, Workbook(rows), dryRun: false);

        Count(preview.Body, "membersChanged").Should().Be(1);
        Count(preview.Body, "membersUnchanged").Should().Be(1);
        result.Body.GetProperty("written").GetBoolean().Should().BeTrue();
        var id = (await Json(client, $"/api/households?pageSize=50&q={no}", Ct)).GetProperty("items")[0].GetProperty("id").GetInt64();
        var members = (await Json(client, $"/api/households/{id}", Ct)).GetProperty("members").EnumerateArray().ToList();
        members.Single(m => m.GetProperty("name").GetString() == "沈二").GetProperty("healthName").GetString().Should().Be("患有大病");
        members.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_file_that_is_not_an_xlsx_is_refused_whatever_its_name()
    {
        using var client = await App.SignInAsync("admin", Ct);

        var result = await ImportAsync(client, "户编号,姓名\n1,张三\n"u8.ToArray(), dryRun: true);

        result.Status.Should().Be(HttpStatusCode.BadRequest);
        result.Body.GetProperty("code").GetString().Should().Be("registry.import_not_xlsx");
    }

    [Fact]
    public async Task Officers_without_registry_rights_cannot_import()
    {
        using var client = await App.SignInAsync("supervisor", Ct);

        var result = await ImportAsync(client, Workbook([Head("5226990010025001", Village1, "韩一", Id(1950, 501))]), dryRun: true);

        result.Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_import_page_previews_then_confirms_and_the_list_page_links_to_it()
    {
        using var client = await App.SignInAsync("village2", Ct);
        var index = await client.GetStringAsync("/registry", Ct);
        index.Should().Contain("href=\"/registry/import\"").And.Contain("href=\"/registry/export\"");
        var page = await client.GetStringAsync("/registry/import", Ct);
        page.Should().Contain("href=\"/registry/import/template\"");
        var no = "5226990010024001";
        var file = Workbook([Head(no, Village2, "杨一", Id(1972, 601)), Member(no, "朱二", Id(1999, 602), "之女")]);

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(ExcelApp.Token(page)), "__RequestVerificationToken" },
            { XlsxContent(file), "file", "新户.xlsx" },
        };
        using var previewResponse = await client.PostAsync("/registry/import?handler=Upload", upload, Ct);
        var preview = WebUtility.HtmlDecode(await previewResponse.Content.ReadAsStringAsync(Ct));

        previewResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        preview.Should().Contain("data-count=\"households-new\">1<").And.Contain("data-count=\"members-new\">2<").And.Contain("确认导入");
        (await Json(client, $"/api/households?pageSize=50&q={no}", Ct)).GetProperty("total").GetInt32().Should().Be(0, "a preview writes nothing");
        var id = Regex.Match(preview, "name=\"id\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        // The staged file waiting for confirmation is encrypted: no zip, no ID, no name on disk (decision 0030).
        var staged = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(App.DataFolder, "imports"), id + ".*").Single(f => !f.EndsWith(".json", StringComparison.Ordinal)), Ct);
        staged.AsSpan(0, 2).SequenceEqual("PK"u8).Should().BeFalse("the workbook is not kept as a zip");
        staged.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Id(1972, 601))).Should().Be(-1);

        using var confirm = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id, ["__RequestVerificationToken"] = ExcelApp.Token(preview) });
        using var confirmed = await client.PostAsync("/registry/import?handler=Confirm", confirm, Ct);

        confirmed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        confirmed.Headers.Location!.OriginalString.Should().Be("/registry");
        (await Json(client, $"/api/households?pageSize=50&q={no}", Ct)).GetProperty("items")[0].GetProperty("memberCount").GetInt32().Should().Be(2);

        using var again = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id, ["__RequestVerificationToken"] = ExcelApp.Token(preview) });
        var replay = WebUtility.HtmlDecode(await (await client.PostAsync("/registry/import?handler=Confirm", again, Ct)).Content.ReadAsStringAsync(Ct));
        replay.Should().Contain("找不到待确认的导入文件", "a confirmed file is gone");
    }

    [Fact]
    public async Task Bad_rows_are_listed_on_the_preview_page_without_a_confirm_button()
    {
        using var client = await App.SignInAsync("village2", Ct);
        var page = await client.GetStringAsync("/registry/import", Ct);
        var file = Workbook([Head("5226990010024002", Village2, "", Id(1972, 701)), Member("5226990010024002", "秦二", "123", "配偶")]);

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(ExcelApp.Token(page)), "__RequestVerificationToken" },
            { XlsxContent(file), "file", "bad.xlsx" },
        };
        using var response = await client.PostAsync("/registry/import?handler=Upload", upload, Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        html.Should().Contain("id=\"import-errors\"").And.NotContain("确认导入");
        html.Should().MatchRegex(@"<td class=""text-end"">2</td><td>姓名</td>");
        html.Should().MatchRegex(@"<td class=""text-end"">3</td><td>身份证号</td><td>身份证号应为 18 位");
    }

    /// <summary>
    /// The import bench (explicit: not part of a normal run). Rows from RURAL_BENCH_IMPORT_ROWS (default 100,000), on SQLite
    /// in a temp folder, or on PostgreSQL when RURAL_TEST_PG is set and RURAL_BENCH_PROVIDER=Postgres.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task Import_benchmark()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("RURAL_BENCH_IMPORT_ROWS"), out var n) ? n : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "rl-import-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var log = new List<string>();
            var result = await ImportBenchmark.RunOnFreshDatabaseAsync(folder, rows, BenchStorage(folder), log.Add, Ct);
            // The runner hides a passing test's output: the figures go to a file (RURAL_BENCH_REPORT, default in the temp folder).
            var report = Environment.GetEnvironmentVariable("RURAL_BENCH_REPORT") is { Length: > 0 } r ? r : Path.Combine(Path.GetTempPath(), "rl-import-bench.txt");
            await File.AppendAllLinesAsync(report, [.. log, $"{DateTimeOffset.Now:O} {App.Provider}: {result}"], Ct);
            result.Rows.Should().Be(rows);
            result.MembersWritten.Should().Be(rows);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private StorageOptions? BenchStorage(string folder)
    {
        var postgres = Environment.GetEnvironmentVariable("RURAL_BENCH_PROVIDER") == "Postgres";
        Assert.SkipWhen(postgres != (App.Provider == DatabaseProvider.Postgres), "the bench runs in the class of the provider named by RURAL_BENCH_PROVIDER (default Sqlite)");
        // PostgreSQL: the app's database (demo county loaded) and its key file.
        return postgres ? new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = App.ConnectionString, DataFolder = folder, KeyFile = App.Storage.KeyFile } : null;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A valid citizen ID of the demo county; sequences from 100 up are far above the demo generator's (10 and up per birth date).</summary>
    private static string Id(int year, int sequence) => CitizenId.Compose("522699", new DateOnly(year, 6, 15), sequence).Value;

    private static Dictionary<string, object?> Head(string no, string village, string name, string id, params (ImportField Field, object? Value)[] more) =>
        ImportTemplate.Row([
            (ImportField.HouseholdNo, no), (ImportField.VillageCode, village), (ImportField.Type, "一般户"), (ImportField.Status, "监测对象·边缘易致贫户"),
            (ImportField.BankName, "县农村信用合作联社"), (ImportField.BankAccount, "6230" + id[6..14] + "1234"), (ImportField.Phone, "13912341234"),
            (ImportField.Name, name), (ImportField.CitizenId, id), (ImportField.Relation, "户主"),
            (ImportField.Labour, "普通劳动力"), (ImportField.Health, "健康"), (ImportField.Education, "初中"), .. more]);

    private static Dictionary<string, object?> Member(string no, string name, string id, string relation) =>
        ImportTemplate.Row(
            (ImportField.HouseholdNo, no), (ImportField.Name, name), (ImportField.CitizenId, id), (ImportField.Relation, relation),
            (ImportField.Labour, "Normal"), (ImportField.Health, "健康"), (ImportField.Education, "高中(中专)"));

    [Fact]
    public async Task Crafted_workbooks_are_refused_with_a_400_before_they_are_read_and_leave_nothing_behind()
    {
        using var client = await App.SignInAsync("county", Ct);
        var good = Workbook([new Dictionary<string, object?> { ["户编号"] = "x" }]);
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var imports = Path.Combine(App.DataFolder, "imports");
        var before = Directory.Exists(imports) ? Directory.GetFiles(imports).Length : 0;

        // Shared strings that inflate ~1,000 times (20 MB of blanks in ~20 KB): stopped by the ratio, not by the header.
        var bomb = Crafted(good, "xl/sharedStrings.xml", s =>
        {
            s.Write(System.Text.Encoding.UTF8.GetBytes($"<sst xmlns=\"{Main}\">"));
            var blanks = new byte[1024 * 1024];
            Array.Fill(blanks, (byte)' ');
            for (var i = 0; i < 20; i++)
            {
                s.Write(blanks);
            }
            s.Write("</sst>"u8);
        });
        var laughs = Crafted(good, "xl/workbook.xml", $"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><workbook xmlns=\"{Main}\">&b;</workbook>");
        var external = Crafted(good, "xl/workbook.xml", $"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><workbook xmlns=\"{Main}\">&x;</workbook>");
        var wide = Crafted(good, "xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><dimension ref=\"A1:XFD1048576\"/><sheetData/></worksheet>");
        var tall = Crafted(good, "xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><sheetData>{string.Concat(Enumerable.Range(1, 200_001).Select(r => $"<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>"))}</sheetData></worksheet>");
        var longCell = Crafted(good, "xl/sharedStrings.xml", $"<sst xmlns=\"{Main}\"><si><t>{new string('长', 40_000)}</t></si></sst>");

        foreach (var (name, file, code) in new[]
        {
            ("bomb", bomb, "import.too_large_unpacked"), ("billion laughs", laughs, "import.dtd_refused"), ("external entity", external, "import.dtd_refused"),
            ("XFD dimension", wide, "import.too_many_columns"), ("200,001 rows", tall, "import.too_many_rows"), ("40,000-character cell", longCell, "import.cell_too_long"),
        })
        {
            var (status, body) = await ImportAsync(client, file, dryRun: true);
            status.Should().Be(HttpStatusCode.BadRequest, name);
            body.GetProperty("code").GetString().Should().Be(code, name);
            body.GetProperty("errors").TryGetProperty("file", out _).Should().BeTrue(name);
        }
        (Directory.Exists(imports) ? Directory.GetFiles(imports).Length : 0).Should().Be(before, "a refused upload is deleted at once");
    }

    /// <summary>A copy of the workbook with one part replaced (written compressed, as a crafted file would be).</summary>
    private static byte[] Crafted(byte[] workbook, string part, Action<Stream> write)
    {
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(workbook), System.IO.Compression.ZipArchiveMode.Read))
        using (var target = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(e => e.FullName != part))
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
            using var replaced = target.CreateEntry(part, System.IO.Compression.CompressionLevel.SmallestSize).Open();
            write(replaced);
        }
        return output.ToArray();
    }

    private static byte[] Crafted(byte[] workbook, string part, string xml) =>
        Crafted(workbook, part, s => s.Write(System.Text.Encoding.UTF8.GetBytes(xml)));

    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new Dictionary<string, object> { [ImportColumns.SheetName] = rows.ToList() });
        return stream.ToArray();
    }

    private static ByteArrayContent XlsxContent(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        return content;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(HttpClient client, byte[] file, bool dryRun)
    {
        using var form = new MultipartFormDataContent { { XlsxContent(file), "file", "import.xlsx" } };
        using var response = await client.PostAsync($"/api/households/import?dryRun={(dryRun ? "true" : "false")}", form, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<int> AuditCountAsync(string action, string actor)
    {
        await using var db = App.CreateSystemContext();
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.ActorName == actor, Ct);
    }

    private static int Count(JsonElement body, string name) => body.GetProperty("counts").GetProperty(name).GetInt32();

    private static async Task<JsonElement> Json(HttpClient client, string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    private static List<IDictionary<string, object?>> Sheet(byte[] file, string sheet) =>
        MiniExcel.Query(new MemoryStream(file), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    private static string Text(IDictionary<string, object?> row, string column) => row[column]?.ToString() ?? "";

    /// <summary>The plain citizen ID of a member of the demo household <paramref name="householdNo"/>, read with the app's key.</summary>
    private async Task<string> FirstMemberIdAsync(string householdNo)
    {
        await using var db = App.CreateSystemContext();
        var cipher = await db.Members.Where(m => m.Household!.HouseholdNo == householdNo).Select(m => m.CitizenIdCipher).FirstAsync(Ct);
        var vault = RuralLedger.Data.KeyFile.LoadOrCreate(App.Storage.ResolveKeyFile());
        return vault.Decrypt(cipher);
    }
}

public sealed class SqliteExcelTests(SqliteExcelApp app) : ExcelTests<SqliteExcelApp>(app);

public sealed class PostgresExcelTests(PostgresExcelApp app) : ExcelTests<PostgresExcelApp>(app);
