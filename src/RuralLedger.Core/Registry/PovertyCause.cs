namespace RuralLedger.Core.Registry;

/// <summary>致贫原因 as in the national registration system; a household may have several.</summary>
[Flags]
public enum PovertyCause
{
    None = 0,
    Illness = 1 << 0,        // 因病
    Disability = 1 << 1,     // 因残
    Schooling = 1 << 2,      // 因学
    Disaster = 1 << 3,       // 因灾
    LackOfLand = 1 << 4,     // 缺土地
    LackOfWater = 1 << 5,    // 缺水
    LackOfSkills = 1 << 6,   // 缺技术
    LackOfLabour = 1 << 7,   // 缺劳力
    LackOfFunds = 1 << 8,    // 缺资金
    PoorTransport = 1 << 9,  // 交通条件落后
    LowMotivation = 1 << 10, // 自身发展动力不足
}

public static class RegistryNames
{
    public static readonly IReadOnlyList<(PovertyCause Cause, string Name)> Causes =
    [
        (PovertyCause.Illness, "因病"), (PovertyCause.Disability, "因残"), (PovertyCause.Schooling, "因学"),
        (PovertyCause.Disaster, "因灾"), (PovertyCause.LackOfLand, "缺土地"), (PovertyCause.LackOfWater, "缺水"),
        (PovertyCause.LackOfSkills, "缺技术"), (PovertyCause.LackOfLabour, "缺劳力"), (PovertyCause.LackOfFunds, "缺资金"),
        (PovertyCause.PoorTransport, "交通条件落后"), (PovertyCause.LowMotivation, "自身发展动力不足"),
    ];

    public static string Of(PovertyCause causes) =>
        string.Join("、", Causes.Where(c => causes.HasFlag(c.Cause)).Select(c => c.Name));

    public static string Of(HouseholdType t) => t switch
    {
        HouseholdType.General => "一般户",
        HouseholdType.Dibao => "低保户",
        HouseholdType.Tekun => "特困供养户",
    };

    public static string Of(PovertyStatus s) => s switch
    {
        PovertyStatus.Registered => "建档立卡（未脱贫）",
        PovertyStatus.Exited => "已脱贫",
        PovertyStatus.MonitoredUnstable => "监测对象·脱贫不稳定户",
        PovertyStatus.MonitoredMarginal => "监测对象·边缘易致贫户",
        PovertyStatus.MonitoredSudden => "监测对象·突发严重困难户",
        PovertyStatus.RiskRemoved => "风险已消除",
    };

    public static string Of(Relation r) => r switch
    {
        Relation.Head => "户主",
        Relation.Spouse => "配偶",
        Relation.Son => "之子",
        Relation.Daughter => "之女",
        Relation.Father => "之父",
        Relation.Mother => "之母",
        Relation.Grandson => "之孙子",
        Relation.Granddaughter => "之孙女",
        Relation.DaughterInLaw => "之儿媳",
        Relation.SonInLaw => "之女婿",
        Relation.Other => "其他",
    };

    public static string Of(LabourAbility l) => l switch
    {
        LabourAbility.Normal => "普通劳动力",
        LabourAbility.Skilled => "技能劳动力",
        LabourAbility.Weak => "弱劳动力或半劳动力",
        LabourAbility.None => "丧失劳动力",
        LabourAbility.NotLabour => "无劳动力",
    };

    public static string Of(Health h) => h switch
    {
        Health.Healthy => "健康",
        Health.LongTermIllness => "长期慢性病",
        Health.SeriousIllness => "患有大病",
        Health.Disabled => "残疾",
    };

    public static string Of(Education e) => e switch
    {
        Education.None => "文盲或半文盲",
        Education.Preschool => "学龄前儿童",
        Education.Primary => "小学",
        Education.JuniorHigh => "初中",
        Education.SeniorHigh => "高中（中专）",
        Education.College => "大专及以上",
        Education.InSchool => "在校生",
    };

    public static string Of(Sex s) => s switch
    {
        Sex.Male => "男",
        Sex.Female => "女",
    };
}
