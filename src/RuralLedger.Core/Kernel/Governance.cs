using RuralLedger.Core.Accounts;

namespace RuralLedger.Core.Kernel;

/// <summary>
/// The codes a module refuses a meeting with, and what its vote decides (方案, 决议…). The rule is the same
/// everywhere; the codes stay each module's own, because its clients already know them.
/// </summary>
public sealed record MeetingRefusals(string Counts, string Quorum, string Majority, string Decision);

/// <summary>
/// A villagers' (representatives') meeting whose vote carried: 村民（代表）会议. Valid with at least two thirds of
/// those entitled present, carried with more than half of those present in favour (村民委员会组织法: 三分之二以上的
/// 组成人员参加方可召开，所作决定应当经到会人员的过半数同意). Only a meeting that carried can be made; loans, supervision
/// cases and rectifications that need a village decision record one of these.
/// </summary>
public sealed record VillageMeeting
{
    private VillageMeeting(DateOnly on, int entitled, int present, int inFavour)
    {
        On = on;
        Entitled = entitled;
        Present = present;
        InFavour = inFavour;
    }

    public DateOnly On { get; }

    /// <summary>应到: members (or representatives) entitled to attend.</summary>
    public int Entitled { get; }

    /// <summary>实到.</summary>
    public int Present { get; }

    /// <summary>赞成.</summary>
    public int InFavour { get; }

    /// <summary>The meeting, if its counts make sense, it was quorate and its vote carried; otherwise refused with the module's codes.</summary>
    public static VillageMeeting Carried(DateOnly on, int entitled, int present, int inFavour, MeetingRefusals refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        if (entitled <= 0 || present < 0 || present > entitled || inFavour < 0 || inFavour > present)
        {
            throw new DomainException(refusals.Counts, "应到、实到与赞成人数不合逻辑。", "present");
        }
        if (!IsQuorate(entitled, present))
        {
            throw new DomainException(refusals.Quorum, $"实到 {present} 人，不足应到 {entitled} 人的三分之二，会议无效。", "present");
        }
        if (!IsCarried(present, inFavour))
        {
            throw new DomainException(refusals.Majority, $"赞成 {inFavour} 票，未超过实到 {present} 人的一半，{refusals.Decision}未通过。", "votesFor");
        }
        return new VillageMeeting(on, entitled, present, inFavour);
    }

    /// <summary>A meeting as it was stored when it was recorded (and checked then).</summary>
    public static VillageMeeting? Stored(DateOnly? on, int? entitled, int? present, int? inFavour) =>
        on is { } day && entitled is { } e && present is { } p && inFavour is { } f ? new VillageMeeting(day, e, p, f) : null;

    // In 64 bits: three times (or twice) a 32-bit count can't overflow, where in 32 bits 1,100,000,000 × 2 turns negative.
    public static bool IsQuorate(int entitled, int present) => checked((long)present * 3) >= checked((long)entitled * 2);

    public static bool IsCarried(int present, int inFavour) => checked((long)inFavour * 2) > present;
}

public enum ApprovalDecision
{
    Approved = 1,  // 同意
    Rejected = 2,  // 不同意（退回）
}

/// <summary>
/// One step of an approval chain: who decided, in which role, on which day, what, and why. A rejection needs its
/// reason; an approval's opinion is optional. Disposals (township, county) and plans (township) record these;
/// loans, supervision cases and rectifications will too.
/// </summary>
public sealed record ApprovalStep
{
    public const int MaxOpinion = 500;

    private ApprovalStep(Role role, DateOnly on, string by, ApprovalDecision decision, string? opinion)
    {
        Role = role;
        On = on;
        By = by;
        Decision = decision;
        Opinion = opinion;
    }

    public Role Role { get; }

    public DateOnly On { get; }

    public string By { get; }

    public ApprovalDecision Decision { get; }

    /// <summary>The opinion given with an approval, or the reason of a rejection.</summary>
    public string? Opinion { get; }

    public static ApprovalStep Approve(Role role, DateOnly on, string by, string? opinion) =>
        new(role, on, Who(by), ApprovalDecision.Approved, Text(opinion, "opinion", "审批意见"));

    public static ApprovalStep Reject(Role role, DateOnly on, string by, string? reason) =>
        new(role, on, Who(by), ApprovalDecision.Rejected,
            Text(reason, "reason", "不予通过的理由") ?? throw new DomainException("approvals.reason_required", "不予通过须说明理由。", "reason"));

    /// <summary>An approval as it was stored when it was given (and checked then).</summary>
    public static ApprovalStep? Stored(Role role, DateOnly? on, string? by, string? opinion) =>
        on is { } day && by is not null ? new ApprovalStep(role, day, by, ApprovalDecision.Approved, opinion) : null;

    private static string Who(string by) => string.IsNullOrWhiteSpace(by) ? throw new ArgumentException("An approval step needs who took it.", nameof(by)) : by;

    private static string? Text(string? text, string field, string label)
    {
        var t = (text ?? "").Trim();
        if (t.Length > MaxOpinion)
        {
            throw new DomainException("approvals.too_long", $"{label}不超过 {MaxOpinion} 个字。", field);
        }
        return t.Length == 0 ? null : t;
    }
}
