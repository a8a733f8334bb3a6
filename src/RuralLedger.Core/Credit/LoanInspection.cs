using System.Globalization;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Core.Credit;

public readonly record struct LoanInspectionId(long Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What the inspector found the money doing, against what the household declared.</summary>
public enum InspectionConclusion
{
    AsDeclared = 1,     // 按申报用途使用
    PartlyDiverted = 2, // 部分挪用
    Diverted = 3,       // 挪用
    EnterpriseUse = 4,  // 户贷企用
    Idle = 5,           // 资金闲置
}

public static class InspectionNames
{
    public static string Of(InspectionConclusion c) => c switch
    {
        InspectionConclusion.AsDeclared => "按申报用途使用",
        InspectionConclusion.PartlyDiverted => "部分挪用",
        InspectionConclusion.Diverted => "挪用",
        InspectionConclusion.EnterpriseUse => "户贷企用",
        InspectionConclusion.Idle => "资金闲置",
    };

    /// <summary>The conclusions that open (or join) a 户贷企用 case: the money is not the household's any more.</summary>
    public static bool OpensCase(InspectionConclusion c) => c is InspectionConclusion.Diverted or InspectionConclusion.EnterpriseUse;
}

/// <summary>
/// One version of a county's inspection plan: the first usage inspection within <see cref="FirstWithinMonths"/> of
/// disbursement, then one every <see cref="EveryMonths"/> until the loan is repaid. The version in force on the day the
/// list is drawn is the latest begun on or before it; a county without one uses <see cref="Default"/> (6 and 12, the
/// county's 贷后管理 practice in the seed).
/// </summary>
public sealed class InspectionPlanPolicy : IAreaScoped
{
    private InspectionPlanPolicy()
    {
        CountyCode = "";
        RecordedBy = "";
    }

    public InspectionPlanPolicy(string countyCode, DateOnly effectiveFrom, int firstWithinMonths, int everyMonths, string? documentNo, string by, DateTimeOffset at)
    {
        if (firstWithinMonths is < 1 or > 36)
        {
            throw new DomainException("inspections.first_within", "首次检查期限应在 1–36 个月之间。", "firstWithinMonths");
        }
        if (everyMonths is < 1 or > 36)
        {
            throw new DomainException("inspections.every", "检查周期应在 1–36 个月之间。", "everyMonths");
        }
        var doc = (documentNo ?? "").Trim();
        if (doc.Length > 60)
        {
            throw new DomainException("inspections.document", "文号不超过 60 字。", "documentNo");
        }
        CountyCode = countyCode;
        EffectiveFrom = effectiveFrom;
        FirstWithinMonths = firstWithinMonths;
        EveryMonths = everyMonths;
        DocumentNo = doc.Length == 0 ? null : doc;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public int FirstWithinMonths { get; private set; }

    public int EveryMonths { get; private set; }

    public string? DocumentNo { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    /// <summary>The plan a county starts with until it records its own (version id 0).</summary>
    public static InspectionPlanPolicy Default(string county) => new(county, new DateOnly(2021, 3, 1), 6, 12, null, "system", DateTimeOffset.UnixEpoch);

    public static InspectionPlanPolicy InForce(IEnumerable<InspectionPlanPolicy> versions, string county, DateOnly on) =>
        versions.Where(p => p.EffectiveFrom <= on).OrderByDescending(p => p.EffectiveFrom).FirstOrDefault() ?? Default(county);

    /// <summary>When the next inspection is due: months after disbursement for the first, after the last one otherwise.</summary>
    public DateOnly NextDue(DateOnly disbursedOn, DateOnly? lastInspectedOn) =>
        lastInspectedOn is { } last && last >= disbursedOn ? last.AddMonths(EveryMonths) : disbursedOn.AddMonths(FirstWithinMonths);
}

/// <summary>
/// 贷后用途检查: an inspector's visit to a borrowing household — what the money is actually used for, photos, where
/// (latitude/longitude from the phone when it gives them), what the household says, the conclusion and the follow-up.
/// Its place and bank are the loan's, so a bank officer sees its bank's inspections and a township its township's.
/// A phone that recorded it offline sends it with the key it made (<see cref="ClientKey"/>), unique, so a re-send is
/// the same inspection.
/// </summary>
public sealed class LoanInspection : IAreaScoped, IBankScoped
{
    public const int MaxText = 500;

    private LoanInspection()
    {
        CountyCode = "";
        BankCode = "";
        LoanNumber = "";
        HouseholdNo = "";
        BorrowerName = "";
        Inspectors = "";
        UseCategory = "";
        RecordedBy = "";
    }

    public LoanInspection(Loan loan, InspectionCampaignId? campaignId, Guid? clientKey, DateOnly inspectedOn, string? inspectors, string? useCategory,
        decimal? latitude, decimal? longitude, string? statement, InspectionConclusion conclusion, string? followUp, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (loan.DisbursedOn is not { } disbursed)
        {
            throw new DomainException("inspections.not_disbursed", $"贷款 {loan.Number} 尚未发放，无需用途检查。", "loanNumber");
        }
        if (inspectedOn < disbursed)
        {
            throw new DomainException("inspections.date", $"检查日期不能早于放款日期 {BusinessCalendar.Format(disbursed)}。", "inspectedOn");
        }
        if (!Enum.IsDefined(conclusion))
        {
            throw new DomainException("inspections.conclusion", "请选择检查结论。", "conclusion");
        }
        if (latitude.HasValue != longitude.HasValue)
        {
            throw new DomainException("inspections.location", "经纬度须同时填写或同时留空。", latitude.HasValue ? "longitude" : "latitude");
        }
        if (latitude is < -90m or > 90m)
        {
            throw new DomainException("inspections.latitude", "纬度应在 -90 到 90 之间。", "latitude");
        }
        if (longitude is < -180m or > 180m)
        {
            throw new DomainException("inspections.longitude", "经度应在 -180 到 180 之间。", "longitude");
        }
        LoanId = loan.Id;
        LoanNumber = loan.Number;
        HouseholdNo = loan.HouseholdNo;
        BorrowerName = loan.BorrowerName;
        CountyCode = loan.CountyCode;
        TownshipCode = loan.TownshipCode;
        VillageCode = loan.VillageCode;
        BankCode = loan.BankCode;
        LoanAmount = loan.DisbursedAmount;
        CampaignId = campaignId;
        ClientKey = clientKey;
        InspectedOn = inspectedOn;
        Inspectors = Text(inspectors, "inspectors", "检查人员", 60, required: true)!;
        UseCategory = Text(useCategory, "useCategory", "实际用途", 30, required: true)!;
        Latitude = latitude is { } la ? Math.Round(la, 6) : null;
        Longitude = longitude is { } lo ? Math.Round(lo, 6) : null;
        Statement = Text(statement, "statement", "农户陈述", MaxText, required: false);
        Conclusion = conclusion;
        // Anything but "as declared" needs a next step someone can be held to.
        FollowUp = Text(followUp, "followUp", "后续措施", MaxText, required: conclusion != InspectionConclusion.AsDeclared);
        RecordedBy = by;
        RecordedAt = at;
    }

    public LoanInspectionId Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public string HouseholdNo { get; private set; }

    public string BorrowerName { get; private set; }

    public Money LoanAmount { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public InspectionCampaignId? CampaignId { get; private set; }

    public Guid? ClientKey { get; private set; }

    public DateOnly InspectedOn { get; private set; }

    public string Inspectors { get; private set; }

    public string UseCategory { get; private set; }

    public decimal? Latitude { get; private set; }

    public decimal? Longitude { get; private set; }

    public string? Statement { get; private set; }

    public InspectionConclusion Conclusion { get; private set; }

    public string? FollowUp { get; private set; }

    /// <summary>The 户贷企用 case this inspection opened or joined (diverted, 户贷企用).</summary>
    public UsageCaseId? CaseId { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    public void LinkCase(UsageCaseId caseId) => CaseId = caseId;

    private static string? Text(string? text, string field, string label, int max, bool required)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return required ? throw new DomainException("inspections.required", $"请填写{label}。", field) : null;
        }
        return t.Length > max ? throw new DomainException("inspections.too_long", $"{label}不超过 {max} 个字。", field) : t;
    }
}

/// <summary>
/// A photo taken at an inspection, kept in the database beside it; the type is decided by its first bytes through the
/// supervision photo rule (<see cref="SupervisionFile.SniffImage"/>), the size limit is the supervision photo limit.
/// </summary>
public sealed class LoanInspectionPhoto : IAreaScoped, IBankScoped
{
    private LoanInspectionPhoto()
    {
        CountyCode = "";
        BankCode = "";
        FileName = "";
        ContentType = "";
        Sha256 = "";
        Content = [];
    }

    public LoanInspectionPhoto(LoanInspection inspection, string? fileName, byte[] content, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0 || content.Length > maxBytes)
        {
            throw new DomainException("files.too_large", $"照片为空或超过 {maxBytes / 1024.0 / 1024.0:0.#} MB 上限。", "files");
        }
        ContentType = SupervisionFile.SniffImage(content) ?? throw new DomainException("files.type", "只接受 JPEG、PNG 或 WebP 照片。", "files");
        Inspection = inspection;
        CountyCode = inspection.CountyCode;
        TownshipCode = inspection.TownshipCode;
        VillageCode = inspection.VillageCode;
        BankCode = inspection.BankCode;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length is 0 or > 120 ? "照片" + ContentType switch { FileTypes.Png => ".png", FileTypes.WebP => ".webp", _ => ".jpg" } : name;
        Content = content;
        Size = content.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
    }

    public long Id { get; private set; }

    public LoanInspectionId InspectionId { get; private set; }

    public LoanInspection? Inspection { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public int Size { get; private set; }

    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;
}
