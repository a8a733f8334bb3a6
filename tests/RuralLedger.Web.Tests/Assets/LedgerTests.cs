using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Assets;

// The reports share the Excel tests' app (one demo county load per database): same class, own file.
public abstract partial class AssetExcelTests<TDatabase>
{
    [Fact]
    public async Task The_ledgers_report_adds_villages_and_direct_assets_up_to_the_county_total_of_the_database()
    {
        var s = Suffix();
        var (central, county) = await FundsAsync(s);
        await AssetAsync($"县级加工厂{s}", County + "000000", (central, 2_000_000_00), (county, 3));
        await AssetAsync($"乡镇冷库{s}", Township1, AssetClass.PublicWelfare, (central, 450_000_17));
        await AssetAsync($"村圈舍{s}", Village2, (county, 99_999_99));
        await AssetAsync($"村道路{s}", Village1, AssetClass.PublicWelfare, (central, 12_345_67));

        var report = await JsonAsync(App.Admin, "/api/assets/ledgers");

        await using var db = App.Database.CreateContext();
        var all = await db.Assets.Where(a => a.CountyCode == County).Select(a => new { a.TownshipCode, a.VillageCode, a.OriginalValue }).ToListAsync(Ct);
        Fen(report.GetProperty("total")).Should().Be(Money.Sum(all.Select(a => a.OriginalValue)).Fen, "the county total is the sum of every asset's value");
        report.GetProperty("total").GetProperty("count").GetInt32().Should().Be(all.Count);
        Fen(report, "checkedValue").Should().Be(Fen(report.GetProperty("total")));
        report.GetProperty("balanced").GetBoolean().Should().BeTrue();
        var townships = report.GetProperty("townships").EnumerateArray().ToList();
        townships.Should().HaveCount(12, "every township of the demo county has a line");
        foreach (var t in townships)
        {
            var subtotal = t.GetProperty("subtotal");
            var villages = t.GetProperty("villages").EnumerateArray().ToList();
            var direct = t.GetProperty("direct");
            Fen(subtotal).Should().Be(villages.Sum(Fen) + (direct.ValueKind == JsonValueKind.Null ? 0 : Fen(direct)));
            subtotal.GetProperty("count").GetInt32().Should().Be(villages.Sum(v => v.GetProperty("count").GetInt32()) + (direct.ValueKind == JsonValueKind.Null ? 0 : direct.GetProperty("count").GetInt32()));
            subtotal.GetProperty("classes").EnumerateArray().Sum(Fen).Should().Be(Fen(subtotal), "the classes add up to the line");
            var code = DivisionCode.Parse(subtotal.GetProperty("code").GetString());
            Fen(subtotal).Should().Be(Money.Sum(all.Where(a => a.TownshipCode == code).Select(a => a.OriginalValue)).Fen);
            t.GetProperty("balanced").GetBoolean().Should().BeTrue();
        }
        var countyDirect = report.GetProperty("countyDirect");
        Fen(countyDirect).Should().Be(Money.Sum(all.Where(a => a.TownshipCode == null).Select(a => a.OriginalValue)).Fen).And.BeGreaterThanOrEqualTo(2_000_000_03);
        (townships.Sum(t => Fen(t.GetProperty("subtotal"))) + Fen(countyDirect)).Should().Be(Fen(report.GetProperty("total")));
        var hongjiawan = townships.SelectMany(t => t.GetProperty("villages").EnumerateArray()).Single(v => v.GetProperty("code").GetString() == Village2);
        Fen(hongjiawan).Should().Be(Money.Sum(all.Where(a => a.VillageCode == DivisionCode.Parse(Village2)).Select(a => a.OriginalValue)).Fen);
        var direct1 = townships.Single(t => t.GetProperty("subtotal").GetProperty("code").GetString() == Township1).GetProperty("direct");
        direct1.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "PublicWelfare").GetProperty("count").GetInt32().Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_township_officer_sees_his_townships_ledger_only_and_the_page_shows_the_check()
    {
        var s = Suffix();
        var (central, _) = await FundsAsync(s);
        await AssetAsync($"县级资产{s}", County + "000000", (central, 1_000_00));
        await AssetAsync($"本乡资产{s}", Village2, (central, 2_000_00));
        using var township = await App.SignInAsync("township");

        var report = await JsonAsync(township, "/api/assets/ledgers");

        await using var db = App.Database.CreateContext();
        var mine = await db.Assets.Where(a => a.TownshipCode == DivisionCode.Parse(Township1)).Select(a => a.OriginalValue).ToListAsync(Ct);
        report.GetProperty("townships").EnumerateArray().Select(t => t.GetProperty("subtotal").GetProperty("code").GetString()).Should().Equal(Township1);
        report.GetProperty("countyDirect").ValueKind.Should().Be(JsonValueKind.Null, "county-level assets are outside a township's scope");
        Fen(report.GetProperty("total")).Should().Be(Money.Sum(mine).Fen);
        report.GetProperty("balanced").GetBoolean().Should().BeTrue();

        var page = WebUtility.HtmlDecode(await township.GetStringAsync("/assets/ledgers", Ct));
        page.Should().Contain("✓ 账账相符").And.Contain("data-balanced=\"true\"").And.Contain("洪家湾村").And.NotContain("data-line=\"county-direct\"");
        page.Should().Contain($"data-fen=\"{Money.Sum(mine).Fen}\"");
    }

    private static long Fen(JsonElement line) => line.GetProperty("value").GetFen();

    private static long Fen(JsonElement report, string property) => report.GetProperty(property).GetFen();
}
