using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Supervision;

/// <summary>What an inspection looks at: one record of a business module, or a village as a whole.</summary>
public enum InspectionTarget
{
    Asset = 1,     // 资产
    Contract = 2,  // 合同
    Plan = 3,      // 收益分配方案
    Project = 4,   // 项目
    Loan = 5,      // 小额信贷
    Village = 6,   // 行政村（整体）
}

public enum FindingCategory
{
    AssetLost = 1,             // 资产流失
    AssetIdle = 2,             // 资产闲置
    AssetDamaged = 3,          // 资产毁损
    IncomeNotCollected = 4,    // 收益未收缴
    DistributionIrregular = 5, // 分配不规范
    FundsDiverted = 6,         // 资金挪用
    RecordsMissing = 7,        // 台账资料缺失
    Other = 99,                // 其他
}

/// <summary>
/// A finding's rectification: open (the responsible unit rectifies), submitted (proof awaits the inspector's check),
/// accepted (closed), returned (rejected back with a reason; the unit submits again).
/// </summary>
public enum FindingStatus
{
    Open = 1,      // 待整改
    Submitted = 2, // 待复核
    Accepted = 3,  // 已销号
    Returned = 4,  // 退回重改
}

public enum SupervisionFileKind
{
    Evidence = 1, // 检查取证
    Proof = 2,    // 整改佐证
}

public static class SupervisionNames
{
    public static string Of(InspectionTarget target) => target switch
    {
        InspectionTarget.Asset => "资产",
        InspectionTarget.Contract => "合同",
        InspectionTarget.Plan => "分配方案",
        InspectionTarget.Project => "项目",
        InspectionTarget.Loan => "小额信贷",
        InspectionTarget.Village => "行政村",
    };

    public static string Of(FindingCategory category) => category switch
    {
        FindingCategory.AssetLost => "资产流失",
        FindingCategory.AssetIdle => "资产闲置",
        FindingCategory.AssetDamaged => "资产毁损",
        FindingCategory.IncomeNotCollected => "收益未收缴",
        FindingCategory.DistributionIrregular => "分配不规范",
        FindingCategory.FundsDiverted => "资金挪用",
        FindingCategory.RecordsMissing => "台账资料缺失",
        FindingCategory.Other => "其他",
    };

    public static string Of(FindingStatus status) => status switch
    {
        FindingStatus.Open => "待整改",
        FindingStatus.Submitted => "待复核",
        FindingStatus.Accepted => "已销号",
        FindingStatus.Returned => "退回重改",
    };

    public static string Of(Severity severity) => AnomalyWarning.Name(severity);

    public static string Of(WarningStatus status) => AnomalyWarning.Name(status);

    public static string Of(SupervisionFileKind kind) => kind switch
    {
        SupervisionFileKind.Evidence => "检查取证",
        SupervisionFileKind.Proof => "整改佐证",
    };

    /// <summary>Free text of an inspection or a finding: trimmed, bounded, required when <paramref name="required"/>.</summary>
    internal static string? Text(string? text, string field, string label, int max, bool required)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return required ? throw new DomainException("supervision.required", $"请填写{label}。", field) : null;
        }
        return t.Length > max ? throw new DomainException("supervision.too_long", $"{label}不超过 {max} 个字。", field) : t;
    }
}

public readonly record struct InspectionCampaignId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct InspectionId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct FindingId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>专项检查: a county's campaign that groups inspections (e.g. “2026 年扶贫资产专项清查”).</summary>
public sealed class InspectionCampaign : IAreaScoped
{
    public const int MaxName = 100;

    private InspectionCampaign()
    {
        CountyCode = "";
        Name = "";
        CreatedBy = "";
    }

    public InspectionCampaign(string countyCode, string? name, int year, string createdBy, DateTimeOffset createdAt)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("supervision.year", "年度应在 2000–2100 之间。", "year");
        }
        CountyCode = countyCode;
        Name = SupervisionNames.Text(name, "name", "专项检查名称", MaxName, required: true)!;
        Year = year;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public InspectionCampaignId Id { get; private set; }

    public string CountyCode { get; private set; }

    /// <summary>A campaign is the county's: township and village officers see it through its inspections, not as a record.</summary>
    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string Name { get; private set; }

    public int Year { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>
/// One inspection of a target (an asset, a contract, a plan, a project, a loan, or a village as a whole) on a date. Its
/// place is the target's, copied when the inspection is recorded, so the village and township that own the target see
/// it and its findings.
/// </summary>
public sealed class Inspection : IAreaScoped
{
    public const int MaxSummary = 500;

    private Inspection()
    {
        CountyCode = "";
        TargetLabel = "";
        Summary = "";
        Inspector = "";
    }

    public Inspection(InspectionTarget target, long targetId, string targetLabel, string countyCode, DivisionCode? township, DivisionCode? village,
        InspectionCampaignId? campaignId, DateOnly inspectedOn, string? summary, string inspector, DateTimeOffset recordedAt)
    {
        if (!Enum.IsDefined(target))
        {
            throw new DomainException("supervision.target", "检查对象类别不是可选的值。", "target");
        }
        if (inspectedOn.Year is < 2000 or > 2100)
        {
            throw new DomainException("supervision.date", "检查日期应在 2000–2100 年之间。", "inspectedOn");
        }
        Target = target;
        TargetId = targetId;
        TargetLabel = targetLabel.Length <= 200 ? targetLabel : targetLabel[..200];
        CountyCode = countyCode;
        TownshipCode = township;
        VillageCode = village;
        CampaignId = campaignId;
        InspectedOn = inspectedOn;
        Summary = SupervisionNames.Text(summary, "summary", "检查情况", MaxSummary, required: true)!;
        Inspector = inspector;
        RecordedAt = recordedAt;
    }

    public InspectionId Id { get; private set; }

    public InspectionCampaignId? CampaignId { get; private set; }

    public InspectionTarget Target { get; private set; }

    public long TargetId { get; private set; }

    public string TargetLabel { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public DateOnly InspectedOn { get; private set; }

    public string Summary { get; private set; }

    public string Inspector { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Moves with every finding added, so two findings saved at once from stale pages can't both pass unseen.</summary>
    public int Version { get; private set; }

    public Finding AddFinding(FindingCategory category, Money amount, string? description, string? unit, string? person, DateOnly deadline,
        string by, DateTimeOffset at)
    {
        if (deadline < InspectedOn)
        {
            throw new DomainException("supervision.deadline", $"整改期限不能早于检查日期 {BusinessCalendar.Format(InspectedOn)}。", "deadline");
        }
        Version++;
        return new Finding(this, category, amount, description, unit, person, deadline, by, at);
    }
}

/// <summary>
/// 问题: what an inspection found, who must rectify it by when, and the rectification's state. Proof is submitted by
/// the responsible village or township; the inspector accepts it (closed) or returns it with a reason (rectify again).
/// </summary>
public sealed class Finding : IAreaScoped
{
    public const int MaxText = 500;

    private Finding()
    {
        CountyCode = "";
        Description = "";
        ResponsibleUnit = "";
        ResponsiblePerson = "";
        RecordedBy = "";
    }

    internal Finding(Inspection inspection, FindingCategory category, Money amount, string? description, string? unit, string? person,
        DateOnly deadline, string by, DateTimeOffset at)
    {
        if (!Enum.IsDefined(category))
        {
            throw new DomainException("supervision.category", "问题类别不是可选的值。", "category");
        }
        if (amount.IsNegative)
        {
            throw new DomainException("supervision.amount", "涉及金额不能为负。", "amount");
        }
        InspectionId = inspection.Id;
        CountyCode = inspection.CountyCode;
        TownshipCode = inspection.TownshipCode;
        VillageCode = inspection.VillageCode;
        Category = category;
        Amount = amount;
        Description = SupervisionNames.Text(description, "description", "问题描述", MaxText, required: true)!;
        ResponsibleUnit = SupervisionNames.Text(unit, "responsibleUnit", "责任单位", 100, required: true)!;
        ResponsiblePerson = SupervisionNames.Text(person, "responsiblePerson", "责任人", 30, required: true)!;
        Deadline = deadline;
        Status = FindingStatus.Open;
        RecordedBy = by;
        RecordedAt = at;
    }

    public FindingId Id { get; private set; }

    public InspectionId InspectionId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public FindingCategory Category { get; private set; }

    public Money Amount { get; private set; }

    public string Description { get; private set; }

    public string ResponsibleUnit { get; private set; }

    public string ResponsiblePerson { get; private set; }

    public DateOnly Deadline { get; private set; }

    public FindingStatus Status { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The latest proof text; earlier rounds are in the audit trail.</summary>
    public string? Proof { get; private set; }

    public string? SubmittedBy { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>The inspector's reason for the latest return.</summary>
    public string? ReturnReason { get; private set; }

    public string? CheckedBy { get; private set; }

    public DateTimeOffset? CheckedAt { get; private set; }

    /// <summary>How many times proof was submitted (a returned finding comes back with the next round).</summary>
    public int Rounds { get; private set; }

    public int Version { get; private set; }

    /// <summary>Past its deadline and not closed: what the overdue list and the owner's home page show.</summary>
    public bool OverdueOn(DateOnly today) => Status != FindingStatus.Accepted && Deadline < today;

    public void Submit(string? proof, string by, DateTimeOffset at)
    {
        if (Status is not (FindingStatus.Open or FindingStatus.Returned))
        {
            throw StateConflict.Of("supervision.bad_step", "问题", SupervisionNames.Of(Status), "提交整改");
        }
        Proof = SupervisionNames.Text(proof, "proof", "整改情况", MaxText, required: true);
        SubmittedBy = by;
        SubmittedAt = at;
        Rounds++;
        Status = FindingStatus.Submitted;
        Version++;
    }

    public void Accept(string by, DateTimeOffset at)
    {
        Checkable("销号");
        CheckedBy = by;
        CheckedAt = at;
        Status = FindingStatus.Accepted;
        Version++;
    }

    public void Return(string? reason, string by, DateTimeOffset at)
    {
        Checkable("退回");
        ReturnReason = Reason.Required(reason, label: "退回原因");
        CheckedBy = by;
        CheckedAt = at;
        Status = FindingStatus.Returned;
        Version++;
    }

    private void Checkable(string action)
    {
        if (Status != FindingStatus.Submitted)
        {
            throw StateConflict.Of("supervision.bad_step", "问题", SupervisionNames.Of(Status), action);
        }
    }
}

/// <summary>
/// A photo backing a finding (检查取证) or its rectification (整改佐证), stored in the database like a project's
/// evidence files. Only images whose content is JPEG, PNG or WebP are kept, whatever the upload calls itself.
/// </summary>
public sealed class SupervisionFile : IAreaScoped
{
    private SupervisionFile()
    {
        CountyCode = "";
        FileName = "";
        ContentType = "";
        Sha256 = "";
        UploadedBy = "";
        Content = [];
    }

    public SupervisionFile(Finding finding, SupervisionFileKind kind, string? fileName, byte[] content, int maxBytes, string uploadedBy, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new DomainException("files.empty", "文件为空。", "file");
        }
        if (content.Length > maxBytes)
        {
            throw new DomainException("files.too_large", $"照片 {content.Length / 1024.0 / 1024.0:0.0} MB，超过 {maxBytes / 1024.0 / 1024.0:0.#} MB 上限。", "file");
        }
        ContentType = SniffImage(content) ?? throw new DomainException("files.type", "只接受 JPEG、PNG 或 WebP 照片。", "file");
        FindingId = finding.Id;
        CountyCode = finding.CountyCode;
        TownshipCode = finding.TownshipCode;
        VillageCode = finding.VillageCode;
        Kind = kind;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length is 0 or > 120 ? "照片" + ContentType switch { "image/png" => ".png", "image/webp" => ".webp", _ => ".jpg" } : name;
        // A phone's photo carries where and when it was taken and the device's serial: not ours to keep or to pass on.
        Content = PhotoMetadata.Strip(content);
        Size = Content.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content));
        UploadedBy = uploadedBy;
        UploadedAt = uploadedAt;
    }

    public long Id { get; private set; }

    public FindingId FindingId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public SupervisionFileKind Kind { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public int Size { get; private set; }

    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }

    public string UploadedBy { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>The image type by the file's first bytes, or null: a phone's camera gives JPEG, screenshots PNG, some browsers WebP.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> b) => FileTypes.Sniff(b) is { } type && type is FileTypes.Jpeg or FileTypes.Png or FileTypes.WebP ? type : null;
}
