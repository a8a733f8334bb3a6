using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

public enum AgreementType
{
    Employment = 1,        // 就业务工
    OrderPurchase = 2,     // 订单收购
    LandTransfer = 3,      // 土地流转
    Shareholding = 4,      // 入股分红
    TechnicalService = 5,  // 技术服务
    Mixed = 6,             // 混合联结
}

public enum AgreementStatus
{
    Active = 1,      // 履行中
    Terminated = 2,  // 已终止
    Draft = 3,       // 草稿：项目验收后带出的联结户，待补全签订
    Discarded = 4,   // 草稿已作废
}

public readonly record struct LinkageAgreementId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The benefits an agreement promises each household; a kind the agreement doesn't promise is zero.</summary>
public sealed record PromisedBenefits(Money MonthlyWage, Money GuaranteedPricePerKg, Money RentPerMu, Money Dividend);

/// <summary>
/// 利益联结协议: an enterprise or cooperative (by its GB 32100 credit code) binds itself to registered households — jobs,
/// purchase at a guaranteed price, rent for land, dividends on shares, technical service — for a term. Renewal extends
/// the term and counts a new edition (<see cref="Edition"/>); termination ends it early with a reason. Both are audited
/// with the reason. Scoped to the village all its households share, else their township, else the county.
/// </summary>
public sealed class LinkageAgreement : IAreaScoped
{
    public const int MaxTextLength = 200;

    public const int MaxPartnerNumberLength = 40;

    private readonly List<AgreementHousehold> _households = [];

    private LinkageAgreement()
    {
        CountyCode = "";
        Number = "";
        PartnerName = "";
        PartnerCode = "";
        RecordedBy = "";
    }

    /// <param name="partnerNumber">The partner's own number of the agreement (协议号) when imported from its sheet: with the credit code, the natural key.</param>
    public LinkageAgreement(string number, string countyCode, string partnerName, string partnerCode, AgreementType type, DateOnly signedOn, DateOnly startOn,
        DateOnly endOn, PromisedBenefits benefits, string? projects, IReadOnlyList<AgreementHousehold> households, string by, DateTimeOffset at,
        string? partnerNumber = null)
        : this(number, countyCode, partnerName, partnerCode, type, signedOn, startOn, endOn, benefits, projects, households, by, at, draft: false)
    {
        if (partnerNumber is not null)
        {
            PartnerNumber = RequiredText.Of(partnerNumber, "partnerNumber", "协议号", MaxPartnerNumberLength);
        }
    }

    private LinkageAgreement(string number, string countyCode, string partnerName, string partnerCode, AgreementType type, DateOnly signedOn, DateOnly startOn,
        DateOnly endOn, PromisedBenefits benefits, string? projects, IReadOnlyList<AgreementHousehold> households, string by, DateTimeOffset at, bool draft)
    {
        ArgumentNullException.ThrowIfNull(households);
        if (households.Count == 0)
        {
            throw new DomainException("agreements.no_households", "协议至少联结一户。", "households");
        }
        if (households.Select(h => h.HouseholdId).Distinct().Count() != households.Count)
        {
            throw new DomainException("agreements.duplicate_household", "同一户在协议中出现了两次。", "households");
        }
        Apply(partnerName, partnerCode, type, signedOn, startOn, endOn, benefits, projects, draft);
        Number = number;
        CountyCode = countyCode;
        var villages = households.Select(h => h.VillageCode).Distinct().ToList();
        var townships = villages.Select(v => v.TownshipOf()).Distinct().ToList();
        VillageCode = villages.Count == 1 ? villages[0] : null;
        TownshipCode = townships.Count == 1 ? townships[0] : null;
        _households.AddRange(households);
        Status = draft ? AgreementStatus.Draft : AgreementStatus.Active;
        Edition = 1;
        RecordedBy = by;
        RecordedAt = at;
    }

    /// <summary>
    /// The draft an accepted project leaves for the linkage office (issue 18): its linked households with their planned
    /// benefit, the type their kinds of benefit suggest, a term from the acceptance date. The partner and terms are
    /// completed by editing; a draft binds nobody (not in force, not counted as linkage) until it is activated.
    /// </summary>
    public static LinkageAgreement DraftFor(string number, string countyCode, long projectId, string projectName, AgreementType type, DateOnly acceptedOn,
        IReadOnlyList<AgreementHousehold> households, string by, DateTimeOffset at)
    {
        var draft = new LinkageAgreement(number, countyCode, "", "", type, acceptedOn, acceptedOn, acceptedOn.AddYears(3).AddDays(-1),
            new PromisedBenefits(Money.Zero, Money.Zero, Money.Zero, Money.Zero), projectName.Length > MaxTextLength ? projectName[..MaxTextLength] : projectName,
            households, by, at, draft: true);
        draft.ProjectId = projectId;
        return draft;
    }

    /// <summary>Changes a draft's partner and terms; only a draft can be edited (an active agreement is renewed or terminated).</summary>
    public void Edit(string partnerName, string partnerCode, AgreementType type, DateOnly signedOn, DateOnly startOn, DateOnly endOn, PromisedBenefits benefits,
        string? projects)
    {
        if (Status != AgreementStatus.Draft)
        {
            throw StateConflict.Of("agreements.bad_status", "协议", LinkageNames.Of(Status), "修改", LinkageNames.Of(AgreementStatus.Draft));
        }
        var before = (PartnerName, PartnerCode, Type, SignedOn, StartOn, EndOn, Benefits, Projects);
        Apply(partnerName, partnerCode, type, signedOn, startOn, endOn, benefits, projects, draft: true);
        // The same terms again are the edit already saved (a double click, a retry), refused by the draft's state.
        if (before == (PartnerName, PartnerCode, Type, SignedOn, StartOn, EndOn, Benefits, Projects))
        {
            throw StateConflict.Of("agreements.draft_unchanged", "协议草稿", "已是这些内容", "再保存同样的内容");
        }
        Version++;
    }

    /// <summary>Signs a draft: from now on it binds its households like an agreement entered signed.</summary>
    public void Activate()
    {
        if (Status != AgreementStatus.Draft)
        {
            throw StateConflict.Of("agreements.bad_status", "协议", LinkageNames.Of(Status), "签订生效", LinkageNames.Of(AgreementStatus.Draft));
        }
        Apply(PartnerName, PartnerCode, Type, SignedOn, StartOn, EndOn, Benefits, Projects, draft: false);
        Status = AgreementStatus.Active;
        Version++;
    }

    public void Discard(string? reason)
    {
        if (Status != AgreementStatus.Draft)
        {
            throw StateConflict.Of("agreements.bad_status", "协议", LinkageNames.Of(Status), "作废", LinkageNames.Of(AgreementStatus.Draft));
        }
        LastReason = Reason.Required(reason);
        Status = AgreementStatus.Discarded;
        Version++;
    }

    /// <summary>A draft may lack its partner; a signed agreement may not.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(PartnerName), nameof(PartnerCode))]
    private void Apply(string partnerName, string partnerCode, AgreementType type, DateOnly signedOn, DateOnly startOn, DateOnly endOn, PromisedBenefits benefits,
        string? projects, bool draft)
    {
        ArgumentNullException.ThrowIfNull(benefits);
        if (!Enum.IsDefined(type))
        {
            throw new DomainException("agreements.type", "联结方式不是可选的值。", "type");
        }
        var name = (partnerName ?? "").Trim();
        if ((name.Length == 0 && !draft) || name.Length > MaxTextLength)
        {
            throw new DomainException("agreements.partner", $"经营主体名称不能为空，不超过 {MaxTextLength} 个字。", "partnerName");
        }
        if (string.IsNullOrEmpty(partnerCode) && !draft)
        {
            throw new DomainException("agreements.partner_code", "请填写经营主体的统一社会信用代码。", "partnerCode");
        }
        if (endOn < startOn)
        {
            throw new DomainException("agreements.term", "协议止日不能早于起日。", "endOn");
        }
        if (signedOn > startOn)
        {
            throw new DomainException("agreements.signed", "签订日期不能晚于协议起日。", "signedOn");
        }
        if (benefits.MonthlyWage.IsNegative || benefits.GuaranteedPricePerKg.IsNegative || benefits.RentPerMu.IsNegative || benefits.Dividend.IsNegative)
        {
            throw new DomainException("agreements.benefit", "承诺的收益不能为负。", "benefits");
        }
        var text = (projects ?? "").Trim();
        if (text.Length > MaxTextLength)
        {
            throw new DomainException("agreements.projects", $"涉及资产或项目不超过 {MaxTextLength} 个字。", "projects");
        }
        PartnerName = name;
        PartnerCode = partnerCode ?? "";
        Type = type;
        SignedOn = signedOn;
        StartOn = startOn;
        EndOn = endOn;
        Benefits = benefits;
        Projects = text.Length == 0 ? null : text;
    }

    public LinkageAgreementId Id { get; private set; }

    /// <summary>协议编号 LJ{county}-{year}-{n:D5}, from the county's counter.</summary>
    public string Number { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string PartnerName { get; private set; }

    public string PartnerCode { get; private set; }

    /// <summary>协议号 as the partner numbers it (imported sheets); unique with <see cref="PartnerCode"/> in the county.</summary>
    public string? PartnerNumber { get; private set; }

    public AgreementType Type { get; private set; }

    public DateOnly SignedOn { get; private set; }

    public DateOnly StartOn { get; private set; }

    public DateOnly EndOn { get; private set; }

    public PromisedBenefits Benefits { get; private set; } = new(Money.Zero, Money.Zero, Money.Zero, Money.Zero);

    public string? Projects { get; private set; }

    public AgreementStatus Status { get; private set; }

    /// <summary>1 when signed, +1 at each renewal.</summary>
    public int Edition { get; private set; }

    public DateOnly? TerminatedOn { get; private set; }

    /// <summary>The reason of the last renewal or of the termination.</summary>
    public string? LastReason { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>The accepted project whose linked households this agreement was drafted from; one draft per project.</summary>
    public long? ProjectId { get; private set; }

    public IReadOnlyList<AgreementHousehold> Households => _households;

    /// <summary>
    /// Whether the agreement binds its households in <paramref name="year"/> (its term, cut at termination, meets the
    /// year). A draft or a discarded draft binds nobody.
    /// </summary>
    public bool InForceIn(int year) => Status is AgreementStatus.Active or AgreementStatus.Terminated && StartOn.Year <= year && (TerminatedOn ?? EndOn).Year >= year;

    public void Renew(DateOnly newEndOn, string? reason)
    {
        if (Status != AgreementStatus.Active)
        {
            throw StateConflict.Of("agreements.bad_status", "协议", LinkageNames.Of(Status), "续签");
        }
        // The same end date again is the renewal already done (a double click, a retry): refused by the state, not the input.
        if (newEndOn == EndOn && Edition > 1)
        {
            throw StateConflict.Of("agreements.renewed", "协议", $"已续签至 {BusinessCalendar.Format(EndOn)}", "再续签至同一日期");
        }
        if (newEndOn <= EndOn)
        {
            throw new DomainException("agreements.renew_end", $"续签后的止日应晚于现止日 {BusinessCalendar.Format(EndOn)}。", "endOn");
        }
        var why = Reason.Required(reason);
        EndOn = newEndOn;
        Edition++;
        LastReason = why;
        Version++;
    }

    public void Terminate(DateOnly on, string? reason)
    {
        if (Status != AgreementStatus.Active)
        {
            throw StateConflict.Of("agreements.bad_status", "协议", LinkageNames.Of(Status), "终止");
        }
        if (on < StartOn || on > EndOn)
        {
            throw new DomainException("agreements.terminate_on", $"终止日期应在协议期 {BusinessCalendar.Format(StartOn)} 至 {BusinessCalendar.Format(EndOn)} 之间。", "on");
        }
        var why = Reason.Required(reason);
        Status = AgreementStatus.Terminated;
        TerminatedOn = on;
        LastReason = why;
        Version++;
    }
}

/// <summary>A household bound by an agreement, copied from the registry.</summary>
public sealed class AgreementHousehold
{
    private AgreementHousehold()
    {
        HouseholdNo = "";
        HeadName = "";
    }

    public AgreementHousehold(HouseholdId householdId, string householdNo, string headName, DivisionCode villageCode, Money? plannedBenefit = null)
    {
        HouseholdId = householdId;
        HouseholdNo = householdNo;
        HeadName = headName;
        VillageCode = villageCode;
        PlannedBenefit = plannedBenefit;
    }

    public long Id { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public string HeadName { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    /// <summary>The yearly benefit the project planned for the household (drafts from project selection); none when entered signed.</summary>
    public Money? PlannedBenefit { get; private set; }
}
