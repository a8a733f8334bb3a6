using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Land;

internal static class LandEndpoints
{
    public static void MapLandEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/land").WithTags("利益联结");

        api.MapGet("/", (string? householdNo, LandCommands c, CancellationToken ct) => c.ListAsync(householdNo, ct))
            .WithName("ListLandTransfers")
            .WithSummary($"土地流转列表（本辖区，可按户编号；应收、已收、欠付租金按今天计；最多 {LandCommands.Limit} 条）");

        api.MapGet("/{id:long}", (long id, LandCommands c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetLandTransfer")
            .WithSummary("流转详情：面积、租金、期限、应收与已收租金、欠付")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/export", async (LandCommands c, CancellationToken ct) =>
            {
                var (content, name) = await c.ExportAsync(ct);
                return TypedResults.File(content, RegistryExcel.XlsxContentType, name);
            })
            .WithName("ExportLandTransfers")
            .WithSummary("导出土地流转台账（xlsx）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapPost("/", async (LandTransferInput input, LandCommands c, CancellationToken ct) =>
            {
                var id = await c.CreateAsync(input, ct);
                return TypedResults.Created($"/api/linkage/land/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("CreateLandTransfer")
            .WithSummary("登记土地流转（面积精确到 0.01 亩；年租金=面积×每亩租金，四舍五入到分；每个流转年度开始时应收一年租金）")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/payments", async (long id, RentPaymentInput input, LandCommands c, CancellationToken ct) =>
            {
                await c.PayAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RecordRentPayment")
            .WithSummary("登记收到的租金（须带读取时的版本；收款计入当年财产净收入）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/end", async (long id, EndLandTransferInput input, LandCommands c, CancellationToken ct) =>
            {
                await c.EndAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("EndLandTransfer")
            .WithSummary("提前终止流转（终止日期在流转期内、早于止日且不晚于今天，须填原因；最后一个流转年度的租金按实际天数折算；已终止的 409 land.ended）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapSheetImport<LandImport>("Land", "land", "流转表",
            "预览土地流转表导入（xlsx 或 csv；户按户编号在本辖区查找并核对户主；逐行逐列报错；无错误返回确认令牌；同一户同一地块同一起日已登记且相同的计入 existing）",
            i => i.PreviewAsync, i => i.ImportAsync, LandImport.TemplateAsync);
    }
}
