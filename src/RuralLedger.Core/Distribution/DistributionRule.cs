using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Distribution;

/// <summary>What a part of the pool is for. Exactly one part of a rule is the household dividend.</summary>
public enum RulePartKind
{
    HouseholdDividend = 1,  // 脱贫户（监测户）分红
    CollectiveIncome = 2,   // 村集体经济收入
    ManagementFund = 3,     // 村级管理和发展基金
    Other = 9,              // 其他（如公益岗位、奖补）
}

/// <summary>How the household part is shared among the beneficiary households.</summary>
public enum HouseholdWeighting
{
    PerHousehold = 1,  // 按户均分
    PerPerson = 2,     // 按人口
    Factors = 3,       // 按因素加权（劳动能力、残疾、年龄）
}

public sealed record RulePart(string Code, string Name, RulePartKind Kind, int BasisPoints);

/// <summary>Extra weight per member under <see cref="HouseholdWeighting.Factors"/>, on top of <see cref="PerPerson"/>.</summary>
public sealed record FactorWeights(int PerPerson, int NoLabourAbility, int Disabled, int Elderly, int ElderlyAge)
{
    public static FactorWeights Default { get; } = new(100, 50, 50, 30, 60);
}

/// <summary>
/// A distribution rule as versioned data. A rule version is never changed once saved: a plan stores the version
/// it was computed under, and a new version is a new row. Parts are basis points summing to exactly 10,000.
/// </summary>
public sealed class DistributionRule
{
    public const int Whole = 10_000;

    private readonly List<RulePart> _parts = [];

    private DistributionRule()
    {
        CountyCode = "";
        Code = "";
        Name = "";
        Factors = FactorWeights.Default;
    }

    public DistributionRule(string countyCode, string code, int version, string name, DateOnly effectiveFrom,
        IReadOnlyList<RulePart> parts, HouseholdWeighting weighting, FactorWeights? factors, Money minimumPerHousehold,
        PovertyStatus[] eligible, bool requirePublicWelfareJob)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(eligible);
        CountyCode = countyCode;
        Code = Required(code, "code", "规则代码", 20);
        if (version < 1)
        {
            throw new DomainException("rules.version", "规则版本从 1 开始。", "version");
        }
        Version = version;
        Name = Required(name, "name", "规则名称", 60);
        EffectiveFrom = effectiveFrom;
        if (parts.Count == 0)
        {
            throw new DomainException("rules.no_parts", "规则至少有一个分配部分。", "parts");
        }
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].BasisPoints is < 0 or > Whole)
            {
                throw new DomainException("rules.part_range", $"第 {i + 1} 部分的比例须在 0% 至 100% 之间。", $"parts[{i}].percent");
            }
            Required(parts[i].Name, $"parts[{i}].name", "部分名称", 30);
            Required(parts[i].Code, $"parts[{i}].code", "部分代码", 20);
        }
        var sum = parts.Sum(p => p.BasisPoints);
        if (sum != Whole)
        {
            throw new DomainException("rules.parts_sum", $"各部分比例合计须恰好为 100%，现为 {sum / 100m:0.##}%。", "parts");
        }
        if (parts.Count(p => p.Kind == RulePartKind.HouseholdDividend) != 1)
        {
            throw new DomainException("rules.one_dividend_part", "规则须有且只有一个“农户分红”部分。", "parts");
        }
        if (parts.GroupBy(p => p.Code).Any(g => g.Count() > 1))
        {
            throw new DomainException("rules.duplicate_part", "部分代码不能重复。", "parts");
        }
        _parts.AddRange(parts);
        Weighting = weighting;
        Factors = factors ?? FactorWeights.Default;
        if (Factors.PerPerson < 0 || Factors.NoLabourAbility < 0 || Factors.Disabled < 0 || Factors.Elderly < 0 || Factors.ElderlyAge is < 0 or > 120)
        {
            throw new DomainException("rules.factors", "因素权重不能为负，年龄界限在 0–120 之间。", "factors");
        }
        if (weighting == HouseholdWeighting.Factors && Factors.PerPerson == 0 && Factors.NoLabourAbility == 0 && Factors.Disabled == 0 && Factors.Elderly == 0)
        {
            throw new DomainException("rules.factors", "因素加权的各项权重不能全为零。", "factors");
        }
        if (minimumPerHousehold.IsNegative)
        {
            throw new DomainException("rules.minimum", "保底金额不能为负。", "minimumPerHousehold");
        }
        MinimumPerHousehold = minimumPerHousehold;
        if (eligible.Length == 0)
        {
            throw new DomainException("rules.eligible", "至少选择一种受益身份。", "eligible");
        }
        Eligible = eligible.Distinct().Order().ToArray();
        RequirePublicWelfareJob = requirePublicWelfareJob;
    }

    /// <summary>The county's default: 70% household dividends, 20% village collective income, 10% management and development fund.</summary>
    public static DistributionRule SevenTwoOne(string countyCode, DateOnly effectiveFrom) => DefaultDistributionPolicy.For(countyCode, effectiveFrom);

    public DistributionRuleId Id { get; private set; }

    public string CountyCode { get; private set; }

    public string Code { get; private set; }

    public int Version { get; private set; }

    public string Name { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public IReadOnlyList<RulePart> Parts => _parts;

    public HouseholdWeighting Weighting { get; private set; }

    public FactorWeights Factors { get; private set; }

    /// <summary>Guaranteed per household before the rest of the dividend part is shared by weight (保底 + 分红).</summary>
    public Money MinimumPerHousehold { get; private set; }

    /// <summary>Which registry statuses (on the freeze date) make a household a beneficiary.</summary>
    public PovertyStatus[] Eligible { get; private set; } = [];

    /// <summary>Only households a member of which worked a public-welfare job (公益岗位) in the period.</summary>
    public bool RequirePublicWelfareJob { get; private set; }

    private static string Required(string? text, string field, string label, int max)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || t.Length > max)
        {
            throw new DomainException("rules.text", $"{label}不能为空，且不超过 {max} 个字。", field);
        }
        return t;
    }
}

/// <summary>
/// The default policy, “721” (seed: 70% to the registered households, 20% village collective income, 10% village
/// management and development fund): every county has it as a rule from its first plan on, as data that later
/// versions can supersede. Pages, imports and the pipeline name it through <see cref="Code"/>.
/// </summary>
public static class DefaultDistributionPolicy
{
    public const string Code = "721";

    public const string Name = "“721”收益分配";

    /// <summary>The default rule applies to all income since the programme began.</summary>
    public static DateOnly EffectiveFrom { get; } = new(2016, 1, 1);

    /// <summary>The code asked for, or the default's when none is given.</summary>
    public static string CodeOr(string? code) => string.IsNullOrWhiteSpace(code) ? Code : code.Trim();

    public static bool IsDefault(string? code) => CodeOr(code) == Code;

    public static DistributionRule For(string countyCode, DateOnly? effectiveFrom = null) => new(
        countyCode, Code, 1, Name, effectiveFrom ?? EffectiveFrom,
        [
            new("dividend", "脱贫户分红", RulePartKind.HouseholdDividend, 7_000),
            new("collective", "村集体经济收入", RulePartKind.CollectiveIncome, 2_000),
            new("fund", "村级管理和发展基金", RulePartKind.ManagementFund, 1_000),
        ],
        HouseholdWeighting.PerHousehold, null, Money.Zero,
        [PovertyStatus.Registered, PovertyStatus.Exited, PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden],
        requirePublicWelfareJob: false);
}
