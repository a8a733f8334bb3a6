using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Projects;

/// <summary>Guizhou's eight elements of industrial development (产业发展“八要素”), in the order the province lists them.</summary>
public enum SelectionElement
{
    IndustryChoice = 1,    // 产业选择
    FarmerTraining = 2,    // 培训农民
    TechnicalService = 3,  // 技术服务
    Financing = 4,         // 资金筹措
    Organisation = 5,      // 组织方式
    MarketLinkage = 6,     // 产销对接
    BenefitLinkage = 7,    // 利益联结
    PartyBuilding = 8,     // 基层党建
}

/// <summary>How a linked household is to benefit from a project (利益联结方式).</summary>
public enum BenefitKind
{
    Job = 1,       // 务工就业
    Dividend = 2,  // 入股分红
    Order = 3,     // 订单收购
    LandRent = 4,  // 土地流转租金
}

public readonly record struct SelectionPolicyId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct ProjectAssessmentId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class SelectionNames
{
    public static IReadOnlyList<SelectionElement> Elements { get; } = Enum.GetValues<SelectionElement>();

    public static IReadOnlyList<BenefitKind> BenefitKinds { get; } = Enum.GetValues<BenefitKind>();

    public static string Of(SelectionElement element) => element switch
    {
        SelectionElement.IndustryChoice => "产业选择",
        SelectionElement.FarmerTraining => "培训农民",
        SelectionElement.TechnicalService => "技术服务",
        SelectionElement.Financing => "资金筹措",
        SelectionElement.Organisation => "组织方式",
        SelectionElement.MarketLinkage => "产销对接",
        SelectionElement.BenefitLinkage => "利益联结",
        SelectionElement.PartyBuilding => "基层党建",
        _ => element.ToString(),
    };

    /// <summary>What the assessor looks for under each element, shown beside its row.</summary>
    public static string HintOf(SelectionElement element) => element switch
    {
        SelectionElement.IndustryChoice => "市场前景、当地条件、是否属县主导产业",
        SelectionElement.FarmerTraining => "农民培训计划（人次、内容）",
        SelectionElement.TechnicalService => "技术服务由谁提供",
        SelectionElement.Financing => "各来源资金是否落实",
        SelectionElement.Organisation => "公司＋合作社＋农户等组织方式",
        SelectionElement.MarketLinkage => "销路、订单、冷链",
        SelectionElement.BenefitLinkage => "农户如何受益（务工、分红、订单、租金）及联结农户名单",
        SelectionElement.PartyBuilding => "村党支部的作用",
        _ => "",
    };

    public static string Of(BenefitKind kind) => kind switch
    {
        BenefitKind.Job => "务工就业",
        BenefitKind.Dividend => "入股分红",
        BenefitKind.Order => "订单收购",
        BenefitKind.LandRent => "土地流转租金",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A county's rule for assessing projects on the eight elements, as dated data with versions: the weight of each
/// element, the passing total on 100, the least score every element must reach, and the project kinds (industries)
/// that need no assessment before approval. A new version takes effect from its date; an assessment records the
/// version it was scored under, so a later change never rescores a past decision.
/// </summary>
public sealed class SelectionPolicy : IAreaScoped
{
    public const int MaxScore = 10;
    public const int MaxWeight = 100;

    private SelectionPolicy()
    {
        CountyCode = "";
        CreatedBy = "";
        Weights = [];
        ExemptIndustries = [];
    }

    public SelectionPolicy(string countyCode, int version, DateOnly effectiveFrom, IReadOnlyList<int> weights, int passingScore, int minimumPerElement,
        IReadOnlyCollection<Industry> exemptIndustries, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(exemptIndustries);
        CountyCode = countyCode;
        Version = version >= 1 ? version : throw new DomainException("selection.policy_version", "版本号须从 1 开始。", "version");
        EffectiveFrom = effectiveFrom;
        var v = new Validation();
        Check(v, weights, passingScore, minimumPerElement, exemptIndustries);
        v.ThrowIfAny();
        Weights = weights.ToArray();
        PassingScore = passingScore;
        MinimumPerElement = minimumPerElement;
        ExemptIndustries = exemptIndustries.Distinct().Order().ToArray();
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    /// <summary>Every wrong term at once, each under its field with its code; a term not given (null) is left to the caller.</summary>
    public static void Check(Validation v, IReadOnlyList<int> weights, int? passingScore, int? minimumPerElement, IReadOnlyCollection<Industry> exemptIndustries)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(exemptIndustries);
        if (weights.Count != SelectionNames.Elements.Count)
        {
            v.Add("weights", $"须为八个要素各给一个权重（收到 {weights.Count} 个）。", "selection.weights");
        }
        for (var i = 0; i < weights.Count && i < SelectionNames.Elements.Count; i++)
        {
            if (weights[i] is < 1 or > MaxWeight)
            {
                v.Add($"weights[{i}]", $"“{SelectionNames.Of(SelectionNames.Elements[i])}”的权重应为 1–{MaxWeight} 的整数。", "selection.weight_range");
            }
        }
        if (passingScore is < 0 or > 100)
        {
            v.Add("passingScore", "及格分应为 0–100 的整数。", "selection.passing_range");
        }
        if (minimumPerElement is < 0 or > MaxScore)
        {
            v.Add("leastElementScore", $"单项最低分应为 0–{MaxScore} 的整数。", "selection.minimum_range");
        }
        if (exemptIndustries.Any(i => !Enum.IsDefined(i)))
        {
            v.Add("exemptIndustries", "免评估的项目类别不是可选的值。", "input.choice");
        }
    }

    public SelectionPolicyId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode => null;

    public DivisionCode? VillageCode => null;

    /// <summary>The policy's own version number (1, 2, …) within the county.</summary>
    public int Version { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>One weight per element, in <see cref="SelectionElement"/> order.</summary>
    public int[] Weights { get; private set; }

    /// <summary>The least total on 100 that passes.</summary>
    public int PassingScore { get; private set; }

    /// <summary>Every element must score at least this, whatever the total.</summary>
    public int MinimumPerElement { get; private set; }

    /// <summary>Project kinds approved without an assessment (public-welfare infrastructure by default).</summary>
    public Industry[] ExemptIndustries { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int WeightOf(SelectionElement element) => Weights[(int)element - 1];

    public bool Exempts(Industry industry) => ExemptIndustries.Contains(industry);

    /// <summary>An element's row in an assessment's input, "scores[5]" for 产销对接: rows follow the elements' order.</summary>
    public static string FieldOf(SelectionElement element) => $"scores[{(int)element - 1}]";

    /// <summary>
    /// Scores eight elements. The total on 100 is Σ(score × weight) × 10 ÷ Σweight, kept in hundredths of a point and
    /// rounded half up (all terms are non-negative); pass or fail is decided on the exact fraction, so rounding can
    /// never lift a total just under the passing score over it. Weak elements: those under the per-element minimum,
    /// and, when the total fails, those scoring under the passing line (score × 10 below the passing score).
    /// </summary>
    public SelectionResult Evaluate(IReadOnlyDictionary<SelectionElement, int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        long weighted = 0, weights = 0;
        var v = new Validation();
        foreach (var element in SelectionNames.Elements)
        {
            if (!scores.TryGetValue(element, out var score))
            {
                v.Add(FieldOf(element), $"缺少要素“{SelectionNames.Of(element)}”的评分。", "selection.element_missing");
                continue;
            }
            if (score is < 0 or > MaxScore)
            {
                v.Add(FieldOf(element) + ".score", $"“{SelectionNames.Of(element)}”的得分应为 0–{MaxScore} 的整数。", "selection.score_range");
                continue;
            }
            weighted = checked(weighted + checked((long)score * WeightOf(element)));
            weights = checked(weights + WeightOf(element));
        }
        v.ThrowIfAny();
        var numerator = checked(weighted * 1000);
        var hundredths = (numerator + weights / 2) / weights;
        var passesTotal = checked(weighted * 10) >= checked((long)PassingScore * weights);
        var weak = SelectionNames.Elements
            .Where(e => scores[e] < MinimumPerElement || (!passesTotal && scores[e] * 10 < PassingScore))
            .ToList();
        var passed = passesTotal && SelectionNames.Elements.All(e => scores[e] >= MinimumPerElement);
        return new SelectionResult(checked((int)hundredths), passed, weak);
    }
}

/// <summary>An assessment's outcome: the total on 100 in hundredths of a point, pass or fail, and the weak elements.</summary>
public sealed record SelectionResult(int TotalHundredths, bool Passed, IReadOnlyList<SelectionElement> Weak)
{
    public string TotalText => SelectionScore.Text(TotalHundredths);
}

public static class SelectionScore
{
    /// <summary>"63.75" from 6375 hundredths.</summary>
    public static string Text(int hundredths) =>
        (hundredths / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + (hundredths % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The county's default from the programme's start: equal weights, pass at 60 of 100, every element at least 1,
/// and infrastructure (public-welfare) projects exempt. Stored as version 1 on a county's first assessment, as data
/// that later versions supersede.
/// </summary>
public static class DefaultSelectionPolicy
{
    public const int PassingScore = 60;
    public const int MinimumPerElement = 1;

    public static DateOnly EffectiveFrom { get; } = new(2016, 1, 1);

    public static SelectionPolicy For(string countyCode, DateTimeOffset createdAt) => new(
        countyCode, 1, EffectiveFrom, SelectionNames.Elements.Select(_ => 1).ToArray(), PassingScore, MinimumPerElement,
        [Industry.Infrastructure], "系统默认", createdAt);
}
