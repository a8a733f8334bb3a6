using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Income;

internal static class IncomeEndpoints
{
    public static void MapIncomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/income", ([AsParameters] IncomeFilter filter, IncomeCommands ledger, CancellationToken ct) => ledger.ListAsync(filter, ct))
            .WithTags("资产收益")
            .WithName("ListAssetIncome")
            .WithSummary("资产收益台账：按年度、乡镇、村、类型、资产筛选，含按类型合计（元）");

        app.MapGet("/api/assets/{id:long}/income", (long id, IncomeCommands ledger, CancellationToken ct) => ledger.ForAssetAsync(id, ct))
            .WithTags("资产收益")
            .WithName("GetAssetIncome")
            .WithSummary("一项资产的收益记录")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/assets/{id:long}/income", async (long id, OtherIncomeInput input, IncomeCommands ledger, CancellationToken ct) =>
            {
                var incomeId = await ledger.AddOtherAsync(id, input, ct);
                return TypedResults.Created($"/api/assets/{id}/income", new Created(incomeId));
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithTags("资产收益")
            .WithName("AddOtherAssetIncome")
            .WithSummary("登记其他收益；已登记的记录不修改，更正以负数金额冲减并用 correctsId 指明原记录")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
