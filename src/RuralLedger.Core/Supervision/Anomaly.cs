using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Supervision;

public enum Severity
{
    Low = 1,    // 提示
    Medium = 2, // 关注
    High = 3,   // 严重
}

/// <summary>open → handled (with a note) / turned into a finding / dismissed (with a reason). Only an open warning blocks a new one.</summary>
public enum WarningStatus
{
    Open = 1,      // 待处理
    Handled = 2,   // 已处理
    Finding = 3,   // 已转问题
    Dismissed = 4, // 已排除
}

/// <summary>The stable codes of the anomaly rules; a rule's numbers and switch live in <see cref="AnomalyRule"/> rows.</summary>
public static class RuleCodes
{
    public const string IdleAsset = "asset_idle";
    public const string ContractArrears = "contract_arrears";
    public const string ContractExpired = "contract_expired";
    public const string NoCertificate = "asset_no_certificate";
    public const string IncomeUndistributed = "income_undistributed";
    public const string BatchUnsent = "batch_unsent";
    public const string PayoutToRemoved = "payout_removed_member";
    public const string PaidInTwoCounties = "paid_two_counties";
    public const string DisposalApprovals = "disposal_approvals";
    public const string BelowMonitoringLine = "income_below_line";
}

/// <summary>
/// One version of one anomaly rule of a county (预警规则): its threshold (months or days, as the rule reads it), severity
/// and whether it runs, from a date. Dated data like the distribution rules: a warning records the version that raised
/// it. Until a county publishes its own, <see cref="Defaults"/> (version 0) apply.
/// </summary>
public sealed class AnomalyRule : IAreaScoped
{
    private AnomalyRule()
    {
        CountyCode = "";
        Code = "";
        Name = "";
        Unit = "";
        PublishedBy = "";
    }

    public AnomalyRule(string countyCode, string code, int version, DateOnly effectiveFrom, int threshold, Severity severity, bool enabled,
        string publishedBy, DateTimeOffset publishedAt)
    {
        var known = Defaults.FirstOrDefault(d => d.Code == code)
            ?? throw new DomainException("rules.unknown", $"没有代码为 {code} 的预警规则。", "code");
        if (threshold is < 0 or > 3650)
        {
            throw new DomainException("rules.threshold", "阈值应在 0–3650 之间。", "threshold");
        }
        if (!Enum.IsDefined(severity))
        {
            throw new DomainException("rules.severity", "严重程度不是可选的值。", "severity");
        }
        if (effectiveFrom.Year is < 2000 or > 2100)
        {
            throw new DomainException("rules.date", "生效日期应在 2000–2100 年之间。", "effectiveFrom");
        }
        CountyCode = countyCode;
        Code = code;
        Name = known.Name;
        Unit = known.Unit;
        Version = version;
        EffectiveFrom = effectiveFrom;
        Threshold = threshold;
        Severity = severity;
        Enabled = enabled;
        PublishedBy = publishedBy;
        PublishedAt = publishedAt;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    /// <summary>County reference data: every officer of the county reads the rules (its own filter in RuralDbContext).</summary>
    public DivisionCode? TownshipCode => null;

    public DivisionCode? VillageCode => null;

    public string Code { get; private set; }

    public string Name { get; private set; }

    /// <summary>What the threshold counts: 个月, 天, or empty for a rule without one.</summary>
    public string Unit { get; private set; }

    public int Version { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public int Threshold { get; private set; }

    public Severity Severity { get; private set; }

    public bool Enabled { get; private set; }

    public string PublishedBy { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>The county's rules as of a date: for each code the latest version in force, else the default.</summary>
    public static IReadOnlyList<AnomalyRule> InForce(IEnumerable<AnomalyRule> published, DateOnly on)
    {
        var latest = published.Where(r => r.EffectiveFrom <= on).GroupBy(r => r.Code)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Version).First());
        return Defaults.Select(d => latest.GetValueOrDefault(d.Code) ?? d).ToList();
    }

    /// <summary>Version 0 of every rule: the thresholds of the county's 2025 supervision guidance until it publishes its own.</summary>
    public static readonly IReadOnlyList<AnomalyRule> Defaults =
    [
        Default(RuleCodes.IdleAsset, "经营性资产闲置超过 N 个月", "个月", 6, Severity.High),
        Default(RuleCodes.ContractArrears, "合同欠缴租金超过 N 天", "天", 90, Severity.Medium),
        Default(RuleCodes.ContractExpired, "合同到期 N 天后未续签也未收回", "天", 30, Severity.Medium),
        Default(RuleCodes.NoCertificate, "资产未发放确权证书", "", 0, Severity.Low),
        Default(RuleCodes.IncomeUndistributed, "收益到账超过 N 个月未分配", "个月", 6, Severity.Medium),
        Default(RuleCodes.BatchUnsent, "方案记账 N 天后代发批次仍未发出", "天", 15, Severity.Medium),
        Default(RuleCodes.PayoutToRemoved, "分配给冻结日前已死亡或迁出的户主", "", 0, Severity.High),
        Default(RuleCodes.PaidInTwoCounties, "同一身份证号同年在两个县的方案中受益", "", 0, Severity.High),
        Default(RuleCodes.DisposalApprovals, "资产处置完成但审批不全（村、乡镇、县三级）", "", 0, Severity.High),
        // 防止返贫动态监测: 100 % is the line itself; a county that also watches 边缘易致贫户 publishes e.g. 150.
        Default(RuleCodes.BelowMonitoringLine, "上一年度人均收入低于监测线的 N%", "%", 100, Severity.High),
    ];

    private static AnomalyRule Default(string code, string name, string unit, int threshold, Severity severity) => new()
    {
        Code = code, Name = name, Unit = unit, Version = 0, EffectiveFrom = new DateOnly(2000, 1, 1), Threshold = threshold,
        Severity = severity, Enabled = true, PublishedBy = "默认",
    };
}

/// <summary>
/// 预警: one hit of an anomaly rule on one record, owned by the record's village and township. While it is open the
/// same rule does not raise it again for that record (a unique index over open warnings holds that); once closed, a
/// later run may raise it anew.
/// </summary>
public sealed class AnomalyWarning : IAreaScoped
{
    public const int MaxNote = 200;

    private AnomalyWarning()
    {
        CountyCode = "";
        RuleCode = "";
        TargetKind = "";
        TargetLabel = "";
        Detail = "";
        Link = "";
    }

    public AnomalyWarning(string ruleCode, int ruleVersion, Severity severity, string targetKind, long targetId, string targetLabel, string detail, string link,
        string countyCode, DivisionCode? township, DivisionCode? village, DateTimeOffset raisedAt)
    {
        RuleCode = ruleCode;
        RuleVersion = ruleVersion;
        Severity = severity;
        TargetKind = targetKind;
        TargetId = targetId;
        TargetLabel = Cut(targetLabel, 200);
        Detail = Cut(detail, 300);
        Link = link;
        CountyCode = countyCode;
        TownshipCode = township;
        VillageCode = village;
        RaisedAt = raisedAt;
        Status = WarningStatus.Open;
    }

    public long Id { get; private set; }

    public string RuleCode { get; private set; }

    public int RuleVersion { get; private set; }

    public Severity Severity { get; private set; }

    /// <summary>The kind of record hit ("asset", "contract", "plan_line", …); with <see cref="TargetId"/> the key a rule raises once.</summary>
    public string TargetKind { get; private set; }

    public long TargetId { get; private set; }

    public string TargetLabel { get; private set; }

    public string Detail { get; private set; }

    /// <summary>The record's page.</summary>
    public string Link { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public WarningStatus Status { get; private set; }

    public string? Note { get; private set; }

    public FindingId? FindingId { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int Version { get; private set; }

    public void Handle(string? note, string by, DateTimeOffset at) => Close(WarningStatus.Handled, Reason.Required(note, "note", "处理情况"), null, by, at, "处理");

    public void Dismiss(string? reason, string by, DateTimeOffset at) => Close(WarningStatus.Dismissed, Reason.Required(reason, "note", "排除原因"), null, by, at, "排除");

    public void TurnIntoFinding(Finding finding, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(finding);
        Close(WarningStatus.Finding, $"已转为问题 {finding.Id}", finding.Id, by, at, "转为问题");
    }

    private void Close(WarningStatus to, string note, FindingId? finding, string by, DateTimeOffset at, string action)
    {
        if (Status != WarningStatus.Open)
        {
            throw StateConflict.Of("warnings.bad_step", "预警", Name(Status), action);
        }
        Status = to;
        Note = note;
        FindingId = finding;
        ClosedBy = by;
        ClosedAt = at;
        Version++;
    }

    public static string Name(WarningStatus status) => status switch
    {
        WarningStatus.Open => "待处理",
        WarningStatus.Handled => "已处理",
        WarningStatus.Finding => "已转问题",
        WarningStatus.Dismissed => "已排除",
    };

    public static string Name(Severity severity) => severity switch
    {
        Severity.Low => "提示",
        Severity.Medium => "关注",
        Severity.High => "严重",
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
