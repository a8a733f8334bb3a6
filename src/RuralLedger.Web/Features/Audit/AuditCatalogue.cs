using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Distribution;

namespace RuralLedger.Web.Features.Audit;

/// <summary>
/// The Chinese names an inspector reads the audit trail in: every kind of record the EF model audits, every field it
/// records, every value of every enum field. The audit rows keep the program's names (PlanLine, BatchId, InBatch);
/// this catalogue translates them when shown. A new module adds its record kinds and fields here — the catalogue test
/// (Architecture.Tests/AuditCatalogueTests) fails on any audited entity, field or enum value left without a name.
/// </summary>
public static class AuditCatalogue
{
    /// <summary>Record kinds by CLR type name (as the interceptor records them).</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["User"] = "用户", ["Area"] = "区划", ["Household"] = "户档案", ["Member"] = "家庭成员", ["StatusChange"] = "帮扶状态变更",
        ["FundSource"] = "资金来源", ["Project"] = "项目", ["ProjectBudget"] = "项目资金安排", ["ProjectVillage"] = "项目受益村",
        ["Asset"] = "资产", ["AssetFunding"] = "资产资金构成", ["AssetShare"] = "资产权属份额", ["AssetStatusChange"] = "资产状态变更",
        ["OwnershipChange"] = "资产权属变更", ["AssetFile"] = "资产附件", ["Certificate"] = "资产确权证书",
        ["Contract"] = "经营合同", ["ContractAsset"] = "合同资产", ["ContractBid"] = "竞标记录", ["Receivable"] = "应收款", ["Receipt"] = "收款",
        ["EmploymentReport"] = "带贫就业报告", ["WageRecord"] = "务工工资", ["IncomeEntry"] = "收入调查数",
        ["MonitoringLine"] = "监测收入标准", ["LinkageAgreement"] = "利益联结协议", ["AgreementHousehold"] = "协议联结户", ["Disposal"] = "资产处置", ["AssetIncome"] = "资产收益",
        ["DistributionRule"] = "分配规则", ["RulePart"] = "分配规则构成",
        ["DistributionPlan"] = "分配方案", ["PlanPart"] = "分配方案构成", ["Objection"] = "公示异议", ["PlanLine"] = "分配明细（户）",
        ["PaymentBatch"] = "代发批次", ["JournalEntry"] = "记账分录", ["PublicWelfareJob"] = "公益岗位",
        ["MemberRemoval"] = "成员移除", ["NumberSeriesCounter"] = "编号计数器", ["UserSession"] = "登录会话",
        ["CreditPolicyVersion"] = "小额信贷政策版本", ["LprQuote"] = "贷款市场报价利率（LPR）", ["Loan"] = "小额信贷", ["LoanInstalment"] = "还款计划期次",
        ["LoanStep"] = "贷款审核步骤", ["Repayment"] = "还款", ["LoanPayerLink"] = "贷款还款人", ["SubsidyClaim"] = "贴息申领批次",
        ["SelectionPolicy"] = "项目评估标准版本", ["ProjectAssessment"] = "项目八要素评估", ["AssessmentScore"] = "要素评分",
        ["ProjectEvidenceFile"] = "评估佐证材料", ["ProjectHousehold"] = "项目联结农户",
        ["InspectionCampaign"] = "专项检查", ["Inspection"] = "检查记录", ["Finding"] = "检查问题", ["SupervisionFile"] = "检查与整改照片",
        ["AnomalyRule"] = "预警规则版本", ["AnomalyWarning"] = "预警",
        ["UsageRule"] = "户贷企用识别规则版本", ["UsageCase"] = "户贷企用线索", ["UsageCaseLoan"] = "线索涉及贷款", ["EnterpriseLink"] = "贷款与企业关联记录",
        ["RiskFundPolicy"] = "风险补偿金政策版本", ["RiskFundEntry"] = "风险补偿金收支",
        ["ApiToken"] = "接口令牌", ["IdempotencyRecord"] = "幂等请求记录",
        ["InspectionPlanPolicy"] = "贷后检查计划版本", ["LoanInspection"] = "贷款用途检查", ["LoanInspectionPhoto"] = "贷款用途检查照片",
        ["Venture"] = "创业项目", ["VentureLoan"] = "创业项目扶持贷款", ["VentureSupport"] = "创业项目获得扶持", ["VentureYear"] = "创业项目年度就业与收入",
        ["VentureWorker"] = "创业项目脱贫人口就业", ["AccountFlow"] = "贷款账户流水",
        ["SealHead"] = "数据封签校验头",
        ["FarmOrder"] = "订单农业订单", ["FarmDelivery"] = "订单交售", ["LandTransfer"] = "土地流转", ["RentPayment"] = "流转租金收款",
        ["TrainingSession"] = "技能培训", ["TrainingAttendee"] = "参训人员",
    };

    /// <summary>Field names shared by every kind that has them.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Id"] = "记录号", ["Version"] = "版本", ["CountyCode"] = "县", ["TownshipCode"] = "乡镇", ["VillageCode"] = "行政村", ["GroupCode"] = "村民组",
        ["Name"] = "名称", ["Status"] = "状态", ["Kind"] = "类别", ["Code"] = "编码", ["Number"] = "编号", ["Year"] = "年度", ["Amount"] = "金额",
        ["CreatedAt"] = "建立时间", ["CreatedBy"] = "建立人", ["Reason"] = "原因", ["Note"] = "备注", ["Sequence"] = "序号",
        ["UserName"] = "用户名", ["DisplayName"] = "姓名", ["Role"] = "角色", ["ScopeCode"] = "权限范围", ["BankName"] = "开户银行",
        ["BankCode"] = "银行代码", ["Active"] = "启用", ["MustChangePassword"] = "须修改密码", ["FailedAttempts"] = "连续输错次数",
        ["LockedUntil"] = "锁定至", ["LastLoginAt"] = "最近登录", ["SecurityVersion"] = "安全版本", ["PasswordHash"] = "密码",
        ["UserId"] = "用户", ["LastSeenAt"] = "最近活动", ["Ip"] = "IP 地址", ["UserAgent"] = "浏览器", ["RevokedAt"] = "结束时间", ["RevokedReason"] = "结束原因",
        ["HouseholdNo"] = "户编号", ["HeadName"] = "户主", ["Type"] = "户类型", ["MemberCount"] = "人口数", ["Causes"] = "致贫原因",
        ["BankAccountMasked"] = "银行账号", ["PhoneMasked"] = "联系电话", ["Address"] = "住址", ["HouseholdId"] = "户",
        ["CitizenIdMasked"] = "身份证号", ["Relation"] = "与户主关系", ["Labour"] = "劳动能力", ["Health"] = "健康状况", ["Education"] = "文化程度",
        ["Sex"] = "性别", ["BirthDate"] = "出生日期", ["FromStatus"] = "原状态", ["ToStatus"] = "新状态", ["EffectiveOn"] = "生效日期",
        ["RecordedAt"] = "登记时间", ["RecordedBy"] = "登记人", ["Level"] = "层级", ["ParentCode"] = "上级区划",
        ["PlanId"] = "分配方案", ["BatchId"] = "代发批次", ["Payment"] = "发放状态", ["FailureReason"] = "失败原因", ["People"] = "人口",
        ["Weight"] = "权重", ["Minimum"] = "保底", ["WeightedFloor"] = "按权重取整", ["RemainderFen"] = "尾差（分）", ["ExactShare"] = "精确份额",
        ["PaidOn"] = "入账日期", ["BasisPoints"] = "比例（万分之）", ["Title"] = "标题", ["RuleId"] = "分配规则", ["RuleCode"] = "规则代码",
        ["RuleVersion"] = "规则版本", ["FreezeOn"] = "名单冻结日", ["Pool"] = "收益池", ["Dividends"] = "农户分红", ["TotalWeight"] = "总权重",
        ["Households"] = "受益户数", ["MeetingOn"] = "会议日期", ["MeetingEntitled"] = "应到人数", ["MeetingPresent"] = "实到人数",
        ["MeetingFor"] = "赞成票数", ["MeetingMinutes"] = "会议记录", ["NoticeFrom"] = "公示开始", ["NoticeTo"] = "公示结束",
        ["NoticePlace"] = "公示地点", ["ApprovedOn"] = "审批日期", ["ApprovedBy"] = "审批人", ["ApprovalOpinion"] = "审批意见",
        ["PostedOn"] = "记账日期", ["PostedBy"] = "记账人", ["ReturnedOn"] = "退回日期", ["ReturnedBy"] = "退回人", ["ReturnReason"] = "退回理由",
        ["DiscardedOn"] = "作废日期", ["DiscardedBy"] = "作废人", ["DiscardReason"] = "作废原因", ["ReversesId"] = "冲销的原方案",
        ["ReversalReason"] = "冲销原因", ["ReversedById"] = "冲销方案", ["FiledOn"] = "提出日期", ["FiledBy"] = "提出人", ["Content"] = "内容",
        ["Answer"] = "答复", ["AnsweredOn"] = "答复日期", ["OnBoard"] = "经公示栏提出", ["Lines"] = "户数", ["Total"] = "合计", ["Paid"] = "成功户数", ["Failed"] = "失败户数",
        ["PaidTotal"] = "成功金额", ["CreatedOn"] = "生成日期", ["ResultFileHash"] = "回盘文件摘要", ["Debit"] = "借方", ["Credit"] = "贷方",
        ["Memo"] = "摘要", ["AssetId"] = "资产", ["ContractId"] = "合同", ["ProjectId"] = "项目", ["FundSourceId"] = "资金来源",
        ["FormerlyPoor"] = "原贫困村", ["ParentId"] = "上级区划", ["Beneficiaries"] = "受益对象", ["Class"] = "资产类别", ["FormedOn"] = "形成日期",
        ["IncomeRule"] = "收益分配规则", ["Industry"] = "产业", ["OriginalValue"] = "原值", ["Quantity"] = "数量", ["Unit"] = "单位",
        ["SupervisionPerson"] = "监管责任人", ["SupervisionUnit"] = "监管单位", ["Caption"] = "说明", ["ContentType"] = "文件类型",
        ["FileName"] = "文件名", ["Sha256"] = "文件摘要", ["Size"] = "大小（字节）", ["UploadedAt"] = "上传时间", ["UploadedBy"] = "上传人",
        ["TableName"] = "数据表", ["Bucket"] = "编号段", ["RowCount"] = "行数", ["IdSum"] = "编号和", ["Presence"] = "存在摘要",
        ["HolderCode"] = "持有人代码", ["HolderKind"] = "持有人类别", ["HolderName"] = "持有人", ["After"] = "变更后", ["Before"] = "变更前",
        ["AssetClass"] = "资产类别", ["AssetCode"] = "资产编码", ["AssetKind"] = "资产种类", ["AssetName"] = "资产名称", ["HoldersText"] = "权属人",
        ["IssuedBy"] = "发证人", ["IssuedOn"] = "发证日期", ["Location"] = "坐落", ["ReissueReason"] = "补发原因", ["ReplacedByNumber"] = "补发证书编号",
        ["ReplacesId"] = "所替换证书", ["RevokeReason"] = "注销原因", ["RevokedOn"] = "注销日期", ["VerificationCode"] = "核验码",
        ["AnnualAmount"] = "年度金额", ["Breach"] = "违约", ["BreachDescription"] = "违约情形", ["Consideration"] = "收益方式", ["EndOn"] = "到期日",
        ["Frequency"] = "收款周期", ["GraceDays"] = "宽限天数", ["Mode"] = "经营方式", ["OperatorContact"] = "经营主体联系人",
        ["OperatorCreditCode"] = "统一社会信用代码", ["OperatorKind"] = "经营主体类别", ["OperatorName"] = "经营主体", ["RateBasisPoints"] = "收益率（万分之）",
        ["SignedOn"] = "签订日期", ["StartOn"] = "起始日", ["TermMonths"] = "期限（月）", ["TerminatedOn"] = "解除日期", ["TerminationReason"] = "解除原因",
        ["ValueAtSigning"] = "签约时价值", ["BidderName"] = "竞标人", ["CreditCode"] = "统一社会信用代码", ["Won"] = "中标",
        ["Jobs"] = "就业人数", ["PoorHouseholds"] = "带动脱贫户数", ["PoorPeople"] = "带动脱贫人口", ["Wages"] = "工资总额", ["WagesToPoor"] = "脱贫人口工资",
        ["ReceivedOn"] = "收款日期", ["Reference"] = "凭证号", ["Cancelled"] = "已取消", ["DueOn"] = "应收日期", ["Period"] = "期次",
        ["Buyer"] = "受让方", ["Case"] = "处置情形", ["CompletedOn"] = "完成日期", ["CountyApprovedOn"] = "县级审批日期", ["CountyApprover"] = "县级审批人",
        ["CountyOpinion"] = "县级意见", ["Method"] = "处置方式", ["Proceeds"] = "处置收入", ["ProposedBy"] = "申请人", ["ProposedOn"] = "申请日期",
        ["RejectedReason"] = "不予通过理由", ["RepresentativesPresent"] = "代表实到", ["RepresentativesTotal"] = "代表应到", ["ResolutionNote"] = "决议说明",
        ["ResolutionOn"] = "决议日期", ["TownshipApprovedOn"] = "乡镇审批日期", ["TownshipApprover"] = "乡镇审批人", ["TownshipOpinion"] = "乡镇意见",
        ["VotesFor"] = "赞成票数", ["EffectiveFrom"] = "生效日期", ["Eligible"] = "受益身份", ["MinimumPerHousehold"] = "每户保底",
        ["RequirePublicWelfareJob"] = "须公益岗位务工", ["Weighting"] = "户间分配方式", ["Key"] = "分录键", ["PostedAt"] = "记账时间",
        ["ResultOn"] = "回盘日期", ["Owner"] = "收益归属", ["SourceId"] = "来源记录", ["EndedAt"] = "结束登记时间", ["EndedBy"] = "结束登记人",
        ["From"] = "起始日期", ["To"] = "结束日期", ["MemberId"] = "成员", ["MemberName"] = "成员姓名", ["MonthlyPay"] = "月报酬", ["Post"] = "岗位类别",
        ["PostName"] = "岗位名称", ["Allocated"] = "下达金额", ["DocumentNo"] = "文号", ["AcceptedOn"] = "验收日期", ["ApprovalDocument"] = "批复文号",
        ["Description"] = "说明", ["StartedOn"] = "开工日期", ["RegisteredOn"] = "建档日期",
        ["CancelReason"] = "取消原因", ["CancelledOn"] = "取消日期", ["RemovedOn"] = "移除日期", ["Series"] = "编号序列", ["Last"] = "已用至",
        // Credit (decision 0022).
        ["AgingBuckets"] = "逾期账龄分段（天）", ["AllowedUses"] = "允许用途", ["ProhibitedUses"] = "禁止用途", ["DayCountBasis"] = "计息天数基准",
        ["EligibleStatuses"] = "可贷对象身份", ["ExtensionMaxCount"] = "展期次数上限", ["ExtensionMaxMonths"] = "展期月数上限",
        ["GuaranteeFree"] = "免担保免抵押", ["MaxAge"] = "最高年龄", ["MinAge"] = "最低年龄", ["MaxAmount"] = "额度上限",
        ["MaxTermMonths"] = "期限上限（月）", ["Programme"] = "信贷项目", ["RenewalMaxCount"] = "续贷次数上限", ["SubsidyShare"] = "贴息比例",
        ["AccountMasked"] = "放款账号", ["AnnualRate"] = "年利率", ["AppliedOn"] = "申请日期", ["BorrowerAge"] = "借款人年龄",
        ["BorrowerId"] = "借款人", ["BorrowerName"] = "借款人姓名", ["ClosedOn"] = "结清日期", ["DecidedOn"] = "银行决定日期",
        ["DisbursedAmount"] = "放款金额", ["DisbursedOn"] = "放款日期", ["ExtensionCount"] = "展期次数", ["InterestRepaid"] = "已还利息",
        ["LprCeiling"] = "LPR 上限", ["MaturityOn"] = "到期日", ["OriginalMaturityOn"] = "原到期日", ["PolicyId"] = "所用政策版本",
        ["PrincipalRepaid"] = "已还本金", ["Purpose"] = "贷款用途", ["PurposeDetail"] = "用途说明", ["RenewalCount"] = "续贷次数",
        ["RenewalOfId"] = "续贷自", ["BankContractNumber"] = "银行合同编号", ["Interest"] = "利息", ["InterestPaid"] = "已付利息", ["LoanId"] = "贷款", ["PeriodStart"] = "计息起日",
        ["Principal"] = "本金", ["PrincipalPaid"] = "已还本金", ["Seq"] = "序号", ["SettledOn"] = "结清日期", ["Superseded"] = "已被替代",
        ["At"] = "时间", ["By"] = "经办人", ["Decision"] = "决定", ["On"] = "日期", ["Opinion"] = "意见", ["FiveYear"] = "5 年期 LPR",
        ["OneYear"] = "1 年期 LPR", ["ClaimId"] = "贴息申领批次", ["InterestLate"] = "逾期利息", ["InterestOnTime"] = "按期利息",
        ["LoanNumber"] = "贷款编号", ["PayerAccountMasked"] = "还款账号", ["PayerName"] = "还款人", ["Source"] = "来源", ["Subsidy"] = "贴息金额",
        ["BuiltAt"] = "生成时间", ["BuiltBy"] = "生成人", ["Loans"] = "贷款笔数", ["PaidBy"] = "付款登记人", ["Quarter"] = "季度",
        ["Repayments"] = "还款笔数", ["Share"] = "比例", ["LastRepaymentId"] = "计入的最后一笔还款", ["PaidVoucher"] = "拨付凭证号",
        // Project selection (decision 0023).
        ["AssessmentId"] = "评估", ["Element"] = "要素", ["Evidence"] = "佐证说明", ["Score"] = "得分", ["AssessedAt"] = "评估时间",
        ["AssessedBy"] = "评估人", ["AssessedOn"] = "评估日期", ["Conclusion"] = "结论", ["Passed"] = "通过", ["PassingScore"] = "合格分",
        ["PolicyVersion"] = "标准版本", ["TotalHundredths"] = "总分（百分之一分）", ["WeakElements"] = "薄弱要素", ["Benefit"] = "联结方式",
        ["HouseholdVillageCode"] = "农户所在村", ["LinkedAt"] = "联结时间", ["LinkedBy"] = "联结登记人", ["PlannedBenefit"] = "计划年收益",
        ["ExemptIndustries"] = "免评估产业", ["MinimumPerElement"] = "单项最低分", ["Weights"] = "要素权重",
        // Benefit linkage (decision 0028).
        ["WorkerHash"] = "职工身份证号摘要", ["WorkerName"] = "职工姓名", ["EmployerCode"] = "用工单位信用代码", ["EmployerName"] = "用工单位",
        ["Month"] = "月份", ["Days"] = "出勤天数", ["Wage"] = "工资", ["Category"] = "收入类别", ["ProvinceCode"] = "省份代码",
        ["PerPerson"] = "人均标准", ["SetBy"] = "登记人", ["SetAt"] = "登记时间", ["PartnerName"] = "经营主体", ["PartnerCode"] = "经营主体信用代码",
        ["Projects"] = "涉及资产或项目", ["Edition"] = "版次", ["LastReason"] = "续签或终止原因", ["MonthlyWage"] = "保底工资（月）",
        ["GuaranteedPricePerKg"] = "保护价（每千克）", ["RentPerMu"] = "租金（每亩每年）", ["Dividend"] = "分红（每年）", ["AgreementId"] = "联结协议",
        ["BuyerName"] = "收购方", ["BuyerCode"] = "收购方信用代码", ["Product"] = "产品", ["QuantityKg"] = "订单数量（千克）",
        ["GuaranteedPrice"] = "保护价（每千克）", ["Pricing"] = "定价方式", ["Season"] = "季节（批次）", ["AgreementNumber"] = "协议编号",
        ["OrderId"] = "订单", ["DeliveredOn"] = "交售日期", ["WeightKg"] = "重量（千克）", ["MarketPrice"] = "市场价（每千克）", ["PricePaid"] = "结算价（每千克）",
        ["TenantName"] = "流入方", ["TenantCode"] = "流入方信用代码", ["AreaMu"] = "面积（亩）", ["AnnualRent"] = "年租金", ["TransferId"] = "土地流转",
        ["Topic"] = "培训内容", ["HeldOn"] = "培训日期", ["Place"] = "培训地点", ["Trainer"] = "授课人", ["Hours"] = "学时", ["SessionId"] = "培训班",
        ["Attended"] = "到课", ["Completed"] = "结业", ["CertificateNo"] = "证书编号",
        // Supervision (decision 0027).
        ["CampaignId"] = "专项检查", ["Target"] = "检查对象类别", ["TargetId"] = "对象记录", ["TargetLabel"] = "对象", ["InspectedOn"] = "检查日期",
        ["Summary"] = "检查情况", ["Inspector"] = "检查人", ["InspectionId"] = "检查记录", ["ResponsibleUnit"] = "责任单位",
        ["ResponsiblePerson"] = "责任人", ["Deadline"] = "整改期限", ["Proof"] = "整改情况", ["SubmittedBy"] = "整改提交人", ["SubmittedAt"] = "整改提交时间",
        ["CheckedBy"] = "复核人", ["CheckedAt"] = "复核时间", ["Rounds"] = "整改提交次数", ["FindingId"] = "问题", ["Threshold"] = "阈值",
        ["Severity"] = "严重程度", ["Enabled"] = "启用", ["PublishedBy"] = "发布人", ["PublishedAt"] = "发布时间", ["TargetKind"] = "记录类别",
        ["Detail"] = "情况", ["Link"] = "记录地址", ["RaisedAt"] = "预警时间", ["ClosedBy"] = "关闭人", ["ClosedAt"] = "关闭时间",
        // Loan usage supervision (decision 0029).
        ["MinHouseholds"] = "户数阈值", ["Keywords"] = "关键词", ["RuleKind"] = "识别规则", ["SubjectKey"] = "对象键",
        ["Subject"] = "对象", ["LiveKey"] = "未办结对象键", ["LoanCount"] = "贷款笔数", ["RaisedOn"] = "发现日期", ["RaisedBy"] = "发现人",
        ["Officer"] = "整改责任人", ["DecidedBy"] = "核实人", ["Finding"] = "核实情况",
        ["RectifiedAs"] = "整改方式", ["RectifiedOn"] = "整改日期", ["RectifiedBy"] = "整改登记人", ["RectificationNote"] = "整改情况",
        ["CaseId"] = "线索", ["Enterprise"] = "企业/合作社", ["YearlyAmount"] = "每年分红", ["Leverage"] = "放大倍数", ["FundShare"] = "风险补偿金分担比例",
        ["FundPart"] = "风险补偿金承担", ["BankPart"] = "银行承担",
        // API tokens (decision 0032).
        ["ExpiresOn"] = "有效至", ["PermitsPerMinute"] = "每分钟请求上限", ["LastUsedAt"] = "最近使用", ["LastUsedIp"] = "最近使用 IP",
        ["RevokedBy"] = "吊销人",
        ["ClientKey"] = "幂等键", ["CompletedAt"] = "完成时间",
        // Linkage imports and the early end of a land transfer (decision 0037).
        ["PartnerNumber"] = "协议号", ["EndedOn"] = "终止日期", ["EndReason"] = "终止原因",
    };

    /// <summary>A field that means something else on one kind ("Status" of a household is its 帮扶状态).</summary>
    private static readonly Dictionary<string, string> KindFields = new(StringComparer.Ordinal)
    {
        ["Household.Status"] = "帮扶状态", ["Member.Name"] = "姓名", ["User.ScopeCode"] = "权限范围", ["DistributionPlan.Status"] = "方案状态",
        ["DistributionPlan.Kind"] = "方案类别", ["PlanPart.Kind"] = "构成类别", ["RulePart.Kind"] = "构成类别", ["PaymentBatch.Status"] = "批次状态",
        ["Asset.Status"] = "资产状态", ["Contract.Status"] = "合同状态", ["Disposal.Status"] = "处置状态", ["Certificate.Status"] = "证书状态",
        ["Project.Status"] = "项目状态", ["Household.Type"] = "户类型",
        ["LinkageAgreement.Status"] = "协议状态", ["LinkageAgreement.Type"] = "联结方式",
        ["TrainingSession.Subject"] = "培训主题", ["LandTransfer.Location"] = "地块位置", ["RentPayment.PaidOn"] = "收款日期", ["Finding.Category"] = "问题类别",
        ["UsageCase.RuleId"] = "识别规则版本", ["UsageCase.Households"] = "涉及户数", ["UsageCase.DecidedOn"] = "核实日期", ["UsageCase.Status"] = "线索状态", ["UsageCase.RaisedAt"] = "发现时间",
        ["RiskFundPolicy.Mode"] = "超限处理", ["RiskFundEntry.Key"] = "登记键", ["RiskFundEntry.PolicyId"] = "所用风险补偿金政策版本",
        ["InspectionPlanPolicy.FirstWithinMonths"] = "放款后首次检查期限（月）", ["InspectionPlanPolicy.EveryMonths"] = "检查周期（月）",
        ["LoanInspection.ClientKey"] = "手机端编号", ["LoanInspection.FollowUp"] = "后续措施", ["LoanInspection.Inspectors"] = "检查人员",
        ["LoanInspection.Latitude"] = "纬度", ["LoanInspection.Longitude"] = "经度", ["LoanInspection.LoanAmount"] = "贷款金额",
        ["LoanInspection.Statement"] = "农户陈述", ["LoanInspection.UseCategory"] = "实际用途",
        ["Venture.Category"] = "项目类别", ["Venture.StartedOn"] = "开办日期", ["Venture.Description"] = "项目简介", ["Venture.OwnerName"] = "户主",
        ["VentureLoan.VentureId"] = "创业项目", ["VentureSupport.VentureId"] = "创业项目", ["VentureYear.VentureId"] = "创业项目", ["VentureWorker.VentureId"] = "创业项目",
        ["AccountFlow.Direction"] = "收支方向", ["AccountFlow.CounterpartyName"] = "对方户名", ["AccountFlow.CounterpartyAccountMasked"] = "对方账号",
        ["AccountFlow.CounterpartyHouseholdId"] = "对方账号所属农户",
        ["AccountFlow.Key"] = "流水键", ["UsageRule.WithinDays"] = "放款后天数",
        ["VentureSupport.Provider"] = "提供方", ["VentureYear.Income"] = "年收入", ["VentureYear.Jobs"] = "带动就业人数", ["VentureWorker.Status"] = "帮扶状态",
    };

    /// <summary>Names of enum values, by enum type: the modules' own *Names.Of and a few kept beside their queries.</summary>
    private static readonly Dictionary<Type, Func<Enum, string>> EnumNamers = BuildNamers();

    /// <summary>Named events and the small objects they carry (sign-in failures, unmasking, imports).</summary>
    private static readonly Dictionary<string, string> EventFields = new(StringComparer.Ordinal)
    {
        ["userName"] = "用户名", ["reason"] = "原因", ["field"] = "查看字段", ["source"] = "来源", ["households"] = "户数", ["members"] = "人数",
        ["rows"] = "行数", ["what"] = "内容", ["file"] = "文件", ["format"] = "格式", ["count"] = "条数",
        ["existing"] = "已登记（未重复写入）", ["wages"] = "工资合计（元）",
        ["sha256"] = "文件摘要（SHA-256）", ["loans"] = "涉及贷款笔数", ["principal"] = "本金合计（元）", ["interest"] = "利息合计（元）",
    };

    /// <summary>Fields that hold an area code (a 6-digit county or a 12-digit division code), shown with the area's name.</summary>
    private static readonly HashSet<string> AreaFields = new(StringComparer.Ordinal)
    {
        "CountyCode", "TownshipCode", "VillageCode", "GroupCode", "ScopeCode", "ParentCode", "HouseholdVillageCode", "Area.Code",
    };

    public static string KindName(string type) => Kinds.GetValueOrDefault(type, type);

    public static bool IsAreaField(string type, string field) => AreaFields.Contains(field) || AreaFields.Contains(type + "." + field);

    /// <summary>The field's Chinese name, or null when the catalogue has none.</summary>
    public static string? FieldName(string type, string field) =>
        KindFields.GetValueOrDefault(type + "." + field) ?? Fields.GetValueOrDefault(field) ?? EventFields.GetValueOrDefault(field);

    public static string FieldLabel(string type, string field) => FieldName(type, field) ?? field;

    /// <summary>The Chinese name of an enum value, or null when none is known.</summary>
    public static string? EnumName(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!EnumNamers.TryGetValue(value.GetType(), out var name))
        {
            return null;
        }
        try
        {
            return name(value);
        }
        catch (Exception ex) when (ex is System.Runtime.CompilerServices.SwitchExpressionException or TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>A recorded value as people read it: enum values by name, yes/no, instants in China Standard Time.</summary>
    public static string? Display(IModel model, string type, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (value is null)
        {
            return null;
        }
        var clr = PropertyType(model, type, field);
        if (clr is { IsEnum: true } && Enum.TryParse(clr, value, out var parsed) && parsed is Enum e && EnumName(e) is { } named)
        {
            return named;
        }
        if (value is "True" or "False")
        {
            return value == "True" ? "是" : "否";
        }
        // Instants are recorded in UTC (ISO 8601); people read them in China Standard Time.
        if (value.Length >= 20 && value[4] == '-' && value[10] == 'T'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
        {
            return BusinessCalendar.Format(instant);
        }
        return value;
    }

    /// <summary>The CLR type of a field of a recorded kind (nullable unwrapped), or null for named events.</summary>
    public static Type? PropertyType(IModel model, string type, string field)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entity = model.GetEntityTypes().FirstOrDefault(t => t.ClrType.Name == type);
        var clr = entity?.FindProperty(field)?.ClrType;
        return clr is null ? null : Nullable.GetUnderlyingType(clr) ?? clr;
    }

    private static Dictionary<Type, Func<Enum, string>> BuildNamers()
    {
        var namers = new Dictionary<Type, Func<Enum, string>>();
        // Each module names its enums with static string Of(TEnum) on a *Names class in Core (RegistryNames, AssetNames…).
        foreach (var method in typeof(Role).Assembly.GetExportedTypes()
                     .Where(t => t is { IsAbstract: true, IsSealed: true })
                     .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                     .Where(m => m.Name == "Of" && m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType.IsEnum: true }]))
        {
            var m = method;
            namers[m.GetParameters()[0].ParameterType] = v => (string)m.Invoke(null, [v])!;
        }
        namers[typeof(Role)] = v => Roles.DisplayName((Role)v);
        namers[typeof(AreaLevel)] = v => (AreaLevel)v switch
        {
            AreaLevel.County => "县", AreaLevel.Township => "乡镇", AreaLevel.Village => "行政村", AreaLevel.Group => "村民组",
        };
        namers[typeof(PlanKind)] = v => (PlanKind)v switch { PlanKind.Distribution => "分配方案", PlanKind.Reversal => "冲销方案" };
        namers[typeof(BatchStatus)] = v => (BatchStatus)v switch { BatchStatus.Exported => "待银行回盘", BatchStatus.ResultImported => "回盘已导入" };
        namers[typeof(LinePayment)] = v => DistributionQueries.PaymentName((LinePayment)v);
        namers[typeof(LedgerAccount)] = v => DistributionQueries.AccountName((LedgerAccount)v);
        namers[typeof(ApprovalDecision)] = v => (ApprovalDecision)v switch { ApprovalDecision.Approved => "同意", ApprovalDecision.Rejected => "不同意" };
        namers[typeof(RuralLedger.Core.Credit.RepaymentMethod)] = v => RuralLedger.Core.Credit.LoanSchedule.Name((RuralLedger.Core.Credit.RepaymentMethod)v);
        namers[typeof(RuralLedger.Core.Credit.SubsidyClaimStatus)] = v => RuralLedger.Core.Credit.SubsidyClaim.StatusName((RuralLedger.Core.Credit.SubsidyClaimStatus)v);
        namers[typeof(RuralLedger.Core.Credit.RepaymentSource)] = v => (RuralLedger.Core.Credit.RepaymentSource)v switch
        {
            RuralLedger.Core.Credit.RepaymentSource.Entered => "手工登记", RuralLedger.Core.Credit.RepaymentSource.Imported => "银行文件导入",
        };
        return namers;
    }
}
