namespace RuralLedger.Web.Features.Modules;

/// <summary>
/// The modules of DOMAIN.md as the navigation shows them; those not built yet say so plainly. A module with a
/// <see cref="Policy"/> is listed only to users who satisfy it (its pages and endpoints enforce it regardless).
/// </summary>
internal sealed record ModuleEntry(string Slug, string Name, string Description, string? Href, string? PlannedIn, string? Policy = null);

internal static class ModuleCatalog
{
    public static readonly IReadOnlyList<ModuleEntry> All =
    [
        new("home", "首页概览", "全县户数、人口、区划等总体数字。", "/", null),
        new("areas", "区划管理", "县、乡镇、行政村、村民组及其统计区划代码。", "/areas", null),
        new("registry", "一户一档", "建档立卡户与监测对象的家庭成员、身份证号、帮扶状态及其历史、一卡通账户。", "/registry", null),
        new("projects", "资金与项目", "各级衔接资金来源，项目立项、审批、建设与验收，验收形成资产。", "/projects", null),
        new("assets", "资产台账", "经营性、公益性、到户类扶贫项目资产，县级总账与乡村明细账，闲置资产与处置。", "/assets", null),
        new("rights", "四权与所有权证", "所有权、经营权、收益权、监管权；所有权证的发放、换发与注销。", "/certificates", null),
        new("contracts", "经营合同", "合作经营、委托管理、公开发包、入股分红；应收、实收、欠款账龄与到期预警。", "/contracts", null),
        new("income", "收益分配", "收益归集、“721”等分配规则、四议两公开、公示、审批与银行代发。", "/distribution", null),
        // Benefit linkage: posts, agreements, payroll wages and income by category; orders, land transfer and training are still to come.
        new("linkage", "利益联结", "公益性岗位、利益联结协议（含项目验收带出的草稿）、工资表导入与带贫工资占比、订单农业（交售导入）、土地流转与租金、技能培训、户收入构成与“一股了之”排查。", "/linkage/public-jobs", null),
        new("credit", "小额信贷", "申请与村、乡镇、县、银行逐级审批，发放与还款计划，还款文件导入，贴息申报，逾期账龄，展期；“户贷企用”识别与线索整改，风险补偿金（放大倍数、核销代偿）。", "/credit", null),
        new("supervision", "监督检查", "资产、合同、分配方案、项目、信贷与行政村的检查，问题、照片与整改复核，逾期整改；预警规则（闲置、欠租、到期未收回、未确权、收益未分配、代发未发出、死亡迁出仍分配、跨县重复受益、处置审批不全）。", "/supervision", null),
        new("disclosure", "公示公开", "各村公示栏（无需登录，姓名脱敏，不公开证件号、账号与电话）、群众异议及其答复、可打印的公示（含二维码）。", "/disclosure", null),
        new("reports", "统计报表", "全县概览、各类台账导出、导入模板与可打印对账单。", null, null),
        new("audit", "审计日志", "所有变更的只追加哈希链记录及其校验。", "/audit", null, Infrastructure.Policies.ReadAudit),
        new("admin", "用户与权限", "用户、角色与区划范围，登录与账户安全。", "/admin/users", null, Infrastructure.Policies.ManageUsers),
    ];

    public static ModuleEntry? Find(string slug) => All.FirstOrDefault(m => m.Slug == slug);

    public static string HrefOf(ModuleEntry m) => m.Href ?? "/modules/" + m.Slug;
}
