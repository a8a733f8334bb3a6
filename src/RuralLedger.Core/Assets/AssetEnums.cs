using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Income;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Assets;

public enum Industry
{
    CamelliaOil = 1,   // 油茶
    EdibleFungi = 2,   // 食用菌
    FineFruit = 3,     // 精品水果（黄桃）
    Pigs = 4,          // 生猪
    Tea = 5,           // 茶叶
    Vegetables = 6,    // 蔬菜
    Photovoltaic = 7,  // 光伏
    Infrastructure = 8, // 基础设施
    Other = 99,
}

public enum AssetClass
{
    Operating = 1,      // 经营性
    PublicWelfare = 2,  // 公益性
    Household = 3,      // 到户类
}

public enum AssetKind
{
    Pen = 1,             // 圈舍
    ColdStore = 2,       // 冷库
    Warehouse = 3,       // 仓库
    Machinery = 4,       // 农机设备
    PlantingBase = 5,    // 种植基地
    ProcessingPlant = 6, // 加工厂房
    PvStation = 7,       // 光伏电站
    Road = 8,            // 道路
    Water = 9,           // 水利设施
    Greenhouse = 10,     // 大棚
    Livestock = 11,      // 到户牲畜
    Other = 99,
}

public enum AssetStatus
{
    InUse = 1,     // 在用
    Idle = 2,      // 闲置
    Damaged = 3,   // 毁损
    Disposed = 4,  // 已处置
}

public enum HolderKind
{
    VillageCollective = 1, // 村集体经济组织
    CountyCompany = 2,     // 县属国有公司（扶投公司）
    Township = 3,          // 乡镇
    Household = 4,         // 农户
    Other = 99,
}

public static class AssetNames
{
    public static string Of(FundSourceKind k) => k switch
    {
        FundSourceKind.Central => "中央财政衔接资金",
        FundSourceKind.Provincial => "省级财政衔接资金",
        FundSourceKind.City => "市级财政衔接资金",
        FundSourceKind.County => "县级财政衔接资金",
        FundSourceKind.LocalBond => "地方政府债券",
        FundSourceKind.EastWest => "东西部协作资金",
        FundSourceKind.Paired => "定点帮扶资金",
        FundSourceKind.Donation => "社会捐赠",
        FundSourceKind.Other => "其他资金",
    };

    public static string Of(Industry i) => i switch
    {
        Industry.CamelliaOil => "油茶",
        Industry.EdibleFungi => "食用菌",
        Industry.FineFruit => "精品水果",
        Industry.Pigs => "生猪",
        Industry.Tea => "茶叶",
        Industry.Vegetables => "蔬菜",
        Industry.Photovoltaic => "光伏",
        Industry.Infrastructure => "基础设施",
        Industry.Other => "其他",
    };

    public static string Of(ProjectStatus s) => s switch
    {
        ProjectStatus.Planned => "计划",
        ProjectStatus.Approved => "已批复",
        ProjectStatus.Building => "在建",
        ProjectStatus.Accepted => "已验收",
        ProjectStatus.Cancelled => "已取消",
    };

    public static string Of(AssetClass c) => c switch
    {
        AssetClass.Operating => "经营性",
        AssetClass.PublicWelfare => "公益性",
        AssetClass.Household => "到户类",
    };

    public static string Of(AssetKind k) => k switch
    {
        AssetKind.Pen => "圈舍",
        AssetKind.ColdStore => "冷库",
        AssetKind.Warehouse => "仓库",
        AssetKind.Machinery => "农机设备",
        AssetKind.PlantingBase => "种植基地",
        AssetKind.ProcessingPlant => "加工厂房",
        AssetKind.PvStation => "光伏电站",
        AssetKind.Road => "道路",
        AssetKind.Water => "水利设施",
        AssetKind.Greenhouse => "大棚",
        AssetKind.Livestock => "到户牲畜",
        AssetKind.Other => "其他",
    };

    public static string Of(AssetStatus s) => s switch
    {
        AssetStatus.InUse => "在用",
        AssetStatus.Idle => "闲置",
        AssetStatus.Damaged => "毁损",
        AssetStatus.Disposed => "已处置",
    };

    public static string Of(HolderKind k) => k switch
    {
        HolderKind.VillageCollective => "村集体经济组织",
        HolderKind.CountyCompany => "县属国有公司",
        HolderKind.Township => "乡镇",
        HolderKind.Household => "农户",
        HolderKind.Other => "其他",
    };

    public static string Of(OperatorKind k) => k switch
    {
        OperatorKind.Enterprise => "企业",
        OperatorKind.Cooperative => "合作社",
        OperatorKind.Person => "自然人",
        OperatorKind.Collective => "村集体",
    };

    public static string Of(OperationMode m) => m switch
    {
        OperationMode.SelfRun => "自主经营",
        OperationMode.Cooperation => "合作经营",
        OperationMode.Entrusted => "委托管理",
        OperationMode.PublicContracting => "公开发包",
        OperationMode.Shareholding => "入股分红",
    };

    public static string Of(ConsiderationKind k) => k switch
    {
        ConsiderationKind.FixedRent => "固定租金",
        ConsiderationKind.GuaranteedReturn => "保底收益",
        ConsiderationKind.ProfitShare => "利润分成",
    };

    public static string Of(PaymentFrequency f) => f switch
    {
        PaymentFrequency.Annual => "每年",
        PaymentFrequency.SemiAnnual => "每半年",
        PaymentFrequency.Quarterly => "每季度",
        PaymentFrequency.Monthly => "每月",
    };

    public static string Of(ContractStatus s) => s switch
    {
        ContractStatus.Active => "履行中",
        ContractStatus.Terminated => "已终止",
    };

    public static string Of(DisposalCase c) => c switch
    {
        DisposalCase.Disaster => "自然灾害毁损",
        DisposalCase.EndOfLife => "达到使用年限",
        DisposalCase.PoorReturns => "效益低下",
        DisposalCase.PlanChange => "规划调整",
    };

    public static string Of(DisposalMethod m) => m switch
    {
        DisposalMethod.Auction => "拍卖",
        DisposalMethod.Transfer => "转让",
        DisposalMethod.ChangeOfUse => "改变用途",
        DisposalMethod.Scrap => "报废",
    };

    public static string Of(DisposalStatus s) => s switch
    {
        DisposalStatus.Proposed => "已提出",
        DisposalStatus.ResolutionPassed => "村民代表会议已通过",
        DisposalStatus.TownshipApproved => "乡镇已审核",
        DisposalStatus.CountyApproved => "县级已审批",
        DisposalStatus.Completed => "已完成",
        DisposalStatus.Rejected => "未通过",
    };

    public static string Of(CertificateStatus s) => s switch
    {
        CertificateStatus.Valid => "有效",
        CertificateStatus.Superseded => "已换发",
        CertificateStatus.Revoked => "已注销",
    };

    public static string Of(IncomeKind k) => k switch
    {
        IncomeKind.ContractReceipt => "合同收款",
        IncomeKind.Other => "其他收益",
        IncomeKind.DisposalProceeds => "处置收入",
    };
}
