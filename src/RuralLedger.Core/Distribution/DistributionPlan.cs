using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Distribution;

public enum PlanStatus
{
    Computed = 1,          // 已测算
    MeetingPassed = 2,     // 四议已通过
    Noticed = 3,           // 公示中 / 公示期满
    Approved = 4,          // 乡镇已审批
    Posted = 5,            // 已记账
    Discarded = 8,         // 已作废（会议前发现测算有误）
    Reversed = 9,          // 已冲销
}

public enum PlanKind
{
    Distribution = 1,  // 分配方案
    Reversal = 2,      // 冲销方案（更正已记账方案）
}

/// <summary>One part of the pool as computed under the rule version the plan was made with.</summary>
public sealed class PlanPart
{
    private PlanPart()
    {
        Code = "";
        Name = "";
    }

    internal PlanPart(PartAmount p)
    {
        Code = p.Part.Code;
        Name = p.Part.Name;
        Kind = p.Part.Kind;
        BasisPoints = p.Part.BasisPoints;
        Amount = p.Amount;
    }

    internal PlanPart(PlanPart original)
    {
        Code = original.Code;
        Name = original.Name;
        Kind = original.Kind;
        BasisPoints = original.BasisPoints;
        Amount = -original.Amount;
    }

    public long Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public RulePartKind Kind { get; private set; }

    public int BasisPoints { get; private set; }

    public Money Amount { get; private set; }
}

/// <summary>An objection filed during the public notice, and the answer the village gave.</summary>
public sealed class Objection
{
    private Objection()
    {
        FiledBy = "";
        Content = "";
    }

    internal Objection(DateOnly filedOn, string filedBy, string content, ObjectionContact? contact)
    {
        FiledOn = filedOn;
        FiledBy = filedBy;
        Content = content;
        OnBoard = contact is not null;
        PhoneCipher = contact?.PhoneCipher;
        PhoneMasked = contact?.PhoneMasked;
    }

    public long Id { get; private set; }

    public DateOnly FiledOn { get; private set; }

    public string FiledBy { get; private set; }

    public string Content { get; private set; }

    public string? Answer { get; private set; }

    public DateOnly? AnsweredOn { get; private set; }

    /// <summary>Filed by a villager on the public notice board (no sign-in), not entered by an officer.</summary>
    public bool OnBoard { get; private set; }

    public byte[]? PhoneCipher { get; private set; }

    public string? PhoneMasked { get; private set; }

    internal void Respond(string answer, DateOnly on)
    {
        Answer = answer;
        AnsweredOn = on;
    }
}

/// <summary>How a villager who filed on the public board can be reached: the phone encrypted, and masked for officers' lists.</summary>
public sealed record ObjectionContact(byte[]? PhoneCipher, string? PhoneMasked);

/// <summary>
/// 收益分配方案 of one village and income year. Governance before money moves: the 四议两公开 meeting (at least
/// two thirds present, more than half in favour), a public notice of at least 7 days ended by the business date
/// with every objection answered, then township approval; only then can it be posted, once. A posted plan is
/// never edited — a correction is a <see cref="PlanKind.Reversal"/> plan that negates it.
/// </summary>
public sealed class DistributionPlan : IAreaScoped
{
    public const int MinimumNoticeDays = 7;

    private readonly List<PlanPart> _parts = [];
    private readonly List<Objection> _objections = [];

    private DistributionPlan()
    {
        CountyCode = "";
        Number = "";
        Title = "";
        RuleCode = "";
        CreatedBy = "";
    }

    public DistributionPlan(string number, DivisionCode villageCode, int year, string? title, DistributionRule rule, DateOnly freezeOn,
        DistributionResult result, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(result);
        if (villageCode.Level != AreaLevel.Village)
        {
            throw new DomainException("plans.village_required", "分配方案以行政村为单位。", "villageCode");
        }
        Number = number;
        CountyCode = villageCode.County;
        TownshipCode = villageCode.TownshipOf();
        VillageCode = villageCode;
        Year = year;
        Title = string.IsNullOrWhiteSpace(title) ? $"{year} 年度扶贫项目资产收益分配方案" : title.Trim();
        Kind = PlanKind.Distribution;
        RuleId = rule.Id;
        RuleCode = rule.Code;
        RuleVersion = rule.Version;
        FreezeOn = freezeOn;
        Pool = result.Pool;
        Dividends = result.Dividends;
        TotalWeight = result.TotalWeight;
        Households = result.Lines.Count;
        _parts.AddRange(result.Parts.Select(p => new PlanPart(p)));
        Status = PlanStatus.Computed;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    private DistributionPlan(DistributionPlan original, string number, string reason, string createdBy, DateTimeOffset createdAt)
    {
        Number = number;
        CountyCode = original.CountyCode;
        TownshipCode = original.TownshipCode;
        VillageCode = original.VillageCode;
        Year = original.Year;
        Title = "冲销：" + original.Title;
        Kind = PlanKind.Reversal;
        ReversesId = original.Id;
        ReversalReason = reason;
        RuleId = original.RuleId;
        RuleCode = original.RuleCode;
        RuleVersion = original.RuleVersion;
        FreezeOn = original.FreezeOn;
        Pool = -original.Pool;
        Dividends = -original.Dividends;
        TotalWeight = original.TotalWeight;
        Households = original.Households;
        _parts.AddRange(original._parts.Select(p => new PlanPart(p)));
        // A reversal only undoes what was already decided, approved and posted; it is approved by the township like any plan.
        Status = PlanStatus.Noticed;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public DistributionPlanId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string Number { get; private set; }

    public int Year { get; private set; }

    public string Title { get; private set; }

    public PlanKind Kind { get; private set; }

    public DistributionPlanId? ReversesId { get; private set; }

    public string? ReversalReason { get; private set; }

    public DistributionPlanId? ReversedById { get; private set; }

    public DistributionRuleId RuleId { get; private set; }

    public string RuleCode { get; private set; }

    public int RuleVersion { get; private set; }

    /// <summary>The date the beneficiary list is frozen at, from the registry's status history.</summary>
    public DateOnly FreezeOn { get; private set; }

    public Money Pool { get; private set; }

    public Money Dividends { get; private set; }

    public long TotalWeight { get; private set; }

    public int Households { get; private set; }

    public PlanStatus Status { get; private set; }

    public DateOnly? MeetingOn { get; private set; }

    public int? MeetingEntitled { get; private set; }

    public int? MeetingPresent { get; private set; }

    public int? MeetingFor { get; private set; }

    public string? MeetingMinutes { get; private set; }

    public DateOnly? NoticeFrom { get; private set; }

    public DateOnly? NoticeTo { get; private set; }

    public string? NoticePlace { get; private set; }

    public DateOnly? ApprovedOn { get; private set; }

    public string? ApprovedBy { get; private set; }

    public string? ApprovalOpinion { get; private set; }

    public DateOnly? PostedOn { get; private set; }

    public string? PostedBy { get; private set; }

    /// <summary>The last time the township sent the plan back to the village (退回), and why.</summary>
    public DateOnly? ReturnedOn { get; private set; }

    public string? ReturnedBy { get; private set; }

    public string? ReturnReason { get; private set; }

    public DateOnly? DiscardedOn { get; private set; }

    public string? DiscardedBy { get; private set; }

    public string? DiscardReason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<PlanPart> Parts => _parts;

    public IReadOnlyList<Objection> Objections => _objections;

    public string RemainderRule => DistributionResult.RemainderRule;

    /// <summary>The 四议 meeting, once it carried.</summary>
    public VillageMeeting? Meeting => VillageMeeting.Stored(MeetingOn, MeetingEntitled, MeetingPresent, MeetingFor);

    /// <summary>The township's approval, once given.</summary>
    public ApprovalStep? Approval => ApprovalStep.Stored(Role.TownshipOfficer, ApprovedOn, ApprovedBy, ApprovalOpinion);

    public static readonly MeetingRefusals MeetingRefusals = new("plans.meeting_counts", "plans.quorum", "plans.majority", "方案");

    /// <summary>四议: the villagers' (representatives') meeting; see <see cref="VillageMeeting"/> for when it is valid and carried.</summary>
    public void RecordMeeting(DateOnly on, int entitled, int present, int votesFor, string? minutes, DateOnly today)
    {
        Expect(PlanStatus.Computed, "记录会议");
        if (on > today)
        {
            throw new DomainException("plans.future_date", "会议日期不能晚于今天。", "meetingOn");
        }
        // The meeting votes on these figures: a meeting held before they were computed cannot have approved them.
        if (on < ComputedOn)
        {
            throw new DomainException("plans.meeting_before_plan", $"会议日期不能早于方案测算日期 {ComputedOn:yyyy-MM-dd}。", "meetingOn");
        }
        var meeting = VillageMeeting.Carried(on, entitled, present, votesFor, MeetingRefusals);
        MeetingOn = meeting.On;
        MeetingEntitled = meeting.Entitled;
        MeetingPresent = meeting.Present;
        MeetingFor = meeting.InFavour;
        MeetingMinutes = string.IsNullOrWhiteSpace(minutes) ? null : minutes.Trim();
        Status = PlanStatus.MeetingPassed;
        Version++;
    }

    /// <summary>
    /// 两公开: the notice runs at least 7 whole days (from and to inclusive) after the meeting, and is entered while it
    /// still runs: a notice recorded after its end could not have been open to objections through the system.
    /// </summary>
    public void PublishNotice(DateOnly from, DateOnly to, string? place, DateOnly today)
    {
        Expect(PlanStatus.MeetingPassed, "公示");
        if (to < today)
        {
            throw new DomainException("plans.notice_ended", $"公示期至 {to:yyyy-MM-dd} 已结束，不能事后登记；请按实际张贴日期重新公示。", "noticeTo");
        }
        if (from < MeetingOn)
        {
            throw new DomainException("plans.notice_before_meeting", "公示不能早于会议日期。", "noticeFrom");
        }
        if (to.DayNumber - from.DayNumber + 1 < MinimumNoticeDays)
        {
            throw new DomainException("plans.notice_too_short", $"公示期不少于 {MinimumNoticeDays} 天（{from:yyyy-MM-dd} 至 {to:yyyy-MM-dd} 为 {to.DayNumber - from.DayNumber + 1} 天）。", "noticeTo");
        }
        NoticeFrom = from;
        NoticeTo = to;
        NoticePlace = string.IsNullOrWhiteSpace(place) ? "村务公开栏" : place.Trim();
        Status = PlanStatus.Noticed;
        Version++;
    }

    /// <param name="contact">Given for an objection filed on the public board; null when an officer records one.</param>
    public Objection FileObjection(DateOnly on, string? by, string? content, ObjectionContact? contact = null)
    {
        if (Status != PlanStatus.Noticed || NoticeFrom is null || on < NoticeFrom || on > NoticeTo)
        {
            throw new DomainException("plans.not_in_notice", "只能在公示期内提出异议。", "filedOn");
        }
        var objection = new Objection(on,
            string.IsNullOrWhiteSpace(by) ? "匿名" : by.Trim(),
            string.IsNullOrWhiteSpace(content) ? throw new DomainException("plans.objection_empty", "异议内容不能为空。", "content") : content.Trim(),
            contact);
        _objections.Add(objection);
        Version++;
        return objection;
    }

    public void AnswerObjection(long objectionId, string? answer, DateOnly on)
    {
        var objection = _objections.FirstOrDefault(o => o.Id == objectionId)
            ?? throw new NotFoundException("plans.objection_not_found", "没有这条异议。");
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new DomainException("plans.answer_empty", "答复内容不能为空。", "answer");
        }
        objection.Respond(answer.Trim(), on);
        Version++;
    }

    /// <summary>Township approval: only after the notice has ended by the business date and every objection is answered.</summary>
    public void Approve(DateOnly today, string approver, string? opinion)
    {
        Expect(PlanStatus.Noticed, "审批");
        if (Kind == PlanKind.Distribution && today <= NoticeTo)
        {
            throw new ConflictException("plans.notice_running", $"公示期至 {NoticeTo:yyyy-MM-dd} 止，期满后方可审批。", "status");
        }
        var open = _objections.Count(o => o.Answer is null);
        if (open > 0)
        {
            throw new ConflictException("plans.open_objections", $"尚有 {open} 条异议未答复。", "objections");
        }
        var step = ApprovalStep.Approve(Role.TownshipOfficer, today, approver, opinion);
        (ApprovedOn, ApprovedBy, ApprovalOpinion) = (step.On, step.By, step.Opinion);
        Status = PlanStatus.Approved;
        Version++;
    }

    /// <summary>
    /// 退回: the township sends a plan back to the village with its reason. The meeting and notice are undone (the audit
    /// trail keeps them) and the village holds them again; objections stay on the record.
    /// </summary>
    public void Return(DateOnly today, string by, string? reason)
    {
        if (Status is not (PlanStatus.MeetingPassed or PlanStatus.Noticed) || Kind == PlanKind.Reversal)
        {
            throw new DomainException("plans.bad_step", $"方案当前为“{IncomeNames.Of(Status)}”，不能退回。", "status");
        }
        var step = ApprovalStep.Reject(Role.TownshipOfficer, today, by, reason);
        (ReturnedOn, ReturnedBy, ReturnReason) = (step.On, step.By, step.Opinion);
        (MeetingOn, MeetingEntitled, MeetingPresent, MeetingFor, MeetingMinutes) = (null, null, null, null, null);
        (NoticeFrom, NoticeTo, NoticePlace) = (null, null, null);
        Status = PlanStatus.Computed;
        Version++;
    }

    /// <summary>作废: a plan computed by mistake is discarded before any meeting voted on it; its income is released by the caller.</summary>
    public void Discard(DateOnly today, string by, string? reason)
    {
        Expect(PlanStatus.Computed, "作废");
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
        {
            throw new DomainException("plans.reason_required", "作废原因不能为空。", "reason");
        }
        if (text.Length > ApprovalStep.MaxOpinion)
        {
            throw new DomainException("approvals.too_long", $"作废原因不超过 {ApprovalStep.MaxOpinion} 个字。", "reason");
        }
        (DiscardedOn, DiscardedBy, DiscardReason) = (today, by, text);
        Status = PlanStatus.Discarded;
        Version++;
    }

    /// <summary>The day (China Standard Time) the figures were computed.</summary>
    public DateOnly ComputedOn => DateOnly.FromDateTime(CreatedAt.ToOffset(BusinessCalendar.ChinaOffset).DateTime);

    public void MarkPosted(DateOnly on, string by)
    {
        Expect(PlanStatus.Approved, "记账");
        PostedOn = on;
        PostedBy = by;
        Status = PlanStatus.Posted;
        Version++;
    }

    /// <summary>Starts a reversal of this posted plan; the original is marked reversed once the reversal posts.</summary>
    public DistributionPlan Reverse(string number, string? reason, string by, DateTimeOffset at)
    {
        Expect(PlanStatus.Posted, "冲销");
        if (Kind == PlanKind.Reversal)
        {
            throw new ConflictException("plans.reverse_reversal", "冲销方案不能再冲销。", StateConflict.Field);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("plans.reason_required", "冲销原因不能为空。", "reason");
        }
        return new DistributionPlan(this, number, reason.Trim(), by, at);
    }

    public void MarkReversedBy(DistributionPlanId reversalId)
    {
        Expect(PlanStatus.Posted, "冲销");
        ReversedById = reversalId;
        Status = PlanStatus.Reversed;
        Version++;
    }

    private void Expect(PlanStatus expected, string action)
    {
        if (Status != expected)
        {
            throw StateConflict.Of("plans.bad_step", "方案", IncomeNames.Of(Status), action);
        }
    }
}

public static class IncomeNames
{
    public static string Of(PlanStatus s) => s switch
    {
        PlanStatus.Computed => "已测算",
        PlanStatus.MeetingPassed => "会议已通过",
        PlanStatus.Noticed => "公示中",
        PlanStatus.Approved => "乡镇已审批",
        PlanStatus.Posted => "已记账",
        PlanStatus.Discarded => "已作废",
        PlanStatus.Reversed => "已冲销",
    };

    public static string Of(RulePartKind k) => k switch
    {
        RulePartKind.HouseholdDividend => "农户分红",
        RulePartKind.CollectiveIncome => "村集体经济收入",
        RulePartKind.ManagementFund => "村级管理和发展基金",
        RulePartKind.Other => "其他",
    };

    public static string Of(HouseholdWeighting w) => w switch
    {
        HouseholdWeighting.PerHousehold => "按户",
        HouseholdWeighting.PerPerson => "按人口",
        HouseholdWeighting.Factors => "按因素加权",
    };
}
