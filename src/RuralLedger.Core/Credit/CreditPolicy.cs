using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Credit;

public readonly record struct CreditPolicyId(long Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One version of a county's microcredit programme, in force from <see cref="EffectiveFrom"/> until the next version
/// begins. Every number the lending rules use is here, so a county edits data, never code; an application stores the
/// version it was judged by (脱贫人口小额信贷 until 2026-02-27, 帮扶小额信贷 from 2026-02-28 in the national seed).
/// </summary>
public sealed class CreditPolicyVersion : IAreaScoped
{
    public const int MaxTextLength = 500;

    private CreditPolicyVersion()
    {
        CountyCode = "";
        Programme = "";
        AgingBuckets = "";
        AllowedUses = "";
        ProhibitedUses = "";
        EligibleStatuses = "";
        RecordedBy = "";
    }

    public CreditPolicyVersion(string countyCode, CreditPolicyTerms terms, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(terms);
        terms.Check();
        CountyCode = countyCode;
        Programme = terms.Programme.Trim();
        DocumentNo = string.IsNullOrWhiteSpace(terms.DocumentNo) ? null : terms.DocumentNo.Trim();
        EffectiveFrom = terms.EffectiveFrom;
        MaxAmount = terms.MaxAmount;
        MaxTermMonths = terms.MaxTermMonths;
        MinAge = terms.MinAge;
        MaxAge = terms.MaxAge;
        GuaranteeFree = terms.GuaranteeFree;
        SubsidyShare = terms.SubsidyShare;
        DayCountBasis = terms.DayCountBasis;
        ExtensionMaxCount = terms.ExtensionMaxCount;
        ExtensionMaxMonths = terms.ExtensionMaxMonths;
        RenewalMaxCount = terms.RenewalMaxCount;
        AgingBuckets = Credit.AgingBuckets.Parse(terms.AgingBuckets).ToString();
        AllowedUses = string.Join('|', Uses(terms.AllowedUses));
        ProhibitedUses = string.Join('|', Uses(terms.ProhibitedUses));
        EligibleStatuses = string.Join(',', terms.EligibleStatuses.Distinct().Order());
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public CreditPolicyId Id { get; private set; }

    public string CountyCode { get; private set; }

    public string Programme { get; private set; }

    public string? DocumentNo { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public Money MaxAmount { get; private set; }

    public int MaxTermMonths { get; private set; }

    /// <summary>Youngest age a borrower may be on the application date, inclusive.</summary>
    public int MinAge { get; private set; }

    /// <summary>Oldest age a borrower may be on the application date, inclusive.</summary>
    public int MaxAge { get; private set; }

    /// <summary>免担保免抵押: the bank may not ask for a guarantee or collateral.</summary>
    public bool GuaranteeFree { get; private set; }

    /// <summary>贴息比例: the share of interest paid on time that the county's finance refunds.</summary>
    public Rate SubsidyShare { get; private set; }

    /// <summary>Days of the interest year: 360 is the 人民银行 convention for loans.</summary>
    public int DayCountBasis { get; private set; }

    public int ExtensionMaxCount { get; private set; }

    public int ExtensionMaxMonths { get; private set; }

    public int RenewalMaxCount { get; private set; }

    /// <summary>Upper bounds of the overdue-day buckets, "30,90,180,360": 1–30, 31–90, 91–180, 181–360, over 360.</summary>
    public string AgingBuckets { get; private set; }

    /// <summary>Uses a loan may be declared for, '|'-separated.</summary>
    public string AllowedUses { get; private set; }

    /// <summary>Uses refused outright (户借户用户还: no house building, marriage, consumption, lending on, 入股分红 to an enterprise).</summary>
    public string ProhibitedUses { get; private set; }

    /// <summary>Poverty statuses whose households may borrow, comma-separated enum names.</summary>
    public string EligibleStatuses { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    public IReadOnlyList<string> AllowedUseList => Split(AllowedUses);

    public IReadOnlyList<string> ProhibitedUseList => Split(ProhibitedUses);

    public AgingBuckets Buckets => Credit.AgingBuckets.Parse(AgingBuckets);

    public IReadOnlyList<PovertyStatus> EligibleStatusList =>
        [.. EligibleStatuses.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Enum.Parse<PovertyStatus>(s))];

    /// <summary>The terms of this version, to start the next one from.</summary>
    public CreditPolicyTerms Terms => new(Programme, DocumentNo, EffectiveFrom, MaxAmount, MaxTermMonths, MinAge, MaxAge, GuaranteeFree, SubsidyShare,
        DayCountBasis, ExtensionMaxCount, ExtensionMaxMonths, RenewalMaxCount, AgingBuckets, AllowedUseList, ProhibitedUseList, EligibleStatusList);

    /// <summary>The version in force on <paramref name="date"/>: the latest one begun on or before it.</summary>
    public static CreditPolicyVersion? InForce(IEnumerable<CreditPolicyVersion> versions, DateOnly date) =>
        versions.Where(v => v.EffectiveFrom <= date).MaxBy(v => v.EffectiveFrom);

    private static string[] Split(string text) => text.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> Uses(IEnumerable<string> uses) =>
        [.. uses.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>The editable terms of a programme version, checked before a version is made of them.</summary>
public sealed record CreditPolicyTerms(string Programme, string? DocumentNo, DateOnly EffectiveFrom, Money MaxAmount, int MaxTermMonths, int MinAge, int MaxAge,
    bool GuaranteeFree, Rate SubsidyShare, int DayCountBasis, int ExtensionMaxCount, int ExtensionMaxMonths, int RenewalMaxCount, string AgingBuckets,
    IReadOnlyList<string> AllowedUses, IReadOnlyList<string> ProhibitedUses, IReadOnlyList<PovertyStatus> EligibleStatuses)
{
    public void Check()
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(Programme) || Programme.Trim().Length > 60)
        {
            v.Add("programme", "项目名称不能为空，且不超过 60 个字。");
        }
        if (EffectiveFrom.Year is < 2000 or > 2100)
        {
            v.Add("effectiveFrom", "生效日期应在 2000–2100 年之间。");
        }
        if (MaxAmount <= Money.Zero || MaxAmount > Money.FromYuan(10_000_000m))
        {
            v.Add("maxAmount", "单户最高额度应大于 0 且不超过 1000 万元。");
        }
        if (MaxTermMonths is < 1 or > 120)
        {
            v.Add("maxTermMonths", "最长期限应为 1–120 个月。");
        }
        if (MinAge is < 16 or > 100 || MaxAge < MinAge || MaxAge > 100)
        {
            v.Add("maxAge", "年龄范围应在 16–100 岁之间，且上限不低于下限。");
        }
        if (SubsidyShare < Rate.Zero || SubsidyShare > Rate.Full)
        {
            v.Add("subsidyShare", "贴息比例应在 0–100% 之间。");
        }
        if (DayCountBasis is not (360 or 365))
        {
            v.Add("dayCountBasis", "计息基础应为 360 或 365 天。");
        }
        if (ExtensionMaxCount is < 0 or > 5 || ExtensionMaxMonths is < 0 or > 60 || RenewalMaxCount is < 0 or > 5)
        {
            v.Add("extensionMaxMonths", "展期次数 0–5 次、展期期限 0–60 个月、续贷次数 0–5 次。");
        }
        v.Try("agingBuckets", () => Credit.AgingBuckets.Parse(AgingBuckets));
        if (AllowedUses.All(string.IsNullOrWhiteSpace))
        {
            v.Add("allowedUses", "至少列出一项允许的贷款用途。");
        }
        if (AllowedUses.Concat(ProhibitedUses).Any(u => u.Length > 30))
        {
            v.Add("allowedUses", "每项用途不超过 30 个字。");
        }
        if (AllowedUses.Select(u => u.Trim()).Intersect(ProhibitedUses.Select(u => u.Trim())).Any())
        {
            v.Add("prohibitedUses", "同一用途不能既允许又禁止。");
        }
        if (EligibleStatuses.Count == 0 || EligibleStatuses.Any(s => !Enum.IsDefined(s)))
        {
            v.Add("eligibleStatuses", "请选择可以申请的帮扶对象类别。");
        }
        v.ThrowIfAny();
    }
}

/// <summary>
/// Overdue-day buckets by their upper bounds: "30,90,180,360" gives 1–30, 31–90, 91–180, 181–360 and over 360.
/// A loan's instalment is overdue from the day after its due date.
/// </summary>
public sealed class AgingBuckets
{
    private AgingBuckets(IReadOnlyList<int> bounds) => Bounds = bounds;

    public IReadOnlyList<int> Bounds { get; }

    /// <summary>Bucket count: one per bound and one beyond the last.</summary>
    public int Count => Bounds.Count + 1;

    public static AgingBuckets Parse(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bounds = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 3650 || (bounds.Count > 0 && n <= bounds[^1]))
            {
                throw new DomainException("loans.aging_buckets", "账龄分段应为递增的天数，用逗号分隔，如 30,90,180,360。", "agingBuckets");
            }
            bounds.Add(n);
        }
        if (bounds.Count is 0 or > 10)
        {
            throw new DomainException("loans.aging_buckets", "账龄分段应为 1–10 个递增的天数，如 30,90,180,360。", "agingBuckets");
        }
        return new AgingBuckets(bounds);
    }

    /// <summary>The bucket index of <paramref name="daysOverdue"/> (0-based), or null when not overdue.</summary>
    public int? IndexOf(int daysOverdue)
    {
        if (daysOverdue <= 0)
        {
            return null;
        }
        for (var i = 0; i < Bounds.Count; i++)
        {
            if (daysOverdue <= Bounds[i])
            {
                return i;
            }
        }
        return Bounds.Count;
    }

    /// <summary>"1–30 天", "31–90 天", …, "360 天以上".</summary>
    public string Label(int index) =>
        index >= Bounds.Count
            ? $"{Bounds[^1]} 天以上"
            : $"{(index == 0 ? 1 : Bounds[index - 1] + 1)}–{Bounds[index]} 天";

    public override string ToString() => string.Join(',', Bounds.Select(b => b.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>
/// A quote of the loan prime rate (贷款市场报价利率) from its publication date: the 1-year rate prices loans of up to
/// five years, the 5-year rate longer ones. National data, kept as dated rows the county updates after each quote.
/// </summary>
public sealed class LprQuote
{
    private LprQuote()
    {
    }

    public LprQuote(DateOnly effectiveOn, Rate oneYear, Rate fiveYear)
    {
        if (oneYear <= Rate.Zero || fiveYear <= Rate.Zero || oneYear > Rate.FromBasisPoints(2_000) || fiveYear > Rate.FromBasisPoints(2_000))
        {
            throw new DomainException("loans.lpr", "LPR 应大于 0 且不超过 20%。", "oneYear");
        }
        EffectiveOn = effectiveOn;
        OneYear = oneYear;
        FiveYear = fiveYear;
    }

    public long Id { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public Rate OneYear { get; private set; }

    public Rate FiveYear { get; private set; }

    /// <summary>The LPR of a loan's term: up to 60 months the 1-year quote, beyond it the 5-year quote.</summary>
    public Rate ForTerm(int termMonths) => termMonths <= 60 ? OneYear : FiveYear;

    public static LprQuote? InForce(IEnumerable<LprQuote> quotes, DateOnly date) =>
        quotes.Where(q => q.EffectiveOn <= date).MaxBy(q => q.EffectiveOn);
}

/// <summary>The national programmes and LPR quotes every county starts from; the county edits its own copy from there.</summary>
public static class CreditSeed
{
    public static readonly string[] DefaultAllowedUses = ["种植业", "养殖业", "农产品加工", "乡村旅游", "农村电商", "其他生产经营"];

    public static readonly string[] DefaultProhibitedUses = ["建房", "婚嫁", "消费", "转贷他人", "入股分红给企业"];

    private static readonly PovertyStatus[] Eligible =
        [PovertyStatus.Registered, PovertyStatus.Exited, PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden];

    /// <summary>
    /// 脱贫人口小额信贷 (银保监发〔2021〕6号: 5 万元以下、3 年以内、免担保免抵押、LPR 放款、财政贴息) from 2021-03-01, and
    /// 帮扶小额信贷 from 2026-02-28 with the cap raised to 100,000 yuan and the other terms carried over.
    /// </summary>
    public static IReadOnlyList<CreditPolicyVersion> Programmes(string countyCode, DateTimeOffset at)
    {
        var poverty = new CreditPolicyTerms("脱贫人口小额信贷", "银保监发〔2021〕6号", new DateOnly(2021, 3, 1), Money.FromYuan(50_000m), 36, 18, 65, true,
            Rate.Full, 360, 1, 12, 1, "30,90,180,360", DefaultAllowedUses, DefaultProhibitedUses, Eligible);
        var help = poverty with { Programme = "帮扶小额信贷", DocumentNo = "2026年2月28日通知", EffectiveFrom = new DateOnly(2026, 2, 28), MaxAmount = Money.FromYuan(100_000m) };
        return [new CreditPolicyVersion(countyCode, poverty, "系统:国家政策", at), new CreditPolicyVersion(countyCode, help, "系统:国家政策", at)];
    }

    /// <summary>LPR quotes (1-year, 5-year, percent) since the 2020-04-20 quote, which was in force when the first programme began.</summary>
    public static IReadOnlyList<LprQuote> LprQuotes() =>
    [
        Quote(2020, 4, 20, 385, 465),
        Quote(2021, 12, 20, 380, 465),
        Quote(2022, 1, 20, 370, 460),
        Quote(2022, 5, 20, 370, 445),
        Quote(2022, 8, 22, 365, 430),
        Quote(2023, 6, 20, 355, 420),
        Quote(2023, 8, 21, 345, 420),
        Quote(2024, 2, 20, 345, 395),
        Quote(2024, 7, 22, 335, 385),
        Quote(2024, 10, 21, 310, 360),
        Quote(2025, 5, 20, 300, 350),
    ];

    private static LprQuote Quote(int y, int m, int d, int oneYearBp, int fiveYearBp) =>
        new(new DateOnly(y, m, d), Rate.FromBasisPoints(oneYearBp), Rate.FromBasisPoints(fiveYearBp));
}
