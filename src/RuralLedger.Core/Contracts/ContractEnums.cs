namespace RuralLedger.Core.Contracts;

public enum OperatorKind
{
    Enterprise = 1,   // 企业
    Cooperative = 2,  // 农民专业合作社
    Person = 3,       // 自然人
    Collective = 4,   // 村集体（自营）
}

public enum OperationMode
{
    SelfRun = 1,          // 自主经营
    Cooperation = 2,      // 合作经营
    Entrusted = 3,        // 委托管理
    PublicContracting = 4, // 公开发包
    Shareholding = 5,     // 入股分红
}

public enum ConsiderationKind
{
    FixedRent = 1,         // 固定租金
    GuaranteedReturn = 2,  // 保底收益（按资产原值的百分比）
    ProfitShare = 3,       // 利润分成
}

public enum PaymentFrequency
{
    Annual = 1,
    SemiAnnual = 2,
    Quarterly = 4,
    Monthly = 12,
}

public enum ContractStatus
{
    Active = 1,      // 履行中
    Terminated = 2,  // 已终止
}
