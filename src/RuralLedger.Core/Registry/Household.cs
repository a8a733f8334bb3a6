using System.Text.RegularExpressions;
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

/// <summary>一户一档: one registered household, its members, its status history and its payout account.</summary>
public sealed partial class Household : IAreaScoped
{
    private readonly List<Member> _members = [];
    private readonly List<StatusChange> _statusHistory = [];
    private readonly List<MemberRemoval> _removals = [];

    private Household()
    {
        HouseholdNo = "";
        CountyCode = "";
        VillageCode = default;
        TownshipCode = default;
    }

    public Household(string householdNo, DivisionCode villageCode, DivisionCode? groupCode, HouseholdType type, PovertyStatus status, DateOnly registeredOn, DateTimeOffset recordedAt, string recordedBy)
    {
        if (villageCode.Level != AreaLevel.Village)
        {
            throw new DomainException("registry.village_required", "所在地必须是行政村。", "villageCode");
        }
        if (string.IsNullOrWhiteSpace(householdNo) || householdNo.Trim().Length > 30)
        {
            throw new DomainException("registry.household_no_required", "户编号不能为空，且不超过 30 位。", "householdNo");
        }
        HouseholdNo = householdNo.Trim();
        CountyCode = villageCode.County;
        TownshipCode = villageCode.TownshipOf()!.Value;
        VillageCode = villageCode;
        MoveToGroup(groupCode);
        Type = type;
        Status = status;
        RegisteredOn = registeredOn;
        _statusHistory.Add(new StatusChange(null, status, registeredOn, recordedAt, "建档登记", recordedBy));
    }

    public HouseholdId Id { get; private set; }

    /// <summary>Partition key: the county this household belongs to.</summary>
    public string CountyCode { get; private set; }

    public string HouseholdNo { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public DivisionCode? GroupCode { get; private set; }

    public HouseholdType Type { get; private set; }

    /// <summary>The status in effect today: the history entry with the latest effective date.</summary>
    public PovertyStatus Status { get; private set; }

    public PovertyCause Causes { get; private set; }

    public DateOnly RegisteredOn { get; private set; }

    public int MemberCount { get; private set; }

    /// <summary>Denormalised name of the head, for lists and search without a join.</summary>
    public string HeadName { get; private set; } = "";

    public string? BankName { get; private set; }

    public byte[]? BankAccountCipher { get; private set; }

    public byte[]? BankAccountHash { get; private set; }

    public string? BankAccountMasked { get; private set; }

    public byte[]? PhoneCipher { get; private set; }

    public string? PhoneMasked { get; private set; }

    /// <summary>Optimistic concurrency: two officers editing the same file can't overwrite each other silently.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<Member> Members => _members;

    public IReadOnlyList<StatusChange> StatusHistory => _statusHistory;

    /// <summary>Members taken off the file: who, when, why; the member row itself is deleted.</summary>
    public IReadOnlyList<MemberRemoval> Removals => _removals;

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    /// <summary>
    /// A member was given a public-welfare post: the file's version moves with it, so two registrations checked
    /// against the same file (one person, one post at a time) can't both be saved.
    /// </summary>
    public void RecordPostRegistered() => Version++;

    public void Update(DivisionCode? groupCode, HouseholdType type, PovertyCause causes)
    {
        MoveToGroup(groupCode);
        Type = type;
        Causes = causes;
        Version++;
    }

    public void SetCauses(PovertyCause causes) => Causes = causes;

    /// <summary>惠民惠农"一卡通" account for payouts: 12–30 digits, stored encrypted with a keyed hash for lookup.</summary>
    public void SetBankAccount(string? bankName, string? account, PersonalDataVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        account = account?.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(account))
        {
            BankName = null;
            BankAccountCipher = null;
            BankAccountHash = null;
            BankAccountMasked = null;
            Version++;
            return;
        }
        if (account.Length is < 12 or > 30 || !account.All(char.IsAsciiDigit))
        {
            throw new DomainException("registry.invalid_bank_account", "银行账号应为 12–30 位数字。", "bankAccount");
        }
        if (string.IsNullOrWhiteSpace(bankName))
        {
            throw new DomainException("registry.bank_name_required", "填写银行账号时须填写开户银行。", "bankName");
        }
        BankName = bankName.Trim();
        BankAccountCipher = vault.Encrypt(account);
        BankAccountHash = vault.LookupHash(account);
        BankAccountMasked = account[..4] + new string('*', account.Length - 8) + account[^4..];
        Version++;
    }

    public void SetPhone(string? phone, PersonalDataVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        phone = phone?.Trim();
        if (string.IsNullOrEmpty(phone))
        {
            PhoneCipher = null;
            PhoneMasked = null;
            Version++;
            return;
        }
        if (!IsPhone(phone))
        {
            throw new DomainException("registry.invalid_phone", "联系电话应为 11 位手机号或带区号的固定电话。", "phone");
        }
        PhoneCipher = vault.Encrypt(phone);
        PhoneMasked = MaskPhone(phone);
        Version++;
    }

    public Member AddMember(string name, CitizenId citizenId, Relation relation, LabourAbility labour, Health health, Education education, PersonalDataVault vault)
    {
        if (relation == Relation.Head && _members.Any(m => m.Relation == Relation.Head))
        {
            throw new DomainException("registry.second_head", "一户只能有一位户主。", "relation");
        }
        var member = new Member(this, name, citizenId, relation, labour, health, education, vault);
        _members.Add(member);
        MemberCount = _members.Count;
        if (relation == Relation.Head)
        {
            HeadName = member.Name;
        }
        Version++;
        return member;
    }

    public void RemoveMember(Member member, DateOnly on, string? reason, DateTimeOffset recordedAt, string recordedBy)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.Relation == Relation.Head && _members.Count > 1)
        {
            throw new DomainException("registry.remove_head", "户主不能直接移除，请先变更户主。", "relation");
        }
        var why = Reason.Required(reason, label: "移除原因");
        _removals.Add(new MemberRemoval(member.Name, member.Relation, on, recordedAt, why, recordedBy));
        _members.Remove(member);
        MemberCount = _members.Count;
        Version++;
    }

    /// <summary>Checked before a member changes, so that a refused change leaves the member as it was.</summary>
    internal void RefuseSecondHead(Member member, Relation relation)
    {
        if (relation == Relation.Head && _members.Any(m => m != member && m.Relation == Relation.Head))
        {
            throw new DomainException("registry.second_head", "一户只能有一位户主。", "relation");
        }
    }

    internal void OnMemberChanged(Member member)
    {
        RefuseSecondHead(member, member.Relation);
        if (member.Relation == Relation.Head)
        {
            HeadName = member.Name;
        }
        Version++;
    }

    /// <summary>
    /// Records a status change that took effect on <paramref name="effectiveOn"/> (possibly in the past: a late
    /// entry). The transition is checked against the status in effect on that date.
    /// </summary>
    public StatusChange ChangeStatus(PovertyStatus to, DateOnly effectiveOn, string reason, DateTimeOffset recordedAt, DateOnly today, string recordedBy)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("registry.reason_required", "状态变更须填写原因或依据。", "reason");
        }
        if (effectiveOn > today)
        {
            throw new DomainException("registry.future_effective", "生效日期不能晚于今天。", "effectiveOn");
        }
        if (effectiveOn < RegisteredOn)
        {
            throw new DomainException("registry.before_registration", $"生效日期不能早于建档日期 {BusinessCalendar.Format(RegisteredOn)}。", "effectiveOn");
        }
        var from = StatusOn(effectiveOn, recordedAt) ?? Status;
        if (!IsAllowed(from, to))
        {
            throw new ConflictException("registry.invalid_transition", $"不能从“{RegistryNames.Of(from)}”变更为“{RegistryNames.Of(to)}”。", "status");
        }
        var change = new StatusChange(from, to, effectiveOn, recordedAt, reason.Trim(), recordedBy);
        _statusHistory.Add(change);
        Status = StatusOn(today, recordedAt) ?? to;
        Version++;
        return change;
    }

    /// <summary>The status in effect on <paramref name="date"/> as the registry knew it at <paramref name="knownAt"/>.</summary>
    public PovertyStatus? StatusOn(DateOnly date, DateTimeOffset knownAt) =>
        StatusFact.StatusOn(_statusHistory.Select(c => c.Fact), date, knownAt);

    public static bool IsAllowed(PovertyStatus from, PovertyStatus to) => (from, to) switch
    {
        (PovertyStatus.Registered, PovertyStatus.Exited) => true,
        (PovertyStatus.Exited or PovertyStatus.RiskRemoved,
            PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden) => true,
        (PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden,
            PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden or PovertyStatus.RiskRemoved) => from != to,
        _ => false,
    };

    private void MoveToGroup(DivisionCode? groupCode)
    {
        if (groupCode is { } g && (g.Level != AreaLevel.Group || !VillageCode.Contains(g)))
        {
            throw new DomainException("registry.group_mismatch", $"村民组 {g} 不属于村 {VillageCode}。", "groupCode");
        }
        GroupCode = groupCode;
    }

    /// <summary>An 11-digit mobile number or a landline with its area code, the forms every phone field accepts.</summary>
    public static bool IsPhone(string phone) => MobilePattern().IsMatch(phone) || LandlinePattern().IsMatch(phone);

    /// <summary>138****5678: the first three and last four digits.</summary>
    public static string MaskPhone(string phone) => phone.Length >= 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : phone;

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^0\d{2,3}-?\d{7,8}$")]
    private static partial Regex LandlinePattern();
}

/// <summary>One entry of a household's status history, bitemporal: when it took effect and when it was recorded.</summary>
public sealed class StatusChange
{
    private StatusChange()
    {
        Reason = "";
        RecordedBy = "";
    }

    internal StatusChange(PovertyStatus? from, PovertyStatus to, DateOnly effectiveOn, DateTimeOffset recordedAt, string reason, string recordedBy)
    {
        FromStatus = from;
        ToStatus = to;
        EffectiveOn = effectiveOn;
        RecordedAt = new DateTimeOffset(recordedAt.UtcTicks - recordedAt.UtcTicks % 10, TimeSpan.Zero);
        Reason = reason;
        RecordedBy = recordedBy;
    }

    public long Id { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public PovertyStatus? FromStatus { get; private set; }

    public PovertyStatus ToStatus { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string Reason { get; private set; }

    public string RecordedBy { get; private set; }

    public StatusFact Fact => new(EffectiveOn, RecordedAt, Id, ToStatus);
}

/// <summary>A member taken off the household file (death, marriage out, moved away): the removal and its reason stay.</summary>
public sealed class MemberRemoval
{
    private MemberRemoval()
    {
        MemberName = "";
        Reason = "";
        RecordedBy = "";
    }

    internal MemberRemoval(string memberName, Relation relation, DateOnly removedOn, DateTimeOffset recordedAt, string reason, string recordedBy)
    {
        MemberName = memberName;
        Relation = relation;
        RemovedOn = removedOn;
        RecordedAt = new DateTimeOffset(recordedAt.UtcTicks - recordedAt.UtcTicks % 10, TimeSpan.Zero);
        Reason = reason;
        RecordedBy = recordedBy;
    }

    public long Id { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string MemberName { get; private set; }

    public Relation Relation { get; private set; }

    public DateOnly RemovedOn { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string Reason { get; private set; }

    public string RecordedBy { get; private set; }
}

public sealed class Member : IAreaScoped
{
    private Member()
    {
        Name = "";
        CountyCode = "";
    }

    internal Member(Household household, string name, CitizenId citizenId, Relation relation, LabourAbility labour, Health health, Education education, PersonalDataVault vault)
    {
        Household = household;
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        Name = ValidName(name);
        SetCitizenId(citizenId, vault);
        Relation = relation;
        Labour = labour;
        Health = health;
        Education = education;
    }

    public MemberId Id { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public Household? Household { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string Name { get; private set; }

    public byte[] CitizenIdCipher { get; private set; } = [];

    public byte[] CitizenIdHash { get; private set; } = [];

    public string CitizenIdMasked { get; private set; } = "";

    public Sex Sex { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Relation Relation { get; private set; }

    public LabourAbility Labour { get; private set; }

    public Health Health { get; private set; }

    public Education Education { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    public void Update(string name, Relation relation, LabourAbility labour, Health health, Education education)
    {
        var validName = ValidName(name);
        Household?.RefuseSecondHead(this, relation);
        Name = validName;
        Relation = relation;
        Labour = labour;
        Health = health;
        Education = education;
        Household?.OnMemberChanged(this);
    }

    /// <summary>Corrects a mistyped ID. Sex and birth date follow from the number.</summary>
    public void CorrectCitizenId(CitizenId citizenId, PersonalDataVault vault)
    {
        SetCitizenId(citizenId, vault);
        Household?.OnMemberChanged(this);
    }

    private void SetCitizenId(CitizenId citizenId, PersonalDataVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        CitizenIdCipher = vault.Encrypt(citizenId.Value);
        CitizenIdHash = vault.LookupHash(citizenId.Value);
        CitizenIdMasked = citizenId.Masked;
        Sex = citizenId.Sex;
        BirthDate = citizenId.BirthDate;
    }

    /// <summary>The trimmed name, or refused (registry.name_required, registry.name_too_long) on field "name".</summary>
    public static string ValidName(string name)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new DomainException("registry.name_required", "姓名不能为空。", "name");
        }
        if (name.Length > 30)
        {
            throw new DomainException("registry.name_too_long", "姓名不能超过 30 个字。", "name");
        }
        return name;
    }
}
