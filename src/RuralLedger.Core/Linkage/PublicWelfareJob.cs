using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Linkage;

/// <summary>公益性岗位: the posts a county creates for members of poor and monitored households.</summary>
public enum PublicWelfarePost
{
    ForestRanger = 1, // 护林员
    Cleaner = 2,      // 保洁员
    RoadKeeper = 3,   // 护路员
    WaterKeeper = 4,  // 水管员
    Other = 99,       // 其他
}

public static class LinkageNames
{
    public static string Of(PublicWelfarePost post) => post switch
    {
        PublicWelfarePost.ForestRanger => "护林员",
        PublicWelfarePost.Cleaner => "保洁员",
        PublicWelfarePost.RoadKeeper => "护路员",
        PublicWelfarePost.WaterKeeper => "水管员",
        PublicWelfarePost.Other => "其他",
    };

    public static string Of(IncomeCategory category) => category switch
    {
        IncomeCategory.Wage => "工资性收入",
        IncomeCategory.Business => "经营净收入",
        IncomeCategory.Property => "财产净收入",
        IncomeCategory.Transfer => "转移净收入",
    };

    public static string Of(AgreementType type) => type switch
    {
        AgreementType.Employment => "就业务工",
        AgreementType.OrderPurchase => "订单收购",
        AgreementType.LandTransfer => "土地流转",
        AgreementType.Shareholding => "入股分红",
        AgreementType.TechnicalService => "技术服务",
        AgreementType.Mixed => "混合联结",
    };

    public static string Of(AgreementStatus status) => status switch
    {
        AgreementStatus.Active => "履行中",
        AgreementStatus.Terminated => "已终止",
        AgreementStatus.Draft => "草稿",
        AgreementStatus.Discarded => "已作废",
    };

    public static string Of(PricingRule rule) => rule switch
    {
        PricingRule.Market => "随行就市",
        PricingRule.Guaranteed => "保护价收购",
        PricingRule.Floor => "保底价（与市场价取高）",
    };

    public static string Of(TrainingTopic topic) => topic switch
    {
        TrainingTopic.Planting => "种植技术",
        TrainingTopic.Breeding => "养殖技术",
        TrainingTopic.ECommerce => "电子商务",
        TrainingTopic.Processing => "农产品加工",
        TrainingTopic.Handicraft => "手工技艺",
        TrainingTopic.Trades => "务工技能",
        TrainingTopic.Other => "其他",
    };
}

public readonly record struct PublicWelfareJobId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A public-welfare post (公益性岗位) held by a member of a registered household, from a date and, once it ends, to a
/// date. Distribution rules that pay only households working such a post (<c>RequirePublicWelfareJob</c>) ask
/// <see cref="WorkedIn"/>. The member's name and the household number are copied for lists; the place is the
/// household's, so the record is scoped like the household.
/// </summary>
public sealed class PublicWelfareJob : IAreaScoped
{
    public const int MaxTextLength = 100;

    private PublicWelfareJob()
    {
        CountyCode = "";
        HouseholdNo = "";
        MemberName = "";
        RecordedBy = "";
    }

    public PublicWelfareJob(Household household, Member member, PublicWelfarePost post, string? postName, Money monthlyPay,
        DateOnly from, DateOnly? to, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(member);
        if (!household.Members.Contains(member))
        {
            throw new DomainException("jobs.member", $"{member.Name} 不是户 {household.HouseholdNo} 的家庭成员。", "memberId");
        }
        if (!Enum.IsDefined(post))
        {
            throw new DomainException("jobs.post", "岗位类别不是可选的值。", "post");
        }
        if (monthlyPay.IsNegative)
        {
            throw new DomainException("jobs.pay", "月工资不能为负。", "monthlyPay");
        }
        Plausible(from, "startOn", "上岗日期");
        if (to is { } end)
        {
            Plausible(end, "endOn", "离岗日期");
            if (end < from)
            {
                throw new DomainException("jobs.dates", "离岗日期不能早于上岗日期。", "endOn");
            }
        }
        var name = (postName ?? "").Trim();
        if (name.Length > MaxTextLength)
        {
            throw new DomainException("jobs.text", $"岗位名称不超过 {MaxTextLength} 个字。", "postName");
        }
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        MemberId = member.Id;
        MemberName = member.Name;
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        Post = post;
        PostName = name.Length == 0 ? null : name;
        MonthlyPay = monthlyPay;
        From = from;
        To = to;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public PublicWelfareJobId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public MemberId MemberId { get; private set; }

    public string MemberName { get; private set; }

    public PublicWelfarePost Post { get; private set; }

    public string? PostName { get; private set; }

    public Money MonthlyPay { get; private set; }

    public DateOnly From { get; private set; }

    /// <summary>The last day on the post: agreed at registration (a fixed term) or set when it ends; none while open-ended.</summary>
    public DateOnly? To { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string? EndedBy { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool Ended => EndedAt is not null;

    /// <summary>Optimistic concurrency: two officers ending the same post can't both succeed.</summary>
    public int Version { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    /// <summary>Ends the post on <paramref name="on"/> (its last day). A post ends once; a fixed term may be cut short or confirmed.</summary>
    public void End(DateOnly on, string by, DateTimeOffset at)
    {
        if (Ended)
        {
            throw new ConflictException("jobs.ended", $"该岗位已于 {BusinessCalendar.Format(To!.Value)} 离岗，不能再次结束。", "on");
        }
        Plausible(on, "on", "离岗日期");
        if (on < From)
        {
            throw new DomainException("jobs.dates", $"离岗日期不能早于上岗日期 {BusinessCalendar.Format(From)}。", "on");
        }
        To = on;
        EndedBy = by;
        EndedAt = at;
        Version++;
    }

    /// <summary>
    /// Whether the post overlaps the distribution period of <paramref name="year"/>: 1 January of the year to the
    /// earlier of <paramref name="until"/> (the plan's freeze date) and 31 December (see <see cref="PeriodOf"/>).
    /// </summary>
    public bool WorkedIn(int year, DateOnly until) => Overlaps(From, To, year, until);

    /// <summary>
    /// <see cref="WorkedIn"/> over a post's dates as the registry reader finds them: begun by the end of the period
    /// and not ended before its start.
    /// </summary>
    public static bool Overlaps(DateOnly from, DateOnly? to, int year, DateOnly until)
    {
        var (start, end) = PeriodOf(year, until);
        return start <= end && from <= end && (to is null || to >= start);
    }

    /// <summary>The period a plan of <paramref name="year"/> frozen on <paramref name="until"/> looks at; empty (end before start) if frozen before the year.</summary>
    public static (DateOnly Start, DateOnly End) PeriodOf(int year, DateOnly until)
    {
        var start = new DateOnly(year, 1, 1);
        var endOfYear = new DateOnly(year, 12, 31);
        return (start, until < endOfYear ? until : endOfYear);
    }

    private static void Plausible(DateOnly date, string field, string label)
    {
        if (date.Year is < 2000 or > 2100)
        {
            throw new DomainException("jobs.dates", $"{label}应在 2000–2100 年之间。", field);
        }
    }
}
