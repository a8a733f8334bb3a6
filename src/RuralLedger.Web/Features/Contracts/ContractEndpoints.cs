using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

public sealed record ProfitDeclared(Money Amount);

internal static class ContractEndpoints
{
    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/contracts").WithTags("经营合同");

        api.MapGet("/", ([AsParameters] ContractFilter filter, ContractQueries queries, CancellationToken ct) => queries.ListAsync(filter, ct))
            .WithName("ListContracts")
            .WithSummary("经营合同列表")
            .WithDescription("status 为 Active（履行中）、Expired（已到期：未终止且终止日早于今天）或 Terminated；另可按 mode、operatorKind、township、village、assetId 筛选，q 为合同编号或经营主体名称的一部分、或完整统一社会信用代码。page 从 1 起，pageSize 1–200。金额单位为元。");

        api.MapGet("/{id:long}", (long id, ContractQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetContract")
            .WithSummary("经营合同详情：条款、资产、竞标、应收计划、收款、带贫成效")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (ContractInput input, ContractCommands writer, CancellationToken ct) =>
            {
                var id = await writer.CreateAsync(input, ct);
                return TypedResults.Created($"/api/contracts/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("CreateContract")
            .WithSummary("签订经营合同（生成应收计划）")
            .WithDescription("企业、合作社须填写统一社会信用代码（按 GB 32100 校验）；公开发包须登记竞标且恰有一个中标人，中标人即经营主体。固定租金填 annualRent（元/年）；保底收益、利润分成填 ratePercent（最多两位小数）。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/receipts", async (long id, ReceiptInput input, ContractCommands writer, CancellationToken ct) =>
                TypedResults.Ok(await writer.ReceiveAsync(id, input, ct)))
            .RequireAuthorization(Policies.EditAssets)
            .WithName("RecordContractReceipt")
            .WithSummary("登记收款：按到期先后冲抵应收，并按资产签约时价值分摊为资产收益")
            .WithDescription("version 须为读取时的合同版本号，否则 409 contracts.stale；超过尚欠金额返回 400 contracts.overpaid。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/profit", async (long id, ProfitInput input, ContractCommands writer, CancellationToken ct) =>
                TypedResults.Ok(new ProfitDeclared(await writer.DeclareProfitAsync(id, input, ct))))
            .RequireAuthorization(Policies.EditAssets)
            .WithName("DeclareContractProfit")
            .WithSummary("申报年度利润（利润分成合同），生成该年度应收")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/employment", async (long id, EmploymentInput input, ContractCommands writer, CancellationToken ct) =>
            {
                await writer.ReportEmploymentAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("ReportContractEmployment")
            .WithSummary("填报年度带贫成效：用工、覆盖脱贫人口与户数、工资及支付给脱贫户的工资（同一年度再次填报即更正）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/terminate", async (long id, TerminationInput input, ContractCommands writer, CancellationToken ct) =>
            {
                await writer.TerminateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("TerminateContract")
            .WithSummary("终止合同（可记违约）：终止日后开始的未付期次作废")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/arrears", (DateOnly? asOf, ContractQueries queries, CancellationToken ct) => queries.ArrearsAsync(asOf, ct))
            .WithName("ContractArrearsAging")
            .WithSummary("欠款账龄：截至 asOf（默认今天）逾期未收金额按 0–30、31–90、91–180、180 天以上分段")
            .WithDescription("到期日次日起算逾期天数；金额为当前未收金额，单位元。");

        api.MapGet("/expiring", (ContractQueries queries, CancellationToken ct) => queries.ExpiringAsync(ct))
            .WithName("ExpiringContracts")
            .WithSummary("60 天内到期的履行中合同");
    }
}
