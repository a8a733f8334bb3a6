namespace RuralLedger.Core.Disposals;

public enum DisposalCase
{
    Disaster = 1,     // 自然灾害等不可抗力毁损
    EndOfLife = 2,    // 达到使用年限
    PoorReturns = 3,  // 经营不善、效益低下
    PlanChange = 4,   // 规划调整
}

public enum DisposalMethod
{
    Auction = 1,      // 拍卖
    Transfer = 2,     // 转让
    ChangeOfUse = 3,  // 改变用途
    Scrap = 4,        // 报废
}

public enum DisposalStatus
{
    Proposed = 1,          // 已提出
    ResolutionPassed = 2,  // 村民代表会议已决议
    TownshipApproved = 3,  // 乡镇已审核
    CountyApproved = 4,    // 县级已审批
    Completed = 5,         // 已完成
    Rejected = 9,          // 未通过
}
