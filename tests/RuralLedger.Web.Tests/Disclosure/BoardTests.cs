using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QRCoder;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Features.Disclosure;
using RuralLedger.Web.Tests.Certificates;
using RuralLedger.Web.Tests.Contracts;
using RuralLedger.Web.Tests.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Disclosure;

/// <summary>
/// The public notice board over HTTP, anonymously: 混寨村's 721 plan from its notice to posting, a villager's objection
/// through the page and the API landing in the plan's objection list, the officer's inbox and answer, the answer on
/// the board; nothing private on any public page or in the printed notice; the printed QR's modules; the rate limit.
/// </summary>
public abstract class BoardTests<TDatabase> : IClassFixture<ClockedRuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string Hunzhai = TestAssets.Hunzhai;

    protected BoardTests(ClockedRuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected ClockedRuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_villager_objects_on_the_board_the_officer_answers_and_the_posted_plan_shows_nothing_private()
    {
        var (id, _) = await TestPlans.NoticedAsync(App, noticeEnded: false);
        using var anonymous = App.CreateClient();

        // The board during the notice: the plan with its state, cacheable, no cookie.
        using var board = await anonymous.GetAsync($"/public/{Hunzhai}", Ct);
        var boardHtml = await board.Content.ReadAsStringAsync(Ct);
        board.StatusCode.Should().Be(HttpStatusCode.OK);
        board.Headers.CacheControl!.Public.Should().BeTrue();
        board.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(60));
        board.Headers.Contains("Set-Cookie").Should().BeFalse("the board sets no cookie");
        boardHtml.Should().Contain($"id=\"notice-{id}\"").And.Contain("公示中").And.Contain("农户分红")
            .And.Contain($"/public/{Hunzhai}/notices/{id}/objection");
        (await anonymous.GetStringAsync("/public?county=522699", Ct)).Should().MatchRegex($"href=\"/public/{Hunzhai}\">混寨村</a>\\s*<span class=\"badge[^\"]*\">公示中<",
            "the county index marks a village whose notice is running");

        // The form: bad input answers 400 with the field's message; a good one redirects and lands in the plan's list.
        var form = $"/public/{Hunzhai}/notices/{id}/objection";
        var token = await RuralApp<TDatabase>.AntiforgeryTokenAsync(anonymous, form);
        using var bad = await anonymous.PostAsync(form, Form(token, "", "12345", ""), Ct);
        var badHtml = await bad.Content.ReadAsStringAsync(Ct);
        using var noToken = await App.CreateClient().PostAsync(form, Form("", "李四", "", "分红不对"), Ct);
        using var filed = await anonymous.PostAsync(form, Form(token, "王大明", "13812345678", "我家人口是 5 人，明细写成了 4 人。"), Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badHtml.Should().Contain("请填写您的姓名。").And.Contain("联系电话应为 11 位手机号").And.Contain("请填写异议内容。");
        noToken.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the form needs its anti-forgery token");
        filed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        filed.Headers.Location!.OriginalString.Should().Be($"{form}?filed=true");

        // The API twin: problem details with a stable code and the fields; 404 for a plan that isn't a notice.
        using var apiBad = await anonymous.PostAsJsonAsync($"/api/public/notices/{id}/objections", new { name = new string('长', 31), content = " " }, Ct);
        var problem = await Json(apiBad);
        using var apiFiled = await anonymous.PostAsJsonAsync($"/api/public/notices/{id}/objections", new { name = "赵小红", content = "管理费比例是否经过村民代表大会？" }, Ct);
        using var apiMissing = await anonymous.PostAsJsonAsync("/api/public/notices/999999999/objections", new { name = "赵小红", content = "？" }, Ct);
        apiBad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("errors").GetProperty("name")[0].GetString().Should().Be("姓名不超过 30 个字。");
        problem.GetProperty("errors").GetProperty("content")[0].GetString().Should().Be("请填写异议内容。");
        apiFiled.StatusCode.Should().Be(HttpStatusCode.Created);
        (await Json(apiMissing)).GetProperty("code").GetString().Should().Be("board.notice_not_found");
        apiMissing.StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Stored in the plan's own list, the phone encrypted and masked, filed by nobody signed in (the audit says 匿名).
        await using (var db = App.Database.CreateContext())
        {
            var plan = await db.DistributionPlans.AsNoTracking().SingleAsync(p => p.Id == new DistributionPlanId(id), Ct);
            plan.Objections.Should().HaveCount(2).And.AllSatisfy(o => o.OnBoard.Should().BeTrue());
            var wang = plan.Objections.Single(o => o.FiledBy == "王大明");
            wang.PhoneMasked.Should().Be("138****5678");
            Encoding.UTF8.GetString(wang.PhoneCipher!).Should().NotContain("13812345678");
            App.Services.GetRequiredService<PersonalDataVault>().Decrypt(wang.PhoneCipher!).Should().Be("13812345678");
            plan.Objections.Single(o => o.FiledBy == "赵小红").PhoneCipher.Should().BeNull();
            (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType == nameof(Objection) && a.ActorName == "匿名", Ct)).Should().Be(2);
        }

        // The officer's inbox and the plan page list them; an officer of another village can't answer; the own one does.
        var village = await App.SignInAsync("village");
        var inbox = await village.GetStringAsync("/disclosure", Ct);
        var objections = (await Json(await village.GetAsync($"/api/plans/{id}", Ct))).GetProperty("objections").EnumerateArray().ToList();
        var wangId = objections.Single(o => o.GetProperty("filedBy").GetString() == "王大明").GetProperty("id").GetInt64();
        var zhaoId = objections.Single(o => o.GetProperty("filedBy").GetString() == "赵小红").GetProperty("id").GetInt64();
        inbox.Should().Contain("我家人口是 5 人").And.Contain("138****5678").And.Contain("（公示栏）").And.Contain($"/distribution/{id}");
        objections.Should().AllSatisfy(o => o.GetProperty("onBoard").GetBoolean().Should().BeTrue());
        var other = await App.SignInAsync("village2");
        (await other.GetStringAsync("/disclosure", Ct)).Should().NotContain("我家人口是 5 人");
        // The officer calls 王大明 back: the full number once, never cached, audited under the officer's name; the village next door
        // doesn't find it, 赵小红 left none, a township officer may not unmask. The inbox page reveals it the same way.
        static string Key(long objection) => objection.ToString(CultureInfo.InvariantCulture);
        using (var revealed = await village.PostAsync($"/api/plans/{id}/objections/{wangId}/reveal-phone", null, Ct))
        {
            revealed.StatusCode.Should().Be(HttpStatusCode.OK);
            revealed.Headers.CacheControl!.NoStore.Should().BeTrue();
            (await Json(revealed)).GetProperty("phone").GetString().Should().Be("13812345678");
        }
        (await other.PostAsync($"/api/plans/{id}/objections/{wangId}/reveal-phone", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var none = await village.PostAsync($"/api/plans/{id}/objections/{zhaoId}/reveal-phone", null, Ct))
        {
            (await Json(none)).GetProperty("phone").ValueKind.Should().Be(JsonValueKind.Null);
        }
        (await (await App.SignInAsync("township")).PostAsync($"/api/plans/{id}/objections/{wangId}/reveal-phone", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        inbox.Should().Contain("查看完整电话（记入审计）").And.NotContain("13812345678");
        var inboxToken = await RuralApp<TDatabase>.AntiforgeryTokenAsync(village, "/disclosure");
        using (var page = await village.PostAsync($"/disclosure?handler=RevealPhone&planId={id}&objectionId={wangId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = inboxToken }), Ct))
        {
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync(Ct)).Should().Contain("data-revealed=\"1\">13812345678<");
        }
        await using (var db = App.Database.CreateContext())
        {
            var seen = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Objection) && a.Action == "unmask").ToListAsync(Ct);
            seen.Select(a => a.EntityId).Should().BeEquivalentTo([Key(wangId), Key(zhaoId), Key(wangId)], "the API's and the page's reveal of 王大明, the empty one of 赵小红");
            seen.Should().AllSatisfy(a => a.ActorName.Should().Be("village"));
        }
        using var foreignAnswer = await other.PostAsJsonAsync($"/api/plans/{id}/objections/{wangId}/answer", new { answer = "不是我村的" }, Ct);
        foreignAnswer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await village.PostAsJsonAsync($"/api/plans/{id}/objections/{wangId}/answer", new { answer = "经核实户籍为 5 人，已按 5 人更正登记，下一年度按 5 人计算。" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await village.PostAsJsonAsync($"/api/plans/{id}/objections/{zhaoId}/answer", new { answer = "比例经 2 月村民代表大会表决通过。" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await village.GetStringAsync("/disclosure", Ct)).Should().Contain("没有待答复的异议。");

        var answered = await anonymous.GetStringAsync($"/public/{Hunzhai}", Ct);
        answered.Should().Contain("经核实户籍为 5 人").And.Contain("王*明").And.NotContain("王大明").And.NotContain("13812345678").And.NotContain("138****5678");

        // After the notice: approved and posted; the board says 已结束 and takes no objection. (Sessions idled out meanwhile.)
        App.Clock!.Advance(TimeSpan.FromDays(7));
        var township = await App.SignInAsync("township");
        village = await App.SignInAsync("village");
        (await township.PostAsJsonAsync($"/api/plans/{id}/approve", new { opinion = "同意", version = await TestPlans.VersionAsync(township, $"/api/plans/{id}") }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await village.PostAsync($"/api/plans/{id}/post", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var late = await anonymous.PostAsJsonAsync($"/api/public/notices/{id}/objections", new { name = "赵小红", content = "再提一条" }, Ct);
        late.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(late)).GetProperty("code").GetString().Should().Be("plans.not_in_notice");

        // Nothing private anywhere public: every page and the PDF, against the village's real values from the database.
        var pdfResponse = await anonymous.GetAsync($"/public/{Hunzhai}/notices/{id}/pdf", Ct);
        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync(Ct);
        var pdfText = CertificateTests<TDatabase>.PdfText(pdf);
        var pages = new Dictionary<string, string>
        {
            ["/public"] = await anonymous.GetStringAsync("/public", Ct),
            ["/public?county=522699"] = await anonymous.GetStringAsync("/public?county=522699", Ct),
            [$"/public/{Hunzhai}"] = await anonymous.GetStringAsync($"/public/{Hunzhai}", Ct),
            [form] = await anonymous.GetStringAsync(form, Ct),
            ["pdf"] = pdfText,
        };
        var secrets = await SecretsAsync(DivisionCode.Parse(Hunzhai));
        var lines = (await Json(await village.GetAsync($"/api/plans/{id}", Ct))).GetProperty("lines").EnumerateArray().ToList();
        var head = lines[0].GetProperty("headName").GetString()!;

        pdfResponse.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        lines.Should().HaveCountGreaterThan(90, "the village's eligible households");
        secrets.Names.Should().HaveCountGreaterThan(300, "every member of the village's hundred households");
        secrets.CitizenIds.Should().HaveCountGreaterThan(300);
        secrets.Accounts.Should().NotBeEmpty();
        secrets.Phones.Should().NotBeEmpty();
        pages[$"/public/{Hunzhai}"].Should().Contain("已结束").And.Contain("已记账").And.NotContain($"{form}\"")
            .And.Contain(PersonName.MaskForNotice(head)).And.Contain("70%");
        pdfText.Should().Contain(PersonName.MaskForNotice(head), "the text layer is extractable: masked names are found, so full ones would be too")
            .And.Contain("农户分红明细").And.Contain(decimal.Parse(lines[0].GetProperty("amount").GetString()!, CultureInfo.InvariantCulture).ToString("#,##0.00", CultureInfo.InvariantCulture));
        foreach (var (page, text) in pages)
        {
            var flat = Regex.Replace(text, "\\s+", "");
            secrets.CitizenIds.Where(flat.Contains).Should().BeEmpty($"{page} shows no citizen ID");
            secrets.Accounts.Where(flat.Contains).Should().BeEmpty($"{page} shows no bank account");
            secrets.Phones.Append("13812345678").Where(flat.Contains).Should().BeEmpty($"{page} shows no phone");
            secrets.Names.Where(n => text.Contains(n, StringComparison.Ordinal)).Should().BeEmpty($"{page} shows no member's full name");
        }

        // The printed QR: the modules drawn at the QR's place are exactly QRCoder's for the board's address of the notice.
        var url = $"{App.BaseAddress}public/{Hunzhai}#notice-{id}";
        pdfText.Should().Contain("在线公示：" + url);
        var expected = ExpectedModules(url);
        QrModules(pdf, (int)Math.Sqrt(expected.Count)).Should().Equal(expected);

        // Flooding from one address: bad requests count too, and the one after the window's limit is 429.
        var limit = App.Services.GetRequiredService<IOptions<DisclosureOptions>>().Value.ObjectionPermits;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < limit + 1; i++)
        {
            using var r = await anonymous.PostAsJsonAsync($"/api/public/notices/{id}/objections", new { name = "", content = "" }, Ct);
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                r.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
                (await Json(r)).GetProperty("code").GetString().Should().Be("too_many_requests");
                break;
            }
        }
        statuses.Should().Contain(HttpStatusCode.TooManyRequests).And.OnlyContain(s => s == HttpStatusCode.BadRequest || s == HttpStatusCode.TooManyRequests);
        using var pageLimited = await anonymous.PostAsync(form, Form(token, "王大明", "", "又一条"), Ct);
        pageLimited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await pageLimited.Content.ReadAsStringAsync(Ct)).Should().Contain("提交过于频繁");
        (await anonymous.GetAsync(form, Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "reading the form is never limited");
    }

    [Fact]
    public async Task The_index_lists_every_village_and_unknown_addresses_are_not_found()
    {
        using var anonymous = App.CreateClient();

        var index = await anonymous.GetStringAsync("/public", Ct);
        using var village = await anonymous.GetAsync("/public/522699001002", Ct);
        using var county = await anonymous.GetAsync("/public/522699", Ct);
        using var unknown = await anonymous.GetAsync("/public/522699999999", Ct);
        using var unknownCounty = await anonymous.GetAsync("/public?county=999999", Ct);
        using var pdf = await anonymous.GetAsync("/public/522699001002/notices/999999999/pdf", Ct);

        Regex.Matches(index, "href=\"/public/5226990\\d{5}\"").Count.Should().Be(100);
        index.Should().Contain("朱家场镇").And.Contain("混寨村");
        village.StatusCode.Should().Be(HttpStatusCode.OK);
        (await village.Content.ReadAsStringAsync(Ct)).Should().Contain("扶贫项目资产公示").And.Contain("项目公示");
        county.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownCounty.StatusCode.Should().Be(HttpStatusCode.NotFound);
        pdf.StatusCode.Should().Be(HttpStatusCode.NotFound);
        PersonName.MaskForNotice("张三丰").Should().Be("张*丰");
        PersonName.MaskForNotice("张三").Should().Be("张*");
        PersonName.MaskForNotice("欧阳娜娜").Should().Be("欧**娜");
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("10.0.0.5:8080");
        new NoticePdf(Options.Create(new DisclosureOptions { PublicBaseUrl = "https://gs.example.gov.cn/" }), Options.Create(new CertificateOptions()))
            .NoticeUrl(Hunzhai, 7, request).Should().Be($"https://gs.example.gov.cn/public/{Hunzhai}#notice-7");
        new NoticePdf(Options.Create(new DisclosureOptions()), Options.Create(new CertificateOptions()))
            .NoticeUrl(Hunzhai, 7, request).Should().Be($"http://10.0.0.5:8080/public/{Hunzhai}#notice-7");
    }

    private sealed record Secrets(IReadOnlyList<string> Names, IReadOnlyList<string> CitizenIds, IReadOnlyList<string> Accounts, IReadOnlyList<string> Phones);

    /// <summary>The village's real private values, decrypted: every member's name and citizen ID, every account and phone.</summary>
    private async Task<Secrets> SecretsAsync(DivisionCode village)
    {
        var vault = App.Services.GetRequiredService<PersonalDataVault>();
        await using var db = App.Database.CreateContext();
        var members = await db.Members.AsNoTracking().Where(m => m.Household!.VillageCode == village).Select(m => new { m.Name, m.CitizenIdCipher }).ToListAsync(Ct);
        var households = await db.Households.AsNoTracking().Where(h => h.VillageCode == village).Select(h => new { h.BankAccountCipher, h.PhoneCipher }).ToListAsync(Ct);
        return new Secrets(
            members.Select(m => m.Name).Distinct().ToList(),
            members.Select(m => vault.Decrypt(m.CitizenIdCipher)).ToList(),
            households.Where(h => h.BankAccountCipher is not null).Select(h => vault.Decrypt(h.BankAccountCipher!)).ToList(),
            households.Where(h => h.PhoneCipher is not null).Select(h => vault.Decrypt(h.PhoneCipher!)).ToList());
    }

    private static FormUrlEncodedContent Form(string token, string name, string phone, string text) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Name"] = name,
        ["Phone"] = phone,
        ["Text"] = text,
    });

    private static List<bool> ExpectedModules(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.SelectMany(row => Enumerable.Range(0, data.ModuleMatrix.Count).Select(c => row[c])).ToList();
    }

    /// <summary>
    /// Reads the QR back from the printed page: the first page rasterised (poppler's pdftoppm, 4 pixels a point), each
    /// module's centre sampled inside <see cref="NoticePdf.QrBox"/>. Equal to QRCoder's matrix for the URL = the code
    /// encodes that URL.
    /// </summary>
    private static List<bool> QrModules(byte[] pdf, int size)
    {
        var file = Path.Combine(Path.GetTempPath(), "rl-board-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file + ".pdf", pdf);
        try
        {
            using (var p = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "288", "-gray", "-f", "1", "-l", "1", "-singlefile", file + ".pdf", file]) { RedirectStandardError = true })!)
            {
                p.WaitForExit();
            }
            var pgm = File.ReadAllBytes(file + ".pgm");
            var header = Encoding.ASCII.GetString(pgm, 0, 40).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries);
            var width = int.Parse(header[1], CultureInfo.InvariantCulture);
            var offset = IndexOfNth(pgm, (byte)'\n', 3) + 1;
            var box = NoticePdf.QrBox;
            var module = box.Width / size;
            var result = new List<bool>();
            for (var r = 0; r < size; r++)
            {
                for (var c = 0; c < size; c++)
                {
                    var x = (int)((box.X + (c + 0.5) * module) * 4);
                    var y = (int)((box.Y + (r + 0.5) * module) * 4);
                    result.Add(pgm[offset + y * width + x] < 128);
                }
            }
            return result;
        }
        finally
        {
            File.Delete(file + ".pdf");
            File.Delete(file + ".pgm");
        }
    }

    private static int IndexOfNth(byte[] bytes, byte value, int nth)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == value && --nth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

public sealed class SqliteBoardTests(ClockedRuralApp<SqliteTestDatabase> app) : BoardTests<SqliteTestDatabase>(app);

public sealed class PostgresBoardTests(ClockedRuralApp<PostgresTestDatabase> app) : BoardTests<PostgresTestDatabase>(app);
