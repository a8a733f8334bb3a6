using Microsoft.Playwright;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using static Microsoft.Playwright.Assertions;

namespace RuralLedger.Browser.Tests;

/// <summary>
/// The household registry in a real browser, as the village officer uses it: find a household by full
/// citizen ID, open its file, reveal the ID (audited), edit a member — and nothing of another village.
/// </summary>
public sealed class RegistryTests : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly BrowserApp _app;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public RegistryTests(BrowserApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        _app = app;
    }

    public async ValueTask InitializeAsync()
    {
        _context = await _app.NewContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    /// <summary>The demo is deterministic: the first household of a village and its head's ID number, regenerated in clear.</summary>
    private static (string HouseholdNo, string HeadName, string CitizenId) FirstHousehold(string village)
    {
        var vault = PersonalDataVault.CreateRandom();
        var household = new DemoCountyGenerator(vault).Generate(DemoSize.County).Single().Households.First(h => h.VillageCode.Value == village);
        var head = household.Members[0];
        return (household.HouseholdNo, head.Name, vault.Decrypt(head.CitizenIdCipher));
    }

    [Fact]
    public async Task A_village_officer_finds_a_household_by_citizen_id_reveals_it_and_edits_a_member()
    {
        var (householdNo, headName, citizenId) = FirstHousehold("522699001001");
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);

        await _page.GotoAsync("/registry");
        await Expect(_page.Locator("#household-total")).ToContainTextAsync("100");
        await _page.Locator("#q").FillAsync(citizenId);
        await _page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();

        await Expect(_page.Locator("#households tbody tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#households tbody tr")).ToContainTextAsync(householdNo);
        await Expect(_page.Locator("#households tbody tr")).ToContainTextAsync(headName);
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.GotoAsync("/registry");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "registry.png") });

        // The form posts the ID; it never appears in the address bar (decision 0030).
        await _page.Locator("#q").FillAsync(citizenId);
        await _page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(_page.Locator("#households tbody tr")).ToHaveCountAsync(1);
        _page.Url.Should().NotContain(citizenId);
        await _page.GetByRole(AriaRole.Link, new() { Name = householdNo }).ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync(headName);
        var headRow = _page.Locator("#members tbody tr").Filter(new() { HasText = headName });
        await Expect(headRow).ToContainTextAsync(CitizenId.Mask(citizenId));
        (await _page.Locator("main").InnerTextAsync()).Should().NotContain(citizenId);

        await headRow.GetByRole(AriaRole.Button, new() { Name = "查看全号" }).ClickAsync();
        await Expect(_page.Locator("[data-revealed]")).ToHaveTextAsync(citizenId);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "household.png"), FullPage = true });

        await _page.Locator("#members tbody tr").Filter(new() { HasText = headName }).GetByRole(AriaRole.Link, new() { Name = "修改" }).ClickAsync();
        await _page.Locator("#Input_Health").SelectOptionAsync(new SelectOptionValue { Label = "长期慢性病" });
        await _page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(_page.Locator(".alert-success")).ToHaveTextAsync("成员信息已保存。");
        await Expect(_page.Locator("#members tbody tr").Filter(new() { HasText = headName })).ToContainTextAsync("长期慢性病");
    }

    [Fact]
    public async Task On_a_phone_a_village_officer_finds_a_household_by_surname_from_the_top_bar_and_a_member_form_names_both_bad_fields()
    {
        var (householdNo, headName, _) = FirstHousehold("522699001001");
        await _page.SetViewportSizeAsync(390, 844);
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);

        await _page.Locator("#top-search input[name=q]").FillAsync(headName[..1]);
        await _page.Locator("#top-search button").ClickAsync();
        await Expect(_page.Locator("#search-households")).ToContainTextAsync(householdNo);
        await _page.Locator("#search-households").GetByRole(AriaRole.Link, new() { Name = headName }).First.ClickAsync();
        await Expect(_page.Locator("body")).ToContainTextAsync(householdNo);
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotFolder, "household-found-by-surname-390.png") });

        await _page.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true }).First.ClickAsync();
        await _page.Locator("#Input_Name").FillAsync("");
        await _page.Locator("#Input_CitizenId").FillAsync("52269919800101123");
        await _page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(_page.Locator("#member-form")).ToContainTextAsync("姓名不能为空");
        await Expect(_page.Locator("#member-form")).ToContainTextAsync("身份证号应为 18 位");
    }

    [Fact]
    public async Task A_wrong_citizen_id_on_the_member_form_is_named_in_chinese_next_to_the_field()
    {
        var (householdNo, _, _) = FirstHousehold("522699001001");
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);
        await _page.GotoAsync("/registry?q=" + householdNo);
        await _page.GetByRole(AriaRole.Link, new() { Name = householdNo }).ClickAsync();
        await _page.GetByRole(AriaRole.Link, new() { Name = "增加成员" }).ClickAsync();

        await _page.Locator("#Input_Name").FillAsync("测试成员");
        var valid = CitizenId.Compose("522699", new DateOnly(2010, 1, 1), 11).Value;
        await _page.Locator("#Input_CitizenId").FillAsync(valid[..17] + (valid[17] == '0' ? '1' : '0'));
        await _page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(_page.Locator("#member-form")).ToContainTextAsync("身份证号校验位不正确");
        await Expect(_page.Locator("#Input_Name")).ToHaveValueAsync("测试成员");
    }

    [Fact]
    public async Task Searching_the_citizen_id_of_another_village_finds_nothing()
    {
        var (_, _, otherVillageId) = FirstHousehold("522699001002");
        await BrowserApp.SignInAsync(_page, "village", DemoLoader.DemoPassword);

        await _page.GotoAsync("/registry");
        await _page.Locator("#q").FillAsync(otherVillageId);
        await _page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();

        await Expect(_page.Locator("#household-total")).ToContainTextAsync("共 0 户");
        await Expect(_page.Locator("main")).ToContainTextAsync("没有符合条件的户档案");
    }
}
