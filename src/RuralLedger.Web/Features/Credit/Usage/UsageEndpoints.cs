using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

/// <summary>Loan usage supervision (issue #15): 户贷企用 detection and cases, entered enterprise links, the risk compensation fund.</summary>
internal static class UsageModule
{
    public static IServiceCollection AddLoanUsage(this IServiceCollection services)
    {
        services.AddScoped<UsageDetection>();
        services.AddScoped<UsageCases>();
        services.AddScoped<RiskFundLedger>();
        Inspections.LoanInspectionEndpoints.AddLoanInspections(services);
        services.AddScoped<Flows.AccountFlowImport>();
        return services;
    }

    public static IEndpointRouteBuilder MapLoanUsage(this IEndpointRouteBuilder app)
    {
        Inspections.LoanInspectionEndpoints.MapLoanInspections(app);
        var usage = app.MapGroup("/api/loan-usage").WithTags("贷款用途监管");
        string[] handlers = [Roles.TownshipOfficer, Roles.CountyAdmin, Roles.CountyStaff, Roles.BankOfficer];

        usage.MapPost("/run", (UsageDetection d, CancellationToken ct) => d.RunAsync(ct))
            .RequireAuthorization(p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("RunLoanUsageRules")
            .WithSummary("运行“户贷企用”识别规则（每条规则一次分组查询；同一规则、同一对象的线索未办结时不重复生成）")
            .ProducesProblem(StatusCodes.Status409Conflict);

        usage.MapGet("/cases", (UsageCaseStatus? status, UsageRuleKind? rule, UsageCases c, CancellationToken ct) => c.ListAsync(status, rule, ct))
            .WithName("ListLoanUsageCases")
            .WithSummary($"“户贷企用”线索列表（本人权限范围内；最多 {UsageCases.Limit} 条）");

        usage.MapGet("/cases/{id:long}", (long id, UsageCases c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetLoanUsageCase")
            .WithSummary("线索详情：规则、对象、涉及贷款及证据、处理情况")
            .ProducesProblem(StatusCodes.Status404NotFound);

        usage.MapGet("/summary", (UsageCases c, CancellationToken ct) => c.SummaryAsync(ct))
            .WithName("LoanUsageSummary")
            .WithSummary("线索统计：按规则、按乡镇");

        usage.MapPost("/cases/{id:long}/confirm", async (long id, UsageConfirmInput input, UsageCases c, CancellationToken ct) =>
            {
                await c.ConfirmAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(handlers))
            .WithName("ConfirmLoanUsageCase")
            .WithSummary("确认线索：指定整改责任人和整改期限")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        usage.MapPost("/cases/{id:long}/dismiss", async (long id, UsageDismissInput input, UsageCases c, CancellationToken ct) =>
            {
                await c.DismissAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(handlers))
            .WithName("DismissLoanUsageCase")
            .WithSummary("排除线索（须写理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        usage.MapPost("/cases/{id:long}/rectify", async (long id, UsageRectifyInput input, UsageCases c, CancellationToken ct) =>
            {
                await c.RectifyAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(handlers))
            .WithName("RectifyLoanUsageCase")
            .WithSummary("整改销号：资金收回、转为农户自用或提前收回贷款（须写整改情况）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        usage.MapGet("/rules", (UsageCases c, CancellationToken ct) => c.RulesAsync(ct))
            .WithName("ListLoanUsageRules")
            .WithSummary("识别规则及其版本（启用、户数阈值、关键词、生效日期）");

        usage.MapPost("/rules", async (UsageRuleInput input, UsageCases c, CancellationToken ct) =>
            {
                var id = await c.AddRuleAsync(input, ct);
                return TypedResults.Created($"/api/loan-usage/rules", new Created(id));
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("AddLoanUsageRule")
            .WithSummary("新增规则版本（自生效日期起适用；未填项沿用现行版本）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        usage.MapPost("/links", async (EnterpriseLinkInput input, UsageCases c, CancellationToken ct) =>
            {
                var id = await c.LinkAsync(input, ct);
                return TypedResults.Created($"/api/loan-usage/cases", new Created(id));
            })
            .RequireAuthorization(p => p.RequireRole(Roles.VillageOfficer, Roles.TownshipOfficer, Roles.CountyAdmin, Roles.CountyStaff, Roles.BankOfficer))
            .WithName("AddEnterpriseLink")
            .WithSummary("登记贷款与企业/合作社的关联：申报用于企业、检查发现用于企业、领取固定分红")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        Flows.AccountFlowEndpoints.MapAccountFlows(app);

        var fund = app.MapGroup("/api/risk-fund").WithTags("贷款用途监管");

        fund.MapGet("/", (RiskFundLedger f, CancellationToken ct) => f.BanksAsync(ct))
            .RequireAuthorization(p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.BankOfficer))
            .WithName("ListRiskFunds")
            .WithSummary("风险补偿金：各银行余额、贷款余额、放大倍数与上限")
            .ProducesProblem(StatusCodes.Status409Conflict);

        fund.MapGet("/statement", (string? bank, int? year, RiskFundLedger f, CancellationToken ct) => f.StatementAsync(bank, year, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.BankOfficer))
            .WithName("RiskFundStatement")
            .WithSummary("风险补偿金年度对账单（期初、注入、代偿、收回、期末；与当年核销贷款核对）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        fund.MapPost("/policies", async (RiskFundPolicyInput input, RiskFundLedger f, CancellationToken ct) =>
            {
                var id = await f.AddPolicyAsync(input, ct);
                return TypedResults.Created("/api/risk-fund", new Created(id));
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("AddRiskFundPolicy")
            .WithSummary("新增风险补偿金政策版本（放大倍数、超限处理、代偿分担比例）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        fund.MapPost("/contributions", async (RiskFundContributionInput input, RiskFundLedger f, CancellationToken ct) =>
            {
                var id = await f.ContributeAsync(input, ct);
                return TypedResults.Created("/api/risk-fund", new Created(id));
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("AddRiskFundContribution")
            .WithSummary("登记风险补偿金注入（同一文号只登记一次）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        fund.MapPost("/recoveries", async (RiskFundRecoveryInput input, RiskFundLedger f, CancellationToken ct) =>
            {
                var id = await f.RecoverAsync(input, ct);
                return TypedResults.Created("/api/risk-fund", new Created(id));
            })
            .RequireAuthorization(p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.BankOfficer))
            .WithName("AddRiskFundRecovery")
            .WithSummary("登记核销后收回（按代偿时的比例返还风险补偿金和银行；累计不超过核销损失）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}
