using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Data.Demo;

public sealed record DemoFund(FundSourceKind Kind, int Year, string Name, Money Allocated, string DocumentNo);

/// <summary>An amount of the fund at <see cref="Fund"/> (an index into <see cref="DemoAssetData.Funds"/>).</summary>
public sealed record DemoFunding(int Fund, Money Amount);

public sealed record DemoStatusChange(AssetStatus To, DateOnly On, string Reason);

public sealed record DemoAsset(
    string Name, AssetClass Class, AssetKind Kind, Industry Industry, DivisionCode Location, decimal Quantity, string Unit,
    IReadOnlyList<DemoFunding> Funding, IReadOnlyList<ShareLine> Shares, string SupervisionUnit, string SupervisionPerson, string Beneficiaries,
    DemoStatusChange? StatusChange)
{
    public Money OriginalValue => Money.Sum(Funding.Select(f => f.Amount));
}

/// <summary>A project and how far it got; only accepted projects have assets, formed on <see cref="AcceptedOn"/>.</summary>
public sealed record DemoProject(
    string Name, int Year, Industry Industry, IReadOnlyList<DivisionCode> Villages, IReadOnlyList<DemoFunding> Budget, string Description,
    ProjectStatus Status, DateOnly? ApprovedOn, string? ApprovalDocument, DateOnly? StartedOn, DateOnly? AcceptedOn, IReadOnlyList<DemoAsset> Assets);

/// <summary>
/// A receipt that pays <see cref="Percent"/>% of what is still owed on the instalments due on or before
/// <see cref="CoversDueUpTo"/> (a part payment rounded down to the yuan, a full one to the fen); the loader works the
/// amount out from the real schedule.
/// </summary>
public sealed record DemoPayment(DateOnly On, DateOnly CoversDueUpTo, int Percent, string Reference);

public sealed record DemoProfit(int Year, Money Profit, DateOnly DueOn);

public sealed record DemoEmployment(int Year, int Jobs, int PoorPeople, int PoorHouseholds, Money Wages, Money WagesToPoor);

public sealed record DemoTermination(DateOnly On, string Reason, bool Breach, string? BreachDescription);

/// <summary>An operating contract over assets given by their index in <see cref="DemoAssetData.Assets"/>.</summary>
public sealed record DemoContract(
    IReadOnlyList<int> Assets, ContractTerms Terms, IReadOnlyList<BidLine> Bids, IReadOnlyList<DemoProfit> Profits,
    IReadOnlyList<DemoPayment> Payments, IReadOnlyList<DemoEmployment> Employment, DemoTermination? Termination);

public sealed record DemoCertificate(int Asset, int Year, int Sequence, DateOnly IssuedOn, DateOnly? RevokedOn, string? RevokeReason);

public sealed record DemoAssetData(
    DateOnly Today, string CountyCompany, string CountyCompanyCode,
    IReadOnlyList<DemoFund> Funds, IReadOnlyList<DemoProject> Projects, IReadOnlyList<DemoContract> Contracts, IReadOnlyList<DemoCertificate> Certificates)
{
    /// <summary>All assets of all projects in project order; contracts and certificates refer to them by this index.</summary>
    public IReadOnlyList<DemoAsset> Assets { get; } = [.. Projects.SelectMany(p => p.Assets)];

    /// <summary>The project each asset of <see cref="Assets"/> came from.</summary>
    public IReadOnlyList<int> AssetProject { get; } = [.. Projects.SelectMany((p, i) => p.Assets.Select(_ => i))];
}

/// <summary>
/// The demo county's asset side, from a fixed seed: fund sources 2016–2024, projects in the four leading industries
/// (and a few others) accepted into assets with mixed funding and owners, operating contracts in all five modes with
/// receipts that leave some paid up and some in arrears of various ages, certificates and employment reports. The
/// contract calendar is laid out relative to <c>today</c> (the business date), so arrears ages and expiries are the
/// same whatever day the demo is loaded. The seed's example (朱家场镇 混寨村/洪家湾村 高标准农业产业基地) is included as data.
/// </summary>
public sealed class DemoAssetGenerator(DateOnly today)
{
    public const string SeedBaseName = "朱家场镇高标准农业产业基地";
    public const string SeedOperator = "贵州茶乡康荣生态农业开发有限公司";
    public const int SeedPoorPeople = 85;
    public static readonly Money SeedWages = Money.FromYuan(2_000_000m);
    public static readonly Money SeedWagesToPoor = Money.FromYuan(406_700m);

    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] ArrearsAges = [12, 50, 130, 250, 420];

    private static readonly (FundSourceKind Kind, string Label, long MinWan, long MaxWan)[] YearlyFunds =
    [
        (FundSourceKind.Central, "中央财政衔接推进乡村振兴补助资金", 3_000, 6_000),
        (FundSourceKind.Provincial, "省级财政衔接推进乡村振兴补助资金", 1_200, 2_500),
        (FundSourceKind.County, "县级财政衔接资金", 500, 1_200),
    ];

    private static readonly (FundSourceKind Kind, int Year, string Label, long MinWan, long MaxWan)[] OtherFunds =
    [
        (FundSourceKind.City, 2018, "市级财政衔接资金", 300, 600),
        (FundSourceKind.City, 2020, "市级财政衔接资金", 300, 600),
        (FundSourceKind.City, 2022, "市级财政衔接资金", 300, 600),
        (FundSourceKind.LocalBond, 2019, "地方政府专项债券（农业产业）", 2_000, 3_000),
        (FundSourceKind.LocalBond, 2021, "地方政府专项债券（农业产业）", 2_000, 3_000),
        (FundSourceKind.EastWest, 2018, "东西部协作帮扶资金", 800, 1_500),
        (FundSourceKind.EastWest, 2020, "东西部协作帮扶资金", 800, 1_500),
        (FundSourceKind.EastWest, 2022, "东西部协作帮扶资金", 800, 1_500),
        (FundSourceKind.EastWest, 2024, "东西部协作帮扶资金", 800, 1_500),
        (FundSourceKind.Paired, 2017, "中央单位定点帮扶资金", 200, 500),
        (FundSourceKind.Paired, 2020, "中央单位定点帮扶资金", 200, 500),
        (FundSourceKind.Donation, 2019, "社会捐赠扶贫资金", 100, 300),
        (FundSourceKind.Donation, 2023, "社会捐赠乡村振兴资金", 100, 300),
    ];

    private static readonly Industry[] Industries =
    [
        Industry.CamelliaOil, Industry.CamelliaOil, Industry.CamelliaOil, Industry.EdibleFungi, Industry.EdibleFungi, Industry.EdibleFungi,
        Industry.FineFruit, Industry.FineFruit, Industry.Pigs, Industry.Pigs, Industry.Pigs,
        Industry.Tea, Industry.Vegetables, Industry.Photovoltaic, Industry.Infrastructure,
    ];

    private sealed record AssetTemplate(string Name, AssetClass Class, AssetKind Kind, string Unit, int MinQty, int MaxQty, long MinWan, long MaxWan);

    private static readonly Dictionary<Industry, (string Project, AssetTemplate[] Assets)> Templates = new()
    {
        [Industry.CamelliaOil] = ("油茶产业提质增效项目",
        [
            new("油茶种植基地", AssetClass.Operating, AssetKind.PlantingBase, "亩", 200, 1_500, 60, 300),
            new("油茶加工厂房", AssetClass.Operating, AssetKind.ProcessingPlant, "平方米", 600, 2_500, 80, 260),
            new("油茶籽烘干压榨设备", AssetClass.Operating, AssetKind.Machinery, "套", 1, 4, 20, 90),
            new("油茶籽仓库", AssetClass.Operating, AssetKind.Warehouse, "平方米", 300, 1_200, 30, 120),
        ]),
        [Industry.EdibleFungi] = ("食用菌产业园建设项目",
        [
            new("食用菌种植大棚", AssetClass.Operating, AssetKind.Greenhouse, "个", 10, 60, 40, 200),
            new("食用菌保鲜冷库", AssetClass.Operating, AssetKind.ColdStore, "立方米", 500, 3_000, 50, 220),
            new("菌棒生产车间", AssetClass.Operating, AssetKind.ProcessingPlant, "平方米", 800, 3_000, 90, 320),
            new("菌棒自动装袋生产线", AssetClass.Operating, AssetKind.Machinery, "条", 1, 3, 30, 120),
        ]),
        [Industry.FineFruit] = ("精品水果（黄桃）产业发展项目",
        [
            new("黄桃种植基地", AssetClass.Operating, AssetKind.PlantingBase, "亩", 150, 1_000, 50, 260),
            new("黄桃预冷冷库", AssetClass.Operating, AssetKind.ColdStore, "立方米", 400, 2_000, 40, 180),
            new("黄桃分拣包装仓库", AssetClass.Operating, AssetKind.Warehouse, "平方米", 300, 1_500, 30, 140),
        ]),
        [Industry.Pigs] = ("生猪标准化养殖小区建设项目",
        [
            new("生猪养殖圈舍", AssetClass.Operating, AssetKind.Pen, "平方米", 800, 4_000, 80, 380),
            new("饲料加工设备", AssetClass.Operating, AssetKind.Machinery, "套", 1, 3, 20, 80),
            new("养殖粪污处理设施", AssetClass.PublicWelfare, AssetKind.Water, "座", 1, 2, 20, 70),
        ]),
        [Industry.Tea] = ("生态茶园建设项目",
        [
            new("生态茶园", AssetClass.Operating, AssetKind.PlantingBase, "亩", 200, 1_200, 50, 220),
            new("茶叶初制加工厂", AssetClass.Operating, AssetKind.ProcessingPlant, "平方米", 500, 1_800, 70, 240),
        ]),
        [Industry.Vegetables] = ("蔬菜保供基地建设项目",
        [
            new("蔬菜种植大棚", AssetClass.Operating, AssetKind.Greenhouse, "个", 20, 80, 40, 180),
            new("蔬菜分拣冷库", AssetClass.Operating, AssetKind.ColdStore, "立方米", 300, 1_500, 30, 150),
        ]),
        [Industry.Photovoltaic] = ("村级光伏扶贫电站项目",
        [
            new("村级光伏电站", AssetClass.Operating, AssetKind.PvStation, "千瓦", 100, 500, 60, 300),
        ]),
        [Industry.Infrastructure] = ("产业路及灌溉设施项目",
        [
            new("产业路", AssetClass.PublicWelfare, AssetKind.Road, "公里", 2, 12, 60, 300),
            new("灌溉蓄水池", AssetClass.PublicWelfare, AssetKind.Water, "座", 1, 6, 20, 90),
        ]),
    };

    private static readonly string[] EnterpriseWords = ["绿源", "黔丰", "山里红", "茶乡", "金果", "康源", "瑞丰", "森茂", "裕农", "华青", "鑫盛", "兴黔", "丰禾", "福润", "恒信", "龙腾", "乡聚", "沃野", "苗岭", "清江", "佳禾", "云岭", "锦绣", "润土", "和美"];
    private static readonly string[] EnterpriseTrades = ["生态农业开发有限公司", "农业科技有限公司", "农产品开发有限公司", "食品有限公司", "畜牧养殖有限公司", "油茶开发有限公司"];

    private readonly Random _rng = new(20_160_401);
    private readonly DateOnly _today = today;

    public DemoAssetData Generate(IReadOnlyList<Area> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        var county = areas.First(a => a.Level == AreaLevel.County);
        var villages = areas.Where(a => a.Level == AreaLevel.Village).OrderBy(a => a.Code.Value, StringComparer.Ordinal).ToList();
        var names = areas.ToDictionary(a => a.Code.Value, a => a.Name);
        var company = county.Name + "扶贫开发投资有限责任公司";
        var companyCode = CreditCode.Complete("91" + county.CountyCode + "MA6DFP01").Value;

        var funds = Funds(county.Name);
        var projects = new List<DemoProject> { SeedProject(funds, county, company, companyCode, names) };
        var poor = villages.Where(v => v.FormerlyPoor).ToList();
        for (var p = 0; p < 40; p++)
        {
            var industry = Industries[_rng.Next(Industries.Length)];
            // A few 2024 projects are still on the way (planned, approved, building) or were cancelled.
            var status = p switch
            {
                35 => ProjectStatus.Planned,
                36 => ProjectStatus.Approved,
                37 => ProjectStatus.Building,
                38 => ProjectStatus.Cancelled,
                _ => ProjectStatus.Accepted,
            };
            var year = status == ProjectStatus.Accepted ? 2016 + p % 9 : 2024;
            projects.Add(Project(p, year, industry, status, funds, villages, poor, company, companyCode, names));
        }

        var data = new DemoAssetData(_today, company, companyCode, funds, projects, [], []);
        var contracts = Contracts(data, names);
        var certificates = Certificates(data);
        return data with { Contracts = contracts, Certificates = certificates };
    }

    private List<DemoFund> Funds(string countyName)
    {
        var funds = new List<DemoFund>();
        for (var year = 2016; year <= 2024; year++)
        {
            foreach (var (kind, label, min, max) in YearlyFunds)
            {
                funds.Add(new DemoFund(kind, year, $"{year} 年{label}", Wan(min, max), $"黔财农〔{year}〕{_rng.Next(10, 99)}号"));
            }
        }
        foreach (var (kind, year, label, min, max) in OtherFunds)
        {
            var doc = kind switch
            {
                FundSourceKind.EastWest => $"{countyName}协作办〔{year}〕{_rng.Next(1, 30)}号",
                FundSourceKind.Donation => $"{countyName}慈善总会〔{year}〕{_rng.Next(1, 30)}号",
                _ => $"黔财预〔{year}〕{_rng.Next(10, 99)}号",
            };
            funds.Add(new DemoFund(kind, year, $"{year} 年{label}", Wan(min, max), doc));
        }
        return funds;
    }

    /// <summary>The seed's base: built with poverty funds, owned by the county company, contracted to an agricultural company.</summary>
    private static DemoProject SeedProject(List<DemoFund> funds, Area county, string company, string companyCode, Dictionary<string, string> names)
    {
        var township = DivisionCode.Parse(county.CountyCode + "001000");
        var villages = new[] { DivisionCode.Parse(county.CountyCode + "001001"), DivisionCode.Parse(county.CountyCode + "001002") };
        var central = funds.FindIndex(f => f.Year == 2017 && f.Kind == FundSourceKind.Central);
        var provincial = funds.FindIndex(f => f.Year == 2017 && f.Kind == FundSourceKind.Provincial);
        var countyFund = funds.FindIndex(f => f.Year == 2017 && f.Kind == FundSourceKind.County);
        DemoFunding[] funding = [new(central, Money.FromYuan(6_000_000m)), new(provincial, Money.FromYuan(2_000_000m)), new(countyFund, Money.FromYuan(600_000m))];
        var asset = new DemoAsset(SeedBaseName, AssetClass.Operating, AssetKind.PlantingBase, Industry.FineFruit, township, 1_200m, "亩", funding,
            [new ShareLine(HolderKind.CountyCompany, company, companyCode, null, Asset.FullShare)],
            names[township.Value] + "人民政府", "杨光明", $"{names[villages[0].Value]}、{names[villages[1].Value]}建档立卡脱贫户", null);
        return new DemoProject(SeedBaseName + "建设项目", 2017, Industry.FineFruit, villages, funding,
            "利用扶贫资金在混寨村、洪家湾村建设高标准农业产业基地，产权归县扶投公司，公开发包经营，带动建档立卡贫困户务工增收。",
            ProjectStatus.Accepted, new DateOnly(2017, 3, 15), "茶乡府复〔2017〕8号", new DateOnly(2017, 4, 10), new DateOnly(2017, 12, 20), [asset]);
    }

    private DemoProject Project(int p, int year, Industry industry, ProjectStatus status, List<DemoFund> funds, List<Area> villages, List<Area> poor,
        string company, string companyCode, Dictionary<string, string> names)
    {
        // Mostly one formerly poor village; some projects serve two or three villages of one township, a few cross townships.
        // The first two serve the demo villages 混寨村 and 洪家湾村 alone, so their officers have assets of their own.
        var first = p < 2 ? villages[p] : _rng.NextDouble() < 0.8 ? poor[_rng.Next(poor.Count)] : villages[_rng.Next(villages.Count)];
        var served = new List<Area> { first };
        var extra = p < 2 ? 0 : _rng.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, _ => 2 };
        for (var e = 0; e < extra; e++)
        {
            var pool = _rng.NextDouble() < 0.85 ? villages.Where(v => v.TownshipCode == first.TownshipCode).ToList() : villages;
            var next = pool[_rng.Next(pool.Count)];
            if (served.All(s => s.Code != next.Code))
            {
                served.Add(next);
            }
        }
        var codes = served.Select(s => s.Code).ToList();
        var (projectName, templates) = Templates[industry];
        var township = names[first.TownshipCode!.Value.Value];
        var name = served.Count == 1 ? $"{year} 年{township}{first.Name}{projectName}" : $"{year} 年{township}等{projectName}（{served.Count} 村）";

        // The year's sources: always central, then one to three others of the same year.
        var yearFunds = funds.Select((f, i) => (f, i)).Where(x => x.f.Year == year).Select(x => x.i).ToList();
        var sources = new List<int> { yearFunds.First(i => funds[i].Kind == FundSourceKind.Central) };
        foreach (var i in yearFunds.Where(i => funds[i].Kind != FundSourceKind.Central).OrderBy(_ => _rng.Next()).Take(_rng.Next(1, 4)))
        {
            sources.Add(i);
        }

        var assets = new List<DemoAsset>();
        if (status == ProjectStatus.Accepted)
        {
            var count = _rng.Next(5, 10);
            for (var a = 0; a < count; a++)
            {
                var t = templates[(a + _rng.Next(2)) % templates.Length];
                var village = served[_rng.Next(served.Count)];
                // Mixed funding: each asset draws on one to three of the project's sources, central most heavily.
                var lines = sources.Take(Math.Min(sources.Count, _rng.Next(1, 4))).ToList();
                var total = Wan(t.MinWan, t.MaxWan).Fen + _rng.Next(0, 100) * 100 + _rng.Next(0, 100);
                var weights = lines.Select((_, k) => k == 0 ? 60L + _rng.Next(20) : 10L + _rng.Next(20)).ToArray();
                var parts = Money.FromFen(total).Allocate(weights);
                var funding = lines.Select((f, k) => new DemoFunding(f, parts[k])).Where(x => x.Amount > Money.Zero).ToList();
                var label = served.Count == 1 && count <= templates.Length ? t.Name : $"{village.Name}{t.Name}";
                if (assets.Any(x => x.Name == label))
                {
                    label = $"{label}（{GroupNumber(assets.Count(x => x.Name.StartsWith(label, StringComparison.Ordinal)) + 1)}期）";
                }
                var change = _rng.NextDouble() switch
                {
                    < 0.05 => new DemoStatusChange(AssetStatus.Idle, Min(new DateOnly(year + 2, 6, 30), _today), "经营主体退出，暂无承接主体"),
                    < 0.07 => new DemoStatusChange(AssetStatus.Damaged, Min(new DateOnly(year + 1, 7, 15), _today), "暴雨洪灾造成部分损毁"),
                    _ => null,
                };
                assets.Add(new DemoAsset(label, t.Class, t.Kind, industry, village.Code, _rng.Next(t.MinQty, t.MaxQty + 1), t.Unit, funding,
                    Owners(village, served, company, companyCode),
                    _rng.NextDouble() < 0.7 ? names[village.TownshipCode!.Value.Value] + "人民政府" : "茶乡县农业农村局",
                    PersonName(), $"{village.Name}脱贫户和监测对象", change));
            }
        }

        // Budget per source: what the assets used plus an unspent margin (结余); unaccepted projects get a plan only.
        var budget = sources.Select(s =>
        {
            var used = Money.Sum(assets.SelectMany(a => a.Funding).Where(f => f.Fund == s).Select(f => f.Amount));
            var amount = assets.Count == 0 ? Wan(50, 200) : used + Wan(0, 20);
            return new DemoFunding(s, amount > Money.Zero ? amount : Wan(50, 200));
        }).ToList();

        var approvedOn = new DateOnly(year, 2 + _rng.Next(3), 1 + _rng.Next(27));
        var startedOn = approvedOn.AddDays(20 + _rng.Next(40));
        var acceptedOn = startedOn.AddDays(150 + _rng.Next(120));
        var doc = $"茶乡府复〔{year}〕{10 + p}号";
        return status switch
        {
            ProjectStatus.Planned => new DemoProject(name, year, industry, codes, budget, "项目已入库，待批复。", status, null, null, null, null, []),
            ProjectStatus.Approved => new DemoProject(name, year, industry, codes, budget, "已批复，待开工。", status, approvedOn, doc, null, null, []),
            ProjectStatus.Building => new DemoProject(name, year, industry, codes, budget, "在建。", status, approvedOn, doc, startedOn, null, []),
            ProjectStatus.Cancelled => new DemoProject(name, year, industry, codes, budget, "因选址调整取消。", status, approvedOn, doc, null, null, []),
            _ => new DemoProject(name, year, industry, codes, budget, $"建设{string.Join("、", templates.Select(t => t.Name))}，带动脱贫户增收。",
                status, approvedOn, doc, startedOn, acceptedOn, assets),
        };
    }

    /// <summary>Mostly the asset's village collective alone; some the county company; a few joint (60/40 or 50/50).</summary>
    private List<ShareLine> Owners(Area village, List<Area> served, string company, string companyCode)
    {
        var collective = new ShareLine(HolderKind.VillageCollective, village.Name + "股份经济合作社", village.Code.Value, null, Asset.FullShare);
        var roll = _rng.NextDouble();
        if (roll < 0.12)
        {
            return [new ShareLine(HolderKind.CountyCompany, company, companyCode, null, Asset.FullShare)];
        }
        if (roll < 0.17)
        {
            return [collective with { BasisPoints = 6_000 }, new ShareLine(HolderKind.CountyCompany, company, companyCode, null, 4_000)];
        }
        if (roll < 0.21 && served.Count > 1)
        {
            var other = served.First(s => s.Code != village.Code);
            return [collective with { BasisPoints = 5_000 }, new ShareLine(HolderKind.VillageCollective, other.Name + "股份经济合作社", other.Code.Value, null, 5_000)];
        }
        return [collective];
    }

    private List<DemoContract> Contracts(DemoAssetData data, Dictionary<string, string> names)
    {
        var contracts = new List<DemoContract> { SeedContract(data) };
        var enterprises = Enumerable.Range(0, 25).Select(i => (Name: $"贵州{EnterpriseWords[i]}{EnterpriseTrades[i % EnterpriseTrades.Length]}", Code: Code("91", i))).ToList();
        var persons = Enumerable.Range(0, 20).Select(_ => PersonName()).Distinct().ToList();

        // Operating assets in use, grouped by project and village: a contract takes one asset, sometimes two or three of one place.
        var candidates = data.Assets.Select((a, i) => (a, i))
            .Where(x => x.i > 0 && x.a.Class == AssetClass.Operating && x.a.StatusChange is null)
            .GroupBy(x => (data.AssetProject[x.i], x.a.Location))
            .ToList();
        var n = 0;
        foreach (var group in candidates)
        {
            var items = group.ToList();
            var k = 0;
            while (k < items.Count && contracts.Count < 120)
            {
                // About one operating asset in eight stays without a contract (the idle-asset list has something to show).
                if (_rng.NextDouble() < 0.12)
                {
                    k++;
                    continue;
                }
                var take = Math.Min(items.Count - k, _rng.NextDouble() < 0.8 ? 1 : _rng.Next(2, 4));
                var chosen = items.Skip(k).Take(take).ToList();
                k += take;
                var formed = data.Projects[group.Key.Item1].AcceptedOn!.Value;
                var village = chosen[0].a.Location;
                contracts.Add(NewContract(n++, chosen.Select(c => c.i).ToList(), chosen.Select(c => c.a).ToList(), formed, village, enterprises, persons, names));
            }
        }
        return contracts;
    }

    private static DemoContract SeedContract(DemoAssetData data)
    {
        var code = CreditCode.Complete("91522699MA6E7KR0").Value;
        var terms = new ContractTerms(OperatorKind.Enterprise, SeedOperator, code, "刘康荣", OperationMode.PublicContracting,
            new DateOnly(2018, 2, 10), new DateOnly(2018, 3, 1), 120, ConsiderationKind.FixedRent, Money.FromYuan(360_000m), 0, PaymentFrequency.Annual, 30);
        BidLine[] bids =
        [
            new(SeedOperator, code, Money.FromYuan(360_000m), true),
            new("贵州黔丰农业科技有限公司", CreditCode.Complete("91522699MA6E2QF1").Value, Money.FromYuan(320_000m), false),
            new("茶乡县绿源种养殖专业合作社", CreditCode.Complete("93522699MA6E3LY2").Value, Money.FromYuan(300_000m), false),
        ];
        var payments = new List<DemoPayment>();
        for (var y = 0; y < 10; y++)
        {
            var due = terms.StartOn.AddYears(y).AddDays(terms.GraceDays);
            if (due > data.Today)
            {
                break;
            }
            payments.Add(new DemoPayment(due.AddDays(-5), due, 100, $"KR{2018 + y}01"));
        }
        DemoEmployment[] employment =
        [
            new(2018, 110, 62, 24, Money.FromYuan(1_450_000m), Money.FromYuan(288_300m)),
            new(2019, 126, SeedPoorPeople, 33, SeedWages, SeedWagesToPoor),
        ];
        return new DemoContract([0], terms, bids, [], payments, employment, null);
    }

    private DemoContract NewContract(int n, List<int> assets, List<DemoAsset> assetData, DateOnly formed, DivisionCode village,
        List<(string Name, string Code)> enterprises, List<string> persons, Dictionary<string, string> names)
    {
        var mode = (OperationMode)(n % 5 + 1);
        var industry = assetData[0].Industry;
        var villageName = names[village.Value];
        (OperatorKind kind, string name, string? code) op = mode == OperationMode.SelfRun
            ? (OperatorKind.Collective, villageName + "股份经济合作社", null)
            : (n % 7) switch
            {
                0 or 3 or 5 => (OperatorKind.Enterprise, enterprises[n % enterprises.Count].Name, enterprises[n % enterprises.Count].Code),
                1 or 4 => (OperatorKind.Cooperative, $"茶乡县{villageName}{AssetNames.Of(industry)}专业合作社", Code("93", 100 + n)),
                _ => (OperatorKind.Person, persons[n % persons.Count], null),
            };
        var consideration = mode switch
        {
            OperationMode.SelfRun => ConsiderationKind.ProfitShare,
            OperationMode.Shareholding => n % 2 == 0 ? ConsiderationKind.GuaranteedReturn : ConsiderationKind.ProfitShare,
            _ => (n % 3) switch { 0 => ConsiderationKind.GuaranteedReturn, _ => ConsiderationKind.FixedRent },
        };
        var value = Money.Sum(assetData.Select(a => a.OriginalValue));
        var rate = consideration switch
        {
            ConsiderationKind.GuaranteedReturn => 500 + _rng.Next(4) * 100,
            ConsiderationKind.ProfitShare => 1_000 + _rng.Next(5) * 500,
            _ => 0,
        };
        // Rent about 6% of the value, rounded to a hundred yuan.
        var rent = consideration == ConsiderationKind.FixedRent ? Money.FromYuan(Math.Max(1_000m, decimal.Round(value.Yuan * (0.04m + _rng.Next(5) * 0.005m) / 100m) * 100m)) : Money.Zero;
        var annual = consideration switch
        {
            ConsiderationKind.FixedRent => rent,
            ConsiderationKind.GuaranteedReturn => Contract.GuaranteedReturn(value, rate),
            _ => Money.Zero,
        };

        // The calendar, relative to the business date: paid up, in arrears of a chosen age, expiring soon, or terminated.
        var scenario = n switch
        {
            _ when n % 40 == 7 => "terminated",
            _ when n % 25 == 3 => "expiring",
            _ when n % 3 == 1 && consideration != ConsiderationKind.ProfitShare => "arrears",
            _ => "paid",
        };
        var frequency = scenario == "arrears" || consideration == ConsiderationKind.ProfitShare ? PaymentFrequency.Annual
            : (n % 4) switch { 0 => PaymentFrequency.SemiAnnual, 1 => PaymentFrequency.Quarterly, _ => PaymentFrequency.Annual };
        var grace = (n % 3) switch { 0 => 0, 1 => 15, _ => 30 };
        var earliest = formed.AddDays(10);
        DateOnly start;
        int term;
        switch (scenario)
        {
            case "arrears":
            {
                var age = ArrearsAges[n / 3 % ArrearsAges.Length];
                var due = _today.AddDays(-age);
                start = due.AddDays(-grace);
                while (start.AddYears(-1) >= earliest && _rng.NextDouble() < 0.6)
                {
                    start = start.AddYears(-1);
                }
                term = 60;
                while (start.AddMonths(term) <= _today.AddDays(Contract.ExpiryWarningDays + 30))
                {
                    term += 60;
                }
                break;
            }
            case "expiring":
                term = 36;
                start = _today.AddDays(5 + _rng.Next(50) + 1).AddMonths(-term);
                break;
            default:
                start = Max(earliest, _today.AddDays(-(200 + _rng.Next(1_300))));
                start = new DateOnly(start.Year, start.Month, 1);
                if (start > _today.AddDays(-30))
                {
                    start = _today.AddDays(-30);
                }
                term = scenario == "terminated" ? 60 : 120;
                while (start.AddMonths(term) <= _today.AddDays(Contract.ExpiryWarningDays + 30))
                {
                    term += 60;
                }
                break;
        }
        var signed = start.AddDays(-(5 + _rng.Next(25)));
        var terms = new ContractTerms(op.kind, op.name, op.code, op.kind == OperatorKind.Person ? op.name : PersonName(), mode, signed, start, term,
            consideration, rent, rate, frequency, grace);

        var bids = new List<BidLine>();
        if (mode == OperationMode.PublicContracting)
        {
            bids.Add(new BidLine(op.name, op.code, annual, true));
            for (var b = 0; b < 1 + _rng.Next(2); b++)
            {
                var rival = enterprises[(n + 7 + b * 5) % enterprises.Count];
                if (rival.Name == op.name)
                {
                    continue;
                }
                bids.Add(new BidLine(rival.Name, rival.Code, Money.FromFen(annual.Fen * (80 + _rng.Next(15)) / 100), false));
            }
            if (bids.Count < 2)
            {
                bids.Add(new BidLine($"茶乡县{villageName}种养殖专业合作社", Code("93", 300 + n), Money.FromFen(annual.Fen * 85 / 100), false));
            }
        }

        var termination = scenario == "terminated"
            ? new DemoTermination(Min(Max(_today.AddDays(-(120 + _rng.Next(100))), start.AddDays(60)), _today), n % 80 == 7 ? "经营主体长期拖欠租金，经村民代表大会决议解除合同" : "经营主体经营困难，双方协商一致提前解除",
                n % 80 == 7, n % 80 == 7 ? "连续两期未支付承包费，经催告后仍未履行" : null)
            : null;
        var stopAt = termination?.On ?? _today;

        var profits = new List<DemoProfit>();
        var payments = new List<DemoPayment>();
        if (consideration == ConsiderationKind.ProfitShare)
        {
            for (var year = start.Year; year < stopAt.Year; year++)
            {
                var due = new DateOnly(year + 1, 3, 31);
                if (due > stopAt)
                {
                    continue;
                }
                profits.Add(new DemoProfit(year, Money.FromYuan(50_000m + _rng.Next(0, 400) * 1_000m), due));
                // One profit-share year in five is still unpaid.
                if (_rng.NextDouble() < 0.8)
                {
                    payments.Add(new DemoPayment(Min(due.AddDays(_rng.Next(0, 20)), _today), due, 100, Reference(n, payments.Count)));
                }
            }
        }
        else
        {
            var months = 12 / (int)frequency;
            var unpaidFrom = scenario == "arrears" ? _today.AddDays(-ArrearsAges[n / 3 % ArrearsAges.Length]) : DateOnly.MaxValue;
            for (var p = 0; p * months < term; p++)
            {
                var due = start.AddMonths(p * months).AddDays(grace);
                if (due > stopAt || due > _today)
                {
                    break;
                }
                if (due >= unpaidFrom)
                {
                    // Arrears: the first unpaid instalment is sometimes part-paid, later ones not at all.
                    if (due == unpaidFrom && n % 2 == 0)
                    {
                        payments.Add(new DemoPayment(Min(due.AddDays(3), _today), due, 40, Reference(n, payments.Count)));
                    }
                    continue;
                }
                if (scenario == "terminated" && due > stopAt.AddDays(-200))
                {
                    continue; // the breach: the last instalments before termination went unpaid
                }
                var on = Min(Max(due.AddDays(-_rng.Next(0, 10)), signed), _today);
                payments.Add(new DemoPayment(on, due, 100, Reference(n, payments.Count)));
            }
        }

        var employment = new List<DemoEmployment>();
        for (var year = Math.Max(start.Year, _today.Year - 3); year < _today.Year && (termination is null || year <= termination.On.Year); year++)
        {
            var jobs = 3 + _rng.Next(30);
            var poorPeople = Math.Max(1, jobs * (40 + _rng.Next(50)) / 100);
            var wages = Money.FromYuan(jobs * (18_000 + _rng.Next(12_000)));
            var toPoor = Money.FromFen(wages.Fen * poorPeople / jobs * (70 + _rng.Next(25)) / 100);
            employment.Add(new DemoEmployment(year, jobs, poorPeople, Math.Max(1, poorPeople * 2 / 5), wages, toPoor));
        }
        return new DemoContract(assets, terms, bids, profits, payments, employment, termination);
    }

    /// <summary>Certificates for most assets (all ages), numbered per issue year; one revoked for an error in the register.</summary>
    private List<DemoCertificate> Certificates(DemoAssetData data)
    {
        var result = new List<DemoCertificate>();
        var sequence = new Dictionary<int, int>();
        for (var i = 0; i < data.Assets.Count; i++)
        {
            if (i > 0 && _rng.NextDouble() > 0.62)
            {
                continue;
            }
            var formed = data.Projects[data.AssetProject[i]].AcceptedOn!.Value;
            var issued = Min(Max(formed.AddDays(30 + _rng.Next(200)), new DateOnly(2021, 3, 1)), _today);
            var seq = sequence[issued.Year] = sequence.GetValueOrDefault(issued.Year) + 1;
            var revoke = result.Count == 17;
            result.Add(new DemoCertificate(i, issued.Year, seq, issued, revoke ? Min(issued.AddDays(90), _today) : null,
                revoke ? "资产面积登记有误，注销后按核实面积重新办理" : null));
        }
        return result;
    }

    private Money Wan(long min, long max) => Money.FromYuan((min + _rng.NextInt64(max - min + 1)) * 10_000m);

    private string Code(string prefix, int salt)
    {
        var body = new char[8];
        var r = new Random(7_000 + salt);
        for (var i = 0; i < 8; i++)
        {
            body[i] = CodeAlphabet[r.Next(CodeAlphabet.Length)];
        }
        return CreditCode.Complete(prefix + "522699" + new string(body)).Value;
    }

    private string PersonName()
    {
        var surname = DemoNames.Surnames[_rng.Next(DemoNames.Surnames.Length)];
        var chars = _rng.Next(2) == 0 ? DemoNames.MaleChars : DemoNames.FemaleChars;
        return surname + chars[_rng.Next(chars.Length)] + chars[_rng.Next(chars.Length)];
    }

    private static string Reference(int contract, int k) => string.Create(CultureInfo.InvariantCulture, $"SK{contract + 1:D4}-{k + 1:D2}");

    private static string GroupNumber(int n) => n < DemoNames.GroupNumerals.Length ? DemoNames.GroupNumerals[n - 1] : n.ToString(CultureInfo.InvariantCulture);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
