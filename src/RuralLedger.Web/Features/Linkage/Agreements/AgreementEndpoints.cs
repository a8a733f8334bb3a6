using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Agreements;

internal static class AgreementEndpoints
{
    public static void MapAgreementEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/agreements").WithTags("利益联结");

        api.MapGet("/", (AgreementCommands c, CancellationToken ct) => c.ListAsync(ct))
            .WithName("ListLinkageAgreements")
            .WithSummary("利益联结协议列表（本辖区）");

        api.MapGet("/{id:long}", (long id, AgreementCommands c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetLinkageAgreement")
            .WithSummary("协议详情：经营主体、联结方式、期限、承诺收益、联结户、状态与版次")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/export", async (AgreementCommands c, CancellationToken ct) =>
            {
                var (content, name) = await c.ExportAsync(ct);
                return TypedResults.File(content, RegistryExcel.XlsxContentType, name);
            })
            .WithName("ExportLinkageAgreements")
            .WithSummary("导出利益联结协议台账（xlsx，每户一行）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapPost("/", async (AgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                var id = await c.SignAsync(input, ct);
                return TypedResults.Created($"/api/linkage/agreements/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("SignLinkageAgreement")
            .WithSummary("登记利益联结协议（统一社会信用代码校验 GB 32100 校验位；户按户编号在本辖区查找；金额单位元）")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/renew", async (long id, RenewAgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                await c.RenewAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RenewLinkageAgreement")
            .WithSummary("续签（新止日晚于现止日，须填原因；版次加一；已终止的 409 agreements.bad_status，再续签至同一止日 409 agreements.renewed）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/terminate", async (long id, TerminateAgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                await c.TerminateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("TerminateLinkageAgreement")
            .WithSummary("终止协议（终止日期在协议期内，须填原因；已终止的 409 agreements.bad_status）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:long}/draft", async (long id, DraftAgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                await c.EditDraftAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("EditAgreementDraft")
            .WithSummary("修改协议草稿（项目验收带出的联结户不变；非草稿 409 agreements.bad_status）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/activate", async (long id, ActivateAgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                await c.ActivateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("ActivateAgreementDraft")
            .WithSummary("草稿签订生效（须已填经营主体与统一社会信用代码；生效后计入利益联结）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/discard", async (long id, DiscardAgreementInput input, AgreementCommands c, CancellationToken ct) =>
            {
                await c.DiscardAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("DiscardAgreementDraft")
            .WithSummary("作废协议草稿（须填原因）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapSheetImport<AgreementImport>("Agreement", "agreements", "协议表",
            "预览联结协议表导入（xlsx 或 csv，每户一行，同一协议号的行为同一协议；户按户编号或户主身份证号在本辖区查找；逐行逐列报错；无错误返回确认令牌；已登记且内容相同的协议计入 existing）",
            i => i.PreviewAsync, i => i.ImportAsync, AgreementImport.TemplateAsync);
    }
}
