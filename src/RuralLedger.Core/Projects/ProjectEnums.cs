namespace RuralLedger.Core.Projects;

/// <summary>Where poverty-alleviation money came from (DOMAIN.md, funds and projects).</summary>
public enum FundSourceKind
{
    Central = 1,          // 中央财政衔接推进乡村振兴补助资金
    Provincial = 2,       // 省级财政衔接资金
    City = 3,             // 市级财政衔接资金
    County = 4,           // 县级财政衔接资金
    LocalBond = 5,        // 地方政府债券
    EastWest = 6,         // 东西部协作资金
    Paired = 7,           // 定点/对口帮扶资金
    Donation = 8,         // 社会捐赠
    Other = 99,
}

public enum ProjectStatus
{
    Planned = 1,   // 计划（入库）
    Approved = 2,  // 已批复
    Building = 3,  // 在建
    Accepted = 4,  // 已验收
    Cancelled = 9, // 已取消
}
