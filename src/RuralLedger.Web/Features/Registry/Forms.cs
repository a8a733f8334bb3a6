using System.ComponentModel.DataAnnotations;
using RuralLedger.Core.Registry;

namespace RuralLedger.Web.Features.Registry;

// Form models of the registry pages; the handlers take the API's records, so pages and API share one path.

public sealed class MemberForm
{
    [Display(Name = "姓名")]
    public string? Name { get; set; }

    [Display(Name = "身份证号")]
    public string? CitizenId { get; set; }

    [Display(Name = "与户主关系")]
    public Relation Relation { get; set; } = Relation.Head;

    [Display(Name = "劳动能力")]
    public LabourAbility Labour { get; set; } = LabourAbility.Normal;

    [Display(Name = "健康状况")]
    public Health Health { get; set; } = Health.Healthy;

    [Display(Name = "文化程度")]
    public Education Education { get; set; } = Education.JuniorHigh;

    public MemberInput ToInput() => new(Name, CitizenId, Relation, Labour, Health, Education);
}

public sealed class HouseholdForm
{
    [Display(Name = "行政村")]
    public string? VillageCode { get; set; }

    [Display(Name = "村民组")]
    public string? GroupCode { get; set; }

    [Display(Name = "户编号")]
    public string? HouseholdNo { get; set; }

    [Display(Name = "户类型")]
    public HouseholdType Type { get; set; } = HouseholdType.General;

    [Display(Name = "帮扶状态")]
    public PovertyStatus Status { get; set; } = PovertyStatus.Registered;

    [Display(Name = "建档日期")]
    [DataType(DataType.Date)]
    public DateOnly? RegisteredOn { get; set; }

    [Display(Name = "致贫原因")]
    public List<PovertyCause> Causes { get; set; } = [];

    [Display(Name = "开户银行")]
    public string? BankName { get; set; }

    [Display(Name = "一卡通账号")]
    public string? BankAccount { get; set; }

    [Display(Name = "联系电话")]
    public string? Phone { get; set; }

    public int Version { get; set; }

    public MemberForm Head { get; set; } = new();

    public HouseholdInput ToInput() => new(VillageCode, GroupCode, HouseholdNo, Type, Status, RegisteredOn, Causes, BankName, BankAccount, Phone, Head.ToInput());

    public HouseholdUpdate ToUpdate() => new(GroupCode, Type, Causes, BankName, BankAccount, Phone, Version);
}

public sealed class StatusForm
{
    [Display(Name = "新状态")]
    public PovertyStatus To { get; set; } = PovertyStatus.MonitoredUnstable;

    [Display(Name = "生效日期")]
    [DataType(DataType.Date)]
    public DateOnly? EffectiveOn { get; set; }

    [Display(Name = "原因或依据")]
    public string? Reason { get; set; }
}
