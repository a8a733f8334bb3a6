using System.Net;
using System.Text.Json;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Tests.Assets;

public abstract partial class AssetExcelTests<TDatabase>
{
    [Fact]
    public async Task Idle_assets_are_operating_ones_without_a_contract_in_force_or_without_recent_income()
    {
        var s = Suffix();
        var (central, _) = await FundsAsync(s);
        var today = BusinessCalendar.Today(TimeProvider.System);
        var bare = await AssetAsync($"无合同无收益冷库{s}", Village2, (central, 10_000_00));
        var busy = await AssetAsync($"在租冷库{s}", Village2, (central, 20_000_00));
        await ContractAsync(busy, s + "a", today.AddMonths(-2));
        await IncomeAsync(busy, today.AddDays(-10), 500m);
        var quiet = await AssetAsync($"久无收益冷库{s}", Village2, (central, 30_000_00));
        await ContractAsync(quiet, s + "b", today.AddMonths(-1));
        await IncomeAsync(quiet, today.AddMonths(-24), 800m);
        var road = await AssetAsync($"公益道路{s}", Village2, AssetClass.PublicWelfare, (central, 40_000_00));
        using var client = await App.SignInAsync("village2");

        var report = await JsonAsync(client, "/api/assets/idle");

        report.GetProperty("months").GetInt32().Should().Be(12, "Assets:IdleMonths defaults to 12");
        var items = report.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        items.Should().ContainKey(bare.Code).And.ContainKey(quiet.Code).And.NotContainKey(busy.Code).And.NotContainKey(road.Code);
        Reasons(items[bare.Code]).Should().Equal("无有效合同", "12 个月无收益");
        items[bare.Code].GetProperty("lastIncomeOn").ValueKind.Should().Be(JsonValueKind.Null);
        Reasons(items[quiet.Code]).Should().Equal("12 个月无收益");
        items[quiet.Code].GetProperty("lastIncomeOn").GetString().Should().Be(BusinessCalendar.Format(today.AddMonths(-24)));

        var longer = await JsonAsync(client, "/api/assets/idle?months=36");
        longer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).Should().Contain(bare.Code).And.NotContain(quiet.Code);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/assets/idle", Ct));
        page.Should().Contain($"href=\"/assets/{bare.Id.Value}\"").And.Contain("无有效合同").And.NotContain(busy.Code);

        using var village1 = await App.SignInAsync("village");
        var other = await JsonAsync(village1, "/api/assets/idle");
        other.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).Should().NotContain(bare.Code, "another village's assets are outside the scope");
    }

    private static List<string?> Reasons(JsonElement item) => item.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
}
