using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Linkage;

/// <summary>
/// The linkage records beyond agreements and wages (issue 16), and the agreement draft an accepted project leaves
/// (issue 18): an order bought at the agreement's floor price with deliveries entered and imported (a bad row named,
/// the same sheet twice changing nothing), land leased with rent due, paid and in arrears, a training class with its
/// results and the year's totals — each feeding the household's income and the 一股了之 check.
/// </summary>
public abstract class LinkageRecordsTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly string Buyer = CreditCode.Complete("91522699MA6E7QW2").Value;
    private static readonly int Year = BusinessCalendar.Today(TimeProvider.System).Year - 1;

    protected LinkageRecordsTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_pays_the_higher_of_market_and_floor_to_the_fen_imports_deliveries_all_or_nothing_and_feeds_business_income_and_the_share_only_check()
    {
        var households = await HouseholdsAsync(Hunzhai, 4);
        long agreementId;
        await using (var db = App.Database.CreateContext())
        {
            agreementId = (await db.LinkageAgreements.AsNoTracking().SingleAsync(a => a.PartnerName == DemoLinkageLoader.CooperativeName, Ct)).Id.Value;
        }
        using var county = await App.SignInAsync("county");
        using (var bad = await county.PostAsJsonAsync("/api/linkage/orders", new
        {
            buyerName = "茶乡县绿源食用菌专业合作社", buyerCode = Buyer[..17] + (Buyer[17] == '0' ? '1' : '0'), product = "鲜香菇", quantityKg = 1000.005m,
            pricing = "Guaranteed", year = Year, season = "冬季",
        }, Ct))
        {
            var problem = await JsonAsync(bad, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty("buyerCode", out _).Should().BeTrue(problem.ToString());
            problem.GetProperty("errors").TryGetProperty("quantityKg", out _).Should().BeTrue(problem.ToString());
        }
        // Linked to the demo's agreement (guaranteed 6.50 a kg): the order buys at that floor whatever the form said.
        var orderId = await CreatedAsync(await county.PostAsJsonAsync("/api/linkage/orders", new
        {
            buyerName = DemoLinkageLoader.CooperativeName, buyerCode = Buyer, product = "干香菇", quantityKg = 2000m, guaranteedPrice = "1.00", pricing = "Market",
            year = Year, season = "冬季", agreementId,
        }, Ct));
        var order = await GetJsonAsync(county, $"/api/linkage/orders/{orderId}");
        (order.GetProperty("pricing").GetString(), order.GetProperty("guaranteedPrice").GetYuan()).Should().Be(("Floor", 6.5m));

        // The order is the county's (entered at county level): a village officer neither sees it nor records against it.
        using var village = await App.SignInAsync("village");
        using (var hidden = await village.PostAsJsonAsync($"/api/linkage/orders/{orderId}/deliveries",
                   new { householdNo = households[0].No, deliveredOn = new DateOnly(Year, 11, 2), weightKg = 1m, marketPrice = "6.20" }, Ct))
        {
            hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        // 123.45 kg at the floor (market 6.20 is lower): 802.425 → 802.43, half away from zero.
        await CreatedAsync(await county.PostAsJsonAsync($"/api/linkage/orders/{orderId}/deliveries",
            new { householdNo = households[0].No, deliveredOn = new DateOnly(Year, 11, 2), weightKg = 123.45m, marketPrice = "6.20" }, Ct));
        await CreatedAsync(await county.PostAsJsonAsync($"/api/linkage/orders/{orderId}/deliveries",
            new { householdNo = households[0].No, deliveredOn = new DateOnly(Year, 11, 20), weightKg = 10.01m, marketPrice = "7.15" }, Ct));
        using (var again = await county.PostAsJsonAsync($"/api/linkage/orders/{orderId}/deliveries",
                   new { householdNo = households[0].No, deliveredOn = new DateOnly(Year, 11, 2), weightKg = 1m, marketPrice = "6.20" }, Ct))
        {
            (await JsonAsync(again, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("orders.delivery_exists");
        }
        using (var bad = await county.PostAsJsonAsync($"/api/linkage/orders/{orderId}/deliveries",
                   new { householdNo = "NOPE-1", deliveredOn = new DateOnly(Year, 11, 3), weightKg = 1.001m, marketPrice = "6.20" }, Ct))
        {
            var problem = await JsonAsync(bad, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty("householdNo", out _).Should().BeTrue(problem.ToString());
            problem.GetProperty("errors").TryGetProperty("weightKg", out _).Should().BeTrue(problem.ToString());
        }
        order = await GetJsonAsync(county, $"/api/linkage/orders/{orderId}");
        order.GetProperty("deliveries").EnumerateArray().Select(d => (d.GetProperty("pricePaid").GetYuan(), d.GetProperty("amount").GetYuan()))
            .Should().Equal((6.5m, 802.43m), (7.15m, 71.57m));

        // A delivery sheet: one bad row names its row and column and nothing is written; fixed, it is written; again, nothing changes.
        var rows = households.Skip(1).Select((h, i) => Row(h.No, h.Head, new DateOnly(Year, 12, 1), $"{50 + i}.25", "6.00")).ToList();
        rows.Add(Row(households[0].No, households[0].Head, new DateOnly(Year, 11, 2), "123.45", "6.20"));
        var broken = rows.Select(r => new Dictionary<string, object>(r)).ToList();
        broken[1]["户主"] = "张冒名";
        var before = await CountAsync();
        using (var refused = await UploadAsync(county, orderId, Sheet(broken)))
        {
            var problem = await JsonAsync(refused, HttpStatusCode.BadRequest);
            problem.GetProperty("code").GetString().Should().Be("orders.import_invalid");
            var error = problem.GetProperty("errors").EnumerateArray().Should().ContainSingle().Subject;
            (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("code").GetString()).Should().Be((3, "户主", "orders.head_mismatch"));
        }
        (await CountAsync()).Should().Be(before, "all or nothing");
        var sheet = Sheet(rows);
        var preview = await JsonAsync(await UploadAsync(county, orderId, sheet), HttpStatusCode.OK);
        (preview.GetProperty("new").GetInt32(), preview.GetProperty("existing").GetInt32()).Should().Be((3, 1), "the recorded delivery of row 5 is the same");
        preview.GetProperty("newAmount").GetYuan().Should().Be(326.63m + 333.13m + 339.63m, "each delivery is rounded to the fen");
        var confirmed = await JsonAsync(await county.PostAsync($"/api/linkage/orders/{orderId}/deliveries/import/{preview.GetProperty("token").GetString()}/confirm", null, Ct),
            HttpStatusCode.OK);
        confirmed.GetProperty("written").GetBoolean().Should().BeTrue();
        var after = await CountAsync();
        after.Deliveries.Should().Be(before.Deliveries + 3);
        var second = await JsonAsync(await UploadAsync(county, orderId, sheet), HttpStatusCode.OK);
        (second.GetProperty("new").GetInt32(), second.GetProperty("existing").GetInt32()).Should().Be((0, 4));
        (await CountAsync()).Should().Be(after, "the same sheet again changes nothing, not even the audit trail");

        // Business income of the year; the ledger; the pages.
        var income = await GetJsonAsync(county, $"/api/linkage/income?year={Year}&village={Hunzhai}");
        var first = income.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("householdNo").GetString() == households[0].No);
        (first.GetProperty("orders").GetYuan(), first.GetProperty("business").GetYuan()).Should().Be((874.00m, 874.00m), "802.43 + 71.57");
        using (var export = await county.GetAsync($"/api/linkage/orders/export?year={Year}", Ct))
        {
            export.StatusCode.Should().Be(HttpStatusCode.OK);
            var ledger = MiniExcel.Query(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            ledger.Where(r => Convert.ToInt64(r["订单号"], System.Globalization.CultureInfo.InvariantCulture) == orderId).Should().HaveCount(5);
        }
        (await county.GetStringAsync($"/linkage/orders/{orderId}", Ct)).Should().Contain("802.43").And.Contain("保底价").And.Contain(households[0].No);
        (await county.GetStringAsync("/linkage/orders", Ct)).Should().Contain("干香菇");
    }

    [Fact]
    public async Task Land_leased_by_the_mu_owes_a_year_s_rent_each_lease_year_shows_arrears_and_rent_paid_is_property_income()
    {
        var h = (await HouseholdsAsync(Hunzhai, 6))[5];
        using var village = await App.SignInAsync("village");
        using (var bad = await village.PostAsJsonAsync("/api/linkage/land", new
        {
            householdNo = h.No, tenantName = "种植大户李某", location = "后山坡", areaMu = 2.355m, rentPerMu = "520.00", startOn = new DateOnly(Year, 3, 1), endOn = new DateOnly(Year - 1, 1, 1),
        }, Ct))
        {
            var problem = await JsonAsync(bad, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty("areaMu", out _).Should().BeTrue(problem.ToString());
        }
        // 2.35 亩 × 520.00 = 1,222.00 a year; started last March, so two lease years have begun by this March, one before.
        var start = new DateOnly(Year - 1, 3, 1);
        var id = await CreatedAsync(await village.PostAsJsonAsync("/api/linkage/land", new
        {
            householdNo = h.No, tenantName = "种植大户李某", location = "后山坡", areaMu = 2.35m, rentPerMu = "520.00", startOn = start, endOn = new DateOnly(Year + 4, 2, 28),
        }, Ct));
        var land = await GetJsonAsync(village, $"/api/linkage/land/{id}");
        land.GetProperty("annualRent").GetYuan().Should().Be(1_222m);
        var years = land.GetProperty("yearsDue").GetInt32();
        years.Should().BeGreaterThanOrEqualTo(2);
        land.GetProperty("due").GetYuan().Should().Be(1_222m * years);
        var version = land.GetProperty("version").GetInt32();
        using (var stale = await village.PostAsJsonAsync($"/api/linkage/land/{id}/payments", new { paidOn = new DateOnly(Year, 3, 10), amount = "1222.00", version = version + 1 }, Ct))
        {
            (await JsonAsync(stale, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("land.stale");
        }
        using (var paid = await village.PostAsJsonAsync($"/api/linkage/land/{id}/payments", new { paidOn = new DateOnly(Year, 3, 10), amount = "1222.00", note = "第二年租金", version }, Ct))
        {
            paid.StatusCode.Should().Be(HttpStatusCode.NoContent, await paid.Content.ReadAsStringAsync(Ct));
        }
        land = await GetJsonAsync(village, $"/api/linkage/land/{id}");
        (land.GetProperty("paid").GetYuan(), land.GetProperty("arrears").GetYuan()).Should().Be((1_222m, 1_222m * (years - 1)));
        var income = await GetJsonAsync(village, $"/api/linkage/income?year={Year}&village={Hunzhai}");
        income.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("householdNo").GetString() == h.No).GetProperty("rent").GetYuan().Should().Be(1_222m);
        (await village.GetStringAsync($"/linkage/land/{id}", Ct)).Should().Contain("1,222.00").And.Contain("欠付");
        using var export = await village.GetAsync("/api/linkage/land/export", Ct);
        export.StatusCode.Should().Be(HttpStatusCode.OK);

        // The county sees the village's transfers too.
        using var county = await App.SignInAsync("county");
        (await GetJsonAsync(county, $"/api/linkage/land?householdNo={h.No}")).GetProperty("items").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task A_training_class_records_attendance_completion_and_certificates_totals_the_year_and_takes_a_household_off_the_share_only_list()
    {
        using var county = await App.SignInAsync("county");
        // A household whose only linkage is a shareholding agreement is on the 一股了之 list; training in the year is other linkage.
        var ten = await HouseholdsAsync(Hunzhai, 10);
        var (target, member) = (ten[8].No, ten[8].Head);
        var others = new[] { ten[4], ten[9] };
        await CreatedAsync(await county.PostAsJsonAsync("/api/linkage/agreements", new
        {
            partnerName = "茶乡县众联茶叶专业合作社", partnerCode = Buyer, type = "Shareholding", signedOn = new DateOnly(Year, 1, 5), startOn = new DateOnly(Year, 1, 5),
            endOn = new DateOnly(Year + 2, 1, 4), dividend = "300.00", households = new[] { target },
        }, Ct));
        (await GetJsonAsync(county, $"/api/linkage/income/share-only?year={Year}")).EnumerateArray().Should().Contain(x => x.GetProperty("householdNo").GetString() == target);
        var totals = await GetJsonAsync(county, $"/api/linkage/training/totals?year={Year}");
        var (classes, personTimes) = (totals.GetProperty("classes").GetInt32(), totals.GetProperty("personTimes").GetInt32());

        object Body(params object[] attendees) => new
        {
            topic = "ECommerce", subject = "农产品网店运营", heldOn = new DateOnly(Year, 6, 18), place = "县电商服务中心", trainer = "县商务局", hours = 4.5m, attendees,
        };
        using (var unknown = await county.PostAsJsonAsync("/api/linkage/training", Body(new { householdNo = target, name = member }, new { householdNo = others[0].No, name = "查无此人" }), Ct))
        {
            var problem = await JsonAsync(unknown, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty("attendees[1]", out _).Should().BeTrue(problem.ToString());
        }
        var id = await CreatedAsync(await county.PostAsJsonAsync("/api/linkage/training",
            Body(new { householdNo = target, name = member }, new { householdNo = others[0].No, name = others[0].Head }, new { householdNo = others[1].No, name = others[1].Head }), Ct));
        var session = await GetJsonAsync(county, $"/api/linkage/training/{id}");
        var people = session.GetProperty("people").EnumerateArray().ToDictionary(p => p.GetProperty("householdNo").GetString()!, p => p.GetProperty("memberId").GetInt64());
        var version = session.GetProperty("version").GetInt32();
        using (var absent = await county.PostAsJsonAsync($"/api/linkage/training/{id}/results", new
        {
            version, results = new[] { new { memberId = people[others[1].No], attended = false, completed = true, certificateNo = (string?)null } },
        }, Ct))
        {
            (await JsonAsync(absent, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("training.completed_absent");
        }
        using (var results = await county.PostAsJsonAsync($"/api/linkage/training/{id}/results", new
        {
            version, results = new object[]
            {
                new { memberId = people[target], attended = true, completed = true, certificateNo = "DS-001" },
                new { memberId = people[others[1].No], attended = false, completed = false, certificateNo = (string?)null },
            },
        }, Ct))
        {
            results.StatusCode.Should().Be(HttpStatusCode.NoContent, await results.Content.ReadAsStringAsync(Ct));
        }
        totals = await GetJsonAsync(county, $"/api/linkage/training/totals?year={Year}");
        (totals.GetProperty("classes").GetInt32(), totals.GetProperty("personTimes").GetInt32()).Should().Be((classes + 1, personTimes + 2), "an absent attendee is no person-time");
        (await county.GetStringAsync($"/linkage/training?year={Year}", Ct)).Should().Contain("电子商务").And.Contain("人次");
        (await county.GetStringAsync($"/linkage/training/{id}", Ct)).Should().Contain("DS-001");

        (await GetJsonAsync(county, $"/api/linkage/income/share-only?year={Year}")).EnumerateArray()
            .Should().NotContain(x => x.GetProperty("householdNo").GetString() == target, "a class attended is linkage beyond the share");
    }

    [Fact]
    public async Task An_accepted_project_leaves_an_agreement_draft_that_is_edited_then_signed_or_discarded_with_a_reason_and_binds_nobody_until_signed()
    {
        using var county = await App.SignInAsync("county");
        var households = await HouseholdsAsync(Hunzhai, 8);
        var draft = await AcceptedDraftAsync(county, households.Take(3).Select(h => h.Id).ToList(), "Job");
        var a = await GetJsonAsync(county, $"/api/linkage/agreements/{draft}");
        (a.GetProperty("status").GetString(), a.GetProperty("type").GetString(), a.GetProperty("households").GetArrayLength()).Should().Be(("Draft", "Employment", 3));
        var version = a.GetProperty("version").GetInt32();
        using (var unsigned = await county.PostAsJsonAsync($"/api/linkage/agreements/{draft}/activate", new { version }, Ct))
        {
            (await JsonAsync(unsigned, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("agreements.partner");
        }
        using (var renew = await county.PostAsJsonAsync($"/api/linkage/agreements/{draft}/renew", new { endOn = new DateOnly(2030, 1, 1), reason = "续", version }, Ct))
        {
            (await JsonAsync(renew, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("agreements.bad_status");
        }
        using (var edit = await county.PutAsJsonAsync($"/api/linkage/agreements/{draft}/draft", new
        {
            partnerName = "茶乡县鸿运生猪养殖有限公司", partnerCode = Buyer, type = "Employment", signedOn = new DateOnly(2024, 10, 8), startOn = new DateOnly(2024, 11, 1),
            endOn = new DateOnly(2027, 10, 31), monthlyWage = "2600.00", version,
        }, Ct))
        {
            edit.StatusCode.Should().Be(HttpStatusCode.NoContent, await edit.Content.ReadAsStringAsync(Ct));
        }
        using (var signed = await county.PostAsJsonAsync($"/api/linkage/agreements/{draft}/activate", new { version = version + 1 }, Ct))
        {
            signed.StatusCode.Should().Be(HttpStatusCode.NoContent, await signed.Content.ReadAsStringAsync(Ct));
        }
        a = await GetJsonAsync(county, $"/api/linkage/agreements/{draft}");
        (a.GetProperty("status").GetString(), a.GetProperty("monthlyWage").GetYuan()).Should().Be(("Active", 2_600m));
        using (var late = await county.PostAsJsonAsync($"/api/linkage/agreements/{draft}/discard", new { reason = "不再需要", version = version + 2 }, Ct))
        {
            (await JsonAsync(late, HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("agreements.bad_status");
        }

        var other = await AcceptedDraftAsync(county, households.Skip(3).Select(h => h.Id).ToList(), "Dividend");
        var v2 = (await GetJsonAsync(county, $"/api/linkage/agreements/{other}")).GetProperty("version").GetInt32();
        using (var noReason = await county.PostAsJsonAsync($"/api/linkage/agreements/{other}/discard", new { version = v2 }, Ct))
        {
            (await JsonAsync(noReason, HttpStatusCode.BadRequest)).GetProperty("code").GetString().Should().Be("reason.required");
        }
        using (var discarded = await county.PostAsJsonAsync($"/api/linkage/agreements/{other}/discard", new { reason = "经营主体未落实", version = v2 }, Ct))
        {
            discarded.StatusCode.Should().Be(HttpStatusCode.NoContent, await discarded.Content.ReadAsStringAsync(Ct));
        }
        (await GetJsonAsync(county, $"/api/linkage/agreements/{other}")).GetProperty("status").GetString().Should().Be("Discarded");
        (await county.GetStringAsync($"/linkage/agreements/{other}", Ct)).Should().Contain("已作废").And.Contain("经营主体未落实");
        await using var db = App.Database.CreateContext();
        (await db.AuditEntries.CountAsync(e => e.EntityType == nameof(LinkageAgreement) && e.EntityId == other.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct))
            .Should().Be(2, "the draft's creation and its discarding");
    }

    /// <summary>An infrastructure project (exempt from assessment) linking the households, approved, started and accepted; its draft's id.</summary>
    private async Task<long> AcceptedDraftAsync(HttpClient county, List<long> households, string benefit)
    {
        var s = Guid.NewGuid().ToString("N")[..8];
        var fund = await CreatedAsync(await county.PostAsJsonAsync("/api/funds", new { kind = "Central", year = 2024, name = $"联结草稿测试资金{s}", allocated = "100000.00" }, Ct));
        var project = await CreatedAsync(await county.PostAsJsonAsync("/api/projects", new
        {
            name = $"产业路{s}", year = 2024, industry = "Infrastructure", villageCodes = new[] { Hunzhai.Value }, budget = new[] { new { fundSourceId = fund, amount = "50000.00" } },
        }, Ct));
        async Task<int> VersionAsync() => (await GetJsonAsync(county, $"/api/projects/{project}")).GetProperty("version").GetInt32();
        using (var link = await county.PostAsJsonAsync($"/api/projects/{project}/households", new
        {
            version = await VersionAsync(), households = households.Select(id => new { householdId = id, benefitKind = benefit, plannedBenefit = "800.00" }).ToArray(),
        }, Ct))
        {
            link.StatusCode.Should().Be(HttpStatusCode.OK, await link.Content.ReadAsStringAsync(Ct));
        }
        (await county.PostAsJsonAsync($"/api/projects/{project}/approve", new { approvedOn = "2024-03-01", approvalDocument = "茶乡府发〔2024〕9号", version = await VersionAsync() }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await county.PostAsJsonAsync($"/api/projects/{project}/start", new { startedOn = "2024-04-01", version = await VersionAsync() }, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var accepted = await county.PostAsJsonAsync($"/api/projects/{project}/accept", new
        {
            acceptedOn = "2024-10-01", version = await VersionAsync(),
            assets = new[] { new { name = $"产业路{s}", @class = "Operating", kind = "Pen", villageCode = Hunzhai.Value, quantity = 1, unit = "条", funding = new[] { new { fundSourceId = fund, amount = "50000" } } } },
        }, Ct))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync(Ct));
        }
        await using var db = App.Database.CreateContext();
        return (await db.LinkageAgreements.AsNoTracking().SingleAsync(a => a.ProjectId == project, Ct)).Id.Value;
    }

    private sealed record Hh(long Id, string No, string Head);

    /// <summary>The village's first households: the demo's linkage starts at its 41st, so these have none.</summary>
    private async Task<List<Hh>> HouseholdsAsync(DivisionCode village, int count)
    {
        await using var db = App.Database.CreateContext();
        return (await db.Households.AsNoTracking().Where(h => h.VillageCode == village).OrderBy(h => h.HouseholdNo).Take(count)
            .Select(h => new { h.Id, h.HouseholdNo, h.HeadName }).ToListAsync(Ct)).Select(h => new Hh(h.Id.Value, h.HouseholdNo, h.HeadName)).ToList();
    }

    private async Task<(int Deliveries, int Audit)> CountAsync()
    {
        await using var db = App.Database.CreateContext();
        return (await db.FarmDeliveries.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
    }

    private static Dictionary<string, object> Row(string household, string head, DateOnly on, string weight, string market) => new()
    {
        ["户编号"] = household, ["户主"] = head, ["交售日期"] = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["重量（千克）"] = weight,
        ["市场价（元/千克）"] = market,
    };

    private static byte[] Sheet(List<Dictionary<string, object>> rows)
    {
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, new Dictionary<string, object> { ["交售记录"] = rows });
        return buffer.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long orderId, byte[] sheet)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "交售表.xlsx" } };
        return await client.PostAsync($"/api/linkage/orders/{orderId}/deliveries/import", content, Ct);
    }

    private static async Task<long> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        }
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url) => await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (expected is { } status)
        {
            response.StatusCode.Should().Be(status, text);
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

public sealed class SqliteLinkageRecordsTests(RuralApp<SqliteTestDatabase> app) : LinkageRecordsTests<SqliteTestDatabase>(app);

public sealed class PostgresLinkageRecordsTests(RuralApp<PostgresTestDatabase> app) : LinkageRecordsTests<PostgresTestDatabase>(app);
