using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Registry;

public enum HouseholdType
{
    General = 1,   // 一般户
    Dibao = 2,     // 低保户
    Tekun = 3,     // 特困供养户
}

public enum PovertyStatus
{
    Registered = 1,      // 建档立卡贫困户（未脱贫）
    Exited = 2,          // 已脱贫
    MonitoredUnstable = 3, // 监测对象：脱贫不稳定户
    MonitoredMarginal = 4, // 监测对象：边缘易致贫户
    MonitoredSudden = 5,   // 监测对象：突发严重困难户
    RiskRemoved = 6,       // 风险已消除
}

public enum Relation
{
    Head = 1,       // 户主
    Spouse = 2,     // 配偶
    Son = 3,        // 之子
    Daughter = 4,   // 之女
    Father = 5,     // 之父
    Mother = 6,     // 之母
    Grandson = 7,   // 之孙子
    Granddaughter = 8, // 之孙女
    DaughterInLaw = 9, // 之儿媳
    SonInLaw = 10,     // 之女婿
    Other = 99,
}

public enum LabourAbility
{
    Normal = 1,      // 普通劳动力
    Skilled = 2,     // 技能劳动力
    Weak = 3,        // 弱劳动力或半劳动力
    None = 4,        // 丧失劳动力
    NotLabour = 5,   // 无劳动力（未成年、在校生、老年）
}

public enum Health
{
    Healthy = 1,
    LongTermIllness = 2,
    SeriousIllness = 3,
    Disabled = 4,
}

public enum Education
{
    None = 1,
    Preschool = 2,
    Primary = 3,
    JuniorHigh = 4,
    SeniorHigh = 5,
    College = 6,
    InSchool = 7,
}

/// <summary>一户一档: one registered household, its members and its payout account.</summary>
public sealed class Household
{
    private readonly List<Member> _members = [];

    private Household()
    {
        HouseholdNo = "";
        CountyCode = "";
        VillageCode = default;
    }

    public Household(string householdNo, DivisionCode villageCode, DivisionCode? groupCode, HouseholdType type, PovertyStatus status, DateOnly registeredOn)
    {
        if (villageCode.Level != AreaLevel.Village)
        {
            throw new DomainException("registry.village_required", "户籍所在地必须是行政村。", "villageCode");
        }
        if (groupCode is { } g && (g.Level != AreaLevel.Group || !villageCode.Contains(g)))
        {
            throw new DomainException("registry.group_mismatch", $"村民组 {g} 不属于村 {villageCode}。", "groupCode");
        }
        if (string.IsNullOrWhiteSpace(householdNo))
        {
            throw new DomainException("registry.household_no_required", "户编号不能为空。", "householdNo");
        }
        HouseholdNo = householdNo.Trim();
        CountyCode = villageCode.County;
        VillageCode = villageCode;
        GroupCode = groupCode;
        Type = type;
        Status = status;
        RegisteredOn = registeredOn;
    }

    public HouseholdId Id { get; private set; }

    /// <summary>Partition key: the county this household belongs to.</summary>
    public string CountyCode { get; private set; }

    public string HouseholdNo { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public DivisionCode? GroupCode { get; private set; }

    public HouseholdType Type { get; private set; }

    public PovertyStatus Status { get; private set; }

    public DateOnly RegisteredOn { get; private set; }

    public int MemberCount { get; private set; }

    public IReadOnlyList<Member> Members => _members;

    public Member AddMember(string name, CitizenId citizenId, Relation relation, LabourAbility labour, Health health, Education education, PersonalDataVault vault)
    {
        if (relation == Relation.Head && _members.Any(m => m.Relation == Relation.Head))
        {
            throw new DomainException("registry.second_head", "一户只能有一位户主。", "relation");
        }
        var member = new Member(this, name, citizenId, relation, labour, health, education, vault);
        _members.Add(member);
        MemberCount = _members.Count;
        return member;
    }
}

public sealed class Member
{
    private Member()
    {
        Name = "";
        CountyCode = "";
        CitizenIdCipher = [];
        CitizenIdHash = [];
        CitizenIdMasked = "";
    }

    internal Member(Household household, string name, CitizenId citizenId, Relation relation, LabourAbility labour, Health health, Education education, PersonalDataVault vault)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("registry.name_required", "姓名不能为空。", "name");
        }
        Household = household;
        CountyCode = household.CountyCode;
        Name = name.Trim();
        CitizenIdCipher = vault.Encrypt(citizenId.Value);
        CitizenIdHash = vault.LookupHash(citizenId.Value);
        CitizenIdMasked = citizenId.Masked;
        Sex = citizenId.Sex;
        BirthDate = citizenId.BirthDate;
        Relation = relation;
        Labour = labour;
        Health = health;
        Education = education;
    }

    public MemberId Id { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public Household? Household { get; private set; }

    public string CountyCode { get; private set; }

    public string Name { get; private set; }

    public byte[] CitizenIdCipher { get; private set; }

    public byte[] CitizenIdHash { get; private set; }

    public string CitizenIdMasked { get; private set; }

    public Sex Sex { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Relation Relation { get; private set; }

    public LabourAbility Labour { get; private set; }

    public Health Health { get; private set; }

    public Education Education { get; private set; }
}
